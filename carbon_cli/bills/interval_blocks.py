"""Interval files read block by block: the columns a reader needs, a few MB at a time.

pyarrow's streaming CSV reader (both cores) for the common case; pandas, line by line, when the
file holds blank lines between rows (pyarrow would skip them and shift every row number
after). Text columns come dictionary-encoded (:class:`Text`), values as float64, plain local
ISO timestamps as datetime64 parsed by pyarrow. Also what a block becomes (:class:`Block`,
codes for the meters and dates met block by block) and the clock helpers (a time of day, the
interval length). Summing the blocks is :mod:`.interval`'s job.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ..config import BillSource
from ..errors import InputDataError
from .interval_layout import Layout

#: Bytes of the file read and summed at a time.
BLOCK_BYTES = 16 * 1024**2


class Text:
    """A text column of a block as codes into its distinct values (trimmed)."""

    def __init__(self, codes: np.ndarray, uniques: list[str]) -> None:
        self.codes, self.uniques = codes, uniques

    @classmethod
    def of_arrow(cls, column: Any) -> Text:
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        encoded = column.dictionary_encode()
        uniques = [value.strip() for value in encoded.dictionary.to_pylist()]
        return cls(encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), uniques)

    @classmethod
    def of_pandas(cls, column: pd.Series) -> Text:
        codes, uniques = pd.factorize(column.fillna(""))
        return cls(codes.astype(np.int64), [str(value).strip() for value in uniques])

    def blank(self) -> np.ndarray:
        return np.array([not value for value in self.uniques], dtype=bool)[self.codes]

    def used(self) -> np.ndarray:
        """Which distinct values some row holds (after :meth:`take`, not all of them)."""
        used = np.zeros(len(self.uniques), dtype=bool)
        used[self.codes] = True
        return used

    def take(self, mask: np.ndarray) -> Text:
        return Text(self.codes[mask], self.uniques)


class BlankLine(Exception):
    """The fast reader met a blank line between data rows."""


class TextStamps(Exception):
    """A timestamp the fast reader could not read as one."""


PLAIN_STAMP = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?\s*$")


def plain_stamps(source: BillSource, layout: Layout) -> bool:
    """Whether the first timestamp is plain local ISO time (no offset), which pyarrow parses
    itself; a file of other forms is read as text (by the interval reader)."""
    if layout.stamp is None:
        return False
    with Path(source.path).open("rb") as handle:
        for _ in range(layout.header_line):
            handle.readline()
        line = handle.readline().decode(layout.encoding.replace("utf-8-sig", "utf-8"), errors="replace")
    cells = next(csv.reader([line]), [])
    return len(cells) > layout.stamp and bool(PLAIN_STAMP.match(cells[layout.stamp]))


def read_blocks(
    source: BillSource, name: str, layout: Layout, wanted: list[int], numeric: list[int], *, careful: bool, native: bool
) -> Iterator[tuple[dict[int, Any], np.ndarray]]:
    """Blocks of the columns ``wanted`` (by position: :class:`Text`, or float values for
    ``numeric`` ones, or datetime64 timestamps when ``native``) and each row's file row.

    Text stays dictionary-encoded: a block holds few distinct meters, dates and times.

    :param careful: read with pandas, line by line (blank lines keep their row numbers).
    :raises BlankLine: the fast reader met a blank line between rows (read again carefully).
    :raises TextStamps: pyarrow could not read a timestamp (read again with ``native`` off).
    """
    lay = layout
    path = Path(source.path)
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    names = [f"c{i}" for i in range(len(lay.names))]
    native = native and not careful
    decimal = source.decimal or "."
    first = lay.header_line + 1
    try:
        if not careful:
            blank = [0]  # blank lines met: pyarrow would skip them and shift the row numbers
            trailing = trailing_blank_lines(path)

            def skip_blank(row: Any) -> str:
                if row.text.strip():
                    return "error"
                blank[0] += 1
                return "skip"

            reader = pacsv.open_csv(
                path,
                read_options=pacsv.ReadOptions(
                    skip_rows=lay.header_line,
                    column_names=names,
                    block_size=BLOCK_BYTES,
                    encoding=lay.encoding.replace("utf-8-sig", "utf8"),
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=sep, ignore_empty_lines=False, invalid_row_handler=skip_blank
                ),
                convert_options=pacsv.ConvertOptions(
                    include_columns=[names[i] for i in wanted],
                    column_types={names[i]: _type(i, numeric, native and i == lay.stamp) for i in wanted},
                    decimal_point=decimal,
                    strings_can_be_null=False,
                ),
            )
            for batch in reader:
                size = batch.num_rows
                columns = {
                    i: batch.column(names[i]).to_numpy(zero_copy_only=False)
                    if i in numeric or (native and i == lay.stamp)
                    else Text.of_arrow(batch.column(names[i]))
                    for i in wanted
                }
                if blank[0] > trailing:
                    raise BlankLine
                yield columns, np.arange(first, first + size)
                first += size
            if blank[0] > trailing:
                raise BlankLine
            return
        chunks = pd.read_csv(
            path,
            sep=sep,
            header=None,
            names=names,
            usecols=[names[i] for i in wanted],
            skiprows=lay.header_line,
            dtype={names[i]: ("float64" if i in numeric else "str") for i in wanted},
            keep_default_na=False,
            na_values={names[i]: [""] for i in numeric},
            skip_blank_lines=False,
            chunksize=500_000,
            encoding=lay.encoding,
            decimal=decimal,
        )
        for frame in chunks:
            columns = {
                i: frame[names[i]].to_numpy("float64") if i in numeric else Text.of_pandas(frame[names[i]])
                for i in wanted
            }
            yield columns, np.arange(first, first + len(frame))
            first += len(frame)
    except (pa.ArrowInvalid, ValueError) as exc:
        if native and "timestamp" in str(exc):
            raise TextStamps from exc
        raise InputDataError(
            f"cannot read the interval values ({str(exc).strip().splitlines()[0]})",
            where=name,
            fix='Interval values must be plain numbers (1234.5); set decimal: "," for 1234,5',
        ) from exc


def _type(column: int, numeric: list[int], stamp: bool) -> Any:
    if column in numeric:
        return pa.float64()
    return pa.timestamp("s") if stamp else pa.string()


def trailing_blank_lines(path: Path) -> int:
    """Blank lines at the end of the file (they shift no row number)."""
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - 4096))
        tail = handle.read()
    body = tail.rstrip(b"\r\n \t")
    return max(0, tail[len(body) :].count(b"\n") - 1)


#: A clock time in a cell: 13:45, 1:45:00 PM.
TIME_OF_DAY = r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?\s*$"


@dataclass
class Block:
    """One block of intervals: meter id, day code, slot, value and file row of each."""

    meter: np.ndarray
    day: np.ndarray
    slot: np.ndarray
    value: np.ndarray
    row: np.ndarray


class Codes:
    """Stable integer codes for values met block by block (meters, dates)."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}

    def of(self, uniques: Any) -> np.ndarray:
        return np.array([self.index.setdefault(u, len(self.index)) for u in uniques], dtype=np.int64)

    def values(self) -> list[Any]:
        return list(self.index)


def mode_step(times: np.ndarray) -> int:
    """The most common gap between consecutive distinct times: the interval length."""
    gaps = np.diff(np.sort(times))
    gaps = gaps[gaps > 0]
    if not len(gaps):
        return 0
    values, counts = np.unique(gaps, return_counts=True)
    return int(values[counts.argmax()])


def clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
