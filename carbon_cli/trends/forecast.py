"""Next year's emissions under normal weather, with a prediction interval, and under scenarios.

Each meter's whole months are fitted (:mod:`.weather_model`: CalTRACK monthly degree days on the
last 12 whole months with the site's weather, else a seasonal model with trend on all of them);
sites closed or divested before the forecast year are left out; next year's use is the model at normal
weather (each calendar month's mean degree days per day over every year of the weather file).
Emissions are next year's use times the t CO2e per unit each site and activity had in the last
complete year, in both Scope 2 views. The 95% prediction interval of a meter's year adds the
parameters' uncertainty (all months move together) to each month's residual variance; meters
are independent. Scenarios change the projected use and emissions (:func:`apply_scenario`).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .. import weather as weatherio
from ..config_goals import Goals
from ..errors import ConfigError, InputDataError
from ..notices import Notice
from . import weather_model
from .scenarios import apply_scenario

if TYPE_CHECKING:
    from ..inventory import Inventory

Z95 = 1.959964
MODEL_COLUMNS = [
    "site",
    "activity",
    "meter",
    "unit",
    "model",
    "heating_base_c",
    "cooling_base_c",
    "baseload_per_day",
    "hdd_slope",
    "cdd_slope",
    "months",
    "cv_rmse",
    "nmbe",
    "guideline_14",
    "quantity",
    "quantity_sd",
]


@dataclass(frozen=True)
class Forecast:
    """Next year's projection: per meter (``models``), per site and activity (``projection``:
    quantity, its interval, t CO2e per unit and t CO2e in both views), the Scope 1 + 2 totals with
    their intervals, and each scenario's totals."""

    year: int
    models: pd.DataFrame
    projection: pd.DataFrame
    totals: dict[str, float]
    scenarios: pd.DataFrame
    notices: list[Notice] = field(default_factory=list)


def monthly_use(inventory: Inventory) -> pd.DataFrame:
    """Each meter's use per calendar month with the days its bills cover (whole months only)."""
    ledger = inventory.ledger
    rows = ledger[ledger["scope"].astype(str).isin(["scope1", "scope2_location"])]
    rows = rows.drop_duplicates(["bill_id", "slice_start"])
    keys = ["site", "activity", "meter", "unit", "month"]
    frame = rows[keys].astype(str).assign(quantity=rows["quantity"].to_numpy(float), days=rows["days"].to_numpy(int))
    usage = frame.groupby(keys, sort=True)[["quantity", "days"]].sum().reset_index()
    length = pd.to_datetime(usage["month"], format="%Y-%m").dt.days_in_month.to_numpy()
    return usage[usage["days"].to_numpy() == length].reset_index(drop=True)


def forecast(inventory: Inventory, goals: Goals, *, year: int | None = None) -> Forecast:
    """The forecast of ``inventory`` for ``year`` (default: the year after its last month).

    :raises ConfigError: the weather file named by ``weather:`` is missing, or a scenario names a
        site or activity the run does not have or needs ``kwh_per_unit``.
    :raises InputDataError: the weather file does not read, or a meter billed in the last year
        cannot be modelled.
    """
    weather = _weather(goals)
    usage = monthly_use(inventory)
    last = int(inventory.period.end.year)
    year = year or last + 1
    notices: list[Notice] = []
    tables = _site_degree_days(weather, inventory, notices)
    gone = {
        cfg.site.id
        for cfg in inventory.sites
        if any(d is not None and d.year < year for d in (cfg.site.closed, cfg.site.divested))
    }
    latest = str(usage["month"].max()) if len(usage) else ""
    rows = []
    for (site, activity, meter, unit), group in usage.groupby(["site", "activity", "meter", "unit"], sort=True):
        if site in gone:
            continue
        if str(group["month"].max()) < f"{int(latest[:4]) - 1}{latest[4:]}":
            notices.append(Notice("info", str(site), f"{activity} meter {meter}: no bill in the last year, left out"))
            continue
        fit, design = _fit(group, tables.get(str(site)))
        if fit is None:
            raise InputDataError(
                f"{activity} meter {meter}: {len(group)} whole months cannot be modelled (a seasonal model needs "
                "15, a degree-day model 4 months with weather and a significant slope or baseload)",
                where=f"site {site}",
                fix="Add weather: (a daily temperature file) to the YAML, or more months of bills",
            )
        quantity, sd = _project(fit, design, year)
        slopes = fit.slopes()
        rows.append(
            [site, activity, meter, unit, fit.kind, fit.heating_base, fit.cooling_base, slopes["baseload"],
             slopes.get("hdd"), slopes.get("cdd"), fit.months, fit.cv_rmse, fit.nmbe, fit.within_guideline_14,
             quantity, sd]
        )  # fmt: skip
        if not fit.within_guideline_14:
            notices.append(
                Notice(
                    "warning",
                    str(site),
                    f"{activity} meter {meter}: the {fit.kind} model misses ASHRAE Guideline 14 (CV(RMSE) "
                    f"{fit.cv_rmse:.1%} > 15% or NMBE {fit.nmbe:+.1%} beyond ±5%): do not trust its forecast",
                )
            )
    models = pd.DataFrame(rows, columns=MODEL_COLUMNS)
    projection = _projection(models, inventory.facts)
    totals = _totals(projection)
    scenarios = pd.DataFrame(
        [{"scenario": s.name, **_totals(apply_scenario(projection, s))} for s in goals.scenarios],
        columns=["scenario", *totals],
    )
    if len(scenarios):
        for view in ("location", "market"):
            scenarios[f"change_{view}"] = scenarios[f"scope1_2_{view}"] - totals[f"scope1_2_{view}"]
    return Forecast(year, models, projection, totals, scenarios, notices)


def _site_degree_days(
    weather: pd.DataFrame | None, inventory: Inventory, notices: list[Notice], *, forecasting: bool = True
) -> dict[str, weatherio.DegreeDays]:
    """Each site's degree-day table at every balance point, built once per weather series;
    ``notices`` gets a warning for a site with no series of its own (its country's, or none: a
    forecast then uses the seasonal model, a change counts no weather effect)."""
    if weather is None:
        return {}
    built: dict[str, weatherio.DegreeDays] = {}
    out = {}
    for cfg in inventory.sites:
        site, region = cfg.site.id, cfg.site.region
        key = weatherio.key_for(weather, site, region)
        if key is None:
            notices.append(
                Notice(
                    "warning",
                    site,
                    f"the weather file has no series for {site} or {region}: seasonal model"
                    if forecasting
                    else f"the weather file has no series for {site} or {region}: its weather effect is not counted",
                )
            )
            continue
        if key not in (site, region, ""):  # a file without a site/region column is every site's
            notices.append(Notice("warning", site, f"no weather series for {site} or {region}: uses {key}'s"))
        if key not in built:
            days = weather[weather["key"] == key]
            built[key] = weatherio.degree_days(days, weather_model.HEATING_BASES, weather_model.COOLING_BASES)
        out[cfg.site.id] = built[key]
    return out


def _weather(goals: Goals) -> pd.DataFrame | None:
    if goals.weather is None:
        return None
    path = (goals.source.parent / goals.weather.path).resolve()
    if not path.is_file():
        raise ConfigError(
            f"weather file '{goals.weather.path}' not found (looked at {path})",
            where=f"{goals.source}: weather.path",
            fix="Paths are relative to the YAML file; check the name and folder",
        )
    return weatherio.read_weather(path, str(goals.weather.path), fahrenheit=goals.weather.unit == "F")


def _fit(usage: pd.DataFrame, table: weatherio.DegreeDays | None) -> tuple[weather_model.Fit | None, object]:
    """The meter's model and what its projection needs (normal-weather degree days, or the months).

    A degree-day model is fitted on the meter's last 12 whole months (CalTRACK's baseline period:
    the year before the forecast, so a retrofit two years ago does not pull it up); a seasonal
    model needs more months and takes them all, its trend carrying the change.
    """
    if table is not None:
        fit = weather_model.fit_degree_days(usage.tail(12), table)
        if fit is not None:
            return fit, table.at
    return weather_model.fit_seasonal(usage), usage


def _project(fit: weather_model.Fit, design: object, year: int) -> tuple[float, float]:
    """The model's use over ``year`` and its standard deviation (95% interval: ± 1.96 sd)."""
    month_days = np.array([calendar.monthrange(year, m)[1] for m in range(1, 13)], dtype=float)
    if fit.kind == "seasonal":
        assert isinstance(design, pd.DataFrame)
        origin = int(str(design["month"].min())[:4])
        x = weather_model.seasonal_design(pd.Series([f"{year}-{m:02d}" for m in range(1, 13)]), origin)
    else:
        assert callable(design)
        normal = _normal(design(fit.heating_base, fit.cooling_base))
        columns = [np.ones(12)]
        if "heating" in fit.kind:
            columns.append(normal["hdd"])
        if "cooling" in fit.kind:
            columns.append(normal["cdd"])
        x = np.column_stack(columns)
    per_day = x @ fit.coefficients
    quantity = float(per_day @ month_days)
    weighted = month_days @ x
    variance = float(weighted @ fit.covariance @ weighted) + fit.sigma**2 * float(month_days @ month_days)
    return quantity, math.sqrt(max(variance, 0.0))


def _normal(monthly: pd.DataFrame) -> dict[str, np.ndarray]:
    """Each calendar month's mean degree days per day over the years of the weather file."""
    month = pd.to_datetime(monthly["month"], format="%Y-%m").dt.month
    per_day = monthly.assign(hdd=monthly["hdd"] / monthly["weather_days"], cdd=monthly["cdd"] / monthly["weather_days"])
    means = per_day.groupby(month)[["hdd", "cdd"]].mean().reindex(range(1, 13)).fillna(0.0)
    return {"hdd": means["hdd"].to_numpy(), "cdd": means["cdd"].to_numpy()}


def _projection(models: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Per site and activity: next year's quantity and interval, and t CO2e at the last year's rates."""
    columns = ["site", "activity", "unit", "quantity", "quantity_sd", "t_per_unit_location", "t_per_unit_market"]
    if not len(models):
        return pd.DataFrame(columns=[*columns, "scope", "t_location", "t_market"])
    grouped = models.groupby(["site", "activity", "unit"], sort=True)
    out = grouped["quantity"].sum().to_frame()
    out["quantity_sd"] = np.sqrt(grouped["quantity_sd"].apply(lambda sd: float((sd**2).sum())))
    out = out.reset_index()
    last = int(facts["year"].max())
    recent = facts[facts["year"] == last]
    scope = recent["scope"].astype(str)
    for view, scopes in (("location", ("scope1", "scope2_location")), ("market", ("scope1", "scope2_market"))):
        rows = recent[scope.isin(scopes)]
        sums = rows.groupby([rows["site"].astype(str), rows["activity"].astype(str)])[["t_co2e", "counted"]].sum()
        rate = (sums["t_co2e"] / sums["counted"]).to_dict()
        out[f"t_per_unit_{view}"] = [
            rate.get((s, a), np.nan) for s, a in out[["site", "activity"]].itertuples(index=False)
        ]
    scopes_of = recent.groupby(recent["activity"].astype(str))["scope"].first().astype(str).to_dict()
    out["scope"] = out["activity"].map(
        lambda a: "scope2" if str(scopes_of.get(a, "")).startswith("scope2") else "scope1"
    )
    out["t_location"] = out["quantity"] * out["t_per_unit_location"].fillna(0.0)
    out["t_market"] = out["quantity"] * out["t_per_unit_market"].fillna(0.0)
    return out


def _totals(projection: pd.DataFrame) -> dict[str, float]:
    """Scope 1 + 2 in both views with their 95% intervals (quantities' sd times each rate)."""
    out: dict[str, float] = {}
    for view in ("location", "market"):
        total = float(projection[f"t_{view}"].sum()) if len(projection) else 0.0
        sd = (
            math.sqrt(float(((projection["quantity_sd"] * projection[f"t_per_unit_{view}"].fillna(0.0)) ** 2).sum()))
            if len(projection)
            else 0.0
        )
        out[f"scope1_2_{view}"] = total
        out[f"scope1_2_{view}_low"] = total - Z95 * sd
        out[f"scope1_2_{view}_high"] = total + Z95 * sd
    return out


#: The ``year`` of :func:`weather_index`'s rows at normal weather.
NORMAL = 0


def weather_index(
    inventory: Inventory, goals: Goals, years: Sequence[int], notices: list[Notice] | None = None
) -> pd.DataFrame | None:
    """Per site, activity and year of ``years``: the use per day each site's degree-day models
    predict under that year's weather (the ``weather`` driver of a change), and at normal weather
    (year :data:`NORMAL`); None without a weather file. Meters without a degree-day model are left
    out (their weather effect is zero). ``notices`` gets a warning for each site that has no
    series of its own in the weather file (its country's is used, or none: no weather effect)."""
    weather = _weather(goals)
    if weather is None:
        return None
    usage = monthly_use(inventory)
    said: list[Notice] = []
    tables = _site_degree_days(weather, inventory, said, forecasting=False)
    if notices is not None:
        notices += [n for n in said if n not in notices]
    rows = []
    for (site, activity, _meter, _unit), group in usage.groupby(["site", "activity", "meter", "unit"], sort=True):
        if str(site) not in tables:
            continue
        fit, design = _fit(group, tables[str(site)])
        if fit is None or fit.kind == "seasonal" or not callable(design):
            continue
        monthly = design(fit.heating_base, fit.cooling_base)
        normal = _normal(monthly)
        month_days = np.array([calendar.monthrange(2001, m)[1] for m in range(1, 13)], dtype=float)
        columns = [month_days]
        if "heating" in fit.kind:
            columns.append(normal["hdd"] * month_days)
        if "cooling" in fit.kind:
            columns.append(normal["cdd"] * month_days)
        rows.append([site, activity, NORMAL, float(np.column_stack(columns).sum(axis=0) @ fit.coefficients), 365.0])
        for year in years:
            of_year = monthly[monthly["month"].str.startswith(f"{year}-")]
            if of_year["weather_days"].sum() < 0.9 * (366 if calendar.isleap(year) else 365):
                continue
            columns = [of_year["weather_days"].to_numpy(float)]
            if "heating" in fit.kind:
                columns.append(of_year["hdd"].to_numpy(float))
            if "cooling" in fit.kind:
                columns.append(of_year["cdd"].to_numpy(float))
            use = float(np.column_stack(columns).sum(axis=0) @ fit.coefficients)
            rows.append([site, activity, year, use, float(of_year["weather_days"].sum())])
    frame = pd.DataFrame(rows, columns=["site", "activity", "year", "use", "days"])
    summed = frame.groupby(["site", "activity", "year"], sort=True)[["use", "days"]].sum().reset_index()
    summed["weather"] = summed["use"] / summed["days"] * summed.groupby(["site", "activity"])["days"].transform("max")
    return summed[["site", "activity", "year", "weather"]]
