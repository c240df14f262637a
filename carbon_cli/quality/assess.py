"""The checks run together: :func:`check`, :func:`coverage` and both in one pass
(:func:`assess`), and the summaries of a findings table (:func:`counts`, :func:`at_or_above`,
:func:`summary_line`). Orchestration only: each check lives in the module of its family.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

from ..config import Period, Quality
from .bill_checks import duplicates, purchases, screen, unit_checks, value_checks
from .catalog import SEVERITIES
from .findings import concat, finish
from .history import against_history
from .purchases import implausible_purchases, purchase_only
from .timeline import coverage_findings, coverage_table, end_gaps, outside_period, overlaps_and_gaps


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
    :param region: the site's region, a code (``CN-CQ``) or an alias (``华中``), for the unit
        rules of its country.
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
    daily_files: Collection[str] = (),
) -> pd.DataFrame:
    """The share of the reporting period covered by bills, per site and activity.

    A day is covered when any bill of the site and activity includes it; credits, copies of a
    bill and bills with impossible dates do not count (as in :func:`check`).

    :param activities: (site, activity) pairs to report even when they have no bill rows.
    :returns: one row per site and activity (:data:`COVERAGE_COLUMNS`); ``share`` is 0..1.
    """
    work, *_, regular = screen(bills, settings or Quality(), today or dt.date.today(), daily_files)
    activities = purchase_only(work, purchases(work), activities)
    return coverage_table(work, work.line(regular), period, activities)[0]


def assess(
    bills: pd.DataFrame,
    period: Period,
    settings: Quality | None = None,
    *,
    region: str | None = None,
    activities: Iterable[tuple[str, str]] = (),
    today: dt.date | None = None,
    daily_files: Collection[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`check` and :func:`coverage` in one pass: ``(findings, coverage)``.

    :param daily_files: interval files, whose bills are meter-days: they are not judged against
        the meter's history of bills (a weekend day is not an anomaly) nor as near copies (equal
        daily totals are normal); their intervals are judged by
        :func:`.interval_checks.interval_findings` instead.
    """
    settings = settings or Quality()
    work, dates, unusable, pairs, regular = screen(bills, settings, today or dt.date.today(), daily_files)
    exact, near = duplicates(work, pairs, settings)
    line = work.line(regular)
    timeline, gaps = overlaps_and_gaps(work, line, period)
    judged = line
    if daily_files:
        days = work.frame["source_file"].astype(str).isin(list(daily_files)).to_numpy()
        judged = work.line(regular & ~days)
    implausible, anomalies = against_history(work, judged, period, settings)
    bought = purchases(work)
    copy = np.zeros(work.size, dtype=bool)
    copy[pairs["copy"].to_numpy(dtype="int64")] = True
    covered, blocks = coverage_table(work, line, period, purchase_only(work, bought, activities))
    parts = [
        dates,
        exact,
        near,
        timeline,
        gaps,
        value_checks(work),
        implausible,
        implausible_purchases(work, bought, copy, period, settings),
        anomalies,
        end_gaps(work, line, period, settings),
        coverage_findings(covered, blocks, period),
        unit_checks(work, region),
        outside_period(work, ~unusable, period),
    ]
    return finish(concat(parts)), covered


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
