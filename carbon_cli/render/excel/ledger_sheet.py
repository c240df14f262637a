"""The Ledger sheet: the audit trail, as many rows as asked for, the rest in the full ledger file.

The one large sheet: plain values, no per-cell styles, so that 100,000 rows cost about what
openpyxl itself needs for them (``benchmarks/bench_excel.py``). The columns and their text come
from :func:`carbon_cli.render.ledger_out.table`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .. import ledger_out
from .cells import CAPTION, WARNING, add_header, cell, plain_values, set_page, set_widths

if TYPE_CHECKING:
    from ...inventory import Inventory


def write_ledger(ws: WriteOnlyWorksheet, inventory: Inventory, limit: int, full_ledger: str | None) -> None:
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
    for row in zip(*columns, strict=True):
        ws.append(row)
    ws.auto_filter.ref = f"A2:{get_column_letter(len(table.columns))}{len(table) + 2}"
