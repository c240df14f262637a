"""Calculator: month slices + factors -> the emissions ledger.

The ledger is the single source of truth: one row per bill slice, Scope 2 method, instrument
part and gas. Every total anywhere is a sum of its ``t_co2e`` column.

Pure functions over DataFrames: no I/O, no printing. Factor choice runs once per distinct
(activity, region, year, unit, method), never per bill row; the arithmetic is whole columns.

Accounting (GHG Protocol Corporate Standard; Scope 2 Guidance 2015):

* Scope 1 activities (fuels burnt on site) get one view, ``scope1``.
* Scope 2 activities (purchased electricity, heat) get two views of the same consumption,
  ``scope2_location`` (grid-average factors) and ``scope2_market`` (contractual instruments
  first, then a supplier factor, then a residual-mix factor, else the grid factor, flagged).
  A grand total uses one of the two views, never both.
* Scope 3 memo lines (``scope3``: transmission and distribution losses of purchased
  electricity, GHG Protocol Scope 3 category 3) get one view and are never part of Scope 1 or 2.
* t CO2e = quantity x factor (t gas per unit) x GWP100 of the gas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import factors, units
from .config import Instrument
from .errors import ConfigError, InputDataError

if TYPE_CHECKING:
    import pandas as pd

LEDGER_COLUMNS = [
    "site", "region", "meter", "activity", "scope", "month", "year", "slice_start", "slice_end", "days",
    "quantity", "unit", "estimated", "source_file", "source_row", "bill_id", "bill_quantity", "bill_unit",
    "part", "gas", "factor_id", "factor_value", "factor_unit", "factor_region", "factor_year",
    "conversion_id", "t_per_unit", "t_gas", "gwp", "t_co2e", "fallback", "citation",
]
CERTIFICATES = ("green_certificate", "rec", "go", "ppa")


@dataclass(frozen=True)
class Notice:
    """A message for the user that is part of the result (JSON ``notices``), not a print."""

    level: str  # "info" or "warning"
    site: str
    message: str


def resolve(requests: pd.DataFrame, table: pd.DataFrame, props: pd.DataFrame) -> pd.DataFrame:
    """Pick factors for each distinct request and express them per unit of the bill quantity.

    :param requests: distinct rows of ``activity, region, year, unit, method``.
    :param table: the emission-factor table (shipped, possibly with user rows).
    :param props: fuel properties (calorific values, densities).
    :returns: one row per request and gas with ``factor_id, factor_value, factor_unit,
        factor_region, factor_year, conversion_id, t_per_unit, fallback, citation``.
    :raises InputDataError: a request has no factor in any region of its chain.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for request in requests.drop_duplicates().to_dict("records"):
        chain, region_note = factors.region_chain(request["region"])
        year = int(request["year"])
        chosen = factors.select_gases(table, request["activity"], chain, year, request["method"])
        if not chosen:
            raise InputDataError(
                f"no emission factor for {request['activity']} in region {request['region']} "
                f"(tried {', '.join(chain)})",
                fix="Add one to the site YAML or a factor file; see factors/README.md")
        for gas, choice in chosen.items():
            numerator, denominator = units.ratio(choice.row["unit"])
            amount, conversions = factors.amount_in(request["unit"], denominator, request["activity"],
                                                    chain, year, props, basis=str(choice.row.get("basis") or ""),
                                                    factor_id=choice.row["id"])
            t_per_unit = float(choice.row["value"]) * float(numerator.to("t").magnitude) * amount
            # An unknown region's note matters only when a factor of another region was used.
            notes = [region_note] if region_note and choice.row["region"] != chain[0] else []
            notes += choice.fallbacks
            notes += [f"{c.row['property']}: {n}" for c in conversions for n in c.fallbacks]
            rows.append({
                **request, "gas": gas, "factor_id": choice.row["id"],
                "factor_value": float(choice.row["value"]), "factor_unit": choice.row["unit"],
                "factor_region": choice.row["region"], "factor_year": int(choice.row["year_from"]),
                "conversion_id": " + ".join(c.row["id"] for c in conversions),
                "t_per_unit": t_per_unit, "fallback": "; ".join(notes), "citation": choice.row["citation"],
            })
    return pd.DataFrame(rows)


#: Columns of a month slice that the ledger carries, gathered once at the end.
SLICE_COLUMNS = ["site", "region", "meter", "activity", "month", "year", "slice_start", "slice_end", "days", "unit",
                 "estimated", "source_file", "source_row", "bill_id", "bill_quantity", "bill_unit"]
FACTOR_COLUMNS = ["gas", "factor_id", "factor_value", "factor_unit", "factor_region", "factor_year",
                  "conversion_id", "t_per_unit", "fallback", "citation", "gwp"]
#: Ledger columns of few distinct values, stored as pandas categories.
CATEGORICAL = ("site", "region", "meter", "activity", "month", "unit", "source_file", "bill_unit", "gas", "factor_id",
               "factor_unit", "factor_region", "scope")
LOCATION, MARKET = 0, 1  # the two views of a slice; Scope 1 slices only have the first


def ledger(slices: pd.DataFrame, *, gwp_set: str, instruments: Sequence[tuple[str, Instrument]] = (),
           table: pd.DataFrame | None = None, props: pd.DataFrame | None = None,
           ) -> tuple[pd.DataFrame, list[Notice]]:
    """Build the emissions ledger from month slices.

    The work runs on a lean table of integers (slice row, view, instrument, factor row); the
    text columns of slices and factors are gathered once at the end, because copying text
    columns is what costs time on a million rows.

    :param slices: output of :func:`carbon_cli.calendar.split_by_month`, with ``region`` and
        ``scope`` columns added.
    :param gwp_set: ``AR4``, ``AR5`` or ``AR6``.
    :param instruments: (site id, instrument) pairs for market-based Scope 2, in YAML order.
    :param table: the emission-factor table (default: the shipped one).
    :param props: fuel properties (default: the shipped ones).
    :returns: the ledger (``LEDGER_COLUMNS``) and the notices raised while building it.
    """
    import numpy as np
    import pandas as pd

    table = factors.emission_factors() if table is None else table
    props = factors.properties() if props is None else props
    if not len(slices):
        return pd.DataFrame(columns=LEDGER_COLUMNS), []
    base = slices.reset_index(drop=True)
    scope2 = (base["scope"] == "scope2").to_numpy()
    rows = np.arange(len(base))

    # Parts: every slice once in its first view; Scope 2 slices again, split by instrument.
    location = pd.DataFrame({"row": rows, "view": LOCATION, "part": -1, "quantity": base["quantity"].to_numpy()})
    market, notices = allocate_instruments(base, scope2, instruments)
    parts = pd.concat([location, market], ignore_index=True)

    # Factors: one resolution per distinct (activity, region, year, unit) and view.
    key_columns = ["activity", "region", "year", "unit"]
    key = base.groupby(key_columns, sort=False).ngroup().to_numpy()
    parts["key"] = key[parts["row"].to_numpy()]
    wanted = parts.loc[parts["part"] < 0, ["key", "view"]].drop_duplicates()
    first_row = pd.Series(rows).groupby(key).first()
    requests = base.loc[first_row.to_numpy(), key_columns].assign(key=first_row.index.to_numpy())
    requests = requests.merge(wanted, on="key")
    requests["method"] = np.where(requests["view"] == MARKET, "market", "location")
    resolved = resolve(requests.drop(columns=["key", "view"]), table, props).merge(
        requests, on=[*key_columns, "method"], how="left", validate="many_to_one")
    described = _describe_instruments(instruments)
    factor_table = pd.concat([resolved, described], ignore_index=True).astype(
        {"factor_value": "float64", "t_per_unit": "float64", "factor_year": "int64"})
    factor_table["gwp"] = _gwp(factor_table, gwp_set)
    factor_table["factor_row"] = np.arange(len(factor_table))

    by_gas = parts[parts["part"] < 0].merge(resolved[["key", "view"]].assign(
        factor_row=np.arange(len(resolved))), on=["key", "view"])
    covered = parts[parts["part"] >= 0]
    covered = covered.assign(factor_row=len(resolved) + covered["part"].to_numpy())
    lean = pd.concat([by_gas, covered], ignore_index=True)

    # Texts of few values become categories before the gather: it then copies codes, not strings.
    slim = base[SLICE_COLUMNS].astype({c: "category" for c in CATEGORICAL if c in SLICE_COLUMNS})
    out = slim.take(lean["row"].to_numpy()).reset_index(drop=True)
    # Long texts (citations, fallback notes) are stored once and referenced by code: a million
    # ledger rows would otherwise carry a million copies of each citation.
    texts = factor_table[FACTOR_COLUMNS].astype({c: "category" for c in ("citation", "fallback", "conversion_id")})
    picked = texts.take(lean["factor_row"].to_numpy()).reset_index(drop=True)
    out[FACTOR_COLUMNS] = picked
    view = lean["view"].to_numpy()
    own = base["scope"].to_numpy()[lean["row"].to_numpy()]
    out["scope"] = np.where(view == MARKET, "scope2_market", np.where(own == "scope2", "scope2_location", own))
    part = lean["part"].to_numpy()
    out["part"] = pd.Categorical.from_codes(part + 1, ["", *(f"instrument:{i}" for i in range(len(instruments)))])
    # An instrument's factor belongs to the market of the site that holds it.
    out["factor_region"] = out["factor_region"].where(part < 0, out["region"])
    out["quantity"] = lean["quantity"].to_numpy()
    out["t_gas"] = out["quantity"] * out["t_per_unit"]
    out["t_co2e"] = out["t_gas"] * out["gwp"]
    notices += _fallback_notices(base, lean, factor_table)
    # Repeated short texts as categories: a ledger row then costs a fifth of the memory.
    out = out.astype({c: "category" for c in CATEGORICAL if c in out})
    return out[LEDGER_COLUMNS], notices


def _gwp(factor_table: pd.DataFrame, gwp_set: str) -> pd.Series:
    """GWP100 for each factor row, by its gas and its activity's origin (fossil or not)."""
    import pandas as pd

    gwps = factors.gwp_values(gwp_set)
    origins = {name: row["origin"] or "fossil" for name, row in factors.activities().items()}
    keys = pd.MultiIndex.from_arrays([factor_table["gas"], factor_table["activity"].map(origins)])
    values = pd.Series({key: value for key, (value, _) in gwps.items()}).reindex(keys).to_numpy()
    if pd.isna(values).any():
        missing = sorted(set(factor_table.loc[pd.isna(values), "gas"]))
        raise InputDataError(f"no GWP for {', '.join(missing)} in {gwp_set}", where="factors/gwp.csv",
                             fix="Add the gas to the GWP table")
    return pd.Series(values, index=factor_table.index)


def allocate_instruments(slices: pd.DataFrame, scope2: Any, instruments: Sequence[tuple[str, Instrument]],
                         ) -> tuple[pd.DataFrame, list[Notice]]:
    """Split Scope 2 slices into the parts covered by each instrument and the uncovered rest.

    Each certificate (green certificate, REC, GO, PPA) covers consumption of its site and
    activity inside its period, pro rata over the slices still uncovered, and never more than
    was consumed (Scope 2 Guidance 7.4: instruments cannot make emissions negative); any
    excess is reported, not carried. A supplier factor then applies to what remains in its
    period. What still remains takes the residual-mix (market) factor.

    :param slices: all month slices; ``scope2`` marks the Scope 2 ones.
    :returns: market parts (``row``, ``view``, ``part`` = instrument number or -1 for the
        rest, ``quantity``) and notices.
    """
    import numpy as np
    import pandas as pd

    rows = np.flatnonzero(scope2)
    quantity = slices["quantity"].to_numpy("float64")[rows]
    remaining = quantity.copy()
    start = slices["slice_start"].to_numpy("datetime64[D]")[rows]
    end = slices["slice_end"].to_numpy("datetime64[D]")[rows]
    days = slices["days"].to_numpy("int64")[rows]
    site = slices["site"].to_numpy()[rows]
    activity = slices["activity"].to_numpy()[rows]
    pieces: list[pd.DataFrame] = []
    notices: list[Notice] = []
    order = sorted(range(len(instruments)), key=lambda i: instruments[i][1].type == "supplier_factor")
    for index in order:
        owner, instrument = instruments[index]
        label = f"{_label(instruments, index)} ({instrument.type}{' ' + instrument.id if instrument.id else ''})"
        inside = days
        if instrument.period is not None:
            lo = np.maximum(start, np.datetime64(instrument.period.start, "D"))
            hi = np.minimum(end, np.datetime64(instrument.period.end, "D"))
            inside = np.clip((hi - lo).astype("int64") + 1, 0, None)
        mask = (site == owner) & (activity == instrument.activity)
        eligible = np.where(mask, remaining * inside / np.maximum(days, 1), 0.0)
        available = float(eligible.sum())
        share = 1.0
        if instrument.type != "supplier_factor":
            bought = _bought(instrument, label)
            share = min(1.0, bought / available) if available > 0 else 0.0
            if bought > available + 1e-9 * max(bought, 1.0):
                unit = factors.activities()[instrument.activity]["unit"]
                notices.append(Notice("warning", owner,
                    f"{label} covers {bought:,.1f} {unit} but only {available:,.1f} {unit} of "
                    f"{instrument.activity} was consumed in its period; {bought - available:,.1f} {unit} "
                    "left unused (instruments never make emissions negative)"))
        covered = eligible * share
        take = covered > 0
        pieces.append(pd.DataFrame({"row": rows[take], "view": MARKET, "part": index, "quantity": covered[take]}))
        remaining = remaining - covered
    rest = remaining > 1e-12 * np.maximum(np.abs(quantity), 1.0)
    pieces.append(pd.DataFrame({"row": rows[rest], "view": MARKET, "part": -1, "quantity": remaining[rest]}))
    return pd.concat(pieces, ignore_index=True), notices


def _label(instruments: Sequence[tuple[str, Instrument]], index: int) -> str:
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
        raise ConfigError(f"quantity '{instrument.quantity}' is not {units.dimension(unit)}",
                          where=label, fix=f"Give it in {unit}") from exc
    if bought < 0:
        raise ConfigError("quantity is negative", where=label, fix="Give the quantity bought")
    return bought


def _describe_instruments(instruments: Sequence[tuple[str, Instrument]]) -> pd.DataFrame:
    """One factor row per instrument: its own value and unit (certificates: 0), in CO2e."""
    import pandas as pd

    rows = []
    for index, (owner, instrument) in enumerate(instruments):
        name = f"{instrument.type}{' ' + instrument.id if instrument.id else ''}"
        row = {"activity": instrument.activity, "gas": "CO2e",
               "factor_id": f"site:{owner}:{_label(instruments, index)}",
               "factor_value": 0.0, "factor_unit": "t/MWh", "t_per_unit": 0.0, "factor_region": "",
               "factor_year": instrument.period.start.year if instrument.period else 0, "conversion_id": "",
               "fallback": "", "citation": f"contractual instrument: {name} (site YAML)"}
        if instrument.factor is not None:
            numerator, denominator = units.ratio(instrument.factor)
            per = units.registry().Quantity(1.0, units.parse(factors.activities()[instrument.activity]["unit"]))
            row.update(factor_value=float(numerator.magnitude), factor_unit=instrument.factor,
                       t_per_unit=float(numerator.to("t").magnitude * (per / denominator).to("").magnitude))
        rows.append(row)
    return pd.DataFrame(rows, columns=["activity", *FACTOR_COLUMNS[:-1]])


def _fallback_notices(base: pd.DataFrame, lean: pd.DataFrame, factor_table: pd.DataFrame) -> list[Notice]:
    """One notice per site, view, activity and distinct fallback, naming the gases concerned."""
    import numpy as np
    import pandas as pd

    flagged = np.flatnonzero(factor_table["fallback"].fillna("").to_numpy() != "")
    if not len(flagged):
        return []
    site_code, sites = pd.factorize(base["site"])
    used = pd.DataFrame({"site": site_code[lean["row"].to_numpy()], "factor_row": lean["factor_row"].to_numpy(),
                         "own_scope2": (base["scope"].to_numpy() == "scope2")[lean["row"].to_numpy()],
                         "view": lean["view"].to_numpy()})
    used = used[used["factor_row"].isin(flagged)].drop_duplicates()
    if not len(used):
        return []
    used = used.join(factor_table[["activity", "gas", "fallback"]], on="factor_row")
    used["site"] = np.asarray(sites)[used["site"].to_numpy()]
    used["scope"] = np.where(used["view"] == MARKET, "scope2_market",
                             np.where(used["own_scope2"], "scope2_location", "scope1"))
    grouped = used.groupby(["site", "scope", "activity", "fallback"], sort=True)["gas"].agg(
        lambda gases: ", ".join(sorted(set(gases))))
    return [Notice("warning" if "not in the factor database" in note or "an approximation" in note else "info", site,
                   f"{activity} {gases} ({scope}): {note}")
            for (site, scope, activity, note), gases in grouped.items()]
