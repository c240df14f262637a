"""Findings as a table, one row per finding (:data:`FINDING_COLUMNS`), and the text helpers
their details are written with (dates, quantities, where a bill comes from).

Turns the bills a check chose into rows, and sorts and types the finished table; it decides
nothing about which bills are wrong.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from .catalog import CHECKS, FINDING_COLUMNS


def finding_rows(
    rows: pd.DataFrame, check: str, detail: Any, *, severity: Any = None, start: Any = None, end: Any = None
) -> pd.DataFrame:
    """Findings for ``rows`` (bills), by default over each bill's own dates and source row."""
    frame = pd.DataFrame(
        {
            "bill": rows.index.to_numpy(),
            "site": rows["site"].to_numpy(),
            "meter": rows["meter"].to_numpy(),
            "activity": rows["activity"].to_numpy(),
            "period_start": rows["period_start"].to_numpy() if start is None else _array(start),
            "period_end": rows["period_end"].to_numpy() if end is None else _array(end),
            "check": check,
            "severity": CHECKS[check][0] if severity is None else _array(severity),
            "detail": _array(detail),
            "source_file": rows["source_file"].to_numpy(),
            "source_row": rows["source_row"].to_numpy(),
        }
    )
    return frame


def _array(value: Any) -> Any:
    return value.to_numpy() if hasattr(value, "to_numpy") else value


def concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else _none_found().copy()


@functools.cache
def _none_found() -> pd.DataFrame:
    """No findings: the table most checks return on most runs, built once (a dozen a run cost
    about 0.5 ms each; a copy costs a tenth of that; issue 15: start-up)."""
    return pd.DataFrame(columns=["bill", *FINDING_COLUMNS])


def finish(found: pd.DataFrame) -> pd.DataFrame:
    if not len(found):
        return empty()
    found = found.drop(columns="bill", errors="ignore")
    found["period_start"] = pd.to_datetime(found["period_start"]).astype("datetime64[s]")
    found["period_end"] = pd.to_datetime(found["period_end"]).astype("datetime64[s]")
    found["source_row"] = found["source_row"].astype("Int64")
    order = found.assign(_meter=found["meter"].fillna(""), _rank=found["check"].map(list(CHECKS).index))
    order = order.sort_values(["site", "activity", "_meter", "period_start", "_rank", "source_row"], kind="stable")
    return order[FINDING_COLUMNS].reset_index(drop=True)


def empty() -> pd.DataFrame:
    """A findings table with no rows and the right dtypes."""
    return pd.DataFrame(
        {
            "site": pd.Series(dtype="object"),
            "meter": pd.Series(dtype="object"),
            "activity": pd.Series(dtype="object"),
            "period_start": pd.Series(dtype="datetime64[s]"),
            "period_end": pd.Series(dtype="datetime64[s]"),
            "check": pd.Series(dtype="object"),
            "severity": pd.Series(dtype="object"),
            "detail": pd.Series(dtype="object"),
            "source_file": pd.Series(dtype="object"),
            "source_row": pd.Series(dtype="Int64"),
        }
    )


def day_text(values: pd.Series) -> pd.Series:
    """Dates as ``YYYY-MM-DD`` text (numpy formats the whole column at once)."""
    return pd.Series(
        np.datetime_as_string(values.to_numpy("datetime64[D]"), unit="D"), index=values.index, dtype=object
    )


def source_text(rows: pd.DataFrame) -> pd.Series:
    """``gas.csv row 9`` for each row."""
    return rows["source_file"].astype(str) + " row " + rows["source_row"].astype("Int64").astype(str)


def number_text(values: Any) -> Any:
    """Quantities as people read them: 1,234.5 or 0.0123 (three significant figures when small)."""
    values = pd.Series(np.asarray(values, dtype="float64"))
    big = values.abs() >= 100
    return values.map(lambda v: f"{v:,.0f}").where(big, values.map(lambda v: f"{v:,.3g}"))
