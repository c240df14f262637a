"""Instruments: contractual instruments split market-based Scope 2 (GHG Protocol Scope 2 Guidance).

Certificates (green certificates, RECs, GOs, PPAs) cover their site's consumption pro rata and
never beyond it; a supplier factor covers what they leave. This module makes the market-view
parts of the Scope 2 slices and one factor row per instrument; the calculator prices them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import arrays, factors, units
from .config import Instrument
from .errors import ConfigError, InputDataError
from .ledger import FACTOR_COLUMNS, MARKET
from .notices import Notice


def allocate_instruments(
    slices: pd.DataFrame,
    scope2: Any,
    instruments: Sequence[tuple[str, Instrument]],
    net: Any = None,
) -> tuple[pd.DataFrame, list[Notice]]:
    """Split Scope 2 slices into the parts covered by each instrument and the uncovered rest.

    Each certificate (green certificate, REC, GO, PPA) covers consumption of its site and
    activity inside its period, pro rata over the slices still uncovered, and never more than
    was consumed (Scope 2 Guidance 7.4: instruments cannot make emissions negative); any
    excess is reported, not carried. A supplier factor then applies to what remains in its
    period. What still remains takes the residual-mix (market) factor.

    :param slices: all month slices; ``scope2`` marks the Scope 2 ones.
    :param net: each slice's quantity net of its meter's credits in its month, none negative
        (:func:`carbon_cli.calculator.net_of_credits`); None when no slice is negative. The
        market view is split from it, so that both views count the same net consumption.
    :returns: market parts (``row``, ``view``, ``part`` = instrument number or -1 for the
        rest, ``quantity``) and notices.
    """
    import pandas as pd

    rows = np.flatnonzero(scope2)
    quantity = (slices["quantity"].to_numpy("float64") if net is None else np.asarray(net, "float64"))[rows]
    remaining = quantity.copy()
    start = slices["slice_start"].to_numpy("datetime64[D]")[rows]
    end = slices["slice_end"].to_numpy("datetime64[D]")[rows]
    days = slices["days"].to_numpy("int64")[rows]
    # Each instrument looks only at its own site's slices: a thousand sites with a certificate
    # each must not make a thousand passes over every slice.
    site, sites = arrays.codes(slices["site"])
    activity, activities = arrays.codes(slices["activity"])
    site, activity = site[rows], activity[rows]
    by_site = np.argsort(site, kind="stable")
    bounds = np.searchsorted(site[by_site], np.arange(len(sites) + 1))
    site_of = {name: code for code, name in enumerate(sites)}
    activity_of = {name: code for code, name in enumerate(activities)}
    pieces: list[pd.DataFrame] = []
    notices: list[Notice] = []
    order = sorted(range(len(instruments)), key=lambda i: instruments[i][1].type == "supplier_factor")
    for index in order:
        owner, instrument = instruments[index]
        label = f"{yaml_label(instruments, index)} ({instrument.type}{' ' + instrument.id if instrument.id else ''})"
        code = site_of.get(owner)
        own = by_site[bounds[code] : bounds[code + 1]] if code is not None else by_site[:0]
        own = own[activity[own] == activity_of.get(instrument.activity, -1)]
        inside = days[own]
        if instrument.period is not None:
            lo = np.maximum(start[own], np.datetime64(instrument.period.start, "D"))
            hi = np.minimum(end[own], np.datetime64(instrument.period.end, "D"))
            inside = np.clip((hi - lo).astype("int64") + 1, 0, None)
        eligible = remaining[own] * inside / np.maximum(days[own], 1)
        available = float(eligible.sum())
        share = 1.0
        if instrument.type != "supplier_factor":
            bought = _bought(instrument, label)
            share = min(1.0, bought / available) if available > 0 else 0.0
            if bought > available + 1e-9 * max(bought, 1.0):
                unit = factors.activities()[instrument.activity]["unit"]
                notices.append(
                    Notice(
                        "warning",
                        owner,
                        f"{label} covers {bought:,.1f} {unit} but only {available:,.1f} {unit} of "
                        f"{instrument.activity} was consumed in its period; {bought - available:,.1f} {unit} "
                        "left unused (instruments never make emissions negative)",
                    )
                )
        covered = eligible * share
        take = covered > 0
        pieces.append(pd.DataFrame({"row": rows[own][take], "view": MARKET, "part": index, "quantity": covered[take]}))
        remaining[own] = remaining[own] - covered
    rest = remaining > 1e-12 * np.maximum(np.abs(quantity), 1.0)
    pieces.append(pd.DataFrame({"row": rows[rest], "view": MARKET, "part": -1, "quantity": remaining[rest]}))
    return pd.concat(pieces, ignore_index=True), notices


def yaml_label(instruments: Sequence[tuple[str, Instrument]], index: int) -> str:
    """``instruments[i]`` as numbered in the site's own YAML."""
    owner = instruments[index][0]
    return f"instruments[{sum(1 for s, _ in instruments[:index] if s == owner)}]"


def _bought(instrument: Instrument, label: str) -> float:
    """The instrument's quantity in its activity's unit."""
    unit = factors.activities()[instrument.activity]["unit"]
    try:
        amount = units.quantity(instrument.quantity or "")
    except InputDataError as exc:
        raise ConfigError(exc.problem, where=label, fix=exc.fix) from exc
    try:
        bought = float(amount.to(units.parse(unit)).magnitude)
    except Exception as exc:
        raise ConfigError(
            f"quantity '{instrument.quantity}' is not {units.dimension(unit)}", where=label, fix=f"Give it in {unit}"
        ) from exc
    if bought < 0:
        raise ConfigError("quantity is negative", where=label, fix="Give the quantity bought")
    return bought


def describe_instruments(instruments: Sequence[tuple[str, Instrument]]) -> pd.DataFrame:
    """One factor row per instrument: its own value and unit (certificates: 0), in CO2e."""

    rows = []
    for index, (owner, instrument) in enumerate(instruments):
        name = f"{instrument.type}{' ' + instrument.id if instrument.id else ''}"
        row = {
            "activity": instrument.activity,
            "gas": "CO2e",
            "factor_id": f"site:{owner}:{yaml_label(instruments, index)}",
            "factor_value": 0.0,
            "factor_unit": "t/MWh",
            "t_per_unit": 0.0,
            "factor_region": "",
            "factor_year": instrument.period.start.year if instrument.period else 0,
            "conversion_id": "",
            "fallback": "",
            "citation": f"contractual instrument: {name} (site YAML)",
        }
        if instrument.factor is not None:
            numerator, denominator = units.ratio(instrument.factor)
            per = units.registry().Quantity(1.0, units.parse(factors.activities()[instrument.activity]["unit"]))
            row.update(
                factor_value=float(numerator.magnitude),
                factor_unit=instrument.factor,
                t_per_unit=float(numerator.to("t").magnitude * (per / denominator).to("").magnitude),
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=["activity", *FACTOR_COLUMNS[:-1]])
