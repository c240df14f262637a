"""The Summary sheet's native charts: by month, by activity and by site.

Each plots columns of a table sheet (By month, By activity, By site) by reference: the chart
shows the numbers the sheet holds and computes none.
"""

from __future__ import annotations

from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ...i18n.messages import translate

#: Sites drawn in the By site chart (the largest first); the sheet lists them all.
CHART_SITES = 20
#: The Summary sheet's charts: (row count in cells, width and height in cm).
CHART_ROWS = 17
CHART_SIZE = (14.5, 8.0)


def _style_chart(chart: Any, title: str, y_title: str) -> None:
    chart.title = translate(title)
    chart.y_axis.title = translate(y_title)
    chart.y_axis.number_format = "#,##0.0"
    # openpyxl 3.1 marks axes as deleted unless told otherwise; Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.width, chart.height = CHART_SIZE


def _plot(chart: Any, sheet: WriteOnlyWorksheet, columns: tuple[int, int], rows: int, categories: int = 1) -> None:
    """Plot ``columns`` (first, last) of a table sheet: titles in row 2, ``rows`` values below,
    categories in column ``categories`` (A)."""
    last = rows + 2
    chart.add_data(
        Reference(sheet, min_col=columns[0], max_col=columns[1], min_row=2, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=categories, min_row=3, max_row=last))


def _colour(chart: Any, colours: tuple[str, ...]) -> None:
    """Fill and outline each series of ``chart`` in its colour."""
    for series, colour in zip(chart.series, colours, strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour


def month_chart(sheet: WriteOnlyWorksheet, months: int) -> BarChart:
    """Columns stacked Scope 1 + Scope 2 location-based, and a line for Scope 1 + 2 market-based."""
    bars = BarChart()
    bars.type = "col"
    bars.grouping = "stacked"
    bars.overlap = 100
    bars.gapWidth = 60
    _plot(bars, sheet, (2, 3), months)
    line = LineChart()
    _plot(line, sheet, (6, 6), months)
    _style_chart(bars, "Emissions by month", "t CO2e")
    _colour(bars, ("2E6B57", "8CC0A8"))
    line.series[0].graphicalProperties.line.solidFill = "C0504D"
    line.series[0].graphicalProperties.line.width = 28575
    line.series[0].smooth = False
    bars += line
    return bars


def activity_chart(sheet: WriteOnlyWorksheet, activities: int) -> BarChart:
    """Bars per activity, one series per scope view (never stacked: the Scope 2 views are alternatives)."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.gapWidth = 50
    _plot(chart, sheet, (5, 7), activities)  # the three scope views, after Energy (MWh)
    _style_chart(chart, "Emissions by activity", "t CO2e")
    _colour(chart, ("2E6B57", "8CC0A8", "E3B448"))
    return chart


def site_chart(sheet: WriteOnlyWorksheet, shown: int, sites: int) -> BarChart:
    """Bars per site (the largest first), stacked Scope 1 + Scope 2 location-based."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 50
    _plot(chart, sheet, (6, 7), shown, categories=2)  # sites by name (By site's column B), not by id
    title = "Emissions by site" if shown == sites else f"Emissions by site: the {shown} largest of {sites}"
    _style_chart(chart, title, "t CO2e")
    chart.x_axis.scaling.orientation = "maxMin"  # the largest at the top
    chart.x_axis.tickLblSkip = 1  # every site's name, never every other one
    _colour(chart, ("2E6B57", "8CC0A8"))
    chart.width = CHART_SIZE[0] * 2
    chart.height = max(CHART_SIZE[1], 0.6 * shown + 2)  # tall enough for a name per bar
    return chart


def trend_chart(sheet: WriteOnlyWorksheet, header_row: int, *, with_previous: bool) -> LineChart:
    """Scope 1 + 2 by month of the lead year, the year before behind it in grey (a table on ``sheet``:
    month names in A, the year before in B, the lead year in C, headers in ``header_row``)."""
    chart = LineChart()
    first = 2 if with_previous else 3
    chart.add_data(
        Reference(sheet, min_col=first, max_col=3, min_row=header_row, max_row=header_row + 12), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=header_row + 12))
    _style_chart(chart, "Scope 1 + 2 by month, location-based", "t CO2e")
    colours = ("A6A6A6", "2E6B57") if with_previous else ("2E6B57",)
    for series, colour in zip(chart.series, colours, strict=True):
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 28575
        series.smooth = False
    if with_previous:
        chart.series[0].graphicalProperties.line.dashStyle = "dash"
    return chart


def sources_chart(sheet: WriteOnlyWorksheet, first_row: int, count: int, year: int) -> BarChart:
    """Bars of the lead year's largest sources (a list on ``sheet``: names in A, t CO2e in B)."""
    chart = BarChart()
    chart.type = "bar"
    chart.gapWidth = 50
    chart.add_data(Reference(sheet, min_col=2, min_row=first_row, max_row=first_row + count - 1))
    chart.set_categories(Reference(sheet, min_col=1, min_row=first_row, max_row=first_row + count - 1))
    _style_chart(chart, f"Largest sources, {year}: Scope 1 + 2, location-based", "t CO2e")
    chart.x_axis.scaling.orientation = "maxMin"  # the largest at the top
    chart.legend = None
    _colour(chart, ("2E6B57",))
    return chart
