"""Layout of bill files: where the table is (sheet, header block) and which rows are not bills.

Real exports put a title above the table, merge header cells across two rows (a State Grid
export: ``电量`` over ``抄见电量 | 变损电量 | 结算电量``), end with a ``合计`` or ``Total`` row, and
keep one month per sheet. This module finds the table in a file's grid of cells
(:mod:`carbon_cli.grids`):

- the header block: ``header_row:`` (and ``header_rows:``) when the YAML gives them, else the
  first of the top rows whose headers map every needed field (:func:`~.headers.map_columns`
  decides, so the rule follows whatever fields it needs); row 1 first, so a file whose header is
  row 1 reads as it always did;
- two-row headers flattened to ``top/bottom`` names, a merged top cell spread over the cells
  under it;
- total and subtotal rows (合计, 总计, 小计, Total, Subtotal, Grand total) and blank rows skipped,
  each named; merged cells of descriptive columns (unit, meter, site, activity) spread over the
  rows they cover; formula cells saved without a value refused;
- the sheets read: one (``sheet:``, ``sheet_index:``, else the first visible sheet whose header
  block is found) or several (``sheets:``), each with the same mapping.

Nothing here parses dates, numbers or units.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import grids
from ..config import BillSource
from ..errors import ConfigError, InputDataError, at_row
from ..notices import Notice
from ..spreadsheets import _Sheet, read_table
from .cells import blank_cells
from .header_block import SCAN_ROWS, HeaderBlock, depths_at, find_header, flatten, known, label
from .headers import fold, map_columns

__all__ = ["SCAN_ROWS", "HeaderBlock", "Skip", "Table", "find_header", "flatten", "read_tables", "total_rows"]

#: Fields whose merged cells (one unit or meter written once for several rows) apply to every row
#: they cover; a merged quantity, date or cost is never spread (that would count it twice).
SPREAD_FIELDS = ("unit", "meter", "site", "activity")
#: Fields of numbers: a total row holds its sums there, and its label elsewhere.
NUMBER_FIELDS = ("quantity", "cost", "cv")
#: A total row: its first words (after NFKC, lower case; Chinese with inner spaces removed).
_TOTAL = re.compile(r"^(?:grand\s*total|sub-?\s*total|total|合计|總計|总计|小计|小計)(?![a-z])")
_TOTAL_STARTS = frozenset("gGsStT合总總小ＴｔＧｇＳｓ")


@dataclass(frozen=True)
class Skip:
    """A row that is not a bill: ``title`` (above the header), ``total`` or ``blank``."""

    row: int
    reason: str
    text: str = ""


@dataclass
class Table:
    """A bill table found in a file: its data rows under their header names."""

    name: str
    frame: pd.DataFrame
    rows: np.ndarray
    columns: dict[str, Any]
    header: HeaderBlock
    skipped: list[Skip]
    sheet: str | None = None
    separator: str | None = None

    def totals(self) -> list[Skip]:
        return [skip for skip in self.skipped if skip.reason == "total"]


def skipped_notice(site: str, table: Table) -> Notice:
    """The ``info`` notice naming the total rows of a table that were left out."""
    totals = table.totals()
    shown = ", ".join(f"row {skip.row} ('{skip.text}')" for skip in totals[:5])
    more = f" and {len(totals) - 5} more" if len(totals) > 5 else ""
    return Notice("info", site, f"{table.name}: {len(totals)} total row(s) left out, not bills: {shown}{more}")


def inspect_hint(name: Path | str, sheet: str | None = None) -> str:
    """The pointer every layout refusal ends with: ``see `carbon inspect FILE```."""
    return f"see `carbon inspect {name}{'' if sheet is None else f' --sheet {sheet!r}'}`"


def read_tables(source: BillSource, name: str, *, need_site: bool = False, need_activity: bool = False) -> list[Table]:
    """The bill tables of one ``bills[]`` entry: one, or one per sheet of ``sheets:``.

    :raises ConfigError: no header block found, a needed column missing, a sheet not in the
        workbook (each naming the YAML key that settles it).
    :raises InputDataError: the file cannot be read, a formula cell has no value, a quote is left open.
    """
    path = Path(source.path)
    need = {"need_site": need_site, "need_activity": need_activity}
    workbook = path.suffix.lower() not in (".parquet", *grids.CSV_SUFFIXES)
    if source.sheets is not None and not workbook:
        raise ConfigError("sheets: is for workbooks", where=name, fix="Remove sheets: from this bill entry")
    if (source.delimiter or source.encoding) and not grids.is_csv(path):
        key = "delimiter" if source.delimiter else "encoding"
        raise ConfigError(f"{key}: is for CSV files", where=name, fix=f"Remove {key}: from this bill entry")
    if path.suffix.lower() == ".parquet":
        frame = read_table(path, name)
        header = HeaderBlock(1, 1, [str(c) for c in frame.columns], "the Parquet file's column names")
        columns = _mapped(frame.columns, source, name, inspect_hint(name), header, **need)
        return [Table(name, frame, np.arange(len(frame)) + 2, columns, header, [])]
    if grids.is_csv(path):
        grid = grids.csv_grid(path, name, delimiter=source.delimiter, encoding=source.encoding)
        return [table_of(grid, source, inspect_hint(name), **need)]
    book = grids.workbook(path, name)
    return [
        table_of(book.grid(sheet, shown), source, inspect_hint(name, None if shown == name else sheet), **need)
        for sheet, shown in _sheets(book, source, **need)
    ]


def _sheets(book: grids.Workbook, source: BillSource, **need: bool) -> list[tuple[str, str]]:
    """The sheets to read and how each is named: ``(sheet, shown name)``."""
    names, name = book.names(), book.name
    if source.sheets is not None:
        wanted = [source.sheets] if isinstance(source.sheets, str) else list(source.sheets)
        chosen: set[str] = set()
        for item in wanted:
            if item == "all":
                chosen |= {s.name for s in book.sheets if not s.hidden}
            elif item in names:
                chosen.add(item)  # named: read even when hidden
            elif any(ch in item for ch in "*?["):
                matched = {s.name for s in book.sheets if not s.hidden and fnmatch.fnmatchcase(s.name, item)}
                if not matched:
                    raise ConfigError(
                        f"no sheet matches '{item}' (sheets:)", where=name, fix=f"Sheets in this file: {book.listed()}"
                    )
                chosen |= matched
            else:
                raise ConfigError(
                    f"no sheet named '{item}' (sheets:)", where=name, fix=f"Sheets in this file: {book.listed()}"
                )
        ordered = [sheet for sheet in names if sheet in chosen]
        # A sheet with no cells at all holds no bills; any other must hold the table.
        return [(sheet, f"{name}[{sheet}]") for sheet in ordered if len(book.head(sheet, 1))]
    if source.sheet is not None or source.sheet_index is not None:
        picked = _Sheet(source.sheet, source.sheet_index).pick(names, name)
        return [(names[picked] if isinstance(picked, int) else picked, name)]
    visible = [s.name for s in book.sheets if not s.hidden]
    if not visible:
        raise ConfigError(
            "every sheet is hidden", where=name, fix=f"Name the sheet to read with sheet: ({book.listed()})"
        )
    if len(visible) == 1:
        return [(visible[0], name if visible[0] == names[0] else f"{name}[{visible[0]}]")]
    tables = [s for s in visible if find_header(book.head(s, SCAN_ROWS + 2), [], source, name, **need) is not None]
    if len(tables) == 1:
        return [(tables[0], name if tables[0] == names[0] else f"{name}[{tables[0]}]")]
    if tables:  # one sheet of several that hold bills would be read silently
        raise ConfigError(
            f"{len(tables)} sheets hold a bill table ({', '.join(tables)})",
            where=name,
            fix=f"Give sheets: all (or a list or glob such as sheets: [{tables[0]}, {tables[1]}]) to read them, "
            f"or sheet: <name> for one, in the site YAML; {inspect_hint(name)}",
        )
    raise ConfigError(
        f"no sheet holds a bill table: no header row found in the first {SCAN_ROWS} rows of {', '.join(visible)}",
        where=name,
        fix=f"Name the sheet with sheet: in the site YAML (sheets: {book.listed()}); {inspect_hint(name)}",
    )


def table_of(grid: grids.Grid, source: BillSource, hint: str, *, need_site: bool, need_activity: bool) -> Table:
    """The table in one grid: header block, mapping, the rows that are bills and those that are not."""
    cells, name = grid.cells, grid.name
    header = find_header(cells, grid.merged, source, name, need_site=need_site, need_activity=need_activity)
    if header is None:
        _no_header(grid, source, hint, need_site=need_site, need_activity=need_activity)
        raise AssertionError("unreachable")  # _no_header always raises
    first = header.first - 1 + header.depth
    body = cells.iloc[first:].copy()
    body.columns = pd.Index(header.names, dtype=object)
    columns = _mapped(body.columns, source, name, hint, header, need_site=need_site, need_activity=need_activity)
    _spread_merged(body, grid.merged, columns, first)
    skipped = [
        Skip(int(i) + 1, "title", _row_text(cells.iloc[int(i)]))
        for i in np.flatnonzero(~blank_cells(cells.iloc[: header.first - 1]).all(axis=1).to_numpy())
    ]
    blank = _blank_rows(body, columns)
    total = total_rows(body, skip={columns[f] for f in NUMBER_FIELDS if f in columns}) & ~blank
    skipped += [Skip(int(i) + first + 1, "blank") for i in np.flatnonzero(blank)]
    skipped += [Skip(int(i) + first + 1, "total", _row_text(body.iloc[int(i)])) for i in np.flatnonzero(total)]
    skipped.sort(key=lambda skip: skip.row)
    keep = ~(blank | total)
    rows = np.arange(len(body))[keep] + first + 1
    body = body[keep]
    _refuse_uncached(grid, header, columns, body.columns, rows, hint)
    if grid.quoted:
        _refuse_swallowed(body, rows, columns, name)
    return Table(name, body.reset_index(drop=True), rows, columns, header, skipped, grid.sheet, grid.separator)


def total_rows(body: pd.DataFrame, skip: Collection[Any] = ()) -> np.ndarray:
    """True for a total or subtotal row: a text cell starting with 合计, 总计, 小计, Total,
    Subtotal or Grand total, in any column but those of ``skip`` (the number columns, which hold
    the sums). Column-wise: each distinct text is looked at once."""
    found = np.zeros(len(body), dtype=bool)
    for position in range(body.shape[1]):
        column = body.iloc[:, position]
        if body.columns[position] in skip or pd.api.types.is_numeric_dtype(column.dtype) or not len(column):
            continue
        codes, distinct = pd.factorize(column)
        if not len(distinct):
            continue
        hit = np.fromiter((isinstance(v, str) and _is_total(v) for v in distinct), dtype=bool, count=len(distinct))
        if hit.any():
            found |= hit[codes] & (codes >= 0)
    return found


def _is_total(text: str) -> bool:
    return bool(text) and text.lstrip()[:1] in _TOTAL_STARTS and bool(_TOTAL.match(_fold_total(text)))


def _blank_rows(body: pd.DataFrame, columns: Mapping[str, Any]) -> np.ndarray:
    """True where every cell of a row is blank; only rows whose first mapped cell is blank can be."""
    if not len(body):
        return np.zeros(0, dtype=bool)
    first = next(iter(columns.values()), body.columns[0])
    maybe = blank_cells(body[[first]]).iloc[:, 0].to_numpy()
    blank = np.zeros(len(body), dtype=bool)
    if maybe.any():
        blank[maybe] = blank_cells(body[maybe]).all(axis=1).to_numpy()
    return blank


def _fold_total(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    return re.sub(r"\s+", "", folded) if re.match(r"[合总總小]\s*[计計]", folded) else folded


def _mapped(names: Any, source: BillSource, name: str, hint: str, header: HeaderBlock, **need: bool) -> dict[str, Any]:
    try:
        return map_columns(pd.DataFrame(columns=list(names)), source, name, parts=header.parts, **need)
    except ConfigError as exc:
        raise ConfigError(exc.problem, where=exc.where, fix=f"{exc.fix}; {hint}") from exc


def _no_header(grid: grids.Grid, source: BillSource, hint: str, **need: bool) -> None:
    """Raise the clearest refusal for a grid where no header block was found."""
    cells, name = grid.cells, grid.name
    if grid.separator is not None and len(cells):
        # What the lines look like joined back: the separator they hold, if not the one used.
        lines = cells.iloc[:SCAN_ROWS].astype(str).agg(grid.separator.join, axis=1).tolist()
        seen = grids.sniff_separator("\n".join(lines))
        used = grids.SEPARATOR_NAMES.get(grid.separator, repr(grid.separator))
        if seen != grid.separator:
            width = f"{cells.shape[1]} column{'s' if cells.shape[1] > 1 else ''}"
            raise InputDataError(
                f"reads as {width} with the separator {used}, but its lines are split by "
                f"{grids.SEPARATOR_NAMES[seen]}: no header row found",
                where=name,
                fix=f"Give the separator as delimiter: {_yaml_separator(seen)} on this bill entry in the site YAML; "
                + hint,
            )
    if not len(cells) or bool(blank_cells(cells).all(axis=None)):
        raise InputDataError("holds no cells", where=name, fix="Export the bills again; " + hint)
    # Name the fields missing in the likeliest row (row 1 when nothing looks like a header).
    best, depth, most = 0, 1, 0
    mapped = {fold(header) for header in source.columns.model_dump().values() if header}
    for top in range(min(SCAN_ROWS, len(cells))):
        if len({label(v) for v in cells.iloc[top]} - {""}) < 2:
            continue  # a title or a blank row
        for rows in depths_at(cells, grid.merged, top):
            names, parts = flatten(cells, top, rows, grid.merged)
            score = sum(1 for n in names if known(n, mapped)) + sum(1 for p in parts.values() if known(p, mapped))
            if score > most:
                best, depth, most = top, rows, score
    names, parts = flatten(cells, best, depth, grid.merged)
    header = HeaderBlock(best + 1, depth, names, "", parts)
    try:
        _mapped(names, source, name, hint, header, **need)
    except ConfigError as exc:
        if ((best, depth) == (0, 1) and most > 0) or "header_row" in source.model_fields_set:
            raise  # row 1 is the header, short of a column
        block = f"rows {best + 1}-{best + depth}" if depth > 1 else f"row {best + 1}"
        raise ConfigError(
            f"no header row found in the first {SCAN_ROWS} rows (the closest, {block}: {exc.problem})",
            where=name,
            fix=f"Give header_row: <row> (and header_rows: 2 for a two-row header) and columns: in the site YAML; "
            f"{hint}",
        ) from exc


def _yaml_separator(separator: str) -> str:
    return '"\\t" (a tab)' if separator == "\t" else f'"{separator}"'


def _spread_merged(
    body: pd.DataFrame, merged: list[tuple[int, int, int, int]], columns: Mapping[str, Any], first: int
) -> None:
    """A merged cell of a descriptive column (one unit written once for three rows) fills the rows it covers."""
    positions = {body.columns.get_loc(columns[f]): f for f in SPREAD_FIELDS if f in columns}
    for r0, c0, r1, c1 in merged:
        if r1 <= r0 or r0 < first:
            continue
        for column in range(c0, c1 + 1):
            if column in positions:
                value: Any = body.iat[r0 - first, c0]
                body.iloc[r0 - first : r1 - first + 1, column] = value


def _refuse_uncached(
    grid: grids.Grid, header: HeaderBlock, columns: Mapping[str, Any], names: pd.Index, rows: np.ndarray, hint: str
) -> None:
    """A formula cell with no saved value in the header block or a used cell: refused, never read as blank."""
    if not grid.uncached:
        return
    used = {names.get_loc(header_name) for header_name in columns.values()}
    kept = set((rows - 1).tolist())
    block = range(header.first - 1, header.first - 1 + header.depth)
    for (row, column), ref in sorted(grid.uncached.items()):
        if row in block or (row in kept and column in used):
            raise InputDataError(
                f"cell {ref} holds a formula saved without its value (it would read as blank)",
                where=at_row(grid.name, row + 1),
                fix="Open the workbook in Excel or LibreOffice and save it, so its values are stored; " + hint,
            )


def _refuse_swallowed(body: pd.DataFrame, rows: np.ndarray, columns: Mapping[str, Any], name: str) -> None:
    """A line break in a mapped CSV cell: a quote opened and closed rows later swallowed the lines between."""
    for field_name, header in columns.items():
        column = body[header]
        broken = column.astype(str).str.contains("\n", regex=False).to_numpy()
        if broken.any():
            row = int(rows[np.flatnonzero(broken)[0]])
            raise InputDataError(
                'holds a line break: a quote (") opened here swallows the lines after it',
                where=at_row(name, row, str(header)),
                fix=f"Remove the stray quote or close it in that row ({field_name}), then save the CSV again",
            )


def _row_text(row: pd.Series) -> str:
    text = " | ".join(label(v) for v in row if label(v))
    return text if len(text) <= 60 else text[:59] + "…"
