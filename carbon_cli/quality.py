"""Quality: data-quality checks, anomaly detection and coverage of a site's bills.

Pure functions: the canonical bill table (see :mod:`carbon_cli.bills`), the reporting period
and the site's ``quality:`` settings in; a findings table out (columns
:data:`FINDING_COLUMNS`, one row per finding). Nothing here reads files, prints or raises
because of bad data: a problem in the bills is a row, and the caller decides what fails a run
(``carbon validate --fail-on``, ``carbon calc --strict``).

Every check works on whole columns; no Python loop runs per bill row. The text columns are
numbered once (``str``, ``object`` and ``category`` columns alike), and every sort, grouping,
running maximum and median after that is numpy on integers and floats; text is read back only
for the rows that become findings. Severities:

* ``error``: the bills are certainly wrong and the inventory with them (a bill counted twice,
  a negative reading not marked as a credit, a date that cannot be real);
* ``warning``: probably wrong, a person should look (a gap, a near duplicate, an anomaly);
* ``info``: worth knowing (an estimated reading, bills outside the period).

The shared-day rule of ENERGY STAR Portfolio Manager applies throughout: a bill that ends on
the day the next begins is normal (the day belongs to the later bill); more overlap is an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import calendar as billcal
from .arrays import codes as _codes
from .arrays import dense as _dense
from .arrays import fits_a_table
from .config import Period, Quality

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "CHECKS",
    "COVERAGE_COLUMNS",
    "FILLED_SOURCE",
    "FINDING_COLUMNS",
    "SEVERITIES",
    "assess",
    "at_or_above",
    "check",
    "counts",
    "coverage",
    "empty",
    "fill_gaps",
    "summary_line",
]

#: Columns of a finding (the same as :data:`carbon_cli.inventory.FINDING_COLUMNS`).
FINDING_COLUMNS = [
    "site",
    "meter",
    "activity",
    "period_start",
    "period_end",
    "check",
    "severity",
    "detail",
    "source_file",
    "source_row",
]
COVERAGE_COLUMNS = ["site", "activity", "period_start", "period_end", "days", "covered_days", "share"]
SEVERITIES = ("info", "warning", "error")

#: Every check, its severity and what it means (the README lists the same; a test keeps them in step).
CHECKS: dict[str, tuple[str, str]] = {
    "duplicate": ("error", "the same meter, dates and quantity as an earlier bill: counted twice"),
    "near_duplicate": (
        "warning",
        "the same quantity as another bill of the site and activity, with dates "
        "a few days apart or on another meter: probably pasted twice",
    ),
    "overlap": ("error", "starts before the meter's previous bill ends (more than the shared day)"),
    "gap": ("warning", "days between two bills of a meter that no bill covers (info when outside the period)"),
    "end_gap": ("warning", "the meter's last bill ends long before the reporting period does"),
    "coverage": ("warning", "days of the reporting period that no bill of the site and activity covers"),
    "long_period": ("warning", "a bill longer than quality.max_bill_days"),
    "mistyped_year": ("error", "a date years in the future, or a year that makes the bill years long"),
    "future_date": ("error", "a bill that ends after today"),
    "negative": ("error", "a negative quantity on a bill not marked as a credit"),
    "positive_credit": ("warning", "a bill marked as a credit whose quantity is not negative"),
    "zero": ("warning", "a quantity of zero"),
    "implausible": (
        "warning",
        "use per day quality.implausible_factor times the meter's norm or more (or that "
        "fraction or less): a slipped decimal point or a wrong unit",
    ),
    "anomaly": ("warning", "use per day far from the meter's own seasonal norm"),
    "unit_mismatch": ("warning", "a unit that does not fit the activity or the meter's other bills"),
    "estimated": ("info", "an estimated reading"),
    "outside_period": ("info", "bills wholly outside the reporting period: not counted"),
}

#: Usable bills a meter (in one unit) needs before its bills are judged for anomalies.
ANOMALY_MIN_BILLS = 6
#: Bills in the same calendar month needed (the bill itself included) for the calendar-month norm:
#: with fewer, the median of the others is the mean of two and a single wild year would move it.
SEASONAL_MIN_BILLS = 4
#: Smallest robust spread of log use per day: meters this regular are not flagged for a few %.
ANOMALY_MIN_SPREAD = 0.1
#: Bills a meter needs before its seasonal curve gets a second (summer) peak.
TWO_PEAK_MIN_BILLS = 12
#: Bills a meter needs before the implausible check judges it against their median.
IMPLAUSIBLE_MIN_BILLS = 4
#: The source_file of rows that ``fill_gaps`` adds.
FILLED_SOURCE = "(filled gap)"

#: Billed dimensions that bills.py accepts for an activity but that are unusual for it: where
#: (country codes, None for everywhere) and why. Electricity and heat must be energy already
#: (bills.py refuses anything else), so they need no rule here.
UNUSUAL_DIMENSIONS: dict[tuple[str, str], tuple[tuple[str, ...] | None, str]] = {
    ("natural_gas", "energy"): (("CN",), "Chinese gas meters read m³ (方)"),
    ("diesel", "energy"): (None, "fuel is delivered by volume or weight"),
    ("gasoline", "energy"): (None, "fuel is delivered by volume or weight"),
    ("lpg", "energy"): (None, "fuel is delivered by volume or weight"),
    ("coal", "energy"): (None, "coal is weighed"),
    ("coal", "volume"): (None, "coal is weighed"),
}

_KEYS = ["site", "activity", "meter"]
#: Use per day is compared only within a meter and one canonical unit (m3 and GJ never mix).
_SERIES = [*_KEYS, "unit"]


def check(
    bills: pd.DataFrame,
    period: Period,
    settings: Quality | None = None,
    *,
    region: str | None = None,
    activities: Iterable[tuple[str, str]] = (),
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Run every check on a site's bills.

    :param bills: the canonical bill table (``credit`` and ``effective_end`` are optional; text
        columns may be ``str``, ``object`` or ``category``).
    :param period: the reporting period (inclusive).
    :param settings: thresholds (the site YAML's ``quality:``; defaults when None).
    :param region: the site's region code (``CN-CQ``), for region-specific unit rules.
    :param activities: (site, activity) pairs the site bills; one without any bill rows is
        reported as uncovered.
    :param today: the date future dates are judged against (default: today).
    :returns: the findings, one row each (:data:`FINDING_COLUMNS`), sorted by site, activity,
        meter and date; no rows when the bills are clean.

    >>> findings = check(bills, Period(start="2021-01-01", end="2021-12-31"))  # doctest: +SKIP
    >>> findings[["meter", "check", "severity"]].values.tolist()
    [['gas-main', 'estimated', 'info']]
    """
    return assess(bills, period, settings, region=region, activities=activities, today=today)[0]


def coverage(
    bills: pd.DataFrame,
    period: Period,
    settings: Quality | None = None,
    *,
    activities: Iterable[tuple[str, str]] = (),
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The share of the reporting period covered by bills, per site and activity.

    A day is covered when any bill of the site and activity includes it; credits, copies of a
    bill and bills with impossible dates do not count (as in :func:`check`).

    :param activities: (site, activity) pairs to report even when they have no bill rows.
    :returns: one row per site and activity (:data:`COVERAGE_COLUMNS`); ``share`` is 0..1.
    """
    work, *_, regular = _screen(bills, settings or Quality(), today or dt.date.today())
    return _coverage(work, _line(work, regular), period, activities)[0]


def assess(
    bills: pd.DataFrame,
    period: Period,
    settings: Quality | None = None,
    *,
    region: str | None = None,
    activities: Iterable[tuple[str, str]] = (),
    today: dt.date | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`check` and :func:`coverage` in one pass: ``(findings, coverage)``."""
    settings = settings or Quality()
    work, dates, unusable, pairs, regular = _screen(bills, settings, today or dt.date.today())
    exact, near = _duplicates(work, pairs, settings)
    line = _line(work, regular)
    timeline, gaps = _timeline(work, line, period)
    implausible, anomalies = _against_history(work, line, period, settings)
    covered, blocks = _coverage(work, line, period, activities)
    parts = [
        dates,
        exact,
        near,
        timeline,
        gaps,
        _value_checks(work),
        implausible,
        anomalies,
        _end_gaps(work, line, period, settings),
        _coverage_findings(covered, blocks, period),
        _unit_checks(work, region),
        _outside(work, ~unusable, period),
    ]
    return _finish(_concat(parts)), covered


def fill_gaps(
    bills: pd.DataFrame, period: Period, settings: Quality | None = None, *, today: dt.date | None = None
) -> pd.DataFrame:
    """Estimated bills for the uncovered days of the reporting period, pro rata per meter.

    A meter with a bill in the period gets one filled row per range that it does not cover:
    every gap between two of its bills, and the days before its first or after its last bill
    that no other meter of the site and activity covers either (so a replaced meter is not
    filled where its successor reads). The quantity is the meter's own average per day over
    its bills that touch the period, times the days filled.

    Credits, duplicates and bills with impossible dates are left out, as in :func:`check`.

    :returns: canonical bill rows (``estimated`` True, ``source_file`` :data:`FILLED_SOURCE`,
        ``source_row`` 0); no rows when nothing is missing.
    """
    import numpy as np
    import pandas as pd

    from . import bills as billio

    work, *_, mask = _screen(bills, settings or Quality(), today or dt.date.today())
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
    _, gaps = _timeline(work, _line(work, mask), period)
    own = gaps[["site", "activity", "meter", "period_start", "period_end"]].rename(
        columns={"period_start": "start", "period_end": "end"}
    )
    span = regular.groupby(_KEYS).agg(first=("period_start", "min"), last=("period_end", "max")).reset_index()
    span = span[span.set_index(_KEYS).index.isin(rate.index)]
    lead = span.assign(start=start, end=span["first"] - pd.Timedelta(days=1))
    trail = span.assign(start=span["last"] + pd.Timedelta(days=1), end=end)
    ends = pd.concat([lead, trail], ignore_index=True)[["site", "activity", "meter", "start", "end"]]
    # ... where no meter of the site and activity reads either.
    blocks = _blocks(work, _line(work, mask), period)
    uncovered = _uncovered(blocks, period, regular[["site", "activity"]].drop_duplicates())
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
        }
    )
    filled = filled.sort_values(["site", "activity", "meter", "period_start"]).reset_index(drop=True)
    return filled[billio.CANONICAL_COLUMNS]


def counts(findings: pd.DataFrame) -> dict[str, int]:
    """Findings per severity, always with the keys ``error``, ``warning`` and ``info``."""
    found = findings["severity"].value_counts().to_dict() if len(findings) else {}
    return {severity: int(found.get(severity, 0)) for severity in reversed(SEVERITIES)}


def at_or_above(findings: pd.DataFrame, severity: str) -> pd.DataFrame:
    """The findings of ``severity`` or worse (``info`` < ``warning`` < ``error``)."""
    rank = {name: index for index, name in enumerate(SEVERITIES)}
    return findings[findings["severity"].map(rank) >= rank[severity]]


def summary_line(findings: pd.DataFrame) -> str:
    """One line for a person: ``1 error (overlap), 2 warnings (gap 2), 1 info (estimated)``."""
    if not len(findings):
        return "no data-quality findings"
    parts = []
    for severity in reversed(SEVERITIES):
        rows = findings[findings["severity"] == severity]
        if not len(rows):
            continue
        checks = rows["check"].value_counts(sort=False).sort_index()
        what = ", ".join(str(name) if n == 1 else f"{name} {n}" for name, n in checks.items())
        plural = "s" if len(rows) > 1 and severity != "info" else ""
        parts.append(f"{len(rows)} {severity}{plural} ({what})")
    return ", ".join(parts)


# -- the bills as arrays ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bills:
    """The prepared bills as numpy arrays, one entry per bill in table order (the bill's number).

    The checks work on these: text columns are numbered once (:func:`_codes`), so every sort and
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
    starts: np.ndarray  #: ``start`` and ``end`` as ranks 0..dates-1 (see :func:`_ranks`)
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


@dataclass(frozen=True)
class _Line:
    """Bills in timeline order (by meter, start, end and row) with the columns every timeline
    check reads, gathered once."""

    bills: np.ndarray  #: bill numbers
    meter: np.ndarray
    start: np.ndarray
    end: np.ndarray
    ends: np.ndarray  #: ``end`` as ranks (see :func:`_ranks`)

    def take(self, at: Any) -> _Line:
        """The bills ``at`` (a mask or positions in this line)."""
        return _Line(self.bills[at], self.meter[at], self.start[at], self.end[at], self.ends[at])


def _line(work: _Bills, mask: Any) -> _Line:
    """The bills of ``mask`` in timeline order."""
    bills = work.in_order(mask)
    return _Line(bills, work.meter[bills], work.start[bills], work.end[bills], work.ends[bills])


def _prepare(bills: pd.DataFrame) -> pd.DataFrame:
    """The bills with ``credit``, ``effective_end``, ``days`` (effective) and ``rate`` per day."""
    return _arrays(bills).table()


def _arrays(bills: pd.DataFrame) -> _Bills:
    """The bill table as :class:`_Bills`."""
    import numpy as np

    frame = bills.reset_index(drop=True)
    site, sites = _codes(frame["site"])
    activity, activities = _codes(frame["activity"])
    meter, meters = _codes(frame["meter"])
    unit, units = _codes(frame["unit"])
    pair, pairs = _dense(site * len(activities) + activity, len(sites) * len(activities))
    meter_key, _ = _dense(pair * len(meters) + meter, pairs * len(meters))
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
) -> _Bills:
    """:class:`_Bills` with these dates; the effective end by the shared-day rule unless given."""
    import numpy as np

    (starts, ends), dates = _ranks(start, end)
    if effective_end is None:
        effective_end = _shared_day_rule(meter, starts, ends, start, end)
    days = _whole_days(effective_end - start) + 1
    slots = _count(meter) * dates * dates
    slot = (meter * dates + starts) * dates + ends if slots < 2**62 else None
    order = (
        _argsort((slot, slots))
        if slot is not None
        else _argsort((meter, _count(meter)), (starts, dates), (ends, dates))
    )
    return _Bills(
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


def _redated(work: _Bills, start: Any, end: Any) -> _Bills:
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


def _whole_days(span: Any) -> Any:
    """Whole days of ``timedelta64[s]`` values, rounded down as pandas' ``.dt.days`` does."""
    import numpy as np

    return np.floor_divide(np.asarray(span, dtype="timedelta64[s]").view("int64"), _DAY)


_DAY = 86_400  # seconds


def _ranks(*dates: Any) -> tuple[list[Any], int]:
    """Dates (``datetime64[s]`` arrays) as their ranks 0..k-1 among the k distinct dates of them all,
    so that they sort and compare as the dates do, and k."""
    import numpy as np
    import pandas as pd

    seconds = [np.asarray(d, dtype="datetime64[s]").view("int64") for d in dates]
    if not sum(len(s) for s in seconds):
        return seconds, 1
    days = [s // _DAY for s in seconds]
    first = min(int(d.min()) for d in days if len(d))
    span = max(int(d.max()) for d in days if len(d)) - first + 1
    midnights = all((d * _DAY == s).all() for d, s in zip(days, seconds, strict=True))
    if midnights and fits_a_table(span, sum(len(s) for s in seconds)):  # rank days through a table
        seen = np.zeros(span, dtype=bool)
        for day in days:
            seen[day - first] = True
        rank = np.cumsum(seen) - 1
        return [rank[day - first] for day in days], int(seen.sum())
    codes, uniques = pd.factorize(np.concatenate(seconds), sort=True)
    return np.split(codes.astype(np.int64), np.cumsum([len(s) for s in seconds])[:-1]), len(uniques)


def _argsort(*keys: tuple[Any, int], unique: bool = False, nearly_sorted: bool = False) -> Any:
    """Positions sorted by ``keys`` (each ``(values in 0..size-1, size)``, most significant first),
    ties in position order: a stable sort, packed into one integer per row when they fit.

    :param unique: no two rows have the same keys (no tie to break).
    :param nearly_sorted: the rows are nearly in order already (timsort then needs few steps).
    """
    import numpy as np

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


def _segments(group: Any) -> Any:
    """Where each run of equal ``group`` values starts (``group`` sorted)."""
    import numpy as np

    return np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if len(group) else np.zeros(0, dtype=np.int64)


def _shared_day_rule(meter: Any, starts: Any, ends: Any, start: Any, end: Any) -> Any:
    """The effective end of each bill by the calendar's shared-day rule
    (:func:`carbon_cli.calendar.shares_a_day`), on its ``start`` and ``end`` ranks (see :func:`_ranks`)."""
    import numpy as np

    shared = billcal.shares_a_day(meter, starts, ends) & (end > start)
    return np.where(shared, end - np.timedelta64(1, "D"), end)


def _screen(
    bills: pd.DataFrame,
    settings: Quality,
    today: dt.date,
) -> tuple[_Bills, pd.DataFrame, Any, pd.DataFrame, Any]:
    """Prepare the bills and sort out which ones the timeline checks may judge.

    A bill with an evident year typo is judged with the corrected date; bills whose dates
    cannot be real otherwise, credits and copies of another bill are set aside.

    :returns: ``(work, date findings, unusable dates, duplicate pairs, regular)``; the masks
        are boolean arrays by bill number.
    """
    work = _arrays(bills)
    dates, unusable, fixed = _date_checks(work, settings, today)
    if fixed is not None:
        work = _redated(work, *fixed)
    pairs, copy = _exact_and_near_copies(work, settings)
    return work, dates, unusable, pairs, ~work.credit & ~copy & ~unusable


def _count(codes: Any) -> int:
    """How many numbers ``codes`` (0..k-1) can take: k."""
    return int(codes.max()) + 1 if len(codes) else 1


def _rows(
    rows: pd.DataFrame, check: str, detail: Any, *, severity: Any = None, start: Any = None, end: Any = None
) -> pd.DataFrame:
    """Findings for ``rows`` (bills), by default over each bill's own dates and source row."""
    import pandas as pd

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


def _finish(found: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

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
    import pandas as pd

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


def _day(values: pd.Series) -> pd.Series:
    """Dates as ``YYYY-MM-DD`` text (numpy formats the whole column at once)."""
    import numpy as np
    import pandas as pd

    return pd.Series(
        np.datetime_as_string(values.to_numpy("datetime64[D]"), unit="D"), index=values.index, dtype=object
    )


def _where(rows: pd.DataFrame) -> pd.Series:
    """``gas.csv row 9`` for each row."""
    return rows["source_file"].astype(str) + " row " + rows["source_row"].astype("Int64").astype(str)


def _num(values: Any) -> Any:
    """Quantities as people read them: 1,234.5 or 0.0123 (three significant figures when small)."""
    import numpy as np
    import pandas as pd

    values = pd.Series(np.asarray(values, dtype="float64"))
    big = values.abs() >= 100
    return values.map(lambda v: f"{v:,.0f}").where(big, values.map(lambda v: f"{v:,.3g}"))


# -- bill-level checks ---------------------------------------------------------------------------


def _date_checks(
    work: _Bills,
    settings: Quality,
    today: dt.date,
) -> tuple[pd.DataFrame, Any, tuple[Any, Any] | None]:
    """mistyped_year, future_date and long_period: at most one of them per bill.

    :returns: the findings; a mask of bills whose dates cannot be real and have no evident fix
        (set aside from the timeline checks); and, when some year has an evident fix, the
        corrected ``period_start``/``period_end`` of every bill (None otherwise).
    """
    import numpy as np
    import pandas as pd

    start, end = work.start, work.end
    length = _whole_days(end - start) + 1
    long = length > settings.max_bill_days
    # A long bill that becomes an ordinary one when one date takes the other's year (2071 for 2017).
    at = np.flatnonzero(long)
    suggestion = pd.Series("", index=at)
    fixed_start, fixed_end = start.copy(), end.copy()
    s, e = pd.Series(start[at], index=at), pd.Series(end[at], index=at)
    for label, fixed_s, fixed_e in reversed(
        [  # reversed: the first fix that works wins
            ("end", s, _with_year(e, s.dt.year)),
            ("end", s, _with_year(e, s.dt.year + 1)),  # a December-to-January bill
            ("start", _with_year(s, e.dt.year), e),
            ("start", _with_year(s, e.dt.year - 1), e),
        ]
        if len(at)
        else []
    ):
        ok = ((fixed_e - fixed_s).dt.days + 1).between(1, settings.max_bill_days)
        if ok.any():
            before, after = (e, fixed_e) if label == "end" else (s, fixed_s)
            suggestion[ok[ok].index] = f"{label} " + _day(before[ok]) + " is probably " + _day(after[ok])
            fixed_start[ok[ok].index] = fixed_s[ok].to_numpy("datetime64[s]")
            fixed_end[ok[ok].index] = fixed_e[ok].to_numpy("datetime64[s]")
    typo_length = np.zeros(work.size, dtype=bool)
    typo_length[at] = (suggestion != "").to_numpy()

    years_ahead = np.datetime64(f"{today.year + 2:04d}-01-01", "s")  # a year after next, or later
    far_future = (end >= years_ahead) | (start >= years_ahead)
    future = (end > np.datetime64(today, "s")) & ~far_future & ~typo_length
    mistyped = typo_length | far_future
    long_only = long & ~mistyped & ~future

    parts = []
    if mistyped.any():
        rows = work.rows(np.flatnonzero(mistyped))
        typo = pd.Series(typo_length[rows.index], index=rows.index, dtype=bool)
        years = rows["period_end"].dt.year.where(
            rows["period_end"].dt.year > today.year + 1, rows["period_start"].dt.year
        )
        swapped = years // 100 * 100 + years % 10 * 10 + years // 10 % 10
        guess = (" (" + swapped.astype(str) + "?)").where((swapped <= today.year) & (swapped >= 1950), "")
        far = (
            _day(rows["period_start"])
            + " to "
            + _day(rows["period_end"])
            + " lies years in the future"
            + guess
            + "; a mistyped year"
        )
        text = (
            _day(rows["period_start"])
            + " to "
            + _day(rows["period_end"])
            + " is "
            + pd.Series(length[rows.index], index=rows.index).map("{:,}".format)
            + " days long; "
            + suggestion.reindex(rows.index, fill_value="")
        )
        aside = pd.Series("; the bill is left out of the timeline checks until the date is fixed", index=rows.index)
        aside = aside.where(~typo, "; the other checks read it so")
        parts.append(_rows(rows, "mistyped_year", text.where(typo, far) + aside))
    if future.any():
        rows = work.rows(np.flatnonzero(future))
        parts.append(
            _rows(
                rows,
                "future_date",
                "ends " + _day(rows["period_end"]) + f", after today ({today}); "
                "a bill can only cover days that have passed",
            )
        )
    if long_only.any():
        rows = work.rows(np.flatnonzero(long_only))
        parts.append(
            _rows(
                rows,
                "long_period",
                pd.Series(length[rows.index], index=rows.index).astype(str)
                + f" days, more than quality.max_bill_days ({settings.max_bill_days})",
            )
        )
    unusable = (far_future | future) & ~typo_length
    return _concat(parts), unusable, (fixed_start, fixed_end) if typo_length.any() else None


def _with_year(dates: pd.Series, years: pd.Series) -> pd.Series:
    """``dates`` with their year replaced (NaT where the day does not exist, 29 February)."""
    import numpy as np
    import pandas as pd

    day = dates.to_numpy("datetime64[D]")
    month = day.astype("datetime64[M]")
    month_of_year = month.astype("int64") % 12
    target = (years.to_numpy("int64") - 1970) * 12 + month_of_year
    moved = target.astype("datetime64[M]").astype("datetime64[D]") + (day - month.astype("datetime64[D]"))
    exists = moved.astype("datetime64[M]").astype("int64") == target  # 29 February rolls into March
    return pd.Series(np.where(exists, moved, np.datetime64("NaT")), index=dates.index).astype("datetime64[s]")


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    import pandas as pd

    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["bill", *FINDING_COLUMNS])


def _exact_and_near_copies(work: _Bills, settings: Quality) -> tuple[pd.DataFrame, Any]:
    """Pairs (copy, original) of exact and near duplicates, and a mask of the copies.

    Exact: same site, activity, meter, dates and billed quantity and unit. Near: same site,
    activity and billed quantity (not zero), start and end each within ``duplicate_days`` and
    overlapping for more than half of the longer bill, but on another meter or other dates.
    The later row (in file order) is the copy; copies are set aside from the timeline checks
    (the original already covers their days).
    """
    import numpy as np
    import pandas as pd

    candidates = ~work.credit
    copies, originals, kinds = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=object)]

    # Exact: only bills of the same meter and dates can be copies; in timeline order they are neighbours.
    ordered = work.in_order(candidates)
    now, then = ordered[1:], ordered[:-1]
    if work.slot is not None:
        slot = work.slot[ordered]
        same = slot[1:] == slot[:-1]
    else:
        same = (
            (work.meter[now] == work.meter[then])
            & (work.starts[now] == work.starts[then])
            & (work.ends[now] == work.ends[then])
        )
    twin = np.zeros(len(ordered), dtype=bool)
    twin[1:] |= same
    twin[:-1] |= same
    exact = np.zeros(work.size, dtype=bool)
    if twin.any():
        at = np.sort(ordered[twin])
        key = pd.DataFrame(
            {
                "meter": work.meter[at],
                "start": work.start[at],
                "end": work.end[at],
                "quantity": work.bill_quantity[at],
                "unit": _text(work.frame["bill_unit"], at),
            },
            index=at,
        )
        copy = key.duplicated(keep="first").to_numpy()
        if copy.any():
            first = (
                key.assign(_bill=at)
                .groupby(list(key.columns), sort=False, dropna=False)["_bill"]
                .transform("first")
                .to_numpy()
            )
            exact[at[copy]] = True
            copies.append(at[copy])
            originals.append(first[copy])
            kinds.append(np.full(copy.sum(), "exact", dtype=object))

    # Near: sorted by quantity then start, a bill's partners are among the few rows before it.
    rest = np.flatnonzero(candidates & ~exact & (work.bill_quantity != 0))
    # A quantity that no other bill of the site and activity has cannot be a copy: a cheap first cut.
    quantity = work.bill_quantity[rest]
    bits = np.where(np.isnan(quantity), np.nan, quantity).view(np.int64)  # one NaN: pandas groups them as one
    rest = rest[_repeated(bits * 1_000_003 + work.pair[rest])]  # equal pairs give equal keys (the rest: checked)
    if len(rest):
        key = pd.DataFrame(
            {
                "pair": work.pair[rest],
                "quantity": work.bill_quantity[rest],
                "unit": _text(work.frame["bill_unit"], rest),
            }
        )
        group = key.groupby(list(key.columns), sort=False, dropna=False).ngroup().to_numpy()
        shared = np.bincount(group)[group] > 1  # only bills that share their quantity with another
        rest, group = rest[shared], group[shared]
    if len(rest):
        order = _argsort((group, _count(group)), (work.starts[rest], work.dates), (work.ends[rest], work.dates))
        bill, group = rest[order], group[order]
        start, end = work.start[bill], work.end[bill]
        limit = np.timedelta64(settings.duplicate_days, "D")
        one = np.timedelta64(1, "D")
        for step in (1, 2, 3):
            if len(bill) <= step:
                break
            now, then = slice(step, None), slice(None, -step)
            shared_days = np.minimum(end[then], end[now]) - np.maximum(start[then], start[now]) + one
            longest = np.maximum(end[now] - start[now] + one, end[then] - start[then] + one)
            near = (
                (group[now] == group[then])
                & (np.abs(start[now] - start[then]) <= limit)
                & (np.abs(end[now] - end[then]) <= limit)
                & (shared_days * 2 > longest)
            )
            if near.any():
                this, partner = bill[now][near], bill[then][near]
                copies.append(np.maximum(this, partner))  # the later row is the copy
                originals.append(np.minimum(this, partner))
                kinds.append(np.full(near.sum(), "near", dtype=object))
    copy, original, kind = np.concatenate(copies), np.concatenate(originals), np.concatenate(kinds)
    order = np.lexsort((original, copy))
    copy, original, kind = copy[order], original[order], kind[order]
    first = np.r_[True, copy[1:] != copy[:-1]] if len(copy) else np.zeros(0, dtype=bool)
    found = pd.DataFrame({"copy": copy[first], "original": original[first], "kind": kind[first]})
    copy_mask = np.zeros(work.size, dtype=bool)
    copy_mask[found["copy"].to_numpy()] = True
    return found, copy_mask


def _text(values: pd.Series, at: Any) -> Any:
    """``values`` at rows ``at`` as an array of text (a category's values, not its codes)."""
    import numpy as np

    return np.asarray(values.take(at), dtype=object)


def _repeated(values: Any) -> Any:
    """Which values (integers) occur more than once."""
    import numpy as np

    order = np.argsort(values)
    ordered = values[order]
    equal = ordered[1:] == ordered[:-1]
    again = np.zeros(len(values), dtype=bool)
    again[1:] |= equal
    again[:-1] |= equal
    out = np.zeros(len(values), dtype=bool)
    out[order] = again
    return out


def _duplicates(work: _Bills, pairs: pd.DataFrame, settings: Quality) -> tuple[pd.DataFrame, pd.DataFrame]:
    """duplicate and near_duplicate findings, on the copy, naming the original."""
    import numpy as np

    found = []
    for check in ("duplicate", "near_duplicate"):
        chosen = pairs[pairs["kind"] == ("exact" if check == "duplicate" else "near")]
        if not len(chosen):
            found.append(_concat([]))
            continue
        rows = work.rows(chosen["copy"].to_numpy())
        first = work.rows(chosen["original"].to_numpy())
        original = (
            _where(first).to_numpy()
            + " ("
            + _day(first["period_start"]).to_numpy()
            + " to "
            + _day(first["period_end"]).to_numpy()
            + ", "
            + _num(first["bill_quantity"]).to_numpy()
            + " "
            + first["bill_unit"].astype(str).to_numpy()
            + ")"
        )
        if check == "duplicate":
            detail = "same meter, dates and quantity as " + original + "; the bill is counted twice"
        else:
            other_meter = first["meter"].astype(str).to_numpy() != rows["meter"].astype(str).to_numpy()
            where = np.where(
                other_meter,
                " on meter '" + first["meter"].astype(str).to_numpy() + "'",
                f" with dates at most {settings.duplicate_days} days apart",
            )
            detail = "same quantity as " + original + where + "; pasted twice? Both are counted"
        found.append(_rows(rows, check, detail))
    return found[0], found[1]


def _value_checks(work: _Bills) -> pd.DataFrame:
    """negative, positive_credit, zero and estimated: what a bill says on its own."""
    import numpy as np

    quantity, credit = work.quantity, work.credit
    parts = []
    for check, mask, text in [
        (
            "negative",
            (quantity < 0) & ~credit,
            "; a credit or correction must be marked as one (a credit column, or columns.credit in the YAML)",
        ),
        ("positive_credit", (quantity > 0) & credit, " on a bill marked as a credit; a credit is negative"),
        ("zero", (quantity == 0) & ~credit, "; the meter read nothing: vacant, off, or a missed reading?"),
        (
            "estimated",
            work.frame["estimated"].astype(bool).to_numpy(),
            " estimated, not read; replace it when the actual bill comes",
        ),
    ]:
        if mask.any():
            rows = work.rows(np.flatnonzero(mask))
            billed = _num(rows["bill_quantity"]).to_numpy() + " " + rows["bill_unit"].astype(str).to_numpy()
            parts.append(_rows(rows, check, billed + text))
    return _concat(parts)


def _unit_checks(work: _Bills, region: str | None) -> pd.DataFrame:
    """Units that do not fit: unusual for the activity (there), or unlike the meter's other bills."""
    import numpy as np

    from . import units

    if not work.size:
        return _concat([])
    used = np.flatnonzero(np.bincount(work.unit, minlength=len(work.units)))
    names = {int(index): units.dimension(str(work.units[index])) for index in used}  # per distinct unit
    dimensions = np.array(sorted(set(names.values())), dtype=object)
    of_unit = np.zeros(len(work.units), dtype=np.int64)
    for index, name in names.items():
        of_unit[index] = dimensions.tolist().index(name)
    dimension = of_unit[work.unit]
    country = (region or "").split("-")[0].upper()
    reasons = {pair: why for pair, (where, why) in UNUSUAL_DIMENSIONS.items() if where is None or country in where}
    why = np.array([[reasons.get((str(a), str(d)), "") for d in dimensions] for a in work.activities], dtype=object)
    kind = work.activity * len(dimensions) + dimension  # activity and dimension
    seen = np.bincount(kind, minlength=why.size) > 0
    unusual = (why.ravel() != "")[kind] if (seen & (why.ravel() != "")).any() else np.zeros(work.size, dtype=bool)
    kinds = np.zeros(_count(work.meter) * len(dimensions), dtype=bool)
    kinds[work.meter * len(dimensions) + dimension] = True
    if kinds.sum() == _count(work.meter) and not unusual.any():  # one dimension per meter, none unusual
        return _concat([])
    kinds, count = _dense(work.meter * len(dimensions) + dimension, _count(work.meter) * len(dimensions))
    # The meter's usual dimension: that of most of its bills (the first seen of equally many).
    meter_of_kind = np.zeros(count, dtype=np.int64)
    meter_of_kind[kinds] = work.meter
    dimension_of_kind = np.zeros(count, dtype=np.int64)
    dimension_of_kind[kinds] = dimension
    seen_first = np.full(count, work.size, dtype=np.int64)
    np.minimum.at(seen_first, kinds, np.arange(work.size))
    ranked = np.lexsort((seen_first, -np.bincount(kinds, minlength=count), meter_of_kind))
    winner = ranked[_segments(meter_of_kind[ranked])]
    usual = np.zeros(_count(work.meter), dtype=np.int64)
    usual[meter_of_kind[winner]] = dimension_of_kind[winner]
    meter_dimension = usual[work.meter]
    mask = unusual | (dimension != meter_dimension)
    if not mask.any():
        return _concat([])
    at = np.flatnonzero(mask)
    rows = work.rows(at)
    billed = "'" + rows["bill_unit"].astype(str).to_numpy() + "' (" + dimensions[dimension[at]] + ")"
    detail = np.where(
        unusual[at],
        billed
        + " is unusual for "
        + rows["activity"].astype(str).to_numpy()
        + ": "
        + why[work.activity[at], dimension[at]]
        + "; a wrong column or a unit typo?",
        billed
        + " on a meter whose other bills are in "
        + dimensions[meter_dimension[at]]
        + ": one meter measures one thing; a unit typo?",
    )
    return _rows(rows, "unit_mismatch", detail)


# -- timeline checks -----------------------------------------------------------------------------


def _holders(group: Any, ends: Any, days: int) -> Any:
    """For bills sorted by group (numbers, ascending) and start: the position of the bill that
    holds the latest end so far in its group (the latest such bill on a tie).

    :param ends: the bills' ends as ranks (see :func:`_ranks`) below ``days``.
    """
    import numpy as np

    reach = np.maximum.accumulate(group * days + ends) - group * days  # the groups never mix: group * days
    return np.maximum.accumulate(np.where(ends == reach, np.arange(len(ends)), 0))


def _timeline(work: _Bills, line: _Line, period: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """overlap and gap between consecutive bills of a meter (sorted by dates).

    :param line: the bills to judge.
    """
    import numpy as np
    import pandas as pd

    ordered, meter, start, end = line.bills, line.meter, line.start, line.end
    if not len(ordered):
        return _concat([]), _concat([])
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
            + _where(earlier).to_numpy()
            + " ("
            + _day(earlier["period_start"]).to_numpy()
            + " to "
            + _day(earlier["period_end"]).to_numpy()
            + ") by "
            + days_over.astype(str)
            + " days; the days in both are counted twice"
        )
        parts.append(_rows(rows, "overlap", detail, end=last))
    gap = ~first & (_whole_days(start - previous_end) - 1 > 0)
    gaps = _concat([])
    if gap.any():
        rows = work.rows(ordered[gap])
        first_day = pd.Series(previous_end[gap], index=rows.index) + one_day
        last_day = rows["period_start"] - one_day
        inside = (last_day >= pd.Timestamp(period.start)) & (first_day <= pd.Timestamp(period.end))
        earlier = work.rows(ordered[previous[gap]])
        days_free = (last_day - first_day).dt.days + 1
        detail = (
            "no bill from "
            + _day(first_day)
            + " to "
            + _day(last_day)
            + " ("
            + days_free.astype(str).to_numpy()
            + " days) between "
            + _where(earlier).to_numpy()
            + " and "
            + _where(rows).to_numpy()
        )
        detail = detail.where(inside, detail + "; outside the reporting period")
        gaps = _rows(rows, "gap", detail, start=first_day, end=last_day, severity=np.where(inside, "warning", "info"))
    return _concat(parts), gaps


def _end_gaps(work: _Bills, line: _Line, period: Period, settings: Quality) -> pd.DataFrame:
    """end_gap: a meter's last bill ends long before the period does."""
    import numpy as np
    import pandas as pd

    if not len(line.bills):
        return _concat([])
    # Each meter's last bill: the latest end, the later row of equals; listed by end, then row.
    last = np.sort(np.maximum.reduceat(line.ends * work.size + line.bills, _segments(line.meter)))
    last = last % work.size
    end = pd.Timestamp(period.end)
    behind = _whole_days(np.datetime64(period.end, "s") - work.end[last])
    late = behind > settings.end_gap_days
    if not late.any():
        return _concat([])
    rows = work.rows(last[late])
    detail = (
        "the last bill ends "
        + _day(rows["period_end"])
        + ", "
        + pd.Series(behind[late], index=rows.index).astype(str)
        + f" days before the period ends ({period.end}; quality.end_gap_days: "
        f"{settings.end_gap_days}); bills missing, or the meter was replaced?"
    )
    return _rows(rows, "end_gap", detail, start=rows["period_end"] + pd.Timedelta(days=1), end=end)


def _blocks(work: _Bills, line: _Line, period: Period) -> pd.DataFrame:
    """Runs of covered days per site and activity inside the period: ``site, activity, start, end``.

    Runs per meter first (the bills are in timeline order already), then the meters' runs merged
    per site and activity: a union of days, so the result is that of merging all bills at once.
    """
    import numpy as np
    import pandas as pd

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
    (starts, ends), dates = _ranks(start, end)
    order = _argsort((pair, _count(pair)), (starts, dates))  # order among equal starts: any
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
    import numpy as np

    first = np.r_[True, group[1:] != group[:-1]]
    holder = _holders(np.cumsum(first) - 1, ends, dates)  # the span holding the latest end so far
    begins = np.flatnonzero(first | (start > end[np.r_[0, holder[:-1]]] + np.timedelta64(1, "D")))
    return begins, end[holder[np.r_[begins[1:], len(start)] - 1]]


def _key(values: pd.Series, at: Any) -> pd.Series:
    """``values`` at rows ``at`` as text typed afresh (``str``), whether the column is ``str``,
    ``object`` or ``category``: findings and coverage then do not depend on the column's type."""
    import pandas as pd

    return pd.Series(values.take(at).to_numpy())


def _uncovered(blocks: pd.DataFrame, period: Period, pairs: pd.DataFrame) -> pd.DataFrame:
    """Ranges of the period that no block covers, per site and activity: ``site, activity, start_free, end_free``.

    :param pairs: the (site, activity) pairs to report, those without any block included.
    """
    import pandas as pd

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


def _coverage(
    work: _Bills,
    line: _Line,
    period: Period,
    activities: Iterable[tuple[str, str]],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The coverage table (:data:`COVERAGE_COLUMNS`) and the covered blocks it counts.

    :param line: the bills that count.
    """
    import pandas as pd

    blocks = _blocks(work, line, period)
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


def _coverage_findings(covered: pd.DataFrame, blocks: pd.DataFrame, period: Period) -> pd.DataFrame:
    """One finding per uncovered range of the period, per site and activity."""
    import pandas as pd

    short = covered[covered["covered_days"] < covered["days"]]
    if not len(short):
        return _concat([])
    free = _uncovered(blocks, period, short)
    covered_days = free.merge(short, on=["site", "activity"], how="left")["covered_days"]
    days = (free["end_free"] - free["start_free"]).dt.days + 1
    share = covered_days / period.days * 100
    detail = (
        "no "
        + free["activity"].astype(str)
        + " bill covers "
        + _day(free["start_free"])
        + " to "
        + _day(free["end_free"])
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


def _outside(work: _Bills, usable: Any, period: Period) -> pd.DataFrame:
    """Bills wholly before or after the period, one finding per meter and side."""
    import numpy as np
    import pandas as pd

    lo, hi = np.datetime64(period.start, "s"), np.datetime64(period.end, "s")
    before = usable & (work.end < lo)
    at = np.flatnonzero(before | (usable & (work.start > hi)))
    if not len(at):
        return _concat([])
    # Per meter and side, in the order of their first bill by start (then row).
    bill = at[_argsort((work.starts[at], work.dates))]
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
        + _day(spans["start"]).to_numpy()
        + " to "
        + _day(spans["end"]).to_numpy()
        + " "
        + when
        + "; not counted, but still history for the anomaly check"
    )
    return _rows(spans.rename(columns={"start": "period_start", "end": "period_end"}), "outside_period", detail)


# -- anomalies -----------------------------------------------------------------------------------


def _against_history(
    work: _Bills,
    line: _Line,
    period: Period,
    settings: Quality,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """implausible and anomaly: each bill's use per day against the meter's own norm.

    The norm of a bill, for a meter (and unit) with :data:`ANOMALY_MIN_BILLS` usable bills or
    more, is the median of the meter's other bills in the same calendar month (of the bill's
    midpoint) when there are at least three of them (three other years); otherwise a robust
    seasonal curve fitted to all the meter's bills (:func:`_seasonal_fit`). The residual is
    log(use per day / norm); its spread is 1.4826 × the median absolute deviation of the
    meter's residuals (a curve's widened by sqrt(n / (n - terms)) for the bills it follows),
    at least :data:`ANOMALY_MIN_SPREAD`. A bill more than ``anomaly_z`` spreads from the
    meter's median residual is an anomaly, reported with the expected range
    norm × exp(median residual ± anomaly_z × spread). A meter with fewer bills (but at least
    :data:`IMPLAUSIBLE_MIN_BILLS`) has the median of its bills as the norm and no anomalies.

    A bill at ``implausible_factor`` times its norm or more (or that fraction or less) is
    implausible instead: a slipped decimal point or a wrong unit rather than a real change.
    Every bill of the meter makes the norm; only bills that touch the period are reported.

    :param line: the bills to judge.
    """
    import numpy as np
    import pandas as pd

    line = line.take(work.quantity[line.bills] > 0)
    series, count = _dense(
        line.meter * len(work.units) + work.unit[line.bills], _count(work.meter) * len(work.units)
    )  # meter and unit, numbered in text order
    size = np.bincount(series, minlength=count)
    kept = size >= IMPLAUSIBLE_MIN_BILLS
    if not kept.any():
        return _concat([]), _concat([])
    if not kept.all():
        keep = kept[series]
        line, series, size = line.take(keep), (np.cumsum(kept) - 1)[series[keep]], size[kept]
        count = len(size)
    # Each series by start, then row: the timeline order (by meter, start, end, row) often is that already.
    starts, ordered = work.starts[line.bills], line.bills
    tie = (series[1:] == series[:-1]) & (starts[1:] == starts[:-1])
    if (series[1:] < series[:-1]).any() or (tie & (ordered[1:] < ordered[:-1])).any():
        line = line.take(
            _argsort((series, count), (starts, work.dates), (ordered, work.size), unique=True, nearly_sorted=True)
        )
    bills = line.bills
    series = np.repeat(np.arange(count), size)
    log_rate = np.log(work.rate[bills])
    month, day_of_year = _calendar(_middle_of(line.start, work.effective_end[bills]))
    history = (size >= ANOMALY_MIN_BILLS)[series]
    in_month = series * 12 + month
    by_month = history & (np.bincount(in_month)[in_month] >= SEASONAL_MIN_BILLS)
    lo, hi = np.datetime64(period.start, "s"), np.datetime64(period.end, "s")
    touches = (line.end >= lo) & (line.start <= hi)
    layout = _layout(series, count)
    # The curve of a meter is needed where a bill of it uses it and the meter has a bill to report.
    fit = (np.bincount(series, (history & ~by_month).astype(float), minlength=count) > 0) & (
        np.bincount(series, touches.astype(float), minlength=count) > 0
    )
    curve = _seasonal_fit(layout, fit, day_of_year, log_rate)
    plain = _median(layout, log_rate)[series] if not history.all() else curve
    others = np.full(len(bills), np.nan)
    if by_month.any():
        others[by_month] = _median_of_others(in_month[by_month], log_rate[by_month])
    norm = np.where(by_month, others, np.where(history, curve, plain))
    residual = log_rate - norm
    centre, absolute = _centre_and_deviation(layout, residual, size >= ANOMALY_MIN_BILLS)
    terms = np.where(size < TWO_PEAK_MIN_BILLS, 3, 5)
    widen = np.where(by_month, 1.0, np.sqrt(size / np.maximum(size - terms, 1))[series])
    deviation = residual - centre[series]
    spread = absolute[series] * 1.4826 * widen
    spread = np.where(spread < ANOMALY_MIN_SPREAD, ANOMALY_MIN_SPREAD, spread)  # NaN stays NaN, as pandas' clip
    z = deviation / spread
    wild = touches & (np.abs(deviation) >= np.log(settings.implausible_factor))
    odd = touches & history & ~wild & (np.abs(z) > settings.anomaly_z)

    names = np.array(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        dtype=object,
    )
    found = []
    for check, mask in (("implausible", wild), ("anomaly", odd)):
        if not mask.any():
            found.append(_concat([]))
            continue
        rows = work.rows(bills[mask])
        unit = " " + rows["unit"].astype(str).to_numpy()
        how = np.where(history[mask], "the meter's seasonal curve", "the median of the meter's bills").astype(object)
        how = np.where(by_month[mask], "median of the meter's " + names[month[mask]] + " bills in other years", how)
        per_day = (
            _num(rows["rate"]).to_numpy()
            + unit
            + "/day ("
            + _num(rows["quantity"]).to_numpy()
            + unit
            + " over "
            + rows["days"].astype(str).to_numpy()
            + " days) is "
        )
        expected = np.exp(norm[mask] + centre[series[mask]])
        norm_text = "norm " + _num(expected).to_numpy() + unit + "/day, " + how
        if check == "implausible":
            ratio = rows["rate"].to_numpy() / expected
            times = np.where(ratio >= 1, _num(ratio).to_numpy() + "×", "1/" + _num(1 / ratio).to_numpy() + " of")
            detail = (
                per_day
                + times
                + " its norm ("
                + norm_text
                + f"), beyond quality.implausible_factor ({settings.implausible_factor:g}): "
                "a slipped decimal point or a wrong unit?"
            )
        else:
            low = expected * np.exp(-settings.anomaly_z * spread[mask])
            high = expected * np.exp(settings.anomaly_z * spread[mask])
            days_billed = rows["days"].to_numpy()
            detail = (
                per_day
                + np.where(z[mask] > 0, "above", "below")
                + " the expected "
                + _num(low).to_numpy()
                + "–"
                + _num(high).to_numpy()
                + unit
                + "/day ("
                + _num(low * days_billed).to_numpy()
                + "–"
                + _num(high * days_billed).to_numpy()
                + unit
                + " for these days; "
                + norm_text
                + "; robust z "
                + pd.Series(z[mask]).map("{:+.1f}".format).to_numpy()
                + ")"
            )
        found.append(_rows(rows, check, detail))
    return found[0], found[1]


def _middle_of(start: Any, end: Any) -> Any:
    """``start + (end - start) / 2`` of ``datetime64[s]`` values (on integers when that is exact)."""
    span = end.view("int64") - start.view("int64")
    if (span & 1).any():
        return start + (end - start) / 2
    return (start.view("int64") + (span >> 1)).view("datetime64[s]")


def _calendar(moments: Any) -> tuple[Any, Any]:
    """The month (0 for January) and the day of the year (1..366) of ``datetime64[s]`` values,
    worked out once per distinct day."""
    import numpy as np

    def of(calendar: Any) -> tuple[Any, Any]:
        return (
            calendar.astype("datetime64[M]").astype("int64") % 12,
            (calendar - calendar.astype("datetime64[Y]")).astype("int64") + 1,
        )

    days = moments.view("int64") // _DAY
    if not len(days):
        return of(moments.astype("datetime64[D]"))
    first, last = int(days.min()), int(days.max())
    if not fits_a_table(last - first, len(days)):
        return of(moments.astype("datetime64[D]"))
    month, day_of_year = of(np.arange(first, last + 1).astype("datetime64[D]"))
    days -= first
    return month[days], day_of_year[days]


#: Cells (bills and padding) per block of :func:`_layout`: small enough for the CPU cache.
_BLOCK_CELLS = 16_384


@dataclass(frozen=True)
class _Layout:
    """Bills of groups laid out down the columns of dense blocks, one column per group.

    Work per group becomes whole-array numpy on a block: a median sorts down the columns,
    a sum adds down them in row order. Groups of similar size share a block (sizes within a
    factor of two), so padding stays below half of a block; ``valid`` marks the real cells.
    """

    sizes: np.ndarray  #: bills per group
    #: Per block: the group of each column, the bill (position) in each cell, and which cells hold one.
    blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]]


def _layout(group: Any, groups: int, cells: int = _BLOCK_CELLS) -> _Layout:
    """The layout of bills by ``group`` (numbers 0..groups-1); a group's bills keep their order."""
    import numpy as np

    sizes = np.bincount(group, minlength=groups)
    order = np.argsort(group, kind="stable") if (group[1:] < group[:-1]).any() else np.arange(len(group))
    starts = np.cumsum(sizes) - sizes
    size_class = np.frexp(np.maximum(sizes - 1, 0).astype(float))[1]  # sizes 2^(k-1)+1 .. 2^k share class k
    blocks = []
    for size in np.unique(size_class[sizes > 0]):
        members = np.flatnonzero((size_class == size) & (sizes > 0))
        depth = int(sizes[members].max())
        width = max(2, cells // depth)
        for first in range(0, len(members), width):
            columns = members[first : first + width]
            rows = np.arange(depth)[:, None]
            valid = rows < sizes[columns]
            blocks.append((columns, order[np.minimum(starts[columns] + rows, len(order) - 1)], valid))
    return _Layout(sizes, blocks)


def _column_medians(values: Any) -> Any:
    """Medians down the columns of a block, missing values (NaN: padding too) left out, as pandas
    has it: the mean of the two middle values of an even count; NaN for none."""
    import numpy as np

    values = np.sort(values, axis=0)  # missing values last
    depth = values.shape[0]
    if not np.isnan(values[-1]).any():  # full columns
        return (values[(depth - 1) // 2] + values[depth // 2]) / 2
    count = (~np.isnan(values)).sum(axis=0)
    column = np.arange(values.shape[1])
    low = values[np.maximum(count - 1, 0) // 2, column]
    high = values[np.minimum(count // 2, depth - 1), column]
    return np.where(count > 0, (low + high) / 2, np.nan)


def _median(layout: _Layout, values: Any) -> Any:
    """The median of ``values`` (one per bill) per group, missing values left out, as pandas has it."""
    import numpy as np

    out = np.full(len(layout.sizes), np.nan)
    for columns, rows, valid in layout.blocks:
        block = values[rows]
        if not valid.all():
            block[~valid] = np.nan
        out[columns] = _column_medians(block)
    return out


def _centre_and_deviation(layout: _Layout, residual: Any, history: Any) -> tuple[Any, Any]:
    """Per group: the median residual (0 where ``history`` is false) and the median absolute
    deviation of the residuals from it."""
    import numpy as np

    centre = np.full(len(layout.sizes), np.nan)
    deviation = np.full(len(layout.sizes), np.nan)
    for columns, rows, valid in layout.blocks:
        block = residual[rows]
        if not valid.all():
            block[~valid] = np.nan
        middle = np.where(history[columns], _column_medians(block), 0.0)
        centre[columns] = middle
        block -= middle
        deviation[columns] = _column_medians(np.abs(block, out=block))
    return centre, deviation


def _seasonal_fit(layout: _Layout, fit: Any, day_of_year: Any, log_rate: Any, iterations: int = 10) -> Any:
    """A robust seasonal curve per meter: log use per day against the day of the year.

    log use per day = level + a·cos θ + b·sin θ (+ c·cos 2θ + d·sin 2θ when the meter has
    :data:`TWO_PEAK_MIN_BILLS` bills or more, for a winter and a summer peak), θ = 2π × day of
    year / 365.25, fitted by iteratively reweighted least squares with Tukey's bisquare weights
    (c = 4.685 robust spreads), so that a few wild bills do not bend the curve. Meters are
    fitted a block at a time (:func:`_layout`): the normal equations are sums down the block's
    columns, in bill order (so each sum is the same to the last bit whatever the block), solved
    as a stack.

    :param layout: the bills by meter (the groups).
    :param fit: which meters to fit (the others get NaN).
    :returns: the fitted log use per day of each bill.
    """
    import numpy as np

    theta = 2 * np.pi * (np.arange(367) - 1) / 365.25  # per day of the year: the same values, computed once
    waves = [np.cos(theta), np.sin(theta), np.cos(2 * theta), np.sin(2 * theta)]
    one_peak = layout.sizes < TWO_PEAK_MIN_BILLS
    eye = np.eye(5)
    fitted = np.full(len(log_rate), np.nan)
    for columns, rows, valid in layout.blocks:
        chosen = fit[columns]
        if not chosen.any():
            continue
        if not chosen.all():  # (copied in row order: sums must run down the columns, see _irls)
            columns, rows, valid = (
                columns[chosen],
                np.ascontiguousarray(rows[:, chosen]),
                np.ascontiguousarray(valid[:, chosen]),
            )
        if len(columns) == 1:  # two identical columns: numpy sums a lone column pairwise, not in order
            columns, rows, valid = np.repeat(columns, 2), np.repeat(rows, 2, axis=1), np.repeat(valid, 2, axis=1)
        single = one_peak[columns]
        day = np.where(valid, day_of_year[rows], 1)
        x = np.stack([np.where(valid, wave[day], 0.0) for wave in waves])
        x[2:, :, single] = 0.0
        unused = np.zeros((len(columns), 5))
        unused[single, 3:] = 1.0
        # Unused terms get a unit diagonal (their coefficient solves to 0); a tiny ridge keeps A regular.
        ridge = np.einsum("mi,ij->mij", unused, eye) + 1e-9 * eye
        block = _irls(x, np.where(valid, log_rate[rows], 0.0), valid, ridge, iterations)
        fitted[rows[valid]] = block[valid]
    return fitted


def _irls(x: Any, y: Any, valid: Any, ridge: Any, iterations: int) -> Any:
    """Iteratively reweighted least squares down the columns of a block (see :func:`_seasonal_fit`).

    Each sum of the normal equations adds the products weight * x[i] * x[j] of a meter in bill
    order, as ``np.bincount`` does, so the fit is the same to the last bit however meters are
    grouped into blocks: numpy adds one value after the other along an axis that is not the
    fastest in memory (a block is in row order and has at least two columns; along the fastest
    axis numpy would add pairwise).

    :param x: the four wave terms (the level is 1), stacked: ``(4, bills, meters)``; padding holds 0.
    :param ridge: the diagonal added to each meter's normal matrix, ``(meters, 5, 5)``.
    :returns: the fitted values of the last iteration.
    """
    import numpy as np

    x, y = np.ascontiguousarray(x), np.ascontiguousarray(y)
    assert y.ndim == 2 and y.shape[1] > 1, "a block needs two columns or more"
    padded = not valid.all()
    ridge = np.ascontiguousarray(ridge.transpose(1, 2, 0))  # (5, 5, meters): whole rows per term
    weight = np.ascontiguousarray(valid, dtype=float)
    weighted = np.empty_like(x)
    product = np.empty_like(x)
    sums = np.empty_like(ridge)
    fitted = y
    for step in range(iterations):
        for i in range(4):  # one multiplication per call: numpy broadcasts slowly
            np.multiply(weight, x[i], out=weighted[i])
        sums[0, 0] = np.add.reduce(weight, axis=0)
        sums[0, 1:] = np.add.reduce(weighted, axis=1)
        for i in range(1, 5):
            for j in range(i, 5):
                np.multiply(weighted[i - 1], x[j - 1], out=product[j - i])
            sums[i, i:] = np.add.reduce(product[: 5 - i], axis=1)
        for i in range(5):
            sums[i + 1 :, i] = sums[i, i + 1 :]
        b = np.empty((5, y.shape[1]))
        b[0] = np.add.reduce(weight * y, axis=0)
        for i in range(4):
            np.multiply(weighted[i], y, out=product[i])
        b[1:] = np.add.reduce(product, axis=1)
        b += 0.0  # a sum of negative zeros is 0.0, as np.bincount (which starts from 0.0) has it
        a = (ridge + sums).transpose(2, 0, 1)  # the ridge is diagonal: adding it after mirroring is the same
        beta = np.ascontiguousarray(np.linalg.solve(a, b.T[..., None])[..., 0].T)
        fitted = x[0] * beta[1]
        fitted += beta[0]
        for i in range(1, 4):
            fitted += np.multiply(x[i], beta[i + 1], out=product[0])
        if step == iterations - 1:
            break
        residual = y - fitted
        size = np.abs(residual)
        if padded:
            size[~valid] = np.nan
        mad = _column_medians(size) * 1.4826
        u = np.divide(residual, 4.685 * np.maximum(mad, 1e-6), out=residual)
        u *= u  # u**2; |u| < 1 exactly when u**2 < 1
        weight = np.subtract(1, u, out=size)
        weight *= weight
        weight = np.where(u < 1, weight, 0.0)
        if padded:
            weight[~valid] = 0.0
    return fitted


def _median_of_others(group: Any, values: Any) -> Any:
    """For each value, the median of the other values of its group (NaN when it is alone).

    Sorted within groups, removing the value at rank ``i`` shifts the ranks above it down by
    one, so the middle of the remaining ``m`` values is found by index arithmetic, not a loop.
    """
    import numpy as np

    number, groups = _dense(group, _count(group))
    out = np.full(len(values), np.nan)
    for _, rows, valid in _layout(number, groups).blocks:
        column_values = np.where(valid, values[rows], np.nan)
        order = np.argsort(column_values, axis=0, kind="stable")
        ordered = np.take_along_axis(column_values, order, axis=0)
        rank = np.arange(len(rows))[:, None]
        m = valid.sum(axis=0) - 1  # how many others

        def others_at(j: Any, ordered: Any = ordered, m: Any = m, rank: Any = rank) -> Any:
            """The j-th smallest of the others (j is 0-based, below m)."""
            j = np.clip(j, 0, np.maximum(m - 1, 0))
            position = np.minimum(j + (j >= rank), len(ordered) - 1)
            return np.take_along_axis(ordered, position, axis=0)

        low = others_at((m - 1) // 2)
        high = others_at(m // 2)
        median = np.where(m > 0, (low + high) / 2, np.nan)
        bill = np.take_along_axis(rows, order, axis=0)
        real = rank < m + 1
        out[bill[real]] = median[real]
    return out
