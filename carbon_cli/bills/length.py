"""The length of a bill: a bill longer than the limit is an error naming its row (issue 16.6).

A real bill covers a month, a quarter, at most a year or two. A row from year 1 to 9999 is a
typo or an attack (it would spread its quantity over 120,000 months), so a bill is refused
beyond :attr:`carbon_cli.guards.Limits.bill_days` (five years) unless its bills entry allows it
with ``longest_bill_days:``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputDataError
from .cells import Rows

__all__ = ["refuse_long_bills"]


def refuse_long_bills(frame: pd.DataFrame, rows: Rows, longest: Any) -> None:
    """Refuse the first bill whose period (start to end, inclusive) is longer than its file allows.

    :param frame: bills with ``period_start`` and ``period_end``.
    :param rows: how to name a row in messages.
    :param longest: the most days a bill of each row may span (its entry's ``longest_bill_days:``).
    :raises InputDataError: naming the row, its dates and the YAML key that allows it.
    """
    start = frame["period_start"].to_numpy("datetime64[D]").astype("int64")
    end = frame["period_end"].to_numpy("datetime64[D]").astype("int64")
    days = end - start + 1
    limit = np.asarray(longest, dtype="int64")
    over = np.flatnonzero(days > limit)
    if not len(over):
        return
    at = int(over[0])
    row = frame.index[at]
    first, last = (str(days_since.astype("datetime64[D]")[at]) for days_since in (start, end))
    raise InputDataError(
        f"the bill from {first} to {last} spans {int(days[at]):,} days, longer than the {int(limit[at]):,} a bill may",
        where=rows.at(row),
        fix=f"Correct the dates; if the bill really is this long, allow it with longest_bill_days: {int(days[at])} "
        "on this bills entry in the site YAML",
    )
