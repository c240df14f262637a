"""Findings renderers: data-quality findings and coverage as a Rich table, JSON or CSV.

They format and never compute: the findings come from :mod:`carbon_cli.quality`. Text from
inputs (sites, meters, files, details quoting units) goes through ``Text``, never markup; CSV
cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

import pandas as pd
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..i18n import label
from ..quality import counts
from .csv_out import safe_text
from .fit import Fitted, fitted
from .plain import records

if TYPE_CHECKING:
    from ..inventory import Validation

SCHEMA = "carbon.findings/1"
STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}


def document(validation: Validation, *, fail_on: str, failed: bool) -> dict[str, Any]:
    """``carbon validate --format json``: counts, coverage and findings of every site."""
    return {
        "schema": SCHEMA,
        "sites": [
            {
                "id": cfg.site.id,
                "period": {
                    "start": validation.periods[cfg.site.id].start.isoformat(),
                    "end": validation.periods[cfg.site.id].end.isoformat(),
                },
            }
            for cfg in validation.sites
        ],
        "counts": counts(validation.findings),
        "fail_on": fail_on,
        "failed": failed,
        "coverage": records(validation.coverage),
        "findings": records(validation.findings),
    }


def render_json(validation: Validation, *, fail_on: str, failed: bool) -> str:
    """:func:`document` as indented JSON text (UTF-8, Chinese kept as is)."""
    return json.dumps(document(validation, fail_on=fail_on, failed=failed), ensure_ascii=False, indent=2) + "\n"


def render_csv(validation: Validation, *, fail_on: str = "error", failed: bool = False) -> str:
    """The findings with a header line (:data:`carbon_cli.quality.FINDING_COLUMNS`); the verdict
    (``fail_on``, ``failed``) is only in the JSON and the exit code."""
    findings = validation.findings
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(findings.columns)
    for row in records(findings):
        writer.writerow(["" if value is None else safe_text(value) for value in row.values()])
    return out.getvalue()


def render_table(validation: Validation, *, fail_on: str = "error", failed: bool = False) -> Group:
    """The findings, then the coverage of each site's reporting period (the verdict goes to stderr)."""
    if not len(validation.coverage):  # only purchases (fuel by delivery date): no days to cover
        return Group(findings_table(validation.findings), Text("No coverage to report: no bills over days."))
    return Group(findings_table(validation.findings), coverage_table(validation.coverage))


def findings_table(findings: pd.DataFrame) -> Table | Text:
    """One row per finding, stacked (site over meter, start over end, detail over source) to fit 80 columns."""
    if not len(findings):
        return Text("No data-quality findings.", style="bold")
    table = Table(title="Data-quality findings", title_justify="left", show_edge=False, show_lines=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("check", overflow="fold")
    table.add_column("site / meter", overflow="fold")
    table.add_column("period", no_wrap=True)
    table.add_column("detail / source", overflow="fold", ratio=1, min_width=24)
    for row in records(findings):
        meter = row["meter"] if row["meter"] is not None else f"(all {row['activity']})"
        period = (
            row["period_start"]
            if row["period_start"] == row["period_end"]
            else f"{row['period_start']}\n{row['period_end']}"
        )
        detail = Text(str(row["detail"]))
        if row["source_file"] is not None:
            detail.append(f"\n{row['source_file']} row {row['source_row']}", style="dim")
        table.add_row(
            Text(row["severity"], style=STYLES.get(row["severity"], "")),
            row["check"],
            Text(f"{row['site']}\n{meter}"),
            period,
            detail,
        )
    return table


def coverage_table(coverage: pd.DataFrame) -> Fitted:
    table = Table(title="Coverage of the reporting period", title_justify="left", show_edge=False)
    for column in ("site", "activity", "period", "days covered", "share"):
        table.add_column(column, justify="right" if column in ("days covered", "share") else "left")
    for row in records(coverage):
        share = row["share"]
        table.add_row(
            Text(str(row["site"])),
            Text(str(row["activity"])),
            label("{start} to {end}", start=row["period_start"], end=row["period_end"]),
            label("{covered} of {days}", covered=f"{row['covered_days']:,}", days=f"{row['days']:,}"),
            Text(f"{share:.1%}", style="" if share >= 1 else "yellow"),
        )
    return fitted(table, numbers=("period",))
