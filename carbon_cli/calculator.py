"""Calculator: month slices + factors -> the emissions ledger.

The ledger is the single source of truth: one row per bill slice, Scope 2 method, instrument
part and gas. Every total anywhere is a sum of it, taken from the *facts* (:data:`FACT_COLUMNS`):
the same parts summed per site, month, factor and instrument part before the multiplication,
so that a million bills need no four-million-row ledger unless it is asked for.

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

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from . import arrays, factors, mobile, units
from .config import Instrument
from .errors import InputDataError, quoted
from .factors import derived
from .factors.volume import UnitChoice, per_volume_note
from .instruments import allocate_instruments, describe_instruments
from .ledger import (
    BASIS_COLUMN,
    CATEGORICAL,
    FACT_COLUMNS,
    LEDGER_COLUMNS,
    LOCATION,
    MARKET,
    SLICE_COLUMNS,
    by_gas,
    with_factors,
)
from .notices import Notice

__all__ = ["CATEGORICAL", "FACT_COLUMNS", "LEDGER_COLUMNS", "Calculation", "Notice", "calculate", "resolve"]


def resolve(requests: pd.DataFrame, table: pd.DataFrame, props: pd.DataFrame) -> pd.DataFrame:
    """Pick factors for each distinct request and express them per unit of the bill quantity.

    :param requests: distinct rows of ``activity, region, year, unit, method`` (and ``energy_basis``,
        the calorific basis a bills entry gives its energy, when the slices carry it).
    :param table: the emission-factor table (shipped, possibly with user rows).
    :param props: fuel properties (calorific values, densities).
    :returns: one row per request and gas with ``factor_id, factor_value, factor_unit,
        factor_region, factor_year, conversion_id, t_per_unit, fallback, citation``.
    :raises InputDataError: a request has no factor in any region of its chain.
    """

    rows: list[dict[str, Any]] = []
    records = cast(list[dict[str, Any]], requests.drop_duplicates().to_dict("records"))
    # Plain rows of the requests' regions grouped by activity once: each request then chooses among a few.
    regions = {code for request in records for code in factors.region_chain(request["region"])[0]}
    factor_rows, property_rows = factors.by_activity(table, regions), factors.by_activity(props, regions)
    per_unit = UnitChoice(factor_rows)  # UK gas per m3 for a bill in m3, per kWh for one in kWh
    for request in records:
        chain, region_note = factors.region_chain(request["region"])
        year = int(request["year"])
        fuel = mobile.fuel_of(request["activity"])  # a fleet's fuel (issue 14), None for other activities
        own = any(str(r["id"]).startswith("site:") for r in property_rows.get(fuel or request["activity"], ()))
        rows_here = per_unit.for_bill(request["activity"], request["unit"], own_conversion=own)
        chosen = factors.select_gases(rows_here, request["activity"], chain, year, request["method"])
        if fuel:  # a fleet's fuel: road CH4/N2O, the fuel's CO2 (never its stationary CH4/N2O)
            fuel_rows = per_unit.for_bill(fuel, request["unit"], own_conversion=own)
            chosen = mobile.with_fuel_co2(chosen, factors.select_gases(fuel_rows, fuel, chain, year, request["method"]))
        if not chosen:  # cooling without a supplier factor (grid / COP); self-consumption sold (grid)
            chosen = derived.select(factor_rows, request["activity"], chain, year, request["method"])
        if not chosen:
            raise InputDataError(
                f"no emission factor for {request['activity']} in region {request['region']} "
                f"(tried {', '.join(chain)})",
                fix="Add one to the site YAML or a factor file; see factors/README.md",
            )
        for gas, choice in chosen.items():
            numerator, denominator = units.ratio(choice.row["unit"])
            amount, conversions = factors.amount_in(
                request["unit"],
                denominator,
                # a derived memo activity (natural_gas_wtt) reaches its factor through its fuel's properties
                factors.derived_from(request["activity"]) or fuel or request["activity"],
                chain,
                year,
                property_rows,
                basis=str(choice.row.get("basis") or ""),
                factor_id=choice.row["id"],
                billed_basis=request.get(BASIS_COLUMN) or "",
            )
            t_per_unit = float(choice.row["value"]) * float(numerator.to("t").magnitude) * amount
            # An unknown region's note matters only when a factor of another region was used.
            notes = [region_note] if region_note and choice.row["region"] != chain[0] else []
            notes += choice.fallbacks
            notes += [n for n in (per_volume_note(choice.row),) if n]
            notes += [f"{c.row['property']}: {n}" for c in conversions for n in c.fallbacks]
            rows.append(
                {
                    **request,
                    "gas": gas,
                    "factor_id": choice.row["id"],
                    "factor_value": float(choice.row["value"]),
                    "factor_unit": choice.row["unit"],
                    "factor_region": choice.row["region"],
                    "factor_year": int(choice.row["year_from"]),
                    "conversion_id": " + ".join(c.row["id"] for c in conversions),
                    "t_per_unit": t_per_unit,
                    "fallback": "; ".join(notes),
                    "citation": choice.row["citation"],
                }
            )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Calculation:
    """Month slices, the parts each is split into and the factor rows they use.

    The work runs on integers (slice row, view, instrument part, factor key); text is gathered
    only for what is asked: :attr:`facts` (built at once, small) and :meth:`ledger` (one row per
    slice part and gas: millions of rows for a big portfolio, so built only on demand).
    """

    #: Month slices (:func:`carbon_cli.calendar.split_by_month`) with ``region`` and ``scope``.
    slices: pd.DataFrame
    #: ``row`` (slice), ``view``, ``part`` (instrument number, -1 for the rest), ``key``
    #: (factor request) and ``quantity``.
    parts: pd.DataFrame
    #: :data:`FACTOR_COLUMNS` plus ``activity``, ``key`` and ``view``: the resolved factors
    #: first, then one row per instrument.
    factor_table: pd.DataFrame
    resolved: int
    labels: list[str]
    facts: pd.DataFrame
    notices: list[Notice]
    #: The bills the slices came from (``bill_id`` is their row), for the bill columns the
    #: slices do not carry; None when the slices carry them all.
    bills: pd.DataFrame | None = None

    def ledger(self) -> pd.DataFrame:
        """The full audit trail: :data:`LEDGER_COLUMNS` plus ``counted``, one row per slice part and gas."""

        if not len(self.parts):
            return pd.DataFrame(columns=[*LEDGER_COLUMNS, "counted"])
        lean = by_gas(self.parts, self.factor_table, self.resolved)
        rows = lean["row"].to_numpy()
        base = self.slices
        looked_up = [c for c in SLICE_COLUMNS if c not in base]
        if looked_up and self.bills is not None:
            from_bills = self.bills[looked_up].take(base["bill_id"].to_numpy()).reset_index(drop=True)
            base = pd.concat([base.reset_index(drop=True), from_bills], axis=1)
        slim = base[SLICE_COLUMNS].astype({c: "category" for c in CATEGORICAL if c in SLICE_COLUMNS})
        out = slim.take(rows).reset_index(drop=True)
        bill_ids = base["site"].astype("str") + "#" + base["bill_id"].astype("str")
        out["bill_id"] = pd.Categorical(bill_ids.to_numpy())[rows] if len(base) else bill_ids
        out = with_factors(out, lean, base["scope"].take(rows).to_numpy(), self.factor_table, self.labels)
        out["counted"] = lean["counted"].to_numpy()
        return out[[*LEDGER_COLUMNS, "counted"]].astype({c: "category" for c in CATEGORICAL})


def calculate(
    slices: pd.DataFrame,
    *,
    gwp_set: str,
    instruments: Sequence[tuple[str, Instrument]] = (),
    table: pd.DataFrame | None = None,
    props: pd.DataFrame | None = None,
    bills: pd.DataFrame | None = None,
    skip: Collection[int] = (),
    factor_years: np.ndarray | None = None,
) -> Calculation:
    """Resolve the factors of month slices, split Scope 2 by instrument and sum the facts.

    :param slices: output of :func:`carbon_cli.calendar.split_by_month`, with ``region`` and
        ``scope`` columns added.
    :param gwp_set: ``AR4``, ``AR5`` or ``AR6``.
    :param instruments: (site id, instrument) pairs for market-based Scope 2, in YAML order.
    :param table: the emission-factor table (default: the shipped one).
    :param props: fuel properties (default: the shipped ones).
    :param bills: the bills the slices came from, when the slices do not carry every bill
        column the ledger shows (see ``carry`` of :func:`carbon_cli.calendar.split_by_month`).
    :param skip: numbers of the instruments not applied (they failed the Scope 2 Quality Criteria).
    :param factor_years: each slice's year for choosing its factors where it is not the slice's own
        (a GB reporting year that is not a calendar year, :mod:`carbon_cli.factors.reporting_year`).
    :raises InputDataError: a slice has no factor, or a gas no GWP.
    """
    import pandas as pd

    table = factors.emission_factors() if table is None else table
    props = factors.properties() if props is None else props
    labels = ["", *(f"instrument:{i}" for i in range(len(instruments)))]
    base = slices.reset_index(drop=True)
    if not len(base):
        empty_parts = pd.DataFrame({"row": [], "view": [], "part": [], "key": [], "quantity": []}, dtype="int64")
        return Calculation(
            base,
            empty_parts.astype({"quantity": "float64"}),
            describe_instruments(instruments),
            0,
            labels,
            pd.DataFrame(columns=FACT_COLUMNS).astype({"t_co2e": "float64"}),
            [],
            bills,
        )
    scope2 = (base["scope"] == "scope2").to_numpy()
    rows = np.arange(len(base))

    # Parts: every slice once in its first view; Scope 2 slices again, split by instrument, from
    # the same net consumption of each meter and month (credits netted against their bills).
    # Self-consumed generation whose certificates were sold counts in the market view only (onsite.py).
    own_use = (base["activity"] == derived.SELF_CONSUMPTION).to_numpy()
    located = np.where(own_use, 0.0, base["quantity"].to_numpy("float64"))
    location = pd.DataFrame({"row": rows, "view": LOCATION, "part": -1, "quantity": located})
    market, notices = allocate_instruments(base, scope2, instruments, net_of_credits(base, bills), skip)
    parts = pd.concat([location, market], ignore_index=True)

    # Factors: one resolution per distinct (activity, region, year, unit, energy basis) and view.
    key_columns = ["activity", "region", "year", "unit"]
    keyed = base if factor_years is None else base.assign(year=factor_years)  # the slices keep their year
    years = keyed["year"].to_numpy("int64")
    keys = [arrays.codes(base["activity"])[0], arrays.codes(base["region"])[0], years - years.min()]
    keys.append(arrays.codes(base["unit"])[0])
    if BASIS_COLUMN in base:  # the calorific basis a bills entry gives its energy (energy_basis:)
        key_columns.append(BASIS_COLUMN)
        keys.append(arrays.codes(base[BASIS_COLUMN])[0])
    key = arrays.group_ids(keys)
    parts["key"] = key[parts["row"].to_numpy()]
    rest = parts["part"].to_numpy() < 0
    pairs = np.unique(parts["key"].to_numpy()[rest] * 2 + parts["view"].to_numpy()[rest])
    wanted = pd.DataFrame({"key": pairs // 2, "view": pairs % 2})
    first_row = np.empty(int(key.max()) + 1, dtype=np.int64)
    first_row[key[::-1]] = rows[::-1]  # each key's first slice
    requests = keyed.loc[first_row, key_columns].astype({c: "str" for c in key_columns if c != "year"})
    requests = requests.assign(key=np.arange(len(first_row))).merge(wanted, on="key")
    requests["method"] = np.where(requests["view"] == MARKET, "market", "location")
    resolved = resolve(requests.drop(columns=["key", "view"]), table, props).merge(
        requests, on=[*key_columns, "method"], how="left", validate="many_to_one"
    )
    described = describe_instruments(instruments)
    factor_table = pd.concat([resolved, described], ignore_index=True).astype(
        {"factor_value": "float64", "t_per_unit": "float64", "factor_year": "int64"}
    )
    factor_table["gwp"] = _gwp(factor_table, gwp_set)
    facts = _facts(base, parts, factor_table, len(resolved), labels)
    return Calculation(
        base,
        parts,
        factor_table,
        len(resolved),
        labels,
        facts,
        notices + _fallback_notices(facts) + _co2e_notices(facts, gwp_set),
        bills,
    )


def net_of_credits(slices: pd.DataFrame, bills: pd.DataFrame | None = None) -> np.ndarray | None:
    """Each slice's quantity with the credits of its meter and month netted against its bills.

    A credit (a negative quantity) corrects bills of its meter: the location-based view keeps it
    as a row of its own, and the market-based view, whose certificates may only cover what was
    consumed, needs the same net consumption without negative rows. So each (site, meter,
    activity, unit, month) group's net is shared by its positive slices in proportion to their
    quantities; the credits get 0. None when no slice is negative (the usual case).

    :param bills: the bills the slices came from, for ``meter``, ``source_file`` and
        ``source_row`` when the slices do not carry them.
    :raises InputDataError: a meter's credits exceed its bills in a month (a negative
        consumption), naming the first such credit's file and row.
    """
    quantity = slices["quantity"].to_numpy("float64")
    negative = quantity < 0
    if not negative.any():
        return None

    def column(name: str) -> pd.Series:
        if name in slices or bills is None:
            return slices[name] if name in slices else pd.Series("", index=slices.index)
        return bills[name].take(slices["bill_id"].to_numpy()).reset_index(drop=True)

    meter = column("meter")
    keys = [slices["site"], meter, slices["activity"], slices["unit"], slices["month"]]
    group = arrays.group_ids([arrays.codes(key)[0] for key in keys])
    count = int(group.max()) + 1
    net = np.bincount(group, weights=quantity, minlength=count)
    billed = np.bincount(group, weights=np.where(negative, 0.0, quantity), minlength=count)
    short = net < -1e-9 * np.maximum(billed, 1.0)
    if short.any():
        first = int(np.flatnonzero(short[group] & negative)[0])
        where = f"{column('source_file').iloc[first]} row {column('source_row').iloc[first]}"
        raise InputDataError(
            f"meter {quoted(meter.iloc[first])} of site {quoted(slices['site'].iloc[first])} nets to "
            f"{net[group[first]]:,.1f} {slices['unit'].iloc[first]} of {slices['activity'].iloc[first]} in "
            f"{slices['month'].iloc[first]}: its credits exceed its bills",
            where=where,
            fix="A credit corrects a bill of the same meter and month: check its quantity, its dates and its "
            "meter (exported energy is not supported)",
        )
    share = np.divide(np.maximum(net, 0.0), billed, out=np.zeros(count), where=billed > 0)
    return np.where(negative, 0.0, quantity * np.minimum(share, 1.0)[group])


def _facts(
    base: pd.DataFrame, parts: pd.DataFrame, factor_table: pd.DataFrame, resolved: int, labels: list[str]
) -> pd.DataFrame:
    """The parts summed per site, month, factor key, view and instrument part, then one row per gas.

    Emissions are quantity x factor, so summing the quantities of a group before multiplying
    gives the ledger's sums (to float rounding) from a table thousands of times shorter.
    """

    rows = parts["row"].to_numpy()
    site, month = arrays.codes(base["site"])[0], arrays.codes(base["month"])[0]
    group = arrays.group_ids(
        [site[rows], month[rows], parts["key"].to_numpy(), parts["view"].to_numpy(), parts["part"].to_numpy() + 1]
    )
    count = int(group.max()) + 1
    first = np.empty(count, dtype=np.int64)
    first[group[::-1]] = np.arange(len(group))[::-1]  # each group's first part
    summed = parts.take(first).reset_index(drop=True)
    summed["quantity"] = np.bincount(group, weights=parts["quantity"].to_numpy("float64"), minlength=count)
    lean = by_gas(summed, factor_table, resolved)
    picked = lean["row"].to_numpy()
    out = base[["site", "region", "activity", "month", "year", "unit"]].take(picked).reset_index(drop=True)
    out = with_factors(out, lean, base["scope"].take(picked).to_numpy(), factor_table, labels)
    out["counted"] = lean["counted"].to_numpy()
    return out[FACT_COLUMNS]


#: The facts of parts built elsewhere (fugitive gases, :mod:`carbon_cli.fugitive`), by the same rule.
facts_of = _facts


def _gwp(factor_table: pd.DataFrame, gwp_set: str) -> pd.Series:
    """GWP100 for each factor row, by its gas and its activity's origin (fossil or not)."""

    gwps = factors.gwp_values(gwp_set)
    origins = {name: row["origin"] or "fossil" for name, row in factors.activities().items()}
    keys = pd.MultiIndex.from_arrays([factor_table["gas"], factor_table["activity"].map(origins)])
    values = pd.Series({key: value for key, (value, _) in gwps.items()}).reindex(keys).to_numpy()
    if pd.isna(values).any():
        missing = sorted(set(factor_table.loc[pd.isna(values), "gas"]))
        raise InputDataError(
            f"no GWP for {', '.join(missing)} in {gwp_set}", where="factors/gwp.csv", fix="Add the gas to the GWP table"
        )
    return pd.Series(values, index=factor_table.index)


def _fallback_notices(facts: pd.DataFrame) -> list[Notice]:
    """One notice per site, scope view, activity and distinct fallback, naming the gases concerned.

    Its level is the fallback's own (:func:`carbon_cli.factors.fallback_level`): ``warning`` for a
    bigger approximation (a later year's edition, another region standing in), else ``info``.
    """
    used = facts.loc[facts["fallback"].astype("str") != "", ["site", "scope", "activity", "fallback", "gas"]]
    if not len(used):
        return []
    used = used.drop_duplicates().astype("str")
    grouped = used.groupby(["site", "scope", "activity", "fallback"], sort=True)["gas"].agg(
        lambda gases: ", ".join(sorted(set(gases)))
    )
    keys: list[tuple[str, str, str, str]] = grouped.index.tolist()
    return [
        Notice(
            factors.fallback_level(note),
            site,
            f"{activity} {gases} ({scope}): {note}",
        )
        for (site, scope, activity, note), gases in zip(keys, grouped.tolist(), strict=True)
    ]


def _co2e_notices(facts: pd.DataFrame, gwp_set: str) -> list[Notice]:
    """One ``info`` notice per site naming the published factors it used in CO2e only (eGRID2018's rate,
    DESNZ 2025, Ember, residual mixes, DESNZ's upstream and T&D rows): their publisher weighted CH4 and
    N2O with its own GWP values, which the run's GWP set cannot re-weight, so the set named in the header
    holds for the per-gas factors only (issue 13). A site's own factors (``user:``, ``site:``) are the user's word."""
    ids = facts["factor_id"].astype("str")
    wanted = (facts["gas"].astype("str") == "CO2e") & (facts["t_co2e"] != 0) & ~ids.str.startswith(("site:", "user:"))
    if not wanted.any():
        return []
    used = facts.loc[wanted, ["site", "activity", "factor_id"]].astype("str").drop_duplicates()
    notices = []
    for site, group in used.groupby("site", sort=True):
        activities = ", ".join(sorted(set(group["activity"])))
        named = sorted(set(group["factor_id"]))
        shown = ", ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
        message = (
            f"{activities}: {shown} published in CO2e with the publisher's own GWP values; "
            f"{gwp_set} re-weights only the factors published per gas"
        )
        notices.append(Notice("info", str(site), message))
    return notices
