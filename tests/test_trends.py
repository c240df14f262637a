"""Issue 17: years, not just a year. Peak status, targets, base-year recalculation and the
decomposition of a change, each on hand-made data worked by hand."""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from carbon_cli.cli.main import app
from carbon_cli.config import Site, SiteConfig
from carbon_cli.config_goals import BaseYear, GoalKeys
from carbon_cli.trends import decompose, peak, targets
from carbon_cli.trends.base_year import base_year_figure

CAMPUS = "sample_data/campus-5y/portfolio.yaml"


def years(*values: float, first: int = 2018) -> dict[int, float]:
    return {first + i: v for i, v in enumerate(values)}


# --- carbon peak -------------------------------------------------------------------------------


def test_peak_series_shorter_than_three_whole_years_is_too_short_to_tell() -> None:
    assert peak.classify(years(100, 90)).status == "too_short"


def test_peak_latest_year_more_than_tolerance_above_the_one_before_is_still_rising() -> None:
    status = peak.classify(years(100, 98, 105, 103, 110))  # 110 / 103 = +6.8 % > 5 %
    assert (status.status, status.text()) == ("rising", "still rising")


def test_peak_years_within_five_percent_of_the_peak_are_a_plateau_since_the_peak() -> None:
    status = peak.classify(years(100, 104, 99, 103, 101))  # nothing below 104 * 0.95 = 98.8
    assert (status.status, status.year) == ("plateau", 2019)


def test_peak_small_rise_in_the_latest_year_within_tolerance_is_a_plateau_not_rising() -> None:
    assert peak.classify(years(100, 104, 99, 103, 106)).status == "plateau"  # 106 / 103 = +2.9 %


def test_peak_followed_by_three_falling_years_below_the_band_has_peaked() -> None:
    status = peak.classify(years(100, 110, 108, 100, 95, 90))  # band floor 104.5; 100, 95, 90 below it
    assert (status.status, status.year, status.peak, status.text()) == ("peaked", 2019, 110.0, "peaked in 2019")


def test_peak_decline_shorter_than_three_years_is_declining_since_its_first_year() -> None:
    status = peak.classify(years(100, 110, 108, 100, 95))
    assert (status.status, status.year) == ("declining", 2021)


def test_peak_in_the_first_year_is_declining_since_not_peaked_the_true_peak_may_be_earlier() -> None:
    status = peak.classify(years(120, 110, 100, 95, 90))
    assert (status.status, status.year) == ("declining", 2019)


def test_peak_noisy_decline_that_comes_back_into_the_band_is_a_plateau() -> None:
    assert peak.classify(years(100, 110, 100, 95, 108)).status == "plateau"  # 108 >= 104.5


def test_peak_decline_with_a_rebound_over_tolerance_is_not_called_peaked() -> None:
    status = peak.classify(years(100, 110, 90, 80, 88, 85))  # 80 -> 88 is +10 %
    assert status.status == "declining"


def test_peak_tolerance_and_decline_years_come_from_the_settings() -> None:
    series = years(100, 110, 108, 100, 95)
    assert peak.classify(series, decline_years=2).status == "peaked"
    assert peak.classify(series, tolerance=0.2).status == "plateau"


# --- targets -----------------------------------------------------------------------------------


def test_target_trajectory_is_a_straight_line_from_base_to_target_year() -> None:
    target = targets.Target("sbti", 2020, 2030, 0.42)
    assert target.trajectory(1000, 2020) == pytest.approx(1000)
    assert target.trajectory(1000, 2025) == pytest.approx(790)  # 1000 * (1 - 0.42 * 5/10)
    assert target.trajectory(1000, 2030) == pytest.approx(580)
    assert target.trajectory(1000, 2035) == pytest.approx(580)  # held once reached


def test_target_linear_annual_rate_of_4_2_percent_reaches_42_percent_in_ten_years() -> None:
    target = targets.from_rate("1.5C", 2020, 2030, 0.042)
    assert target.reduction == pytest.approx(0.42)
    assert target.trajectory(500, 2023) == pytest.approx(500 * (1 - 0.042 * 3))


def test_target_progress_gap_is_actual_minus_trajectory_and_on_track_at_or_below_it() -> None:
    table = targets.progress(targets.Target("t", 2020, 2030, 0.5), {2020: 100.0, 2021: 96.0, 2022: 88.0})
    # trajectory 100, 95, 90
    assert table["gap"].round(9).tolist() == [0.0, 1.0, -2.0]
    assert table["on_track"].tolist() == [True, False, True]


def test_target_without_its_base_year_in_the_data_is_refused() -> None:
    with pytest.raises(ValueError, match="base year 2019"):
        targets.progress(targets.Target("t", 2019, 2030, 0.5), {2020: 100.0})


def test_goal_keys_read_percentages_and_a_bare_base_year() -> None:
    goals = GoalKeys.model_validate(
        {"base_year": 2019, "targets": [{"name": "a", "target_year": 2030, "reduction": "42%"}]}
    )
    assert goals.base_year is not None and goals.base_year.year == 2019
    assert goals.targets[0].reduction == pytest.approx(0.42)


def test_goal_target_needs_exactly_one_of_reduction_or_annual_rate() -> None:
    with pytest.raises(ValueError, match="one of reduction"):
        GoalKeys.model_validate({"base_year": 2019, "targets": [{"name": "a", "target_year": 2030}]})


# --- base year ---------------------------------------------------------------------------------


def _site(site_id: str, **dates: dt.date) -> SiteConfig:
    return SiteConfig(site=Site(id=site_id, region="CN", **dates))


def _per_site(values: dict[str, float], year: int = 2020) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "site": list(values),
            "year": year,
            "scope1_2_location": list(values.values()),
            "scope1_2_market": list(values.values()),
        }
    )


def test_base_year_acquisition_over_the_threshold_is_recalculated_with_both_figures() -> None:
    sites = [_site("a"), _site("b", acquired=dt.date(2022, 1, 1))]
    figure = base_year_figure(BaseYear(year=2020), _per_site({"a": 100.0, "b": 6.0}), sites)
    assert figure is not None
    assert (figure.reported, figure.used, figure.recalculated) == (100.0, 106.0, True)  # +6 % > 5 %
    assert figure.reasons == ["b acquired 2022-01-01: adds its 2020 6.000 t"]


def test_base_year_acquisition_below_the_threshold_keeps_the_reported_figure() -> None:
    sites = [_site("a"), _site("b", acquired=dt.date(2022, 1, 1))]
    figure = base_year_figure(BaseYear(year=2020), _per_site({"a": 100.0, "b": 4.0}), sites)
    assert figure is not None and (figure.used, figure.recalculated) == (100.0, False)
    assert figure.shift == pytest.approx(0.0)


def test_base_year_site_opened_later_is_organic_growth_and_never_recalculates() -> None:
    sites = [_site("a"), _site("b", opened=dt.date(2022, 1, 1))]
    figure = base_year_figure(BaseYear(year=2020), _per_site({"a": 100.0, "b": 0.0}), sites)
    assert figure is not None and (figure.used, figure.recalculated, figure.reasons) == (100.0, False, [])


def test_base_year_divestment_takes_the_site_out() -> None:
    sites = [_site("a"), _site("b", divested=dt.date(2023, 6, 30))]
    figure = base_year_figure(BaseYear(year=2020), _per_site({"a": 90.0, "b": 10.0}), sites)
    assert figure is not None and (figure.reported, figure.used, figure.recalculated) == (100.0, 90.0, True)


def test_base_year_reported_figure_off_by_more_than_the_threshold_is_a_methodology_recalculation() -> None:
    spec = BaseYear(year=2020, reported_t=110.0)
    figure = base_year_figure(spec, _per_site({"a": 100.0}), [_site("a")])
    assert figure is not None and (figure.used, figure.recalculated) == (100.0, True)  # 9.1 % off
    assert "methodology or error: reported 110.000 t, recomputed 100.000 t" in figure.reasons[0]
    near = base_year_figure(BaseYear(year=2020, reported_t=104.0), _per_site({"a": 100.0}), [_site("a")])
    assert near is not None and (near.used, near.recalculated) == (104.0, False)  # 3.8 % off


# --- decomposition -----------------------------------------------------------------------------


def _items(*rows: tuple[str, float, float, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["site", "quantity", "t_co2e", "days"])


def effects(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, float]:
    table = decompose.decompose(before, after, ["site"])
    return {name: float(table[f"{name}_effect"].sum()) for name in decompose.EFFECTS}


def test_change_with_the_same_energy_and_a_cleaner_grid_is_all_factor_effect() -> None:
    found = effects(_items(("a", 200, 100, 365)), _items(("a", 200, 80, 365)))  # 0.5 -> 0.4 t per unit
    assert found["factor"] == pytest.approx(-20)
    assert found["activity"] == pytest.approx(0, abs=1e-12)


def test_change_with_more_energy_at_the_same_factor_is_all_activity_effect() -> None:
    found = effects(_items(("a", 200, 100, 365)), _items(("a", 300, 150, 365)))
    assert found["activity"] == pytest.approx(50)
    assert found["factor"] == pytest.approx(0, abs=1e-12)


def test_change_splits_by_log_mean_weights_between_activity_and_factor() -> None:
    # E0 = 100 (Q 100 x 1.0), E1 = 120 (Q 150 x 0.8): L = 20 / ln 1.2
    found = effects(_items(("a", 100, 100, 365)), _items(("a", 150, 120, 365)))
    weight = 20 / math.log(1.2)
    assert found["activity"] == pytest.approx(weight * math.log(1.5))
    assert found["factor"] == pytest.approx(weight * math.log(0.8))


def test_change_from_more_days_billed_is_coverage_not_activity() -> None:
    found = effects(_items(("a", 300, 30, 300)), _items(("a", 365, 36.5, 365)))  # same use per day
    assert found["coverage"] == pytest.approx(6.5)
    assert found["activity"] == pytest.approx(0, abs=1e-12)


def test_change_from_a_site_opened_or_closed_is_structure() -> None:
    found = effects(_items(("a", 100, 10, 365), ("old", 50, 5, 365)), _items(("a", 100, 10, 365), ("new", 70, 7, 365)))
    assert found["structure"] == pytest.approx(2.0)


def test_change_to_zero_emissions_with_energy_still_used_is_factor_effect() -> None:
    found = effects(_items(("a", 100, 10, 365)), _items(("a", 120, 0, 365)))  # 100 % green power
    assert found["factor"] == pytest.approx(-10)


positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(positive, positive, positive, positive, st.integers(1, 366), st.integers(1, 366)),
        min_size=1,
        max_size=6,
    )
)
def test_effects_sum_exactly_to_the_change(rows: list[tuple[float, float, float, float, int, int]]) -> None:
    before = pd.DataFrame(
        [(f"s{i}", q0, e0, d0) for i, (q0, e0, _, _, d0, _) in enumerate(rows)],
        columns=["site", "quantity", "t_co2e", "days"],
    )
    after = pd.DataFrame(
        [(f"s{i}", q1, e1, d1) for i, (_, _, q1, e1, _, d1) in enumerate(rows)],
        columns=["site", "quantity", "t_co2e", "days"],
    )
    table = decompose.decompose(before, after, ["site"])
    total = sum(float(table[f"{name}_effect"].sum()) for name in decompose.EFFECTS)
    assert total == pytest.approx(float(table["change"].sum()), rel=1e-9, abs=1e-6)


# --- the sample and the commands -----------------------------------------------------------------


@pytest.fixture(scope="module")
def campus() -> dict:
    result = CliRunner().invoke(app, ["trend", CAMPUS, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_campus_site_opened_mid_year_makes_its_first_year_complete_but_not_whole(campus: dict) -> None:
    first = {(r["site"], r["year"]): r for r in campus["site_years"]}[("cq-b1", 2022)]
    assert (first["open_days"], first["complete"], first["whole"]) == (184, True, False)  # 1 July - 31 Dec


def test_campus_acquired_site_is_left_out_of_the_run_before_its_acquisition(campus: dict) -> None:
    rows = {(r["site"], r["year"]): r for r in campus["site_years"]}
    run = {r["year"]: r for r in campus["years"]}
    # 2021: the run counts every site but bj-h2 (acquired 2023); cq-b1 had not opened
    owned = sum(rows[(s, 2021)]["scope1_2_location"] for s in ("cq-a1", "cq-a2", "cq-old", "bj-h1"))
    assert run[2021]["scope1_2_location"] == pytest.approx(owned)


def test_campus_base_year_is_recalculated_for_the_acquisition(campus: dict) -> None:
    rows = {(r["site"], r["year"]): r for r in campus["site_years"]}
    base = campus["base_year"]
    reported = sum(rows[(s, 2020)]["scope1_2_market"] for s in ("cq-a1", "cq-a2", "cq-old", "bj-h1"))
    assert base["reported_t"] == pytest.approx(reported)
    assert base["used_t"] == pytest.approx(reported + rows[("bj-h2", 2020)]["scope1_2_market"])
    assert base["recalculated"] is True


def test_campus_offsets_are_beside_the_scopes_and_net_is_labelled_apart(campus: dict) -> None:
    net = campus["net_zero"]
    assert net["year"] == 2024 and net["offsets_avoidance_t"] == 50
    assert net["net_after_offsets_t"] == pytest.approx(net["remaining_t"] - 50)
    assert net["remaining_t"] == pytest.approx(net["scope1_2_market"])


def test_campus_change_effects_add_up_to_the_change_between_the_last_two_years(campus: dict) -> None:
    change = campus["change"]
    run = {r["year"]: r for r in campus["years"]}
    assert (change["from"], change["to"]) == (2023, 2024)
    assert change["change"] == pytest.approx(run[2024]["scope1_2_location"] - run[2023]["scope1_2_location"])
    assert sum(change["effects"].values()) == pytest.approx(change["change"])


def test_diff_of_two_json_inventories_adds_up_to_their_change(tmp_path) -> None:
    runner = CliRunner()
    paths = []
    for year in (2023, 2024):
        result = runner.invoke(app, ["calc", CAMPUS, "--year", str(year), "--format", "json"])
        assert result.exit_code == 0, result.output
        paths.append(tmp_path / f"{year}.json")
        paths[-1].write_text(result.stdout, encoding="utf-8")
    result = runner.invoke(app, ["diff", *map(str, paths), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    totals = [json.loads(p.read_text())["totals"] for p in paths]
    expected = sum(t["scope1"] + t["scope2_location"] for t in totals[1:]) - (
        totals[0]["scope1"] + totals[0]["scope2_location"]
    )
    assert (document["from"], document["to"]) == ("2023", "2024")
    assert document["change"] == pytest.approx(expected)
    assert sum(document["effects"].values()) == pytest.approx(expected)


def test_diff_of_site_yamls_without_from_and_to_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["diff", CAMPUS])
    assert result.exit_code == 2
    assert "--from" in result.output


def test_campus_activity_years_add_up_to_the_runs_years(campus: dict) -> None:
    run = {r["year"]: r for r in campus["years"]}
    for year, row in run.items():
        of_year = [a for a in campus["activity_years"] if a["year"] == year]
        assert {a["activity"] for a in of_year} == {"electricity", "natural_gas"}
        assert sum(a["scope1_2_location"] for a in of_year) == pytest.approx(row["scope1_2_location"])


def test_weather_normalised_peak_reads_normalised_figures_and_keeps_the_actual_ones(tmp_path) -> None:
    import shutil

    folder = tmp_path / "campus"
    shutil.copytree("sample_data/campus-5y", folder)
    yaml = folder / "portfolio.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "trends: {weather_normalised: true}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["trend", str(yaml), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    years = {r["year"]: r for r in document["years"]}
    normalised = {y: r["scope1_2_location_normalised"] for y, r in years.items()}
    assert normalised != {y: r["scope1_2_location"] for y, r in years.items()}
    run = next(p for p in document["peak"] if p["scope"] == "(all sites)" and p["view"] == "location")
    assert run["peak_t"] == pytest.approx(max(normalised.values()))
    assert isinstance(run["peak_year"], int)


def test_sites_reporting_different_years_make_no_series_and_no_change() -> None:
    # issue 15.4's rule in the multi-year view: a UK office's 2023 beside a US office's 2024
    result = CliRunner().invoke(
        app, ["trend", "sample_data/uk-office/site.yaml", "sample_data/us-office/site.yaml", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [y["complete"] for y in document["years"]] == [False, False]
    assert document["change"] is None


def test_diff_refuses_a_pipe_as_a_json_inventory_in_one_line(tmp_path) -> None:
    import os

    fifo = tmp_path / "before.json"
    os.mkfifo(fifo)
    other = tmp_path / "after.json"
    other.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(fifo), str(other)])
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr and "Traceback" not in result.output


def _campus_with_weather(tmp_path, old: str, new: str):
    import shutil

    folder = tmp_path / "campus"
    shutil.copytree("sample_data/campus-5y", folder)
    weather = folder / "weather.csv"
    weather.write_text(weather.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return folder / "portfolio.yaml"


def test_trend_says_a_site_gets_its_countrys_weather_in_the_change(tmp_path) -> None:
    yaml = _campus_with_weather(tmp_path, ",CN-BJ,", ",CN,")
    result = CliRunner().invoke(app, ["trend", str(yaml), "--format", "json"])
    assert result.exit_code == 0, result.output
    said = {(n["site"], n["level"], n["message"]) for n in json.loads(result.stdout)["notices"]}
    assert ("bj-h1", "warning", "no weather series for bj-h1 or CN-BJ: uses CN's") in said


def test_trend_says_a_site_without_weather_has_no_weather_effect(tmp_path) -> None:
    yaml = _campus_with_weather(tmp_path, ",CN-BJ,", ",XX,")
    result = CliRunner().invoke(app, ["trend", str(yaml), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    said = {(n["site"], n["level"], n["message"]) for n in document["notices"]}
    expected = "the weather file has no series for bj-h1 or CN-BJ: its weather effect is not counted"
    assert ("bj-h1", "warning", expected) in said
    assert sum(1 for n in document["notices"] if n["message"] == expected) == 1
