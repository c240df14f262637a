"""Dates as exports write them: day or month first, month names, two-digit years, with a time.

``15/12/2021`` is day first and ``12/15/2021`` month first; ``03/04/2021`` reads both ways. Which
one a file writes is settled once per file from all its date cells (a day or month over 12 is
the evidence), or by the bill's ``dates: dayfirst`` / ``dates: monthfirst`` in the YAML; a file
whose every such date reads both ways is refused, and so is one with both kinds of evidence.
Never per value. Every function here works on the distinct values of a column (see
:func:`carbon_cli.bills.dates.parse_dates`), never one Python call per row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import InputDataError, quoted
from . import cells
from .cells import Rows

DAYFIRST, MONTHFIRST = "dayfirst", "monthfirst"
_SETTLE = "dates: dayfirst or dates: monthfirst on this bill in the site YAML"

#: A time after a date, with an optional AM/PM and zone: the date is the bill's local day.
_TIME = (
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?))?)?\s*$"
)
#: Day and month in either order, then the year: 15/12/2021, 12-15-21, 15.12.2021.
_NUMERIC = r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})$"
#: Day, month name, year: 15-Dec-2021, 15 December 21, 15.Dez.2021 is not English and not read.
_DAY_NAME = r"^(\d{1,2})[\s\-/.]*([A-Za-z]{3,9})\.?[\s\-/.,]*(\d{4}|\d{2})$"
#: Month name, day, four-digit year: Dec 15, 2021 · December 15th 2021.
_NAME_DAY = r"^([A-Za-z]{3,9})\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/.]*(\d{4})$"
#: English month names and their abbreviations, lower case -> 1..12 (also read by :mod:`.months`).
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
#: Two-digit years as POSIX strptime reads them: 69-99 are 1969-1999, 00-68 are 2000-2068.
PIVOT = 69

# What a distinct value tells about the order: nothing (not this form), day first only, month
# first only, the same date both ways (05/05/2021), two different dates (03/04/2021).
NONE, DAY, MONTH, SAME, BOTH = 0, 1, 2, 3, 4


def without_time(text: pd.Series) -> pd.Series:
    """Text dates with any time of day (and zone) after them removed."""
    return text.str.replace(_TIME, "", regex=True)


def full_year(years: pd.Series) -> pd.Series:
    """Four-digit years; two-digit ones by :data:`PIVOT`."""
    number = pd.to_numeric(years, errors="coerce")
    short = years.str.len() == 2
    return number.where(~short, number + np.where(number >= PIVOT, 1900, 2000))


def _iso(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    """Dates from numeric parts, NaT where they make no date (31 February, month 13)."""
    parts = pd.DataFrame({"year": year, "month": month, "day": day}).astype("float64")
    fine = parts.notna().all(axis=1) & parts["month"].between(1, 12) & parts["day"].between(1, 31)
    result = pd.Series(pd.NaT, index=year.index, dtype="datetime64[s]")
    if fine.any():
        ok = parts[fine].astype("int64")
        result[fine] = pd.to_datetime(ok, errors="coerce")
    return result


def named_months(text: pd.Series) -> pd.Series:
    """Dates with an English month name (15-Dec-2021, Dec 15, 2021), NaT elsewhere."""
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
    for pattern, (day, name, year) in ((_DAY_NAME, (0, 1, 2)), (_NAME_DAY, (1, 0, 2))):
        parts = text.str.extract(pattern)
        found = parts.notna().all(axis=1) & result.isna()
        if not found.any():
            continue
        parts = parts[found]
        month = parts[name].str.lower().map(MONTH_NAMES)
        result[found] = _iso(full_year(parts[year]), month, pd.to_numeric(parts[day]))
    return result


def numeric_readings(text: pd.Series) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Both readings of day-and-month dates (12/03/2021): day first, month first, and what each
    value tells (:data:`NONE`, :data:`DAY`, :data:`MONTH`, :data:`SAME`, :data:`BOTH`)."""
    parts = text.str.extract(_NUMERIC)
    form = parts.notna().all(axis=1).to_numpy()
    none = pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")
    if not form.any():
        return none, none, np.zeros(len(text), dtype=np.int8)
    year = full_year(parts[3])
    first, second = pd.to_numeric(parts[0]), pd.to_numeric(parts[2])
    day_first, month_first = _iso(year, second, first), _iso(year, first, second)
    d, m = day_first.notna().to_numpy(), month_first.notna().to_numpy()
    same = d & m & (first == second).to_numpy()
    evidence = np.select([~form, same, d & m, d, m], [NONE, SAME, BOTH, DAY, MONTH], NONE).astype(np.int8)
    return day_first, month_first, evidence


def settle(
    evidence: Sequence[np.ndarray],
    columns: Sequence[str],
    values: Sequence[pd.Series],
    name: str | Rows,
    declared: np.ndarray,
) -> np.ndarray:
    """Each row's order, settled once per file from the evidence of all its date columns.

    :param evidence: per column, each row's evidence (see :func:`numeric_readings`).
    :param declared: each row's ``dates:`` from the YAML ("" where none).
    :returns: True where a row's day-and-month dates are month first.
    :raises InputDataError: a file holds both day-first and month-first dates (naming a row of
        each), or only dates that read both ways (naming the column, two values and the key).
    """
    index = values[0].index
    files, names = pd.factorize(pd.Series(cells.file_of(name, index), dtype=object))
    count = len(names)
    said = np.full(count, "", dtype=object)
    said[files] = declared

    def per_file(kind: int) -> np.ndarray:
        hits = np.zeros(count, dtype=bool)
        for rows in evidence:
            hits |= np.bincount(files, weights=rows == kind, minlength=count) > 0
        return hits

    day, month, both = per_file(DAY), per_file(MONTH), per_file(BOTH)
    free = said == ""
    mixed = free & day & month
    if mixed.any():
        _refuse_mixed(int(np.flatnonzero(mixed)[0]), files, evidence, columns, values, name)
    open_ = free & both & ~day & ~month
    if open_.any():
        _refuse_open(int(np.flatnonzero(open_)[0]), files, evidence, columns, values, name)
    month_first = np.where(free, month, said == MONTHFIRST)
    return np.asarray(month_first[files], dtype=bool)


def _first(files: np.ndarray, file: int, rows: np.ndarray, kind: int) -> int | None:
    """The position of the file's first row with this evidence, or None."""
    found = np.flatnonzero((files == file) & (rows == kind))
    return int(found[0]) if len(found) else None


def _refuse_mixed(
    file: int,
    files: np.ndarray,
    evidence: Sequence[np.ndarray],
    columns: Sequence[str],
    values: Sequence[pd.Series],
    name: str | Rows,
) -> None:
    found = {}
    for kind in (DAY, MONTH):
        for rows, column, cells_ in zip(evidence, columns, values, strict=True):
            at = _first(files, file, rows, kind)
            if at is not None:
                found[kind] = (at, column, cells_)
                break
    (day_at, day_column, day_cells), (month_at, month_column, month_cells) = found[DAY], found[MONTH]
    day_label, month_label = int(day_cells.index[day_at]), int(month_cells.index[month_at])
    row = int(name.rows[month_label]) if isinstance(name, Rows) else month_label
    other = f"row {row}" + (
        f", column '{_header(name, month_label, month_column)}'" if month_column != day_column else ""
    )
    raise InputDataError(
        f"{quoted(day_cells.iloc[day_at])} is day first, but {other} holds {quoted(month_cells.iloc[month_at])}, "
        "which is month first",
        where=cells.where(name, day_label, day_column),
        fix="A file writes its dates one way: correct the date that is wrong",
    )


def _header(name: str | Rows, label: int, column: str) -> str:
    """The file's own header of a field (``start`` may be ``Begin Date``)."""
    if isinstance(name, Rows):
        return str(name.headers.get(str(name.files[label]), {}).get(column, column))
    return column


def _refuse_open(
    file: int,
    files: np.ndarray,
    evidence: Sequence[np.ndarray],
    columns: Sequence[str],
    values: Sequence[pd.Series],
    name: str | Rows,
) -> None:
    shown: list[str] = []
    where = None
    for rows, column, cells_ in zip(evidence, columns, values, strict=True):
        mine = np.flatnonzero((files == file) & (rows == BOTH))
        if not len(mine):
            continue
        if where is None:
            where = cells.column_at(name, int(cells_.index[mine[0]]), column)
        for value in pd.unique(cells_.iloc[mine].astype(str)):
            if value not in shown and len(shown) < 2:
                shown.append(value)
    example = shown[0].strip()
    text = pd.Series([without_time(pd.Series([example])).iloc[0]])
    day_first, month_first, _ = numeric_readings(text)
    raise InputDataError(
        f"{', '.join(quoted(value) for value in shown)} read{'' if len(shown) > 1 else 's'} both day first and "
        "month first, and no date "
        "of the file settles which",
        where=where,
        fix=f"Say which on this bill in the site YAML: dates: dayfirst reads {quoted(example)} as "
        f"{day_first.iloc[0]:%Y-%m-%d}, dates: monthfirst as {month_first.iloc[0]:%Y-%m-%d}",
    )
