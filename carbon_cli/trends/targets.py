"""Targets: the trajectory from a base year to a target year, and each year's gap to it.

Two forms, as the Science Based Targets initiative and the GHG Protocol describe them:

* **absolute**: a reduction of the base year's emissions by ``reduction`` by ``target_year``
  (e.g. -42% by 2030), or a linear annual rate of the base year's emissions (``annual_rate``:
  the 1.5 °C rate is 4.2% of the base year a year). Between the two years the trajectory is a
  straight line: ``base × (1 - reduction × (year - base_year) / (target_year - base_year))``.
* **intensity**: the same line drawn on emissions per m² or per person (``per:``), so a site
  that grows is judged on its intensity.

A year is on track when its actual is at or below the trajectory; the gap is actual minus
trajectory (positive: above it, emissions still to cut).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

TARGET_COLUMNS = ["target", "year", "actual", "trajectory", "gap", "on_track", "unit"]


@dataclass(frozen=True)
class Target:
    """One target, resolved: the base year's figure is the inventory's (or the recalculated one)."""

    name: str
    base_year: int
    target_year: int
    reduction: float
    #: ``scope1_2_location`` or ``scope1_2_market`` (or a scope), t CO2e.
    view: str = "scope1_2_market"
    #: ``None`` (absolute), ``m2`` or ``person`` (intensity, kg CO2e per unit).
    per: str | None = None

    def trajectory(self, base: float, year: int) -> float:
        """The target's value in ``year`` from the base year's ``base``; flat before the base year
        and after the target year (the target holds once reached)."""
        span = self.target_year - self.base_year
        done = min(max(year - self.base_year, 0), span) / span
        return base * (1.0 - self.reduction * done)


def from_rate(name: str, base_year: int, target_year: int, annual_rate: float, **kwargs: object) -> Target:
    """A linear annual rate (share of the base year a year) as the reduction it reaches by the target year."""
    reduction = min(annual_rate * (target_year - base_year), 1.0)
    return Target(name, base_year, target_year, reduction, **kwargs)  # type: ignore[arg-type]


def progress(target: Target, actual: Mapping[int, float], *, unit: str = "t CO2e") -> pd.DataFrame:
    """Each year of ``actual`` (whole years, by year) against the target's trajectory.

    :raises ValueError: the base year is not among ``actual`` (the caller names the YAML key).
    """
    if target.base_year not in actual:
        raise ValueError(f"base year {target.base_year} has no whole-year figure")
    base = float(actual[target.base_year])
    rows = []
    for year in sorted(actual):
        value = float(actual[year])
        line = target.trajectory(base, year)
        rows.append([target.name, year, value, line, value - line, value <= line + 1e-12, unit])
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)
