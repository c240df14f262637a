"""`carbon calc`: the inventory of one or more sites, as a table, JSON or CSV, and optionally an Excel
report (``--excel``) and the full ledger (``--ledger``)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import CarbonError, QualityError
from .common import (
    FACTORS_PANEL,
    INPUT_PANEL,
    OUTPUT_PANEL,
    QUALITY_PANEL,
    CalcFormat,
    KeepGoingOption,
    MaxInputSizeOption,
    ProgressBar,
    Sites,
    check_year,
    emit,
    err,
    errors_as_json,
    fail,
    imports_done,
    out,
)

if TYPE_CHECKING:
    import pandas as pd

    from ..calculator import Notice
    from ..inventory import Inventory


class By(StrEnum):
    site = "site"
    group = "group"
    scope = "scope"
    month = "month"
    activity = "activity"
    gas = "gas"


class FactorMode(StrEnum):
    """``nearest``: the best factor with a notice for each fallback; ``exact``: a fallback is an error."""

    nearest = "nearest"
    exact = "exact"


FactorsOption = Annotated[
    FactorMode,
    typer.Option(
        "--factors",
        help="exact: refuse (exit 3) any factor of another year or, for electricity, another region, and any "
        "approximation at warning; nearest (default): use it with a notice. --strict implies exact.",
        rich_help_panel=FACTORS_PANEL,
    ),
]


class View(StrEnum):
    """Extra views of on-site generation (issue 14)."""

    gbt51366 = "gbt51366"


class Gwp(StrEnum):
    """The GWP sets of ``factors/gwp.csv`` (static, so that ``--help`` reads no data; a test holds them together)."""

    AR4 = "AR4"
    AR5 = "AR5"
    AR6 = "AR6"


def calc(
    sites: Sites,
    format: Annotated[
        CalcFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output: table for people, json/csv for scripts, jsonl one line per site file "
            "(json/jsonl: errors too, as JSON lines on stderr).",
            callback=errors_as_json,
            is_eager=True,
            rich_help_panel=OUTPUT_PANEL,
        ),
    ] = CalcFormat.table,
    by: Annotated[
        list[By] | None,
        typer.Option("--by", help="Breakdown (repeatable). Default: all but group.", rich_help_panel=OUTPUT_PANEL),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="Report this calendar year only.", callback=check_year, rich_help_panel=INPUT_PANEL
        ),
    ] = None,
    gwp: Annotated[
        Gwp | None, typer.Option("--gwp", help="GWP set, overriding the YAML.", rich_help_panel=FACTORS_PANEL)
    ] = None,
    factor_set: Annotated[
        list[str] | None,
        typer.Option(
            "--factor-set",
            help="Opt-in factor set for every site, e.g. cn-ets (repeatable; see `carbon factors sets`).",
            rich_help_panel=FACTORS_PANEL,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No notices on stderr.", rich_help_panel=OUTPUT_PANEL)
    ] = False,
    excel: Annotated[
        Path | None,
        typer.Option(
            "--excel",
            help="Also write the Excel report (.xlsx) here.",
            dir_okay=False,
            show_default=False,
            rich_help_panel=OUTPUT_PANEL,
        ),
    ] = None,
    ledger: Annotated[
        Path | None,
        typer.Option(
            "--ledger",
            help="Also write the full ledger (.csv or .parquet) here.",
            dir_okay=False,
            show_default=False,
            rich_help_panel=OUTPUT_PANEL,
        ),
    ] = None,
    ledger_rows: Annotated[
        int,
        typer.Option(
            "--ledger-rows",
            min=0,
            help="Most rows on the report's Ledger sheet; the sheet says when it holds fewer than "
            "the ledger, whose every row goes to --ledger FILE when given.",
            rich_help_panel=OUTPUT_PANEL,
        ),
    ] = 100_000,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace existing output files (never an input).", rich_help_panel=OUTPUT_PANEL),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Fail (no output) on data-quality errors (exit 1) and on any factor fallback "
            "(exit 3, as --factors exact).",
            rich_help_panel=QUALITY_PANEL,
        ),
    ] = False,
    factors: FactorsOption = FactorMode.nearest,
    fill_gaps: Annotated[
        bool,
        typer.Option(
            "--fill-gaps",
            help="Estimate days no bill covers from each meter's own average per day.",
            rich_help_panel=QUALITY_PANEL,
        ),
    ] = False,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-o",
            help="Write one file per site file into this folder, <site-id>.json|.csv by --format "
            "(the Excel report <site-id>.xlsx for table), each as that file run alone.",
            file_okay=False,
            show_default=False,
            rich_help_panel=OUTPUT_PANEL,
        ),
    ] = None,
    keep_going: KeepGoingOption = False,
    view: Annotated[
        View | None,
        typer.Option(
            "--view",
            help="gbt51366: also report China's GB/T 51366-2019 building view of on-site generation "
            "(generation offsets consumption; never a scope total).",
            rich_help_panel=OUTPUT_PANEL,
        ),
    ] = None,
    max_input_size: MaxInputSizeOption = None,
) -> None:
    """Calculate the inventory of one or more sites from their bills.

    Exit codes: 0 success, 1 data-quality errors under --strict, 2 usage or config error,
    3 unreadable or invalid input data, or a factor fallback under --strict / --factors exact,
    4 an internal error (a bug; carbon --debug shows the traceback).
    Under --keep-going: the highest exit code of the files that failed (0 when none did).
    """
    from ..inventory import calculate
    from ..quality import at_or_above
    from ..render import renderer
    from .lang import language_for

    imports_done()
    language_for(sites)
    if keep_going or output_dir is not None or format is CalcFormat.jsonl:
        from .calc_batch import Options, calc_each

        exact = strict or factors == FactorMode.exact
        options = Options(
            year,
            gwp.value if gwp else None,
            tuple(factor_set or ()),
            fill_gaps,
            strict,
            quiet,
            force,
            exact,
            view.value if view else None,
        )
        files = (excel, ledger, ledger_rows)
        raise typer.Exit(calc_each(sites, format, dims_of(by), options, output_dir, files, keep_going=keep_going))
    try:
        with ProgressBar.for_output(format, quiet=quiet) as bar:
            inventory = calculate(
                sites,
                year=year,
                gwp=gwp.value if gwp else None,
                factor_sets=factor_set or (),
                fill_gaps=fill_gaps,
                progress=bar,
                exact_factors=strict or factors == FactorMode.exact,
                view=view.value if view else None,
            )
    except CarbonError as error:
        fail(error)
    findings = inventory.quality_findings()
    errors = at_or_above(findings, "error")
    if strict and len(errors):
        print_notices(inventory, findings, sites, quiet)
        fail(quality_error(errors, sites))
    try:
        with ProgressBar.for_output(format, quiet=quiet) as bar:
            written = write_files(
                inventory, excel=excel, ledger=ledger, ledger_rows=ledger_rows, force=force, progress=bar
            )
    except CarbonError as error:
        fail(error)
    dims = dims_of(by)
    # Redirected output keeps the compact layout (no citation column): citations are in --format json.
    width = out.width if out.is_terminal else 80
    emit(renderer("inventory", format)(inventory, dims, width=width, pretty=out.is_terminal))
    print_notices(inventory, findings, sites, quiet)
    if not quiet:
        for path in written:
            err.print(f"wrote {path}", markup=False, highlight=False, soft_wrap=True)
    if excel is not None and ledger is None and len(inventory.ledger) > ledger_rows:
        err.print(
            f"[yellow]warning:[/] the Ledger sheet holds {ledger_rows:,} of {len(inventory.ledger):,} ledger rows; "
            "pass --ledger FILE (.csv or .parquet) for all of them",
            highlight=False,
        )


def dims_of(by: list[By] | None) -> list[str] | None:
    """The breakdowns asked for, or None (each format's default)."""
    return [b.value for b in by] if by else None


def print_notices(inventory: Inventory, findings: pd.DataFrame, sites: list[Path], quiet: bool) -> None:
    """Notices, then one line summing up the data-quality findings (none under --quiet)."""
    from ..quality import summary_line

    if quiet:
        return
    show_notices(inventory.notices)
    if len(findings):
        err.print(
            f"quality: {summary_line(findings)}; details: {validate_command(sites)}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


def show_notices(notices: list[Notice]) -> None:
    """Each distinct notice once on stderr, with the sites it is about (in the run's language)."""
    from ..i18n.messages import translate

    for (level, message), names in _by_message(notices).items():
        style = "yellow" if level == "warning" else "dim"
        err.print(f"[{style}]{translate(level)}:[/] ", end="", markup=True, highlight=False)
        sites = translate(site_list(names))  # "a, b, c and 2 more sites", "base year"
        err.print(f"{sites}: {translate(message)}", markup=False, highlight=False, soft_wrap=True)


def _by_message(notices: list[Notice]) -> dict[tuple[str, str], list[str]]:
    """The sites of each distinct notice, in order: a portfolio's thousand sites on one grid
    would otherwise repeat the same line a thousand times (JSON keeps one notice per site)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for notice in notices:
        grouped.setdefault((notice.level, notice.message), []).append(notice.site)
    return grouped


def site_list(names: list[str], shown: int = 3) -> str:
    """``a``, ``a, b`` or ``a, b, c and 117 more sites``."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more sites" if more > 0 else "")


def validate_command(sites: list[Path]) -> str:
    """The ``carbon validate`` call that lists the findings, short enough to read for a portfolio."""
    if len(sites) <= 3:
        return f"carbon validate {' '.join(map(str, sites))}"
    return f"carbon validate {sites[0]} ... {sites[-1]} (the same {len(sites):,} files)"


def quality_error(errors: pd.DataFrame, sites: list[Path]) -> QualityError:
    first = errors.iloc[0]
    where = f" ({first['source_file']} row {first['source_row']})" if first["source_file"] else ""
    more = f" and {len(errors) - 1} more" if len(errors) > 1 else ""
    return QualityError(
        f"{len(errors)} data-quality finding(s) at error level under --strict: {first['check']} on "
        f"{first['site']} meter '{first['meter']}' {first['period_start']:%Y-%m-%d}..{first['period_end']:%Y-%m-%d}"
        f"{where}{more}",
        fix=f"Fix the bills (`{validate_command(sites)}` lists every finding), or drop --strict",
    )


def write_files(
    inventory: Inventory,
    *,
    excel: Path | None,
    ledger: Path | None,
    ledger_rows: int,
    force: bool,
    progress: ProgressBar,
) -> list[Path]:
    """The report and ledger files, written before anything goes to stdout (a failed write prints nothing)."""
    if excel is not None:
        from ..render import excel as workbook

        return workbook.save(inventory, excel, ledger=ledger, ledger_rows=ledger_rows, force=force, progress=progress)
    if ledger is not None:
        from ..render import ledger_out

        return [ledger_out.save(inventory, ledger, force=force)]
    return []
