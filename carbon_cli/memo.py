"""Memo lines: emissions reported beside Scope 1 and 2, never added to them (issue 14).

A memo kind is a value of the ledger's ``scope`` column other than :data:`carbon_cli.summary.SCOPES`;
an activity's kind is its ``scope`` in ``factors/activities.csv``. The kinds, in the order every
output lists them:

* ``scope3``: T&D losses of purchased electricity (GHG Protocol Scope 3 category 3, activity
  ``electricity_td_losses``, derived from electricity bills).
* ``scope3_wtt``: upstream (well-to-tank) emissions of the fuels and electricity bought (Scope 3
  category 3, activities ``<fuel>_wtt``, derived from that fuel's bills).
* ``biogenic``: CO2 from burning biomass, biogas and the bio share of a blend: outside the scopes
  (GHG Protocol Corporate Standard ch. 4: reported separately); their CH4 and N2O stay in Scope 1.
  Activities ``<fuel>_biogenic``, derived from that fuel's bills.
* ``scope3_water``: water supply and treatment, billed (``activity: water_supply``).
* ``scope3_waste``: waste by treatment route, billed (``activity: waste_landfill`` ...).
* ``memo_non_kyoto``: HCFC refrigerants, outside the Kyoto basket (:mod:`carbon_cli.fugitive`).

A derived activity (:func:`carbon_cli.factors.catalog.derived_from`) gets rows only for the sites
whose region chain has a factor for it: its base activity's month slices are repeated under its
name, so every memo row traces to the same bill row and to its own factor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from . import factors, units
from .errors import InputDataError
from .ledger import BASIS_COLUMN
from .notices import Notice

#: Memo kinds in display order; a kind not listed here (added by a factor file) is shown after them.
KINDS = ("scope3", "scope3_wtt", "biogenic", "scope3_water", "scope3_waste", "memo_non_kyoto")


def ordered(kinds: Sequence[str]) -> list[str]:
    """Memo kinds in display order: :data:`KINDS` first, any other after them alphabetically."""
    known = [kind for kind in KINDS if kind in kinds]
    return known + sorted(set(kinds) - set(KINDS))


def derived_activities(activities: Mapping[str, Mapping[str, str]] | None = None) -> list[tuple[str, str]]:
    """(derived activity, the activity it is calculated from), in the catalogue's order, so that a
    derivation of a derivation (``electricity_td_losses_wtt``) comes after the one it uses."""
    table = factors.activities() if activities is None else activities
    pairs = [(name, factors.derived_from(name)) for name in table]
    return [(name, base) for name, base in pairs if base is not None and base in table]


def derive(
    slices: pd.DataFrame,
    regions: Mapping[str, str],
    table: pd.DataFrame,
    props: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, list[Notice]]:
    """The month slices with the derived memo activities appended.

    :param slices: month slices of one factor table's sites (``site``, ``activity`` ...).
    :param regions: each site's region code, by site id.
    :param table: the factor table these sites use (shipped plus their own rows).
    :param props: the fuel properties these sites use: a base slice whose unit no property turns
        into the derived factor's unit (UK gas in m³ without a calorific value against an upstream
        factor per kWh) gets no memo row, and a ``warning`` says so and names ``cv:``.
    :returns: ``slices`` followed, for each derived activity whose factor the site's region chain
        holds, by copies of its base activity's slices under the derived name; and the notices.
    """
    regions_of = _regions_by_activity(table)
    out, notices = slices, []
    for name, base in derived_activities():
        where = regions_of.get(name, set())
        if not where:
            continue
        sites = {site for site, region in regions.items() if where & set(factors.region_chain(region)[0])}
        if not sites:
            continue
        rows = out[(out["activity"] == base) & out["site"].isin(sites)]
        if len(rows) and props is not None:
            rows, said = _convertible(rows, name, base, regions, table, props)
            notices += said
        if len(rows):
            out = pd.concat([out, rows.assign(activity=name)], ignore_index=True)
    return out, notices


def _regions_by_activity(table: pd.DataFrame) -> dict[str, set[str]]:
    """The regions each activity of a factor table has rows for (one pass over the table, not a
    filter of its thousands of rows per derived activity)."""
    pairs = table[["activity", "region"]].astype(str).drop_duplicates()
    found: dict[str, set[str]] = {}
    for activity, region in zip(pairs["activity"].tolist(), pairs["region"].tolist(), strict=True):
        found.setdefault(activity, set()).add(region)
    return found


def _convertible(
    rows: pd.DataFrame, name: str, base: str, regions: Mapping[str, str], table: pd.DataFrame, props: pd.DataFrame
) -> tuple[pd.DataFrame, list[Notice]]:
    """The rows whose unit reaches the derived factor's unit, checked once per site, unit and year."""
    where = {code for region in set(regions.values()) for code in factors.region_chain(region)[0]}
    factor_rows, property_rows = factors.by_activity(table, where), factors.by_activity(props, where)
    keep = pd.Series(True, index=rows.index)
    notices = []
    keys = ["site", "unit", "year", *([BASIS_COLUMN] if BASIS_COLUMN in rows else [])]
    for (site, unit, when, *billed), group in rows.groupby(keys, observed=True, sort=False):
        year = int(str(when))
        chain = factors.region_chain(regions[str(site)])[0]
        chosen = factors.select_gases(factor_rows, name, chain, year, "location")
        try:
            for choice in chosen.values():
                factors.amount_in(
                    str(unit),
                    units.ratio(choice.row["unit"])[1],
                    base,
                    chain,
                    year,
                    property_rows,
                    basis=str(choice.row.get("basis") or ""),
                    factor_id=choice.row["id"],
                    billed_basis=str(billed[0]) if billed else "",
                )
        except InputDataError as error:
            keep[group.index] = False
            notices.append(
                Notice(
                    "warning",
                    str(site),
                    f"{name} ({year}): {base} in {unit} has no memo line: {error.problem}. "
                    f"The upstream memo is understated; give cv: on the bills entry (or conversions: {base})",
                )
            )
    return rows[keep], notices
