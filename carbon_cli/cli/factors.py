"""`carbon factors list|show|sets`: browse the factor database and print full citations.

Thin: the selection lives in :mod:`carbon_cli.factors` (``listing``, ``lookup``,
``factor_sets``, ``coverage``) and the formatting in :mod:`carbon_cli.render.browse`; this module parses
options. Both are imported inside the commands, so ``carbon --help`` stays free of pandas.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import CarbonError
from .common import FACTORS_PANEL, OUTPUT_PANEL, Format, check_year, emit, errors_as_json, fail

app = typer.Typer(
    no_args_is_help=True,
    help="Browse the factor database: values, years, regions, citations and coverage.",
)

#: The --format option of the factors commands.
BrowseFormat = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="table for people, json/csv for scripts.",
        callback=errors_as_json,
        is_eager=True,
        rich_help_panel=OUTPUT_PANEL,
    ),
]


@app.command("list")
def list_factors(
    activity: Annotated[
        str | None,
        typer.Option("--activity", "-a", help="Only this activity (or alias).", rich_help_panel=FACTORS_PANEL),
    ] = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            help="The rows a site in this region can use (its region chain), most specific first.",
            rich_help_panel=FACTORS_PANEL,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help="Only the edition the selection rule picks for this year.",
            callback=check_year,
            rich_help_panel=FACTORS_PANEL,
        ),
    ] = None,
    factor_set: Annotated[
        list[str] | None,
        typer.Option(
            "--factor-set",
            help="Apply an opt-in set (repeatable), as a site naming it would.",
            rich_help_panel=FACTORS_PANEL,
        ),
    ] = None,
    format: BrowseFormat = Format.table,
) -> None:
    """List factors with value, unit, years, region and source; filters narrow the list.

    Exit codes: 0 success, 2 unknown activity or set.
    """
    from .. import factors
    from ..render import renderer

    try:
        frame = factors.listing(activity=activity, region=region, year=year, sets=tuple(factor_set or ()))
    except CarbonError as error:
        fail(error)
    emit(renderer("factors", format)(frame))


@app.command("show")
def show(
    factor_id: Annotated[
        str, typer.Argument(help="A factor or property id, as in `carbon factors list`.", show_default=False)
    ],
    format: BrowseFormat = Format.table,
) -> None:
    """Print one factor with every field and its full citation.

    Exit codes: 0 success, 2 unknown id.
    """
    from .. import factors
    from ..render import renderer

    try:
        row = factors.lookup(factor_id)
    except CarbonError as error:
        fail(error)
    emit(renderer("factor", format)(row))


@app.command("sets")
def sets(format: BrowseFormat = Format.table) -> None:
    """List the factor sets: the default ones and those a site can opt into (factor_sets:, --factor-set)."""
    from .. import factors
    from ..render import renderer

    emit(renderer("sets", format)(list(factors.factor_sets().values())))


@app.command("coverage")
def coverage(
    region: Annotated[
        str | None,
        typer.Option(
            "--region", "-r", help="Only this region (code, alias or country name); every region when omitted."
        ),
    ] = None,
    year: Annotated[
        list[int] | None,
        typer.Option(
            "--year",
            "-y",
            help="A year to check (repeatable); the latest year a shipped factor starts in when omitted.",
        ),
    ] = None,
    activity: Annotated[str | None, typer.Option("--activity", "-a", help="Only this activity (or alias).")] = None,
    factor_set: Annotated[
        list[str] | None,
        typer.Option("--factor-set", help="Apply an opt-in set (repeatable), as a site naming it would."),
    ] = None,
    format: BrowseFormat = Format.table,
) -> None:
    """Show, per region, activity, Scope 2 method and year, whether a run gets an exact factor, a
    fallback (which: region, year, method, life-cycle; the factor used; the notice level) or none.

    Exit codes: 0 success (missing factors are listed, not an error), 2 unknown activity or set, or
    a year out of range.
    """
    from .. import factors
    from ..render import renderer

    try:
        years = [value for value in (check_year(value) for value in year or ()) if value is not None]
        frame = factors.coverage(region=region, years=years, activity=activity, sets=tuple(factor_set or ()))
    except CarbonError as error:
        fail(error)
    emit(renderer("coverage", format)(frame))
