"""Carbon-peak status of a yearly emissions series.

The definition our users work under (China's 碳达峰, and the way the UNFCCC and the IEA use
"peaking"): the peak is the highest annual emissions, followed by a plateau and then a
sustained decline. Written out as a rule on whole calendar years only (a part year would read
as a fall that is only missing months):

* fewer than ``min_years`` whole years: **too short to tell**;
* the peak is the highest year (the latest of equal highs); the **plateau band** is
  ``tolerance`` either side of it;
* the latest year is the peak and is more than ``tolerance`` above the year before:
  **still rising**;
* otherwise, when no year after the peak falls below the band: **plateau** since the peak year;
* when every year from the first one below the band to the latest stays below it, and that
  run has at least ``decline_years`` years and never rises by more than ``tolerance`` from one
  year to the next: **peaked in** the peak year, or **declining since** the first year below the
  band when the peak is the first year of the series (the true peak may lie before the data);
* a run below the band that is shorter, or one that rises back into the band: **declining
  since** the first year of the run when it reaches the latest year, else **plateau**.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

#: Defaults of the rule; ``trends:`` in the YAML may change them.
TOLERANCE = 0.05
DECLINE_YEARS = 3
MIN_YEARS = 3


@dataclass(frozen=True)
class PeakStatus:
    """Where a series stands. ``status`` is one of ``too_short``, ``rising``, ``plateau``,
    ``peaked``, ``declining``; ``year`` is the peak year (plateau, peaked) or the first year
    of the decline (declining); ``peak_year`` and ``peak`` the highest whole year."""

    status: str
    year: int | None
    peak_year: int | None
    peak: float | None
    years: int

    def text(self) -> str:
        """The status in words, as the terminal and the workbook show it."""
        if self.status == "too_short":
            return f"too short to tell ({self.years} whole year{'s' if self.years != 1 else ''})"
        if self.status == "rising":
            return "still rising"
        if self.status == "plateau":
            return f"plateau since {self.year}"
        if self.status == "peaked":
            return f"peaked in {self.year}"
        return f"declining since {self.year}"


def classify(
    series: Mapping[int, float],
    *,
    tolerance: float = TOLERANCE,
    decline_years: int = DECLINE_YEARS,
    min_years: int = MIN_YEARS,
) -> PeakStatus:
    """The carbon-peak status of ``series`` (t CO2e by whole calendar year; see the module rule).

    :param series: whole years only; years need not be consecutive, they are read in order.
    :param tolerance: half-width of the plateau band, as a fraction of the peak.
    :param decline_years: years a decline must last before the peak is called.
    :param min_years: fewer whole years than this are too short to tell.
    """
    years = sorted(series)
    values = [float(series[year]) for year in years]
    if len(years) < min_years:
        return PeakStatus("too_short", None, None, None, len(years))
    top = max(values)
    p = max(index for index, value in enumerate(values) if value == top)
    peak_year = years[p]
    last = len(values) - 1
    if p == last:
        rising = values[last] > values[last - 1] * (1 + tolerance)
        return PeakStatus("rising" if rising else "plateau", None if rising else peak_year, peak_year, top, len(years))
    floor = top * (1 - tolerance)
    below = [index for index in range(p + 1, len(values)) if values[index] < floor]
    if not below:
        return PeakStatus("plateau", peak_year, peak_year, top, len(years))
    # the run of years below the band that reaches the latest year
    start = last
    while start - 1 > p and values[start - 1] < floor:
        start -= 1
    if values[last] >= floor:
        return PeakStatus("plateau", peak_year, peak_year, top, len(years))
    run = values[start:]
    steady = all(later <= earlier * (1 + tolerance) for earlier, later in pairwise(run))
    if len(run) >= decline_years and steady and p > 0:
        return PeakStatus("peaked", peak_year, peak_year, top, len(years))
    return PeakStatus("declining", years[start], peak_year, top, len(years))
