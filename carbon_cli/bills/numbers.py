"""Numbers and yes/no flags of bill files: quantities, costs, ``estimated`` and ``credit``.

Spaces and currency signs are dropped. Which mark is the decimal one (``1.234,5`` or
``1,234.5``) is settled once per file and column from all its text cells, or by the bill's
``decimal:`` in the YAML; a column where every such value reads both ways (``12,570``,
``12.570``) is refused, never guessed. Infinite and absurdly large numbers are refused too.
This module must not read dates or units.
"""

from __future__ import annotations

import math

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

#: The largest quantity a bill may hold, in its activity's own unit (kWh, m³, t, GJ): 1e15 kWh
#: is thirty times the world's yearly electricity use, so a bigger number is a typo or garbage.
MAX_QUANTITY = 1e15
#: The largest cost a bill may hold, in any currency.
MAX_AMOUNT = 1e15

#: A value both readings allow: one mark after 1-3 digits (not a leading 0), then 3 digits.
_AMBIGUOUS = r"^[-+]?[1-9]\d{0,2}[.,]\d{3}$"
#: Values only a decimal comma allows: 1.234,5 · 1.234.567 · 45,12 · 0,5 (ambiguous ones aside).
_COMMA_ONLY = r"^[-+]?(?:\d{1,3}(?:\.\d{3})+,\d*|\d{1,3}(?:\.\d{3}){2,}|\d+,\d*|,\d+)$"
#: Values only a decimal point allows: 1,234.5 · 1,234,567 · 12.57 · 0.5 · 1.5e3 (ambiguous ones aside).
_POINT_ONLY = r"^[-+]?(?:\d{1,3}(?:,\d{3})+\.\d*|\d{1,3}(?:,\d{3}){2,}|(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?)$"
#: Dots as thousands separators before a decimal comma.
_DOT_THOUSANDS = r"^[-+]?\d{1,3}(?:\.\d{3})+(?:,\d*)?$"
#: A number in accounting parentheses, a negative: (123) · (1.234,5).
_PARENTHESES = r"^\(([^()-]+)\)$"
#: A cell holding only a dash: nothing billed, an empty cell.
_DASH = r"[-‐‑‒–—―−]"
_SETTLE = 'decimal: "," or decimal: "." on this bill in the site YAML'
_POINT_FIX = "Write a plain number such as 1234.5 (a comma only between thousands: 1,234.5)"
_COMMA_FIX = 'Write a number with a decimal comma such as 1234,5 or 1.234,5 (the bill says decimal: ",")'


def parse_numbers(
    values: pd.Series,
    name: str | Rows,
    column: str,
    *,
    required: bool = True,
    decimal: pd.Series | str | None = None,
    largest: float = math.inf,
) -> pd.Series:
    """Parse a numeric column; spaces and currency signs are dropped, thousands separators too
    once each file's decimal mark is settled (from ``decimal``, else from the column's values).

    :param decimal: each row's decimal mark from the YAML ("," or "."; None or NaN: settle it
        from the values), or one mark for every row.
    :param largest: numbers beyond ± this are refused.
    :raises InputDataError: naming the first row whose value is not a number (or is empty,
        when ``required``), is infinite or beyond ``largest``; or naming the column and values
        when its decimal mark cannot be settled.
    """
    marks = _marks(decimal, values.index)
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.astype("float64")
        if not (required and numbers.isna().any()):
            return _refuse_beyond(values, numbers, name, column, largest)
    fast = _plain_numbers(values, marks)
    if fast is not None:
        return _refuse_beyond(values, fast, name, column, largest)
    values = values.astype(object)
    is_text = _text_cells(values)
    dash = np.zeros(len(values), dtype=bool)
    numbers = pd.Series(np.nan, index=values.index, dtype="float64")
    other = ~is_text & values.notna().to_numpy()
    if other.any():  # numbers (and dates, bools) of a workbook column that also holds text
        numbers[other] = pd.to_numeric(values[other], errors="coerce")
    if is_text.any():
        text = values[is_text].astype(str).str.normalize("NFKC").str.replace(r"[\s_¥$€£元]", "", regex=True)
        # Accounting forms: "(123)" is -123; a dash alone ("-", "—", "–") is an empty cell.
        dashes = text.str.fullmatch(_DASH)
        text = text.str.replace(_PARENTHESES, r"-\1", regex=True).where(~dashes, "")
        dash[is_text] = dashes.to_numpy(dtype=bool)
        settled = _settle(text, values, cells.file_of(name, text.index), marks[is_text], name, column)
        marks[is_text] = settled
        numbers[is_text] = _read(text, settled)
    blank = blank_cells(values.to_frame()).iloc[:, 0] | dash
    bad = numbers.isna() & (~blank | required)
    if bad.any() and dash[int(np.flatnonzero(bad.to_numpy())[0])]:
        row = int(values.index[bad][0])
        raise InputDataError(
            f"is empty ({quoted(values[row])} alone)",
            where=cells.where(name, row, str(column)),
            fix="Fill in the bill's amount",
        )
    if bad.any():
        comma = marks[int(np.flatnonzero(bad.to_numpy())[0])] == ","
        refuse_first(values, bad, name, column, "{} is not a number", _COMMA_FIX if comma else _POINT_FIX)
    return _refuse_beyond(values, numbers, name, column, largest)


def refuse_absurd(frame: pd.DataFrame, rows: Rows) -> None:
    """Refuse a bill whose quantity in its activity's unit is beyond :data:`MAX_QUANTITY`.

    :raises InputDataError: naming the row, what the bill says and what that is.
    """
    quantity = frame["quantity"].to_numpy(dtype="float64")
    bad = ~(np.abs(quantity) <= MAX_QUANTITY)
    if bad.any():
        row = int(frame.index[bad][0])
        said, unit = frame["bill_quantity"].at[row], frame["bill_unit"].at[row]
        raise InputDataError(
            f"{said:g} {unit} is {quantity[bad][0]:.3g} {frame['unit'].at[row]}, beyond the "
            f"{_plain(MAX_QUANTITY)} any bill holds",
            where=rows.at(row, "quantity"),
            fix="Check the quantity and its unit",
        )


def _marks(decimal: pd.Series | str | None, index: pd.Index) -> np.ndarray:
    """Each row's decimal mark from the YAML: ",", "." or "" (settle it from the values)."""
    if decimal is None or isinstance(decimal, str):
        return np.full(len(index), decimal or "", dtype=object)
    marks = pd.Series(decimal, index=index).astype(object)
    return marks.where(marks.notna(), "").to_numpy(dtype=object, copy=True)


def _text_cells(values: pd.Series) -> np.ndarray:
    """True where a cell holds text (a workbook's numbers and dates are already what they are)."""
    if isinstance(values.dtype, pd.StringDtype):
        return values.notna().to_numpy()
    return values.map(lambda value: isinstance(value, str)).to_numpy(dtype=bool)


def _settle(
    text: pd.Series, values: pd.Series, files: np.ndarray, marks: np.ndarray, name: str | Rows, column: str
) -> np.ndarray:
    """Each text cell's decimal mark, settled once per file: the YAML's, else the one its values
    allow ("" when no value has a mark).

    :raises InputDataError: a file's column holds both forms, or only values that read both ways.
    """
    array = pa.array(text.to_numpy(dtype=object), type=pa.large_string())  # regexes at C speed

    def matches(pattern: str) -> np.ndarray:
        return pc.match_substring_regex(array, pattern).to_numpy(zero_copy_only=False).astype(bool)

    ambiguous = matches(_AMBIGUOUS)
    comma = matches(_COMMA_ONLY) & ~ambiguous
    point = matches(_POINT_ONLY) & ~ambiguous
    codes, names = pd.factorize(pd.Series(files, dtype=object))
    declared = np.full(len(names), "", dtype=object)
    declared[codes] = marks

    def per_file(mask: np.ndarray) -> np.ndarray:
        return np.bincount(codes, weights=mask, minlength=len(names)) > 0

    has_comma, has_point, has_ambiguous = per_file(comma), per_file(point), per_file(ambiguous)
    free = declared == ""
    for problem, fix in (
        (free & has_comma & has_point, None),
        (free & has_ambiguous & ~has_comma & ~has_point, _SETTLE),
    ):
        if problem.any():
            _refuse_column(
                int(np.flatnonzero(problem)[0]), codes, (comma, point, ambiguous), text, values, name, column, fix
            )
    settled = np.where(free, np.where(has_comma, ",", np.where(has_point, ".", "")), declared)
    return settled[codes]


def _refuse_column(
    file: int,
    codes: np.ndarray,
    kinds: tuple[np.ndarray, np.ndarray, np.ndarray],
    text: pd.Series,
    values: pd.Series,
    name: str | Rows,
    column: str,
    settle: str | None,
) -> None:
    """Raise for a file's column whose decimal mark cannot be settled, showing a few values."""
    mine = codes == file
    comma, point, ambiguous = (kind & mine for kind in kinds)
    where = cells.column_at(name, int(text.index[mine][0]), column)

    def shown(mask: np.ndarray, count: int) -> str:
        return ", ".join(quoted(value) for value in pd.unique(values[text.index[mask]].astype(str))[:count])

    if settle is None:
        raise InputDataError(
            f"holds decimal commas ({shown(comma, 2)}) and decimal points ({shown(point, 2)})",
            where=where,
            fix=f"Correct the values that are wrong, or say which mark is meant with {_SETTLE}",
        )
    example = str(text[text.index[ambiguous][0]])
    mark = "," if "," in example else "."
    as_comma = float(example.replace(".", "").replace(",", ".")) if mark == "," else float(example.replace(".", ""))
    as_point = float(example.replace(",", ""))
    raise InputDataError(
        f"{shown(ambiguous, 3)} could have a decimal comma or a thousands separator, and no value in "
        "the column settles which",
        where=where,
        fix=f'Say which on this bill in the site YAML: decimal: "," reads {quoted(example)} as {as_comma:g}, '
        f'decimal: "." as {as_point:g}',
    )


def _read(text: pd.Series, marks: np.ndarray) -> pd.Series:
    """Numbers from cleaned text cells, each with its file's decimal mark ("" reads as ".")."""
    numbers = pd.Series(np.nan, index=text.index, dtype="float64")
    comma = marks == ","
    point_text = text[~comma]
    if len(point_text):  # a comma only between thousands: "1,5" would be read 10 times off
        point_text = point_text.where(
            ~point_text.str.contains(",", regex=False) | point_text.str.match(units.THOUSANDS)
        )
        numbers[~comma] = pd.to_numeric(point_text.str.replace(",", "", regex=False), errors="coerce")
    comma_text = text[comma]
    if len(comma_text):  # a dot only between thousands: "0.5" in a decimal-comma column is a typo
        comma_text = comma_text.where(~comma_text.str.contains(".", regex=False) | comma_text.str.match(_DOT_THOUSANDS))
        numbers[comma] = pd.to_numeric(
            comma_text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False), errors="coerce"
        )
    return numbers


def _refuse_beyond(values: pd.Series, numbers: pd.Series, name: str | Rows, column: str, largest: float) -> pd.Series:
    """The numbers, when every one is finite and within ± ``largest`` (NaN is a blank cell)."""
    array = numbers.to_numpy(dtype="float64")
    bad = ~np.isnan(array) & (np.isinf(array) | (np.abs(array) > largest))
    if bad.any():
        row = int(values.index[bad][0])
        value = array[bad][0]
        raise InputDataError(
            f"{quoted(values[row])} is "
            + ("infinite or too large for a number" if not math.isfinite(value) else f"beyond {_plain(largest)}"),
            where=cells.where(name, row, str(column)),
            fix="Write the bill's real amount as a plain number",
        )
    return numbers


def _plain(bound: float) -> str:
    """A bound as people write it: 1e15, not 1e+15."""
    return f"{bound:g}".replace("e+", "e")


def _plain_numbers(values: pd.Series, marks: np.ndarray) -> pd.Series | None:
    """A text column of plain finite numbers only ("1234.5", "-2e3"), read by pyarrow at C speed;
    None when any cell needs the careful reader (blank, "1,234", "¥12", "nan", "12.570" whose dot
    may be a thousands separator, a file with decimal commas ...)."""
    if not isinstance(values.dtype, pd.StringDtype) or not len(values) or (marks == ",").any():
        return None
    try:
        array = pa.array(values, type=pa.large_string())
        numbers = pc.cast(array, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None
    if not np.isfinite(numbers).all():
        return None
    if not (marks == ".").all() and pc.any(pc.match_substring_regex(array, _AMBIGUOUS)).as_py():
        return None
    return pd.Series(numbers, index=values.index)


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
