"""Fugitive rows as a calculation: month slices, parts, the GWP of each refrigerant and the facts.

The rows of :func:`carbon_cli.fugitive.methods.emission_rows` are split into months by days like
bills (:func:`carbon_cli.calendar.split_by_month`) and become ledger rows with activity
``refrigerant``, gas = the refrigerant (``R-410A``), factor 1 kg/kg and GWP = the refrigerant's
GWP100 (a blend's from its composition). Gases outside the Kyoto basket (HCFCs) get the memo
scope :data:`~carbon_cli.fugitive.gases.MEMO_SCOPE`, never part of Scope 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import calculator
from .. import calendar as billcal
from ..config import Period, SiteConfig
from ..ledger import FACTOR_COLUMNS, LOCATION
from ..notices import Notice
from .gases import MEMO_SCOPE, refrigerant_gwp
from .methods import emission_rows

#: The edition year of each GWP set (the factor year the ledger shows).
_SET_YEARS = {"AR4": 2007, "AR5": 2013, "AR6": 2021}


def calculation(
    configs: Sequence[SiteConfig], periods: Mapping[str, Period], gwp_set: str
) -> calculator.Calculation | None:
    """The fugitive emissions of every site with a ``refrigerants:`` block; None when none has one."""
    frames, notices, factor_rows = [], [], []
    keys: dict[tuple[str, str], int] = {}
    for cfg in configs:
        block = cfg.refrigerants
        if block is None:
            continue
        period = periods[cfg.site.id]
        rows, said = emission_rows(cfg.site.id, block, period.start, period.end, cfg.source)
        notices += said
        if not len(rows):
            notices.append(Notice("info", cfg.site.id, "refrigerants: no emission row falls in the reporting period"))
            continue
        owned = {gas.name for gas in block.own}
        codes = []
        for gas in rows["refrigerant"]:
            key = (cfg.site.id if gas in owned else "", gas)
            if key not in keys:
                keys[key] = len(keys)
                found = refrigerant_gwp(gas, gwp_set, block.own, where=f"{cfg.source}: refrigerants")
                factor_rows.append(_factor_row(found, keys[key], gwp_set))
            codes.append(keys[key])
        frames.append(
            rows.assign(
                code=codes, region=cfg.site.region, source_file=str(cfg.source), first=period.start, last=period.end
            )
        )
    if not frames:
        return None if not notices else _empty(notices)
    rows = pd.concat(frames, ignore_index=True)
    factor_table = pd.DataFrame(factor_rows)
    baskets = factor_table.set_index("key")["basket"]
    bills = pd.DataFrame(
        {
            "site": rows["site"],
            # The YAML entry and the term of the formula: "refrigerants.equipment[0] (rack-2): full charge ...".
            "meter": np.where(rows["meter"] == "log", rows["key"], rows["key"] + " (" + rows["meter"] + ")")
            + ": "
            + rows["term"],
            "activity": "refrigerant",
            "period_start": pd.to_datetime(rows["period_start"]),
            "period_end": pd.to_datetime(rows["period_end"]),
            "quantity": rows["quantity"].astype("float64"),
            "unit": "kg",
            "cost": np.nan,
            "estimated": False,
            "source_file": rows["source_file"],
            "source_row": rows["source_row"].astype("int64"),
            "bill_quantity": rows["quantity"].astype("float64"),
            "bill_unit": "kg",
            "credit": False,
            "purchase": False,
        }
    )
    bills["effective_end"] = bills["period_end"]
    slices = billcal.split_by_month(
        bills,
        pd.to_datetime(rows["first"]).to_numpy("datetime64[D]"),
        pd.to_datetime(rows["last"]).to_numpy("datetime64[D]"),
    ).reset_index(drop=True)
    picked = slices["bill_id"].to_numpy()
    code = rows["code"].to_numpy()[picked]
    slices["bill_id"] = rows["key"].to_numpy()[picked]
    slices["region"] = rows["region"].to_numpy()[picked]
    slices["scope"] = np.where(baskets.reindex(code).to_numpy() == "memo", MEMO_SCOPE, "scope1")
    parts = pd.DataFrame(
        {
            "row": np.arange(len(slices)),
            "view": LOCATION,
            "part": -1,
            "key": code,
            "quantity": slices["quantity"].to_numpy(),
        }
    )
    table = factor_table.drop(columns=["basket"])
    facts = calculator.facts_of(slices, parts, table, len(table), [""])
    return calculator.Calculation(slices, parts, table, len(table), [""], facts, notices)


def _factor_row(found: object, key: int, gwp_set: str) -> dict[str, object]:
    from .gases import RefrigerantGwp

    assert isinstance(found, RefrigerantGwp)
    return {
        "gas": found.name,
        "factor_id": found.factor_id,
        "factor_value": 1.0,
        "factor_unit": "kg/kg",
        "factor_region": "GLOBAL",
        "factor_year": _SET_YEARS.get(gwp_set, 0),
        "conversion_id": "",
        "t_per_unit": 0.001,
        "fallback": "",
        "citation": found.citation,
        "gwp": found.gwp,
        "activity": "refrigerant",
        "key": key,
        "view": LOCATION,
        "basket": found.basket,
    }


def _empty(notices: list[Notice]) -> calculator.Calculation:
    empty = pd.DataFrame({"row": [], "view": [], "part": [], "key": [], "quantity": []}, dtype="int64")
    facts = pd.DataFrame(columns=calculator.FACT_COLUMNS).astype({"t_co2e": "float64"})
    return calculator.Calculation(
        pd.DataFrame(),
        empty.astype({"quantity": "float64"}),
        pd.DataFrame(columns=[*FACTOR_COLUMNS, "activity", "key", "view"]),
        0,
        [""],
        facts,
        notices,
    )
