"""The inventory's quality pass: findings and coverage of every site, and ``--fill-gaps``'
estimates, one pass per group of sites that share their quality settings (called from
:mod:`carbon_cli.inventory`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from . import bills as billio
from . import config, factors, quality
from .notices import Notice


def by_settings(configs: Sequence[config.SiteConfig], periods: dict[str, config.Period]) -> dict[Any, list[str]]:
    """Sites grouped by what the quality checks depend on: period, thresholds and country."""
    groups: dict[Any, list[str]] = {}
    for cfg in configs:
        key = (periods[cfg.site.id], cfg.quality, factors.country_of(cfg.site.region))
        groups.setdefault(key, []).append(cfg.site.id)
    return groups


def run_quality(
    configs: Sequence[config.SiteConfig],
    bills: pd.DataFrame,
    periods: dict[str, config.Period],
    today: dt.date | None,
    intervals: Sequence[pd.DataFrame] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Findings and coverage of every site: one pass per group of sites sharing their settings.

    Every activity a site's YAML bills counts for coverage, even without rows, except a fleet's
    (``vehicle:``): its rows become vehicle activities (``ship_diesel_nonroad`` ...), so the fuel it names
    never has rows of its own and would read as uncovered. ``intervals``: the per meter-day figures of
    interval files, for the interval checks.
    """
    days = pd.concat(intervals, ignore_index=True) if intervals else None

    found, covered = [], []
    for (period, settings, country), ids in by_settings(configs, periods).items():
        own = bills[bills["site"].isin(ids)] if len(ids) < len(configs) else bills
        named = {
            (cfg.site.id, b.activity)
            for cfg in configs
            if cfg.site.id in ids
            for b in cfg.bills
            if b.activity and not b.vehicle  # a fleet's rows are its vehicle activities (issue 14)
        }
        present = set(own[["site", "activity"]].drop_duplicates().itertuples(index=False, name=None))
        mine = days[days["site"].isin(ids)] if days is not None else None
        result = quality.assess(
            own,
            period,
            settings,
            region=country,
            activities=sorted(named | present),
            today=today,
            daily_files=set(mine["source_file"]) if mine is not None else (),
        )
        found.append(result[0] if mine is None else quality.interval_findings(mine, period, settings, others=result[0]))
        covered.append(result[1])
    return pd.concat(found, ignore_index=True), pd.concat(covered, ignore_index=True)


def fill_gaps(
    configs: Sequence[config.SiteConfig],
    bills: pd.DataFrame,
    periods: dict[str, config.Period],
    today: dt.date | None,
    daily_files: set[str],
) -> pd.DataFrame:
    """Estimated rows for uncovered days, per group of sites sharing their settings."""

    parts = [
        quality.fill_gaps(bills[bills["site"].isin(ids)], period, settings, today=today, daily_files=daily_files)
        for (period, settings, _), ids in by_settings(configs, periods).items()
    ]
    return pd.concat(parts, ignore_index=True) if parts else billio.empty()


def filled_notice(site: str, filled: pd.DataFrame) -> Notice:
    """What --fill-gaps added: the first few filled ranges, named by activity and meter."""
    shown = [
        f"{r.activity} meter '{r.meter}' {r.period_start:%Y-%m-%d}..{r.period_end:%Y-%m-%d} {r.quantity:,.1f} {r.unit}"
        for r in filled.head(3).itertuples()
    ]
    more = f" and {len(filled) - 3} more" if len(filled) > 3 else ""
    return Notice(
        "warning",
        site,
        f"--fill-gaps added {len(filled)} estimated bill(s) from each meter's own "
        f"average per day ({quality.FILLED_SOURCE} in the ledger): {'; '.join(shown)}{more}",
    )
