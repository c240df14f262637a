"""The multi-year sheets: Trend (each year, the carbon-peak status), Targets (trajectory against
actual) and Change (what changed between the last two complete years), each with its chart.

They show a :class:`carbon_cli.trends.report.TrendReport` the library computed; the charts plot
the sheet's own cells by reference.
"""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ...trends.decompose import EFFECTS, waterfall
from ...trends.report import TrendReport
from ..trend_out import EFFECT_LABELS
from .cells import INTEGER, T_CO2E, Column, cell, write_table
from .charts import _style_chart

TREND_COLUMNS = [
    Column("Year"),
    Column("Sites", INTEGER),
    Column("Year is"),
    Column("Scope 1", T_CO2E),
    Column("Scope 2 (location-based)", T_CO2E),
    Column("Scope 2 (market-based)", T_CO2E),
    Column("Scope 1 + 2 (location-based)", T_CO2E),
    Column("Scope 1 + 2 (market-based)", T_CO2E),
]


def trend_sheets(report: TrendReport) -> list[str]:
    """The sheets this report fills: Trend when it has two years or more, Targets when the YAML has
    targets, Change when two complete years can be compared."""
    names = ["Trend"] if len(report.run) > 1 else []
    names += ["Targets"] if len(report.targets) else []
    names += ["Change"] if report.change_years is not None else []
    return names


def write_trend(ws: WriteOnlyWorksheet, report: TrendReport) -> None:
    rows = [
        [
            str(r["year"]),
            r["sites"],
            "whole" if r["whole"] else ("complete" if r["complete"] else "part year"),
            *(r[k] for k in ("scope1", "scope2_location", "scope2_market", "scope1_2_location", "scope1_2_market")),
        ]
        for r in report.run.to_dict("records")
    ]
    write_table(
        ws,
        "t CO2e by calendar year. A complete year has bills for the days each site was open; part years are "
        "never compared as if whole.",
        TREND_COLUMNS,
        rows,
    )
    ws.append([])
    ws.append([cell(ws, f"Carbon peak ({report.view}-based), by the rule in the README")])
    for peak in report.peaks[report.peaks["view"] == report.view].to_dict("records"):
        ws.append([cell(ws, str(peak["scope"])), cell(ws, str(peak["text"]))])
    if report.base_year is not None:
        figure = report.base_year
        ws.append([])
        said = "recalculated" if figure.recalculated else "as reported"
        ws.append([cell(ws, f"Base year {figure.year} ({figure.view}-based): {figure.used:,.3f} t CO2e, {said}")])
        for reason in figure.reasons:
            ws.append([cell(ws, f"  {reason}")])
    chart = LineChart()
    last = len(rows) + 2
    chart.add_data(Reference(ws, min_col=7, max_col=8, min_row=2, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=last))
    _style_chart(chart, "Scope 1 + 2 by year", "t CO2e")
    ws.add_chart(chart, "J3")


def write_targets(ws: WriteOnlyWorksheet, report: TrendReport) -> None:
    table = report.targets
    rows = [
        [r["target"], str(r["year"]), r["actual"], r["trajectory"], r["gap"], _status(r["on_track"]), r["unit"]]
        for r in table.to_dict("records")
    ]
    write_table(
        ws,
        "Each target's straight line from its base year, against the actual of each complete year; "
        "gap = actual - trajectory (positive: still to cut).",
        [Column("Target"), Column("Year"), Column("Actual", T_CO2E), Column("Trajectory", T_CO2E),
         Column("Gap", T_CO2E), Column("Status"), Column("Unit")],
        rows,
    )  # fmt: skip
    top = 3
    for index, name in enumerate(dict.fromkeys(table["target"].tolist())):
        count = int((table["target"] == name).sum())
        chart = LineChart()
        for column, title in ((3, "Actual"), (4, "Trajectory")):
            series = Series(Reference(ws, min_col=column, min_row=top, max_row=top + count - 1), title=title)
            chart.series.append(series)
        chart.set_categories(Reference(ws, min_col=2, min_row=top, max_row=top + count - 1))
        _style_chart(chart, str(name), str(table["unit"].iloc[0]))
        ws.add_chart(chart, f"I{3 + index * 17}")
        top += count


def _status(on_track: bool) -> str:
    return "on track" if on_track else "off track"


def write_change(ws: WriteOnlyWorksheet, report: TrendReport) -> None:
    change, years = report.change, report.change_years
    assert years is not None
    names = {"before": str(years[0]), "after": str(years[1]), **EFFECT_LABELS}
    rows: list[list[Any]] = [[names[step], value, running] for step, value, running in waterfall(change)]
    write_table(
        ws,
        f"What changed from {years[0]} to {years[1]} (Scope 1 + 2, {report.view}-based): LMDI-I effects, "
        "which add up exactly to the change.",
        [Column("Step"), Column("t CO2e", T_CO2E), Column("Running total", T_CO2E)],
        rows,
    )
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=4, max_row=3 + len(EFFECTS)))
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=3 + len(EFFECTS)))
    _style_chart(chart, f"What changed, {years[0]} to {years[1]}", "t CO2e")
    chart.legend = None
    ws.add_chart(chart, "E3")
