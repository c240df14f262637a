"""Dates of bill files: ISO text, Excel serial numbers, ``2021年3月1日``, real dates, and the
forms of :mod:`.date_forms` (``15/12/2021``, ``12/15/21``, ``15-Dec-2021``, a time after the date).

Each distinct value is parsed once. Day first or month first is settled once per file from
all its date columns (:func:`parse_date_columns`), or by the bill's ``dates:``; never guessed
per value. This module must not read other kinds of values.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import date_forms
from .cells import Rows, refuse_first

_EXCEL_EPOCH = "1899-12-30"  # Excel's day 0 (with its 1900 leap-year bug folded in)
_CJK_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")
_SEPARATED = re.compile(r"^\s*(\d{4})[./](\d{1,2})[./](\d{1,2})\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_SERIAL = re.compile(r"^\s*\d{5}(\.0+)?\s*$")
#: Excel serial numbers accepted as dates: 1954-10-03 to 2119-01-10. A bare 2021 is not a date.
_SERIAL_RANGE = (20_000, 80_000)
#: Whole numbers read as YYYYMMDD (a workbook's 20211215 typed as a number).
_COMPACT_RANGE = (19_000_101, 21_001_231)
_FIX = "Write dates as YYYY-MM-DD (2021-03-01 or 2021年3月1日)"


def parse_dates(values: pd.Series, name: str | Rows, column: str, *, order: pd.Series | str | None = None) -> pd.Series:
    """Parse a date column: ISO text (a time after it is dropped), Excel serial numbers,
    ``2021年3月1日``, ``20211215``, ``15/12/2021``, ``15-Dec-2021``, real dates.

    Day first or month first is settled from this column alone (see :func:`parse_date_columns`).

    :raises InputDataError: naming the first row that is empty or cannot be read, or the column
        when day first and month first cannot be settled.
    """
    return parse_date_columns({column: values}, name, order=order)[column]


def parse_date_columns(
    columns: Mapping[str, pd.Series], name: str | Rows, *, order: pd.Series | str | None = None
) -> dict[str, pd.Series]:
    """Parse the date columns of the same rows (a bill's start and end) together: day first or
    month first is settled once per file from the values of all of them.

    :param order: each row's ``dates:`` from the YAML (``dayfirst``, ``monthfirst``; None or
        NaN: settle it from the values), or one for every row.
    :raises InputDataError: see :func:`parse_dates`; a file with day-first and month-first
        dates names a row of each.
    """
    results: dict[str, pd.Series] = {}
    pending = []
    for column, values in columns.items():
        if pd.api.types.is_datetime64_any_dtype(values.dtype) and len(values) and values.notna().all():
            results[column] = (
                values.dt.tz_localize(None).dt.normalize().astype("datetime64[s]")
                if values.dt.tz is not None
                else values.dt.normalize().astype("datetime64[s]")
            )
            continue
        # Bills repeat their dates: parse each distinct value once, then spread the results.
        text = isinstance(values.dtype, pd.StringDtype | pd.CategoricalDtype)
        codes, uniques = pd.factorize(values if text else values.astype(object), use_na_sentinel=True)
        parsed, day_first, month_first, evidence = _dates(pd.Series(uniques, dtype=object))
        result = pd.Series(parsed.to_numpy()[codes], index=values.index, dtype="datetime64[s]")
        result[codes < 0] = pd.NaT
        if (evidence != date_forms.NONE).any():
            row_evidence = np.where(codes >= 0, evidence[codes], date_forms.NONE)
            pending.append((column, values, codes, day_first.to_numpy(), month_first.to_numpy(), row_evidence))
        results[column] = result
    if pending:
        declared = _declared(order, next(iter(columns.values())).index)
        month_first_rows = date_forms.settle(
            [job[5] for job in pending], [job[0] for job in pending], [job[1] for job in pending], name, declared
        )
        for column, _values, codes, by_day, by_month, row_evidence in pending:
            numeric = row_evidence != date_forms.NONE
            chosen = np.where(month_first_rows, by_month[codes], by_day[codes])
            results[column][numeric] = chosen[numeric]
    for column, values in columns.items():
        bad = results[column].isna()
        if bad.any():
            refuse_first(values, bad, name, column, "cannot read date {}", _fix(order))
    return results


def _fix(order: pd.Series | str | None) -> str:
    """The fix for a date that cannot be read, naming the bill's ``dates:`` when it has one."""
    said = [order] if isinstance(order, str) else [] if order is None else list(pd.unique(order.dropna()))
    return f"{_FIX}; this bill says dates: {said[0]}" if len(said) == 1 and said[0] else _FIX


def _declared(order: pd.Series | str | None, index: pd.Index) -> np.ndarray:
    """Each row's ``dates:`` from the YAML: "dayfirst", "monthfirst" or "" (settle it)."""
    if order is None or isinstance(order, str):
        return np.full(len(index), order or "", dtype=object)
    marks = pd.Series(order, index=index).astype(object)
    return marks.where(marks.notna(), "").to_numpy(dtype=object, copy=True)


def _dates(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, np.ndarray]:
    """The dates :func:`parse_dates` reads, NaT where a value is not one (no error raised); and
    for day-and-month values both readings and what each tells (see :mod:`.date_forms`)."""
    year_first = _year_first(values)
    if year_first is None:
        return _any_form(values)
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    is_date, iso = year_first
    if is_date.any():
        result[is_date] = pd.to_datetime(values[is_date], errors="coerce").dt.normalize()
    if len(iso):
        text = pd.Series(iso, index=values.index[~is_date], dtype=object)
        result[text.index] = pd.to_datetime(text, format="ISO8601", errors="coerce").dt.normalize()
    return result, _no_dates(values), _no_dates(values), np.zeros(len(values), dtype=np.int8)


#: A date-only ISO text, the form most exports write.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _year_first(values: pd.Series) -> tuple[np.ndarray, list[str]] | None:
    """Start-up (issue 15): where every distinct value is a real date or year-first text
    (``2021-03-01``, ``2021年3月1日``), which are real dates and the others as ISO text, rewritten
    as :func:`_any_form` rewrites them; None where any value may need another reading (a time, a
    serial number, day and month, a month name), which :func:`_any_form` reads with the pandas
    calls a long column needs (dozens of them, most of the cost of a short run's dates)."""
    is_date = np.zeros(len(values), dtype=bool)
    iso: list[str] = []
    for at, value in enumerate(values.tolist()):  # distinct values, not rows
        if isinstance(value, dt.date) and not pd.isna(value):
            is_date[at] = True
        elif isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            if _ISO_DAY.fullmatch(text):
                iso.append(text)
            elif _CJK_DATE.match(text):
                text = _CJK_DATE.sub(r"\1-\2-\3", text)
                iso.append(_MONTH_DAY.sub(r"\1-0\2", _SHORT_MONTH.sub(r"\1-0\2-", text)))
            else:
                return None
        else:
            return None
    return is_date, iso


def _no_dates(values: pd.Series) -> pd.Series:
    """NaT for every value: no value is read day first or month first."""
    return pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")


#: A one-digit month or day of a rewritten date, padded as ISO wants it.
_SHORT_MONTH = re.compile(r"^(\d{4})-(\d)-")
_MONTH_DAY = re.compile(r"^(\d{4}-\d{2})-(\d)(?!\d)")


def _any_form(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, np.ndarray]:
    """:func:`_dates` for values of any form (see the module's text)."""
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    day_first, month_first = result.copy(), result.copy()
    evidence = np.zeros(len(values), dtype=np.int8)
    if not len(values):
        return result, day_first, month_first, evidence
    is_number, is_text = _kinds(values)
    is_date = ~is_number & ~is_text & values.notna()

    if is_date.any():
        result[is_date] = pd.to_datetime(values[is_date], errors="coerce").dt.normalize()
    # Distinct values only, so few: Python strings, whose regex calls cost a fraction of Arrow's
    # (pandas checks each pattern for Arrow's engine on every call; issue 15).
    text = values[is_text].astype(str).astype(object).str.normalize("NFKC").str.strip()
    serial_text = text.str.match(_SERIAL.pattern)
    numbers = pd.concat([values[is_number].astype(float), pd.to_numeric(text[serial_text], errors="coerce")])
    if len(numbers):
        valid = numbers.notna() & numbers.between(*_SERIAL_RANGE)
        # The day is the serial's whole part (44545.75 is 18:00 on 2021-12-15, not the 16th); a
        # slack of 1e-9 days (86 microseconds) keeps a midnight written with float noise
        # (44544.99999999999) on its own day.
        days = np.floor(numbers[valid] + 1e-9)
        result[numbers.index[valid]] = pd.Timestamp(_EXCEL_EPOCH) + pd.to_timedelta(days, unit="D")
        compact = numbers.notna() & numbers.between(*_COMPACT_RANGE) & (numbers % 1 == 0)
        if compact.any():
            text = pd.concat([text, numbers[compact].astype("int64").astype(str).astype(object)])
    text = text[~text.index.isin(numbers.index[numbers.notna() & numbers.between(*_SERIAL_RANGE)])]
    if len(text):
        # Rewrite only what is not ISO already (regex replacement runs per distinct value).
        other = ~text.str.match(_ISO_DATE)
        if other.any():
            rest = date_forms.without_time(text[other])
            day_first[rest.index], month_first[rest.index], found = date_forms.numeric_readings(rest)
            evidence[values.index.get_indexer(rest.index)] = found
            named = date_forms.named_months(rest)
            result[named.index[named.notna()]] = named[named.notna()]
            iso = (
                rest.str.replace(_CJK_DATE, r"\1-\2-\3", regex=True)
                .str.replace(_SEPARATED, r"\1-\2-\3", regex=True)
                .str.replace(_COMPACT, r"\1-\2-\3", regex=True)
            )
            iso = iso.str.replace(_SHORT_MONTH, r"\1-0\2-", regex=True).str.replace(_MONTH_DAY, r"\1-0\2", regex=True)
            text = text.copy()
            text[other] = iso.where(named.isna() & (found == date_forms.NONE))
        # Only whole dates: pandas would read a bare "2021" as 1 January.
        text = text.where(text.str.match(_ISO_DATE, na=False))
        text = text[text.notna()]
        result[text.index] = pd.to_datetime(text, format="ISO8601", errors="coerce").dt.normalize()
    return result, day_first, month_first, evidence


def _kinds(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Which cells are numbers and which are text; per cell only for mixed-type columns."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):
        return pd.Series(False, index=values.index), values.notna()
    if kind in ("integer", "floating", "mixed-integer-float"):
        return values.notna(), pd.Series(False, index=values.index)
    if kind in ("datetime", "datetime64", "date"):
        return pd.Series(False, index=values.index), pd.Series(False, index=values.index)
    # A mixed column (typed cells next to text cells, as Excel exports have): ask each cell.
    is_number = values.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool)).astype(bool)
    return is_number, values.map(lambda v: isinstance(v, str)).astype(bool)
