"""The canonical table of bills: its columns, and the reading of bill files into it.

Canonical columns: ``site, meter, activity, period_start, period_end, quantity, unit, cost,
estimated, source_file, source_row, bill_quantity, bill_unit, credit``. ``quantity`` is in the
activity's canonical unit (``unit``); ``bill_quantity``/``bill_unit`` keep what the bill said.
``source_row`` is the row number a spreadsheet shows (the header is row ``header_row``).

Everything here is column-wise: each file is read on its own (through the guarded reader of
:mod:`carbon_cli.spreadsheets`), then every column is parsed once for all files. This module
puts the pieces together; headers, dates, numbers and units are parsed by its sibling modules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import units
from ..config import BillSource
from ..errors import ConfigError, InputDataError
from ..spreadsheets import read_table
from . import cells, interval, interval_layout
from .cells import Rows, blank_cells
from .dates import parse_dates
from .headers import map_columns
from .numbers import MAX_AMOUNT, parse_flags, parse_numbers, refuse_absurd
from .quantities import activity_column, bill_units, calorific_value, to_canonical, with_calorific_value

CANONICAL_COLUMNS = [
    "site",
    "meter",
    "activity",
    "period_start",
    "period_end",
    "quantity",
    "unit",
    "cost",
    "estimated",
    "source_file",
    "source_row",
    "bill_quantity",
    "bill_unit",
    "credit",
]
#: Text columns of the canonical table, held as pandas categories.
TEXT_COLUMNS = ("site", "meter", "activity", "unit", "source_file", "bill_unit")


def read(
    source: BillSource,
    *,
    site: str | None,
    activities: Mapping[str, Mapping[str, str]],
    aliases: Mapping[str, str] | None = None,
    shown_path: str | None = None,
) -> pd.DataFrame:
    """Read one bill file into the canonical table (see :func:`read_many`).

    :param source: a ``bills[]`` entry (its path already absolute). Without ``activity:`` the
        file needs an activity column (a portfolio's one table for all sites).
    :param site: the site id to stamp on every row, or None when the file has a site column.
    :param activities: the activity table (``factors.activities()``): scope and canonical unit.
    :param aliases: accepted spellings of activities in an activity column (default: the names).
    :param shown_path: how to name the file in messages and ``source_file`` (default: its path).
    :raises ConfigError: a needed column is missing.
    :raises InputDataError: the file cannot be read or a row holds an invalid value.
    """
    return read_many([(site, source, shown_path or str(source.path))], activities=activities, aliases=aliases)


def read_many(
    jobs: Sequence[tuple[str | None, BillSource, str]],
    *,
    activities: Mapping[str, Mapping[str, str]],
    aliases: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    corrections: Sequence[float] | None = None,
    intervals: list[pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Read bill files into one canonical table: each file read on its own, every column parsed
    once for all of them (a thousand small files cost about what one big one does).

    :param jobs: (site id or None for a site column, ``bills[]`` entry, name shown in messages).
    :param corrections: per job, the volume correction its site's region applies with a gas
        calorific value (1.02264 in GB, 1 elsewhere, 0 where fuel energy is net, NaN unknown);
        a ``volume_correction:`` in the entry wins, except over 0 (see :func:`with_calorific_value`).
    :param progress: called as ``progress(files_done, files)``.
    :param intervals: where the per meter-day figures of interval files are added (one table per
        file, :data:`carbon_cli.bills.interval.STAT_COLUMNS`), for the interval checks.
    :raises ConfigError: a needed column is missing.
    :raises InputDataError: a file cannot be read or a row holds an invalid value.
    """
    parts: list[pd.DataFrame] = []
    headers, files, first_rows, cvs, vcfs = {}, [], [], [], []
    given_rows: dict[int, np.ndarray] = {}  # interval files: each day's first row, by part
    for done, (site, source, name) in enumerate(jobs):
        if progress is not None:
            progress(done, len(jobs))
        layout = interval_layout.detect(source, name)
        if layout is not None:  # intervals, summed to daily bills while read
            raw, stats = interval.read_days(source, name, layout, site)
            given_rows[len(parts)] = raw.pop("_row").to_numpy()
            columns = {column: column for column in raw.columns}
            if intervals is not None:
                intervals.append(stats)
        else:
            raw = read_table(
                Path(source.path),
                name,
                sheet=source.sheet,
                sheet_index=source.sheet_index,
                header_row=source.header_row,
            )
            columns = map_columns(raw, source, name, need_site=site is None, need_activity=source.activity is None)
        if "unit" not in columns and not source.unit:
            raise ConfigError(
                "no unit column and no default unit",
                where=name,
                fix=f"Add unit: (e.g. unit: kWh) to this bill in the site YAML ({units.ACCEPTED})",
            )
        parts.append(raw[list(columns.values())].set_axis(list(columns), axis=1))
        headers[name] = columns
        files.append((name, site, source.activity, source.unit, source.meter or source.path.stem, source.decimal))
        first_rows.append(source.header_row + 1)
        cvs.append(calorific_value(source.cv, f"{name} (cv: in the site YAML)"))
        default = corrections[done] if corrections is not None else float("nan")
        vcfs.append(default if default == 0 or source.volume_correction is None else source.volume_correction)
    if progress is not None:
        progress(len(jobs), len(jobs))
    if not parts:
        return empty()
    raw = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    # What each file's YAML entry says, spread over its rows once for all files.
    lengths = np.array([len(part) for part in parts])
    file_of_row = np.repeat(np.arange(len(parts)), lengths)
    offsets = np.cumsum(lengths) - lengths
    raw["_row"] = np.arange(len(raw)) - offsets[file_of_row] + np.array(first_rows)[file_of_row]
    if given_rows:
        row_numbers = raw["_row"].to_numpy().copy()
        for part, given in given_rows.items():
            row_numbers[offsets[part] : offsets[part] + lengths[part]] = given
        raw["_row"] = row_numbers
    for position, column in enumerate(("_file", "_site", "_activity", "_unit", "_meter", "_decimal")):
        raw[column] = _per_file([file[position] for file in files], file_of_row)
    raw["_cv"], raw["_vcf"] = np.array(cvs, dtype="float64")[file_of_row], np.array(vcfs, dtype="float64")[file_of_row]
    fields = [c for c in raw.columns if not c.startswith("_")]
    # A row is blank when every cell is; only rows with a blank quantity can be (few, so the
    # other columns are looked at on those rows alone).
    maybe = blank_cells(raw[["quantity"]])["quantity"].to_numpy()
    if maybe.any():
        empty_rows = np.zeros(len(raw), dtype=bool)
        empty_rows[maybe] = blank_cells(raw.loc[maybe, fields]).all(axis=1).to_numpy()
        raw = raw[~empty_rows].reset_index(drop=True)
    rows = Rows(raw["_file"].to_numpy(), raw["_row"].to_numpy(), headers)

    frame = pd.DataFrame(index=raw.index)
    frame["site"] = _own_or_column(raw, "_site", "site", rows)
    meter = cells.text(raw["meter"]) if "meter" in raw else pd.Series("", index=raw.index)
    frame["meter"] = meter.where(meter != "", raw["_meter"])
    own = raw["_activity"].notna()
    frame["activity"] = raw["_activity"]
    if len(own) and not own.any():  # one table for all activities: its activity column throughout
        frame["activity"] = activity_column(
            raw["activity"], rows, "activity", aliases or {a: a for a in activities}, activities
        )
    elif not own.all():  # site files and shared tables in one run
        frame["activity"] = raw["_activity"].astype("object")
        frame.loc[~own, "activity"] = activity_column(
            raw.loc[~own, "activity"], rows, "activity", aliases or {a: a for a in activities}, activities
        )
    frame["period_start"] = parse_dates(raw["start"], rows, "start")
    frame["period_end"] = parse_dates(raw["end"], rows, "end")
    backwards = frame["period_end"] < frame["period_start"]
    if backwards.any():
        row = int(frame.index[backwards][0])
        end, start = frame["period_end"].at[row], frame["period_start"].at[row]
        raise InputDataError(
            f"end {end:%Y-%m-%d} is before start {start:%Y-%m-%d}",
            where=rows.at(row),
            fix="Swap the dates or correct the one that is wrong",
        )
    decimal = raw["_decimal"]
    frame["bill_quantity"] = parse_numbers(raw["quantity"], rows, "quantity", decimal=decimal)
    frame["bill_unit"], from_column = bill_units(raw, rows)
    frame["quantity"], frame["unit"] = to_canonical(frame, rows, activities, from_column)
    cv = raw["_cv"]
    cv_in_column = pd.Series(False, index=raw.index)
    if "cv" in raw:
        cells_cv = parse_numbers(raw["cv"], rows, "cv", required=False, decimal=decimal)
        cv_in_column = cells_cv.notna()
        cv = cells_cv.where(cv_in_column, cv)
    with_calorific_value(frame, rows, cv, raw["_vcf"].to_numpy(), cv_in_column)
    refuse_absurd(frame, rows)
    frame["cost"] = (
        parse_numbers(raw["cost"], rows, "cost", required=False, decimal=decimal, largest=MAX_AMOUNT)
        if "cost" in raw
        else float("nan")
    )
    frame["estimated"] = parse_flags(raw["estimated"], rows, "estimated") if "estimated" in raw else False
    frame["credit"] = parse_flags(raw["credit"], rows, "credit") if "credit" in raw else False
    frame["source_file"] = (
        raw["_file"].astype("str").astype("category")
        if not isinstance(raw["_file"].dtype, pd.CategoricalDtype)
        else raw["_file"]
    )
    frame["source_row"] = raw["_row"].astype("int64")
    # Few distinct values in a million rows: as categories every later sort, group and copy
    # moves small integer codes instead of text.
    return frame[CANONICAL_COLUMNS].astype({column: "category" for column in TEXT_COLUMNS})


def _per_file(values: Sequence[str | None], file_of_row: Any) -> pd.Categorical:
    """One value (or none) per file, spread over the file's rows as a category."""
    codes, names = pd.factorize(pd.Series(np.array(values, dtype=object), dtype=object), use_na_sentinel=True)
    return pd.Categorical.from_codes(codes[file_of_row], names.astype("str") if len(names) else pd.Index([]))


def _own_or_column(raw: pd.DataFrame, own: str, column: str, rows: Rows) -> pd.Series:
    """The YAML's value (a site id) where given, else the file's column, which may not be empty."""
    given = raw[own]
    if given.notna().all():
        return given.astype("str")
    text = cells.text(raw[column]) if column in raw else given.astype("str").where(given.notna(), "")
    blank = given.isna() & (text == "")
    if blank.any():
        raise InputDataError(
            "is empty", where=rows.at(int(text.index[blank][0]), column), fix="Fill in the site id of every bill"
        )
    if given.isna().all():  # one table for all sites: every id is the file's
        return text
    return given.astype("str").where(given.notna(), text)


def empty() -> pd.DataFrame:
    """A canonical table with no rows and the right dtypes."""
    return pd.DataFrame(
        {
            "site": pd.Series(dtype="object"),
            "meter": pd.Series(dtype="object"),
            "activity": pd.Series(dtype="object"),
            "period_start": pd.Series(dtype="datetime64[s]"),
            "period_end": pd.Series(dtype="datetime64[s]"),
            "quantity": pd.Series(dtype="float64"),
            "unit": pd.Series(dtype="object"),
            "cost": pd.Series(dtype="float64"),
            "estimated": pd.Series(dtype="bool"),
            "source_file": pd.Series(dtype="object"),
            "source_row": pd.Series(dtype="int64"),
            "bill_quantity": pd.Series(dtype="float64"),
            "bill_unit": pd.Series(dtype="object"),
            "credit": pd.Series(dtype="bool"),
        }
    )
