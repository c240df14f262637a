"""Quantities of bill files: each row's activity and unit, and its quantity in the activity's unit.

Each distinct activity spelling is looked up once, and each distinct (activity, unit) pair is
converted once (through :mod:`carbon_cli.units`). This module must not read dates or numbers.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import factors, units
from ..errors import ConfigError, InputDataError, quoted
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
        allowed: tuple[str, ...] = ("energy", "volume", "mass")
        if activities[activity]["scope"] in ("scope2", "onsite"):
            # steam by mass (蒸汽 吨) goes into GJ by its enthalpy (bills/steam.py)
            allowed = ("energy", "mass") if activity == "heat" else ("energy",)
        if units.dimension(own_unit) == units.dimension("km"):  # a vehicle's distance (issue 14)
            allowed = (units.dimension("km"),)
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


#: The UK volume correction factor (temperature and pressure), fixed by the Gas (Calculation of
#: Thermal Energy) Regulations 1996 as amended: every UK gas bill in m3 or ft3 gives
#: kWh = m3 x 1.02264 x CV (MJ/m3) / 3.6.
UK_VOLUME_CORRECTION = 1.02264
#: Gross calorific values of natural gas outside this range (MJ/m3) are refused: UK gas is
#: near 39.5, so 395 or 3.95 is a slip of the decimal point.
CV_RANGE = (30.0, 50.0)
CV_CITATION = "Gas (Calculation of Thermal Energy) Regulations 1996 as amended; volume correction factor 1.02264"


def calorific_value(text: float | str | None, where: str) -> float:
    """A bill entry's ``cv:`` (39.5 or '39.5 MJ/m3') in MJ/m3, NaN when none.

    :raises ConfigError: not a calorific value per volume, or outside :data:`CV_RANGE`.
    """
    if text is None:
        return float("nan")
    try:
        value = float(text)
    except ValueError:
        try:
            energy, volume = units.ratio(str(text))
            value = float((energy / volume).to("MJ/m**3").magnitude)
        except Exception:
            raise ConfigError(
                f"cannot read cv '{text}' as a calorific value", where=where, fix="Write e.g. cv: 39.5 MJ/m3"
            ) from None
    if not CV_RANGE[0] <= value <= CV_RANGE[1]:
        raise ConfigError(
            f"cv {value:g} MJ/m3 is outside {CV_RANGE[0]:g}-{CV_RANGE[1]:g} MJ/m3, no natural gas has it",
            where=where,
            fix="Copy the calorific value (gross, MJ/m3) from the bill, e.g. cv: 39.5",
        )
    return value


def with_calorific_value(
    frame: pd.DataFrame, rows: Rows, cv: pd.Series, correction: np.ndarray, from_column: pd.Series
) -> None:
    """Natural gas billed by volume with a calorific value: into kWh (gross), in place.

    kWh = m3 x volume correction x CV (MJ/m3) / 3.6 (the UK formula; the correction is 1.02264
    in GB and 1 elsewhere unless the YAML gives ``volume_correction:``). ``quantity`` is already
    in m3 (ft3, hcf, ccf were converted geometrically); ``bill_quantity``/``bill_unit`` keep
    what the bill said. Rows billed in energy keep their quantity (the supplier converted).

    :param cv: each row's CV in MJ/m3 (NaN: none).
    :param correction: each row's volume correction (NaN: not settled for its file; 0: its site
        accounts fuel energy on a net basis, where a gross CV cannot be used).
    :param from_column: whether the row's CV came from its cv column (for messages).
    :raises InputDataError: a CV outside :data:`CV_RANGE`, on another activity than natural
        gas, or where the volume correction is not settled (a portfolio's shared table).
    """
    has = cv.notna().to_numpy()
    if not has.any():
        return
    bad = has & ~((cv >= CV_RANGE[0]) & (cv <= CV_RANGE[1])).to_numpy()
    if bad.any():
        row = int(frame.index[bad][0])
        raise InputDataError(
            f"calorific value {cv.at[row]:g} MJ/m3 is outside {CV_RANGE[0]:g}-{CV_RANGE[1]:g} MJ/m3, "
            "no natural gas has it (a misplaced decimal point?)",
            where=rows.at(row, "cv"),
            fix="Copy the calorific value (gross, MJ/m3) from the bill, e.g. 39.5",
        )
    unit_codes = pd.Categorical(frame["unit"])
    per_unit = np.array([units.dimension(str(unit)) == "volume" for unit in unit_codes.categories], dtype=bool)
    volume = per_unit[unit_codes.codes] if len(per_unit) else np.zeros(len(frame), dtype=bool)
    gas = (frame["activity"].astype("str") == "natural_gas").to_numpy()
    other = has & ~gas
    if other.any():
        row = int(frame.index[other][0])
        raise InputDataError(
            f"a calorific value is given for {frame['activity'].at[row]}; only natural gas bills in m3 or ft3 take one",
            where=rows.at(row, "cv") if from_column.at[row] else f"{rows.files[row]} (cv: in the site YAML)",
            fix="Remove the cv, or bill this fuel in its own unit",
        )
    use = has & gas & volume
    net = use & (correction == 0)
    if net.any():
        row = int(frame.index[net][0])
        raise InputDataError(
            "a bill's calorific value is gross, but this site's region accounts fuel energy on a net basis",
            where=rows.at(row, "cv") if from_column.at[row] else f"{rows.files[row]} (cv: in the site YAML)",
            fix="Remove the cv and give the net value as conversions: natural_gas: {ncv: <value> MJ/m3}",
        )
    unsettled = use & np.isnan(correction)
    if unsettled.any():
        row = int(frame.index[unsettled][0])
        raise InputDataError(
            "a calorific value converts gas volume to energy, but the site's volume correction is not settled",
            where=rows.at(row, "cv") if from_column.at[row] else f"{rows.files[row]} (cv: in the site YAML)",
            fix="Add volume_correction: to this bill entry (1.02264 for UK gas, 1 where the volume is "
            "already at the CV's reference conditions)",
        )
    if not use.any():
        return
    kwh = frame["quantity"].to_numpy(dtype="float64") * correction * cv.to_numpy(dtype="float64") / 3.6
    frame["quantity"] = np.where(use, kwh, frame["quantity"].to_numpy(dtype="float64"))
    unit = frame["unit"].astype("str").to_numpy(dtype=object)
    unit[use] = "kWh"
    frame["unit"] = pd.Categorical(unit)
