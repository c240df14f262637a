"""Ledger renderer: the audit trail as a table, for the workbook's Ledger sheet and ``--ledger PATH``.

One row per bill slice, scope view, instrument part and gas (see :data:`carbon_cli.calculator.LEDGER_COLUMNS`),
with the bill's source file and row, the factor and its citation, and the result. It selects and
formats columns (ISO dates, the Scope 2 method spelled out); it never computes a number.

A CSV ledger neutralises formula-like text as the CSV renderer does; a Parquet ledger keeps text
exactly (written by pyarrow, one of carbon's dependencies).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..ledger import HOW_MADE
from ..output import write_atomic
from .csv_out import FORMULA_START
from .labels import METHODS

if TYPE_CHECKING:
    import pandas as pd

    from ..inventory import Inventory

#: Columns of the audit trail, in reading order: where the number came from, then how it was made.
COLUMNS = [
    "site",
    "region",
    "meter",
    "activity",
    "scope",
    "method",
    "month",
    "slice_start",
    "slice_end",
    "days",
    "source_file",
    "source_row",
    "bill_quantity",
    "bill_unit",
    "estimated",
    "purchase",
    "quantity",
    "unit",
    *HOW_MADE,
]
#: Text columns that come from the user's files (site YAML, bills): never let a spreadsheet run them.
INPUT_TEXT = (
    "site",
    "region",
    "meter",
    "activity",
    "source_file",
    "bill_unit",
    "unit",
    "factor_id",
    "factor_region",
    "factor_unit",
    "conversion_id",
    "citation",
    "fallback",
    "part",
)
FORMATS = (".csv", ".parquet")


def table(inventory: Inventory) -> pd.DataFrame:
    """The ledger in :data:`COLUMNS` order, dates as ISO text and the Scope 2 method spelled out."""
    ledger = inventory.ledger
    out = ledger.reindex(columns=[c for c in COLUMNS if c != "method"])
    out.insert(COLUMNS.index("method"), "method", ledger["scope"].map(METHODS).fillna(""))
    for column in ("slice_start", "slice_end"):
        if len(ledger):
            out[column] = ledger[column].dt.strftime("%Y-%m-%d")
    out["part"] = ledger["part"].astype(str) if len(ledger) else ledger["part"]
    return out


def check_format(path: str | Path) -> None:
    """Refuse a ledger path that is neither .csv nor .parquet.

    :raises ConfigError: with the fix.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ConfigError(
            f"unsupported ledger file type '{suffix or Path(path).name}'",
            where=path,
            fix="Name the ledger file .csv or .parquet",
        )


def write(inventory: Inventory, path: str | Path, *, suffix: str | None = None) -> None:
    """Write the whole ledger to ``path`` (not atomically: see :func:`save`).

    :param suffix: ``.csv`` or ``.parquet``; default: ``path``'s own suffix.
    """
    frame = table(inventory)
    if (suffix or Path(path).suffix).lower() == ".parquet":
        frame.to_parquet(path, index=False)
        return
    for column in INPUT_TEXT:
        text = frame[column].astype("string")
        risky = text.str.startswith(FORMULA_START).fillna(False).to_numpy(bool)
        if risky.any():
            frame[column] = text.where(~risky, "'" + text)
    frame.to_csv(path, index=False, lineterminator="\n")


def save(inventory: Inventory, path: str | Path, *, inputs: list[Path] | None = None, force: bool = False) -> Path:
    """Write the whole ledger atomically, never over an input, over an existing file only with ``force``.

    :raises ConfigError: see :func:`carbon_cli.output.check_target` and :func:`check_format`.
    """
    check_format(path)
    suffix = Path(path).suffix
    return write_atomic(
        path,
        lambda temporary: write(inventory, temporary, suffix=suffix),
        inputs=inventory.inputs() if inputs is None else inputs,
        force=force,
    )
