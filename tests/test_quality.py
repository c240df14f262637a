"""Data-quality checks: one injected fault per test, found exactly at its meter and period.

The bill sets are built in memory as canonical tables (what carbon_cli.bills.read returns), so
each test shows the fault it injects. The clean sets give no findings at all; each test then
changes one thing and asserts the complete list of findings.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from collections.abc import Callable

import pandas as pd
import pytest

from carbon_cli import bills, quality
from carbon_cli.config import Period, Quality
from carbon_cli.quality.prepared import prepare

YEAR = Period(start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31))
TODAY = dt.date(2024, 6, 30)


def bill(
    meter: str,
    start: str | dt.date,
    end: str | dt.date,
    quantity: float,
    *,
    activity: str = "electricity",
    unit: str = "kWh",
    bill_unit: str | None = None,
    bill_quantity: float | None = None,
    estimated: bool = False,
    credit: bool = False,
    file: str | None = None,
) -> dict[str, object]:
    return {
        "site": "s1",
        "meter": meter,
        "activity": activity,
        "period_start": pd.Timestamp(start),
        "period_end": pd.Timestamp(end),
        "quantity": float(quantity),
        "unit": unit,
        "cost": float("nan"),
        "estimated": estimated,
        "source_file": file or f"{meter}.csv",
        "bill_quantity": float(quantity if bill_quantity is None else bill_quantity),
        "bill_unit": bill_unit or unit,
        "credit": credit,
    }


def table(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Canonical bills; source_row numbers each file's rows as a spreadsheet does (header on row 1)."""
    frame = pd.DataFrame(rows)
    frame["source_row"] = frame.groupby("source_file").cumcount().astype("int64") + 2
    for column in ("period_start", "period_end"):
        frame[column] = frame[column].astype("datetime64[s]")
    if "purchase" not in frame:  # a bill over days unless the row says it is a purchase (issue 12)
        frame["purchase"] = False
    return frame[bills.CANONICAL_COLUMNS]


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, day.day)


def heating(month: int) -> float:
    """Gas per day with a winter peak (m3)."""
    return 5.5 + 3.5 * math.cos(2 * math.pi * (month - 1) / 12)


def cooling_and_heating(month: int) -> float:
    """Electricity per day with a summer and a smaller winter peak (kWh), as in Chongqing."""
    return 10 + 5 * math.cos(2 * math.pi * (month - 7.5) / 12) ** 2 + 2 * (month in (1, 2, 12))


def monthly(
    meter: str,
    first: dt.date,
    count: int,
    per_day: Callable[[int], float],
    *,
    wobble: float = 0.05,
    faults: dict[int, float] | None = None,
    **kwargs: object,
) -> list[dict[str, object]]:
    """``count`` consecutive bills from ``first``: from the 1st, calendar months; otherwise the
    same day to the same day of the next month (each ends on the day the next begins)."""
    calendar_months = first.day == 1
    rows = []
    start = first
    for index in range(count):
        end = next_month(start) - dt.timedelta(days=1) if calendar_months else next_month(start)
        days = (end - start).days + calendar_months  # a shared last day belongs to the next bill
        quantity = per_day(start.month) * days * (1 + wobble * math.sin(7 * index))
        quantity *= (faults or {}).get(index, 1.0)
        rows.append(bill(meter, start, end, round(quantity, 1), **kwargs))
        start = end + dt.timedelta(days=1) if calendar_months else end
    return rows


def clean_site() -> list[dict[str, object]]:
    """A year of bills on three meters that straddle the period like real ones do.

    ``main`` runs from the 15th to the 15th (each bill ends on the day the next begins),
    ``annex`` by calendar month, ``gas`` from the 20th to the 20th in m3.
    """
    return (
        monthly("main", dt.date(2020, 12, 15), 13, cooling_and_heating)
        + monthly("annex", dt.date(2021, 1, 1), 12, lambda m: cooling_and_heating(m) / 3)
        + monthly("gas", dt.date(2020, 12, 20), 13, heating, activity="natural_gas", unit="m3")
    )


def check(rows: list[dict[str, object]], period: Period = YEAR, **kwargs: object) -> pd.DataFrame:
    return quality.check(table(rows), period, today=TODAY, **kwargs)


def found(findings: pd.DataFrame) -> list[tuple[str, str, str | None, str, str]]:
    """(check, severity, meter, first day, last day) per finding."""
    return [
        (r.check, r.severity, r.meter, f"{r.period_start:%Y-%m-%d}", f"{r.period_end:%Y-%m-%d}")
        for r in findings.itertuples()
    ]


def without(rows: list[dict[str, object]], meter: str, start: str) -> list[dict[str, object]]:
    return [r for r in rows if not (r["meter"] == meter and r["period_start"] == pd.Timestamp(start))]


def the(rows: list[dict[str, object]], meter: str, start: str) -> dict[str, object]:
    (row,) = [r for r in rows if r["meter"] == meter and r["period_start"] == pd.Timestamp(start)]
    return row


# -- clean sets ---------------------------------------------------------------------------------


def test_clean_bills_give_no_findings() -> None:
    findings = check(clean_site(), region="CN-CQ")
    assert found(findings) == []
    assert list(findings.columns) == quality.FINDING_COLUMNS


def test_three_clean_years_with_seasons_give_no_findings() -> None:
    rows = monthly("gas", dt.date(2019, 1, 1), 36, heating, activity="natural_gas", unit="m3") + monthly(
        "main", dt.date(2019, 1, 15), 36, cooling_and_heating
    )
    assert found(check(rows, Period(start=dt.date(2019, 1, 15), end=dt.date(2021, 12, 31)))) == []


def test_a_bill_ending_on_the_day_the_next_begins_is_not_an_overlap() -> None:
    rows = [bill("m", "2021-01-01", "2021-02-01", 310), bill("m", "2021-02-01", "2021-12-31", 3340)]
    assert found(check(rows, settings=Quality(max_bill_days=400))) == []


def test_no_bills_give_no_findings_but_a_billed_activity_without_rows_is_uncovered() -> None:
    empty = bills.empty()
    assert found(quality.check(empty, YEAR, today=TODAY)) == []
    findings = quality.check(empty, YEAR, today=TODAY, activities=[("s1", "natural_gas")])
    assert found(findings) == [("coverage", "warning", None, "2021-01-01", "2021-12-31")]
    assert "0 of 365 days (0.0 %)" in findings.at[0, "detail"]


# -- gaps, overlaps, duplicates -----------------------------------------------------------------


def test_a_missing_bill_is_a_gap_of_exactly_its_days() -> None:
    rows = without(clean_site(), "main", "2021-03-15")  # the bill 15 March .. 15 April
    findings = check(rows)
    # The bill before ends on 15 March and keeps that day (no bill begins on it).
    assert found(findings) == [("gap", "warning", "main", "2021-03-16", "2021-04-14")]
    assert "(30 days) between main.csv row 4 and main.csv row 5" in findings.at[0, "detail"]


def test_a_gap_no_other_meter_fills_also_leaves_the_activity_uncovered() -> None:
    rows = without(clean_site(), "gas", "2021-05-20")
    findings = check(rows)
    assert found(findings) == [
        ("coverage", "warning", None, "2021-05-21", "2021-06-19"),
        ("gap", "warning", "gas", "2021-05-21", "2021-06-19"),
    ]
    assert "bills cover 335 of 365 days (91.8 %)" in findings.at[0, "detail"]


def test_a_gap_before_the_reporting_period_is_info() -> None:
    rows = monthly("m", dt.date(2020, 1, 1), 24, cooling_and_heating)
    rows = [r for r in rows if r["period_start"] != pd.Timestamp("2020-06-01")]
    findings = check(rows, Period(start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31)))
    assert found(findings) == [
        ("outside_period", "info", "m", "2020-01-01", "2020-12-31"),
        ("gap", "info", "m", "2020-06-01", "2020-06-30"),
    ]
    assert findings.at[1, "detail"].endswith("; outside the reporting period")


def test_a_bill_starting_five_days_early_overlaps_by_six_days() -> None:
    rows = clean_site()
    the(rows, "main", "2021-06-15")["period_start"] = pd.Timestamp("2021-06-10")
    findings = check(rows)
    # 10..15 June are in both bills (15 June would have been the shared day).
    assert found(findings) == [("overlap", "error", "main", "2021-06-10", "2021-06-15")]
    assert findings.at[0, "detail"].startswith("overlaps main.csv row 7 (2021-05-15 to 2021-06-15) by 6 days")


def test_an_exact_copy_is_a_duplicate_not_an_overlap() -> None:
    rows = clean_site()
    rows.append(dict(the(rows, "annex", "2021-05-01")))
    findings = check(rows)
    assert found(findings) == [("duplicate", "error", "annex", "2021-05-01", "2021-05-31")]
    assert findings.at[0, "source_row"] == 14  # the copy, appended after the twelve bills
    assert "same meter, dates and quantity as annex.csv row 6" in findings.at[0, "detail"]


def test_a_copy_with_dates_a_day_off_is_a_near_duplicate() -> None:
    rows = clean_site()
    copy = dict(the(rows, "annex", "2021-05-01"))
    copy.update(period_start=pd.Timestamp("2021-05-02"), period_end=pd.Timestamp("2021-06-01"))
    rows.append(copy)
    assert found(check(rows)) == [("near_duplicate", "warning", "annex", "2021-05-02", "2021-06-01")]


def test_issue_16_12_the_same_quantity_on_another_meter_is_not_a_near_duplicate() -> None:
    # Two meters may bill the same quantity for the same month: near duplicates are per meter.
    rows = clean_site()
    other = dict(the(rows, "annex", "2021-05-01"))
    other.update(meter="annex-2", source_file="annex.csv")
    rows.append(other)
    assert "near_duplicate" not in set(check(rows)["check"])


def test_the_same_quantity_on_the_same_meter_a_day_apart_is_a_near_duplicate() -> None:
    rows = clean_site()
    copy = dict(the(rows, "annex", "2021-05-01"))
    copy.update(period_start=pd.Timestamp("2021-05-02"), source_file="pasted.csv")
    rows.append(copy)
    findings = check(rows)
    assert found(findings) == [("near_duplicate", "warning", "annex", "2021-05-02", "2021-05-31")]
    assert "same quantity as annex.csv row 6 (2021-05-01 to 2021-05-31" in findings.at[0, "detail"]


def test_equal_quantities_in_consecutive_months_are_not_duplicates() -> None:
    # Two bills a month of the same 100 kWh, 1st to 15th and 16th to the month's end.
    rows = [
        bill(
            "m",
            dt.date(2021, m, day),
            dt.date(2021, m, 15) if day == 1 else next_month(dt.date(2021, m, 1)) - dt.timedelta(days=1),
            100,
        )
        for m in range(1, 13)
        for day in (1, 16)
    ]
    assert "duplicate" not in set(check(rows)["check"])
    assert "near_duplicate" not in set(check(rows)["check"])


# -- values ------------------------------------------------------------------------------------


def test_a_negative_quantity_is_an_error() -> None:
    rows = clean_site()
    the(rows, "annex", "2021-08-01").update(quantity=-120.0, bill_quantity=-120.0)
    findings = check(rows)
    assert found(findings) == [("negative", "error", "annex", "2021-08-01", "2021-08-31")]
    assert findings.at[0, "detail"].startswith("-120 kWh; a credit or correction must be marked as one")


def test_a_credit_marked_as_one_is_allowed_even_over_billed_days() -> None:
    rows = clean_site()
    rows.append(bill("annex", "2021-03-01", "2021-03-31", -50, credit=True))
    assert found(check(rows)) == []


def test_a_credit_with_a_positive_quantity_is_a_warning() -> None:
    rows = clean_site()
    rows.append(bill("annex", "2021-03-01", "2021-03-31", 50, credit=True))
    assert found(check(rows)) == [("positive_credit", "warning", "annex", "2021-03-01", "2021-03-31")]


def test_a_zero_reading_is_a_warning() -> None:
    rows = clean_site()
    the(rows, "gas", "2021-07-20").update(quantity=0.0, bill_quantity=0.0)
    assert found(check(rows)) == [("zero", "warning", "gas", "2021-07-20", "2021-08-20")]


def test_a_slipped_decimal_point_is_implausible_not_an_anomaly() -> None:
    rows = clean_site()
    row = the(rows, "main", "2021-04-15")
    row.update(quantity=row["quantity"] * 10, bill_quantity=row["quantity"] * 10)
    findings = check(rows)
    assert found(findings) == [("implausible", "warning", "main", "2021-04-15", "2021-05-15")]
    assert re.search(r"is (9\.\d+|10\.\d)× its norm", findings.at[0, "detail"])


def test_a_decimal_point_slipped_the_other_way_is_implausible_too() -> None:
    rows = clean_site()
    row = the(rows, "gas", "2021-04-20")
    row.update(quantity=row["quantity"] / 10, bill_quantity=row["quantity"] / 10)
    findings = check(rows)
    assert found(findings) == [("implausible", "warning", "gas", "2021-04-20", "2021-05-20")]
    assert "of its norm" in findings.at[0, "detail"]


def test_a_meter_with_four_bills_is_judged_against_their_median() -> None:
    rows = monthly("m", dt.date(2021, 1, 1), 4, lambda m: 10.0, faults={2: 10.0})
    period = Period(start=dt.date(2021, 1, 1), end=dt.date(2021, 4, 30))
    findings = check(rows, period)
    assert found(findings) == [("implausible", "warning", "m", "2021-03-01", "2021-03-31")]
    assert "the median of the meter's bills" in findings.at[0, "detail"]
    assert found(check(rows[:3], Period(start=dt.date(2021, 1, 1), end=dt.date(2021, 3, 31)))) == []


def test_an_estimated_reading_is_info() -> None:
    rows = clean_site()
    the(rows, "gas", "2021-07-20")["estimated"] = True
    assert found(check(rows)) == [("estimated", "info", "gas", "2021-07-20", "2021-08-20")]


# -- dates -------------------------------------------------------------------------------------


def test_bills_before_the_period_are_one_info_per_meter() -> None:
    rows = clean_site() + monthly("annex", dt.date(2020, 10, 1), 3, lambda m: cooling_and_heating(m) / 3)
    findings = check(rows)
    assert found(findings) == [("outside_period", "info", "annex", "2020-10-01", "2020-12-31")]
    assert findings.at[0, "detail"].startswith("3 bills from 2020-10-01 to 2020-12-31 end before")


def test_a_bill_ending_after_today_is_a_future_date() -> None:
    rows = [*clean_site(), bill("annex", "2024-06-01", "2024-07-15", 400)]
    findings = check(rows)
    assert found(findings) == [("future_date", "error", "annex", "2024-06-01", "2024-07-15")]
    assert "after today (2024-06-30)" in findings.at[0, "detail"]


def test_2071_for_2017_is_a_mistyped_year_and_the_bill_is_read_with_the_fix() -> None:
    rows = monthly("m", dt.date(2017, 1, 15), 12, cooling_and_heating)
    the(rows, "m", "2017-05-15")["period_end"] = pd.Timestamp("2071-06-15")  # 2071 for 2017
    findings = check(rows, Period(start=dt.date(2017, 1, 15), end=dt.date(2018, 1, 15)))
    assert found(findings) == [("mistyped_year", "error", "m", "2017-05-15", "2071-06-15")]
    assert "end 2071-06-15 is probably 2017-06-15" in findings.at[0, "detail"]


def test_a_bill_years_in_the_future_is_a_mistyped_year() -> None:
    rows = [*clean_site(), bill("annex", "2071-01-01", "2071-01-31", 400)]
    findings = check(rows)
    assert found(findings) == [("mistyped_year", "error", "annex", "2071-01-01", "2071-01-31")]
    assert "lies years in the future (2017?)" in findings.at[0, "detail"]


def test_a_last_bill_long_before_the_period_ends_is_an_end_gap() -> None:
    rows = [r for r in clean_site() if not (r["meter"] == "main" and r["period_start"] >= pd.Timestamp("2021-08-15"))]
    findings = check(rows)
    # The annex still reads electricity, so the activity stays covered; the meter's end gap remains.
    assert found(findings) == [("end_gap", "warning", "main", "2021-08-16", "2021-12-31")]
    assert "138 days before the period ends" in findings.at[0, "detail"]


def test_an_end_gap_within_the_allowance_is_not_reported() -> None:
    rows = [r for r in clean_site() if not (r["meter"] == "main" and r["period_start"] >= pd.Timestamp("2021-10-15"))]
    assert found(check(rows)) == []  # ends 15 October: 77 days before the period ends, within 90


def test_a_bill_longer_than_max_bill_days_is_a_long_period() -> None:
    rows = clean_site()
    for start in ("2021-04-15", "2021-05-15", "2021-06-15"):
        rows.remove(the(rows, "main", start))
    the(rows, "main", "2021-03-15")["period_end"] = pd.Timestamp("2021-07-14")
    the(rows, "main", "2021-03-15")["quantity"] = 1300.0
    findings = check(rows)
    assert found(findings) == [("long_period", "warning", "main", "2021-03-15", "2021-07-14")]
    assert findings.at[0, "detail"] == "122 days, more than quality.max_bill_days (100)"
    assert found(check(rows, settings=Quality(max_bill_days=130))) == []


def test_issue_15_a_quarterly_bill_is_not_a_long_period_by_default() -> None:
    rows = clean_site()
    for start in ("2021-04-15", "2021-05-15"):
        rows.remove(the(rows, "main", start))
    the(rows, "main", "2021-03-15")["period_end"] = pd.Timestamp("2021-06-14")  # 92 days, a quarter
    the(rows, "main", "2021-03-15")["quantity"] = 1000.0
    assert found(check(rows)) == []


# -- units -------------------------------------------------------------------------------------


def test_kwh_on_a_chinese_gas_meter_is_a_unit_mismatch() -> None:
    rows = clean_site()
    row = the(rows, "gas", "2021-03-20")  # the bill says 1,310 kWh, read as 4.716 GJ
    row.update(unit="GJ", quantity=row["quantity"] * 10 * 0.0036, bill_quantity=row["quantity"] * 10, bill_unit="kWh")
    findings = check(rows, region="CN-CQ")
    assert found(findings) == [("unit_mismatch", "warning", "gas", "2021-03-20", "2021-04-20")]
    assert "'kWh' (energy) is unusual for natural_gas: Chinese gas meters read m³" in findings.at[0, "detail"]


def test_gas_billed_in_kwh_is_usual_in_the_uk() -> None:
    rows = monthly(
        "gas", dt.date(2021, 1, 1), 12, lambda m: heating(m) * 10, activity="natural_gas", unit="GJ", bill_unit="kWh"
    )
    assert found(check(rows, region="GB")) == []
    assert {c for c, *_ in found(check(rows, region="CN-CQ"))} == {"unit_mismatch"}


def test_a_unit_unlike_the_meters_other_bills_is_a_unit_mismatch() -> None:
    rows = monthly("tank", dt.date(2021, 1, 1), 12, lambda m: 20.0, activity="diesel", unit="m3", bill_unit="L")
    the(rows, "tank", "2021-09-01").update(unit="t", bill_unit="t", quantity=0.5, bill_quantity=0.5)
    findings = check(rows, region="GB")
    assert found(findings) == [("unit_mismatch", "warning", "tank", "2021-09-01", "2021-09-30")]
    assert "on a meter whose other bills are in volume" in findings.at[0, "detail"]


# -- anomalies ---------------------------------------------------------------------------------

EXPECTED = re.compile(r"expected ([\d,.]+)–([\d,.]+) (\w+)/day")


def expected_range(detail: str) -> tuple[float, float]:
    low, high, _ = EXPECTED.search(detail).groups()  # type: ignore[union-attr]
    return float(low.replace(",", "")), float(high.replace(",", ""))


@pytest.mark.parametrize("position", [0, 3, 6, 10, 11])
@pytest.mark.parametrize("factor", [3.0, 0.3])
def test_an_injected_spike_or_drop_is_an_anomaly_against_the_seasonal_curve(position: int, factor: float) -> None:
    rows = monthly(
        "gas", dt.date(2021, 1, 1), 12, heating, activity="natural_gas", unit="m3", faults={position: factor}
    )
    findings = check(rows)
    start = rows[position]["period_start"]
    assert found(findings) == [
        ("anomaly", "warning", "gas", f"{start:%Y-%m-%d}", f"{rows[position]['period_end']:%Y-%m-%d}")
    ]
    detail = findings.at[0, "detail"]
    assert ("above" if factor > 1 else "below") in detail
    assert "the meter's seasonal curve" in detail
    low, high = expected_range(detail)
    assert low <= heating(start.month) <= high  # the true use per day lies in the expected range


@pytest.mark.parametrize("position", [2, 18, 31])
def test_an_injected_spike_is_an_anomaly_against_the_seasonal_curve_of_three_years(position: int) -> None:
    rows = monthly("gas", dt.date(2019, 1, 1), 36, heating, activity="natural_gas", unit="m3", faults={position: 2.0})
    findings = check(rows, Period(start=dt.date(2019, 1, 1), end=dt.date(2021, 12, 31)))
    start = rows[position]["period_start"]
    assert found(findings) == [
        ("anomaly", "warning", "gas", f"{start:%Y-%m-%d}", f"{rows[position]['period_end']:%Y-%m-%d}")
    ]
    assert "the meter's seasonal curve" in findings.at[0, "detail"]


@pytest.mark.parametrize("position", [2, 30, 55])
def test_an_injected_spike_is_an_anomaly_against_the_same_month_of_other_years(position: int) -> None:
    # Five years: each calendar month has four other bills, whose median is the norm.
    rows = monthly("gas", dt.date(2017, 1, 1), 60, heating, activity="natural_gas", unit="m3", faults={position: 2.0})
    findings = check(rows, Period(start=dt.date(2017, 1, 1), end=dt.date(2021, 12, 31)))
    start = rows[position]["period_start"]
    assert found(findings) == [
        ("anomaly", "warning", "gas", f"{start:%Y-%m-%d}", f"{rows[position]['period_end']:%Y-%m-%d}")
    ]
    assert f"median of the meter's {start:%B} bills in other years" in findings.at[0, "detail"]
    low, high = expected_range(findings.at[0, "detail"])
    assert low <= heating(start.month) <= high


def test_two_peaks_a_year_are_a_norm_not_anomalies() -> None:
    rows = monthly("main", dt.date(2021, 1, 15), 12, cooling_and_heating, wobble=0.08)
    assert found(check(rows, Period(start=dt.date(2021, 1, 15), end=dt.date(2022, 1, 15)))) == []


def test_a_meter_with_few_bills_is_not_judged_for_anomalies() -> None:
    rows = monthly("m", dt.date(2021, 1, 1), 5, cooling_and_heating, faults={2: 3.0})
    rows += monthly("m", dt.date(2021, 6, 1), 7, cooling_and_heating)
    assert "anomaly" in set(check(rows)["check"])
    assert "anomaly" not in set(check(rows[:5], Period(start=dt.date(2021, 1, 1), end=dt.date(2021, 5, 31)))["check"])


# -- coverage and filling gaps -------------------------------------------------------------------


def test_coverage_is_the_share_of_the_period_billed_per_activity() -> None:
    rows = without(clean_site(), "gas", "2021-05-20")
    covered = quality.coverage(table(rows), YEAR, today=TODAY).set_index("activity")
    assert covered.loc["electricity", "share"] == 1.0
    assert covered.loc["natural_gas", "covered_days"] == 365 - 30
    assert covered.loc["natural_gas", "share"] == pytest.approx(335 / 365)


def test_fill_gaps_estimates_the_missing_days_from_the_meters_average_per_day() -> None:
    rows = without(clean_site(), "gas", "2021-05-20")
    frame = table(rows)
    filled = quality.fill_gaps(frame, YEAR, today=TODAY)
    assert filled[
        ["meter", "period_start", "period_end", "estimated", "source_file", "source_row"]
    ].values.tolist() == [["gas", pd.Timestamp("2021-05-21"), pd.Timestamp("2021-06-19"), True, "(filled gap)", 0]]
    gas = prepare(frame).table()
    gas = gas[gas["meter"] == "gas"]
    assert filled.at[0, "quantity"] == pytest.approx(gas["quantity"].sum() / gas["days"].sum() * 30)
    assert filled.at[0, "unit"] == "m3"
    assert list(filled.columns) == list(frame.columns)


def test_fill_gaps_fills_the_end_of_the_period_after_the_last_bill() -> None:
    rows = [r for r in clean_site() if not (r["meter"] == "gas" and r["period_start"] >= pd.Timestamp("2021-10-20"))]
    filled = quality.fill_gaps(table(rows), YEAR, today=TODAY)
    assert filled[["meter", "period_start", "period_end"]].values.tolist() == [
        ["gas", pd.Timestamp("2021-10-21"), pd.Timestamp("2021-12-31")]
    ]


def test_fill_gaps_leaves_a_replaced_meter_alone() -> None:
    rows = monthly("old", dt.date(2021, 1, 1), 6, cooling_and_heating) + monthly(
        "new", dt.date(2021, 7, 1), 6, cooling_and_heating
    )
    assert len(quality.fill_gaps(table(rows), YEAR, today=TODAY)) == 0
    assert len(quality.fill_gaps(table(clean_site()), YEAR, today=TODAY)) == 0


# -- the table and its helpers -------------------------------------------------------------------


def test_findings_are_sorted_and_typed() -> None:
    rows = without(clean_site(), "gas", "2021-05-20")
    the(rows, "annex", "2021-08-01").update(quantity=-1.0, bill_quantity=-1.0)
    findings = check(rows)
    assert [c for c, *_ in found(findings)] == ["negative", "coverage", "gap"]
    assert str(findings["period_start"].dtype) == "datetime64[s]"
    assert str(findings["source_row"].dtype) == "Int64"
    assert findings["source_row"].isna().tolist() == [False, True, False]


def test_summary_line_counts_by_severity_then_check() -> None:
    findings = pd.DataFrame(
        {"check": ["gap", "gap", "overlap", "estimated"], "severity": ["warning", "warning", "error", "info"]}
    )
    assert quality.summary_line(findings) == "1 error (overlap), 2 warnings (gap 2), 1 info (estimated)"
    assert quality.counts(findings) == {"error": 1, "warning": 2, "info": 1}
    assert list(quality.at_or_above(findings, "warning")["check"]) == ["gap", "gap", "overlap"]


def test_every_check_has_a_severity_and_a_meaning() -> None:
    for name, (severity, meaning) in quality.CHECKS.items():
        assert severity in quality.SEVERITIES, name
        assert meaning


def test_checks_are_column_wise_and_fast_on_many_bills() -> None:
    rows = []
    for meter in range(300):  # 300 meters x 36 monthly bills = 10,800 bills
        rows += monthly(
            f"m{meter}",
            dt.date(2019, 1, 1),
            36,
            lambda m, k=meter: heating(m) * (1 + k / 7),
            activity="natural_gas",
            unit="m3",
        )
    frame = table(rows)
    started = time.perf_counter()
    findings = quality.check(frame, Period(start=dt.date(2019, 1, 1), end=dt.date(2021, 12, 31)), today=TODAY)
    assert time.perf_counter() - started < 5
    assert len(findings) == 0


def test_every_check_is_in_the_readme_table() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name, (severity, _) in quality.CHECKS.items():
        assert f"| `{name}` | {severity}" in readme, name


def test_no_findings_is_an_empty_table_with_the_findings_columns() -> None:
    assert list(quality.empty().columns) == quality.FINDING_COLUMNS
    assert quality.FINDING_COLUMNS[:2] == ["site", "meter"] and "source_row" in quality.FINDING_COLUMNS


def test_history_before_the_period_makes_the_norm_but_is_not_reported() -> None:
    rows = monthly("gas", dt.date(2019, 1, 1), 36, heating, activity="natural_gas", unit="m3", faults={5: 3.0, 30: 3.0})
    findings = check(rows)  # the reporting period is 2021: June 2019 is history
    assert found(findings) == [
        ("outside_period", "info", "gas", "2019-01-01", "2020-12-31"),
        ("anomaly", "warning", "gas", "2021-07-01", "2021-07-31"),
    ]
