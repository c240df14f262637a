"""`carbon trend` (each year, carbon peak, base year, targets, net zero, what changed),
`carbon diff` (why a total changed between two years or two JSON inventories) and
`carbon forecast` (next year at normal weather, and scenarios).

Exit codes: 0 success, 2 usage or config error, 3 unreadable or invalid input data.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import CarbonError, ConfigError, InputDataError
from .calc import show_notices
from .common import INPUT_PANEL, OUTPUT_PANEL, Format, FormatOption, Sites, emit, fail, imports_done, out


class View(StrEnum):
    location = "location"
    market = "market"


ViewOption = Annotated[
    View | None,
    typer.Option(
        "--view",
        help="Scope 2 view of the peak status and the change (default: trends.view, location).",
        rich_help_panel=OUTPUT_PANEL,
    ),
]


def _years(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    first, _, last = value.partition("-")
    try:
        years = (int(first), int(last or first))
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a year range; write e.g. 2019-2025") from None
    if not (1 <= years[0] <= years[1] <= 9999):
        raise typer.BadParameter(f"'{value}': years run from 1 to 9999, first before last")
    return years


def trend(
    sites: Sites,
    format: FormatOption = Format.table,
    years: Annotated[
        str | None,
        typer.Option(
            "--years",
            help="Report these calendar years, e.g. 2019-2025 (default: each site's period).",
            rich_help_panel=INPUT_PANEL,
        ),
    ] = None,
    view: ViewOption = None,
) -> None:
    """Each calendar year, the carbon-peak status, the base year, targets, net zero and what changed.

    Part years are shown and never compared as if whole. Exit codes: 0 success, 2 usage or config
    error, 3 unreadable or invalid input data, 4 an internal error (a bug).
    """
    from ..inventory import calculate
    from ..render import trend_out
    from ..trends.report import trend_report

    imports_done()
    span = _years(years)
    try:
        inventory = calculate(sites, year=span)
        report = trend_report(inventory, view=view.value if view else None)
    except CarbonError as error:
        fail(error)
    show_notices(report.notices)
    if format is Format.json:
        emit(trend_out.trend_json(report, pretty=out.is_terminal))
    elif format is Format.csv:
        emit(trend_out.trend_csv(report))
    else:
        emit(trend_out.trend_table(report))


def diff(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Site or portfolio YAML file(s) with --from/--to, or two `carbon calc --format json` files.",
            show_default=False,
        ),
    ],
    format: FormatOption = Format.table,
    year_from: Annotated[
        int | None, typer.Option("--from", help="The earlier calendar year.", rich_help_panel=INPUT_PANEL)
    ] = None,
    year_to: Annotated[
        int | None, typer.Option("--to", help="The later calendar year.", rich_help_panel=INPUT_PANEL)
    ] = None,
    view: ViewOption = None,
) -> None:
    """Why Scope 1 + 2 changed: structure, coverage, weather, activity and factor effects (LMDI-I),
    which add up exactly to the change.

    Exit codes: 0 success, 2 usage or config error, 3 unreadable or invalid input data.
    """
    from ..render import trend_out

    chosen = view.value if view else "location"
    try:
        if all(path.suffix.lower() == ".json" for path in inputs):
            if len(inputs) != 2 or year_from or year_to:
                raise ConfigError(
                    "diff of JSON inventories takes exactly two files and no --from/--to",
                    fix="carbon diff before.json after.json",
                )
            from ..trends.inventory_json import change_of_documents

            change, years = change_of_documents(*(_document(path) for path in inputs), view=chosen)
        else:
            if year_from is None or year_to is None or year_from >= year_to:
                raise ConfigError(
                    "diff of site YAMLs needs --from YEAR and a later --to YEAR",
                    fix="e.g. carbon diff site.yaml --from 2023 --to 2024",
                )
            from ..inventory import calculate
            from ..trends.report import change_between

            inventory = calculate(inputs, year=(year_from, year_to))
            change, years = (
                change_between(inventory.facts, inventory.bills, year_from, year_to, chosen),
                (str(year_from), str(year_to)),
            )
    except CarbonError as error:
        fail(error)
    if format is Format.json:
        document = {
            "schema": trend_out.DIFF_SCHEMA,
            "unit": "t CO2e",
            "view": chosen,
            **(trend_out.change_document(change, years) or {}),
        }
        emit(json.dumps(document, ensure_ascii=False, indent=2 if out.is_terminal else None) + "\n")
    elif format is Format.csv:
        emit(str(change.to_csv(index=False, lineterminator="\n")))
    else:
        emit(trend_out.change_table(change, years, chosen))


def _document(path: Path) -> dict[str, Any]:
    from ..guards import check_input

    check_input(path, str(path))  # a regular file under the input size limit, as every reader
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputDataError(
            f"cannot read the JSON inventory ({exc})",
            where=str(path),
            fix="Give the output of carbon calc --format json",
        ) from exc
    if not isinstance(data, dict) or data.get("schema") != "carbon.inventory/1":
        raise InputDataError(
            "not a carbon.inventory/1 document", where=str(path), fix="Give the output of carbon calc --format json"
        )
    return data


def forecast(
    sites: Sites,
    format: FormatOption = Format.table,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="The year to forecast (default: the year after the data).", rich_help_panel=INPUT_PANEL
        ),
    ] = None,
) -> None:
    """Next year's Scope 1 + 2 at normal weather with a 95% interval, and the YAML's scenarios.

    Each meter is fitted on its monthly bills against the weather file's degree days (CalTRACK
    monthly method) or, without one, a seasonal model; each fit is judged against ASHRAE
    Guideline 14. Exit codes: 0 success, 2 usage or config error, 3 unreadable input data.
    """
    from ..inventory import calculate
    from ..render import trend_out
    from ..trends.forecast import forecast as project
    from ..trends.report import run_goals

    try:
        inventory = calculate(sites)
        result = project(inventory, run_goals(inventory), year=year)
    except CarbonError as error:
        fail(error)
    if format is Format.json:
        text = json.dumps(
            trend_out.forecast_document(result), ensure_ascii=False, indent=2 if out.is_terminal else None
        )
        emit(text + "\n")
    elif format is Format.csv:
        emit(str(result.models.to_csv(index=False, lineterminator="\n")))
    else:
        emit(trend_out.forecast_table(result))
