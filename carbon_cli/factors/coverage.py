"""Coverage: before a run, which region x activity x year gets an exact factor, a fallback, or none.

``carbon factors coverage`` asks the same choice rule a run uses (:func:`.select.select_gases`
along :func:`.regions.region_chain`, then :func:`.select.amount_in` from the activity's usual
bill unit) for each region, activity, Scope 2 method and year, and reports the outcome:

* ``exact``: a factor of the site's own region for that year, used as published;
* ``fallback``: a factor was found, but with a step away from the exact one, named in
  ``fallback`` (``region``, ``year``, ``method``: the location factor standing in for a residual
  mix, ``life-cycle``: a life-cycle factor standing in for a combustion-only one), with the
  notice level a run would give (``info`` or ``warning``) and the factor used;
* ``missing``: a run would stop (no factor in any region of the chain, or no way to reach the
  factor's unit from the usual bill unit); ``note`` says why.

It chooses nothing itself and formats nothing (``render.browse`` does).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import pandas as pd

from .. import units
from ..errors import CarbonError, ConfigError
from . import derived
from .catalog import activities, activity_aliases, billable
from .database import factor_table, properties
from .fiscal import is_financial_year_note
from .lifecycle import lifecycle_note
from .regions import GLOBAL, canonical_region, energy_basis, region_chain, region_table
from .select import (
    APPROXIMATION,
    NO_RESIDUAL_MIX,
    ByActivity,
    Choice,
    amount_in,
    by_activity,
    fallback_level,
    pick,
    select_gases,
)

#: The columns of a coverage table, in order.
COVERAGE_COLUMNS = (
    "region",
    "activity",
    "method",
    "year",
    "unit",
    "status",
    "fallback",
    "level",
    "factor_id",
    "factor_region",
    "factor_year",
    "note",
)


def coverage(
    *,
    region: str | None = None,
    years: Iterable[int] = (),
    activity: str | None = None,
    sets: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The coverage table (:data:`COVERAGE_COLUMNS`), one row per region, activity, method and year.

    :param region: a region code or alias; every region of regions.csv (except GLOBAL) when None.
    :param years: the years to check; the latest year any shipped factor starts in when empty.
    :param activity: an activity name or alias; every billable activity when None.
    :param sets: opt-in factor sets applied as for a site that names them.
    :raises ConfigError: the activity or a set is unknown.
    """
    table = factor_table(tuple(sets))
    emitting = [name for name in billable() if activities()[name]["scope"] != "onsite"]  # not generation/export
    names = [_activity(activity)] if activity is not None else sorted(emitting)
    codes = [canonical_region(region)] if region is not None else [c for c in region_table() if c != GLOBAL]
    wanted = sorted(set(years)) or [int(table["year_from"].max())]
    rows, props = _by_region(by_activity(table)), _by_region(by_activity(properties()))
    catalog = activities()
    out = []
    for code in codes:
        chain, region_note = region_chain(code)
        # Only the rows of the chain's regions can be picked: handing over just those keeps a
        # check of every region fast (thousands of country rows would be scanned per cell).
        rows_here, props_here = _on_chain(rows, chain), _on_chain(props, chain)
        for name in names:
            methods = ("location", "market") if catalog[name]["scope"] == "scope2" else ("",)
            for method in methods:
                for year in wanted:
                    out.append(
                        _cell(rows_here, props_here, chain, region_note, name, method or "location", year, method)
                    )
    frame = pd.DataFrame(out, columns=list(COVERAGE_COLUMNS))
    return frame.astype({"year": "int64"})


def _by_region(rows: ByActivity) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Rows grouped by activity and region."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for activity, items in rows.items():
        for row in items:
            grouped.setdefault((activity, row["region"]), []).append(row)
    return grouped


def _on_chain(grouped: dict[tuple[str, str], list[dict[str, Any]]], chain: list[str]) -> ByActivity:
    """The rows of the chain's regions, by activity."""
    out: dict[str, list[dict[str, Any]]] = {}
    regions = set(chain)
    for (activity, region), items in grouped.items():
        if region in regions:
            out.setdefault(activity, []).extend(items)
    return out


def _activity(activity: str) -> str:
    name = activity_aliases().get(activity) or activity_aliases().get(activity.lower())
    if name is None or name not in billable():
        raise ConfigError(f"unknown activity '{activity}'", fix=f"Use one of: {', '.join(sorted(billable()))}")
    return name


def _cell(
    rows: ByActivity,
    props: ByActivity,
    chain: list[str],
    region_note: str | None,
    activity: str,
    method: str,
    year: int,
    shown_method: str,
) -> dict[str, Any]:
    unit = activities()[activity]["unit"]
    cell: dict[str, Any] = {
        "region": chain[0],
        "activity": activity,
        "method": shown_method,
        "year": year,
        "unit": unit,
        "fallback": "",
        "level": "",
        "factor_id": "",
        "factor_region": "",
        "factor_year": "",
    }
    chosen = select_gases(rows, activity, chain, year, method) or derived.select(rows, activity, chain, year, method)
    if not chosen:
        return {**cell, "status": "missing", "note": f"no {activity} factor in {', '.join(chain)}"}
    notes: list[str] = []
    kinds: list[str] = []
    for choice in chosen.values():
        try:
            conversions = _conversions(unit, choice, activity, chain, year, props)
        except CarbonError as error:
            return {**cell, "status": "missing", "note": f"{error.problem} (billed in {unit})"}
        if region_note and choice.row["region"] != chain[0]:
            notes.append(region_note)
        notes += choice.fallbacks
        notes += [f"{c.row['property']}: {n}" for c in conversions for n in c.fallbacks]
        kinds += _kinds(choice, chain, year)
    notes = list(dict.fromkeys(notes))
    first = chosen[sorted(chosen)[0]].row
    used = {
        "factor_id": " + ".join(chosen[gas].row["id"] for gas in sorted(chosen)),
        "factor_region": " + ".join(dict.fromkeys(str(c.row["region"]) for c in chosen.values())),
        "factor_year": int(first["year_from"]),
    }
    if all(is_financial_year_note(note) for note in notes):  # the publisher's own year, said: still exact
        return {**cell, **used, "status": "exact", "note": "; ".join(notes)}
    joined = "; ".join(notes)
    return {
        **cell,
        **used,
        "status": "fallback",
        "fallback": ", ".join(dict.fromkeys(kinds)),
        "level": fallback_level(joined),
        "note": joined,
    }


def _conversions(
    unit: str, choice: Choice, activity: str, chain: list[str], year: int, props: ByActivity
) -> tuple[Choice, ...]:
    """The properties that take ``unit`` to the factor's unit (:func:`.select.amount_in`), remembered
    for what they depend on: the factor, the regions of the chain that hold properties, and the
    calorific basis of bills there (pint is slow, and thousands of cells ask the same)."""
    held = tuple(region for region in chain if any(row["region"] == region for row in props.get(activity, ())))
    key = (unit, choice.row["id"], activity, held, year, energy_basis(chain))
    if key not in _CONVERSIONS:
        _, used = amount_in(
            unit,
            units.ratio(choice.row["unit"])[1],
            activity,
            chain,
            year,
            props,
            basis=str(choice.row.get("basis") or ""),
            factor_id=choice.row["id"],
        )
        _CONVERSIONS[key] = tuple(c.row for c in used)
    # The rows are the same for every chain with this key; the fallback notes name the chain's own
    # region, so each row is picked again alone along this chain (same row, this chain's notes).
    return tuple(cast(Choice, pick([row], chain, year)) for row in _CONVERSIONS[key])


#: Property rows found so far (see :func:`_conversions`); a failure is not remembered (its
#: message names the region).
_CONVERSIONS: dict[tuple[Any, ...], tuple[dict[str, Any], ...]] = {}


def _kinds(choice: Choice, chain: list[str], year: int) -> list[str]:
    """Which steps away from the exact factor a choice took: region, year, method, life-cycle,
    approximation (any other warning: a US state's own rate standing in for the grids serving it)."""
    row = choice.row
    kinds = []
    if row["region"] != chain[0]:
        kinds.append("region")
    end = row.get("year_to")
    if not (row["year_from"] <= year and (end is None or end != end or year <= end)):
        kinds.append("year")
    if NO_RESIDUAL_MIX in choice.fallbacks:
        kinds.append("method")
    if lifecycle_note(row):
        kinds.append("life-cycle")
    others = [part for part in choice.fallbacks if part != NO_RESIDUAL_MIX]
    if not kinds and any(APPROXIMATION in part for part in others):
        kinds.append("approximation")
    return kinds
