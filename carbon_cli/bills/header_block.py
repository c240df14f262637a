"""The header block of a bill table: where it is, how deep, and the names its columns get.

``header_row:`` (and ``header_rows:``) when the YAML gives them; else the first of the top
:data:`SCAN_ROWS` rows (row 1 first, so a file whose header is row 1 reads as it always did)
whose one- or two-row header lets :func:`~.headers.map_columns` find every needed field. A
title (one label, often merged across the table) is never a header. Two rows become
``top/bottom`` names, a merged or blank top cell spreading over the labels under it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..config import BillSource
from ..errors import ConfigError
from .headers import DEFAULT_HEADERS, fold, map_columns

__all__ = ["SCAN_ROWS", "HeaderBlock", "depths_at", "find_header", "flatten", "known", "label"]

#: How many rows from the top are looked at for the header block when ``header_row:`` is not given.
SCAN_ROWS = 30


@dataclass(frozen=True)
class HeaderBlock:
    """Where a table's headers are: ``first`` (file row, from 1), ``depth`` rows, the names the
    columns get, and how the block was settled."""

    first: int
    depth: int
    names: list[str]
    how: str
    parts: dict[str, str] = field(default_factory=dict)


def find_header(
    cells: pd.DataFrame,
    merged: list[tuple[int, int, int, int]],
    source: BillSource,
    name: str,
    *,
    need_site: bool = False,
    need_activity: bool = False,
) -> HeaderBlock | None:
    """The header block: as ``header_row:``/``header_rows:`` say, else the first row (from the
    top, row 1 first) whose one- or two-row header maps every needed field; None when none does."""
    given = "header_row" in source.model_fields_set
    starts = [source.header_row - 1] if given else range(min(SCAN_ROWS, len(cells)))
    for top in starts:
        if top >= len(cells):
            break
        depths = [source.header_rows] if source.header_rows else depths_at(cells, merged, top)
        # A title (one label, often merged across the table) is never a header row.
        labels = {label(v) for v in cells.iloc[top]} - {""}
        for depth in depths if given or len(labels) > 1 else []:
            names, parts = flatten(cells, top, depth, merged)
            try:
                map_columns(
                    pd.DataFrame(columns=names),
                    source,
                    name,
                    need_site=need_site,
                    need_activity=need_activity,
                    parts=parts,
                )
            except ConfigError:
                continue
            rows = f"rows {top + 1}-{top + depth}" if depth > 1 else f"row {top + 1}"
            how = (
                f"header_row: {top + 1} in the site YAML"
                if given
                else f"{rows}: the first {'rows' if depth > 1 else 'row'} whose headers name every needed column"
            )
            return HeaderBlock(top + 1, depth, names, how, parts)
        if given:
            names, parts = flatten(cells, top, source.header_rows or 1, merged)
            return HeaderBlock(
                top + 1, source.header_rows or 1, names, f"header_row: {top + 1} in the site YAML", parts
            )
    return None


def depths_at(cells: pd.DataFrame, merged: list[tuple[int, int, int, int]], top: int) -> list[int]:
    """1 then 2 rows; 2 first where the rows look like a two-row header (a merged header cell,
    or a text row below with labels under blank header cells)."""
    if top + 1 >= len(cells):
        return [1]
    spans = any(r0 <= top <= r1 and (r1 > r0 or c1 > c0) for r0, c0, r1, c1 in merged)
    upper, lower = cells.iloc[top], cells.iloc[top + 1]
    under_blank = any(_blank(u) and not _blank(b) for u, b in zip(upper, lower, strict=True))
    all_text = all(_blank(b) or (isinstance(b, str) and not _numeric(b)) for b in lower)
    return [2, 1] if spans or (under_blank and all_text) else [1, 2]


def flatten(
    cells: pd.DataFrame, top: int, depth: int, merged: list[tuple[int, int, int, int]]
) -> tuple[list[str], dict[str, str]]:
    """The column names of a header block of ``depth`` rows from row ``top`` (from 0): one row's
    cells, or ``top/bottom`` for two rows (a merged or blank top cell spreads from the left over
    the labels under it); blank ones ``Unnamed: i``, repeats ``name.1`` (as pandas names them)."""
    upper = [label(v) for v in cells.iloc[top]]
    if depth == 1:
        return _unique([u or f"Unnamed: {i}" for i, u in enumerate(upper)]), {}
    lower = [label(v) for v in cells.iloc[top + 1]] if top + 1 < len(cells) else [""] * len(upper)
    covered = set()
    for r0, c0, r1, c1 in merged:
        if r0 <= top <= r1:
            for column in range(c0, min(c1, len(upper) - 1) + 1):
                covered.add(column)
                if column > c0 and not upper[column]:
                    upper[column] = upper[c0]
                if r1 >= top + 1 and r0 <= top:
                    lower[column] = ""  # one header cell merged down over both rows
    for column in range(1, len(upper)):
        if not upper[column] and lower[column] and column not in covered and lower[column - 1]:
            upper[column] = upper[column - 1]
    names, parts = [], {}
    for i, (u, b) in enumerate(zip(upper, lower, strict=True)):
        names.append(f"{u}/{b}" if u and b and u != b else u or b or f"Unnamed: {i}")
    names = _unique(names)
    for i, (u, b) in enumerate(zip(upper, lower, strict=True)):
        if u and b and u != b:
            parts[names[i]] = b
    return names, parts


def known(header: str, mapped: Collection[str]) -> bool:
    """A header the YAML maps, or a known spelling of some field."""
    folded = fold(header)
    return folded in mapped or any(folded in spellings for spellings in DEFAULT_HEADERS.values())


def _blank(value: Any) -> bool:
    return (
        value is None or (isinstance(value, float) and value != value) or (isinstance(value, str) and not value.strip())
    )


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[\s+\-]*[\d.,\s]+", text))


def label(value: Any) -> str:
    """A header cell as a name: text as it is, whole numbers without ``.0``, blank as ``""``."""
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value == dt.datetime(value.year, value.month, value.day):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            candidate = f"{name}.{seen[name]}"
            while candidate in seen:
                seen[name] += 1
                candidate = f"{name}.{seen[name]}"
            seen[candidate] = 0
            out.append(candidate)
        else:
            seen[name] = 0
            out.append(name)
    return out
