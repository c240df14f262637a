"""Numbers and yes/no flags of bill files: quantities, costs, ``estimated`` and ``credit``.

Thousands separators, spaces and currency signs are dropped; a comma that could be a decimal
comma is refused rather than guessed. This module must not read dates or units.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import units
from ..errors import InputDataError, quoted
from . import cells
from .cells import Rows, blank_cells, refuse_first

_TRUE = {"1", "true", "yes", "y", "e", "est", "estimated", "是", "估算", "估计", "x", "✓"}
_FALSE = {"", "0", "false", "no", "n", "a", "actual", "否", "实抄", "nan", "none"}


def parse_numbers(values: pd.Series, name: str | Rows, column: str, *, required: bool = True) -> pd.Series:
    """Parse a numeric column; thousands separators, spaces and currency signs are dropped.

    :raises InputDataError: naming the first row whose value is not a number (or is empty,
        when ``required``).
    """
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.astype("float64")
        if not (required and numbers.isna().any()):
            return numbers
    fast = _plain_numbers(values)
    if fast is not None:
        return fast
    values = values.astype(object)
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    blank = blank_cells(values.to_frame()).iloc[:, 0]
    retry = numbers.isna() & ~blank
    if retry.any():
        text = values[retry].astype(str).str.normalize("NFKC").str.replace(r"[\s_¥$€£元]", "", regex=True)
        # A comma only between thousands: "1,5" or "1.234,5" would be read 10 or 1000 times off.
        text = text.where(~text.str.contains(",", regex=False) | text.str.match(units.THOUSANDS))
        numbers[retry] = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    refuse_first(
        values,
        numbers.isna() & (~blank | required),
        name,
        column,
        "{} is not a number",
        "Write a plain number such as 1234.5 (a comma only between thousands: 1,234.5)",
    )
    return numbers


def _plain_numbers(values: pd.Series) -> pd.Series | None:
    """A text column of plain finite numbers only ("1234.5", "-2e3"), read by pyarrow at C speed;
    None when any cell needs the careful reader (blank, "1,234", "¥12", "nan" ...)."""
    if not isinstance(values.dtype, pd.StringDtype) or not len(values):
        return None
    try:
        numbers = pc.cast(pa.array(values, type=pa.large_string()), pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None
    return pd.Series(numbers, index=values.index) if np.isfinite(numbers).all() else None


def parse_flags(values: pd.Series, name: str | Rows, column: str) -> pd.Series:
    """Parse a yes/no column (yes, y, true, 1, E, 是, 估算 ...).

    :raises InputDataError: naming the first row that is neither yes nor no.
    """
    folded = cells.text(values).str.normalize("NFKC").str.lower().str.removesuffix(".0")
    bad = ~folded.isin(_TRUE | _FALSE)
    if bad.any():
        row = int(values.index[bad][0])
        raise InputDataError(
            f"{quoted(values[row])} is not yes or no",
            where=cells.where(name, row, str(column)),
            fix="Write yes/no, true/false, 1/0 or 是/否",
        )
    return folded.isin(_TRUE)
