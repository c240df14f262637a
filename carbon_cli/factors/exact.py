"""Exact factors only (``--strict`` / ``--factors exact``): a factor fallback becomes an error.

The choice rule (:mod:`.select`) always finds the best factor it can and writes down every step
away from the site's own region and year. Under the exact mode such a step is an error instead of
a notice, except the steps that are no approximation at all:

* a **year** fallback (the nearest earlier edition, or a later edition for an earlier year) fails,
  whatever the activity: the factor is for another year;
* any note at ``warning`` level fails (a later year's edition, a region standing in for another,
  a state's rate standing in for its grids, a region not in the factor database);
* a **region** fallback fails for location-based grid electricity, whose factor depends on the grid:
  a factor of a wider region is another grid's (a residual mix is a whole market's, so the
  market-based view's region steps pass). A state whose parent is the one eGRID subregion serving all of
  it is that grid exactly, not a fallback. Fuels take national or IPCC defaults by design (a fuel
  burns the same in every province), so their region steps pass;
* the market-based view using the location factor where no residual mix ships passes: it is
  reported (a ``warning``: it understates market-based emissions), but it is no year or region
  step, and no YAML key could settle it short of a supplier factor.

The error names the site YAML, the factor, the years or regions, and the YAML key that settles it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import InputDataError
from .select import fallback_level

if TYPE_CHECKING:
    from ..config import SiteConfig

#: Activities whose factor depends on the grid: a wider region's factor is another grid's.
GRID_ACTIVITIES = frozenset({"electricity", "electricity_td_losses"})
#: The start of the market view's note where no residual mix ships (see above: it passes).
NO_RESIDUAL_MIX = "no residual-mix (market) factor"
#: The words of a region step that is no approximation (a state served wholly by one subregion).
WHOLE_GRID = "serves all of"


def failing_note(note: str, activity: str, scope: str = "scope2_location") -> str | None:
    """The first part of a fallback note (parts joined by "; ") that the exact mode refuses, or None.

    A region step of the market-based view passes: a residual mix is published for a whole market
    (China's for the country), so a province using it is using its own market's factor.
    """
    for part in filter(None, (p.strip() for p in note.split("; "))):
        if part.startswith(NO_RESIDUAL_MIX):
            continue
        if fallback_level(part) == "warning" or _is_year_step(part):
            return part
        grid = activity in GRID_ACTIVITIES and scope != "scope2_market"
        if grid and _is_region_step(part) and WHOLE_GRID not in part:
            return part
    return None


def _is_year_step(part: str) -> bool:
    text = part.split(": ", 1)[-1] if part.startswith(("ncv: ", "gcv: ", "density: ")) else part
    return text.startswith("no edition for ") or (text.startswith("no ") and " edition, used " in text)


def _is_region_step(part: str) -> bool:
    return part.startswith("no ") and " value, used " in part


def check_exact(facts: pd.DataFrame, configs: Sequence[SiteConfig]) -> None:
    """Refuse the first fact whose factor is not the site's own region and year.

    :raises InputDataError: naming the site YAML and the key that settles it (exit code 3).
    """
    columns = ["site", "activity", "scope", "year", "factor_id", "fallback"]
    used = facts.loc[facts["fallback"].astype("str") != "", columns]
    if not len(used):
        return
    sources = {cfg.site.id: cfg for cfg in configs}
    for site, activity, scope, year, factor_id, note in used.drop_duplicates().astype("str").itertuples(index=False):
        part = failing_note(note, activity, scope)
        if part is None:
            continue
        cfg = sources.get(site)
        key, fix = _settles(part, activity, year)
        where = f"{cfg.source}: {key}" if cfg is not None else key
        raise InputDataError(
            f"no exact {activity} factor for site {site} in {year} under --strict / --factors exact: "
            f"{factor_id} would stand in ({part})",
            where=where,
            fix=f"{fix}, or run without --strict / --factors exact to use it with a notice",
        )


def _settles(part: str, activity: str, year: str) -> tuple[str, str]:
    """The YAML key that settles a refused fallback, and what to put there."""
    if "site.egrid_subregion" in part:
        return "site.egrid_subregion", "Give site.egrid_subregion (or site.zip) for the site's own eGRID subregion"
    if "not in the factor database" in part:
        return (
            "site.region",
            "Correct site.region to a region of factors/regions.csv, or give the factor under factors:",
        )
    return "factors", (
        f"Give the site's own {activity} factor for {year} under factors: in the site YAML "
        "(activity, value, unit, source, year_from/year_to)"
    )
