"""Arrays: text and key columns as small integers, and the integer-array helpers built on them.

The calendar, the quality checks and the calculator group, sort and match millions of bill
rows by site, activity, meter and unit. They do it on integer codes made here, once per
column, rather than on the text; the helpers below sort, group and count such codes with
whole-array numpy. Nothing here knows about bills, dates or findings: that is the callers' part.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


def fits_a_table(span: int, n: int) -> bool:
    """Whether ``span`` possible values of ``n`` keys are few enough to mark in a table (an array of
    ``span`` cells, indexed by value) rather than to hash or sort: at most 4 cells per key, plus a
    fixed 65,536 that small inputs may always use.

    The one threshold of every "table or hash" choice in carbon (:func:`dense`,
    :func:`carbon_cli.calendar.shares_a_day`, the quality checks' date ranks and calendar days).
    """
    return span <= 4 * n + 65_536


def codes(values: pd.Series) -> tuple[Any, Any]:
    """A text column as numbers 0..k-1 in the order of the sorted text, and the k texts.

    Works alike for ``str``, ``object`` and ``category`` columns (a category's own order and
    unused categories do not matter); a missing value is a text of its own, sorted last.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        texts = np.asarray(values.cat.categories, dtype=object)
        numbers = values.cat.codes.to_numpy().astype(np.int64)
        order = np.argsort(texts, kind="stable")
        rank = np.empty(len(texts) + 1, dtype=np.int64)
        rank[order] = np.arange(len(texts))
        rank[-1] = len(texts)  # code -1, a missing value
        return rank[numbers], np.concatenate([texts[order], np.array([None], dtype=object)])
    numbers, uniques = pd.factorize(values, sort=True)
    numbers = numbers.astype(np.int64)
    numbers[numbers < 0] = len(uniques)  # a missing value
    return numbers, np.concatenate([np.asarray(uniques, dtype=object), np.array([None], dtype=object)])


def dense(key: Any, size: int) -> tuple[Any, int]:
    """Numbers 0..k-1 for the k distinct values of ``key`` (integers in 0..size-1), in their order."""
    if fits_a_table(size, len(key)):  # few possible values: mark them in a table instead of hashing
        seen = np.zeros(max(size, 1), dtype=bool)
        seen[key] = True
        number = np.cumsum(seen) - 1
        return number[key], int(seen.sum())
    numbers, uniques = pd.factorize(key, sort=True)
    return numbers.astype(np.int64), len(uniques)


def group_ids(columns: Sequence[Any]) -> Any:
    """One group number 0..k-1 per distinct combination of non-negative integer columns, in the
    order of the combinations (first column slowest)."""
    key = None
    span = 1
    for column in columns:
        width = int(column.max()) + 1 if len(column) else 1
        if key is None:
            key, span = column.astype("int64"), width
            continue
        if span * width >= 2**62:  # renumber before the product could overflow
            key, span = dense(key, span)
        key, span = key * width + column, span * width
    if key is None:
        return np.zeros(0, dtype=np.int64)
    return dense(key, span)[0]


def count(codes: Any) -> int:
    """How many numbers ``codes`` (0..k-1) can take: k."""
    return int(codes.max()) + 1 if len(codes) else 1


def argsort(*keys: tuple[Any, int], unique: bool = False, nearly_sorted: bool = False) -> Any:
    """Positions sorted by ``keys`` (each ``(values in 0..size-1, size)``, most significant first),
    ties in position order: a stable sort, packed into one integer per row when they fit.

    :param unique: no two rows have the same keys (no tie to break).
    :param nearly_sorted: the rows are nearly in order already (timsort then needs few steps).
    """
    n = len(keys[0][0])
    span = 1 if unique else n
    for _, size in keys:
        span *= max(size, 1)
    if span < 2**62:
        packed = np.zeros(n, dtype=np.int64)
        for values, size in keys:
            packed = packed * max(size, 1) + values
        if not unique:
            packed = packed * n + np.arange(n)  # unique now: any sort is stable
        return np.argsort(packed, kind="stable" if nearly_sorted else None)
    return np.lexsort([values for values, _ in reversed(keys)])


def segments(group: Any) -> Any:
    """Where each run of equal ``group`` values starts (``group`` sorted)."""
    return np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else np.zeros(0, dtype=np.int64)


def repeated(values: Any) -> Any:
    """Which values (integers) occur more than once."""
    order = np.argsort(values)
    ordered = values[order]
    equal = ordered[1:] == ordered[:-1]
    again = np.zeros(len(values), dtype=bool)
    again[1:] |= equal
    again[:-1] |= equal
    out = np.zeros(len(values), dtype=bool)
    out[order] = again
    return out
