"""Excel renderer: the workbook a manager opens and an auditor traces to every bill.

Sheets, in order: **Summary** (sites, period, totals by scope view, intensities, year-over-year
change, factor sets, GWP, every notice and finding in words, and native charts), **By month**,
**By site**, **By activity** (tables with a frozen header, autofilter and number formats),
**Ledger** (the audit trail: every number on the other sheets is a sum of its ``t_co2e``),
**Factors used** (each with its full citation) and **Data quality** (findings and notices).

It formats and never computes: every number comes from :mod:`carbon_cli.summary` or the
:class:`~carbon_cli.inventory.Inventory` over the ledger. openpyxl is used in write-only mode and
the ledger rows go to it as plain values, without per-cell styles, so that a 100,000-row ledger
costs about what openpyxl itself needs for those cells (``benchmarks/bench_excel.py``).

Text from inputs is always stored as text: openpyxl would store a string starting with ``=`` as
a formula and ``#N/A`` as an error value, so such strings get cells typed as strings.

This module imports openpyxl and pandas at the top: import it only where a workbook is written.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.pagebreak import Break

from .. import factors, summary
from ..errors import ConfigError
from ..inventory import Inventory
from ..output import check_target, write_atomic
from . import ledger_out

SHEETS = ("Summary", "By month", "By site", "By activity", "Ledger", "Factors used", "Data quality")
#: Rows of the Ledger sheet by default; the full ledger then goes to a CSV beside the workbook.
DEFAULT_LEDGER_ROWS = 100_000
#: Excel's row limit less the caption and header rows.
MAX_LEDGER_ROWS = 1_048_576 - 2
#: Sites drawn in the By site chart (the largest first); the sheet lists them all.
CHART_SITES = 20

SCOPE_LABELS = {
    "scope1": "Scope 1",
    "scope2_location": "Scope 2 location-based",
    "scope2_market": "Scope 2 market-based",
    "scope1_2_location": "Scope 1 + 2 location-based",
    "scope1_2_market": "Scope 1 + 2 market-based",
}
TOTAL_LABELS = {
    "scope1": "Scope 1 (direct combustion)",
    "scope2_location": "Scope 2, location-based",
    "scope2_market": "Scope 2, market-based",
    "scope1_2_location": "Scope 1 + 2, location-based",
    "scope1_2_market": "Scope 1 + 2, market-based",
}
VIEWS_NOTE = (
    "Scope 2 is reported twice, location-based and market-based (GHG Protocol Scope 2 Guidance): "
    "add Scope 1 to one of them, never both."
)

# Number formats: thousands separators; t CO2e to three decimals (the kilogram).
T_CO2E = "#,##0.000"
QUANTITY = "#,##0.0"
INTENSITY = "#,##0.00"
INTEGER = "#,##0"
CHANGE = "+0.0%;-0.0%;0.0%"

INK = "1F3B33"
ACCENT = "2E6B57"
FONT = "Calibri"  # the workbook's default font: styled cells name it too, or viewers substitute a serif
TITLE = Font(name=FONT, size=18, bold=True, color=INK)
SUBTITLE = Font(name=FONT, size=11, color="4D4D4D")
SECTION = Font(name=FONT, size=13, bold=True, color=ACCENT)
HEADER = Font(name=FONT, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=ACCENT)
BAND_FILL = PatternFill("solid", fgColor="E8F1EC")
BOLD = Font(name=FONT, bold=True)
CAPTION = Font(name=FONT, italic=True, color="595959")
WARNING = Font(name=FONT, bold=True, color="9C5700")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")


@dataclass(frozen=True)
class Column:
    """A table column: header, number format (``None`` for text) and the widest it may grow."""

    header: str
    number_format: str | None = None
    max_width: int = 60


def save(
    inventory: Inventory,
    path: str | Path,
    *,
    ledger: str | Path | None = None,
    ledger_rows: int = DEFAULT_LEDGER_ROWS,
    force: bool = False,
) -> list[Path]:
    """Write the workbook atomically, and the full ledger beside it when asked or when the sheet is capped.

    When the ledger has more rows than ``ledger_rows`` and no ``ledger`` path is given, the full
    ledger goes to ``<report>.ledger.csv`` beside the workbook, and the Ledger sheet points to it.
    Both files are checked before either is written; if writing either fails, neither is left.

    :param path: the ``.xlsx`` file to write.
    :param ledger: also write the full ledger here (``.csv`` or ``.parquet``).
    :param ledger_rows: the most rows the Ledger sheet holds (0 to :data:`MAX_LEDGER_ROWS`).
    :param force: replace existing output files (inputs are never replaced).
    :returns: the files written, the workbook first.
    :raises ConfigError: an output is an input, exists without ``force``, has the wrong type, or
        cannot be written.

    >>> save(calculate(["site.yaml"]), "report.xlsx")  # doctest: +SKIP
    [PosixPath('report.xlsx')]
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ConfigError(
            f"unsupported workbook type '{target.suffix or target.name}'", where=target, fix="Name the report .xlsx"
        )
    if not 0 <= ledger_rows <= MAX_LEDGER_ROWS:
        raise ConfigError(
            f"--ledger-rows {ledger_rows} is out of range", fix=f"Give 0 to {MAX_LEDGER_ROWS:,} (Excel's row limit)"
        )
    inputs = inventory.inputs()
    full = Path(ledger) if ledger is not None else None
    if full is None and len(inventory.ledger) > ledger_rows:
        full = target.with_name(target.stem + ".ledger.csv")
    check_target(target, inputs=inputs, force=force)
    if full is not None:
        ledger_out.check_format(full)
        check_target(full, inputs=inputs, force=force)
        if full.resolve() == target.resolve():
            raise ConfigError(
                "is both the workbook and the ledger file", where=target, fix="Give --ledger another name"
            )
    shown = None if full is None else (full.name if full.resolve().parent == target.resolve().parent else str(full))

    def workbook(temporary: Path) -> None:
        write(inventory, temporary, ledger_rows=ledger_rows, full_ledger=shown)

    try:
        if full is None:
            write_atomic(target, workbook, inputs=inputs, force=force)
            return [target]
        suffix = full.suffix

        def both(temporary: Path) -> None:
            # The ledger is written first but renamed last: a failed workbook removes it too.
            ledger_out.write(inventory, temporary, suffix=suffix)
            write_atomic(target, workbook, inputs=inputs, force=force)

        write_atomic(full, both, inputs=inputs, force=force)
        return [target, full]
    except OSError as error:
        # name the output, not the temporary file beside it that failed
        failed = (
            full if full is not None and Path(str(error.filename or "")).name.startswith(f".{full.name}.") else target
        )
        raise ConfigError(
            f"cannot write ({error.strerror or error})",
            where=failed,
            fix="Choose a folder you can write to, with free space",
        ) from error


def write(
    inventory: Inventory, path: str | Path, *, ledger_rows: int = DEFAULT_LEDGER_ROWS, full_ledger: str | None = None
) -> None:
    """Write the workbook to ``path`` as it is (no checks, not atomic: see :func:`save`).

    :param ledger_rows: the most rows the Ledger sheet holds.
    :param full_ledger: where the full ledger is written, named in the Ledger sheet's caption.
    """
    book = Workbook(write_only=True)
    sheets = {name: book.create_sheet(name) for name in SHEETS}
    months = summary.scope_table(inventory.facts, ["month"])
    sites = _site_rows(inventory)
    activities = summary.activity_table(inventory.facts)
    _summary(inventory, sheets["Summary"], sheets, months=len(months), sites=len(sites), activities=len(activities))
    _by_month(sheets["By month"], months)
    _by_site(sheets["By site"], sites)
    _by_activity(sheets["By activity"], activities)
    _ledger(sheets["Ledger"], inventory, ledger_rows, full_ledger)
    _factors(sheets["Factors used"], inventory)
    _data_quality(sheets["Data quality"], inventory)
    book.save(path)


# --- cells ---------------------------------------------------------------------------------------


def cell(
    ws: WriteOnlyWorksheet,
    value: Any,
    *,
    font: Font | None = None,
    number_format: str | None = None,
    alignment: Alignment | None = None,
    fill: PatternFill | None = None,
) -> WriteOnlyCell:
    """A styled cell; a string is always stored as text, whatever it starts with."""
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        value = None  # missing values (NaN, NA, NaT) are empty cells
    elif isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    out = _text_cell(ws, value) if isinstance(value, str) else WriteOnlyCell(ws, value=value)
    if font is not None:
        out.font = font
    if number_format is not None:
        out.number_format = number_format
    if alignment is not None:
        out.alignment = alignment
    if fill is not None:
        out.fill = fill
    return out


def _text_cell(ws: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    """A cell that holds ``value`` as text; control characters XML cannot hold become U+FFFD."""
    out = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    out.data_type = "s"
    return out


def _needs_cell(value: Any) -> bool:
    """Text openpyxl would not store as given: a formula (``=...``), an error value, control characters."""
    return isinstance(value, str) and (
        (len(value) > 1 and value.startswith("="))
        or value in ERROR_CODES
        or ILLEGAL_CHARACTERS_RE.search(value) is not None
    )


def _values(ws: WriteOnlyWorksheet, series: pd.Series, *, text: bool) -> list[Any]:
    """A column as plain Python values for ``append``: missing and empty become ``None`` (no cell),
    and text that openpyxl would not store as given gets a text cell (checked once per distinct value)."""
    values = series.astype(object).where(series.notna(), None)
    if text:
        values = values.where(values != "", None)
    out = values.tolist()
    if text and any(_needs_cell(value) for value in pd.unique(values.dropna())):
        # a new cell per row: openpyxl's write-only sheet reuses a cell object after writing it
        out = [_text_cell(ws, value) if _needs_cell(value) else value for value in out]
    return out


def _widths(ws: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _shown_width(value: Any, number_format: str | None) -> int:
    """Characters a value takes when shown with its number format."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0
    if number_format is None or not isinstance(value, int | float) or isinstance(value, bool):
        return len(str(value))
    decimals = {T_CO2E: 3, QUANTITY: 1, INTENSITY: 2, INTEGER: 0, CHANGE: 1}.get(number_format, 3)
    shown = f"{value:+,.{decimals}f}%" if number_format == CHANGE else f"{value:,.{decimals}f}"
    return len(shown)


def _caption(ws: WriteOnlyWorksheet, text: str) -> None:
    ws.append([cell(ws, text, font=CAPTION)])


def _header(ws: WriteOnlyWorksheet, headers: Iterable[str], numeric: Sequence[bool] = ()) -> None:
    """The header row; headers of number columns align right, over their numbers."""
    ws.append(
        [
            cell(ws, header, font=HEADER, fill=HEADER_FILL, alignment=RIGHT if right else None)
            for header, right in zip(headers, [*numeric, *[False] * 100], strict=False)
        ]
    )


def _page(ws: WriteOnlyWorksheet, *, fit_width: bool = True) -> None:
    """Print landscape on A4, one page wide (the Ledger is too wide for that and is left alone)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True


def _table(ws: WriteOnlyWorksheet, caption: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> None:
    """A proper table: caption, frozen header with autofilter, number formats, widths that fit."""
    widths = [
        max([len(c.header), *(_shown_width(row[i], c.number_format) for row in rows)]) + 2
        for i, c in enumerate(columns)
    ]
    _widths(ws, [min(max(w, 9), c.max_width) for w, c in zip(widths, columns, strict=True)])
    ws.freeze_panes = "A3"
    _page(ws)
    _caption(ws, caption)
    _header(ws, [c.header for c in columns], [c.number_format is not None for c in columns])
    for row in rows:
        ws.append([cell(ws, value, number_format=c.number_format) for value, c in zip(row, columns, strict=True)])
    ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(rows) + 2}"


# --- table sheets --------------------------------------------------------------------------------

VIEW_COLUMNS = [Column(SCOPE_LABELS[key], T_CO2E) for key in (*summary.SCOPES, *summary.COMBINED)]


def _by_month(ws: WriteOnlyWorksheet, months: pd.DataFrame) -> None:
    rows = months[["month", *summary.SCOPES, *summary.COMBINED]].values.tolist()
    _table(
        ws,
        f"t CO2e by calendar month, summed from the Ledger sheet. {VIEWS_NOTE}",
        [Column("Month"), *VIEW_COLUMNS],
        rows,
    )


def _site_rows(inventory: Inventory) -> list[list[Any]]:
    """One row per site, largest Scope 1 + 2 (location-based) first; every site, with bills or not."""
    by_site: dict[str, dict[str, float]] = {
        str(row["site"]): {key: float(row[key]) for key in (*summary.SCOPES, *summary.COMBINED)}
        for row in summary.scope_table(inventory.facts, ["site"]).to_dict("records")
    }
    rows: list[tuple[float, str, list[Any]]] = []
    for cfg in inventory.sites:
        site = cfg.site
        totals = by_site.get(site.id) or summary.with_combined({})
        area = summary.intensity(totals, site.floor_area_m2, scale=1000) or {}
        people = summary.intensity(totals, site.headcount) or {}
        row = [
            site.id,
            site.name or site.id,
            site.region,
            site.floor_area_m2,
            site.headcount,
            *(totals[key] for key in (*summary.SCOPES, *summary.COMBINED)),
            area.get("scope1_2_location"),
            area.get("scope1_2_market"),
            people.get("scope1_2_location"),
            people.get("scope1_2_market"),
        ]
        rows.append((-totals["scope1_2_location"], site.id, row))
    return [row for *_, row in sorted(rows, key=lambda item: item[:2])]


SITE_COLUMNS = [
    Column("Site"),
    Column("Name", max_width=40),
    Column("Region"),
    Column("Floor area (m²)", INTEGER),
    Column("Headcount", INTEGER),
    *VIEW_COLUMNS,
    Column("kg CO2e per m², location-based", INTENSITY),
    Column("kg CO2e per m², market-based", INTENSITY),
    Column("t CO2e per person, location-based", INTENSITY),
    Column("t CO2e per person, market-based", INTENSITY),
]


def _by_site(ws: WriteOnlyWorksheet, rows: list[list[Any]]) -> None:
    _table(
        ws,
        "t CO2e by site (largest Scope 1 + 2 location-based first), summed from the Ledger sheet; "
        "intensities use Scope 1 + 2 and the denominators in each site's YAML.",
        SITE_COLUMNS,
        rows,
    )


ACTIVITY_COLUMNS = [
    Column("Activity"),
    Column("Quantity", QUANTITY),
    Column("Unit"),
    *(Column(SCOPE_LABELS[key], T_CO2E) for key in summary.SCOPES),
]


def _by_activity(ws: WriteOnlyWorksheet, activities: pd.DataFrame) -> None:
    rows = activities[["activity", "quantity", "unit", *summary.SCOPES]].astype(object).values.tolist()
    _table(
        ws,
        "Quantity consumed and t CO2e by activity, summed from the Ledger sheet (quantity is blank "
        f"where units differ). {VIEWS_NOTE}",
        ACTIVITY_COLUMNS,
        rows,
    )


def _ledger(ws: WriteOnlyWorksheet, inventory: Inventory, limit: int, full_ledger: str | None) -> None:
    """The audit trail: plain values, no per-cell styles (it is the one large sheet)."""
    table = ledger_out.table(inventory)
    total = len(table)
    if total > limit:
        table = table.iloc[:limit]
    text = [c for c in table.columns if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])]
    widths = []
    for column in table.columns:
        if column in text and len(table):
            longest = table[column].astype("string").str.len().max()
            width = max(len(column), 0 if pd.isna(longest) else int(longest))
        else:
            width = max(len(column), 12)
        widths.append(min(width + 2, 60))
    _widths(ws, widths)
    ws.freeze_panes = "A3"
    _page(ws, fit_width=False)
    caption = (
        "Audit trail: one row per bill slice, scope view and gas; t_co2e = quantity × t_per_unit × gwp, and "
        "every number on the other sheets is a sum of t_co2e."
    )
    if total > limit:
        caption += f" This sheet holds rows 1 to {limit:,} of {total:,}; the full ledger is in {full_ledger}."
    elif full_ledger:
        caption += f" Also written to {full_ledger}."
    ws.append([cell(ws, caption, font=WARNING if total > limit else CAPTION)])
    _header(ws, table.columns)
    columns = [_values(ws, table[c], text=c in text) for c in table.columns]
    for row in zip(*columns, strict=True):
        ws.append(row)
    ws.auto_filter.ref = f"A2:{get_column_letter(len(table.columns))}{len(table) + 2}"


FACTOR_COLUMNS = [
    Column("Factor id", max_width=40),
    Column("Activity"),
    Column("Region"),
    Column("Year"),
    Column("Gas"),
    Column("Value", "General"),
    Column("Unit"),
    Column("Citation", max_width=100),
]


def _factors(ws: WriteOnlyWorksheet, inventory: Inventory) -> None:
    table = inventory.factors_used()
    rows = (
        table[
            ["factor_id", "activity", "factor_region", "factor_year", "gas", "factor_value", "factor_unit", "citation"]
        ]
        .astype(object)
        .values.tolist()
    )
    widths = [
        min(max([len(c.header), *(_shown_width(r[i], None) for r in rows)]) + 2, c.max_width)
        for i, c in enumerate(FACTOR_COLUMNS)
    ]
    _widths(ws, widths)
    ws.freeze_panes = "A3"
    _page(ws)
    _caption(
        ws,
        "Each emission factor the Ledger uses, with its full citation (publisher, document, edition, "
        "table). Values are in the unit shown; the Ledger's t_per_unit converts them to the bill's unit.",
    )
    _header(ws, [c.header for c in FACTOR_COLUMNS], [c.number_format is not None for c in FACTOR_COLUMNS])
    for index, row in enumerate(rows, 3):
        ws.row_dimensions[index].height = 15 * _lines(str(row[-1]), widths[-1])
        ws.append([cell(ws, value, alignment=WRAP if i == len(row) - 1 else TOP) for i, value in enumerate(row)])
    ws.auto_filter.ref = f"A2:{get_column_letter(len(FACTOR_COLUMNS))}{len(rows) + 2}"


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in ``width`` column characters (widths count the widest digit;
    running text in a proportional font fits about a fifth more; a Chinese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return max(1, math.ceil(shown / max(width * 1.2 - 2, 1)))


def _data_quality(ws: WriteOnlyWorksheet, inventory: Inventory) -> None:
    """The findings table as the quality checks give it, then the notices (message wrapped across the rest)."""
    findings = inventory.quality_findings()
    columns = [str(c) for c in findings.columns] or ["detail"]
    rows = findings.astype(object).values.tolist()
    count = max(len(columns), 3)
    widths = [max([len(c), *(_shown_width(r[i], None) for r in rows)]) + 2 for i, c in enumerate(columns)]
    widths = [min(w, 60) for w in widths] + [10] * (count - len(columns))
    widths[0] = max(widths[0], 10)
    widths[1] = max(widths[1], 2 + max([4, *(len(n.site) for n in inventory.notices)]))
    widths[2] = max(widths[2], 100 - sum(widths[3:]))
    message_width = sum(widths[2:])
    _widths(ws, widths)
    ws.freeze_panes = "A3"
    _page(ws)
    _caption(
        ws,
        "Data-quality findings (one row each), then the notices of this run: factor fallbacks, estimated "
        "bills, unused certificates, bills outside the period.",
    )
    _header(ws, columns)
    if inventory.findings is None:
        ws.append([cell(ws, "The data-quality checks did not run for this report.", font=CAPTION)])
    elif not rows:
        ws.append([cell(ws, "No findings.", font=CAPTION)])
    for row in rows:
        ws.append([cell(ws, value) for value in row])
    ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(rows) + 2}"
    here = len(rows) + (2 if rows else 3) + 1
    ws.append([])
    ws.append([cell(ws, "Notices", font=SECTION)])
    _header(ws, ["level", "site", "message"])
    here += 3
    if not inventory.notices:
        ws.append([cell(ws, "No notices.", font=CAPTION)])
    last = get_column_letter(count)
    for index, notice in enumerate(inventory.notices, here):
        ws.row_dimensions[index].height = 15 * _lines(notice.message, message_width)
        ws.append(
            [
                cell(ws, notice.level, font=WARNING if notice.level == "warning" else None, alignment=TOP),
                cell(ws, notice.site, alignment=TOP),
                cell(ws, notice.message, alignment=WRAP),
            ]
        )
        if count > 3:
            ws.merged_cells.add(f"C{index}:{last}{index}")


# --- summary -------------------------------------------------------------------------------------

SUMMARY_WIDTHS = [40, 15, 15, 15, 15, 15, 15, 15]
#: The Summary sheet's charts: (row count in cells, width and height in cm).
CHART_ROWS = 17
CHART_SIZE = (14.5, 8.0)


class _Rows:
    """Appends rows to the Summary sheet and remembers the row number (for charts and merges)."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.row = 0

    def add(self, *cells: Any, height: float | None = None) -> int:
        self.row += 1
        if height is not None:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(list(cells))
        return self.row

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.add()

    def wrapped(self, label: Any, text: str, *, font: Font | None = None) -> None:
        """A label in A and a text wrapped across B:H."""
        width = sum(SUMMARY_WIDTHS[1:])
        row = self.add(
            cell(self.ws, label, font=font, alignment=TOP),
            cell(self.ws, text, alignment=WRAP),
            height=15 * _lines(text, width),
        )
        self.ws.merged_cells.add(f"B{row}:H{row}")


def _summary(
    inventory: Inventory,
    ws: WriteOnlyWorksheet,
    sheets: dict[str, WriteOnlyWorksheet],
    *,
    months: int,
    sites: int,
    activities: int,
) -> None:
    _widths(ws, SUMMARY_WIDTHS)
    ws.sheet_view.showGridLines = False
    _page(ws)
    out = _Rows(ws)
    c = lambda value, **style: cell(ws, value, **style)  # noqa: E731

    configs = inventory.sites
    if len(configs) == 1:
        site = configs[0].site
        out.add(c(f"Carbon inventory · {site.name or site.id}", font=TITLE), height=28)
        details = [site.id, site.region]
        if site.floor_area_m2:
            details.append(f"{site.floor_area_m2:,.0f} m²")
        if site.headcount:
            details.append(f"{site.headcount:,} people")
        out.add(c(" · ".join(details), font=SUBTITLE))
    else:
        out.add(c(f"Carbon inventory · {len(configs)} sites", font=TITLE), height=28)
        names = ", ".join(cfg.site.name or cfg.site.id for cfg in configs[:8])
        out.add(c(names + (f" and {len(configs) - 8} more (see By site)" if len(configs) > 8 else ""), font=SUBTITLE))
    out.add(
        c(
            f"Reporting period {inventory.period.start} to {inventory.period.end} · tonnes CO2e · "
            f"GWP {inventory.gwp} (100-year)",
            font=SUBTITLE,
        )
    )
    out.blank()

    totals = summary.with_combined(inventory.totals())
    out.add(c("Emissions", font=HEADER, fill=HEADER_FILL), c("t CO2e", font=HEADER, fill=HEADER_FILL, alignment=RIGHT))
    for key, label in TOTAL_LABELS.items():
        bold = BOLD if key in summary.COMBINED else None
        fill = BAND_FILL if key in summary.COMBINED else None
        out.add(c(label, font=bold, fill=fill), c(totals[key], number_format=T_CO2E, font=bold, fill=fill))
    out.add(c(VIEWS_NOTE, font=CAPTION))

    denominators = [
        ("kg CO2e per m²", "m²", summary.denominator([cfg.site.floor_area_m2 for cfg in configs]), 1000),
        ("t CO2e per person", "people", summary.denominator([cfg.site.headcount for cfg in configs]), 1),
    ]
    given = [
        (label, unit, amount, summary.intensity(totals, amount, scale=scale))
        for label, unit, amount, scale in denominators
        if amount
    ]
    if given:
        out.blank()
        out.add(
            *(
                c(h, font=HEADER, fill=HEADER_FILL, alignment=RIGHT if i else HEADER_ALIGN)
                for i, h in enumerate(("Intensity (Scope 1 + 2)", "location-based", "market-based"))
            )
        )
        for label, unit, amount, values in given:
            assert values is not None
            out.add(
                c(f"{label} ({amount:,.0f} {unit})"),
                c(values["scope1_2_location"], number_format=INTENSITY),
                c(values["scope1_2_market"], number_format=INTENSITY),
            )

    out.blank()
    top = out.row + 1
    ws.add_chart(month_chart(sheets["By month"], months), f"A{top}")
    ws.add_chart(activity_chart(sheets["By activity"], activities), f"E{top}")
    out.blank(CHART_ROWS)
    ws.row_breaks.append(Break(id=out.row))  # printed, page 1 is the headline figures and the charts
    years = summary.by_year(inventory.facts, inventory.period.start, inventory.period.end)
    if len(years) > 1:
        out.blank()
        out.add(
            *(
                c(h, font=HEADER, fill=HEADER_FILL, alignment=RIGHT if i else HEADER_ALIGN)
                for i, h in enumerate(
                    (
                        "Year",
                        "Scope 1",
                        "Scope 2 location-based",
                        "Scope 2 market-based",
                        "Scope 1 + 2 location-based",
                        "change",
                        "Scope 1 + 2 market-based",
                        "change",
                    )
                )
            ),
            height=32,
        )
        for row in years.to_dict("records"):
            label = str(row["year"]) if row["whole_year"] else f"{row['year']} (part year, {row['days']} days)"
            out.add(
                c(label),
                *(c(row[k], number_format=T_CO2E) for k in (*summary.SCOPES, "scope1_2_location")),
                c(row["change_location"], number_format=CHANGE),
                c(row["scope1_2_market"], number_format=T_CO2E),
                c(row["change_market"], number_format=CHANGE),
            )
        out.add(c("A change is shown between whole calendar years only.", font=CAPTION))

    if sites > 1:
        out.blank()
        ws.add_chart(site_chart(sheets["By site"], min(sites, CHART_SITES), sites), f"A{out.row + 1}")
        out.blank(CHART_ROWS)

    out.blank()
    out.add(c("Emission factors and GWP", font=SECTION))
    used = inventory.factors_used()
    for (activity, gas), rows in used.groupby(["activity", "gas"], sort=True):
        ids = [
            f"{r['factor_id']} ({r['factor_region'] or 'own'}, {r['factor_year']})"
            for r in rows.head(3).to_dict("records")
        ]
        more = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
        out.wrapped(f"{activity} {gas}", "; ".join(ids) + more)
    gwp_rows = factors.gwp_table()
    gwp_rows = gwp_rows[gwp_rows["set"] == inventory.gwp]
    gases = inventory.facts[["gas", "gwp"]].astype({"gas": "str"}).drop_duplicates().sort_values(["gas", "gwp"])
    gwps = ", ".join(f"{r['gas']} {r['gwp']:g}" for r in gases.to_dict("records") if r["gas"] not in ("CO2", "CO2e"))
    out.wrapped(
        f"GWP {inventory.gwp} (100-year)",
        (f"{gwps}. " if gwps else "") + "; ".join(dict.fromkeys(gwp_rows["citation"])),
    )
    out.add(c("Full citations: Factors used sheet. Every calculation step: Ledger sheet.", font=CAPTION))

    out.blank()
    out.add(c("Notices and data quality", font=SECTION))
    notices = sorted(inventory.notices, key=lambda n: n.level != "warning")
    for notice in notices[:50]:
        out.wrapped(
            f"{notice.level} · {notice.site}", notice.message, font=WARNING if notice.level == "warning" else None
        )
    if len(notices) > 50:
        out.add(c(f"... and {len(notices) - 50} more notices: see the Data quality sheet.", font=CAPTION))
    if not notices:
        out.add(c("No notices: every factor matched the site's region and year, no bill was estimated."))
    findings = inventory.quality_findings()
    if inventory.findings is None:
        out.add(
            c(
                "The data-quality checks (gaps, overlaps, duplicates, outliers) did not run for this report.",
                font=CAPTION,
            )
        )
    elif not len(findings):
        out.add(c("Data-quality checks: no findings."))
    else:
        for row in findings.head(20).to_dict("records"):
            where = f" ({row.get('source_file')} row {row.get('source_row')})" if row.get("source_file") else ""
            out.wrapped(
                f"{row.get('severity', '')} · {row.get('site', '')}",
                f"{row.get('check', '')}: {row.get('detail', '')}{where}",
            )
        if len(findings) > 20:
            out.add(c(f"... and {len(findings) - 20} more findings: see the Data quality sheet.", font=CAPTION))


def _style_chart(chart: Any, title: str, y_title: str) -> None:
    chart.title = title
    chart.y_axis.title = y_title
    chart.y_axis.number_format = "#,##0.0"
    # openpyxl 3.1 marks axes as deleted unless told otherwise; Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend.position = "b"
    chart.width, chart.height = CHART_SIZE


def _plot(chart: Any, sheet: WriteOnlyWorksheet, columns: tuple[int, int], rows: int) -> None:
    """Plot ``columns`` (first, last) of a table sheet: titles in row 2, ``rows`` values below,
    categories in column A."""
    last = rows + 2
    chart.add_data(
        Reference(sheet, min_col=columns[0], max_col=columns[1], min_row=2, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=3, max_row=last))


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
    _plot(chart, sheet, (4, 6), activities)
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
    _plot(chart, sheet, (6, 7), shown)
    title = "Emissions by site" if shown == sites else f"Emissions by site: the {shown} largest of {sites}"
    _style_chart(chart, title, "t CO2e")
    chart.x_axis.scaling.orientation = "maxMin"  # the largest at the top
    _colour(chart, ("2E6B57", "8CC0A8"))
    chart.width = CHART_SIZE[0] * 2
    return chart
