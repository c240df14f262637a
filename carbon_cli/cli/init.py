"""`carbon init DIR`: a site YAML and bill templates that `carbon calc` accepts as they are."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..errors import CarbonError
from .common import MaxInputSizeOption, check_year, err, fail


def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create the site in.", show_default=False)],
    year: Annotated[
        int, typer.Option("--year", help="Reporting year for the period.", callback=check_year)
    ] = dt.date.today().year - 1,
    force: Annotated[bool, typer.Option("--force", help="Replace existing template files.")] = False,
    bills: Annotated[
        list[Path] | None,
        typer.Option(
            "--bills",
            help="A bill file to map (repeat for several): site.yaml gets its entry as `carbon inspect` reads it.",
            show_default=False,
        ),
    ] = None,
    max_input_size: MaxInputSizeOption = None,
) -> None:
    """Write a site YAML and bill templates (XLSX and CSV) that `carbon calc` accepts as they are.

    With --bills, write only site.yaml, with one commented bills: entry per file."""
    if bills:
        from ..scaffold_bills import init_from_bills

        try:
            written, todo = init_from_bills(folder, bills, year=year, force=force)
        except CarbonError as error:
            fail(error)
        err.print(f"wrote {written}", markup=False, highlight=False, soft_wrap=True)
        for line in todo:
            err.print(line, markup=False, highlight=False)
        err.print(f"next: check the entries, then run: carbon validate {written}", markup=False, highlight=False)
        return
    from ..scaffold import init as scaffold

    try:
        files = scaffold(folder, year=year, force=force)
    except CarbonError as error:
        fail(error)
    for path in files:
        err.print(f"wrote {path}", markup=False, highlight=False, soft_wrap=True)
    err.print(f"next: fill in the bills, then run: carbon calc {files[0]}", markup=False, highlight=False)
