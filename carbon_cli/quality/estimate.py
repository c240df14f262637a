"""Estimated bills for the days no bill covers (``carbon calc --fill-gaps``): the one part of
quality that makes bills rather than checking them.

Reads the same screened bills and covered blocks as the checks; returns canonical bill rows
(see :mod:`carbon_cli.bills`) marked as estimated, and never findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import numpy as np
import pandas as pd

from .. import bills as billio
from ..config import Period, Quality
from .bill_checks import screen
from .timeline import covered_blocks, overlaps_and_gaps, uncovered_ranges

#: The source_file of rows that ``fill_gaps`` adds.
FILLED_SOURCE = "(filled gap)"
#: A meter, as the bill table names it.
_KEYS = ["site", "activity", "meter"]


def fill_gaps(
    bills: pd.DataFrame,
    period: Period,
    settings: Quality | None = None,
    *,
    today: dt.date | None = None,
    daily_files: Collection[str] = (),
) -> pd.DataFrame:
    """Estimated bills for the uncovered days of the reporting period, pro rata per meter.

    A meter with a bill in the period gets one filled row per range that it does not cover:
    every gap between two of its bills, and the days before its first or after its last bill
    that no other meter of the site and activity covers either (so a replaced meter is not
    filled where its successor reads). The quantity is the meter's own average per day over
    its bills that touch the period, times the days filled.

    Credits, duplicates, purchases (one date per row: a delivery is not a bill of its days) and
    bills with impossible dates are left out, as in :func:`carbon_cli.quality.check`; a meter or
    activity billed only by purchases is never filled (``daily_files``: interval files, whose
    meter-days are never near copies of each other).

    :returns: canonical bill rows (``estimated`` True, ``source_file`` :data:`FILLED_SOURCE`,
        ``source_row`` 0); no rows when nothing is missing.
    """
    work, *_, mask = screen(bills, settings or Quality(), today or dt.date.today(), daily_files)
    regular = work.rows(np.flatnonzero(mask))
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    touching = regular[(regular["period_end"] >= start) & (regular["period_start"] <= end)]
    if not len(touching):
        return billio.empty()

    # The meter's unit (its most common one) and its average per day over bills in that unit.
    unit = touching.groupby(_KEYS)["unit"].agg(lambda units: units.mode().iloc[0])
    same_unit = touching[
        touching["unit"].to_numpy() == unit.reindex(pd.MultiIndex.from_frame(touching[_KEYS])).to_numpy()
    ]
    totals = same_unit.groupby(_KEYS)[["quantity", "days"]].sum()
    rate = (totals["quantity"] / totals["days"]).rename("rate")

    # Candidate ranges per meter: its own gaps, and the days before its first / after its last bill.
    _, gaps = overlaps_and_gaps(work, work.line(mask), period)
    own = gaps[["site", "activity", "meter", "period_start", "period_end"]].rename(
        columns={"period_start": "start", "period_end": "end"}
    )
    span = regular.groupby(_KEYS).agg(first=("period_start", "min"), last=("period_end", "max")).reset_index()
    span = span[span.set_index(_KEYS).index.isin(rate.index)]
    lead = span.assign(start=start, end=span["first"] - pd.Timedelta(days=1))
    trail = span.assign(start=span["last"] + pd.Timedelta(days=1), end=end)
    ends = pd.concat([lead, trail], ignore_index=True)[["site", "activity", "meter", "start", "end"]]
    # ... where no meter of the site and activity reads either.
    blocks = covered_blocks(work, work.line(mask), period)
    uncovered = uncovered_ranges(blocks, period, regular[["site", "activity"]].drop_duplicates())
    ends = ends.merge(uncovered, on=["site", "activity"], suffixes=("", "_free"))
    ends["start"] = ends[["start", "start_free"]].max(axis=1)
    ends["end"] = ends[["end", "end_free"]].min(axis=1)
    ranges = pd.concat([own, ends[["site", "activity", "meter", "start", "end"]]], ignore_index=True)
    ranges["start"] = pd.to_datetime(ranges["start"])
    ranges["end"] = pd.to_datetime(ranges["end"])
    ranges["start"] = ranges["start"].where(ranges["start"] >= start, start)  # inside the period
    ranges["end"] = ranges["end"].where(ranges["end"] <= end, end)
    ranges = ranges[ranges["end"] >= ranges["start"]].drop_duplicates()
    ranges = ranges.merge(rate.reset_index(), on=_KEYS).merge(unit.rename("unit").reset_index(), on=_KEYS)
    # The calorific basis of the meter's energy, as its bills entry says (one entry per meter).
    basis = billio.BASIS_COLUMN if billio.BASIS_COLUMN in touching else None
    if basis:
        said = touching.groupby(_KEYS, observed=True)[basis].first().astype("str")
        ranges = ranges.merge(said.reset_index(), on=_KEYS, how="left")
    if not len(ranges):
        return billio.empty()
    days = (ranges["end"] - ranges["start"]).dt.days + 1
    quantity = ranges["rate"].to_numpy() * days.to_numpy()
    filled = pd.DataFrame(
        {
            "site": ranges["site"],
            "meter": ranges["meter"],
            "activity": ranges["activity"],
            "period_start": ranges["start"].astype("datetime64[s]"),
            "period_end": ranges["end"].astype("datetime64[s]"),
            "quantity": quantity,
            "unit": ranges["unit"],
            "cost": np.nan,
            "estimated": True,
            "source_file": FILLED_SOURCE,
            "source_row": np.int64(0),
            "bill_quantity": quantity,
            "bill_unit": ranges["unit"],
            "credit": False,
            "purchase": False,
        }
    )
    if basis:
        filled[basis] = ranges[basis].fillna("").to_numpy(object)
    filled = filled.sort_values(["site", "activity", "meter", "period_start"]).reset_index(drop=True)
    return filled[[*billio.CANONICAL_COLUMNS, *([basis] if basis else [])]]
