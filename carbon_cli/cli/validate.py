"""`carbon validate`: every data-quality check on the sites' bills, as a table, JSON or CSV.

Exit codes: 0 when no finding is at or above ``--fail-on``, 1 when one is, 2 usage or config
error, 3 unreadable or invalid input data, or a factor fallback under ``--strict`` / ``--factors exact``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ..errors import CarbonError
from .calc import FactorMode, FactorsOption
from .common import Format, FormatOption, ProgressBar, Sites, check_year, emit, err, fail


class FailOn(StrEnum):
    warning = "warning"
    error = "error"


def validate(
    sites: Sites,
    format: FormatOption = Format.table,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity.")
    ] = FailOn.error,
    year: Annotated[
        int | None, typer.Option("--year", help="Check this calendar year only.", callback=check_year)
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Also choose every factor and refuse (exit 3) any factor fallback.")
    ] = False,
    factors: FactorsOption = FactorMode.nearest,
) -> None:
    """Check the bills: gaps, overlaps, duplicates, odd values, dates, units, anomalies, coverage.

    Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage or
    config error, 3 unreadable or invalid input data, or a factor fallback under --strict /
    --factors exact, 4 an internal error (a bug).
    """
    from ..inventory import validate as run_checks
    from ..quality import at_or_above, summary_line
    from ..render import renderer

    try:
        with ProgressBar.for_output(format, quiet=quiet) as bar:
            validation = run_checks(sites, year=year, progress=bar, exact_factors=strict or factors == FactorMode.exact)
    except CarbonError as error:
        fail(error)
    failing = at_or_above(validation.findings, fail_on.value)
    emit(renderer("findings", format)(validation, fail_on=fail_on.value, failed=bool(len(failing))))
    if not quiet:
        verdict = (
            f"{len(failing)} at or above {fail_on.value}: exit 1"
            if len(failing)
            else f"none at or above {fail_on.value}: exit 0"
        )
        err.print(f"{summary_line(validation.findings)} ({verdict})", markup=False, highlight=False, soft_wrap=True)
    if len(failing):
        raise typer.Exit(code=1)
