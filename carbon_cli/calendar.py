"""Calendar: split bills into calendar-month slices in proportion to days.

Rules (those of ENERGY STAR Portfolio Manager):

* bill dates are inclusive;
* where one bill of a meter ends on the day the next begins, that shared day belongs to the
  later bill (the earlier bill is shortened by one day before splitting);
* a bill is spread evenly over its days and each month gets its days' share;
* a purchase (one date, :mod:`carbon_cli.bills.kinds`) is its day: it lands whole in its month
  and takes no part in the shared-day rule;
* only the part inside the reporting period counts; a bill is never assigned whole by its
  start or end date, and a partial bill is never dropped.

Quantity is conserved: the month shares of a bill are differences of the cumulative share,
whose last value is exactly 1, so they add back to the bill's quantity up to float rounding
(relative error about 1e-15). Pure functions over DataFrames; no I/O.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from . import arrays

_DAY = 86_400  # seconds; dates are held as datetime64[s] at midnight


def apply_shared_day_rule(bills: pd.DataFrame) -> pd.DataFrame:
    """Shorten each bill that ends on the day another bill of its meter begins.

    Adds ``effective_end``. Compared against every bill of the meter, not just the next row,
    so the result never depends on row order (two identical bills are both shortened). A
    one-day bill is never shortened to nothing.
    """
    meter = arrays.group_ids([arrays.codes(bills[key])[0] for key in ("site", "activity", "meter")])
    start = bills["period_start"].to_numpy("datetime64[s]")
    end = bills["period_end"].to_numpy("datetime64[s]")
    shared = shares_a_day(meter, start.view("int64"), end.view("int64")) & (end > start)
    if "purchase" in bills:  # a purchase is a day, not a bill of days: it shares none (bills/kinds.py)
        bought = bills["purchase"].fillna(False).to_numpy(dtype=bool)
        if bought.any():
            keep = ~bought
            shared = np.zeros(len(bills), dtype=bool)
            shared[keep] = shares_a_day(meter[keep], start[keep].view("int64"), end[keep].view("int64")) & (
                end[keep] > start[keep]
            )
    return bills.assign(effective_end=np.where(shared, end - np.timedelta64(1, "D"), end))


def shares_a_day(meter: Any, starts: Any, ends: Any) -> Any:
    """Whether each bill ends at an instant at which a bill of the same meter starts: the test of
    the shared-day rule, on integer meter codes and integer instants (days, seconds or ranks)."""
    if not len(meter):
        return np.zeros(0, dtype=bool)
    lowest = min(int(starts.min()), int(ends.min()))
    span = max(int(starts.max()), int(ends.max())) - lowest + 1
    meters = int(meter.max()) + 1
    if arrays.fits_a_table(meters * span, len(meter)):  # few meters and instants: a table of who begins when
        begins = np.zeros(meters * span, dtype=bool)
        begins[meter * span + (starts - lowest)] = True
        return begins[meter * span + (ends - lowest)]
    # Otherwise number the instants that occur, and look each end up among the starts.
    instant, instants = pd.factorize(np.concatenate([starts, ends]))
    width = len(instants)
    ranked_starts, ranked_ends = instant[: len(meter)], instant[len(meter) :]
    return pd.Series(meter * width + ranked_ends).isin(meter * width + ranked_starts).to_numpy()


def _per_slice(bound: Any, repeat: Any) -> Any:
    """A period bound as days: one value for all, or one per bill spread onto its slices."""
    days = np.asarray(bound, dtype="datetime64[D]").astype("int64")
    return days if days.ndim == 0 else days[repeat]


def split_by_month(
    bills: pd.DataFrame,
    start: dt.date | Any | None = None,
    end: dt.date | Any | None = None,
    *,
    carry: list[str] | None = None,
) -> pd.DataFrame:
    """Split each bill into one slice per calendar month, clipped to [start, end].

    :param bills: canonical bills with ``effective_end`` (see :func:`apply_shared_day_rule`).
    :param start: first day of the reporting period (inclusive): one date, one per bill (the
        bill's site's period), or None for no limit.
    :param end: last day of the reporting period (inclusive), as ``start``.
    :returns: one row per bill and month with ``bill_id`` (the bill's index), ``slice_start``,
        ``slice_end``, ``days``, ``bill_days``, ``month`` (``YYYY-MM``), ``year`` and the
        slice's ``quantity``; the bill columns named in ``carry`` (default: all) are carried
        along, the others can be looked up by ``bill_id``.

    >>> # A bill of 310 kWh from 15 Jan to 14 Feb 2021: 17 days in January, 14 in February.
    >>> # January gets 310 * 17/31 = 170 kWh and February 140 kWh.
    """
    # Days and months as integers since 1970: plain integer arithmetic on the million-slice
    # arrays, calendar conversions only on the few distinct months.
    first = bills["period_start"].to_numpy("datetime64[D]").astype("int64")
    last = bills["effective_end"].to_numpy("datetime64[D]").astype("int64")
    bill_days = last - first + 1
    # Only the months the period needs are made (issue 16.6: a bill from year 1 to 9999 would be
    # 120,000 slices): each bill is clipped to the period first, its share still by its full days.
    every = np.arange(len(bills))
    from_day = first if start is None else np.maximum(first, _per_slice(start, every))
    to_day = last if end is None else np.minimum(last, _per_slice(end, every))
    to_day = np.maximum(to_day, from_day - 1)  # a bill outside the period: no month at all
    first_month = _months(from_day)
    months = np.where(to_day >= from_day, _months(to_day) - first_month + 1, 0)
    done_before = from_day - first  # the bill's days before its first slice made
    lowest = int(first_month.min()) if len(bills) else 0
    month_days = _first_days(np.arange(lowest, int(first_month.max() + months.max()) + 1 if len(bills) else 1))

    repeat = np.repeat(np.arange(len(bills)), months)
    before = np.repeat(np.cumsum(months) - months, months)
    month = np.repeat(first_month, months) + np.arange(len(repeat)) - before
    slice_start = np.maximum(month_days[month - lowest], from_day[repeat])
    slice_end = np.minimum(month_days[month - lowest + 1] - 1, to_day[repeat])
    days = slice_end - slice_start + 1

    # Cumulative share: the last slice of a bill reaches exactly days/days == 1.0.
    cumulative = np.cumsum(days)
    cumulative_days = cumulative - np.concatenate([[0], cumulative])[before] + done_before[repeat]
    share_to = cumulative_days / bill_days[repeat]
    share_from = (cumulative_days - days) / bill_days[repeat]
    quantity = bills["quantity"].to_numpy("float64")[repeat]
    sliced = quantity * share_to - quantity * share_from

    # Clip to the reporting period: keep the share of the slice's days that fall inside it.
    inside_start = slice_start if start is None else np.maximum(slice_start, _per_slice(start, repeat))
    inside_end = slice_end if end is None else np.minimum(slice_end, _per_slice(end, repeat))
    inside = np.clip(inside_end - inside_start + 1, 0, None)
    sliced = np.where(inside == days, sliced, sliced * inside / days)

    keep = inside > 0
    out = (bills if carry is None else bills[carry]).iloc[repeat[keep]].reset_index(names="bill_id")
    out["slice_start"] = (inside_start[keep] * _DAY).astype("datetime64[s]")
    out["slice_end"] = (inside_end[keep] * _DAY).astype("datetime64[s]")
    out["days"] = inside[keep]
    out["bill_days"] = bill_days[repeat[keep]]
    out["quantity"] = sliced[keep]
    # Label each month present once (strftime runs per value); months are few, so a category.
    where = month[keep] - lowest
    present = np.flatnonzero(np.bincount(where, minlength=len(month_days) - 1))
    code = np.full(len(month_days), -1, dtype="int32")
    code[present] = np.arange(len(present), dtype="int32")
    labels = pd.DatetimeIndex((lowest + present).astype("datetime64[M]")).strftime("%Y-%m")
    out["year"] = (lowest + where) // 12 + 1970
    out["month"] = pd.Categorical.from_codes(code[where], labels)
    return out


def _months(days: Any) -> Any:
    """Month numbers since January 1970 of day numbers since 1 January 1970."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype("int64")


def _first_days(months: Any) -> Any:
    """Day numbers of the first day of each month number."""
    return months.astype("datetime64[M]").astype("datetime64[D]").astype("int64")
