"""The data-quality checks on numpy arrays: the same findings whatever the text columns' type,
and the numeric helpers equal to the straightforward pandas / bincount code they replace, to
the last bit (a finding's numbers and thresholds come from them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

from carbon_cli import bills, calendar, quality
from carbon_cli.config import Period, Quality

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
    frame.append(dict(frame[81], meter="spare", period_start=frame[81]["period_start"] + pd.Timedelta(days=1)))
    frame.append(dict(frame[82], period_start=pd.Timestamp(2025, 1, 1), period_end=pd.Timestamp(2025, 1, 31)))
    table = pd.DataFrame(frame).sample(frac=1.0, random_state=seed).reset_index(drop=True)
    table["source_row"] = table.groupby("source_file").cumcount().astype("int64") + 2
    for column in ("period_start", "period_end"):
        table[column] = table[column].astype("datetime64[s]")
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
    assert set(findings["check"]) == set(quality.CHECKS) - {"end_gap"}


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


# -- the numeric helpers against the code they replace ----------------------------------------------


def reference_seasonal_fit(
    meter: np.ndarray, day_of_year: np.ndarray, log_rate: np.ndarray, iterations: int = 10
) -> np.ndarray:
    """The seasonal fit as sums per meter with np.bincount and medians with pandas (the
    specification: the block layout must give these numbers to the last bit)."""
    count = np.bincount(meter)
    theta = 2 * np.pi * (day_of_year - 1) / 365.25
    x = np.column_stack([np.ones_like(theta), np.cos(theta), np.sin(theta), np.cos(2 * theta), np.sin(2 * theta)])
    one_peak = count < quality.TWO_PEAK_MIN_BILLS
    x[one_peak[meter], 3:] = 0.0
    size = x.shape[1]
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
    return fitted


@pytest.mark.parametrize("cells", [quality._BLOCK_CELLS, 64, 10_000_000])
def test_the_seasonal_fit_is_the_bincount_fit_to_the_last_bit(cells: int) -> None:
    rng = np.random.default_rng(5)
    sizes = np.r_[6, 7, 11, 12, 13, 13, 13, 24, 36, 37, 100, rng.integers(6, 40, 60)]  # one meter of 100: alone
    meter = np.repeat(np.arange(len(sizes)), sizes)
    day_of_year = rng.integers(1, 367, len(meter))
    log_rate = rng.normal(3, 1, len(meter)) + np.cos(2 * np.pi * day_of_year / 365.25)
    log_rate[rng.random(len(meter)) < 0.05] += 2.5  # wild bills
    want = reference_seasonal_fit(meter, day_of_year, log_rate)
    got = quality._seasonal_fit(
        quality._layout(meter, len(sizes), cells), np.ones(len(sizes), dtype=bool), day_of_year, log_rate
    )
    assert np.array_equal(got, want)


def test_the_seasonal_fit_of_some_meters_leaves_the_others_out() -> None:
    rng = np.random.default_rng(6)
    meter = np.repeat(np.arange(5), 14)
    day_of_year, log_rate = rng.integers(1, 367, len(meter)), rng.normal(0, 1, len(meter))
    fit = np.array([True, False, True, False, False])
    got = quality._seasonal_fit(quality._layout(meter, 5), fit, day_of_year, log_rate)
    want = reference_seasonal_fit(meter, day_of_year, log_rate)
    assert np.array_equal(got[fit[meter]], want[fit[meter]])
    assert np.isnan(got[~fit[meter]]).all()


def test_group_medians_are_pandas_medians() -> None:
    rng = np.random.default_rng(7)
    sizes = np.r_[1, 2, 3, 4, 5, 8, 9, 16, 17, 100, rng.integers(1, 30, 50)]
    group = np.repeat(np.arange(len(sizes)), sizes)
    values = rng.normal(0, 1, len(group)).round(1)  # ties too
    values[rng.random(len(group)) < 0.1] = np.nan
    want = pd.Series(values).groupby(group).median().to_numpy()
    got = quality._median(quality._layout(group, len(sizes), 64), values)
    assert np.array_equal(got, want, equal_nan=True)
    history = rng.random(len(sizes)) < 0.7
    centre, deviation = quality._centre_and_deviation(quality._layout(group, len(sizes), 64), values, history)
    assert np.array_equal(centre, np.where(history, want, 0.0), equal_nan=True)
    absolute = np.abs(values - centre[group])
    assert np.array_equal(deviation, pd.Series(absolute).groupby(group).median().to_numpy(), equal_nan=True)


def test_the_median_of_the_others_is_that_of_the_group_without_the_bill() -> None:
    rng = np.random.default_rng(8)
    group = rng.integers(0, 40, 600) * 3  # numbers with gaps, in no order
    values = rng.normal(0, 1, 600).round(1)
    got = quality._median_of_others(group, values)
    for index in range(len(values)):
        others = np.delete(values, index)[np.delete(group, index) == group[index]]
        assert got[index] == np.median(others) if len(others) else np.isnan(got[index])


def test_middles_and_calendar_days_are_those_of_pandas() -> None:
    rng = np.random.default_rng(9)
    start = (rng.integers(-30_000, 40_000, 5000) * 86_400).astype("datetime64[s]")
    for odd_seconds in (False, True):
        end = start + (rng.integers(0, 400, 5000) * 86_400 + odd_seconds * rng.integers(0, 3, 5000)).astype(
            "timedelta64[s]"
        )
        series = pd.Series(start) + (pd.Series(end) - pd.Series(start)) / 2
        middle = quality._middle_of(start, end)
        assert np.array_equal(middle, series.to_numpy())
        month, day_of_year = quality._calendar(middle)
        assert np.array_equal(month + 1, series.dt.month.to_numpy())
        assert np.array_equal(day_of_year, series.dt.day_of_year.to_numpy())


def test_the_shared_day_rule_is_the_calendar_modules() -> None:
    frame = faulty_bills()
    frame["period_end"] = frame["period_end"].where(frame.index != 3, frame["period_start"])  # one day: kept
    want = calendar.apply_shared_day_rule(frame)["effective_end"].to_numpy("datetime64[s]")
    assert np.array_equal(quality._arrays(frame).effective_end, want)


@pytest.mark.parametrize("midnights", [True, False])
def test_date_ranks_sort_and_compare_as_the_dates(midnights: bool) -> None:
    rng = np.random.default_rng(10)
    first = rng.integers(0, 900, 300) * 86_400 + (0 if midnights else rng.integers(0, 86_400, 300))
    second = first[rng.integers(0, 300, 200)] + rng.integers(0, 3, 200) * 86_400
    (a, b), count = quality._ranks(first.astype("datetime64[s]"), second.astype("datetime64[s]"))
    every, ranks = np.r_[first, second], np.r_[a, b]
    assert count == len(np.unique(every))
    assert np.array_equal(np.sign(every[:, None] - every[None, :]), np.sign(ranks[:, None] - ranks[None, :]))


def test_repeated_values_are_those_pandas_calls_duplicated() -> None:
    values = np.random.default_rng(11).integers(0, 500, 1000)
    assert np.array_equal(quality._repeated(values), pd.Series(values).duplicated(keep=False).to_numpy())


def test_text_codes_follow_the_sorted_text_for_every_column_type() -> None:
    text = pd.Series(["b", "表", "a", "B", "a", "c"])
    order = np.sign(np.array([[(a > b) - (a < b) for b in text] for a in text]))  # by code point: B a b c 表
    for column in (
        text,
        text.astype(object),
        text.astype("category"),
        pd.Series(pd.Categorical(text, categories=["表", "c", "x", "B", "b", "a"])),
    ):
        codes, texts = quality._codes(column)
        assert np.array_equal(np.sign(codes[:, None] - codes[None, :]), order), column.dtype
        assert texts[codes].tolist() == text.tolist()
