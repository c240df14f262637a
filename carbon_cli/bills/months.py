"""Billing months of bill files: ``202101``, ``2021-01``, ``2021/1``, ``2021年1月``, ``Jan-21``,
``January 2021``, ``01/2021``, and a real date cell on the 1st of a month.

A month column names the calendar month a bill is for: its first and last day become the bill's
start and end. A day in a month column (``2021-01-15``) is refused: it is not the month of a
bill, and which month it would mean (the bill's start? its reading date?) cannot be told. Each
distinct value is read once. This module reads months only.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputDataError, quoted
from .cells import Rows, is_blank, refuse_first, where
from .date_forms import MONTH_NAMES
from .dates import _dates

#: 202101 (a number or text): year and month run together.
_COMPACT = re.compile(r"^(\d{4})(\d{2})(?:\.0+)?$")
#: 2021-01, 2021/1, 2021.01, 2021年1月, 2021年01月份.
_YEAR_MONTH = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:月份?)?$")
#: 01/2021, 1-2021, 1.2021.
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{4})$")
#: Jan-21, Jan 2021, January 2021, Jan'21, Sept-2021.
_NAME_YEAR = re.compile(r"^([a-z]{3,9})\.?\s*[-/\s'’]?\s*(\d{2}|\d{4})$")
#: 2021-Jan, 2021 January.
_YEAR_NAME = re.compile(r"^(\d{4})\s*[-/\s]\s*([a-z]{3,9})\.?$")
_FIX = "Write billing months as 2021-01, 202101, 2021年1月 or Jan-21"


def parse_months(values: pd.Series, name: str | Rows, column: str) -> tuple[pd.Series, pd.Series]:
    """The first and last day of each row's billing month.

    :raises InputDataError: naming the first row that is empty, cannot be read as a month, or
        holds a day other than the 1st (a date, not a month).
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        values = values.astype(object)
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    months = np.array([_month(value) for value in uniques], dtype="int64") if len(uniques) else np.zeros(0, "int64")
    if len(uniques):
        # Values that are not months by their form: a date (a real cell, a serial, text) on the 1st is its month.
        unread = np.flatnonzero(months < 0)
        if len(unread):
            days = _dates(pd.Series(list(uniques[unread]), dtype=object))[0].to_numpy("datetime64[D]")
            first = days.astype("datetime64[M]")
            on_first = ~np.isnat(days) & (first.astype("datetime64[D]") == days)
            months[unread[on_first]] = first[on_first].astype("int64")
            day = np.full(len(uniques), False)
            day[unread[~np.isnat(days) & ~on_first]] = True
            if day.any():
                label = int(values.index[np.isin(codes, np.flatnonzero(day))][0])
                shown = values[label]
                shown = f"{shown:%Y-%m-%d}" if hasattr(shown, "strftime") else shown  # a date cell: its day
                raise InputDataError(
                    f"{quoted(shown)} is a day, not a billing month",
                    where=where(name, label, column),
                    fix="Write the month the bill is for (2021-01 or 202101), or map the bill's dates as "
                    "columns: {start: <header>, end: <header>} in the site YAML",
                )
    month = np.where(codes >= 0, months[codes] if len(months) else -1, -1)
    bad = pd.Series(month < 0, index=values.index)
    refuse_first(values, bad, name, column, "cannot read billing month {}", _FIX)
    start = month.astype("datetime64[M]")
    return (
        pd.Series(start.astype("datetime64[D]").astype("datetime64[s]"), index=values.index),
        pd.Series(((start + 1).astype("datetime64[D]") - 1).astype("datetime64[s]"), index=values.index),
    )


def _month(value: Any) -> int:
    """The month number since January 1970 that a value names by its form, or -1."""
    if is_blank(value) or isinstance(value, bool):
        return -1
    if isinstance(value, int | float | np.integer | np.floating):
        if float(value) != int(value):
            return -1
        value = str(int(value))
    if not isinstance(value, str):
        return -1
    text = value.strip().lower()
    found = _COMPACT.match(text)
    if found:
        return _number(int(found.group(1)), int(found.group(2)))
    found = _YEAR_MONTH.match(text)
    if found:
        return _number(int(found.group(1)), int(found.group(2)))
    found = _MONTH_YEAR.match(text)
    if found:
        return _number(int(found.group(2)), int(found.group(1)))
    found = _NAME_YEAR.match(text)
    if found and found.group(1) in MONTH_NAMES:
        return _number(_year(found.group(2)), MONTH_NAMES[found.group(1)])
    found = _YEAR_NAME.match(text)
    if found and found.group(2) in MONTH_NAMES:
        return _number(int(found.group(1)), MONTH_NAMES[found.group(2)])
    return -1


def _year(text: str) -> int:
    """A year of two digits as Excel and ``strptime`` read it: 00-29 is 20xx, 30-99 19xx."""
    year = int(text)
    if len(text) == 4:
        return year
    return 2000 + year if year < 30 else 1900 + year


def _number(year: int, month: int) -> int:
    if not (1 <= month <= 12 and 1900 <= year <= 2199):
        return -1
    return (year - 1970) * 12 + month - 1
