"""Issue 17: the forecast. Degree-day models recover the slopes they were made with, the
interval and the fit scores follow their definitions, and scenarios change the projection as
worked by hand."""

from __future__ import annotations

import calendar
import json
import math
import random

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from carbon_cli import weather as weatherio
from carbon_cli.cli.main import app
from carbon_cli.config_goals import Scenario
from carbon_cli.errors import ConfigError, InputDataError
from carbon_cli.trends import weather_model
from carbon_cli.trends.scenarios import apply_scenario

CAMPUS = "sample_data/campus-5y/portfolio.yaml"


def synthetic(base: float, heating: float, cooling: float, th: float, tc: float, *, noise: float, seed: int = 3):
    """Two years of daily temperatures and the monthly use a known model makes of them."""
    rng = random.Random(seed)
    days = pd.date_range("2022-01-01", "2023-12-31", freq="D")
    temps = [15 - 12 * math.cos(2 * math.pi * (d.day_of_year - 15) / 365.25) + rng.gauss(0, 3) for d in days]
    weather = pd.DataFrame({"key": "", "date": days, "temperature": temps})
    t = np.array(temps)
    daily = base + heating * np.maximum(th - t, 0) + cooling * np.maximum(t - tc, 0)
    frame = pd.DataFrame({"month": days.strftime("%Y-%m"), "use": daily})
    usage = frame.groupby("month").agg(quantity=("use", "sum"), days=("use", "size")).reset_index()
    usage["quantity"] *= [1 + rng.gauss(0, noise) for _ in range(len(usage))]
    return usage, weather


def degree_days_of(weather: pd.DataFrame) -> weatherio.DegreeDays:
    return weatherio.degree_days(weather, weather_model.HEATING_BASES, weather_model.COOLING_BASES)


def test_forecast_recovers_known_heating_and_cooling_slopes_within_5_percent() -> None:
    # 0.5% noise on each month's use: with monthly totals, more noise lets a neighbouring balance
    # point fit as well, and the slope follows it (CalTRACK's known limit of monthly data)
    usage, weather = synthetic(500.0, 30.0, 45.0, 16.0, 22.0, noise=0.005)
    fit = weather_model.fit_degree_days(usage, degree_days_of(weather))
    assert fit is not None and fit.kind == "heating+cooling"
    assert (fit.heating_base, fit.cooling_base) == (16.0, 22.0)
    slopes = fit.slopes()
    assert slopes["baseload"] == pytest.approx(500.0, rel=0.05)
    assert slopes["hdd"] == pytest.approx(30.0, rel=0.05)
    assert slopes["cdd"] == pytest.approx(45.0, rel=0.05)
    assert fit.within_guideline_14


def test_forecast_heating_only_use_gets_a_heating_model_and_no_cooling_slope() -> None:
    usage, weather = synthetic(80.0, 12.0, 0.0, 15.0, 25.0, noise=0.01)
    fit = weather_model.fit_degree_days(usage, degree_days_of(weather))
    assert fit is not None and fit.kind == "heating" and fit.cooling_base is None
    assert fit.slopes()["hdd"] == pytest.approx(12.0, rel=0.05)


def test_forecast_use_without_weather_in_it_is_a_baseload_model() -> None:
    usage, weather = synthetic(300.0, 0.0, 0.0, 15.0, 25.0, noise=0.0)
    fit = weather_model.fit_degree_days(usage, degree_days_of(weather))
    assert fit is not None and fit.kind == "baseload"
    assert fit.slopes()["baseload"] == pytest.approx(300.0)


def test_forecast_noise_on_flat_use_never_makes_weather_matter() -> None:
    # a slope can pass p < 0.1 by chance among the candidates (as in CalTRACK); it stays negligible
    usage, weather = synthetic(300.0, 0.0, 0.0, 15.0, 25.0, noise=0.002)
    fit = weather_model.fit_degree_days(usage, degree_days_of(weather))
    assert fit is not None
    monthly = weatherio.monthly_degree_days(weather, fit.heating_base or 15.0, fit.cooling_base or 25.0)
    slopes = fit.slopes()
    weather_part = slopes.get("hdd", 0.0) * monthly["hdd"].max() + slopes.get("cdd", 0.0) * monthly["cdd"].max()
    assert weather_part / 31 < 0.01 * slopes["baseload"]


def test_fit_scores_follow_ashrae_guideline_14_definitions() -> None:
    usage, weather = synthetic(500.0, 30.0, 45.0, 16.0, 22.0, noise=0.05, seed=9)
    fit = weather_model.fit_degree_days(usage, degree_days_of(weather))
    assert fit is not None
    # rebuild the monthly predictions from the fitted model and score them by the guideline's formulas
    monthly = weatherio.monthly_degree_days(weather, fit.heating_base or 16.0, fit.cooling_base or 22.0)
    joined = usage.merge(monthly, on="month")
    columns = [np.ones(len(joined))]
    if "heating" in fit.kind:
        columns.append(joined["hdd"] / joined["weather_days"])
    if "cooling" in fit.kind:
        columns.append(joined["cdd"] / joined["weather_days"])
    predicted = np.column_stack(columns) @ fit.coefficients * joined["days"]
    y, n, p = joined["quantity"], len(joined), fit.parameters
    assert fit.cv_rmse == pytest.approx(math.sqrt(((y - predicted) ** 2).sum() / (n - p)) / y.mean())
    assert fit.nmbe == pytest.approx((y - predicted).sum() / ((n - p) * y.mean()))


def test_seasonal_model_needs_fifteen_whole_months() -> None:
    usage, _ = synthetic(500.0, 30.0, 45.0, 16.0, 22.0, noise=0.01)
    assert weather_model.fit_seasonal(usage.head(14)) is None
    fit = weather_model.fit_seasonal(usage)
    assert fit is not None and fit.kind == "seasonal" and fit.months == 24


# --- scenarios, by hand ---------------------------------------------------------------------------


def projection() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "site": ["a", "a"],
            "activity": ["electricity", "natural_gas"],
            "unit": ["kWh", "m3"],
            "quantity": [100_000.0, 10_000.0],
            "quantity_sd": [1000.0, 500.0],
            "t_per_unit_location": [0.0005, 0.002],
            "t_per_unit_market": [0.0006, 0.002],
        }
    )


def test_scenario_pv_takes_its_yield_off_the_sites_electricity() -> None:
    out = apply_scenario(
        projection(), Scenario.model_validate({"name": "pv", "pv": {"kwp": 50, "yield_kwh_per_kwp": 1000}})
    )
    assert out.loc[0, "quantity"] == pytest.approx(50_000)  # 100,000 - 50 x 1,000
    assert out.loc[0, "t_location"] == pytest.approx(25.0)


def test_scenario_pv_never_takes_more_than_the_site_uses() -> None:
    out = apply_scenario(
        projection(), Scenario.model_validate({"name": "pv", "pv": {"kwp": 500, "yield_kwh_per_kwp": 1000}})
    )
    assert out.loc[0, "quantity"] == 0.0


def test_scenario_green_share_halves_market_based_electricity_and_leaves_location_based() -> None:
    out = apply_scenario(projection(), Scenario.model_validate({"name": "g", "green_share": "50%"}))
    assert out.loc[0, "t_market"] == pytest.approx(100_000 * 0.0006 * 0.5)
    assert out.loc[0, "t_location"] == pytest.approx(100_000 * 0.0005)


def test_scenario_heat_pump_moves_the_fuels_heat_to_electricity_at_its_cop() -> None:
    scenario = Scenario.model_validate(
        {"name": "hp", "heat_pump": {"cop": 3, "share": 1, "boiler_efficiency": 0.9, "kwh_per_unit": 10.0}}
    )
    out = apply_scenario(projection(), scenario)
    assert out.loc[1, "quantity"] == 0.0
    assert out.loc[0, "quantity"] == pytest.approx(100_000 + 10_000 * 10.0 * 0.9 / 3)  # + 30,000 kWh


def test_scenario_heat_pump_on_a_fuel_billed_by_volume_needs_kwh_per_unit() -> None:
    with pytest.raises(ConfigError, match="kwh_per_unit"):
        apply_scenario(projection(), Scenario.model_validate({"name": "hp", "heat_pump": {"cop": 3}}))


def test_scenario_efficiency_of_one_activity_leaves_the_others() -> None:
    scenario = Scenario.model_validate({"name": "e", "efficiency": "10%", "activity": "natural_gas"})
    out = apply_scenario(projection(), scenario)
    assert out["quantity"].tolist() == pytest.approx([100_000, 9_000])


# --- weather files --------------------------------------------------------------------------------


def test_weather_file_without_a_temperature_column_names_the_columns_found(tmp_path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("date,rain\n2024-01-01,3\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="columns found: date, rain"):
        weatherio.read_weather(path, "w.csv")


def test_weather_file_bad_value_names_its_row(tmp_path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("date,temperature\n2024-01-01,3\n2024-01-02,warm\n", encoding="utf-8")
    with pytest.raises(InputDataError) as error:
        weatherio.read_weather(path, "w.csv")
    assert "row 3" in str(error.value)


def test_weather_in_fahrenheit_is_read_as_celsius(tmp_path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("date,tavg\n2024-01-01,50\n", encoding="utf-8")
    assert weatherio.read_weather(path, "w.csv", fahrenheit=True)["temperature"].tolist() == pytest.approx([10.0])


# --- the sample -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def campus() -> dict:
    result = CliRunner().invoke(app, ["forecast", CAMPUS, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_campus_forecast_finds_the_balance_points_the_sample_was_made_with(campus: dict) -> None:
    gas = [m for m in campus["models"] if m["activity"] == "natural_gas"]
    assert {m["heating_base_c"] for m in gas} == {16.0}  # scripts/make_sample_campus5.py: HEATING_BASE
    assert all(m["guideline_14"] for m in campus["models"])


def test_campus_forecast_leaves_out_the_closed_site(campus: dict) -> None:
    assert "cq-old" not in {m["site"] for m in campus["models"]}
    assert campus["year"] == 2025


def test_campus_forecast_interval_is_1_96_sd_around_the_total(campus: dict) -> None:
    projection = pd.DataFrame(campus["projection"])
    sd = math.sqrt(((projection["quantity_sd"] * projection["t_per_unit_location"]) ** 2).sum())
    totals = campus["totals"]
    assert totals["scope1_2_location"] == pytest.approx(
        (projection["quantity"] * projection["t_per_unit_location"]).sum()
    )
    assert totals["scope1_2_location_high"] - totals["scope1_2_location"] == pytest.approx(1.959964 * sd)


def test_campus_pv_scenario_saves_its_yield_at_the_sites_rate(campus: dict) -> None:
    projection = {(p["site"], p["activity"]): p for p in campus["projection"]}
    pv = next(s for s in campus["scenarios"] if s["scenario"].startswith("Rooftop PV"))
    rate = projection[("cq-a1", "electricity")]["t_per_unit_location"]
    assert pv["change_location"] == pytest.approx(-400 * 950 * rate)


def test_forecast_with_too_few_months_and_no_weather_is_one_line_exit_3() -> None:
    result = CliRunner().invoke(app, ["forecast", "sample_data/ai-park/site.yaml"])
    assert result.exit_code == 3
    assert "a seasonal model needs 15" in result.stderr and "weather:" in result.stderr


def test_campus_change_has_a_weather_effect_and_still_adds_up() -> None:
    result = CliRunner().invoke(app, ["trend", CAMPUS, "--format", "json"])
    change = json.loads(result.stdout)["change"]
    assert change["effects"]["weather"] != 0
    assert sum(change["effects"].values()) == pytest.approx(change["change"])


def test_leap_year_days_are_in_the_forecast_year() -> None:
    assert sum(calendar.monthrange(2028, m)[1] for m in range(1, 13)) == 366


def test_weather_in_fahrenheit_without_unit_f_is_refused_not_read_as_celsius(tmp_path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("date,temperature\n2024-07-01,84.2\n2024-07-02,86\n", encoding="utf-8")
    with pytest.raises(InputDataError) as error:
        weatherio.read_weather(path, "w.csv")
    assert "row 3" in str(error.value) and "unit: F" in str(error.value)


def test_site_without_a_weather_series_of_its_own_is_told_which_it_got(tmp_path) -> None:
    import shutil

    folder = tmp_path / "campus"
    shutil.copytree("sample_data/campus-5y", folder)
    weather = folder / "weather.csv"
    weather.write_text(weather.read_text(encoding="utf-8").replace(",CN-BJ,", ",CN,"), encoding="utf-8")
    result = CliRunner().invoke(app, ["forecast", str(folder / "portfolio.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    said = {(n["site"], n["message"]) for n in json.loads(result.stdout)["notices"]}
    assert ("bj-h1", "no weather series for bj-h1 or CN-BJ: uses CN's") in said
