"""Browsing the factor database: what ``carbon factors list`` and ``carbon factors show`` print.

Owns the queries over every shipped row (by activity, region and year, or by id); it formats
nothing (the CLI renders) and changes no table.
"""

from __future__ import annotations

import difflib
from typing import Any

import pandas as pd

from ..errors import ConfigError
from .catalog import activities, activity_aliases
from .database import all_factor_rows, factor_table, properties
from .regions import region_chain
from .select import pick_year


def listing(
    *, activity: str | None = None, region: str | None = None, year: int | None = None, sets: tuple[str, ...] = ()
) -> pd.DataFrame:
    """The factors a query selects, as a table (one row per factor and gas).

    :param activity: an activity name or alias (``electricity``, ``天然气``).
    :param region: a region code or alias: the rows on its chain, most specific first (what a
        site there can use: for ``US-CA`` the CAMX, US and GLOBAL rows).
    :param year: for each activity, region, gas and method, only the edition the selection rule
        picks for that year.
    :param sets: opt-in sets applied as for a site that names them.
    :raises ConfigError: the activity or a set is unknown.
    """
    table = factor_table(tuple(sets))
    sets_of = all_factor_rows().set_index("id")["set"]
    table = table.assign(set=table["id"].map(sets_of).fillna("user"))
    if activity is not None:
        name = activity_aliases().get(activity) or activity_aliases().get(activity.lower())
        if name is None:
            raise ConfigError(f"unknown activity '{activity}'", fix=f"Use one of: {', '.join(activities())}")
        table = table[table["activity"] == name]
    order = {}
    if region is not None:
        chain, _ = region_chain(region)
        order = {code: depth for depth, code in enumerate(chain)}
        table = table[table["region"].isin(order)]
    if year is not None and len(table):
        picked = [
            pick_year(rows, year)[0]["id"]
            for _, rows in table.groupby(["activity", "region", "gas", "method"], sort=False)
        ]
        table = table[table["id"].isin(picked)]
    table = table.assign(_depth=table["region"].map(order).fillna(0) if order else 0)
    return (
        table.sort_values(["activity", "_depth", "region", "method", "gas", "year_from"], kind="stable")
        .drop(columns="_depth")
        .reset_index(drop=True)
    )


def lookup(factor_id: str) -> dict[str, Any]:
    """One factor or property row by id, from any set, with its citation.

    :raises ConfigError: no row has that id (the message suggests close ids).
    """
    rows = all_factor_rows()
    found = rows[rows["id"] == factor_id]
    if not len(found):
        props = properties()
        found = props[props["id"] == factor_id].drop(columns=["gas", "method"]).assign(set="properties")
    if not len(found):
        ids = [*rows["id"], *properties()["id"]]
        close = difflib.get_close_matches(factor_id, ids, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ConfigError(f"unknown factor id '{factor_id}'{hint}", fix="List ids with `carbon factors list`")
    row = {str(key): value for key, value in found.iloc[0].to_dict().items()}
    year_to = row.get("year_to")
    row["year_to"] = None if year_to is None or year_to != year_to else int(year_to)
    row["year_from"] = int(row["year_from"])
    return row
