"""Checks of interval data, from the per meter-day figures the interval reader kept
(:data:`carbon_cli.bills.interval.STAT_COLUMNS`): interval_gap, duplicate_interval, dst_day and
interval_spike (see :data:`.catalog.CHECKS`).

A day's expected length comes from the bill entry's ``timezone:`` (23 or 25 hours on the days
its clocks change); without one every day has 24 hours, and a day of 23 or 25 hours whose odd
hour lies where clocks change is noted as a daylight-saving day to confirm, not as a gap or as
repeated timestamps. Equal values are never duplicates: only a timestamp given twice is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..config import Period, Quality
from .catalog import DST_HOURS, INTERVAL_SPIKE_MIN_DAYS, SPIKE_FLOOR_SHARE
from .findings import concat, finding_rows, finish, number_text


def interval_findings(
    stats: pd.DataFrame, period: Period, settings: Quality | None = None, *, others: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Findings of interval data inside ``period``, one per meter-day and check at most.

    :param stats: per meter-day figures of one or more interval files.
    :param others: findings of the other checks, merged in (sorted together).
    :returns: a finished findings table (:data:`.catalog.FINDING_COLUMNS`).
    """
    settings = settings or Quality()
    before = [others] if others is not None else []
    day = stats["day"].to_numpy("datetime64[s]")
    inside = (day >= np.datetime64(period.start, "s")) & (day <= np.datetime64(period.end, "s"))
    stats = stats[inside].reset_index(drop=True)
    if not len(stats):
        return finish(concat(before))
    rows = stats.assign(period_start=stats["day"], period_end=stats["day"])
    per_hour = (3600 // stats["step"]).to_numpy()
    hours = _hours(stats)
    zoned = (stats["timezone"] != "").to_numpy()
    wide = (stats["kind"] == "wide").to_numpy()
    distinct, repeated = stats["distinct"].to_numpy(), stats["repeated"].to_numpy()
    clock_slots = np.where(wide, 24 * per_hour, stats["slots"].to_numpy())
    # Long form: wall-clock slots (the skipped hour never appears, the repeated hour twice);
    # wide form: one column per interval, 46 or 50 of them on the days clocks change.
    expected = np.where(wide, hours * per_hour, np.minimum(hours, 24) * per_hour)
    allowed_repeats = np.where(wide, 0, np.maximum(hours - 24, 0) * per_hour)
    early = (stats["missing_first"].to_numpy() >= DST_HOURS[0] * per_hour) & (
        stats["missing_first"].to_numpy() < DST_HOURS[1] * per_hour
    )
    repeat_first, repeat_last = stats["repeat_first"].to_numpy(), stats["repeat_last"].to_numpy()
    one_early_hour = (
        (repeat_first >= 0) & (repeat_last - repeat_first < per_hour) & (repeat_first < DST_HOURS[1] * per_hour)
    )
    short_day = ~zoned & (distinct == 23 * per_hour) & (repeated == 0) & np.where(wide, True, early)
    long_day = ~zoned & (
        np.where(wide, distinct == 25 * per_hour, (distinct == clock_slots) & (repeated == per_hour) & one_early_hour)
    )
    noted = short_day | long_day
    parts = before

    gap = (distinct < expected) & ~noted
    if gap.any():
        at = rows[gap]
        missing = (expected - distinct)[gap]
        first = _clock(at["missing_first"].to_numpy(), at["step"].to_numpy(), wide[gap])
        detail = (
            pd.Series(missing).astype(str).to_numpy()
            + " of "
            + pd.Series(expected[gap]).astype(str).to_numpy()
            + " "
            + _length(at["step"])
            + " intervals missing (the first at "
            + first
            + "): the day's use is short"
        )
        parts.append(finding_rows(at, "interval_gap", detail))

    twice = (repeated > allowed_repeats) & ~noted
    if twice.any():
        at = rows[twice]
        detail = (
            "the interval at "
            + _clock(at["repeat_first"].to_numpy(), at["step"].to_numpy(), wide[twice])
            + " is given more than once ("
            + pd.Series(repeated[twice] - allowed_repeats[twice]).astype(str).to_numpy()
            + " repeated timestamp(s)); each is counted: remove the copies"
        )
        parts.append(finding_rows(at, "duplicate_interval", detail))

    if noted.any():
        at = rows[noted]
        detail = np.where(short_day[noted], "23", "25") + (
            " hours of intervals: a daylight-saving day? "
            "Add timezone: (e.g. Europe/London) to the bill entry to check it"
        )
        parts.append(finding_rows(at, "dst_day", detail))

    odd = zoned & wide & (distinct > expected)  # more columns than the local day has hours
    if odd.any():
        at = rows[odd]
        detail = (
            pd.Series(distinct[odd] // per_hour[odd]).astype(str).to_numpy()
            + " hours of intervals, but "
            + at["timezone"].astype(str).to_numpy()
            + " gives this day "
            + pd.Series(hours[odd]).astype(str).to_numpy()
            + " hours: check the dates"
        )
        parts.append(finding_rows(at, "dst_day", detail, severity="warning"))

    parts.append(_spikes(rows, wide, settings))
    return finish(concat(parts))


def _spikes(rows: pd.DataFrame, wide: np.ndarray, settings: Quality) -> pd.DataFrame:
    """interval_spike: the day's largest interval against the meter's mean at that time of day
    over its other days (at least :data:`SPIKE_FLOOR_SHARE` of its mean interval)."""
    factor = settings.interval_spike_factor
    baseline = np.maximum(rows["slot_mean"].to_numpy(), SPIKE_FLOOR_SHARE * rows["meter_mean"].to_numpy())
    peak = rows["peak"].to_numpy()
    with np.errstate(invalid="ignore"):
        spike = (rows["slot_days"].to_numpy() >= INTERVAL_SPIKE_MIN_DAYS) & (baseline > 0) & (peak >= factor * baseline)
    if not spike.any():
        return concat([])
    at = rows[spike]
    detail = (
        "the interval at "
        + _clock(at["peak_slot"].to_numpy(), at["step"].to_numpy(), wide[spike])
        + " used "
        + number_text(peak[spike]).to_numpy()
        + " "
        + at["unit"].astype(str).to_numpy()
        + ", "
        + pd.Series(peak[spike] / baseline[spike]).map(lambda v: f"{v:,.0f}").to_numpy()
        + "x the meter's usual "
        + number_text(baseline[spike]).to_numpy()
        + " at that time of day: a meter fault or a wrong unit?"
    )
    return finding_rows(at, "interval_spike", detail)


def _hours(stats: pd.DataFrame) -> np.ndarray:
    """Hours of each meter-day: by its timezone's clock changes, else 24."""
    hours = np.full(len(stats), 24, dtype=np.int64)
    for zone, index in stats.groupby("timezone", sort=False).indices.items():
        zone = str(zone)
        if not zone:
            continue
        days = pd.DatetimeIndex(stats["day"].to_numpy()[index])
        start = days.tz_localize(zone, ambiguous=True, nonexistent="shift_forward")
        end = (days + pd.Timedelta(days=1)).tz_localize(zone, ambiguous=True, nonexistent="shift_forward")
        hours[index] = np.round((end - start) / pd.Timedelta(hours=1)).astype(np.int64)
    return hours


def _clock(slot: np.ndarray, step: np.ndarray, wide: np.ndarray) -> np.ndarray:
    """``HH:MM`` of a slot of the day (a wide row's column: ``HH`` and its number from 1)."""
    seconds = slot * step
    text = pd.Series(seconds // 3600).map("{:02d}".format) + ":" + pd.Series(seconds % 3600 // 60).map("{:02d}".format)
    column = "column " + pd.Series(slot + 1).astype(str)
    return np.where(wide, column.to_numpy(), text.to_numpy())


def _length(step: pd.Series) -> np.ndarray:
    return (step // 60).astype(str).to_numpy() + "-minute"
