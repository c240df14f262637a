"""Workbook cells and styles: the fonts, fills and number formats of the report, a cell that
stores text as text (never as a formula or an error value), and the table every data sheet is.

Shared by the sheet writers of this package; it lays out cells and never computes a number.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from rich.cells import cell_len

from ...i18n import language
from ...i18n.messages import translate

# Number formats: thousands separators; t CO2e to three decimals (the kilogram).
T_CO2E = "#,##0.000"
QUANTITY = "#,##0.0"
INTENSITY = "#,##0.00"
INTEGER = "#,##0"
CHANGE = "+0.0%;-0.0%;0.0%"

INK = "1F3B33"
ACCENT = "2E6B57"
FONT = "Calibri"  # the workbook's default font: styled cells name it too, or viewers substitute a serif
#: The font of a Chinese report: 等线 (DengXian), Office's default East Asian font since 2016, on
#: every Windows and Mac Excel; LibreOffice, which lacks it, substitutes its CJK sans (Noto Sans CJK
#: SC from fonts-noto-cjk) through fontconfig, helped by the GB2312 charset the font declares.
FONT_ZH = "等线"
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
    elif isinstance(value, dt.datetime):  # pd.Timestamp too: a day is shown as a date, not '2021-07-20 0:00:00'
        value = value.date() if value.time() == dt.time() else value.replace(tzinfo=None)
    out = text_cell(ws, translate(value)) if isinstance(value, str) else WriteOnlyCell(ws, value=value)
    if font is not None:
        out.font = report_font(font)
    if number_format is not None:
        out.number_format = number_format
    if alignment is not None:
        out.alignment = alignment
    if fill is not None:
        out.fill = fill
    return out


def report_font(font: Font) -> Font:
    """``font`` in the report's language: the CJK font (:data:`FONT_ZH`) in Chinese."""
    if language() != "zh" or font.name == FONT_ZH:
        return font
    return _cjk(font)


_CJK_FONTS: dict[int, Font] = {}


def _cjk(font: Font) -> Font:
    if id(font) not in _CJK_FONTS:
        _CJK_FONTS[id(font)] = Font(
            name=FONT_ZH, sz=font.sz, b=font.b, i=font.i, color=font.color, charset=134, family=2
        )
    return _CJK_FONTS[id(font)]


def text_cell(ws: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    """A cell that holds ``value`` as text; control characters XML cannot hold become U+FFFD."""
    out = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
    out.data_type = "s"
    return out


def needs_cell(value: Any) -> bool:
    """Text openpyxl would not store as given: a formula (``=...``), an error value, control characters."""
    return isinstance(value, str) and (
        (len(value) > 1 and value.startswith("="))
        or value in ERROR_CODES
        or ILLEGAL_CHARACTERS_RE.search(value) is not None
    )


def plain_values(ws: WriteOnlyWorksheet, series: pd.Series, *, text: bool) -> list[Any]:
    """A column as plain Python values for ``append``: missing and empty become ``None`` (no cell),
    and text that openpyxl would not store as given gets a text cell (checked once per distinct value)."""
    values = series.astype(object).where(series.notna(), None)
    if text:
        values = values.where(values != "", None)
    out = values.tolist()
    if text and any(needs_cell(value) for value in pd.unique(values.dropna())):
        # a new cell per row: openpyxl's write-only sheet reuses a cell object after writing it
        out = [text_cell(ws, value) if needs_cell(value) else value for value in out]
    return out


def set_widths(ws: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width


def shown_width(value: Any, number_format: str | None) -> int:
    """Characters a value takes when shown with its number format."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0
    if number_format is None or not isinstance(value, int | float) or isinstance(value, bool):
        return cell_len(str(value))  # display width: a Chinese character takes two columns
    decimals = {T_CO2E: 3, QUANTITY: 1, INTENSITY: 2, INTEGER: 0, CHANGE: 1}.get(number_format, 3)
    shown = f"{value:+,.{decimals}f}%" if number_format == CHANGE else f"{value:,.{decimals}f}"
    return len(shown)


def add_caption(ws: WriteOnlyWorksheet, text: str) -> None:
    ws.append([cell(ws, text, font=CAPTION)])


def add_header(ws: WriteOnlyWorksheet, headers: Iterable[str], numeric: Sequence[bool] = ()) -> None:
    """The header row; headers of number columns align right, over their numbers."""
    ws.append(
        [
            cell(ws, header, font=HEADER, fill=HEADER_FILL, alignment=RIGHT if right else None)
            for header, right in zip(headers, [*numeric, *[False] * 100], strict=False)
        ]
    )


def set_page(ws: WriteOnlyWorksheet) -> None:
    """Print landscape on A4, one page wide (as many pages long as it takes)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def set_print(ws: WriteOnlyWorksheet, title: str, generated: str, *, title_rows: str | None = "1:2") -> None:
    """What a printed page carries: the report title above, page X of Y and the date below, and
    the caption and header rows of a table repeated on every page."""
    title = translate(title).replace("&", "&&")  # '&' starts a code in headers and footers
    ws.oddHeader.center.text = title
    ws.oddFooter.left.text = translate(f"carbon · generated {generated}")
    ws.oddFooter.center.text = translate("Page &P of &N")
    ws.oddFooter.right.text = "&A"  # the sheet's name
    if title_rows is not None:
        ws.print_title_rows = title_rows


def write_table(ws: WriteOnlyWorksheet, caption: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> None:
    """A proper table: caption, frozen header with autofilter, number formats, widths that fit."""
    widths = [
        max([cell_len(translate(c.header)), *(shown_width(row[i], c.number_format) for row in rows)]) + 2
        for i, c in enumerate(columns)
    ]
    set_widths(ws, [min(max(w, 9), c.max_width) for w, c in zip(widths, columns, strict=True)])
    ws.freeze_panes = "A3"
    set_page(ws)
    add_caption(ws, caption)
    add_header(ws, [c.header for c in columns], [c.number_format is not None for c in columns])
    for row in rows:
        ws.append([cell(ws, value, number_format=c.number_format) for value, c in zip(row, columns, strict=True)])
    ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(rows) + 2}"


def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in ``width`` column characters (widths count the widest digit;
    running text in a proportional font fits about a fifth more; a Chinese character takes two)."""
    shown = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return max(1, math.ceil(shown / max(width * 1.2 - 2, 1)))


def use_cjk_font(book: Any) -> None:
    """Make :data:`FONT_ZH` the workbook's default font (cells without a style of their own, the
    Ledger's rows): the first font of the stylesheet and the Normal style's."""
    font = Font(name=FONT_ZH, sz=11, family=2, charset=134, scheme="minor")
    book._fonts = type(book._fonts)([font, *list(book._fonts)[1:]])
    book._named_styles["Normal"].font = font
