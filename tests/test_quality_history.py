"""The calendar of the history checks (carbon_cli.quality.history): a bill's middle and its
month and day of the year, as pandas has them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon_cli.quality.history import middle_of, month_and_day_of_year


def test_middles_and_calendar_days_are_those_of_pandas() -> None:
    rng = np.random.default_rng(9)
    start = (rng.integers(-30_000, 40_000, 5000) * 86_400).astype("datetime64[s]")
    for odd_seconds in (False, True):
        end = start + (rng.integers(0, 400, 5000) * 86_400 + odd_seconds * rng.integers(0, 3, 5000)).astype(
            "timedelta64[s]"
        )
        series = pd.Series(start) + (pd.Series(end) - pd.Series(start)) / 2
        middle = middle_of(start, end)
        assert np.array_equal(middle, series.to_numpy())
        month, day_of_year = month_and_day_of_year(middle)
        assert np.array_equal(month + 1, series.dt.month.to_numpy())
        assert np.array_equal(day_of_year, series.dt.day_of_year.to_numpy())
