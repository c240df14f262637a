"""Against-history checks: each bill's use per day against the meter's own norm.

implausible (a slipped decimal point or a wrong unit) and anomaly (far from the norm), and the
calendar of a bill's middle day by which its norm is chosen. The statistics themselves (group
medians, the robust seasonal curve) are in :mod:`.robust`; this module picks each bill's norm,
judges the bill against it and words the finding.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .. import arrays
from ..config import Period, Quality
from .catalog import (
    ANOMALY_MIN_BILLS,
    ANOMALY_MIN_SPREAD,
    IMPLAUSIBLE_MIN_BILLS,
    SEASONAL_MIN_BILLS,
    TWO_PEAK_MIN_BILLS,
)
from .findings import concat, finding_rows, number_text
from .prepared import DAY, Line, Prepared
from .robust import centre_and_deviation, lay_out, median_of_others, medians, seasonal_fit


def against_history(
    work: Prepared,
    line: Line,
    period: Period,
    settings: Quality,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """implausible and anomaly: each bill's use per day against the meter's own norm.

    The norm of a bill, for a meter (and unit) with :data:`ANOMALY_MIN_BILLS` usable bills or
    more, is the median of the meter's other bills in the same calendar month (of the bill's
    midpoint) when there are at least three of them (three other years); otherwise a robust
    seasonal curve fitted to all the meter's bills (:func:`seasonal_fit`). The residual is
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
    line = line.take(work.quantity[line.bills] > 0)
    series, count = arrays.dense(
        line.meter * len(work.units) + work.unit[line.bills], arrays.count(work.meter) * len(work.units)
    )  # meter and unit, numbered in text order
    size = np.bincount(series, minlength=count)
    kept = size >= IMPLAUSIBLE_MIN_BILLS
    if not kept.any():
        return concat([]), concat([])
    if not kept.all():
        keep = kept[series]
        line, series, size = line.take(keep), (np.cumsum(kept) - 1)[series[keep]], size[kept]
        count = len(size)
    # Each series by start, then row: the timeline order (by meter, start, end, row) often is that already.
    starts, ordered = work.starts[line.bills], line.bills
    tie = (series[1:] == series[:-1]) & (starts[1:] == starts[:-1])
    if (series[1:] < series[:-1]).any() or (tie & (ordered[1:] < ordered[:-1])).any():
        line = line.take(
            arrays.argsort((series, count), (starts, work.dates), (ordered, work.size), unique=True, nearly_sorted=True)
        )
    bills = line.bills
    series = np.repeat(np.arange(count), size)
    log_rate = np.log(work.rate[bills])
    month, day_of_year = month_and_day_of_year(middle_of(line.start, work.effective_end[bills]))
    history = (size >= ANOMALY_MIN_BILLS)[series]
    in_month = series * 12 + month
    by_month = history & (np.bincount(in_month)[in_month] >= SEASONAL_MIN_BILLS)
    lo, hi = np.datetime64(period.start, "s"), np.datetime64(period.end, "s")
    touches = (line.end >= lo) & (line.start <= hi)
    layout = lay_out(series, count)
    # The curve of a meter is needed where a bill of it uses it and the meter has a bill to report.
    fit = (np.bincount(series, (history & ~by_month).astype(float), minlength=count) > 0) & (
        np.bincount(series, touches.astype(float), minlength=count) > 0
    )
    curve = seasonal_fit(layout, fit, day_of_year, log_rate)
    plain = medians(layout, log_rate)[series] if not history.all() else curve
    others = np.full(len(bills), np.nan)
    if by_month.any():
        others[by_month] = median_of_others(in_month[by_month], log_rate[by_month])
    norm = np.where(by_month, others, np.where(history, curve, plain))
    residual = log_rate - norm
    centre, absolute = centre_and_deviation(layout, residual, size >= ANOMALY_MIN_BILLS)
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
            found.append(concat([]))
            continue
        rows = work.rows(bills[mask])
        unit = " " + rows["unit"].astype(str).to_numpy()
        how = np.where(history[mask], "the meter's seasonal curve", "the median of the meter's bills").astype(object)
        how = np.where(by_month[mask], "median of the meter's " + names[month[mask]] + " bills in other years", how)
        per_day = (
            number_text(rows["rate"]).to_numpy()
            + unit
            + "/day ("
            + number_text(rows["quantity"]).to_numpy()
            + unit
            + " over "
            + rows["days"].astype(str).to_numpy()
            + " days) is "
        )
        expected = np.exp(norm[mask] + centre[series[mask]])
        norm_text = "norm " + number_text(expected).to_numpy() + unit + "/day, " + how
        if check == "implausible":
            ratio = rows["rate"].to_numpy() / expected
            times = np.where(
                ratio >= 1, number_text(ratio).to_numpy() + "×", "1/" + number_text(1 / ratio).to_numpy() + " of"
            )
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
                + number_text(low).to_numpy()
                + "–"
                + number_text(high).to_numpy()
                + unit
                + "/day ("
                + number_text(low * days_billed).to_numpy()
                + "–"
                + number_text(high * days_billed).to_numpy()
                + unit
                + " for these days; "
                + norm_text
                + "; robust z "
                + pd.Series(z[mask]).map("{:+.1f}".format).to_numpy()
                + ")"
            )
        found.append(finding_rows(rows, check, detail))
    return found[0], found[1]


def middle_of(start: Any, end: Any) -> Any:
    """``start + (end - start) / 2`` of ``datetime64[s]`` values (on integers when that is exact)."""
    span = end.view("int64") - start.view("int64")
    if (span & 1).any():
        return start + (end - start) / 2
    return (start.view("int64") + (span >> 1)).view("datetime64[s]")


def month_and_day_of_year(moments: Any) -> tuple[Any, Any]:
    """The month (0 for January) and the day of the year (1..366) of ``datetime64[s]`` values,
    worked out once per distinct day."""

    def of(calendar: Any) -> tuple[Any, Any]:
        return (
            calendar.astype("datetime64[M]").astype("int64") % 12,
            (calendar - calendar.astype("datetime64[Y]")).astype("int64") + 1,
        )

    days = moments.view("int64") // DAY
    if not len(days):
        return of(moments.astype("datetime64[D]"))
    first, last = int(days.min()), int(days.max())
    if not arrays.fits_a_table(last - first, len(days)):
        return of(moments.astype("datetime64[D]"))
    month, day_of_year = of(np.arange(first, last + 1).astype("datetime64[D]"))
    days -= first
    return month[days], day_of_year[days]
