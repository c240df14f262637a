"""`carbon inspect FILE`: what the importer sees in a bill file, as a table or JSON.

Thin: :func:`carbon_cli.bills.inspect.inspect_file` decides, :mod:`carbon_cli.render.inspect_out`
formats. The options are the ``bills[]`` keys that change how a file is read, so a user can try
them before writing them into the site YAML.

Exit codes: 0 the file was inspected (even when the importer would refuse it: that is reported),
2 a usage error or a sheet that is not in the file, 3 a file that cannot be read at all.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import CarbonError, ConfigError
from .common import MaxInputSizeOption, emit, fail


class InspectFormat(StrEnum):
    table = "table"
    json = "json"


def inspect(
    file: Annotated[Path, typer.Argument(help="A bill file: .csv/.txt/.tsv, .xlsx/.xls/.ods or .parquet.")],
    sheet: Annotated[str | None, typer.Option("--sheet", help="The workbook sheet to inspect (a name).")] = None,
    header_row: Annotated[
        int | None, typer.Option("--header-row", min=1, help="The header row, from 1 (default: found).")
    ] = None,
    header_rows: Annotated[
        int | None, typer.Option("--header-rows", min=1, max=2, help="Rows the header spans: 1 or 2.")
    ] = None,
    delimiter: Annotated[str | None, typer.Option("--delimiter", help="A CSV's separator (default: sniffed).")] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="A CSV's encoding (default: settled).")] = None,
    column: Annotated[
        list[str] | None,
        typer.Option("--column", "-c", help="FIELD=HEADER, as columns: in the site YAML (repeatable)."),
    ] = None,
    format: Annotated[
        InspectFormat, typer.Option("--format", "-f", help="table for people, json for scripts.")
    ] = InspectFormat.table,
    max_input_size: MaxInputSizeOption = None,
) -> None:
    """Show how a bill file will be read: sheets, header block, the column taken for each field
    and why, rows left out (titles, totals, blanks) and the first rows as parsed.

    Exit codes: 0 inspected (a refusal the importer would give is part of the report), 2 usage
    error or unknown sheet, 3 the file cannot be read at all.
    """
    from pydantic import ValidationError

    from ..bills.inspect import inspect_file
    from ..config import BillSource
    from ..render import renderer

    if not file.is_file():
        fail(ConfigError(f"file '{file}' not found", fix="Give the path of a bill file"))
    entry: dict[str, object] = {"path": file, "sheet": sheet, "delimiter": delimiter, "encoding": encoding}
    if header_row is not None:
        entry["header_row"] = header_row
    if header_rows is not None:
        entry["header_rows"] = header_rows
    pairs = [item.partition("=") for item in column or []]
    bad = next(
        (item for item, (_, sep, header) in zip(column or [], pairs, strict=True) if not sep or not header), None
    )
    if bad is not None:
        fail(ConfigError(f"--column '{bad}' is not FIELD=HEADER", fix="Write e.g. --column quantity=电量/结算电量"))
    if pairs:
        entry["columns"] = {f.strip(): header.strip() for f, _, header in pairs}
    try:
        try:
            source = BillSource.model_validate({k: v for k, v in entry.items() if v is not None})
        except ValidationError as exc:
            first = exc.errors()[0]
            key = ".".join(str(part) for part in first["loc"])
            problem = f"{key}: " * bool(key) + first["msg"].removeprefix("Value error, ")
            raise ConfigError(problem, where="carbon inspect", fix="Check the option's value") from exc
        found = inspect_file(file, name=str(file), source=source)
    except CarbonError as error:
        fail(error)
    emit(renderer("inspection", format.value)(found))
