"""Bills split into calendar months by days (carbon_cli/calendar.py).

Rules under test (ENERGY STAR Portfolio Manager): bill dates are inclusive; a day shared by
two bills of one meter belongs to the later bill; a bill is spread evenly over its days; only
the part inside the reporting period counts; quantity is conserved.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon_cli import calendar as billcal  # not the stdlib calendar

COLUMNS = ["site", "activity", "meter", "period_start", "period_end", "quantity", "source_row"]
DAY = dt.timedelta(days=1)


def make_bills(*rows: dict[str, Any]) -> pd.DataFrame:
    """Canonical bills; each row gives at least period_start, period_end (inclusive) and quantity."""
    records = [{"site": "s1", "activity": "electricity", "meter": "m1", **row} for row in rows]
    data: dict[str, Any] = {column: [record[column] for record in records] for column in COLUMNS[:-1]}
    for column in ("period_start", "period_end"):
        data[column] = np.array(data[column], dtype="datetime64[D]").astype("datetime64[s]")
    data["quantity"] = np.array(data["quantity"], dtype="float64")
    data["source_row"] = np.arange(2, 2 + len(records))  # row 1 is the header
    return pd.DataFrame(data, columns=COLUMNS)


def bill(start: str, end: str, quantity: float = 100.0, **keys: str) -> dict[str, Any]:
    return {"period_start": start, "period_end": end, "quantity": quantity, **keys}


def split(bills: pd.DataFrame, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    return billcal.split_by_month(billcal.apply_shared_day_rule(bills), start, end)


def effective_ends(bills: pd.DataFrame) -> list[str]:
    return billcal.apply_shared_day_rule(bills)["effective_end"].dt.strftime("%Y-%m-%d").tolist()


def end_by_row(bills: pd.DataFrame) -> dict[int, str]:
    """effective_end keyed by source_row, so two row orders can be compared."""
    effective = billcal.apply_shared_day_rule(bills)
    return dict(zip(effective["source_row"], effective["effective_end"].dt.strftime("%Y-%m-%d"), strict=True))


# ---------------------------------------------------------------------------------------------
# Worked examples
# ---------------------------------------------------------------------------------------------


def test_bill_spanning_two_months_is_split_by_days():
    # 15 Jan .. 14 Feb inclusive = 31 days: 17 in January (15..31), 14 in February (1..14).
    # 310 kWh / 31 days = 10 kWh a day -> January 170, February 140.
    out = split(make_bills(bill("2021-01-15", "2021-02-14", 310.0)))
    assert out["month"].tolist() == ["2021-01", "2021-02"]
    assert out["days"].tolist() == [17, 14]
    assert out["bill_days"].tolist() == [31, 31]
    assert out["quantity"].tolist() == pytest.approx([170.0, 140.0], rel=1e-12)


def test_shared_day_goes_to_the_later_bill():
    # A 01-01..02-01 and B 02-01..03-01 share 1 Feb: it is B's, so A ends on 31 Jan.
    bills = make_bills(bill("2021-01-01", "2021-02-01"), bill("2021-02-01", "2021-03-01"))
    assert effective_ends(bills) == ["2021-01-31", "2021-03-01"]


def test_shared_day_rule_works_whatever_the_row_order():
    bills = make_bills(bill("2021-02-01", "2021-03-01"), bill("2021-01-01", "2021-02-01"))
    assert effective_ends(bills) == ["2021-03-01", "2021-01-31"]


def test_bill_and_its_correction_are_treated_the_same_whatever_the_row_order():
    # Rows 2 and 3 cover the same dates (a bill of 220 and its correction of 210); row 4 begins
    # on the day they end.
    bills = make_bills(
        bill("2021-01-20", "2021-02-10", 220.0),
        bill("2021-01-20", "2021-02-10", 210.0),
        bill("2021-02-10", "2021-02-28", 1.0),
    )
    assert end_by_row(bills.iloc[[1, 0, 2]]) == end_by_row(bills)


def test_shortened_bill_is_spread_over_its_remaining_days():
    # A 01-01..02-01 of 310 keeps 01-01..01-31 = 31 days: all 310 in January, none in February.
    out = split(make_bills(bill("2021-01-01", "2021-02-01", 310.0), bill("2021-02-01", "2021-03-01", 0.0)))
    first = out[out["bill_id"] == 0]
    assert first["month"].tolist() == ["2021-01"]
    assert first["quantity"].tolist() == pytest.approx([310.0], rel=1e-12)
    assert first["bill_days"].tolist() == [31]


def test_bill_that_ends_before_the_next_begins_is_not_shortened():
    bills = make_bills(bill("2021-01-01", "2021-01-31"), bill("2021-02-01", "2021-02-28"))
    assert effective_ends(bills) == ["2021-01-31", "2021-02-28"]


def test_bill_followed_after_a_gap_is_not_shortened():
    bills = make_bills(bill("2021-01-01", "2021-02-01"), bill("2021-02-05", "2021-02-28"))
    assert effective_ends(bills) == ["2021-02-01", "2021-02-28"]


def test_one_day_bill_is_never_shortened_to_nothing():
    # A is the single day 10 Jan, and B starts on 10 Jan too: A keeps its day.
    bills = make_bills(bill("2021-01-10", "2021-01-10", 5.0), bill("2021-01-10", "2021-01-31"))
    assert effective_ends(bills)[0] == "2021-01-10"
    first = split(bills).query("bill_id == 0")
    assert first["days"].tolist() == [1]
    assert first["quantity"].tolist() == pytest.approx([5.0], rel=1e-12)


def test_different_meters_are_independent():
    # m1 ends on 1 Feb and m2 begins on 1 Feb: different meters, so m1 keeps 1 Feb.
    bills = make_bills(bill("2021-01-01", "2021-02-01", meter="m1"), bill("2021-02-01", "2021-03-01", meter="m2"))
    assert effective_ends(bills) == ["2021-02-01", "2021-03-01"]


def test_same_meter_name_at_different_sites_is_independent():
    bills = make_bills(bill("2021-01-01", "2021-02-01", site="a"), bill("2021-02-01", "2021-03-01", site="b"))
    assert effective_ends(bills) == ["2021-02-01", "2021-03-01"]


def test_clipping_keeps_only_the_in_period_share():
    # 2020-12-17..2021-01-15 = 15 days in December + 15 in January = 30 days; 300 / 30 = 10 a day.
    # The period starts 2021-01-01, so only January's 15 days count: 150.
    out = split(make_bills(bill("2020-12-17", "2021-01-15", 300.0)), dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert out["month"].tolist() == ["2021-01"]
    assert out["days"].tolist() == [15]
    assert out["bill_days"].tolist() == [30]
    assert out["quantity"].tolist() == pytest.approx([150.0], rel=1e-12)


def test_clipping_at_the_period_end_inside_a_month():
    # 2021-12-01..2021-12-31 = 31 days of 310 = 10 a day; period ends 2021-12-20 -> 20 days -> 200.
    out = split(make_bills(bill("2021-12-01", "2021-12-31", 310.0)), dt.date(2021, 1, 1), dt.date(2021, 12, 20))
    assert out["days"].tolist() == [20]
    assert out["slice_end"].dt.strftime("%Y-%m-%d").tolist() == ["2021-12-20"]
    assert math.isclose(out["quantity"].sum(), 200.0, rel_tol=1e-12)


def test_bill_entirely_outside_the_period_produces_no_slices():
    out = split(make_bills(bill("2019-03-01", "2019-03-31")), dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert len(out) == 0


def test_bill_across_a_year_boundary_gives_both_years():
    # 2020-12-17..2021-01-15: 15 days in each year, 150 each.
    out = split(make_bills(bill("2020-12-17", "2021-01-15", 300.0)))
    assert out["year"].tolist() == [2020, 2021]
    assert out["month"].tolist() == ["2020-12", "2021-01"]
    assert out["quantity"].tolist() == pytest.approx([150.0, 150.0], rel=1e-12)


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

METERS = ("m1", "m2")  # few meters, so bills of one meter meet often
QUANTITIES = st.floats(min_value=-1e6, max_value=1e9, allow_nan=False, allow_infinity=False)
PROPERTY = settings(max_examples=100, deadline=None)


@st.composite
def bill_tables(draw: st.DrawFn) -> pd.DataFrame:
    """A few bills over random meters: a start in 2019-2023, 1..400 days, any quantity.

    A bill may also start on (or the day after) the end of an earlier bill of its meter, or repeat
    an earlier bill's dates (a duplicate or a correction), so the shared-day rule and its ties are
    exercised and not only met by chance.
    """
    rows: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        meter = draw(st.sampled_from(METERS))
        earlier = [row for row in rows if row["meter"] == meter]
        how = draw(st.sampled_from(("random", "shares_end", "follows", "repeats"))) if earlier else "random"
        days = draw(st.integers(min_value=1, max_value=400))
        if how == "random":
            start = draw(st.dates(dt.date(2019, 1, 1), dt.date(2023, 12, 31)))
        elif how == "repeats":
            twin = draw(st.sampled_from(earlier))
            start, days = twin["period_start"], (twin["period_end"] - twin["period_start"]).days + 1
        else:
            start = draw(st.sampled_from(earlier))["period_end"] + (DAY if how == "follows" else dt.timedelta(0))
        rows.append(
            {
                "meter": meter,
                "period_start": start,
                "period_end": start + (days - 1) * DAY,
                "quantity": draw(QUANTITIES),
            }
        )
    return make_bills(*rows)


def close(actual: float, expected: float) -> bool:
    return math.isclose(actual, expected, rel_tol=1e-12, abs_tol=1e-9)


def day_count(first: pd.Series, last: pd.Series) -> pd.Series:
    return (last - first).dt.days + 1


@PROPERTY
@given(bills=bill_tables())
def test_slices_of_a_bill_add_up_to_its_quantity(bills):
    out = split(bills)
    totals = out.groupby("bill_id")["quantity"].sum()
    assert set(totals.index) == set(bills.index)  # no bill lost
    for bill_id, quantity in bills["quantity"].items():
        assert close(totals[bill_id], quantity), (bill_id, totals[bill_id], quantity)


@PROPERTY
@given(bills=bill_tables())
def test_every_day_of_a_bill_is_in_exactly_one_slice(bills):
    effective = billcal.apply_shared_day_rule(bills)
    # the shared-day rule removes at most the last day, never the only one
    assert (effective["period_end"] - effective["effective_end"]).dt.days.isin([0, 1]).all()
    assert (effective["effective_end"] >= effective["period_start"]).all()

    out = billcal.split_by_month(effective).sort_values(["bill_id", "slice_start"])
    start, end = out["slice_start"].to_numpy("datetime64[D]"), out["slice_end"].to_numpy("datetime64[D]")
    assert (out["days"].to_numpy() == (end - start).astype("int64") + 1).all()
    assert (start.astype("datetime64[M]") == end.astype("datetime64[M]")).all()  # one month per slice
    same_bill = out["bill_id"].to_numpy()[1:] == out["bill_id"].to_numpy()[:-1]
    assert (start[1:][same_bill] == end[:-1][same_bill] + 1).all()  # each slice starts the day after the last

    per_bill = out.groupby("bill_id").agg(
        first=("slice_start", "min"), last=("slice_end", "max"), days=("days", "sum"), bill_days=("bill_days", "max")
    )
    bill_days = day_count(effective["period_start"], effective["effective_end"])
    assert per_bill.index.tolist() == effective.index.tolist()
    assert (per_bill["first"] == effective["period_start"]).all()
    assert (per_bill["last"] == effective["effective_end"]).all()
    assert (per_bill["days"] == bill_days).all()
    assert (per_bill["bill_days"] == bill_days).all()


@PROPERTY
@given(
    bills=bill_tables(),
    first=st.dates(dt.date(2019, 1, 1), dt.date(2024, 12, 31)),
    length=st.integers(min_value=1, max_value=800),
)
def test_clipped_slices_add_up_to_the_in_period_share(bills, first, length):
    last = first + (length - 1) * DAY
    out = split(bills, first, last)
    totals = out.groupby("bill_id")["quantity"].sum()
    effective = billcal.apply_shared_day_rule(bills)
    bill_days = day_count(effective["period_start"], effective["effective_end"])
    inside = day_count(
        effective["period_start"].clip(lower=pd.Timestamp(first)),
        effective["effective_end"].clip(upper=pd.Timestamp(last)),
    ).clip(lower=0)
    expected = effective["quantity"] * inside / bill_days
    assert set(totals.index) == set(inside.index[inside > 0])  # a bill outside the period leaves no slice
    for bill_id, value in expected.items():
        assert close(totals.get(bill_id, 0.0), value), (bill_id, totals.get(bill_id), value)


@PROPERTY
@given(data=st.data())
def test_result_does_not_depend_on_row_order(data):
    bills = data.draw(bill_tables())
    order = data.draw(st.permutations(range(len(bills))))
    # Compared by content: bills identical in every column but source_row may swap slices
    # (see test_which_identical_bill_is_shortened_does_not_depend_on_row_order).
    columns = [
        "site",
        "activity",
        "meter",
        "period_start",
        "period_end",
        "effective_end",
        "slice_start",
        "slice_end",
        "days",
        "bill_days",
        "quantity",
        "month",
        "year",
    ]

    def canonical(frame: pd.DataFrame) -> pd.DataFrame:
        return split(frame)[columns].sort_values(columns).reset_index(drop=True)

    pd.testing.assert_frame_equal(canonical(bills.iloc[order]), canonical(bills), check_exact=True)


def test_which_identical_bill_is_shortened_does_not_depend_on_row_order():
    # Rows 2 and 3 are the same bill entered twice; row 4 begins on the day they end.
    bills = make_bills(
        bill("2021-01-20", "2021-02-10", 220.0),
        bill("2021-01-20", "2021-02-10", 220.0),
        bill("2021-02-10", "2021-02-28", 1.0),
    )
    assert end_by_row(bills.iloc[[1, 0, 2]]) == end_by_row(bills)
