"""Credits marked by the text of a column: ``credit: {column: 备注, values: [退补, 冲红]}``.

A bill entry's ``credit:`` names a text column (a remark, a type) and the values in it that mark
a row as a credit or adjustment (``退补``, ``冲红``, ``Credit``, ``Adjustment``). A marked row may
hold a negative quantity: it corrects the bills of its meter and month (see
:func:`carbon_cli.calculator.net_of_credits`). Values are compared whole, after NFKC, trimming and
lower-casing (``Credit`` and ``credit `` match; ``退补电费`` does not match ``退补``). A yes/no
column (``columns: {credit: 是否冲红}``) is read by :func:`carbon_cli.bills.parse_flags`.
This module reads that one column.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from ..config import CreditRule
from ..errors import ConfigError

#: The column of the batch that holds each row's mark by its file's rule (NaN: no rule).
MARK = "_credit_rule"


def _fold(text: Any) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


def marked(raw: pd.DataFrame, rule: CreditRule | None, name: str) -> Any:
    """Whether each row of one file is a credit by ``rule`` (NaN for every row without a rule).

    :raises ConfigError: the rule's column is not in the file.
    """
    if rule is None:
        return np.nan
    found = {_fold(column): column for column in raw.columns}
    if _fold(rule.column) not in found:
        raise ConfigError(
            f"column '{rule.column}' (credit.column) is not in the file",
            where=name,
            fix=f"Columns found: {', '.join(map(str, raw.columns))}",
        )
    cells = raw[found[_fold(rule.column)]]
    text = cells.astype(str).str.normalize("NFKC").str.strip().str.lower().where(cells.notna(), "")
    return text.isin({_fold(value) for value in rule.values}).to_numpy()


def apply(credit: pd.Series | bool, raw: pd.DataFrame) -> pd.Series | bool:
    """Each row's credit flag: its file's rule where it has one, else ``credit`` (the yes/no column)."""
    if MARK not in raw:
        return credit
    mark = raw[MARK]
    ruled = mark.notna().to_numpy()
    if not ruled.any():
        return credit
    flags = pd.Series(credit, index=raw.index, dtype=bool) if isinstance(credit, bool) else credit.astype(bool)
    return flags.where(~ruled, mark.astype(object).where(ruled, False).astype(bool))
