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
                                                    chain, year, props)
            t_per_unit = float(choice.row["value"]) * float(numerator.to("t").magnitude) * amount
            notes = [region_note] if region_note else []
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


def ledger(slices: pd.DataFrame, *, gwp_set: str, instruments: Sequence[tuple[str, Instrument]] = (),
           table: pd.DataFrame | None = None, props: pd.DataFrame | None = None,
           ) -> tuple[pd.DataFrame, list[Notice]]:
    """Build the emissions ledger from month slices.

    :param slices: output of :func:`carbon_cli.calendar.split_by_month`, with ``region`` and
        ``scope`` columns added.
    :param gwp_set: ``AR4``, ``AR5`` or ``AR6``.
    :param instruments: (site id, instrument) pairs for market-based Scope 2, in YAML order.
    :param table: the emission-factor table (default: the shipped one).
    :param props: fuel properties (default: the shipped ones).
    :returns: the ledger (``LEDGER_COLUMNS``) and the notices raised while building it.
    """
    import pandas as pd

    table = factors.emission_factors() if table is None else table
    props = factors.properties() if props is None else props
    notices: list[Notice] = []
    if not len(slices):
        return pd.DataFrame(columns=LEDGER_COLUMNS), notices

    slices = slices.assign(part="", method="location")
    scope2 = slices["scope"] == "scope2"
    location = slices.assign(scope=slices["scope"].where(~scope2, "scope2_location"))
    market_parts, instrument_notices = allocate_instruments(slices[scope2], instruments)
    notices += instrument_notices
    parts = pd.concat([location, market_parts], ignore_index=True)

    covered = parts["part"].str.startswith("instrument")
    factor_keys = ["activity", "region", "year", "unit", "method"]
    resolved = resolve(parts.loc[~covered, factor_keys], table, props)
    by_gas = parts[~covered].merge(resolved, on=factor_keys, how="left", validate="many_to_many")
    rows = pd.concat([by_gas, _instrument_rows(parts[covered])], ignore_index=True)

    gwps = factors.gwp_values(gwp_set)
    origin = rows["activity"].map(lambda a: factors.activities()[a]["origin"] or "fossil")
    keys = list(zip(rows["gas"], origin, strict=True))
    missing = {gas for gas, o in keys if (gas, o) not in gwps}
    if missing:
        raise InputDataError(f"no GWP for {', '.join(sorted(missing))} in {gwp_set}", where="factors/gwp.csv",
                             fix="Add the gas to the GWP table")
    rows["gwp"] = [gwps[key][0] for key in keys]
    rows["t_gas"] = rows["quantity"] * rows["t_per_unit"]
    rows["t_co2e"] = rows["t_gas"] * rows["gwp"]
    notices += _fallback_notices(rows)
    ordered = rows.sort_values(["site", "scope", "activity", "meter", "slice_start", "part", "gas"],
                               kind="stable").reset_index(drop=True)
    return ordered[LEDGER_COLUMNS], notices


def allocate_instruments(slices: pd.DataFrame, instruments: Sequence[tuple[str, Instrument]],
                         ) -> tuple[pd.DataFrame, list[Notice]]:
    """Split Scope 2 slices into the parts covered by each instrument and the uncovered rest.

    Each certificate (green certificate, REC, GO, PPA) covers consumption of its site and
    activity inside its period, pro rata over the slices still uncovered, and never more than
    was consumed (Scope 2 Guidance 7.4: instruments cannot make emissions negative); any
    excess is reported, not carried. A supplier factor then applies to what remains in its
    period. What still remains takes the residual-mix (market) factor.

    :returns: market parts (``scope2_market`` rows with ``part`` and ``method``) and notices.
    """
    import numpy as np
    import pandas as pd

    remaining = slices["quantity"].to_numpy("float64").copy()
    pieces: list[pd.DataFrame] = []
    notices: list[Notice] = []
    start = slices["slice_start"].to_numpy("datetime64[D]")
    end = slices["slice_end"].to_numpy("datetime64[D]")
    days = slices["days"].to_numpy("int64")
    certificates = [(i, s, x) for i, (s, x) in enumerate(instruments) if x.type in CERTIFICATES]
    suppliers = [(i, s, x) for i, (s, x) in enumerate(instruments) if x.type == "supplier_factor"]
    for index, site, instrument in [*certificates, *suppliers]:
        label = f"instruments[{index}] ({instrument.type}{' ' + instrument.id if instrument.id else ''})"
        mask = ((slices["site"] == site) & (slices["activity"] == instrument.activity)).to_numpy()
        inside = days.copy()
        if instrument.period is not None:
            lo = np.maximum(start, np.datetime64(instrument.period.start, "D"))
            hi = np.minimum(end, np.datetime64(instrument.period.end, "D"))
            inside = np.clip((hi - lo).astype("int64") + 1, 0, None)
        eligible = np.where(mask, remaining * inside / np.maximum(days, 1), 0.0)
        available = float(eligible.sum())
        if instrument.type == "supplier_factor":
            share = 1.0
        else:
            unit = factors.activities()[instrument.activity]["unit"]
            amount = units.quantity(instrument.quantity or "")
            try:
                bought = float(amount.to(units.parse(unit)).magnitude)
            except Exception as exc:
                raise ConfigError(f"quantity '{instrument.quantity}' is not {units.dimension(unit)}",
                                  where=label, fix=f"Give it in {unit}") from exc
            if bought < 0:
                raise ConfigError("quantity is negative", where=label, fix="Give the quantity bought")
            share = min(1.0, bought / available) if available > 0 else 0.0
            if bought > available + 1e-9 * max(bought, 1.0):
                notices.append(Notice("warning", site,
                    f"{label} covers {bought:,.1f} {unit} but only {available:,.1f} {unit} of "
                    f"{instrument.activity} was consumed in its period; {bought - available:,.1f} {unit} "
                    "left unused (instruments never make emissions negative)"))
        covered = eligible * share
        take = covered > 0
        if take.any():
            piece = slices[take].assign(quantity=covered[take], part=f"instrument:{index}",
                                        method="market", scope="scope2_market")
            piece["instrument"] = pd.Series([instrument] * len(piece), index=piece.index, dtype=object)
            pieces.append(piece)
        remaining = remaining - covered
    rest = remaining > 1e-12 * np.maximum(np.abs(slices["quantity"].to_numpy("float64")), 1.0)
    residual = slices[rest].assign(quantity=remaining[rest], part="", method="market", scope="scope2_market")
    return pd.concat([*pieces, residual], ignore_index=True), notices


def _instrument_rows(parts: pd.DataFrame) -> pd.DataFrame:
    """Ledger rows for consumption covered by an instrument (its own factor, CO2e)."""
    import pandas as pd

    if not len(parts):
        return pd.DataFrame()
    out = parts.copy()
    records = []
    for instrument in out["instrument"]:
        if instrument.factor is None:
            value, unit, t_per_unit = 0.0, "t/MWh", 0.0
        else:
            numerator, denominator = units.ratio(instrument.factor)
            value, unit = float(numerator.magnitude), instrument.factor
            activity_unit = factors.activities()[instrument.activity]["unit"]
            per = units.registry().Quantity(1.0, units.parse(activity_unit))
            t_per_unit = float(numerator.to("t").magnitude * (per / denominator).to("").magnitude)
        records.append((value, unit, t_per_unit))
    index = out["part"].str.removeprefix("instrument:")
    out["gas"] = "CO2e"
    out["factor_id"] = "site:" + out["site"] + ":instruments[" + index + "]"
    out["factor_value"] = [r[0] for r in records]
    out["factor_unit"] = [r[1] for r in records]
    out["t_per_unit"] = [r[2] for r in records]
    out["factor_region"] = out["region"]
    out["factor_year"] = out["year"]
    out["conversion_id"] = ""
    out["fallback"] = ""
    out["citation"] = [f"contractual instrument: {x.type}{' ' + x.id if x.id else ''} (site YAML)"
                       for x in out["instrument"]]
    return out.drop(columns=["instrument"])


def _fallback_notices(rows: pd.DataFrame) -> list[Notice]:
    """One notice per distinct fallback (site, scope, activity, factor region, note)."""
    flagged = rows[rows["fallback"].fillna("") != ""]
    if not len(flagged):
        return []
    grouped = flagged.groupby(["site", "scope", "activity", "fallback"], sort=True)["gas"].agg(
        lambda gases: ", ".join(sorted(set(gases))))
    return [Notice("warning" if "not in the factor database" in note else "info", site,
                   f"{activity} {gases} ({scope}): {note}")
            for (site, scope, activity, note), gases in grouped.items()]
