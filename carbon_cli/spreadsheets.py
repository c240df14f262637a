"""Spreadsheets: the one guarded reader of tabular input files (CSV, XLSX/XLS/ODS, Parquet).

Bill files and a portfolio's sites table are both read here, so both get the same checks: an
empty file, text saved with a workbook name, an encrypted or damaged workbook, a zip bomb, an
encoding that is neither UTF-8 nor GB18030. Every refusal is a one-line
:class:`~carbon_cli.errors.InputDataError` (or :class:`~carbon_cli.errors.ConfigError` for a
file type or sheet the YAML names wrongly) that names the file and the fix.

This module returns the file's cells as they are (text columns for CSV); it must not interpret
them: header mapping, dates, numbers and units belong to :mod:`carbon_cli.bills`, site rows to
:mod:`carbon_cli.portfolio`.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from .errors import ConfigError, InputDataError
from .guards import DEFAULTS, check_input, limits, shown_size
from .text_encoding import settle_encoding

__all__ = [
    "BILLS",
    "FAST_CSV_BYTES",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_PACKING_RATIO",
    "MAX_SHEET_CELLS",
    "MAX_UNPACKED_BYTES",
    "Kind",
    "check_spreadsheet",
    "read_table",
]


@dataclass(frozen=True)
class Kind:
    """What a file holds, as the messages name it.

    :param noun: the file's contents as an adjective ("bill": "a bill workbook").
    :param plural: what to export again ("the bills").
    :param empty_fix: the fix shown for an empty file.
    """

    noun: str
    plural: str
    empty_fix: str


BILLS = Kind("bill", "the bills", "Export the bills again; a template with headers comes from `carbon init`")

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

#: Guards against a decompression bomb in an .xlsx (a zip of XML) and a stray far-away cell: the
#: limits live in :mod:`carbon_cli.guards` (these names are their defaults). A reader lays a sheet
#: out as the rectangle from A1 to its last row and column, so one cell at XFD1048576 in a 2 KB
#: file asks for 17 billion cells (about 512 GiB). Real bill exports pack about 5-15x.
MAX_UNPACKED_BYTES = DEFAULTS.input_bytes
MAX_PACKING_RATIO = DEFAULTS.packing_ratio
MAX_SHEET_CELLS = DEFAULTS.sheet_cells
MAX_CELLS = DEFAULTS.cells
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 files, and encrypted Office 2007+ files
_ZIP = b"PK\x03\x04"

#: A table is refused beyond this many columns: a reader would build and de-duplicate every
#: column name first (a 10 MB line of ``x,x,...`` took minutes). Bill exports have a few dozen.
MAX_COLUMNS = DEFAULTS.columns

#: Files at least this big go through pyarrow's multi-threaded CSV reader (5x faster on a
#: million rows); smaller ones through pandas' C reader, which starts faster.
FAST_CSV_BYTES = 4 * 1024**2


def read_table(
    path: Path,
    name: str,
    *,
    sheet: str | int | None = None,
    sheet_index: int | None = None,
    header_row: int = 1,
    kind: Kind = BILLS,
) -> pd.DataFrame:
    """Read a CSV, workbook or Parquet file into a table of its cells, refusing hostile files.

    CSV cells come back as text (``""`` for an empty cell) and blank lines are kept, so that a
    table's row ``i`` is the file's row ``i + header_row + 1``; workbook cells keep their types.

    :param path: the file; its suffix picks the reader.
    :param name: how messages name the file.
    :param sheet: a workbook's sheet: the sheet of that name (``1`` names a sheet called "1"),
        else, for a number, the sheet at that position from 0 (default: the first).
    :param sheet_index: a workbook's sheet by position from 0, whatever the names.
    :param header_row: the row holding the headers, counted from 1.
    :param kind: what the file holds, for the wording of messages (default: bills).
    :raises ConfigError: the file type is not supported, the sheet is not in the workbook, or a
        number names one sheet and is the position of another.
    :raises InputDataError: the file is empty, damaged, encrypted, a zip bomb, not what its name
        says, or not UTF-8 / GB18030 text.
    """
    suffix = path.suffix.lower()
    header = header_row - 1
    if check_input(path, name) == 0:
        raise InputDataError("the file is empty", where=name, fix=kind.empty_fix)
    if suffix in CSV_SUFFIXES:
        sep = "\t" if suffix == ".tsv" else ","
        _check_width(path, sep, header_row, name, kind)
        fast = _read_csv_fast(path, sep, header)
        if fast is not None:
            return fast
        encoding = settle_encoding(path.read_bytes(), name)  # the whole file, never a prefix
        try:
            return pd.read_csv(
                path,
                sep=sep,
                dtype=str,
                keep_default_na=False,
                header=header,
                skip_blank_lines=False,
                encoding="utf-8-sig" if encoding == "utf-8" else encoding,
            )
        except UnicodeDecodeError as exc:
            raise InputDataError("is neither UTF-8 nor GB18030 text", where=name, fix="Save the CSV as UTF-8") from exc
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputDataError(
                f"cannot read as CSV ({str(exc).strip()})",
                where=name,
                fix="Save the sheet as CSV (comma-separated) and try again",
            ) from exc
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path, name, _Sheet(sheet, sheet_index), header, kind)
    if suffix == ".parquet":
        try:
            table = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises many types for a bad file
            raise InputDataError(
                f"cannot read as Parquet ({exc})", where=name, fix="Write the file again with pandas or pyarrow"
            ) from exc
        return table
    raise unsupported_type(path, name, kind)


def unsupported_type(path: Path, name: str, kind: Kind) -> ConfigError:
    """The error for a file whose type carbon does not read (a YAML named here is said to be one)."""
    if path.suffix.lower() in (".yaml", ".yml"):  # `carbon inspect site.yaml`, or a bills entry naming a YAML
        return ConfigError(
            f"is a YAML file, not a {kind.noun} file",
            where=name,
            fix="Give a .csv, .xlsx or .parquet file here; "
            "a site or portfolio YAML goes to carbon calc or carbon validate",
        )
    return ConfigError(
        f"unsupported {kind.noun} file type '{path.suffix or path.name}'", where=name, fix="Use .csv, .xlsx or .parquet"
    )


def check_spreadsheet(path: Path, name: str, kind: Kind = BILLS, *, sheet: str | None = None) -> None:
    """Refuse files that are not what their name says, encrypted workbooks, zip bombs and
    sheets whose cells reach too far (:data:`MAX_SHEET_CELLS`).

    :param path: a file named as a workbook (.xlsx, .xlsm, .xls, .ods).
    :param name: how messages name the file.
    :param kind: what the file holds, for the wording of messages (default: bills).
    :param sheet: the sheet that will be read: only its extent is checked (default: every sheet).
    :raises InputDataError: naming what the file really is and what to do.
    """
    _check_sheets(path, _check_file(path, name, kind), name, kind, sheet)


def _check_file(path: Path, name: str, kind: Kind) -> list[zipfile.ZipInfo]:
    """The file-level checks of :func:`check_spreadsheet`; returns the members of a zip workbook."""
    check_input(path, name)
    with path.open("rb") as handle:
        head = handle.read(4096)
    suffix = path.suffix.lower()
    if head.startswith(_OLE2):
        if suffix != ".xls":
            raise InputDataError(
                "is password-protected (an encrypted workbook)",
                where=name,
                fix="Open it in Excel, remove the password (File > Info > Protect Workbook) and save",
            )
        return []
    if not head.startswith(_ZIP):
        if suffix == ".xls" and head.lstrip().lower().startswith((b"<html", b"<!doctype", b"<table")):
            raise InputDataError(
                "is a web page saved with an .xls name", where=name, fix="Open it in Excel and save it as .xlsx"
            )
        if _looks_like_text(head):
            raise InputDataError(f"is a text (CSV) file, not a {suffix} workbook", where=name, fix="Rename it to .csv")
        raise InputDataError(
            f"is not a {suffix} workbook (unknown content)",
            where=name,
            fix="Open it in Excel and save it again as .xlsx",
        )
    try:
        members = zipfile.ZipFile(path).infolist()
    except zipfile.BadZipFile as exc:
        raise InputDataError(
            "is a damaged workbook (broken zip)", where=name, fix="Export it again, or open and repair it in Excel"
        ) from exc
    unpacked = sum(m.file_size for m in members)
    bounds = limits()
    bomb = any(
        m.file_size > 10 * 1024**2 and m.file_size > bounds.packing_ratio * max(m.compress_size, 1) for m in members
    )
    if bomb:
        raise InputDataError(
            f"unpacks to {unpacked / 1024**2:,.0f} MiB, far more than a {kind.noun} workbook holds",
            where=name,
            fix=f"Refusing a possible decompression bomb; export {kind.plural} as CSV",
        )
    if unpacked > bounds.input_bytes:
        raise InputDataError(
            f"unpacks to {shown_size(unpacked)}, over the {shown_size(bounds.input_bytes)} an input file may be",
            where=name,
            fix=f"Export {kind.plural} as CSV, or if the workbook really is this big raise the limit with "
            "--max-input-size (or CARBON_MAX_INPUT_SIZE)",
        )
    return members


def _check_sheets(path: Path, members: list[zipfile.ZipInfo], name: str, kind: Kind, sheet: str | None) -> None:
    """Check the extent of ``sheet``'s cells, or of every sheet's when it is None or not found."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return
    with zipfile.ZipFile(path) as archive:
        titles = _sheet_titles(archive)
        parts = [m for m in members if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")]
        wanted = [m for m in parts if titles.get(m.filename) == f"sheet '{sheet}'"] if sheet is not None else []
        for member in wanted or parts:
            _check_extent(archive, member, titles.get(member.filename, member.filename), name, kind)


#: References that make a sheet large, in a row's or a cell's ``r="..."``: a column of two or
#: three letters (AA and up) or a row number of six or seven digits (100,000 and up). A bill
#: table has few such references, so a normal workbook costs one pass of C-level matching.
_FAR = re.compile(rb' r="([A-Z]{2,3}[0-9]{1,7}|[A-Z]?[0-9]{6,7})"')
_NEAR = (99_999, 26)  # the most a sheet spans when no reference matches
_CHUNK = 16 * 1024**2


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part (``xl/worksheets/sheet1.xml``) -> ``sheet 'Name'`` as Excel shows it, as far
    as the workbook's small index files say; a part they do not name keeps its file name."""
    try:
        book = archive.read("xl/workbook.xml")
        links = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", links):
        ident, target = re.search(rb'\bId="([^"]*)"', tag), re.search(rb'\bTarget="([^"]*)"', tag)
        if ident and target:
            part = target.group(1).decode("utf-8", "replace").lstrip("/")
            targets[ident.group(1)] = part if part.startswith("xl/") else "xl/" + part
    titles = {}
    for tag in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        title, ident = re.search(rb'\bname="([^"]*)"', tag), re.search(rb'\br:id="([^"]*)"', tag)
        if title and ident and ident.group(1) in targets:
            titles[targets[ident.group(1)]] = f"sheet '{title.group(1).decode('utf-8', 'replace')}'"
    return titles


def _check_extent(archive: zipfile.ZipFile, member: zipfile.ZipInfo, sheet: str, name: str, kind: Kind) -> None:
    """Refuse a worksheet whose cells span more than :data:`MAX_SHEET_CELLS` (A1 to its last cell).

    The XML is read in chunks (a workbook may unpack to 2 GiB) and only far references are
    looked at, so a normal workbook costs one fast pass.
    """
    last_row, last_column = _NEAR
    far_row = far_column = ""
    tail = b""
    bounds = limits()
    cells = 0
    with archive.open(member) as handle:
        while chunk := handle.read(_CHUNK):
            cells += chunk.count(b"<c ") + chunk.count(b"<c>")
            if cells > bounds.cells:
                raise InputDataError(
                    f"{sheet} holds more than {bounds.cells:,} cells, far more than a {kind.noun} workbook holds",
                    where=name,
                    fix=f"Export {kind.plural} as CSV (a CSV is read without this limit), or split the workbook",
                )
            text = tail + chunk
            for match in _FAR.finditer(text):
                ref = match.group(1)
                letters = ref.rstrip(b"0123456789")
                row, column = int(ref[len(letters) :]), _column_number(letters)
                if row > last_row:
                    last_row, far_row = row, f"row {row:,}"
                if column > last_column:
                    last_column, far_column = column, f"column {letters.decode()}"
            tail = text[-64:]  # a reference cut by the chunk boundary is found whole next time
    if last_row * last_column > bounds.sheet_cells:
        far = " and ".join(x for x in (far_column, far_row) if x)
        raise InputDataError(
            f"{sheet} reaches {far}: {last_row:,} rows by {last_column:,} columns counted from A1, far more "
            f"than a {kind.noun} workbook holds",
            where=name,
            fix=f"Delete the stray cells past the table in Excel and save, or export {kind.plural} as CSV",
        )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_width(path: Path, sep: str, header_row: int, name: str, kind: Kind) -> None:
    """Refuse a CSV whose first lines (up to the header row) hold more than :data:`MAX_COLUMNS`
    separators, before a CSV reader builds (and de-duplicates) that many column names."""
    with path.open("rb") as handle:
        head = handle.read(1024**2)
    for number, line in enumerate(head.split(b"\n")[:header_row], start=1):
        count = line.count(sep.encode()) + 1
        if count > limits().columns:
            shown = f"{count:,}" if len(line) < len(head) or number > 1 else f"more than {count:,}"
            raise InputDataError(
                f"line {number} holds {shown} columns, far more than a {kind.noun} table has",
                where=name,
                fix=f"Check the file is a {kind.noun} table saved as CSV (one row per line); "
                f"at most {MAX_COLUMNS:,} columns are read",
            )


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "\x00" not in text
    return False


def _read_csv_fast(path: Path, sep: str, header: int) -> pd.DataFrame | None:
    """A large UTF-8 CSV read by pyarrow, as text columns; None when the file needs the careful
    reader (small, blank lines that must keep row numbers, another encoding, line breaks in cells)."""
    if path.stat().st_size < FAST_CSV_BYTES:
        return None
    data = path.read_bytes()
    # pyarrow skips blank lines, which would shift the row numbers in messages.
    if b"\n\n" in data or b"\n\r\n" in data:
        return None
    try:  # pyarrow checks the UTF-8 itself: a GB18030 file raises and goes to the careful reader
        return pd.read_csv(
            path, sep=sep, dtype=str, keep_default_na=False, header=header, engine="pyarrow", encoding="utf-8-sig"
        )
    except Exception:  # anything pyarrow cannot take (line breaks in cells...): the careful reader
        return None


@dataclass(frozen=True)
class _Sheet:
    """The sheet the YAML asks for: ``sheet:`` (a name, or a number) or ``sheet_index:``."""

    given: str | int | None
    index: int | None

    def pick(self, sheets: list[str], name: str) -> str | int:
        """The sheet's name or position in ``sheets``; a name that matches wins, never a guess."""
        if self.index is not None:
            if self.index >= len(sheets):
                raise ConfigError(
                    f"no sheet at sheet_index {self.index}",
                    where=name,
                    fix=f"Sheets in this file (from 0): {_numbered(sheets)}",
                )
            return self.index
        if self.given is None:
            return 0
        if isinstance(self.given, str):
            if self.given not in sheets:
                raise ConfigError(
                    f"no sheet named '{self.given}'", where=name, fix=f"Sheets in this file: {', '.join(sheets)}"
                )
            return self.given
        named = str(self.given)
        if named in sheets:
            position = self.given
            if 0 <= position < len(sheets) and sheets[position] != named:
                raise ConfigError(
                    f"sheet: {position} could mean the sheet named '{named}' or the sheet at position "
                    f"{position} from 0 ('{sheets[position]}')",
                    where=name,
                    fix=f'Write sheet: "{named}" for the sheet named {named}, or sheet_index: {position} '
                    "for the position, in the site YAML",
                )
            return named
        if not 0 <= self.given < len(sheets):
            raise ConfigError(
                f"no sheet number {self.given}", where=name, fix=f"Sheets in this file (from 0): {_numbered(sheets)}"
            )
        return self.given


def _numbered(sheets: list[str]) -> str:
    return ", ".join(f"{position}: {sheet}" for position, sheet in enumerate(sheets))


def open_workbook(path: Path, name: str) -> CalamineWorkbook:
    """The workbook at ``path`` (checked by :func:`_check_file` first), opened by calamine.

    :raises InputDataError: it is password-protected or cannot be opened, naming ``name``.
    """
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise InputDataError(
            "is password-protected", where=name, fix="Open it in Excel, remove the password and save"
        ) from exc
    except CalamineError as exc:
        raise InputDataError(
            f"cannot open as a spreadsheet ({exc})", where=name, fix="Open it in Excel and save it again as .xlsx"
        ) from exc


def _read_excel(path: Path, name: str, wanted: _Sheet, header: int, kind: Kind) -> pd.DataFrame:
    members = _check_file(path, name, kind)
    workbook = open_workbook(path, name)
    names = list(workbook.sheet_names)
    sheet = wanted.pick(names, name)
    # Only the sheet read is laid out by the engine: its extent alone is checked.
    _check_sheets(path, members, name, kind, names[sheet] if isinstance(sheet, int) else sheet)
    try:
        return pd.read_excel(path, sheet_name=sheet, engine="calamine", header=header, dtype=object)
    except (CalamineError, ValueError) as exc:
        raise InputDataError(
            f"cannot read sheet '{sheet}' ({exc})", where=name, fix="Check the sheet in Excel and save it again"
        ) from exc
