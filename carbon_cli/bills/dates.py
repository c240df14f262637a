"""Dates of bill files: ISO text, Excel serial numbers, ``2021年3月1日``, real dates.

Each distinct value is parsed once. Ambiguous forms such as ``03/01/2021`` are refused, never
guessed. This module must not read other kinds of values.
"""

from __future__ import annotations

import re

import pandas as pd

from .cells import Rows, refuse_first

_EXCEL_EPOCH = "1899-12-30"  # Excel's day 0 (with its 1900 leap-year bug folded in)
_CJK_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")
_SEPARATED = re.compile(r"^\s*(\d{4})[./](\d{1,2})[./](\d{1,2})\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_SERIAL = re.compile(r"^\s*\d{5}(\.0+)?\s*$")
#: Excel serial numbers accepted as dates: 1954-10-03 to 2119-01-10. A bare 2021 is not a date.
_SERIAL_RANGE = (20_000, 80_000)


def parse_dates(values: pd.Series, name: str | Rows, column: str) -> pd.Series:
    """Parse a date column: ISO text, Excel serial numbers, ``2021年3月1日``, real dates.

    Ambiguous forms such as ``03/01/2021`` are refused rather than guessed.

    :raises InputDataError: naming the first row that is empty or cannot be read.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype) and len(values) and values.notna().all():
        return (
            values.dt.tz_localize(None).dt.normalize().astype("datetime64[s]")
            if values.dt.tz is not None
            else values.dt.normalize().astype("datetime64[s]")
        )
    # Bills repeat their dates: parse each distinct value once, then spread the results.
    text = isinstance(values.dtype, pd.StringDtype | pd.CategoricalDtype)
    codes, uniques = pd.factorize(values if text else values.astype(object), use_na_sentinel=True)
    parsed = _dates(pd.Series(uniques, dtype=object)).to_numpy()
    result = pd.Series(parsed[codes], index=values.index, dtype="datetime64[s]")
    result[codes < 0] = pd.NaT
    refuse_first(
        values,
        result.isna(),
        name,
        column,
        "cannot read date {}",
        "Write dates as YYYY-MM-DD (2021-03-01 or 2021年3月1日)",
    )
    return result


def _dates(values: pd.Series) -> pd.Series:
    """The dates :func:`parse_dates` reads, NaT where a value is not one (no error raised)."""
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    if not len(values):
        return result
    is_number, is_text = _kinds(values)
    is_date = ~is_number & ~is_text & values.notna()

    if is_date.any():
        result[is_date] = pd.to_datetime(values[is_date], errors="coerce").dt.normalize()
    text = values[is_text].astype(str).str.normalize("NFKC").str.strip()
    serial_text = text.str.match(_SERIAL.pattern)
    numbers = pd.concat([values[is_number].astype(float), pd.to_numeric(text[serial_text], errors="coerce")])
    if len(numbers):
        valid = numbers.notna() & numbers.between(*_SERIAL_RANGE)
        result[numbers.index[valid]] = pd.Timestamp(_EXCEL_EPOCH) + pd.to_timedelta(numbers[valid].round(), unit="D")
    text = text[~serial_text]
    if len(text):
        # Rewrite only what is not ISO already (regex replacement runs per cell).
        other = ~text.str.match(_ISO_DATE)
        if other.any():
            iso = (
                text[other]
                .str.replace(_CJK_DATE, r"\1-\2-\3", regex=True)
                .str.replace(_SEPARATED, r"\1-\2-\3", regex=True)
                .str.replace(_COMPACT, r"\1-\2-\3", regex=True)
            )
            iso = iso.str.replace(r"^(\d{4})-(\d)-", r"\1-0\2-", regex=True).str.replace(
                r"^(\d{4}-\d{2})-(\d)(?!\d)", r"\1-0\2", regex=True
            )
            text = text.copy()
            text[other] = iso
        # Only whole dates: pandas would read a bare "2021" as 1 January.
        text = text.where(text.str.match(_ISO_DATE))
        result[text.index] = pd.to_datetime(text, format="ISO8601", errors="coerce").dt.normalize()
    return result


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
