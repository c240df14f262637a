"""The prepared bills (carbon_cli.quality.prepared): the same findings whatever the text columns'
type, and the prepared dates equal to those of the calendar and of pandas."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

from carbon_cli import bills, calendar, quality
from carbon_cli.config import Period, Quality
from carbon_cli.quality import prepared
from carbon_cli.quality.catalog import INTERVAL_CHECKS

YEAR = Period(start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31))
TODAY = dt.date(2024, 6, 30)
TEXT = ["site", "meter", "activity", "unit", "source_file", "bill_unit"]


def faulty_bills(seed: int = 3) -> pd.DataFrame:
    """A few hundred canonical bills on sites, meters and units of every kind, with one of
    each fault somewhere: copies, overlaps, gaps, credits, zeros, wild and odd use, units
    that do not fit, mistyped and future years, long bills, history before the period."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []

    def add(
        site: str,
        meter: str,
        activity: str,
        unit: str,
        start: pd.Timestamp,
        end: pd.Timestamp,
        quantity: float,
        **extra: object,
    ) -> None:
        rows.append(
            {
                "site": site,
                "meter": meter,
                "activity": activity,
                "period_start": start,
                "period_end": end,
                "quantity": quantity,
                "unit": unit,
                "cost": np.nan,
                "estimated": False,
                "source_file": f"{site}.csv",
                "bill_quantity": quantity,
                "bill_unit": unit,
                "credit": False,
                **extra,
            }
        )

    kinds = [("electricity", "kWh"), ("natural_gas", "m3"), ("heat", "GJ")]
    for site in ["s2", "S1", "北区", "s10"]:
        for number, (activity, unit) in enumerate(kinds):
            meter = ["m", "表", "M-2"][number]
            first = pd.Timestamp(2018 + number, 1 + number, 1 if number != 1 else 15)
            for k in range(12 * (4 - number)):
                start = first + pd.DateOffset(months=k)
                end = first + pd.DateOffset(months=k + 1) - pd.Timedelta(days=int(number != 1))
                per_day = 100 * (1 + 0.4 * np.cos(2 * np.pi * start.month / 12)) * (1 + 0.03 * rng.standard_normal())
                add(site, meter, activity, unit, start, end, round(per_day * ((end - start).days + 1), 1))
    frame = rows
    # One fault of each kind (on bills chosen by position, the same every run).
    frame[40]["quantity"] = frame[40]["bill_quantity"] = frame[40]["quantity"] * 12  # implausible
    frame[39]["quantity"] = frame[39]["bill_quantity"] = frame[39]["quantity"] * 1.9  # anomaly
    frame[41]["quantity"] = frame[41]["bill_quantity"] = 0.0  # zero
    frame[42].update(quantity=-5.0, bill_quantity=-5.0)  # negative
    frame[43].update(quantity=-7.0, bill_quantity=-7.0, credit=True)
    frame[44].update(credit=True)  # positive credit
    frame[45].update(estimated=True)
    frame[37]["period_start"] = frame[37]["period_start"] - pd.Timedelta(days=9)  # overlap
    frame[60]["period_end"] = frame[60]["period_end"].replace(year=2102)  # mistyped year
    frame[61]["period_end"] = frame[61]["period_end"] + pd.Timedelta(days=120)  # long
    frame[62]["period_end"] = frame[62]["period_end"].replace(year=frame[62]["period_end"].year + 10)
    frame[63].update(unit="GJ", bill_unit="GJ")  # natural gas in energy: another dimension
    del frame[70]  # gap
    frame.append(dict(frame[80], source_file="copy.csv"))  # duplicate
    # near duplicate: the same quantity on the same meter a day apart (issue 16.12: per meter)
    frame.append(dict(frame[81], period_start=frame[81]["period_start"] + pd.Timedelta(days=1)))
    frame.append(dict(frame[82], period_start=pd.Timestamp(2025, 1, 1), period_end=pd.Timestamp(2025, 1, 31)))
    table = pd.DataFrame(frame).sample(frac=1.0, random_state=seed).reset_index(drop=True)
    table["source_row"] = table.groupby("source_file").cumcount().astype("int64") + 2
    for column in ("period_start", "period_end"):
        table[column] = table[column].astype("datetime64[s]")
    if "purchase" not in table:  # a bill over days unless the row says it is a purchase (issue 12)
        table["purchase"] = False
    return table[bills.CANONICAL_COLUMNS]


def as_categories(frame: pd.DataFrame, *, shuffled: bool = False) -> pd.DataFrame:
    """The text columns as categoricals: sorted categories, or shuffled ones with an unused extra."""
    out = frame.copy()
    rng = np.random.default_rng(1)
    for column in TEXT:
        values = out[column].astype(object)
        categories = list(pd.unique(values))
        if shuffled:
            categories = [*rng.permutation(categories), "not billed"]
        out[column] = pd.Categorical(values, categories=categories if shuffled else None)
    return out


def test_the_faulty_bills_meet_every_bill_check() -> None:
    findings, _ = quality.assess(faulty_bills(), YEAR, region="CN-CQ", today=TODAY)
    # The interval checks read the interval reader's figures, not a bill table (tests/test_interval.py).
    assert set(findings["check"]) == set(quality.CHECKS) - {"end_gap"} - set(INTERVAL_CHECKS)


@pytest.mark.parametrize("variant", ["object", "category", "shuffled categories"])
def test_findings_and_coverage_do_not_depend_on_the_text_columns_type(variant: str) -> None:
    frame = faulty_bills()
    other = {
        "object": frame.astype({c: object for c in TEXT}),
        "category": as_categories(frame),
        "shuffled categories": as_categories(frame, shuffled=True),
    }[variant]
    settings = Quality(end_gap_days=20)
    for period in (YEAR, Period(start=dt.date(2019, 7, 1), end=dt.date(2022, 6, 30))):
        want = quality.assess(frame, period, settings, region="CN-CQ", activities=[("s9", "heat")], today=TODAY)
        got = quality.assess(other, period, settings, region="CN-CQ", activities=[("s9", "heat")], today=TODAY)
        pd.testing.assert_frame_equal(got[0], want[0])
        pd.testing.assert_frame_equal(got[1], want[1])
        pd.testing.assert_frame_equal(
            quality.fill_gaps(other, period, settings, today=TODAY).astype({c: object for c in TEXT}),
            quality.fill_gaps(frame, period, settings, today=TODAY).astype({c: object for c in TEXT}),
        )


def test_a_unit_mismatch_is_found_in_category_columns_too() -> None:
    frame = pd.concat([faulty_bills().iloc[:3]] * 1, ignore_index=True)
    frame.loc[1, ["unit", "bill_unit"]] = "GJ"
    frame["activity"] = "natural_gas"
    frame["meter"] = "gas"
    want = quality.check(frame, YEAR, region="CN", today=TODAY)
    got = quality.check(as_categories(frame), YEAR, region="CN", today=TODAY)
    assert "unit_mismatch" in set(want["check"])
    pd.testing.assert_frame_equal(got, want)


def test_findings_do_not_depend_on_row_order_or_index_beyond_the_source_rows() -> None:
    frame = faulty_bills()
    shifted = frame.set_axis(np.arange(len(frame)) * 7 + 3)
    pd.testing.assert_frame_equal(quality.check(shifted, YEAR, today=TODAY), quality.check(frame, YEAR, today=TODAY))


# -- the prepared arrays ---------------------------------------------------------------------------


def test_the_shared_day_rule_is_the_calendar_modules() -> None:
    frame = faulty_bills()
    frame["period_end"] = frame["period_end"].where(frame.index != 3, frame["period_start"])  # one day: kept
    want = calendar.apply_shared_day_rule(frame)["effective_end"].to_numpy("datetime64[s]")
    assert np.array_equal(prepared.prepare(frame).effective_end, want)


@pytest.mark.parametrize("midnights", [True, False])
def test_date_ranks_sort_and_compare_as_the_dates(midnights: bool) -> None:
    rng = np.random.default_rng(10)
    first = rng.integers(0, 900, 300) * 86_400 + (0 if midnights else rng.integers(0, 86_400, 300))
    second = first[rng.integers(0, 300, 200)] + rng.integers(0, 3, 200) * 86_400
    (a, b), count = prepared.ranks(first.astype("datetime64[s]"), second.astype("datetime64[s]"))
    every, ranks = np.r_[first, second], np.r_[a, b]
    assert count == len(np.unique(every))
    assert np.array_equal(np.sign(every[:, None] - every[None, :]), np.sign(ranks[:, None] - ranks[None, :]))
