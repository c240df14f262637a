"""`carbon validate`: every data-quality check on the sites' bills, as a table, JSON or CSV.

Exit codes: 0 when no finding is at or above ``--fail-on``, 1 when one is, 2 usage or config
error, 3 unreadable or invalid input data, or a factor fallback under ``--strict`` / ``--factors exact``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..errors import CarbonError
from .calc import FactorMode, FactorsOption
from .common import (
    INPUT_PANEL,
    OUTPUT_PANEL,
    QUALITY_PANEL,
    Format,
    FormatOption,
    KeepGoingOption,
    MaxInputSizeOption,
    ProgressBar,
    Sites,
    check_year,
    emit,
    err,
    fail,
    imports_done,
)

if TYPE_CHECKING:
    from ..inventory import Validation
    from .batch import Failure


class FailOn(StrEnum):
    warning = "warning"
    error = "error"


def validate(
    sites: Sites,
    format: FormatOption = Format.table,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on", help="Exit 1 when a finding is at or above this severity.", rich_help_panel=QUALITY_PANEL
        ),
    ] = FailOn.error,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Check this calendar year only.", callback=check_year, rich_help_panel=INPUT_PANEL),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No summary line on stderr.", rich_help_panel=OUTPUT_PANEL)
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also choose every factor and refuse (exit 3) any factor fallback.",
            rich_help_panel=QUALITY_PANEL,
        ),
    ] = False,
    factors: FactorsOption = FactorMode.nearest,
    keep_going: KeepGoingOption = False,
    max_input_size: MaxInputSizeOption = None,
) -> None:
    """Check the bills: gaps, overlaps, duplicates, odd values, dates, units, anomalies, coverage.

    Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or
    config error, 3 unreadable or invalid input data, or a factor fallback under --strict /
    --factors exact, 4 an internal error (a bug). Under --keep-going: the highest of the failed
    files' codes and 1 when a finding fails the run.
    """
    from ..inventory import validate as run_checks
    from ..quality import at_or_above, summary_line
    from ..render import renderer
    from .lang import language_for

    imports_done()
    language_for(sites)
    failures: list[Failure] = []
    validation: Validation | None
    try:
        exact = strict or factors == FactorMode.exact
        if keep_going:
            from .batch import each_validation

            validation, failures = each_validation(sites, year, format, quiet=quiet, exact_factors=exact)
        else:
            with ProgressBar.for_output(format, quiet=quiet) as bar:
                validation = run_checks(sites, year=year, progress=bar, exact_factors=exact)
    except CarbonError as error:
        fail(error)
    if validation is None:  # --keep-going, and every file failed
        _end(failures, len(sites), format, failed=False)
    failing = at_or_above(validation.findings, fail_on.value)
    emit(renderer("findings", format)(validation, fail_on=fail_on.value, failed=bool(len(failing))))
    if not quiet:
        verdict = (
            f"{len(failing)} at or above {fail_on.value}: exit 1"
            if len(failing)
            else f"none at or above {fail_on.value}: exit 0"
        )
        err.print(f"{summary_line(validation.findings)} ({verdict})", markup=False, highlight=False, soft_wrap=True)
    if failures:
        _end(failures, len(sites), format, failed=bool(len(failing)))
    if len(failing):
        raise typer.Exit(code=1)


def _end(failures: list[Failure], files: int, format: Format, *, failed: bool) -> NoReturn:
    """The end of a ``--keep-going`` run with failures: the error table, then the highest exit code."""
    from .batch import exit_code, report

    report(failures, files, as_json=format is Format.json)
    raise typer.Exit(code=max(exit_code(failures), 1 if failed else 0))
