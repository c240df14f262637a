"""Inspect a bill file: what the importer sees, before a site YAML is written or a run refused.

:func:`inspect_file` reads a file as ``carbon calc`` would (:mod:`.layout` finds the table,
:func:`~.headers.map_columns` picks a column per field) and reports every decision as data: the
sheets (hidden ones marked), the header block and how it was found, the column taken for each
field and why, the rows left out (titles, totals, blanks) and the first rows as parsed. Fields
are whatever ``map_columns`` returns, so a field added there is reported here without a change.

A file the importer would refuse is still inspected as far as it goes: the refusal is reported
(``problem``) next to the top rows of the sheet, so the user sees where the header really is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import grids
from ..config import BillSource
from ..errors import CarbonError, ConfigError
from .cells import Rows
from .dates import parse_dates
from .header_block import SCAN_ROWS, label
from .headers import DEFAULT_HEADERS, fold
from .layout import Skip, Table, _sheets, inspect_hint, read_tables, table_of
from .numbers import parse_numbers

__all__ = ["FIRST_ROWS", "Inspection", "Role", "inspect_file"]

#: How many data rows are shown as parsed.
FIRST_ROWS = 5
_DATES = ("start", "end")
_NUMBERS = ("quantity", "cost", "cv")


@dataclass(frozen=True)
class Role:
    """The column taken for a field, and why."""

    field: str
    column: str
    why: str


@dataclass
class Inspection:
    """What the importer sees in one file (see :func:`inspect_file`)."""

    file: str
    kind: str
    sheets: list[dict[str, Any]] = field(default_factory=list)
    sheet: str | None = None
    encoding: str | None = None
    separator: str | None = None
    header_rows: list[int] = field(default_factory=list)
    header_how: str = ""
    columns: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    data_rows: int = 0
    parsing: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problem: str | None = None
    top: list[list[str]] = field(default_factory=list)
    #: The error behind a note or the problem, by its text (for a renderer to put it in the
    #: chosen language); not part of the JSON.
    errors: dict[str, CarbonError] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON (keys may be added, never renamed)."""
        data = asdict(replace(self, errors={}))
        del data["errors"]
        data["schema"] = "carbon.inspect/1"
        return data


def inspect_file(path: str | Path, *, name: str | None = None, source: BillSource | None = None) -> Inspection:
    """What the importer sees in ``path`` read with the ``bills[]`` entry ``source`` (default:
    an entry naming only the path, so every setting is found from the file).

    :raises InputDataError: the file cannot be read at all (damaged, encrypted, not text).
    :raises ConfigError: the file type is not supported, or the sheet asked for is not there.
    """
    path = Path(path)
    name = name or str(path)
    source = source or BillSource(path=path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        (table,) = read_tables(source, name)
        found = Inspection(name, "parquet")
        _describe(found, table, source)
        return found
    if grids.is_csv(path):
        grid = grids.csv_grid(path, name, delimiter=source.delimiter, encoding=source.encoding)
        found = Inspection(name, "csv", encoding=grid.encoding, separator=grid.separator)
        return _inspect_grid(found, grid, source, inspect_hint(name))
    book = grids.workbook(path, name)
    found = Inspection(name, "workbook")
    try:
        chosen = _sheets(book, source)
    except ConfigError as exc:
        if source.sheet is not None or source.sheet_index is not None or source.sheets is not None:
            raise
        found.notes.append(str(exc))  # several sheets, or none, hold a table: show the first visible one
        found.errors[str(exc)] = exc
        chosen = [(s.name, f"{name}[{s.name}]") for s in book.sheets if not s.hidden][:1]
    read = {sheet for sheet, _ in chosen}
    found.sheets = [{"name": s.name, "hidden": s.hidden, "read": s.name in read} for s in book.sheets]
    if not chosen:
        found.problem = "no sheet to read"
        return found
    if len(chosen) > 1:
        found.notes.append(
            f"{len(chosen)} sheets are read with the same mapping; shown: '{chosen[0][0]}' "
            f"(pass --sheet NAME for another)"
        )
    sheet, shown = chosen[0]
    found.sheet = sheet
    hint = inspect_hint(name, None if sheet == book.names()[0] else sheet)
    return _inspect_grid(found, book.grid(sheet, shown), source, hint)


def _inspect_grid(found: Inspection, grid: grids.Grid, source: BillSource, hint: str) -> Inspection:
    try:
        table = table_of(grid, source, hint, need_site=False, need_activity=False)
    except CarbonError as exc:
        found.problem = str(exc)
        found.errors[str(exc)] = exc
        found.top = [[label(v) for v in row] for row in grid.cells.iloc[:SCAN_ROWS].itertuples(index=False)]
        return found
    _describe(found, table, source)
    return found


def _describe(found: Inspection, table: Table, source: BillSource) -> None:
    header = table.header
    found.header_rows = list(range(header.first, header.first + header.depth))
    found.header_how = header.how
    found.columns = list(header.names)
    found.roles = [_role(f, str(column), source, header.parts) for f, column in table.columns.items()]
    found.skipped = table.skipped
    found.data_rows = len(table.frame)
    found.rows, found.parsing = _first_rows(table, source, found.errors)


def _role(field_name: str, column: str, source: BillSource, parts: Mapping[str, str]) -> Role:
    if getattr(source.columns, field_name, None):
        return Role(field_name, column, f"mapped by columns.{field_name}")
    spellings = DEFAULT_HEADERS.get(field_name, [])
    if fold(column) in spellings:
        return Role(field_name, column, f"header '{column}' is a known spelling of {field_name}")
    if column in parts and fold(parts[column]) in spellings:
        return Role(field_name, column, f"its lower header '{parts[column]}' is a known spelling of {field_name}")
    return Role(field_name, column, "header matched")


def _first_rows(
    table: Table, source: BillSource, errors: dict[str, CarbonError]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The first rows of each mapped field, parsed the way the importer parses the whole column,
    and per parsed field what the parsing settled (or the refusal it would give, kept in ``errors``)."""
    columns = table.columns
    frame = table.frame[list(columns.values())].set_axis(list(columns), axis=1)
    rows = Rows(np.full(len(frame), table.name, dtype=object), table.rows, {table.name: columns})
    parsed: dict[str, pd.Series] = {}
    parsing: dict[str, str] = {}
    for field_name in columns:
        try:
            if field_name in _DATES:
                parsed[field_name] = parse_dates(frame[field_name], rows, field_name).dt.strftime("%Y-%m-%d")
                parsing[field_name] = "dates read"
            elif field_name in _NUMBERS:
                values = parse_numbers(frame[field_name], rows, field_name, required=False, decimal=source.decimal)
                parsed[field_name] = values
                parsing[field_name] = "numbers read" + (f" (decimal: '{source.decimal}')" if source.decimal else "")
        except CarbonError as exc:
            parsing[field_name] = f"would stop: {exc}"
            errors[str(exc)] = exc
    shown = []
    for position in range(min(FIRST_ROWS, len(frame))):
        row: dict[str, Any] = {"row": int(table.rows[position])}
        for field_name in columns:
            cell = frame[field_name].iat[position]
            value = parsed[field_name].iat[position] if field_name in parsed else cell
            row[field_name] = None if label(value) == "" else _plain(value)
        shown.append(row)
    return shown, parsing


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, int | float | str | bool):
        return value
    return label(value)
