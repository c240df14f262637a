"""`carbon factors list|show|sets`: browse the factor database and print full citations.

Thin: the selection lives in :mod:`carbon_cli.factors` (``listing``, ``lookup``); this module
parses options and formats. pandas is imported inside the commands, so ``carbon --help`` stays
free of it.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.text import Text

from ..errors import CarbonError
from .main import Format, fail, out

if TYPE_CHECKING:
    pass

app = typer.Typer(no_args_is_help=True, help="Browse the factor database: values, years, regions and citations.")

#: Columns of ``list --format csv|json``: the factor-file schema, then the set and the citation.
COLUMNS = [
    "id",
    "activity",
    "region",
    "year_from",
    "year_to",
    "gas",
    "value",
    "unit",
    "method",
    "basis",
    "publisher",
    "document",
    "edition",
    "table",
    "evidence",
    "note",
    "set",
    "citation",
]


def _plain(value: Any) -> Any:
    """JSON/CSV-ready: NaN and pandas NA become None, numpy scalars plain numbers."""
    if value is None:
        return None
    try:
        if value != value:  # NaN
            return None
    except (TypeError, ValueError):  # pandas NA refuses comparison
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _years(row: Mapping[Any, Any]) -> str:
    start, end = _plain(row["year_from"]), _plain(row["year_to"])
    if end is None:
        return f"{int(start)}-"
    return str(int(start)) if int(start) == int(end) else f"{int(start)}-{int(end)}"


def _records(frame: Any) -> list[dict[str, Any]]:
    records = []
    for row in frame.to_dict("records"):
        item = {column: _plain(row.get(column)) for column in COLUMNS}
        for key in ("year_from", "year_to"):
            if item[key] is not None:
                item[key] = int(item[key])
        records.append(item)
    return records


def _write(records: list[dict[str, Any]], format: Format) -> None:
    if format is Format.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]) if records else COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in records)
    sys.stdout.write(buffer.getvalue())


@app.command("list")
def list_factors(
    activity: Annotated[str | None, typer.Option("--activity", "-a", help="Only this activity (or alias).")] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", "-r", help="The rows a site in this region can use (its region chain), most specific first."
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", "-y", help="Only the edition the selection rule picks for this year.")
    ] = None,
    factor_set: Annotated[
        list[str] | None,
        typer.Option("--factor-set", help="Apply an opt-in set (repeatable), as a site naming it would."),
    ] = None,
    format: Annotated[
        Format, typer.Option("--format", "-f", help="table for people, json/csv for scripts.")
    ] = Format.table,
) -> None:
    """List factors with value, unit, years, region and source; filters narrow the list.

    Exit codes: 0 success, 2 unknown activity or set.
    """
    from rich.table import Table

    from .. import factors

    try:
        frame = factors.listing(activity=activity, region=region, year=year, sets=tuple(factor_set or ()))
    except CarbonError as error:
        fail(error)
    if format is not Format.table:
        _write(_records(frame), format)
        return
    table = Table(
        title=f"{len(frame)} factor rows (full citation: carbon factors show ID)", title_justify="left", show_edge=False
    )
    table.add_column("id", no_wrap=True)
    for column in ("region", "years", "gas", "value", "method/basis", "evidence", "set"):
        table.add_column(column, justify="right" if column == "value" else "left", overflow="fold")
    for row in frame.to_dict("records"):
        kind = "/".join(part for part in (row["method"], row["basis"]) if part)
        table.add_row(
            Text(row["id"]),
            Text(row["region"]),
            _years(row),
            row["gas"],
            f"{row['value']:g} {escape(row['unit'])}",
            kind,
            row["evidence"],
            row["set"],
        )
    out.print(table)


@app.command("show")
def show(
    factor_id: Annotated[
        str, typer.Argument(help="A factor or property id, as in `carbon factors list`.", show_default=False)
    ],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="table for people, json/csv for scripts.")
    ] = Format.table,
) -> None:
    """Print one factor with every field and its full citation.

    Exit codes: 0 success, 2 unknown id.
    """
    from rich.table import Table

    from .. import factors

    try:
        row = factors.lookup(factor_id)
    except CarbonError as error:
        fail(error)
    record = {key: _plain(value) for key, value in row.items()}
    if format is not Format.table:
        _write([record], format)
        return
    table = Table(show_header=False, show_edge=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for key in (
        "id",
        "activity",
        "region",
        "year_from",
        "year_to",
        "gas",
        "property",
        "value",
        "unit",
        "method",
        "basis",
        "set",
        "publisher",
        "document",
        "edition",
        "table",
        "evidence",
        "note",
        "citation",
    ):
        if key in record:
            value = record[key]
            table.add_row(
                key,
                Text(
                    "open-ended"
                    if key == "year_to" and value is None
                    else f"{value:g}"
                    if key == "value"
                    else str(value if value is not None else "")
                ),
            )
    out.print(table)


@app.command("sets")
def sets(
    format: Annotated[
        Format, typer.Option("--format", "-f", help="table for people, json/csv for scripts.")
    ] = Format.table,
) -> None:
    """List the factor sets: the default ones and those a site can opt into (factor_sets:, --factor-set)."""
    from rich.table import Table

    from .. import factors

    records = [dict(row) for row in factors.factor_sets().values()]
    if format is not Format.table:
        _write(records, format)
        return
    table = Table(title="Factor sets", title_justify="left", show_edge=False)
    for column in ("set", "default", "file", "replaces", "description"):
        table.add_column(column, overflow="fold")
    for row in records:
        table.add_row(*(Text(row[c]) for c in ("set", "default", "file", "replaces", "description")))
    out.print(table)
