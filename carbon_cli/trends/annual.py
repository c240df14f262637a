"""Each calendar year of an inventory on its own: totals per site and for the run, with the days
each site was open and the share of them its bills cover, so that a part year is visible and
never compared as if it were whole.

A site's year is **complete** when its reporting period covers the days it was open that year
(``opened:``/``closed:``) and every activity it bills covers at least ``min_coverage`` of them;
it is **whole** when, besides, it was open the whole year. A site's own series (its peak, its
targets) uses its whole years; the run's series uses the years complete for every site open in
them (a site that opened mid-year adds its part: that is growth, not missing data).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import quality, summary
from ..config import Period, SiteConfig

#: The scope columns of :func:`carbon_cli.summary.scope_table` with Scope 1 + 2 in both views.
SCOPE_COLUMNS = ["scope1", "scope2_location", "scope2_market", "scope1_2_location", "scope1_2_market"]
SITE_YEAR_COLUMNS = ["site", "year", "open_days", "covered_share", "complete", "whole", *SCOPE_COLUMNS]
RUN_YEAR_COLUMNS = ["year", "sites", "complete", "whole", *SCOPE_COLUMNS]


def site_years(
    facts: pd.DataFrame,
    bills: pd.DataFrame,
    sites: Sequence[SiteConfig],
    periods: Mapping[str, Period],
    *,
    min_coverage: float = 0.95,
    owned: bool = False,
    covered: Mapping[tuple[str, str, int], int] | None = None,
) -> pd.DataFrame:
    """One row per site and calendar year of the run (:data:`SITE_YEAR_COLUMNS`): the years any
    site's reporting period touches.

    :param owned: count only the months each site belonged to the organisation
        (:func:`owned_facts`): the run's series; a site's own series and the base year's
        recalculation need all of its months.
    :param covered: :func:`covered_days` of these bills and years, when already counted.
    """
    kept = owned_facts(facts, sites) if owned else facts
    table = summary.scope_table(kept, ["site", "year"]) if len(kept) else pd.DataFrame(columns=["site", "year"])
    years = sorted({y for p in periods.values() for y in range(p.start.year, p.end.year + 1)})
    shares = covered if covered is not None else covered_days(bills, years)
    rows = []
    for cfg in sites:
        site, period = cfg.site.id, periods[cfg.site.id]
        billed = set(bills.loc[bills["site"] == site, "activity"].astype(str)) if len(bills) else set()
        # every year of the run: a site open in a year its own period leaves out makes that year
        # incomplete for the run (a UK office's 2023 beside a US office's 2024 is no series)
        for year in years:
            first, last = open_span(cfg, year)
            open_days = max((last - first).days + 1, 0)
            in_period = period.start <= first and period.end >= last
            shares_of = [shares.get((site, a, year), 0) / open_days for a in billed] if open_days else []
            share = min(shares_of, default=0.0 if billed else 1.0)
            complete = bool(open_days) and in_period and share >= min_coverage
            full = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
            rows.append([site, year, open_days, min(share, 1.0), complete, complete and open_days == full])
    out = pd.DataFrame(rows, columns=SITE_YEAR_COLUMNS[:6])
    table = table.astype({"site": str, "year": "int64"}) if len(table) else table
    out = out.merge(table, on=["site", "year"], how="left") if len(table) else out
    for column in SCOPE_COLUMNS:
        out[column] = out[column].fillna(0.0) if column in out else 0.0
    return out[SITE_YEAR_COLUMNS]


def run_years(per_site: pd.DataFrame) -> pd.DataFrame:
    """The run's totals per year (:data:`RUN_YEAR_COLUMNS`): complete when every site open that
    year is complete, whole when besides no site was open for part of it only."""
    open_sites = per_site[per_site["open_days"] > 0]
    grouped = open_sites.groupby("year", sort=True)
    out = grouped[SCOPE_COLUMNS].sum()
    out.insert(0, "sites", grouped["site"].nunique())
    out.insert(1, "complete", grouped["complete"].all())
    out.insert(2, "whole", grouped["whole"].all())
    return out.reset_index()[RUN_YEAR_COLUMNS]


def series(table: pd.DataFrame, view: str, *, flag: str = "whole") -> dict[int, float]:
    """The years of ``table`` marked ``flag`` as ``{year: t CO2e}`` of Scope 1 + 2 in ``view``."""
    kept = table[table[flag].astype(bool)]
    return dict(zip(kept["year"].astype(int).tolist(), kept[f"scope1_2_{view}"].astype(float).tolist(), strict=True))


def owned_facts(facts: pd.DataFrame, sites: Sequence[SiteConfig]) -> pd.DataFrame:
    """The facts of the months each site belonged to the organisation: not before ``acquired:``,
    not after ``divested:`` (a site opened or closed simply has no bills outside its life)."""
    keep = np.ones(len(facts), dtype=bool)
    month = facts["month"].astype(str).to_numpy() if len(facts) else np.array([], dtype=str)
    site = facts["site"].astype(str).to_numpy() if len(facts) else np.array([], dtype=str)
    for cfg in sites:
        mine = site == cfg.site.id
        if cfg.site.acquired is not None:
            keep &= ~(mine & (month < cfg.site.acquired.strftime("%Y-%m")))
        if cfg.site.divested is not None:
            keep &= ~(mine & (month > cfg.site.divested.strftime("%Y-%m")))
    return facts if keep.all() else facts[keep]


def open_span(cfg: SiteConfig, year: int, *, owned_only: bool = True) -> tuple[dt.date, dt.date]:
    """The days of ``year`` the site was open and (``owned_only``) owned: after ``acquired:``,
    up to ``divested:``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    starts = [d for d in (cfg.site.opened, cfg.site.acquired if owned_only else None) if d is not None]
    ends = [d for d in (cfg.site.closed, cfg.site.divested if owned_only else None) if d is not None]
    return max([first, *starts]), min([last, *ends])


def covered_days(bills: pd.DataFrame, years: Sequence[int]) -> dict[tuple[str, str, int], int]:
    """Days of each calendar year covered by each site's bills of each activity."""
    out: dict[tuple[str, str, int], int] = {}
    if not len(bills):
        return out
    for year in years:
        table = quality.coverage(bills, Period(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)))
        for site, activity, days in table[["site", "activity", "covered_days"]].itertuples(index=False):
            out[(str(site), str(activity), year)] = int(days)
    return out
