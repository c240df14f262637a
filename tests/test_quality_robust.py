"""The robust statistics of the history checks (carbon_cli.quality.robust): equal to the
straightforward pandas / bincount code they replace, to the last bit (a finding's numbers and
thresholds come from them)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from carbon_cli.quality.catalog import TWO_PEAK_MIN_BILLS
from carbon_cli.quality.robust import (
    BLOCK_CELLS,
    centre_and_deviation,
    lay_out,
    median_of_others,
    medians,
    seasonal_fit,
)


def reference_seasonal_fit(
    meter: np.ndarray, day_of_year: np.ndarray, log_rate: np.ndarray, iterations: int = 10
) -> np.ndarray:
    """The seasonal fit as sums per meter with np.bincount and medians with pandas (the
    specification: the block layout must give these numbers to the last bit)."""
    count = np.bincount(meter)
    theta = 2 * np.pi * (day_of_year - 1) / 365.25
    x = np.column_stack([np.ones_like(theta), np.cos(theta), np.sin(theta), np.cos(2 * theta), np.sin(2 * theta)])
    one_peak = count < TWO_PEAK_MIN_BILLS
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


@pytest.mark.parametrize("cells", [BLOCK_CELLS, 64, 10_000_000])
def test_the_seasonal_fit_is_the_bincount_fit_to_the_last_bit(cells: int) -> None:
    rng = np.random.default_rng(5)
    sizes = np.r_[6, 7, 11, 12, 13, 13, 13, 24, 36, 37, 100, rng.integers(6, 40, 60)]  # one meter of 100: alone
    meter = np.repeat(np.arange(len(sizes)), sizes)
    day_of_year = rng.integers(1, 367, len(meter))
    log_rate = rng.normal(3, 1, len(meter)) + np.cos(2 * np.pi * day_of_year / 365.25)
    log_rate[rng.random(len(meter)) < 0.05] += 2.5  # wild bills
    want = reference_seasonal_fit(meter, day_of_year, log_rate)
    got = seasonal_fit(lay_out(meter, len(sizes), cells), np.ones(len(sizes), dtype=bool), day_of_year, log_rate)
    assert np.array_equal(got, want)


def test_the_seasonal_fit_of_some_meters_leaves_the_others_out() -> None:
    rng = np.random.default_rng(6)
    meter = np.repeat(np.arange(5), 14)
    day_of_year, log_rate = rng.integers(1, 367, len(meter)), rng.normal(0, 1, len(meter))
    fit = np.array([True, False, True, False, False])
    got = seasonal_fit(lay_out(meter, 5), fit, day_of_year, log_rate)
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
    got = medians(lay_out(group, len(sizes), 64), values)
    assert np.array_equal(got, want, equal_nan=True)
    history = rng.random(len(sizes)) < 0.7
    centre, deviation = centre_and_deviation(lay_out(group, len(sizes), 64), values, history)
    assert np.array_equal(centre, np.where(history, want, 0.0), equal_nan=True)
    absolute = np.abs(values - centre[group])
    assert np.array_equal(deviation, pd.Series(absolute).groupby(group).median().to_numpy(), equal_nan=True)


def test_the_median_of_the_others_is_that_of_the_group_without_the_bill() -> None:
    rng = np.random.default_rng(8)
    group = rng.integers(0, 40, 600) * 3  # numbers with gaps, in no order
    values = rng.normal(0, 1, 600).round(1)
    got = median_of_others(group, values)
    for index in range(len(values)):
        others = np.delete(values, index)[np.delete(group, index) == group[index]]
        assert got[index] == np.median(others) if len(others) else np.isnan(got[index])
