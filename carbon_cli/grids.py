"""Grids: a bill file's cells as they are, with no header taken yet (CSV dialects, workbook sheets).

The header block of a real export is not always row 1 (a title row, a two-row header, an
account preamble), so bill files are first read as a grid of cells, row ``i`` of the grid being
row ``i + 1`` of the file; :mod:`carbon_cli.bills.layout` then finds the table in it.

- CSV: the encoding is settled from the bytes (a UTF-16 or UTF-8 byte-order mark, else UTF-8 when
  the whole file decodes, else GB18030) and the separator sniffed from the first lines among
  ``,`` ``;`` tab and ``|``; ``encoding:`` and ``delimiter:`` in the YAML override both.
- Workbooks: every sheet with whether it is hidden, the cells of the sheets read (through the
  guards of :mod:`carbon_cli.spreadsheets`), their merged ranges, and the formula cells saved
  without a computed value (which a reader would see as blank).

Nothing here maps headers or parses values.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import CalamineError, SheetVisibleEnum

from .errors import InputDataError
from .guards import check_input, limits
from .spreadsheets import (
    BILLS,
    CSV_SUFFIXES,
    EXCEL_SUFFIXES,
    FAST_CSV_BYTES,
    Kind,
    _check_file,
    _check_sheets,
    _sheet_titles,
    open_workbook,
    unsupported_type,
)
from .text_encoding import settle_encoding

__all__ = [
    "CSV_SUFFIXES",
    "SEPARATORS",
    "Grid",
    "SheetInfo",
    "csv_grid",
    "is_csv",
    "sniff_encoding",
    "sniff_separator",
    "workbook",
]

#: The separators sniffed in a CSV, in the order a tie is settled.
SEPARATORS = (",", ";", "\t", "|")
SEPARATOR_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
_SNIFF_BYTES = 256 * 1024
_SNIFF_LINES = 40


@dataclass
class Grid:
    """The cells of one CSV file or one workbook sheet.

    :param name: how messages name it (``bills.xlsx[Jan]`` for a sheet of several read).
    :param cells: positional columns 0..n-1; row ``i`` is the file's row ``i + 1``.
    :param merged: merged ranges as (first row, first column, last row, last column), from 0.
    :param uncached: formula cells saved without a value: (row, column) from 0 -> ``B7``.
    :param separator: the CSV separator used (None for a sheet).
    :param sheet: the sheet's name (None for a CSV).
    :param encoding: the CSV's text encoding as read (None for a sheet).
    :param quoted: the CSV holds a quote character (only then can a cell hold a line break).
    """

    name: str
    cells: pd.DataFrame
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)
    separator: str | None = None
    sheet: str | None = None
    encoding: str | None = None
    quoted: bool = False


@dataclass(frozen=True)
class SheetInfo:
    """A sheet of a workbook as :func:`workbook` lists it."""

    name: str
    hidden: bool


def sniff_encoding(data: bytes, name: str = "") -> str:
    """The encoding of a CSV from its bytes (:func:`carbon_cli.text_encoding.settle_encoding`):
    a byte-order mark, else UTF-8 when all of it decodes, else GB18030; UTF-8 with a few stray
    bytes, or single-byte text, is refused naming the byte."""
    return settle_encoding(data, name)


def sniff_separator(text: str) -> str:
    """The separator of a CSV from its first lines: the one that splits the most lines into the
    same number of fields (at least two); a title line of one field does not count against it."""
    lines = [line for line in text.splitlines()[:_SNIFF_LINES] if line.strip()]
    best, score = ",", (0, 0)
    for separator in SEPARATORS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=separator)]
        except csv.Error:
            continue
        wide = [count for count in counts if count > 1]
        if not wide:
            continue
        mode = max(set(wide), key=lambda count: (wide.count(count), count))
        candidate = (wide.count(mode), mode)
        if candidate > score:
            best, score = separator, candidate
    return best


def csv_grid(
    path: Path, name: str, *, delimiter: str | None = None, encoding: str | None = None, kind: Kind = BILLS
) -> Grid:
    """A CSV file's cells as text (``""`` for an empty cell), blank lines kept.

    :raises InputDataError: the file is not text in the encoding, holds far too many columns,
        or a quote opened in a row is never closed.
    """
    check_input(path, name)
    data = path.read_bytes()
    if not data:
        raise InputDataError("the file is empty", where=name, fix=kind.empty_fix)
    if encoding is None and len(data) >= FAST_CSV_BYTES and sniff_encoding(data[:4]) == "utf-8":
        # A large file: its head settles the separator; pyarrow checks the UTF-8 of the rest.
        head = data[:_SNIFF_BYTES].decode("utf-8", errors="replace")
        separator = delimiter or ("\t" if path.suffix.lower() == ".tsv" else sniff_separator(head))
        fast = _fast(path, data, separator, _width(head, separator, name, kind), "utf-8")
        if fast is not None:
            return Grid(name, fast, separator=separator, encoding="utf-8", quoted=b'"' in data)
    encoding = encoding or sniff_encoding(data, name)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputDataError(
            f"is not {encoding} text (byte {exc.start:,} cannot be read)",
            where=name,
            fix="Save the CSV as UTF-8, or give its encoding: on this bill entry in the site YAML",
        ) from exc
    separator = delimiter or ("\t" if path.suffix.lower() == ".tsv" else sniff_separator(text[:_SNIFF_BYTES]))
    width = _width(text[:_SNIFF_BYTES], separator, name, kind)
    quoted = '"' in text
    try:
        cells = pd.read_csv(
            io.StringIO(text.removeprefix("\ufeff")),
            sep=separator,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        raise InputDataError(_csv_problem(str(exc), separator), where=name, fix=_csv_fix(str(exc))) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputDataError("the file is empty", where=name, fix=kind.empty_fix) from exc
    return Grid(name, cells, separator=separator, encoding=encoding, quoted=quoted)


def _fast(path: Path, data: bytes, separator: str, width: int, encoding: str) -> pd.DataFrame | None:
    """A large UTF-8 CSV of one shape read by pyarrow's multi-threaded reader (5x faster on a
    million rows); None when the file needs the careful reader (small, blank lines that must keep
    their row numbers, another encoding, rows of different widths such as a title block)."""
    if len(data) < FAST_CSV_BYTES or encoding not in ("utf-8", "utf-8-sig"):
        return None
    # pyarrow skips blank lines, which would shift the row numbers in messages.
    if b"\n\n" in data or b"\n\r\n" in data:
        return None
    try:
        return pd.read_csv(
            path,
            sep=separator,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            engine="pyarrow",
            encoding="utf-8-sig",
        )
    except Exception:  # anything pyarrow cannot take (a title block, line breaks in cells...)
        return None


def _width(head: str, separator: str, name: str, kind: Kind) -> int:
    """The most fields a line of the first part of the file holds (the grid's width)."""
    lines = head.splitlines()[:-1] if len(head) == _SNIFF_BYTES else head.splitlines()
    widest = 1
    try:
        for number, row in enumerate(csv.reader(lines[:1000] or [""], delimiter=separator), start=1):
            if len(row) > limits().columns:
                raise InputDataError(
                    f"line {number} holds {len(row):,} columns, far more than a {kind.noun} table has",
                    where=name,
                    fix=f"Check the file is a {kind.noun} table saved as CSV (one row per line); "
                    f"at most {limits().columns:,} columns are read",
                )
            widest = max(widest, len(row))
    except csv.Error:
        pass  # a field too large or a broken quote: the CSV reader names it
    return widest


def _csv_problem(message: str, separator: str) -> str:
    quote = re.search(r"EOF inside string starting at row (\d+)", message)
    if quote:
        return f'row {int(quote.group(1)) + 1} opens a quote (") that is never closed'
    wide = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
    if wide:
        return (
            f"row {wide.group(2)} holds {wide.group(3)} fields split by {SEPARATOR_NAMES.get(separator, separator)}, "
            f"more than the {wide.group(1)} of the rows above"
        )
    return f"cannot read as CSV ({message.strip()})"


def _csv_fix(message: str) -> str:
    if "EOF inside string" in message:
        return "Remove the stray quote or close it, then save the CSV again"
    return "Check that row in a text editor, or give delimiter: on this bill entry in the site YAML"


# -- workbooks -------------------------------------------------------------------------------


class Workbook:
    """An opened workbook (after the file checks): its sheets, and each sheet's cells on demand."""

    def __init__(self, path: Path, name: str, kind: Kind = BILLS) -> None:
        self.path, self.name, self.kind = path, name, kind
        self._members = _check_file(path, name, kind)
        self._book = open_workbook(path, name)
        self.sheets = [
            SheetInfo(meta.name, meta.visible != SheetVisibleEnum.Visible) for meta in self._book.sheets_metadata
        ]

    def names(self) -> list[str]:
        return [sheet.name for sheet in self.sheets]

    def listed(self) -> str:
        """The sheets for a message: ``Jan, Feb, Notes (hidden)``."""
        return ", ".join(f"{s.name} (hidden)" if s.hidden else s.name for s in self.sheets) or "none"

    def head(self, sheet: str, rows: int) -> pd.DataFrame:
        """The first ``rows`` rows of a sheet (to look for its header block)."""
        return _frame(self._sheet(sheet).to_python(skip_empty_area=False, nrows=rows))

    def grid(self, sheet: str, shown: str) -> Grid:
        """A sheet's cells, merged ranges and uncached formulas; its extent checked first."""
        _check_sheets(self.path, self._members, self.name, self.kind, sheet)
        handle = self._sheet(sheet)
        try:
            cells = _frame(handle.to_python(skip_empty_area=False))
        except CalamineError as exc:
            raise InputDataError(
                f"cannot read sheet '{sheet}' ({exc})",
                where=self.name,
                fix="Check the sheet in Excel and save it again",
            ) from exc
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (handle.merged_cell_ranges or [])]
        return Grid(shown, cells, merged=merged, uncached=self._uncached(sheet), sheet=sheet)

    def _sheet(self, sheet: str) -> Any:
        try:
            return self._book.get_sheet_by_name(sheet)
        except CalamineError as exc:
            raise InputDataError(
                f"cannot read sheet '{sheet}' ({exc})",
                where=self.name,
                fix="Check the sheet in Excel and save it again",
            ) from exc

    def _uncached(self, sheet: str) -> dict[tuple[int, int], str]:
        """Formula cells of an .xlsx sheet saved without their computed value (never recalculated
        by the program that wrote them): a reader would see them blank."""
        if self.path.suffix.lower() not in (".xlsx", ".xlsm"):
            return {}
        with zipfile.ZipFile(self.path) as archive:
            part = next((p for p, title in _sheet_titles(archive).items() if title == f"sheet '{sheet}'"), None)
            if part is None:
                return {}
            xml = archive.read(part)
        if b"<f" not in xml:
            return {}
        found = {}
        for match in _UNCACHED.finditer(xml):
            ref = match.group(1).decode()
            letters = ref.rstrip("0123456789")
            column = 0
            for letter in letters:
                column = column * 26 + ord(letter) - 64
            found[(int(ref[len(letters) :]) - 1, column - 1)] = ref
        return found


#: A cell holding a formula and no value: ``<c r="B7"><f>SUM(B2:B6)</f></c>`` or ``...<v></v></c>``.
_UNCACHED = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>'
)


def workbook(path: Path, name: str, kind: Kind = BILLS) -> Workbook:
    """Open a workbook named ``path`` after the file checks (encrypted, zip bomb, not a workbook).

    :raises ConfigError: the file is not a workbook type.
    """
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise unsupported_type(path, name, kind)
    if check_input(path, name) == 0:
        raise InputDataError("the file is empty", where=name, fix=kind.empty_fix)
    return Workbook(path, name, kind)


def is_csv(path: Path) -> bool:
    return path.suffix.lower() in CSV_SUFFIXES


def _convert(value: Any) -> Any:
    """A cell as pandas' own workbook reader gives it (whole floats as int, dates as datetime)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime | timedelta | time):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


#: The texts pandas' own workbook reader takes as a missing cell (its default ``na_values``), so
#: a sheet reads as it did through ``pandas.read_excel``.
NA_TEXTS = frozenset(
    [
        "",
        "#N/A",
        "#N/A N/A",
        "#NA",
        "-1.#IND",
        "-1.#QNAN",
        "-NaN",
        "-nan",
        "1.#IND",
        "1.#QNAN",
        "<NA>",
        "N/A",
        "NA",
        "NULL",
        "NaN",
        "None",
        "n/a",
        "nan",
        "null",
    ]
)


def _frame(rows: list[list[Any]]) -> pd.DataFrame:
    frame = pd.DataFrame([[_convert(v) for v in row] for row in rows], dtype=object)
    for column in frame.columns:
        missing = frame[column].isin(NA_TEXTS)
        if missing.any():
            frame[column] = frame[column].where(~missing, float("nan"))
    return frame
