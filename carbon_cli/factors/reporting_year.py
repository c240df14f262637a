"""UK reporting years that are not calendar years: one DESNZ edition for the whole year (issue 13).

DESNZ publishes its conversion factors per calendar year and says which set a company whose
reporting year is not the calendar year uses (the introduction of every set since Defra/DECC's):
"In the case that companies are reporting on an April to March year for example, the factors from
the calendar year in which the greatest portion of their data falls should be applied. E.g. the
2014 factors should be applied to data in reporting year 01/04/14 - 31/03/15 [...] Users that operate
a July to June reporting year should apply the newest set of available factors."

So a GB site whose reporting period is one year at most and spans two calendar years has every
factor chosen for the calendar year that holds more of the period's days; a period split about
evenly (July to June: 184 and 181 days, within :data:`EVEN_SPLIT_DAYS`) takes the later year, DESNZ's
"newest set". Before, each month took its own year's set (January to March of an April-to-March
year took the next year's DESNZ factors). The months keep their own
year in the ledger; the factor's year shows which set was used, and an ``info`` notice says why.
A calendar year, a longer period and a site outside GB are unchanged: each month its own year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..notices import Notice
from .regions import region_chain

#: The region whose factors follow DESNZ's reporting-year rule (DESNZ's factors are GB-wide).
DESNZ_REGION = "GB"
#: Days by which the two calendar years' shares may differ and still be DESNZ's July-to-June case
#: (an even split: the newest set); July to June is 184 against 181 (182 in a leap year).
EVEN_SPLIT_DAYS = 7


def edition_year(start: dt.date, end: dt.date) -> int | None:
    """The calendar year whose DESNZ set a reporting period from ``start`` to ``end`` (inclusive) takes:
    the year holding more of its days, the later where they are about even (July to June); None
    for a period inside one calendar year or longer than a year (each month takes its own set)."""
    if start.year == end.year or end.year != start.year + 1 or (end - start).days + 1 > 366:
        return None
    first = (dt.date(start.year, 12, 31) - start).days + 1
    second = (end - dt.date(end.year, 1, 1)).days + 1
    return start.year if first - second > EVEN_SPLIT_DAYS else end.year


def desnz_years(periods: Mapping[str, tuple[dt.date, dt.date]], regions: Mapping[str, str]) -> dict[str, int]:
    """The DESNZ edition year of each GB site whose reporting period spans two calendar years."""
    out = {}
    for site, (start, end) in periods.items():
        year = edition_year(start, end)
        if year is not None and DESNZ_REGION in region_chain(regions[site])[0]:
            out[site] = year
    return out


def factor_years(slices: pd.DataFrame, years: Mapping[str, int]) -> np.ndarray | None:
    """Each slice's year for choosing its factors: the site's DESNZ edition year where it has one,
    else the slice's own year; None when no site of ``slices`` has one (nothing changes)."""
    own = slices["year"].to_numpy("int64")
    if not years or not len(slices):
        return None
    site = slices["site"].astype("str")
    mapped = site.map(years)
    if not mapped.notna().any():
        return None
    return np.where(mapped.notna().to_numpy(), mapped.fillna(0).to_numpy("int64"), own)


def notices(periods: Mapping[str, tuple[dt.date, dt.date]], years: Mapping[str, int]) -> list[Notice]:
    """One ``info`` notice per site whose factors follow the rule, naming the set and the period."""
    return [
        Notice(
            "info",
            site,
            f"reporting year {periods[site][0].isoformat()} to {periods[site][1].isoformat()}: every factor is "
            f"the {year} set's, the calendar year holding most of the period (DESNZ: a reporting year that is "
            "not a calendar year takes the factors of the calendar year in which the greatest portion of its "
            "data falls; July to June, the newest set)",
        )
        for site, year in sorted(years.items())
    ]
