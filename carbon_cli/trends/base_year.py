"""The base year and its recalculation (GHG Protocol Corporate Standard, chapter 5).

The base year's figure is recalculated when a change would move it by more than the
significance threshold (``base_year.significance``, default 5%):

* **structural**: a site ``acquired:`` after the base year adds its base-year emissions (from
  its own bills of that year); one ``divested:`` takes its base-year emissions out. A site
  ``opened:`` or ``closed:`` is organic growth or decline and never triggers a recalculation;
* **methodology or error**: ``base_year.reported_t`` (the figure first reported) differs from
  the base year recomputed today (a new factor edition, a corrected bill) by more than the
  threshold.

Below the threshold the figure first reported stands; both figures and the reason are always
given, so an auditor sees what was weighed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..config import SiteConfig
from ..config_goals import BaseYear


@dataclass(frozen=True)
class BaseYearFigure:
    """The base year as reported and as used; ``reasons`` say what moved it, ``recalculated``
    whether the move passed the threshold."""

    year: int
    view: str
    reported: float
    used: float
    recalculated: bool
    reasons: list[str]
    significance: float
    #: The sites ``used`` counts (for an intensity's denominator).
    sites: tuple[str, ...] = ()

    @property
    def shift(self) -> float:
        """The change the reasons add up to, as a share of the reported figure."""
        return (self.used - self.reported) / self.reported if self.reported else 0.0


def base_year_figure(
    spec: BaseYear, per_site: pd.DataFrame, sites: Sequence[SiteConfig], *, view: str | None = None
) -> BaseYearFigure | None:
    """The base year of ``spec`` over ``sites`` from their per-year table
    (:func:`carbon_cli.trends.annual.site_years`); ``None`` when no site has the base year.

    The structure recalculation needs each acquired site's base-year bills: without them the
    site is named in the reasons and left out (its base-year emissions are unknown, not zero).
    """
    view = view or spec.view
    column = f"scope1_2_{view}"
    rows = per_site[per_site["year"] == spec.year].set_index("site")
    if not len(rows):
        return None
    values = rows[column].astype(float)
    owned_then = [c.site.id for c in sites if _owned_in(c, spec.year)]
    as_then = float(values.reindex(owned_then).fillna(0.0).sum())
    reported = spec.reported_t if spec.reported_t is not None else as_then
    recomputed = as_then
    counted = set(owned_then)
    reasons: list[str] = []
    if spec.reported_t is not None and abs(as_then - spec.reported_t) > 1e-9:
        reasons.append(f"methodology or error: reported {spec.reported_t:,.3f} t, recomputed {as_then:,.3f} t")
    for cfg in sites:
        site = cfg.site.id
        if cfg.site.acquired is not None and cfg.site.acquired.year > spec.year:
            if site in values.index and values[site] > 0:
                recomputed += float(values[site])
                counted.add(site)
                reasons.append(f"{site} acquired {cfg.site.acquired}: adds its {spec.year} {values[site]:,.3f} t")
            else:
                reasons.append(f"{site} acquired {cfg.site.acquired}: no {spec.year} bills, so not added (unknown)")
        if cfg.site.divested is not None and cfg.site.divested.year <= spec.year:
            continue
        if cfg.site.divested is not None and site in values.index:
            recomputed -= float(values[site])
            counted.discard(site)
            reasons.append(f"{site} divested {cfg.site.divested}: takes out its {spec.year} {values[site]:,.3f} t")
    shift = abs(recomputed - reported) / reported if reported else 0.0
    recalculated = shift > spec.significance
    used = recomputed if recalculated else reported
    kept = counted if recalculated else set(owned_then)
    order = tuple(c.site.id for c in sites if c.site.id in kept)
    return BaseYearFigure(spec.year, view, reported, used, recalculated, reasons, spec.significance, order)


def _owned_in(cfg: SiteConfig, year: int) -> bool:
    """Whether the site belonged to the organisation at some time in ``year``."""
    acquired, divested = cfg.site.acquired, cfg.site.divested
    return (acquired is None or acquired.year <= year) and (divested is None or divested.year >= year)
