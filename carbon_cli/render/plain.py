"""Plain values: table cells made ready for ``json`` and ``csv`` (the one home of that rule).

Missing values (None, NaN, ``pd.NA``, ``NaT``) become None, timestamps ``YYYY-MM-DD`` and numpy
scalars plain Python numbers. It converts types; it never computes a number.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def plain(value: Any) -> Any:
    """``value`` as JSON/CSV-ready: missing -> None, ``pd.Timestamp`` -> ``YYYY-MM-DD``, numpy scalar -> number."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "item"):  # numpy scalars
        return plain(value.item())
    return value


def records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (see :func:`plain`); no rows for ``None`` or an empty table."""
    if frame is None or not len(frame):
        return []
    return [{str(key): plain(value) for key, value in row.items()} for row in frame.to_dict("records")]
