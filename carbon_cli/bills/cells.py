"""Cells of bill files: blank or not, as trimmed text, and where a cell is, to name it in a message.

The parsers of dates, numbers, flags and units build on these. This module must not parse
values itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputDataError, at_row, quoted


class Rows:
    """Where each row of a batch of bill files came from, to name it in a message.

    :func:`~carbon_cli.bills.read_many` parses the rows of many files at once; an error at a row
    of the batch is still reported as ``file row N, column 'header'`` of the file it came from.
    """

    def __init__(self, files: Any, rows: Any, headers: Mapping[str, Mapping[str, Any]]) -> None:
        self.files, self.rows, self.headers = files, rows, headers

    def at(self, label: int, field: str | None = None) -> str:
        name = str(self.files[label])
        header = self.headers.get(name, {}).get(field) if field else None
        return at_row(name, int(self.rows[label]), None if header is None else str(header))

    def column(self, label: int, field: str) -> str:
        """The column ``field`` of the file row ``label`` came from: ``file column 'header'``."""
        name = str(self.files[label])
        return at_row(name, None, str(self.headers.get(name, {}).get(field, field)))


def where(name: str | Rows, label: int, column: str | None = None) -> str:
    """A cell's place for a message: through :class:`Rows`, or ``name`` with ``label`` as its row."""
    return name.at(label, column) if isinstance(name, Rows) else at_row(name, label, column)


def column_at(name: str | Rows, label: int, column: str) -> str:
    """A column's place for a message: through :class:`Rows`, or ``name`` and ``column``."""
    return name.column(label, column) if isinstance(name, Rows) else at_row(name, None, column)


def file_of(name: str | Rows, labels: Any) -> Any:
    """The file each row of ``labels`` came from (all ``name`` when one file is read)."""
    if isinstance(name, Rows):
        return np.asarray(name.files, dtype=object)[np.asarray(labels)]
    return np.full(len(labels), name, dtype=object)


_CELLS_A_PASS = 1_000_000


def blank_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """True where a cell is empty: missing, or text of only white space (column-wise)."""
    blank = frame.isna().to_numpy(dtype=bool, copy=True)
    text = [
        position
        for position, dtype in enumerate(frame.dtypes)
        if not (pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype))
    ]
    # Text columns are trimmed several at a time, one after another in one Series: a pass per
    # column cost a handful of pandas operations each on a few dozen rows (issue 15: start-up);
    # at most a million cells a pass, so a big table is not copied whole.
    step = max(1, _CELLS_A_PASS // max(len(frame), 1))
    for first in range(0, len(text) if len(frame) else 0, step):  # no rows (a file without a title): no pass
        some = text[first : first + step]
        cells = pd.concat([frame.iloc[:, position] for position in some], ignore_index=True)
        spaces = cells.astype(str).str.strip().eq("").to_numpy(dtype=bool)
        blank[:, some] |= spaces.reshape(len(some), len(frame)).T
    return pd.DataFrame(blank, index=frame.index, columns=frame.columns)


def text(values: pd.Series) -> pd.Series:
    """A column as trimmed text, with "" for empty cells."""
    return values.astype(str).str.strip().where(values.notna(), "")


def is_blank(value: Any) -> bool:
    """Whether one cell is empty: None, NaN, or only white space."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def refuse_first(values: pd.Series, bad: pd.Series, name: str | Rows, column: str, problem: str, fix: str) -> None:
    """Raise for the first bad cell, naming its row: "is empty", or ``problem`` with the value."""
    if bad.any():
        row = int(values.index[bad][0])
        shown = values[row]
        what = "is empty" if is_blank(shown) else problem.format(quoted(shown))
        raise InputDataError(what, where=where(name, row, str(column)), fix=fix)
