"""The multi-year keys of a site or portfolio YAML: ``base_year:``, ``targets:``, ``offsets:``
and ``trends:`` (issue 17). Read by :mod:`carbon_cli.trends`; the calculation never sees them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal, Protocol

from pydantic import BeforeValidator, Field, model_validator

from .config_model import ConfigModel


def _fraction(value: Any) -> Any:
    """``42%`` or ``0.42`` as 0.42 (a bare number over 1 is refused by the field's bound)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return float(value.strip()[:-1]) / 100
        except ValueError:
            return value
    return value


#: A share written as ``42%`` or ``0.42``.
Fraction = Annotated[float, BeforeValidator(_fraction), Field(ge=0, le=1, allow_inf_nan=False)]
Year = Annotated[int, Field(ge=1900, le=2200)]
View = Literal["location", "market"]


class BaseYear(ConfigModel):
    """The base year of the GHG Protocol Corporate Standard, chapter 5."""

    year: Year
    #: Scope 1 + 2 of the base year as first reported (t CO2e): a later methodology (a new factor
    #: edition) or a corrected error that moves it by more than ``significance`` triggers a
    #: recalculation, shown with both figures.
    reported_t: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    view: View = "market"
    significance: Fraction = 0.05


class TargetSpec(ConfigModel):
    """A target: ``reduction`` by ``target_year`` or a linear ``annual_rate`` of the base year."""

    name: str = Field(min_length=1)
    base_year: Year | None = None
    target_year: Year
    reduction: Fraction | None = None
    annual_rate: Fraction | None = None
    view: View = "market"
    #: ``m2`` or ``person``: an intensity target (kg CO2e per m² or per person).
    per: Literal["m2", "person"] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> TargetSpec:
        if (self.reduction is None) == (self.annual_rate is None):
            raise ValueError("give one of reduction (e.g. 42%) or annual_rate (e.g. 4.2%)")
        if self.base_year is not None and self.target_year <= self.base_year:
            raise ValueError(f"target_year {self.target_year} must come after base_year {self.base_year}")
        return self


class Offset(ConfigModel):
    """A retired offset or removal credit: recorded beside the inventory, never netted into a scope."""

    registry: str = Field(min_length=1)
    id: str = Field(min_length=1)
    tonnes: float = Field(gt=0, le=1e12, allow_inf_nan=False)
    year: Year
    kind: Literal["avoidance", "removal"] = "avoidance"
    retired: dt.date | None = None


class TrendSettings(ConfigModel):
    """The carbon-peak rule's parameters (see :mod:`carbon_cli.trends.peak`) and what counts as a whole year."""

    view: View = "location"
    plateau_tolerance: Fraction = 0.05
    decline_years: int = Field(default=3, ge=1, le=50)
    min_years: int = Field(default=3, ge=2, le=50)
    #: A year counts as whole when every billed activity's bills cover at least this share of it.
    min_coverage: Fraction = 0.95
    #: Read the peak status on weather-normalised figures (needs ``weather:``).
    weather_normalised: bool = False


class WeatherSource(ConfigModel):
    """``weather:``: a daily temperature (or degree-day) file for the forecast and the weather effect."""

    path: Path
    unit: Literal["C", "F"] = "C"


class PV(ConfigModel):
    """Rooftop PV: its yearly yield is used on site, up to the site's electricity use."""

    kwp: float = Field(gt=0, le=1e7, allow_inf_nan=False)
    yield_kwh_per_kwp: float = Field(gt=0, le=3000, allow_inf_nan=False)
    site: str | None = None


class HeatPump(ConfigModel):
    """A fuel switch to heat pumps: ``share`` of the fuel's heat (fuel × ``boiler_efficiency``)
    comes from electricity at ``cop`` instead."""

    cop: float = Field(gt=0, le=20, allow_inf_nan=False)
    replaces: str = "natural_gas"
    share: Fraction = 1.0
    boiler_efficiency: Fraction = 0.9
    #: kWh of the fuel per unit billed (e.g. 10.81 kWh/m³ of natural gas at 38.931 MJ/m³), needed
    #: unless the fuel is billed in an energy unit.
    kwh_per_unit: float | None = Field(default=None, gt=0, le=1e6, allow_inf_nan=False)
    site: str | None = None


class Scenario(ConfigModel):
    """A what-if on next year's forecast; its levers apply in the order efficiency, heat pump, PV,
    green power."""

    name: str = Field(min_length=1)
    efficiency: Fraction | None = None
    #: The activity the efficiency saves on (default: every activity).
    activity: str | None = None
    heat_pump: HeatPump | None = None
    pv: PV | None = None
    #: Share of the remaining electricity bought as green power (market-based: no emissions).
    green_share: Fraction | None = None


def base_year_alone(data: Any) -> Any:
    """``base_year: 2019`` as ``base_year: {year: 2019}`` (a ``mode="before"`` model validator)."""
    if isinstance(data, dict) and isinstance(data.get("base_year"), int):
        return {**data, "base_year": {"year": data["base_year"]}}
    return data


def weather_path(data: Any) -> Any:
    """``weather: temps.csv`` as ``weather: {path: temps.csv}`` (a ``mode="before"`` model validator)."""
    if isinstance(data, dict) and isinstance(data.get("weather"), str):
        return {**data, "weather": {"path": data["weather"]}}
    return data


def check_target_bases(base_year: BaseYear | None, specs: list[TargetSpec]) -> None:
    """Every target has a base year, its own or the YAML's."""
    for index, target in enumerate(specs):
        if target.base_year is None and base_year is None:
            raise ValueError(f"targets[{index}] has no base_year and the YAML has no base_year:")


class Goals(Protocol):
    """What a site or portfolio YAML says about its years (the keys of :class:`GoalKeys`)."""

    @property
    def base_year(self) -> BaseYear | None: ...
    @property
    def targets(self) -> list[TargetSpec]: ...
    @property
    def offsets(self) -> list[Offset]: ...
    @property
    def trends(self) -> TrendSettings: ...
    @property
    def weather(self) -> WeatherSource | None: ...
    @property
    def scenarios(self) -> list[Scenario]: ...
    @property
    def source(self) -> Path: ...


class GoalKeys(ConfigModel):
    """The multi-year keys, shared by :class:`carbon_cli.config.SiteConfig` and
    :class:`carbon_cli.portfolio.PortfolioConfig` (both inherit them; alone, the keys of a run
    whose YAMLs say nothing of their years)."""

    base_year: BaseYear | None = None
    targets: list[TargetSpec] = Field(default_factory=list)
    offsets: list[Offset] = Field(default_factory=list)
    trends: TrendSettings = TrendSettings()
    #: Daily temperatures for ``carbon forecast`` and the weather effect: a path or {path, unit: C|F}.
    weather: WeatherSource | None = None
    scenarios: list[Scenario] = Field(default_factory=list)
    source: Path = Path("site.yaml")

    _year_alone = model_validator(mode="before")(base_year_alone)
    _weather_path = model_validator(mode="before")(weather_path)

    @model_validator(mode="after")
    def _target_base(self) -> GoalKeys:
        check_target_bases(self.base_year, self.targets)
        return self
