"""The multi-year report of an inventory: each year, the carbon-peak status, the base year,
the targets, net zero in operation and what changed between the last two complete years.

Built from an :class:`carbon_cli.inventory.Inventory` by :func:`trend_report`; renderers
format it, never compute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from .. import summary
from ..config_goals import GoalKeys, Goals, TargetSpec
from ..notices import Notice
from . import annual, decompose, peak, targets
from .base_year import BaseYearFigure, base_year_figure

if TYPE_CHECKING:
    from ..inventory import Inventory

RUN = "(all sites)"
PEAK_COLUMNS = ["scope", "view", "status", "year", "peak_year", "peak_t", "years", "text"]
NET_ZERO_KEYS = (
    "year",
    "scope1",
    "scope2_location",
    "scope2_market",
    "scope1_2_location",
    "scope1_2_market",
    "covered_by_instruments_t",
    "remaining_t",
    "offsets_avoidance_t",
    "offsets_removal_t",
    "net_after_offsets_t",
)


@dataclass(frozen=True)
class TrendReport:
    """What :func:`trend_report` found; every table is plain data."""

    per_site: pd.DataFrame
    run: pd.DataFrame
    #: The run's years per activity (the owned months, as ``run``): scope columns by ``year, activity``.
    activities: pd.DataFrame
    peaks: pd.DataFrame
    base_year: BaseYearFigure | None
    targets: pd.DataFrame
    net_zero: dict[str, float | int | None]
    change: pd.DataFrame
    change_years: tuple[int, int] | None
    view: str
    offsets: pd.DataFrame
    notices: list[Notice] = field(default_factory=list)


def run_goals(inventory: Inventory) -> Goals:
    """The run's multi-year keys: the portfolio's, else the one site's own, else none."""
    if inventory.goals:
        return inventory.goals[0]
    if len(inventory.sites) == 1:
        return inventory.sites[0]
    return GoalKeys()


def trend_report(inventory: Inventory, *, view: str | None = None) -> TrendReport:
    """The multi-year report of ``inventory`` (see the module docstring).

    :param view: ``location`` or ``market`` for the peak status and the change (default:
        ``trends.view`` of the YAML, ``location``); targets use each target's own view.
    """
    goals = run_goals(inventory)
    settings = goals.trends
    view = view or settings.view
    sites, periods = inventory.sites, inventory.periods
    facts, bills = inventory.facts, inventory.bills
    years = sorted({y for p in periods.values() for y in range(p.start.year, p.end.year + 1)})
    covered = annual.covered_days(bills, years)
    per_site = annual.site_years(facts, bills, sites, periods, min_coverage=settings.min_coverage, covered=covered)
    owned = annual.site_years(
        facts, bills, sites, periods, min_coverage=settings.min_coverage, owned=True, covered=covered
    )
    run = annual.run_years(owned)
    by_activity = summary.scope_table(annual.owned_facts(facts, sites), ["year", "activity"])
    notices: list[Notice] = []
    rule = {
        "tolerance": settings.plateau_tolerance,
        "decline_years": settings.decline_years,
        "min_years": settings.min_years,
    }
    peak_run = run
    if settings.weather_normalised:
        run = _weather_normalised(inventory, goals, run, notices)
        peak_run = run.assign(**{f"scope1_2_{v}": run[f"scope1_2_{v}_normalised"] for v in ("location", "market")})
    peaks = []
    for scope, table, flag in [
        (RUN, peak_run, "complete"),
        *((cfg.site.id, per_site[per_site["site"] == cfg.site.id], "whole") for cfg in sites),
    ]:
        if scope != RUN and len(sites) == 1:
            continue
        for each in ("location", "market"):
            status = peak.classify(annual.series(table, each, flag=flag), **rule)  # type: ignore[arg-type]
            peaks.append(
                [scope, each, status.status, status.year, status.peak_year, status.peak, status.years, status.text()]
            )
    part = run[~run["complete"]]["year"].tolist()
    if part:
        notices.append(
            Notice("info", "trend", f"part years left out of the peak status and targets: {', '.join(map(str, part))}")
        )
    figures = {
        each: base_year_figure(goals.base_year, per_site, sites, view=each) if goals.base_year else None
        for each in ("location", "market")
    }
    figure = figures[goals.base_year.view] if goals.base_year else None
    if figure is not None and figure.recalculated:
        notices.append(
            Notice(
                "warning",
                "base year",
                f"base year {figure.year} recalculated: {figure.reported:,.3f} -> {figure.used:,.3f} t "
                f"({figure.shift:+.1%}, over the {figure.significance:.0%} threshold): {'; '.join(figure.reasons)}",
            )
        )
    progress = _targets(goals.targets, goals, run, figures, inventory, notices)
    offsets = pd.DataFrame(
        [o.model_dump() for o in goals.offsets], columns=["registry", "id", "tonnes", "year", "kind", "retired"]
    )
    net = _net_zero(run, facts, offsets)
    change, compared = _change(inventory, goals, run, view, covered, notices)
    return TrendReport(
        per_site,
        run,
        by_activity,
        pd.DataFrame(peaks, columns=PEAK_COLUMNS),
        figure,
        progress,
        net,
        change,
        compared,
        view,
        offsets,
        notices,
    )


def _weather_normalised(inventory: Inventory, goals: Goals, run: pd.DataFrame, notices: list[Notice]) -> pd.DataFrame:
    """The run's years with each item's emissions scaled to normal weather (``trends:
    weather_normalised: true``): ``t × use per day at normal weather / use per day that year``,
    items without a degree-day model as they are: ``scope1_2_*_normalised`` columns beside the
    actual ones, which targets and net zero keep using."""
    from .forecast import NORMAL, weather_index

    years = run["year"].astype(int).tolist()
    index = weather_index(inventory, goals, years, notices)
    if index is None:
        notices.append(
            Notice("warning", "trend", "trends.weather_normalised needs weather: in the YAML; not normalised")
        )
        return run
    normal = index[index["year"] == NORMAL].set_index(["site", "activity"])["weather"]
    ratio = index[index["year"] != NORMAL].assign(
        ratio=lambda f: [
            normal.get((s, a), w) / w for s, a, w in f[["site", "activity", "weather"]].itertuples(index=False)
        ]
    )
    facts = annual.owned_facts(inventory.facts, inventory.sites)
    items = summary.scope_table(
        facts.assign(site=facts["site"].astype(str), activity=facts["activity"].astype(str)),
        ["year", "site", "activity"],
    )
    items = items.merge(ratio[["site", "activity", "year", "ratio"]], on=["site", "activity", "year"], how="left")
    items["ratio"] = items["ratio"].fillna(1.0)
    out = run.copy()
    for view in ("location", "market"):
        scaled = (items[f"scope1_2_{view}"] * items["ratio"]).groupby(items["year"]).sum()
        out[f"scope1_2_{view}_normalised"] = out["year"].map(scaled).fillna(out[f"scope1_2_{view}"])
    notices.append(
        Notice(
            "info", "trend", "the run's peak status reads weather-normalised Scope 1 + 2 (trends.weather_normalised)"
        )
    )
    return out


def _targets(
    specs: Sequence[TargetSpec],
    goals: Goals,
    run: pd.DataFrame,
    figures: dict[str, BaseYearFigure | None],
    inventory: Inventory,
    notices: list[Notice],
) -> pd.DataFrame:
    frames = []
    for spec in specs:
        figure = figures[spec.view]
        base_year = spec.base_year or (goals.base_year.year if goals.base_year else None)
        assert base_year is not None  # the YAML model refuses a target without one
        actual = annual.series(run, spec.view, flag="complete")
        unit = "t CO2e"
        if figure is not None and figure.year == base_year and figure.view == spec.view and base_year in actual:
            actual[base_year] = figure.used
        if spec.per is not None:
            counted = figure.sites if figure is not None and figure.year == base_year else None
            actual = _intensity(actual, spec.per, inventory, base_year, counted)
            unit = f"kg CO2e/{'m²' if spec.per == 'm2' else 'person'}"
        if base_year not in actual:
            notices.append(
                Notice(
                    "warning",
                    "targets",
                    f"target '{spec.name}': base year {base_year} is not a complete year of this run, "
                    "so no progress is shown",
                )
            )
            continue
        if spec.reduction is not None:
            target = targets.Target(
                spec.name, base_year, spec.target_year, spec.reduction, f"scope1_2_{spec.view}", spec.per
            )
        else:
            assert spec.annual_rate is not None
            target = targets.from_rate(
                spec.name, base_year, spec.target_year, spec.annual_rate, view=f"scope1_2_{spec.view}", per=spec.per
            )
        frames.append(targets.progress(target, actual, unit=unit))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=targets.TARGET_COLUMNS)


def _intensity(
    actual: dict[int, float], per: str, inventory: Inventory, base_year: int, counted: Sequence[str] | None
) -> dict[int, float]:
    """kg CO2e per m² or per person; the denominator is each site's area (or headcount) times the
    share of the year it was open and owned, so a site that opened in July counts half. The base
    year's denominator is that of the sites its figure counts (a recalculation adds an acquired
    site's area with its emissions)."""
    out = {}
    for year, value in actual.items():
        full = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
        amounts = []
        for cfg in inventory.sites:
            owned = year == base_year and counted is not None
            if owned and cfg.site.id not in (counted or ()):
                continue
            first, last = annual.open_span(cfg, year, owned_only=not owned)
            days = (last - first).days + 1
            if days > 0:
                amount = cfg.site.floor_area_m2 if per == "m2" else cfg.site.headcount
                amounts.append(None if amount is None else amount * days / full)
        total = summary.denominator(amounts)
        if total:
            out[year] = value * 1000 / total
    return out


def _net_zero(run: pd.DataFrame, facts: pd.DataFrame, offsets: pd.DataFrame) -> dict[str, float | int | None]:
    """Net zero in operation for the latest complete year: gross, what instruments covered, what
    remains, offsets retired for that year (never netted into a scope) and the net figure."""
    complete = run[run["complete"]]
    if not len(complete):
        return {}
    row = complete.iloc[-1]
    year = int(row["year"])
    of_year = offsets[offsets["year"] == year] if len(offsets) else offsets
    avoidance = float(of_year.loc[of_year["kind"] == "avoidance", "tonnes"].sum()) if len(of_year) else 0.0
    removal = float(of_year.loc[of_year["kind"] == "removal", "tonnes"].sum()) if len(of_year) else 0.0
    remaining = float(row["scope1_2_market"])
    covered = max(float(row["scope2_location"]) - float(row["scope2_market"]), 0.0)
    out: dict[str, float | int | None] = {"year": year}
    out.update({k: float(row[k]) for k in annual.SCOPE_COLUMNS})
    out.update(
        covered_by_instruments_t=covered,
        remaining_t=remaining,
        offsets_avoidance_t=avoidance,
        offsets_removal_t=removal,
        net_after_offsets_t=remaining - avoidance - removal,
    )
    return out


def _change(
    inventory: Inventory,
    goals: Goals,
    run: pd.DataFrame,
    view: str,
    covered: Mapping[tuple[str, str, int], int],
    notices: list[Notice],
) -> tuple[pd.DataFrame, tuple[int, int] | None]:
    """The decomposition between the last two complete years of the run (with the weather effect
    when the YAML names a weather file; ``notices`` gets a warning per site without its own series)."""
    from .forecast import weather_index

    years = run.loc[run["complete"], "year"].astype(int).tolist()
    if len(years) < 2:
        return pd.DataFrame(), None
    before, after = years[-2], years[-1]
    index = weather_index(inventory, goals, (before, after), notices)
    change = change_between(inventory.facts, inventory.bills, before, after, view, index, covered=covered)
    return change, (before, after)


def change_between(
    facts: pd.DataFrame,
    bills: pd.DataFrame,
    before: int,
    after: int,
    view: str,
    weather: pd.DataFrame | None = None,
    *,
    covered: Mapping[tuple[str, str, int], int] | None = None,
) -> pd.DataFrame:
    """:func:`carbon_cli.trends.decompose.decompose` of Scope 1 + 2 in ``view`` from year ``before``
    to year ``after``, per site and activity; days are the days each year's bills cover.

    :param weather: ``site, activity, year, weather`` (see
        :func:`carbon_cli.trends.forecast.weather_index`): each item's use per day under that
        year's weather, whose ratio is the weather effect.
    """
    scopes = ("scope1", f"scope2_{view}")
    rows = facts[facts["scope"].astype(str).isin(scopes)]
    items = (
        rows.assign(site=rows["site"].astype(str), activity=rows["activity"].astype(str))
        .groupby(["site", "activity", "year"], observed=True)[["counted", "t_co2e"]]
        .sum()
        .reset_index()
        .rename(columns={"counted": "quantity"})
    )
    covered = covered if covered is not None else annual.covered_days(bills, [before, after])
    items["days"] = [
        covered.get((s, a, y), 0) for s, a, y in items[["site", "activity", "year"]].itertuples(index=False)
    ]
    if weather is not None and len(weather):
        items = items.merge(weather, on=["site", "activity", "year"], how="left")
    return decompose.decompose(items[items["year"] == before], items[items["year"] == after], ["site", "activity"])
