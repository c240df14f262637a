"""The front door: Typer commands that parse options, call the library and pick a renderer.

Thin on purpose. Heavy imports happen inside commands so that ``carbon --help`` stays instant.
The only error handling is :func:`_fail`, which turns a CarbonError into ``Error: ...`` on
stderr and its exit code (0 ok, 1 findings under --strict, 2 usage/config, 3 input data).
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from . import __version__
from .errors import CarbonError

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_show_locals=False,
                  help="Carbon footprint calculator: utility bills in, a cited Scope 1 + 2 inventory out.")
out = Console()
err = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class By(StrEnum):
    site = "site"
    scope = "scope"
    month = "month"
    activity = "activity"
    gas = "gas"


class Gwp(StrEnum):
    AR4 = "AR4"
    AR5 = "AR5"
    AR6 = "AR6"


def _fail(error: CarbonError) -> NoReturn:
    err.print(f"[bold red]Error:[/] {error}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code=error.exit_code)


def _version(value: bool) -> None:
    if value:
        out.print(f"carbon {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """Carbon footprint calculator: utility bills in, a cited Scope 1 + 2 inventory out."""


@app.command()
def calc(
    sites: Annotated[list[Path], typer.Argument(help="Site YAML file(s).", show_default=False)],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output: table for people, json/csv for scripts.")]
    = Format.table,
    by: Annotated[list[By] | None, typer.Option("--by", help="Breakdown dimension (repeatable). Default: all.")]
    = None,
    year: Annotated[int | None, typer.Option("--year", help="Report this calendar year only.")] = None,
    gwp: Annotated[Gwp | None, typer.Option("--gwp", help="GWP set, overriding the YAML.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notices on stderr.")] = False,
) -> None:
    """Calculate the inventory of one or more sites from their bills.

    Exit codes: 0 success, 2 usage or config error, 3 unreadable or invalid input data.
    """
    from .inventory import calculate

    try:
        inventory = calculate(sites, year=year, gwp=gwp.value if gwp else None)
    except CarbonError as error:
        _fail(error)
    dims = [b.value for b in by] if by else None
    if format is Format.json:
        from .render import json_out

        sys.stdout.write(json_out.render(inventory, dims or json_out.DIMENSIONS))
    elif format is Format.csv:
        from .render import csv_out

        sys.stdout.write(csv_out.render(inventory, dims or csv_out.DIMENSIONS))
    else:
        from .render import table

        table.render(inventory, out, dims)
    if not quiet:
        for notice in inventory.notices:
            style = "yellow" if notice.level == "warning" else "dim"
            err.print(f"[{style}]{notice.level}:[/] {notice.site}: ", end="", markup=True, highlight=False)
            err.print(notice.message, markup=False, highlight=False, soft_wrap=True)


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create the site in.", show_default=False)],
    year: Annotated[int, typer.Option("--year", help="Reporting year for the period.")] = dt.date.today().year - 1,
    force: Annotated[bool, typer.Option("--force", help="Replace existing template files.")] = False,
) -> None:
    """Write a site YAML and bill templates (XLSX and CSV) that `carbon calc` accepts as they are."""
    from .scaffold import init as scaffold

    try:
        files = scaffold(folder, year=year, force=force)
    except CarbonError as error:
        _fail(error)
    for path in files:
        err.print(f"wrote {path}", markup=False, highlight=False)
    err.print(f"next: fill in the bills, then run: carbon calc {files[0]}", markup=False, highlight=False)
