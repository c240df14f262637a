"""The check catalogue: every check with its severity and meaning, the findings' columns, and
the thresholds the checks share.

Data only, no logic and no numpy or pandas: the README's table of checks is kept in step with
:data:`CHECKS` (a test), and a new check starts with a line there.
"""

from __future__ import annotations

#: Columns of a finding: the findings table every check returns and every output shows.
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
    "interval_gap": ("warning", "intervals missing in a day of interval data: the day's use is short"),
    "duplicate_interval": ("error", "a meter's interval timestamp given twice in a day (both are counted)"),
    "dst_day": (
        "info",
        "a day of interval data with 23 or 25 hours and no timezone: to say whether it is a "
        "daylight-saving day (warning when the timezone gives the day other hours)",
    ),
    "interval_spike": (
        "warning",
        "an interval quality.interval_spike_factor times the meter's mean at that time of day or more",
    ),
    "estimated": ("info", "an estimated reading"),
    "outside_period": ("info", "bills wholly outside the reporting period: not counted"),
}


#: The checks of interval data: run on the interval reader's per meter-day figures
#: (quality/interval_checks.py), not on a bill table.
INTERVAL_CHECKS = ("interval_gap", "duplicate_interval", "dst_day", "interval_spike")


#: Days of a meter's interval data (at one time of day) needed before its intervals are judged for spikes.
INTERVAL_SPIKE_MIN_DAYS = 7


#: The least an interval spike is judged against: this share of the meter's mean interval (a
#: time of day that is usually near zero does not make every small use a spike).
SPIKE_FLOOR_SHARE = 0.25


#: Hours of the day in which clocks change (local time): where a day of 23 or 25 hours without a
#: timezone is taken for a daylight-saving day, to be confirmed.
DST_HOURS = (0, 4)


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


#: Billed dimensions that the bill reader (bills/quantities.py) accepts for an activity but that
#: are unusual for it: where (country codes, None for everywhere) and why. Electricity and heat
#: must be energy already (the bill reader refuses anything else), so they need no rule here.
UNUSUAL_DIMENSIONS: dict[tuple[str, str], tuple[tuple[str, ...] | None, str]] = {
    ("natural_gas", "energy"): (("CN",), "Chinese gas meters read m³ (方)"),
    ("diesel", "energy"): (None, "fuel is delivered by volume or weight"),
    ("gasoline", "energy"): (None, "fuel is delivered by volume or weight"),
    ("lpg", "energy"): (None, "fuel is delivered by volume or weight"),
    ("coal", "energy"): (None, "coal is weighed"),
    ("coal", "volume"): (None, "coal is weighed"),
}
