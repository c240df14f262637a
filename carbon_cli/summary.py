"""Summaries: the ledger grouped by site, scope, month, activity and gas.

Every function takes the inventory's facts (:data:`carbon_cli.calculator.FACT_COLUMNS`: the
ledger summed per site, month, factor and part) or the full ledger; both give the same sums.
Every number here is a sum over their rows, so all outputs agree by construction.
``scope`` is always kept as a dimension: ``scope2_location`` and ``scope2_market`` are two
views of the same consumption and must never be added together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from . import memo as memo_kinds
from . import units

DIMENSIONS = ("site", "scope", "activity", "month", "gas")
SCOPES = ("scope1", "scope2_location", "scope2_market")
#: Memo lines: in the ledger and the breakdown, never in :func:`totals` (GHG Protocol: Scope 3
#: category 3, T&D losses and upstream emissions, biogenic CO2, water and waste are reported apart
#: from Scopes 1 and 2; HCFC refrigerants are outside the Kyoto basket). Any other ``scope`` value
#: of the ledger is a memo kind too (issue 14).
MEMO_SCOPES = memo_kinds.KINDS


def totals(ledger: pd.DataFrame) -> dict[str, float]:
    """t CO2e by scope view: ``scope1``, ``scope2_location``, ``scope2_market``."""
    sums = ledger.groupby("scope")["t_co2e"].sum()
    return {scope: float(sums.get(scope, 0.0)) for scope in SCOPES}


def memo_scopes(ledger: pd.DataFrame) -> list[str]:
    """The memo kinds present in the ledger (every ``scope`` that is not a Scope 1 or 2 view), in display order."""
    present: list[str] = [str(s) for s in pd.unique(ledger["scope"].astype(str))] if len(ledger) else []
    return memo_kinds.ordered([scope for scope in present if scope not in SCOPES])


def memo(ledger: pd.DataFrame) -> dict[str, float]:
    """t CO2e of each memo line present (``scope3``: T&D losses, ``scope3_wtt``: upstream,
    ``biogenic``: biogenic CO2, ``scope3_water``, ``scope3_waste`` ...), in display order; empty when
    there are none. Never part of :func:`totals`."""
    kinds = memo_scopes(ledger)
    if not kinds:
        return {}
    sums = ledger["t_co2e"].astype("float64").groupby(ledger["scope"].astype(str)).sum()
    return {kind: float(sums[kind]) for kind in kinds}


def site_memo(ledger: pd.DataFrame, sites: Sequence[str]) -> dict[str, dict[str, float]]:
    """:func:`memo` for each site that has memo lines (sites without any are left out)."""
    kinds = memo_scopes(ledger)
    if not kinds:
        return {}
    rows = ledger[ledger["scope"].astype(str).isin(kinds)]
    sums = rows["t_co2e"].astype("float64").groupby([rows["site"].astype(str), rows["scope"].astype(str)]).sum()
    found = sums.to_dict()
    return {
        site: {kind: float(found[(site, kind)]) for kind in kinds if (site, kind) in found}
        for site in sites
        if any((site, kind) in found for kind in kinds)
    }


def site_totals(ledger: pd.DataFrame, sites: Sequence[str]) -> dict[str, dict[str, float]]:
    """t CO2e by scope view for each site (sites without bills get zeros)."""
    sums = ledger.groupby(["site", "scope"])["t_co2e"].sum().to_dict()
    return {site: {scope: float(sums.get((site, scope), 0.0)) for scope in SCOPES} for site in sites}


def breakdown(
    ledger: pd.DataFrame, by: Sequence[str] = DIMENSIONS, groups: Mapping[str, str | None] | None = None
) -> pd.DataFrame:
    """Group the ledger by the chosen dimensions (``scope`` is always one of them).

    ``group`` rolls sites up along their ``/``-separated group paths (see :func:`by_group`).

    :returns: the dimensions in canonical order, then ``quantity`` and ``unit`` (the activity
        quantity; empty where the group mixes units, e.g. kWh with m3), and ``t_co2e``.
    """
    if "group" in by:
        return by_group(
            breakdown(ledger, [*(d for d in by if d != "group"), "site"]), groups or {}, keep_site="site" in by
        )
    unknown = set(by) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown breakdown dimension(s): {', '.join(sorted(unknown))}")
    keys = [d for d in DIMENSIONS if d in by or d == "scope"]
    if not len(ledger):
        return pd.DataFrame(columns=[*keys, "quantity", "unit", "t_co2e"])
    grouped = ledger.groupby(keys, sort=True, observed=True)
    emissions = grouped["t_co2e"].sum()
    # Without gas as a dimension, a part's quantity counts once, not once per gas.
    quantity = grouped["quantity" if "gas" in keys else "counted"].sum()
    unit_count = grouped["unit"].nunique()
    unit = grouped["unit"].first().where(unit_count == 1)
    out = pd.concat(
        {"quantity": quantity.where(unit_count == 1), "unit": unit, "t_co2e": emissions}, axis=1
    ).reset_index()
    return out


def group_levels(group: str | None, site: str) -> list[str]:
    """The groups a site counts in, top first: ``China/Chongqing/AI PARK`` gives ``China``,
    ``China/Chongqing`` and ``China/Chongqing/AI PARK``; no group gives the site's own id.

    Blanks around a ``/`` and empty parts (``China//Chongqing``, a leading ``/``) are dropped.
    """
    parts = [part.strip() for part in (group or "").split("/") if part.strip()]
    parts = parts or [site]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def by_group(table: pd.DataFrame, groups: Mapping[str, str | None], *, keep_site: bool = False) -> pd.DataFrame:
    """Roll a by-site breakdown up a hierarchy: a site in group ``China/Chongqing/AI PARK``
    counts in ``China``, in ``China/Chongqing`` and in ``China/Chongqing/AI PARK``.

    A site without a group stands at the top level under its own id. Adds ``group`` (the path,
    text) and ``level`` (an integer, 1 for the top) in front of the other dimensions.
    """
    # Plain text, whatever the ledger's dtype: a categorical site column maps its categories,
    # which would turn the paths into lists (issue 15).
    sites = table["site"].astype(object).astype(str)
    links = pd.DataFrame(
        [(site, path) for site in pd.unique(sites) for path in group_levels(groups.get(site), site)],
        columns=["site", "group"],
        dtype=object,
    )
    rows = table.assign(site=sites.to_numpy(object)).merge(links, on="site", how="inner", sort=False)
    keys = [
        "group",
        *(c for c in table.columns if c not in ("quantity", "unit", "t_co2e") and (c != "site" or keep_site)),
    ]
    grouped = rows.groupby(keys, sort=True, dropna=False, observed=True)
    units = grouped["unit"].nunique(dropna=False)
    out = pd.concat(
        {
            "quantity": grouped["quantity"].sum(min_count=1).where(units == 1),
            "unit": grouped["unit"].first().where(units == 1),
            "t_co2e": grouped["t_co2e"].sum(),
        },
        axis=1,
    ).reset_index()
    out.insert(1, "level", np.array([path.count("/") + 1 for path in out["group"]], dtype="int64"))
    return out


def by_gas(ledger: pd.DataFrame, keys: Sequence[str] = ("scope", "activity")) -> pd.DataFrame:
    """t CO2e pivoted with one column per gas (CO2, CH4, N2O, CO2e), rows by ``keys``.

    A gas with no ledger row in a group (no factor for it) is NaN, not 0.
    """
    return ledger.pivot_table(index=list(keys), columns="gas", values="t_co2e", aggfunc="sum", sort=True)


def gas_table(ledger: pd.DataFrame, keys: Sequence[str] = ("scope", "activity")) -> pd.DataFrame:
    """:func:`by_gas` with a ``total`` column: t CO2e of each row over its gases (a missing gas counts 0)."""
    pivot = by_gas(ledger, keys)
    return pivot.assign(total=pivot.sum(axis=1))


def gas_masses(ledger: pd.DataFrame, view: str = "location") -> pd.DataFrame:
    """Scope 1 + 2 (one Scope 2 view) per gas: the gas's own mass and its t CO2e.

    :param view: ``location`` or ``market``: which Scope 2 view is added to Scope 1.
    :returns: ``gas, t_gas, t_co2e``; a ``CO2e`` row is a factor given as CO2e only (its mass is its CO2e).
    """
    rows = ledger[ledger["scope"].isin(("scope1", f"scope2_{view}"))]
    if not len(rows):
        return pd.DataFrame({"gas": [], "t_gas": [], "t_co2e": []})
    sums = rows.groupby(rows["gas"].astype(str), sort=True)[["t_gas", "t_co2e"]].sum()
    return sums.reset_index().rename(columns={"index": "gas"})


#: Scope 1 + 2 in each Scope 2 view (GHG Protocol Scope 2 Guidance, ch. 7: dual reporting).
COMBINED = ("scope1_2_location", "scope1_2_market")


def with_combined(totals: Mapping[str, float]) -> dict[str, float]:
    """The three scope views plus Scope 1 + 2 location-based and market-based (never both Scope 2 views)."""
    out = {scope: float(totals.get(scope, 0.0)) for scope in SCOPES}
    out["scope1_2_location"] = out["scope1"] + out["scope2_location"]
    out["scope1_2_market"] = out["scope1"] + out["scope2_market"]
    return out


def scope_table(ledger: pd.DataFrame, by: Sequence[str], *, memo: bool = False) -> pd.DataFrame:
    """t CO2e with one column per scope view and the two Scope 1 + 2 totals, one row per group of ``by``.

    :param by: ledger columns to group by (``site``, ``month``, ``activity``, ``year`` ...), not ``scope``.
    :param memo: add a column per memo line (:data:`MEMO_SCOPES` and any other memo kind present),
        never part of the totals.
    :returns: ``by`` columns, then :data:`SCOPES`, the memo columns when asked, and :data:`COMBINED`
        (0.0 where a group has no row of that view), sorted by ``by``.
    """
    keys = list(by)
    views = [*SCOPES, *(memo_kinds.ordered([*MEMO_SCOPES, *memo_scopes(ledger)]) if memo else ())]
    if len(ledger):
        # float64 whatever the ledger's dtype (an object column sums to objects)
        sums = ledger["t_co2e"].astype("float64").groupby([ledger[k] for k in [*keys, "scope"]], sort=True).sum()
        wide = sums.unstack("scope").reindex(columns=views).fillna(0.0).reset_index()
    else:
        wide = pd.DataFrame({**{key: [] for key in keys}, **{scope: [] for scope in views}})
    wide.columns.name = None
    wide["scope1_2_location"] = wide["scope1"] + wide["scope2_location"]
    wide["scope1_2_market"] = wide["scope1"] + wide["scope2_market"]
    return wide


def activity_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """:func:`scope_table` by activity, with the quantity consumed (once, not once per Scope 2 view).

    :returns: ``activity, quantity, unit, mwh`` then the scope columns and the memo columns (issue
        15.3: T&D losses are a row of their own, in the memo column, never in Scope 1 or 2);
        ``quantity`` is NaN where an activity mixes units; ``mwh`` is the quantity in MWh where
        it is energy (kWh, GJ, therm ...), NaN where it is a volume or mass (a fuel's energy
        depends on its calorific value).
    """
    wide = scope_table(ledger, ["activity"], memo=True)
    if not len(ledger):
        return wide.reindex(columns=["activity", "quantity", "unit", "mwh", *wide.columns[1:]])
    consumed = breakdown(ledger, ["activity"])
    consumed = consumed[consumed["scope"] != "scope2_market"].drop_duplicates("activity")
    consumed = consumed.assign(mwh=[_in_mwh(q, u) for q, u in zip(consumed["quantity"], consumed["unit"], strict=True)])
    return consumed[["activity", "quantity", "unit", "mwh"]].merge(wide, on="activity", how="right")


def energy_mwh(table: pd.DataFrame) -> float:
    """The energy of an :func:`activity_table` in MWh: its Scope 1 and 2 activities billed in
    energy units (memo lines, such as T&D losses, are not consumption and are left out)."""
    kinds = [c for c in table.columns if c not in (*SCOPES, *COMBINED, "activity", "quantity", "unit", "mwh")]
    memo = (table[kinds].to_numpy() != 0).any(axis=1) if kinds else np.zeros(len(table), dtype=bool)
    memo_only = (table[list(SCOPES)].to_numpy() == 0).all(axis=1) & memo
    billed = table[~memo_only]
    return float(billed["mwh"].sum(min_count=1)) if len(billed) else float("nan")


def _in_mwh(quantity: float, unit: object) -> float:
    if unit is None or quantity != quantity or units.dimension(str(unit)) != "energy":
        return float("nan")
    return float(quantity) * units.scale(str(unit), "MWh")


def by_year(ledger: pd.DataFrame, periods: Mapping[str, tuple[dt.date, dt.date]]) -> pd.DataFrame:
    """:func:`scope_table` by calendar year, with the change from the year before.

    A change is given only between two consecutive whole calendar years of the same sites: a part
    year compared with a whole one would show a fall that is only missing months, and a UK
    office's 2023 against a US office's 2024 is no change at all (issue 15).

    :param periods: each site's reporting period (first and last day), by site id.
    :returns: ``year, days, whole_year`` and the scope columns, then ``change_location`` and
        ``change_market`` (fractions of the previous year's Scope 1 + 2; NaN where not
        comparable) and ``no_change`` (why a year has no change, empty where it has one).
    """
    table = scope_table(ledger, ["year"])
    years = table["year"].to_numpy("int64")
    sites_in: list[frozenset[str]] = []
    days, whole = [], []
    for year in years.tolist():
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        spans = {site: (max(a, first), min(b, last)) for site, (a, b) in periods.items() if a <= last and b >= first}
        sites_in.append(frozenset(spans))
        days.append(max(((b - a).days + 1 for a, b in spans.values()), default=0))
        whole.append(bool(spans) and all(a == first and b == last for a, b in spans.values()))
    table.insert(1, "days", days)
    table.insert(2, "whole_year", whole)
    reasons = []
    for index, year in enumerate(years.tolist()):
        if not whole[index]:
            reasons.append("part year")
        elif index == 0 or years[index - 1] != year - 1:
            reasons.append(f"no {year - 1} in the inventory")
        elif not whole[index - 1]:
            reasons.append(f"{year - 1} is a part year")
        elif sites_in[index] != sites_in[index - 1]:
            reasons.append(f"not the same sites as {year - 1}")
        else:
            reasons.append("")
    comparable = np.array([reason == "" for reason in reasons], dtype=bool)
    for view, column in (("location", "scope1_2_location"), ("market", "scope1_2_market")):
        previous = table[column].shift(1).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            change = np.where(comparable & (previous > 0), table[column].to_numpy() / previous - 1, np.nan)
        table[f"change_{view}"] = change
    table["no_change"] = reasons
    return table


def intensity(totals: Mapping[str, float], amount: float | None, *, scale: float = 1.0) -> dict[str, float] | None:
    """Scope 1 + 2 per unit of a denominator (floor area, headcount), location- and market-based.

    :param amount: the denominator (m², people); ``None`` or 0 gives ``None``.
    :param scale: unit change of the result, e.g. 1000 for kg CO2e instead of t CO2e.
    :returns: ``{"scope1_2_location": ..., "scope1_2_market": ...}``.
    """
    if not amount:
        return None
    combined = with_combined(totals)
    return {view: combined[view] * scale / amount for view in COMBINED}


def denominator(values: Sequence[float | None]) -> float | None:
    """The sum of a denominator over sites, or ``None`` unless every site gives it (a partial sum would
    flatter the intensity)."""
    if not values or any(not value for value in values):
        return None
    return float(sum(value for value in values if value))
