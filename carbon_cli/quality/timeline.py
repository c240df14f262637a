"""Timeline checks: each meter's bills in date order, and the days of the period they cover.

overlap and gap between consecutive bills of a meter, end_gap after its last bill, coverage of
the reporting period per site and activity, and outside_period for bills wholly outside it.
The covered blocks and uncovered ranges found here are also what :mod:`.estimate` fills. Dates
only: quantities are judged in :mod:`.bill_checks` and :mod:`.history`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .. import arrays
from ..config import Period, Quality
from .catalog import CHECKS, COVERAGE_COLUMNS
from .findings import concat, day_text, finding_rows, source_text
from .prepared import Line, Prepared, ranks, whole_days


def overlaps_and_gaps(work: Prepared, line: Line, period: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """overlap and gap between consecutive bills of a meter (sorted by dates).

    :param line: the bills to judge.
    """
    ordered, meter, start, end = line.bills, line.meter, line.start, line.end
    if not len(ordered):
        return concat([]), concat([])
    first = np.r_[True, meter[1:] != meter[:-1]]
    # Which bill holds the running latest end: the one an overlap or gap is measured against.
    holder = _holders(np.cumsum(first) - 1, line.ends, work.dates)
    previous = np.r_[0, holder[:-1]]
    previous_end = end[previous]
    one_day = pd.Timedelta(days=1)

    overlap = ~first & (previous_end > start)  # ending on the day the next begins is the shared day
    parts = []
    if overlap.any():
        rows = work.rows(ordered[overlap])
        earlier = work.rows(ordered[previous[overlap]])
        last = np.minimum(previous_end[overlap], rows["period_end"].to_numpy())
        days_over = (last - rows["period_start"].to_numpy()).astype("timedelta64[D]").astype("int64") + 1
        detail = (
            "overlaps "
            + source_text(earlier).to_numpy()
            + " ("
            + day_text(earlier["period_start"]).to_numpy()
            + " to "
            + day_text(earlier["period_end"]).to_numpy()
            + ") by "
            + days_over.astype(str)
            + " days; the days in both are counted twice"
        )
        parts.append(finding_rows(rows, "overlap", detail, end=last))
    gap = ~first & (whole_days(start - previous_end) - 1 > 0)
    gaps = concat([])
    if gap.any():
        rows = work.rows(ordered[gap])
        first_day = pd.Series(previous_end[gap], index=rows.index) + one_day
        last_day = rows["period_start"] - one_day
        inside = (last_day >= pd.Timestamp(period.start)) & (first_day <= pd.Timestamp(period.end))
        earlier = work.rows(ordered[previous[gap]])
        days_free = (last_day - first_day).dt.days + 1
        detail = (
            "no bill from "
            + day_text(first_day)
            + " to "
            + day_text(last_day)
            + " ("
            + days_free.astype(str).to_numpy()
            + " days) between "
            + source_text(earlier).to_numpy()
            + " and "
            + source_text(rows).to_numpy()
        )
        detail = detail.where(inside, detail + "; outside the reporting period")
        gaps = finding_rows(
            rows, "gap", detail, start=first_day, end=last_day, severity=np.where(inside, "warning", "info")
        )
    return concat(parts), gaps


def _holders(group: Any, ends: Any, days: int) -> Any:
    """For bills sorted by group (numbers, ascending) and start: the position of the bill that
    holds the latest end so far in its group (the latest such bill on a tie).

    :param ends: the bills' ends as ranks (see :func:`ranks`) below ``days``.
    """
    reach = np.maximum.accumulate(group * days + ends) - group * days  # the groups never mix: group * days
    return np.maximum.accumulate(np.where(ends == reach, np.arange(len(ends)), 0))


def end_gaps(work: Prepared, line: Line, period: Period, settings: Quality) -> pd.DataFrame:
    """end_gap: a meter's last bill ends long before the period does."""
    if not len(line.bills):
        return concat([])
    # Each meter's last bill: the latest end, the later row of equals; listed by end, then row.
    last = np.sort(np.maximum.reduceat(line.ends * work.size + line.bills, arrays.segments(line.meter)))
    last = last % work.size
    end = pd.Timestamp(period.end)
    behind = whole_days(np.datetime64(period.end, "s") - work.end[last])
    late = behind > settings.end_gap_days
    if not late.any():
        return concat([])
    rows = work.rows(last[late])
    detail = (
        "the last bill ends "
        + day_text(rows["period_end"])
        + ", "
        + pd.Series(behind[late], index=rows.index).astype(str)
        + f" days before the period ends ({period.end}; quality.end_gap_days: "
        f"{settings.end_gap_days}); bills missing, or the meter was replaced?"
    )
    return finding_rows(rows, "end_gap", detail, start=rows["period_end"] + pd.Timedelta(days=1), end=end)


def covered_blocks(work: Prepared, line: Line, period: Period) -> pd.DataFrame:
    """Runs of covered days per site and activity inside the period: ``site, activity, start, end``.

    Runs per meter first (the bills are in timeline order already), then the meters' runs merged
    per site and activity: a union of days, so the result is that of merging all bills at once.
    """
    lo, hi = np.datetime64(period.start, "s"), np.datetime64(period.end, "s")
    line = line.take((line.end >= lo) & (line.start <= hi))
    if not len(line.bills):
        spans = pd.DataFrame(
            {
                "site": work.frame["site"].iloc[:0],
                "activity": work.frame["activity"].iloc[:0],
                "block": np.zeros(0, dtype=np.int64),
                "start": work.start[:0],
                "end": work.end[:0],
            }
        )
        return (
            spans.groupby(["site", "activity", "block"], sort=False)
            .agg(start=("start", "min"), end=("end", "max"))
            .reset_index()
            .drop(columns="block")
        )
    start = np.maximum(line.start, lo)
    begins, end = _runs(line.meter, start, np.minimum(line.end, hi), line.ends, work.dates)
    bill, start = line.bills[begins], start[begins]
    pair = work.pair[bill]
    (starts, ends), dates = ranks(start, end)
    order = arrays.argsort((pair, arrays.count(pair)), (starts, dates))  # order among equal starts: any
    begins, end = _runs(pair[order], start[order], end[order], ends[order], dates)
    bill = bill[order][begins]
    return pd.DataFrame(
        {
            "site": _key(work.frame["site"], bill),
            "activity": _key(work.frame["activity"], bill),
            "start": start[order][begins],
            "end": end,
        }
    )


def _runs(group: Any, start: Any, end: Any, ends: Any, dates: int) -> tuple[Any, Any]:
    """Runs of covered days of spans sorted by group and start: where each run begins and its last day.

    A span that starts at most a day after the latest end so far in its group joins the run.

    :param end: the spans' last days, in the order of ``ends`` (ranks below ``dates``; ``end``
        may be clipped to the period).
    """
    first = np.r_[True, group[1:] != group[:-1]]
    holder = _holders(np.cumsum(first) - 1, ends, dates)  # the span holding the latest end so far
    begins = np.flatnonzero(first | (start > end[np.r_[0, holder[:-1]]] + np.timedelta64(1, "D")))
    return begins, end[holder[np.r_[begins[1:], len(start)] - 1]]


def _key(values: pd.Series, at: Any) -> pd.Series:
    """``values`` at rows ``at`` as text typed afresh (``str``), whether the column is ``str``,
    ``object`` or ``category``: findings and coverage then do not depend on the column's type."""
    return pd.Series(values.take(at).to_numpy())


def uncovered_ranges(blocks: pd.DataFrame, period: Period, pairs: pd.DataFrame) -> pd.DataFrame:
    """Ranges of the period that no block covers, per site and activity: ``site, activity, start_free, end_free``.

    :param pairs: the (site, activity) pairs to report, those without any block included.
    """
    lo, hi = pd.Timestamp(period.start), pd.Timestamp(period.end)
    day = pd.Timedelta(days=1)
    blocks = blocks.sort_values(["site", "activity", "start"], kind="stable")
    group = blocks.groupby(["site", "activity"], sort=False)
    between = pd.DataFrame(
        {
            "site": blocks["site"],
            "activity": blocks["activity"],
            "start_free": group["end"].shift(1) + day,
            "end_free": blocks["start"] - day,
        }
    )
    between = between[between["start_free"].notna()]
    first = (
        group.agg(first=("start", "min"), last=("end", "max"))
        .reindex(pd.MultiIndex.from_frame(pairs[["site", "activity"]].drop_duplicates()))
        .reset_index()
    )
    lead = pd.DataFrame(
        {
            "site": first["site"],
            "activity": first["activity"],
            "start_free": lo,
            "end_free": first["first"].fillna(hi + day) - day,
        }
    )
    trail = pd.DataFrame(
        {"site": first["site"], "activity": first["activity"], "start_free": first["last"] + day, "end_free": hi}
    )
    trail = trail[first["last"].notna()]
    free = pd.concat([lead, between, trail], ignore_index=True)
    return free[free["end_free"] >= free["start_free"]].reset_index(drop=True)


def coverage_table(
    work: Prepared,
    line: Line,
    period: Period,
    activities: Iterable[tuple[str, str]],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The coverage table (:data:`COVERAGE_COLUMNS`) and the covered blocks it counts.

    :param line: the bills that count.
    """
    blocks = covered_blocks(work, line, period)
    covered = (
        (blocks["end"] - blocks["start"])
        .dt.days.add(1)
        .groupby([blocks["site"], blocks["activity"]], observed=True)
        .sum()
    )
    pairs = sorted(set(covered.index) | set(activities))
    frame = pd.DataFrame(pairs, columns=["site", "activity"])
    frame["period_start"] = pd.Timestamp(period.start)
    frame["period_end"] = pd.Timestamp(period.end)
    frame["days"] = period.days
    days = covered.reindex(pd.MultiIndex.from_tuples(pairs)) if pairs else covered
    frame["covered_days"] = pd.Series(days.fillna(0).to_numpy(), dtype="int64")
    frame["share"] = frame["covered_days"] / period.days
    return frame[COVERAGE_COLUMNS], blocks


def coverage_findings(covered: pd.DataFrame, blocks: pd.DataFrame, period: Period) -> pd.DataFrame:
    """One finding per uncovered range of the period, per site and activity."""
    short = covered[covered["covered_days"] < covered["days"]]
    if not len(short):
        return concat([])
    free = uncovered_ranges(blocks, period, short)
    covered_days = free.merge(short, on=["site", "activity"], how="left")["covered_days"]
    days = (free["end_free"] - free["start_free"]).dt.days + 1
    share = covered_days / period.days * 100
    detail = (
        "no "
        + free["activity"].astype(str)
        + " bill covers "
        + day_text(free["start_free"])
        + " to "
        + day_text(free["end_free"])
        + " ("
        + days.astype(str)
        + " days); bills cover "
        + covered_days.map("{:,}".format)
        + f" of {period.days:,} days ("
        + share.map("{:.1f}".format)
        + " %) of the reporting period"
    )
    return pd.DataFrame(
        {
            "site": free["site"],
            "meter": None,
            "activity": free["activity"],
            "period_start": free["start_free"],
            "period_end": free["end_free"],
            "check": "coverage",
            "severity": CHECKS["coverage"][0],
            "detail": detail,
            "source_file": None,
            "source_row": pd.array([pd.NA] * len(free), dtype="Int64"),
        }
    )


def outside_period(work: Prepared, usable: Any, period: Period) -> pd.DataFrame:
    """Bills wholly before or after the period, one finding per meter and side."""
    lo, hi = np.datetime64(period.start, "s"), np.datetime64(period.end, "s")
    before = usable & (work.end < lo)
    at = np.flatnonzero(before | (usable & (work.start > hi)))
    if not len(at):
        return concat([])
    # Per meter and side, in the order of their first bill by start (then row).
    bill = at[arrays.argsort((work.starts[at], work.dates))]
    group, _ = pd.factorize(work.meter[bill] * 2 + ~before[bill])
    first = bill[np.unique(group, return_index=True)[1]]
    last_end = np.full(group.max() + 1, np.iinfo(np.int64).min)
    np.maximum.at(last_end, group, work.end[bill].astype("int64"))
    spans = (
        work.frame[["site", "activity", "meter"]]
        .take(first)
        .reset_index(drop=True)
        .assign(
            side=np.where(before[first], "before", "after"),
            start=work.start[first],
            end=last_end.astype("datetime64[s]"),
            n=np.bincount(group),
            source_file=work.frame["source_file"].take(first).to_numpy(),
            source_row=work.frame["source_row"].take(first).to_numpy(),
        )
    )
    one = (spans["n"] == 1).to_numpy()
    side_before = (spans["side"] == "before").to_numpy()
    when = np.where(
        side_before,
        np.where(one, "ends", "end") + f" before the reporting period starts ({period.start})",
        np.where(one, "starts", "start") + f" after the reporting period ends ({period.end})",
    )
    bills = np.where(one, "1 bill", spans["n"].astype(str) + " bills")
    detail = (
        bills
        + " from "
        + day_text(spans["start"]).to_numpy()
        + " to "
        + day_text(spans["end"]).to_numpy()
        + " "
        + when
        + "; not counted, but still history for the anomaly check"
    )
    return finding_rows(spans.rename(columns={"start": "period_start", "end": "period_end"}), "outside_period", detail)
