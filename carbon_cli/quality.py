"""Quality: data-quality checks, anomaly detection and coverage of a site's bills.

Pure functions: the canonical bill table (see :mod:`carbon_cli.bills`), the reporting period
and the site's ``quality:`` settings in; a findings table out (columns
:data:`FINDING_COLUMNS`, one row per finding). Nothing here reads files, prints or raises
because of bad data: a problem in the bills is a row, and the caller decides what fails a run
(``carbon validate --fail-on``, ``carbon calc --strict``).

Every check works on whole columns (sort, ``groupby`` + ``shift``/``cummax``, merges); no
Python loop runs per bill row. Severities:

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
from typing import TYPE_CHECKING, Any

from . import calendar as billcal
from .config import Period, Quality

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CHECKS", "COVERAGE_COLUMNS", "FILLED_SOURCE", "FINDING_COLUMNS", "SEVERITIES", "assess", "at_or_above",
           "check", "counts", "coverage", "empty", "fill_gaps", "summary_line"]

#: Columns of a finding (the same as :data:`carbon_cli.inventory.FINDING_COLUMNS`).
FINDING_COLUMNS = ["site", "meter", "activity", "period_start", "period_end", "check", "severity", "detail",
                   "source_file", "source_row"]
COVERAGE_COLUMNS = ["site", "activity", "period_start", "period_end", "days", "covered_days", "share"]
SEVERITIES = ("info", "warning", "error")

#: Every check, its severity and what it means (the README lists the same; a test keeps them in step).
CHECKS: dict[str, tuple[str, str]] = {
    "duplicate": ("error", "the same meter, dates and quantity as an earlier bill: counted twice"),
    "near_duplicate": ("warning", "the same quantity as another bill of the site and activity, with dates "
                                  "a few days apart or on another meter: probably pasted twice"),
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
    "implausible": ("warning", "use per day quality.implausible_factor times the meter's norm or more (or that "
                               "fraction or less): a slipped decimal point or a wrong unit"),
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


def check(bills: pd.DataFrame, period: Period, settings: Quality | None = None, *, region: str | None = None,
          activities: Iterable[tuple[str, str]] = (), today: dt.date | None = None) -> pd.DataFrame:
    """Run every check on a site's bills.

    :param bills: the canonical bill table (``credit`` and ``effective_end`` are optional).
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


def coverage(bills: pd.DataFrame, period: Period, settings: Quality | None = None, *,
             activities: Iterable[tuple[str, str]] = (), today: dt.date | None = None) -> pd.DataFrame:
    """The share of the reporting period covered by bills, per site and activity.

    A day is covered when any bill of the site and activity includes it; credits, copies of a
    bill and bills with impossible dates do not count (as in :func:`check`).

    :param activities: (site, activity) pairs to report even when they have no bill rows.
    :returns: one row per site and activity (:data:`COVERAGE_COLUMNS`); ``share`` is 0..1.
    """
    work, *_, regular = _screen(bills, settings or Quality(), today or dt.date.today())
    return _coverage(work[regular], period, activities)[0]


def assess(bills: pd.DataFrame, period: Period, settings: Quality | None = None, *, region: str | None = None,
           activities: Iterable[tuple[str, str]] = (), today: dt.date | None = None,
           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`check` and :func:`coverage` in one pass: ``(findings, coverage)``."""
    settings = settings or Quality()
    work, dates, unusable, pairs, regular = _screen(bills, settings, today or dt.date.today())
    exact, near = _duplicates(work, pairs, settings)
    timeline, gaps = _timeline(work[regular], period)
    implausible, anomalies = _against_history(work[regular], period, settings)
    covered, blocks = _coverage(work[regular], period, activities)
    parts = [
        dates, exact, near, timeline, gaps, _value_checks(work), implausible, anomalies,
        _end_gaps(work[regular], period, settings),
        _coverage_findings(covered, blocks, period),
        _unit_checks(work, region),
        _outside(work[~unusable], period),
    ]
    return _finish(_concat(parts)), covered


def fill_gaps(bills: pd.DataFrame, period: Period, settings: Quality | None = None, *,
              today: dt.date | None = None) -> pd.DataFrame:
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
    regular = work[mask]
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    touching = regular[(regular["period_end"] >= start) & (regular["period_start"] <= end)]
    if not len(touching):
        return billio.empty()

    # The meter's unit (its most common one) and its average per day over bills in that unit.
    unit = touching.groupby(_KEYS)["unit"].agg(lambda units: units.mode().iloc[0])
    same_unit = touching[touching["unit"].to_numpy() == unit.reindex(
        pd.MultiIndex.from_frame(touching[_KEYS])).to_numpy()]
    totals = same_unit.groupby(_KEYS)[["quantity", "days"]].sum()
    rate = (totals["quantity"] / totals["days"]).rename("rate")

    # Candidate ranges per meter: its own gaps, and the days before its first / after its last bill.
    _, gaps = _timeline(regular, period)
    own = gaps[["site", "activity", "meter", "period_start", "period_end"]].rename(
        columns={"period_start": "start", "period_end": "end"})
    span = regular.groupby(_KEYS).agg(first=("period_start", "min"), last=("period_end", "max")).reset_index()
    span = span[span.set_index(_KEYS).index.isin(rate.index)]
    lead = span.assign(start=start, end=span["first"] - pd.Timedelta(days=1))
    trail = span.assign(start=span["last"] + pd.Timedelta(days=1), end=end)
    ends = pd.concat([lead, trail], ignore_index=True)[["site", "activity", "meter", "start", "end"]]
    # ... where no meter of the site and activity reads either.
    uncovered = _uncovered(_blocks(regular, period), period, regular[["site", "activity"]].drop_duplicates())
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
    filled = pd.DataFrame({
        "site": ranges["site"], "meter": ranges["meter"], "activity": ranges["activity"],
        "period_start": ranges["start"].astype("datetime64[s]"), "period_end": ranges["end"].astype("datetime64[s]"),
        "quantity": quantity, "unit": ranges["unit"], "cost": np.nan, "estimated": True,
        "source_file": FILLED_SOURCE, "source_row": np.int64(0), "bill_quantity": quantity,
        "bill_unit": ranges["unit"], "credit": False,
    })
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


# -- preparation -----------------------------------------------------------------------------------


def _prepare(bills: pd.DataFrame) -> pd.DataFrame:
    """The bills with ``credit``, ``effective_end``, ``days`` (effective) and ``rate`` per day."""
    import numpy as np

    work = bills.reset_index(drop=True)
    if "credit" not in work:
        work = work.assign(credit=False)
    work = work.assign(credit=work["credit"].fillna(False).astype(bool))
    if "effective_end" not in work:
        work = billcal.apply_shared_day_rule(work)
    days = (work["effective_end"] - work["period_start"]).dt.days.to_numpy("int64") + 1
    return work.assign(days=days, rate=work["quantity"].to_numpy("float64") / np.maximum(days, 1))


def _screen(bills: pd.DataFrame, settings: Quality, today: dt.date,
            ) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.DataFrame, pd.Series]:
    """Prepare the bills and sort out which ones the timeline checks may judge.

    A bill with an evident year typo is judged with the corrected date; bills whose dates
    cannot be real otherwise, credits and copies of another bill are set aside.

    :returns: ``(work, date findings, unusable dates, duplicate pairs, regular)``.
    """
    work = _prepare(bills)
    dates, unusable, fixed = _date_checks(work, settings, today)
    if fixed is not None:
        work = _prepare(work.drop(columns=["effective_end", "days", "rate"]).assign(
            period_start=fixed["period_start"], period_end=fixed["period_end"]))
    pairs, copy = _exact_and_near_copies(work, settings)
    return work, dates, unusable, pairs, ~work["credit"] & ~copy & ~unusable


def _rows(rows: pd.DataFrame, check: str, detail: Any, *, severity: Any = None, start: Any = None,
          end: Any = None) -> pd.DataFrame:
    """Findings for ``rows`` (bills), by default over each bill's own dates and source row."""
    import pandas as pd

    frame = pd.DataFrame({
        "bill": rows.index.to_numpy(),
        "site": rows["site"].to_numpy(), "meter": rows["meter"].to_numpy(),
        "activity": rows["activity"].to_numpy(),
        "period_start": rows["period_start"].to_numpy() if start is None else _array(start),
        "period_end": rows["period_end"].to_numpy() if end is None else _array(end),
        "check": check, "severity": CHECKS[check][0] if severity is None else _array(severity),
        "detail": _array(detail), "source_file": rows["source_file"].to_numpy(),
        "source_row": rows["source_row"].to_numpy(),
    })
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

    return pd.DataFrame({
        "site": pd.Series(dtype="object"), "meter": pd.Series(dtype="object"),
        "activity": pd.Series(dtype="object"), "period_start": pd.Series(dtype="datetime64[s]"),
        "period_end": pd.Series(dtype="datetime64[s]"), "check": pd.Series(dtype="object"),
        "severity": pd.Series(dtype="object"), "detail": pd.Series(dtype="object"),
        "source_file": pd.Series(dtype="object"), "source_row": pd.Series(dtype="Int64"),
    })


def _day(values: pd.Series) -> pd.Series:
    """Dates as ``YYYY-MM-DD`` text (numpy formats the whole column at once)."""
    import numpy as np
    import pandas as pd

    return pd.Series(np.datetime_as_string(values.to_numpy("datetime64[D]"), unit="D"), index=values.index,
                     dtype=object)


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


def _date_checks(work: pd.DataFrame, settings: Quality, today: dt.date,
                 ) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame | None]:
    """mistyped_year, future_date and long_period: at most one of them per bill.

    :returns: the findings; a mask of bills whose dates cannot be real and have no evident fix
        (set aside from the timeline checks); and, when some year has an evident fix, the
        corrected ``period_start``/``period_end`` of every bill (None otherwise).
    """
    import pandas as pd

    start, end = work["period_start"], work["period_end"]
    length = (end - start).dt.days + 1
    long = length > settings.max_bill_days
    # A long bill that becomes an ordinary one when one date takes the other's year (2071 for 2017).
    suggestion = pd.Series("", index=work.index)
    fixed = work[["period_start", "period_end"]].copy()
    s, e = start[long], end[long]
    for label, fixed_start, fixed_end in reversed([  # reversed: the first fix that works wins
        ("end", s, _with_year(e, s.dt.year)),
        ("end", s, _with_year(e, s.dt.year + 1)),  # a December-to-January bill
        ("start", _with_year(s, e.dt.year), e),
        ("start", _with_year(s, e.dt.year - 1), e),
    ] if long.any() else []):
        ok = ((fixed_end - fixed_start).dt.days + 1).between(1, settings.max_bill_days)
        if ok.any():
            before, after = (e, fixed_end) if label == "end" else (s, fixed_start)
            suggestion[ok[ok].index] = f"{label} " + _day(before[ok]) + " is probably " + _day(after[ok])
            fixed.loc[ok[ok].index, "period_start"] = fixed_start[ok]
            fixed.loc[ok[ok].index, "period_end"] = fixed_end[ok]
    typo_length = suggestion != ""

    far_future = (end.dt.year > today.year + 1) | (start.dt.year > today.year + 1)
    future = (end > pd.Timestamp(today)) & ~far_future & ~typo_length
    mistyped = (typo_length | far_future)
    long_only = long & ~mistyped & ~future

    parts = []
    rows = work[mistyped]
    if len(rows):
        years = rows["period_end"].dt.year.where(rows["period_end"].dt.year > today.year + 1,
                                                 rows["period_start"].dt.year)
        swapped = years // 100 * 100 + years % 10 * 10 + years // 10 % 10
        guess = (" (" + swapped.astype(str) + "?)").where((swapped <= today.year) & (swapped >= 1950), "")
        far = (_day(rows["period_start"]) + " to " + _day(rows["period_end"]) + " lies years in the future"
               + guess + "; a mistyped year")
        typo = (_day(rows["period_start"]) + " to " + _day(rows["period_end"]) + " is "
                + length[rows.index].map("{:,}".format) + " days long; " + suggestion[rows.index])
        aside = pd.Series("; the bill is left out of the timeline checks until the date is fixed", index=rows.index)
        aside = aside.where(~typo_length[rows.index], "; the other checks read it so")
        parts.append(_rows(rows, "mistyped_year", typo.where(typo_length[rows.index], far) + aside))
    rows = work[future]
    if len(rows):
        parts.append(_rows(rows, "future_date", "ends " + _day(rows["period_end"]) + f", after today ({today}); "
                           "a bill can only cover days that have passed"))
    rows = work[long_only]
    if len(rows):
        parts.append(_rows(rows, "long_period", length[rows.index].astype(str)
                           + f" days, more than quality.max_bill_days ({settings.max_bill_days})"))
    unusable = (far_future | future) & ~typo_length
    return _concat(parts), unusable, fixed if typo_length.any() else None


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


def _exact_and_near_copies(work: pd.DataFrame, settings: Quality) -> tuple[pd.DataFrame, pd.Series]:
    """Pairs (copy, original) of exact and near duplicates, and a mask of the copies.

    Exact: same site, activity, meter, dates and billed quantity and unit. Near: same site,
    activity and billed quantity (not zero), start and end each within ``duplicate_days`` and
    overlapping for more than half of the longer bill, but on another meter or other dates.
    The later row (in file order) is the copy; copies are set aside from the timeline checks
    (the original already covers their days).
    """
    import numpy as np
    import pandas as pd

    candidates = work[~work["credit"]]
    key = ["site", "activity", "meter", "period_start", "period_end", "bill_quantity", "bill_unit"]
    exact = candidates.duplicated(key, keep="first")
    pairs = [pd.DataFrame({"copy": np.array([], dtype="int64"), "original": np.array([], dtype="int64"),
                           "kind": np.array([], dtype=object)})]
    if exact.any():
        first = candidates.assign(_bill=candidates.index).groupby(key, sort=False, dropna=False)["_bill"] \
            .transform("first")
        pairs.append(pd.DataFrame({"copy": candidates.index[exact], "original": first[exact].to_numpy(),
                                   "kind": "exact"}))

    # Near: sorted by quantity then start, a bill's partners are among the few rows before it.
    same = ["site", "activity", "bill_quantity", "bill_unit"]
    rest = candidates[~exact & (candidates["bill_quantity"] != 0)]
    rest = rest[rest.duplicated(same, keep=False)]  # only bills that share their quantity with another
    ordered = rest.sort_values([*same, "period_start", "period_end"], kind="stable")
    group = ordered.groupby(same, sort=False, dropna=False)
    limit = pd.Timedelta(days=settings.duplicate_days)
    length = ordered["period_end"] - ordered["period_start"] + pd.Timedelta(days=1)
    for step in (1, 2, 3) if len(ordered) else ():
        other = pd.DataFrame({column: group[column].shift(step) for column in ("period_start", "period_end", "meter")})
        other["bill"] = pd.Series(ordered.index, index=ordered.index).groupby(
            [ordered[c] for c in same], sort=False, dropna=False).shift(step)
        shared = (np.minimum(other["period_end"], ordered["period_end"])
                  - np.maximum(other["period_start"], ordered["period_start"]) + pd.Timedelta(days=1))
        longest = np.maximum(length, other["period_end"] - other["period_start"] + pd.Timedelta(days=1))
        near = (other["bill"].notna()
                & ((ordered["period_start"] - other["period_start"]).abs() <= limit)
                & ((ordered["period_end"] - other["period_end"]).abs() <= limit)
                & (shared * 2 > longest))
        if near.any():
            bill = ordered.index[near].to_numpy()
            partner = other.loc[near, "bill"].astype("int64").to_numpy()
            copy, original = np.maximum(bill, partner), np.minimum(bill, partner)  # the later row is the copy
            pairs.append(pd.DataFrame({"copy": copy, "original": original, "kind": "near"}))
    found = pd.concat(pairs, ignore_index=True).sort_values(["copy", "original"]).drop_duplicates("copy")
    copy_mask = pd.Series(work.index.isin(found["copy"]), index=work.index)
    return found.reset_index(drop=True), copy_mask


def _duplicates(work: pd.DataFrame, pairs: pd.DataFrame, settings: Quality) -> tuple[pd.DataFrame, pd.DataFrame]:
    """duplicate and near_duplicate findings, on the copy, naming the original."""
    import numpy as np

    found = []
    for check in ("duplicate", "near_duplicate"):
        chosen = pairs[pairs["kind"] == ("exact" if check == "duplicate" else "near")]
        if not len(chosen):
            found.append(_concat([]))
            continue
        rows = work.loc[chosen["copy"].to_numpy()]
        first = work.loc[chosen["original"].to_numpy()]
        original = (_where(first).to_numpy() + " (" + _day(first["period_start"]).to_numpy() + " to "
                    + _day(first["period_end"]).to_numpy() + ", " + _num(first["bill_quantity"]).to_numpy() + " "
                    + first["bill_unit"].astype(str).to_numpy() + ")")
        if check == "duplicate":
            detail = "same meter, dates and quantity as " + original + "; the bill is counted twice"
        else:
            other_meter = first["meter"].to_numpy() != rows["meter"].to_numpy()
            where = np.where(other_meter, " on meter '" + first["meter"].astype(str).to_numpy() + "'",
                             f" with dates at most {settings.duplicate_days} days apart")
            detail = "same quantity as " + original + where + "; pasted twice? Both are counted"
        found.append(_rows(rows, check, detail))
    return found[0], found[1]


def _value_checks(work: pd.DataFrame) -> pd.DataFrame:
    """negative, positive_credit, zero and estimated: what a bill says on its own."""
    quantity = work["quantity"]
    parts = []
    for check, mask, text in [
        ("negative", (quantity < 0) & ~work["credit"],
         "; a credit or correction must be marked as one (a credit column, or columns.credit in the YAML)"),
        ("positive_credit", (quantity > 0) & work["credit"], " on a bill marked as a credit; a credit is negative"),
        ("zero", (quantity == 0) & ~work["credit"], "; the meter read nothing: vacant, off, or a missed reading?"),
        ("estimated", work["estimated"].astype(bool), " estimated, not read; replace it when the actual bill comes"),
    ]:
        rows = work[mask]
        if len(rows):
            billed = _num(rows["bill_quantity"]).to_numpy() + " " + rows["bill_unit"].astype(str).to_numpy()
            parts.append(_rows(rows, check, billed + text))
    return _concat(parts)


def _unit_checks(work: pd.DataFrame, region: str | None) -> pd.DataFrame:
    """Units that do not fit: unusual for the activity (there), or unlike the meter's other bills."""
    import numpy as np
    import pandas as pd

    from . import units

    if not len(work):
        return _concat([])
    dimension = work["unit"].map({u: units.dimension(str(u)) for u in work["unit"].unique()})
    country = (region or "").split("-")[0].upper()
    reasons = {pair: why for pair, (where, why) in UNUSUAL_DIMENSIONS.items() if where is None or country in where}
    kinds = work[_KEYS].assign(dimension=dimension)
    distinct = kinds.drop_duplicates()
    one_each = len(distinct) == len(distinct.drop_duplicates(_KEYS))
    if one_each and not any(pair in reasons for pair in zip(distinct["activity"], distinct["dimension"], strict=True)):
        return _concat([])
    table = pd.DataFrame([(a, d, why) for (a, d), why in reasons.items()], columns=["activity", "dimension", "why"])
    reason = pd.Series(kinds.merge(table, on=["activity", "dimension"], how="left")["why"].fillna("").to_numpy(),
                       index=work.index)
    sizes = kinds.groupby([*_KEYS, "dimension"], sort=False).size()
    usual = sizes.reset_index(name="n").sort_values("n", ascending=False, kind="stable") \
        .drop_duplicates(_KEYS).set_index(_KEYS)["dimension"]
    meter_dim = pd.Series(usual.reindex(pd.MultiIndex.from_frame(work[_KEYS])).to_numpy(), index=work.index)
    billed = "'" + work["bill_unit"].astype(str) + "' (" + dimension + ")"
    unusual = reason != ""
    detail = np.where(unusual, billed + " is unusual for " + work["activity"] + ": " + reason
                      + "; a wrong column or a unit typo?",
                      billed + " on a meter whose other bills are in " + meter_dim.astype(str)
                      + ": one meter measures one thing; a unit typo?")
    mask = (unusual | (dimension != meter_dim)).to_numpy()
    return _rows(work[mask], "unit_mismatch", detail[mask]) if mask.any() else _concat([])


# -- timeline checks -----------------------------------------------------------------------------


def _timeline(regular: pd.DataFrame, period: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """overlap and gap between consecutive bills of a meter (sorted by dates)."""
    import numpy as np
    import pandas as pd

    ordered = regular.sort_values([*_KEYS, "period_start", "period_end"], kind="stable")
    group = ordered.groupby(_KEYS, sort=False)
    run_end = group["period_end"].cummax()
    # Which bill holds the running latest end: the one an overlap or gap is measured against.
    holder = pd.Series(np.where(ordered["period_end"] == run_end, ordered.index, np.nan), index=ordered.index)
    keys = [ordered[k] for k in _KEYS]
    holder = holder.groupby(keys, sort=False).ffill()
    previous_end = run_end.groupby(keys, sort=False).shift(1)
    previous = holder.groupby(keys, sort=False).shift(1)
    start = ordered["period_start"]
    one_day = pd.Timedelta(days=1)

    overlap = previous_end > start  # ending on the day the next begins is the shared day
    rows = ordered[overlap]
    parts = []
    if len(rows):
        earlier = regular.loc[previous[overlap].astype("int64").to_numpy()]
        last = np.minimum(previous_end[overlap].to_numpy(), rows["period_end"].to_numpy())
        days = (last - rows["period_start"].to_numpy()).astype("timedelta64[D]").astype("int64") + 1
        detail = ("overlaps " + _where(earlier).to_numpy() + " (" + _day(earlier["period_start"]).to_numpy() + " to "
                  + _day(earlier["period_end"]).to_numpy() + ") by " + days.astype(str)
                  + " days; the days in both are counted twice")
        parts.append(_rows(rows, "overlap", detail, end=last))
    gap = (start - previous_end).dt.days - 1 > 0
    rows = ordered[gap]
    gaps = _concat([])
    if len(rows):
        first = previous_end[gap] + one_day
        last = rows["period_start"] - one_day
        inside = (last >= pd.Timestamp(period.start)) & (first <= pd.Timestamp(period.end))
        earlier = regular.loc[previous[gap].astype("int64").to_numpy()]
        days = (last - first).dt.days + 1
        detail = ("no bill from " + _day(first) + " to " + _day(last) + " (" + days.astype(str).to_numpy()
                  + " days) between " + _where(earlier).to_numpy() + " and " + _where(rows).to_numpy())
        detail = detail.where(inside, detail + "; outside the reporting period")
        gaps = _rows(rows, "gap", detail, start=first, end=last, severity=np.where(inside, "warning", "info"))
    return _concat(parts), gaps


def _end_gaps(regular: pd.DataFrame, period: Period, settings: Quality) -> pd.DataFrame:
    import pandas as pd

    if not len(regular):
        return _concat([])
    last = regular.sort_values("period_end", kind="stable").groupby(_KEYS, sort=False).tail(1)
    end = pd.Timestamp(period.end)
    behind = (end - last["period_end"]).dt.days
    rows = last[behind > settings.end_gap_days]
    if not len(rows):
        return _concat([])
    detail = ("the last bill ends " + _day(rows["period_end"]) + ", " + behind[rows.index].astype(str)
              + f" days before the period ends ({period.end}; quality.end_gap_days: {settings.end_gap_days}); "
              "bills missing, or the meter was replaced?")
    return _rows(rows, "end_gap", detail, start=rows["period_end"] + pd.Timedelta(days=1), end=end)


def _blocks(bills: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Runs of covered days per site and activity inside the period: ``site, activity, start, end``."""
    import pandas as pd

    lo, hi = pd.Timestamp(period.start), pd.Timestamp(period.end)
    inside = bills[(bills["period_end"] >= lo) & (bills["period_start"] <= hi)]
    spans = pd.DataFrame({"site": inside["site"], "activity": inside["activity"],
                          "start": inside["period_start"].where(inside["period_start"] >= lo, lo),
                          "end": inside["period_end"].where(inside["period_end"] <= hi, hi)})
    spans = spans.sort_values(["site", "activity", "start"], kind="stable")
    group = spans.groupby(["site", "activity"], sort=False)
    reach = group["end"].cummax()
    before = reach.groupby([spans["site"], spans["activity"]], sort=False).shift(1)
    new_block = before.isna() | (spans["start"] > before + pd.Timedelta(days=1))
    spans["block"] = new_block.cumsum()
    return (spans.groupby(["site", "activity", "block"], sort=False)
            .agg(start=("start", "min"), end=("end", "max")).reset_index().drop(columns="block"))


def _uncovered(blocks: pd.DataFrame, period: Period, pairs: pd.DataFrame) -> pd.DataFrame:
    """Ranges of the period that no block covers, per site and activity: ``site, activity, start_free, end_free``.

    :param pairs: the (site, activity) pairs to report, those without any block included.
    """
    import pandas as pd

    lo, hi = pd.Timestamp(period.start), pd.Timestamp(period.end)
    day = pd.Timedelta(days=1)
    blocks = blocks.sort_values(["site", "activity", "start"], kind="stable")
    group = blocks.groupby(["site", "activity"], sort=False)
    between = pd.DataFrame({"site": blocks["site"], "activity": blocks["activity"],
                            "start_free": group["end"].shift(1) + day, "end_free": blocks["start"] - day})
    between = between[between["start_free"].notna()]
    first = group.agg(first=("start", "min"), last=("end", "max")).reindex(
        pd.MultiIndex.from_frame(pairs[["site", "activity"]].drop_duplicates())).reset_index()
    lead = pd.DataFrame({"site": first["site"], "activity": first["activity"], "start_free": lo,
                         "end_free": first["first"].fillna(hi + day) - day})
    trail = pd.DataFrame({"site": first["site"], "activity": first["activity"],
                          "start_free": first["last"] + day, "end_free": hi})
    trail = trail[first["last"].notna()]
    free = pd.concat([lead, between, trail], ignore_index=True)
    return free[free["end_free"] >= free["start_free"]].reset_index(drop=True)


def _coverage(regular: pd.DataFrame, period: Period, activities: Iterable[tuple[str, str]],
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The coverage table (:data:`COVERAGE_COLUMNS`) and the covered blocks it counts."""
    import pandas as pd

    blocks = _blocks(regular, period)
    covered = (blocks["end"] - blocks["start"]).dt.days.add(1).groupby([blocks["site"], blocks["activity"]]).sum()
    pairs = sorted(set(covered.index) | set(activities))
    frame = pd.DataFrame(pairs, columns=["site", "activity"])
    frame["period_start"] = pd.Timestamp(period.start)
    frame["period_end"] = pd.Timestamp(period.end)
    frame["days"] = period.days
    frame["covered_days"] = pd.Series([int(covered.get(pair, 0)) for pair in pairs], dtype="int64")  # per pair
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
    detail = ("no " + free["activity"].astype(str) + " bill covers " + _day(free["start_free"]) + " to "
              + _day(free["end_free"]) + " (" + days.astype(str) + " days); bills cover "
              + covered_days.map("{:,}".format) + f" of {period.days:,} days ("
              + share.map("{:.1f}".format) + " %) of the reporting period")
    return pd.DataFrame({
        "site": free["site"], "meter": None, "activity": free["activity"], "period_start": free["start_free"],
        "period_end": free["end_free"], "check": "coverage", "severity": CHECKS["coverage"][0], "detail": detail,
        "source_file": None, "source_row": pd.array([pd.NA] * len(free), dtype="Int64"),
    })


def _outside(work: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Bills wholly before or after the period, one finding per meter and side."""
    import numpy as np
    import pandas as pd

    lo, hi = pd.Timestamp(period.start), pd.Timestamp(period.end)
    side = np.where(work["period_end"] < lo, "before", np.where(work["period_start"] > hi, "after", ""))
    rows = work[side != ""].assign(side=side[side != ""])
    if not len(rows):
        return _concat([])
    group = rows.sort_values("period_start", kind="stable").groupby([*_KEYS, "side"], sort=False)
    first = group.head(1).set_index([*_KEYS, "side"])
    spans = group.agg(start=("period_start", "min"), end=("period_end", "max"), n=("period_start", "size"))
    spans = spans.join(first[["source_file", "source_row"]]).reset_index()
    one = (spans["n"] == 1).to_numpy()
    before = (spans["side"] == "before").to_numpy()
    when = np.where(before, np.where(one, "ends", "end") + f" before the reporting period starts ({period.start})",
                    np.where(one, "starts", "start") + f" after the reporting period ends ({period.end})")
    bills = np.where(one, "1 bill", spans["n"].astype(str) + " bills")
    detail = (bills + " from " + _day(spans["start"]).to_numpy() + " to " + _day(spans["end"]).to_numpy() + " "
              + when + "; not counted, but still history for the anomaly check")
    return _rows(spans.rename(columns={"start": "period_start", "end": "period_end"}), "outside_period", detail)


# -- anomalies -----------------------------------------------------------------------------------


def _against_history(regular: pd.DataFrame, period: Period, settings: Quality) -> tuple[pd.DataFrame, pd.DataFrame]:
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
    """
    import numpy as np
    import pandas as pd

    usable = regular[regular["quantity"] > 0]
    size = usable.groupby(_SERIES, sort=False)["rate"].transform("size")
    ordered = usable[size >= IMPLAUSIBLE_MIN_BILLS].sort_values([*_SERIES, "period_start"], kind="stable")
    if not len(ordered):
        return _concat([]), _concat([])
    keys = [ordered[k] for k in _SERIES]
    log_rate = pd.Series(np.log(ordered["rate"].to_numpy()), index=ordered.index)
    middle = ordered["period_start"] + (ordered["effective_end"] - ordered["period_start"]) / 2
    count = log_rate.groupby(keys, sort=False).transform("size").to_numpy()
    history = count >= ANOMALY_MIN_BILLS
    month = ordered.groupby([*_SERIES, middle.dt.month], sort=False).ngroup().to_numpy()
    by_month = history & (np.bincount(month)[month] >= SEASONAL_MIN_BILLS)
    curve, terms = _seasonal_fit(ordered.groupby(_SERIES, sort=False).ngroup().to_numpy(), middle, log_rate.to_numpy())
    plain = log_rate.groupby(keys, sort=False).transform("median").to_numpy()
    norm = pd.Series(np.where(by_month, _median_of_others(month, log_rate.to_numpy()),
                              np.where(history, curve, plain)), index=ordered.index)
    residual = log_rate - norm
    centre = residual.groupby(keys, sort=False).transform("median").where(history, 0.0)
    widen = np.where(by_month, 1.0, np.sqrt(count / np.maximum(count - terms, 1)))
    spread = (residual - centre).abs().groupby(keys, sort=False).transform("median") * 1.4826 * widen
    spread = spread.clip(lower=ANOMALY_MIN_SPREAD)
    z = (residual - centre) / spread
    expected = np.exp(norm + centre)
    lo, hi = pd.Timestamp(period.start), pd.Timestamp(period.end)
    touches = (ordered["period_end"] >= lo) & (ordered["period_start"] <= hi)
    wild = touches & ((residual - centre).abs() >= np.log(settings.implausible_factor))
    odd = touches & history & ~wild & (z.abs() > settings.anomaly_z)

    how = pd.Series(np.where(history, "the meter's seasonal curve", "the median of the meter's bills"),
                    index=ordered.index, dtype=object)
    if by_month.any():
        names = np.array(["January", "February", "March", "April", "May", "June", "July", "August", "September",
                          "October", "November", "December"], dtype=object)
        month_name = "median of the meter's " + names[middle.dt.month.to_numpy() - 1] + " bills in other years"
        how = how.where(~by_month, month_name)
    unit = " " + ordered["unit"].astype(str)
    found = []
    for check, mask in (("implausible", wild), ("anomaly", odd)):
        rows = ordered[mask]
        if not len(rows):
            found.append(_concat([]))
            continue
        per_day = _num(rows["rate"]).to_numpy() + unit[mask].to_numpy() + "/day (" + _num(rows["quantity"]).to_numpy() \
            + unit[mask].to_numpy() + " over " + rows["days"].astype(str).to_numpy() + " days) is "
        norm_text = ("norm " + _num(expected[mask]).to_numpy() + unit[mask].to_numpy() + "/day, "
                     + how[mask].to_numpy())
        if check == "implausible":
            ratio = rows["rate"] / expected[mask]
            times = np.where(ratio >= 1, _num(ratio).to_numpy() + "×", "1/" + _num(1 / ratio).to_numpy() + " of")
            detail = (per_day + times + " its norm (" + norm_text
                      + f"), beyond quality.implausible_factor ({settings.implausible_factor:g}): "
                      "a slipped decimal point or a wrong unit?")
        else:
            low = expected[mask] * np.exp(-settings.anomaly_z * spread[mask])
            high = expected[mask] * np.exp(settings.anomaly_z * spread[mask])
            days = rows["days"]
            detail = (per_day + np.where(z[mask] > 0, "above", "below") + " the expected "
                      + _num(low).to_numpy() + "–" + _num(high).to_numpy() + unit[mask].to_numpy() + "/day ("
                      + _num(low * days).to_numpy() + "–" + _num(high * days).to_numpy() + unit[mask].to_numpy()
                      + " for these days; " + norm_text
                      + "; robust z " + z[mask].map("{:+.1f}".format).to_numpy() + ")")
        found.append(_rows(rows, check, detail))
    return found[0], found[1]


def _seasonal_fit(meter: Any, middle: pd.Series, log_rate: Any, iterations: int = 10) -> Any:
    """A robust seasonal curve per meter: log use per day against the day of the year.

    log use per day = level + a·cos θ + b·sin θ (+ c·cos 2θ + d·sin 2θ when the meter has
    :data:`TWO_PEAK_MIN_BILLS` bills or more, for a winter and a summer peak), θ = 2π × day of
    year / 365.25, fitted by iteratively reweighted least squares with Tukey's bisquare weights
    (c = 4.685 robust spreads), so that a few wild bills do not bend the curve. All meters are
    fitted at once: the normal equations are sums per meter (``bincount``), solved as a stack.

    :param meter: a meter number (0..m-1) per bill.
    :returns: the fitted log use per day of each bill, and the number of terms of its meter's curve.
    """
    import numpy as np
    import pandas as pd

    count = np.bincount(meter)
    theta = 2 * np.pi * (middle.dt.day_of_year.to_numpy() - 1) / 365.25
    x = np.column_stack([np.ones_like(theta), np.cos(theta), np.sin(theta), np.cos(2 * theta), np.sin(2 * theta)])
    one_peak = count < TWO_PEAK_MIN_BILLS
    x[one_peak[meter], 3:] = 0.0
    size = x.shape[1]
    # Unused terms get a unit diagonal (their coefficient solves to 0); a tiny ridge keeps A regular.
    unused = np.zeros((len(count), size))
    unused[one_peak, 3:] = 1.0
    ridge = np.einsum("mi,ij->mij", unused, np.eye(size)) + 1e-9 * np.eye(size)
    weight = np.ones(len(log_rate))
    fitted = np.zeros(len(log_rate))
    for _ in range(iterations):
        a = ridge.copy()
        b = np.zeros((len(count), size))
        for i in range(size):
            b[:, i] = np.bincount(meter, weight * x[:, i] * log_rate, minlength=len(count))
            for j in range(i, size):
                a[:, i, j] += np.bincount(meter, weight * x[:, i] * x[:, j], minlength=len(count))
                a[:, j, i] = a[:, i, j]
        beta = np.linalg.solve(a, b[..., None])[..., 0]
        fitted = (x * beta[meter]).sum(axis=1)
        residual = log_rate - fitted
        mad = pd.Series(np.abs(residual)).groupby(meter).transform("median").to_numpy() * 1.4826
        u = residual / (4.685 * np.maximum(mad, 1e-6))
        weight = np.where(np.abs(u) < 1, (1 - u**2) ** 2, 0.0)
    return fitted, np.where(one_peak, 3, 5)[meter]


def _median_of_others(group: Any, values: Any) -> Any:
    """For each value, the median of the other values of its group (NaN when it is alone).

    Sorted within groups, removing the value at rank ``i`` shifts the ranks above it down by
    one, so the middle of the remaining ``m`` values is found by index arithmetic, not a loop.
    """
    import numpy as np

    order = np.lexsort((values, group))
    sorted_values = values[order]
    sizes = np.bincount(group)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    g = group[order]
    rank = np.arange(len(order)) - starts[g]
    m = sizes[g] - 1  # how many others

    def others_at(j: Any) -> Any:
        """The j-th smallest of the others (j is 0-based, below m)."""
        j = np.clip(j, 0, np.maximum(m - 1, 0))
        position = starts[g] + j + (j >= rank)
        return sorted_values[np.minimum(position, len(order) - 1)]

    low = others_at((m - 1) // 2)
    high = others_at(m // 2)
    median = np.where(m > 0, (low + high) / 2, np.nan)
    out = np.empty(len(order))
    out[order] = median
    return out
