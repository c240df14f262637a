"""The prepared bills: the bill table as the numpy arrays every check reads.

Text columns become integer codes once (:mod:`carbon_cli.arrays`), dates become
``datetime64[s]`` arrays and their ranks, the shared-day rule gives each bill its effective
end, and the bills are sorted once into each meter's timeline (:class:`Line`). This module
only shapes the data; it judges no bill and makes no finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import arrays
from .. import calendar as billcal

#: Seconds in a day: dates are held as ``datetime64[s]``.
DAY = 86_400


@dataclass(frozen=True)
class Prepared:
    """The prepared bills as numpy arrays, one entry per bill in table order (the bill's number).

    The checks work on these: text columns are numbered once (:func:`carbon_cli.arrays.codes`), so every sort and
    grouping is on integers, never on strings. Text is read from ``frame`` only for the rows
    that become findings (:meth:`rows`). Dates are ``datetime64[s]``; ``start`` and ``end`` hold
    the corrected dates when a mistyped year has an evident fix.
    """

    frame: pd.DataFrame  #: the bill table as given (index 0..n-1)
    pair: np.ndarray  #: (site, activity) number, in the order of the sorted text
    meter: np.ndarray  #: (site, activity, meter) number, in the order of the sorted text
    unit: np.ndarray  #: number of the canonical unit (``units`` holds the text)
    units: np.ndarray
    activity: np.ndarray  #: number of the activity (``activities`` holds the text)
    activities: np.ndarray
    quantity: np.ndarray
    bill_quantity: np.ndarray
    credit: np.ndarray
    start: np.ndarray
    end: np.ndarray
    effective_end: np.ndarray  #: the end after the shared-day rule
    days: np.ndarray  #: effective days
    rate: np.ndarray  #: quantity per effective day
    starts: np.ndarray  #: ``start`` and ``end`` as ranks 0..dates-1 (see :func:`ranks`)
    ends: np.ndarray
    dates: int
    #: Bill numbers sorted by meter, start, end and number: the order of a meter's timeline.
    order: np.ndarray
    #: One number per meter, start and end (sorted as they are), when it fits in 64 bits.
    slot: np.ndarray | None

    @property
    def size(self) -> int:
        return len(self.start)

    def rows(self, at: Any) -> pd.DataFrame:
        """The bills ``at`` (bill numbers) as the prepared table has them, indexed by bill number."""
        return self.frame.take(at).assign(
            period_start=self.start[at],
            period_end=self.end[at],
            credit=self.credit[at],
            effective_end=self.effective_end[at],
            days=self.days[at],
            rate=self.rate[at],
        )

    def table(self) -> pd.DataFrame:
        """All bills as the prepared table: the bill table with ``credit``, ``effective_end``,
        ``days`` and ``rate``."""
        return self.frame.assign(
            period_start=self.start,
            period_end=self.end,
            credit=self.credit,
            effective_end=self.effective_end,
            days=self.days,
            rate=self.rate,
        )

    def in_order(self, mask: Any) -> Any:
        """The bills of ``mask`` in timeline order (see :attr:`order`)."""
        return self.order[mask[self.order]]

    def line(self, mask: Any) -> Line:
        """The bills of ``mask`` in timeline order, with the columns the timeline checks read."""
        bills = self.in_order(mask)
        return Line(bills, self.meter[bills], self.start[bills], self.end[bills], self.ends[bills])


@dataclass(frozen=True)
class Line:
    """Bills in timeline order (by meter, start, end and row) with the columns every timeline
    check reads, gathered once."""

    bills: np.ndarray  #: bill numbers
    meter: np.ndarray
    start: np.ndarray
    end: np.ndarray
    ends: np.ndarray  #: ``end`` as ranks (see :func:`ranks`)

    def take(self, at: Any) -> Line:
        """The bills ``at`` (a mask or positions in this line)."""
        return Line(self.bills[at], self.meter[at], self.start[at], self.end[at], self.ends[at])


def prepare(bills: pd.DataFrame) -> Prepared:
    """The bill table as :class:`Prepared`."""
    frame = bills.reset_index(drop=True)
    site, sites = arrays.codes(frame["site"])
    activity, activities = arrays.codes(frame["activity"])
    meter, meters = arrays.codes(frame["meter"])
    unit, units = arrays.codes(frame["unit"])
    pair, pairs = arrays.dense(site * len(activities) + activity, len(sites) * len(activities))
    meter_key, _ = arrays.dense(pair * len(meters) + meter, pairs * len(meters))
    credit = (
        frame["credit"].fillna(False).astype(bool).to_numpy() if "credit" in frame else np.zeros(len(frame), dtype=bool)
    )
    start, end = _dates(frame["period_start"]), _dates(frame["period_end"])
    effective_end = _dates(frame["effective_end"]) if "effective_end" in frame else None
    return _with_dates(
        frame,
        pair,
        meter_key,
        unit,
        units,
        activity,
        activities,
        frame["quantity"].to_numpy("float64"),
        frame["bill_quantity"].to_numpy("float64"),
        credit,
        start,
        end,
        effective_end,
    )


def _with_dates(
    frame: pd.DataFrame,
    pair: Any,
    meter: Any,
    unit: Any,
    units: Any,
    activity: Any,
    activities: Any,
    quantity: Any,
    bill_quantity: Any,
    credit: Any,
    start: Any,
    end: Any,
    effective_end: Any = None,
) -> Prepared:
    """:class:`Prepared` with these dates; the effective end by the shared-day rule unless given."""
    (starts, ends), dates = ranks(start, end)
    if effective_end is None:
        effective_end = _shared_day_rule(meter, starts, ends, start, end)
    days = whole_days(effective_end - start) + 1
    slots = arrays.count(meter) * dates * dates
    slot = (meter * dates + starts) * dates + ends if slots < 2**62 else None
    order = (
        arrays.argsort((slot, slots))
        if slot is not None
        else arrays.argsort((meter, arrays.count(meter)), (starts, dates), (ends, dates))
    )
    return Prepared(
        frame=frame,
        pair=pair,
        meter=meter,
        unit=unit,
        units=units,
        activity=activity,
        activities=activities,
        quantity=quantity,
        bill_quantity=bill_quantity,
        credit=credit,
        start=start,
        end=end,
        effective_end=effective_end,
        days=days,
        rate=quantity / np.maximum(days, 1),
        starts=starts,
        ends=ends,
        dates=dates,
        order=order,
        slot=slot,
    )


def redated(work: Prepared, start: Any, end: Any) -> Prepared:
    """The bills with other dates (the effective end by the shared-day rule again)."""
    return _with_dates(
        work.frame,
        work.pair,
        work.meter,
        work.unit,
        work.units,
        work.activity,
        work.activities,
        work.quantity,
        work.bill_quantity,
        work.credit,
        start,
        end,
    )


def _dates(values: pd.Series) -> Any:
    return values.to_numpy("datetime64[s]")


def whole_days(span: Any) -> Any:
    """Whole days of ``timedelta64[s]`` values, rounded down as pandas' ``.dt.days`` does."""
    return np.floor_divide(np.asarray(span, dtype="timedelta64[s]").view("int64"), DAY)


def ranks(*dates: Any) -> tuple[list[Any], int]:
    """Dates (``datetime64[s]`` arrays) as their ranks 0..k-1 among the k distinct dates of them all,
    so that they sort and compare as the dates do, and k."""
    seconds = [np.asarray(d, dtype="datetime64[s]").view("int64") for d in dates]
    if not sum(len(s) for s in seconds):
        return seconds, 1
    days = [s // DAY for s in seconds]
    first = min(int(d.min()) for d in days if len(d))
    span = max(int(d.max()) for d in days if len(d)) - first + 1
    midnights = all((d * DAY == s).all() for d, s in zip(days, seconds, strict=True))
    if midnights and arrays.fits_a_table(span, sum(len(s) for s in seconds)):  # rank days through a table
        seen = np.zeros(span, dtype=bool)
        for day in days:
            seen[day - first] = True
        rank = np.cumsum(seen) - 1
        return [rank[day - first] for day in days], int(seen.sum())
    codes, uniques = pd.factorize(np.concatenate(seconds), sort=True)
    return np.split(codes.astype(np.int64), np.cumsum([len(s) for s in seconds])[:-1]), len(uniques)


def _shared_day_rule(meter: Any, starts: Any, ends: Any, start: Any, end: Any) -> Any:
    """The effective end of each bill by the calendar's shared-day rule
    (:func:`carbon_cli.calendar.shares_a_day`), on its ``start`` and ``end`` ranks (see :func:`ranks`)."""
    shared = billcal.shares_a_day(meter, starts, ends) & (end > start)
    return np.where(shared, end - np.timedelta64(1, "D"), end)
