"""Quantities of bill files: each row's activity and unit, and its quantity in the activity's unit.

Each distinct activity spelling is looked up once, and each distinct (activity, unit) pair is
converted once (through :mod:`carbon_cli.units`). This module must not read dates or numbers.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import factors, units
from ..errors import InputDataError, quoted
from . import cells
from .cells import Rows

#: The unit used for a dimension an activity is not usually billed in (gas in energy units).
DIMENSION_UNITS = {"energy": "GJ", "volume": "m3", "mass": "t"}


def activity_column(
    values: pd.Series,
    name: str | Rows,
    column: str,
    aliases: Mapping[str, str],
    activities: Mapping[str, Mapping[str, str]],
) -> pd.Series:
    """An activity column: each distinct spelling looked up once (电力, gas, natural_gas ...)."""
    text = cells.text(values)
    codes, spellings = pd.factorize(text)
    known = [aliases.get(spelling) or aliases.get(spelling.lower()) for spelling in spellings]
    billable = factors.billable(activities)
    bad = [spelling for spelling, activity in zip(spellings, known, strict=True) if activity not in billable]
    if bad:
        label = int(text.index[text == bad[0]][0])
        raise InputDataError(
            f"unknown activity {quoted(bad[0])}",
            where=cells.where(name, label, column),
            fix=f"Use one of: {', '.join(sorted(billable))}",
        )
    names, which = np.unique(np.array(known, dtype=object), return_inverse=True)
    return pd.Series(pd.Categorical.from_codes(which[codes], pd.Index(names)), index=values.index)


def bill_units(raw: pd.DataFrame, rows: Rows) -> tuple[pd.Series, pd.Series]:
    """Each row's unit: its unit cell, else its file's ``unit:`` default; and whether the unit
    came from the cell (for messages)."""
    given = cells.text(raw["unit"]) if "unit" in raw else pd.Series("", index=raw.index, dtype="str")
    from_column = given != ""
    missing = ~from_column & raw["_unit"].isna()
    if missing.any():
        raise InputDataError(
            "the unit is empty",
            where=rows.at(int(given.index[missing][0]), "unit"),
            fix="Fill in the unit, or give a default with unit: in the site YAML",
        )
    return given.where(from_column, raw["_unit"]).astype("str"), from_column


def to_canonical(
    frame: pd.DataFrame, rows: Rows, activities: Mapping[str, Mapping[str, str]], from_column: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Convert each distinct (activity, unit) pair once: into the activity's own unit when the
    dimension matches, else into the dimension's unit (gas billed in energy -> GJ).

    ``from_column`` tells, per row, whether the unit is the cell's or the YAML default (``unit:``).
    """

    def where(row: int) -> str:
        return rows.at(row, "unit") if from_column[row] else f"{rows.files[row]} (unit: in the site YAML)"

    activity_code, activity_names = pd.factorize(frame["activity"])
    unit_code, unit_names = pd.factorize(frame["bill_unit"])
    pair, pairs = pd.factorize(activity_code.astype("int64") * max(len(unit_names), 1) + unit_code)
    first = np.empty(len(pairs), dtype=np.int64)
    first[pair[::-1]] = np.arange(len(pair))[::-1]  # each pair's first row
    scales, targets = np.ones(len(pairs)), []
    for index, combined in enumerate(map(int, pairs)):
        activity = str(activity_names[combined // max(len(unit_names), 1)])
        unit = str(unit_names[combined % max(len(unit_names), 1)])
        row = int(frame.index[first[index]])
        try:
            dimension = units.dimension(unit)
        except InputDataError as exc:
            raise InputDataError(exc.problem, where=where(row), fix=exc.fix) from exc
        own_unit = activities[activity]["unit"]
        allowed = ("energy",) if activities[activity]["scope"] == "scope2" else ("energy", "volume", "mass")
        if dimension not in allowed:
            raise InputDataError(
                f"unit '{unit}' measures {dimension}, which does not fit {activity}",
                where=where(row),
                fix=f"Use a unit of {' or '.join(allowed)} (e.g. {own_unit})",
            )
        target = own_unit if units.dimension(own_unit) == dimension else DIMENSION_UNITS[dimension]
        scales[index] = units.scale(unit, target)
        targets.append(target)
    names, which = (
        np.unique(np.array(targets, dtype=object), return_inverse=True)
        if targets
        else (np.array([], dtype=object), np.zeros(0))
    )
    canonical = (
        pd.Categorical.from_codes(np.asarray(which, dtype="int64")[pair], pd.Index(names))
        if len(pair)
        else pd.Categorical([], categories=[])
    )
    return frame["bill_quantity"] * scales[pair], pd.Series(canonical, index=frame.index)
