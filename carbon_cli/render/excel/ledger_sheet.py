"""The Ledger sheet: the audit trail, as many rows as asked for, the rest in the full ledger file.

The one large sheet: plain values, no per-cell styles, so that 100,000 rows cost about what
openpyxl itself needs for them (``benchmarks/bench_excel.py``). The columns and their text come
from :func:`carbon_cli.render.ledger_out.table`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from rich.cells import cell_len

from ...i18n import language
from ...i18n.messages import translate
from .. import ledger_out
from .cells import CAPTION, WARNING, add_header, cell, plain_values, set_page, set_widths

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...inventory import Inventory


#: Number formats of the ledger's number columns: every digit an auditor needs, never 3.8931E-09.
NUMBER_FORMATS = {
    "bill_quantity": "#,##0.0##",
    "quantity": "#,##0.0##",
    "factor_value": "0.0#########",
    "t_per_unit": "0.000000000###",
    "t_gas": "0.000000###",
    "t_co2e": "#,##0.000000",
}
#: A styled cell costs about a third more time than a plain value: up to this many rows (a site,
#: a small portfolio) the numbers get their formats; a larger ledger is written plain and fast.
FORMATTED_ROWS = 20_000
#: How often the progress callback hears of the rows written.
PROGRESS_ROWS = 5_000


def formatted(ws: WriteOnlyWorksheet, values: list[Any], number_format: str) -> list[Any]:
    """Values as cells that share one number format (one style object for all: cheap to make)."""
    template = WriteOnlyCell(ws, value=0.0)
    template.number_format = number_format
    out: list[Any] = []
    for value in values:
        if value is None or isinstance(value, Cell):
            out.append(value)
            continue
        styled = WriteOnlyCell(ws, value=value)
        styled._style = template._style  # the same style id for every cell of the column
        out.append(styled)
    return out


def write_ledger(
    ws: WriteOnlyWorksheet,
    inventory: Inventory,
    limit: int,
    full_ledger: str | None,
    *,
    progress: Callable[[int], None] | None = None,
) -> None:
    """The audit trail: plain values, no per-cell styles (it is the one large sheet).

    :param progress: called with the rows written so far, every :data:`PROGRESS_ROWS` rows.
    """
    table = ledger_out.table(inventory)
    total = len(table)
    if total > limit:
        table = table.iloc[:limit]
    if language() != "en" and "fallback" in table.columns and len(table):
        # the fallback notes are sentences: in the report's language, once per distinct note
        notes = pd.unique(table["fallback"].dropna())
        table["fallback"] = table["fallback"].map({note: translate(str(note)) for note in notes})
    for column in ("slice_start", "slice_end"):  # dates as dates, not text (a filter sorts them as dates)
        if len(table):
            table[column] = inventory.ledger[column].iloc[: len(table)].dt.date.to_numpy()
    text = [c for c in table.columns if table[c].dtype == object or pd.api.types.is_string_dtype(table[c])]
    widths = []
    for column in table.columns:
        header = cell_len(translate(str(column)))
        if column in text and len(table):
            # display width, once per distinct value: a Chinese site name takes two columns a character
            shown = [cell_len(str(v)) for v in pd.unique(table[column].dropna())]
            width = max(header, max(shown, default=0))
        else:
            width = max(header, 12)
        widths.append(min(width + 2, 60))
    set_widths(ws, widths)
    ws.freeze_panes = "A3"
    set_page(ws)  # landscape, one page wide: a one-site ledger prints on a few pages
    caption = (
        "Audit trail: one row per bill slice, scope view and gas; t_co2e = quantity × t_per_unit × gwp, and "
        "every number on the other sheets is a sum of t_co2e."
    )
    if total > limit and full_ledger:
        caption += f" This sheet holds rows 1 to {limit:,} of {total:,}; the full ledger is in {full_ledger}."
    elif total > limit:
        caption += (
            f" This sheet holds rows 1 to {limit:,} of {total:,} only: for every row, run again with"
            " --ledger FILE (.csv or .parquet)."
        )
    elif full_ledger:
        caption += f" Also written to {full_ledger}."
    ws.append([cell(ws, caption, font=WARNING if total > limit else CAPTION)])
    add_header(ws, table.columns)
    columns = [plain_values(ws, table[c], text=c in text) for c in table.columns]
    if len(table) <= FORMATTED_ROWS:
        for position, name in enumerate(table.columns):
            if name in NUMBER_FORMATS:
                columns[position] = formatted(ws, columns[position], NUMBER_FORMATS[name])
    for done, row in enumerate(zip(*columns, strict=True), 1):
        ws.append(row)
        if progress is not None and done % PROGRESS_ROWS == 0:
            progress(done)
    ws.auto_filter.ref = f"A2:{get_column_letter(len(table.columns))}{len(table) + 2}"
