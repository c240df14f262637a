"""Issue 17: the workbook gains Trend, Targets and Change sheets when a run spans years."""

from __future__ import annotations

import json

import openpyxl
import pytest
from typer.testing import CliRunner

from carbon_cli.cli.main import app

CAMPUS = "sample_data/campus-5y/portfolio.yaml"


@pytest.fixture(scope="module")
def campus(tmp_path_factory: pytest.TempPathFactory) -> tuple[openpyxl.Workbook, dict]:
    path = tmp_path_factory.mktemp("x") / "campus.xlsx"
    runner = CliRunner()
    result = runner.invoke(app, ["calc", CAMPUS, "--excel", str(path), "-q"])
    assert result.exit_code == 0, result.output
    trend = json.loads(runner.invoke(app, ["trend", CAMPUS, "--format", "json"]).stdout)
    return openpyxl.load_workbook(path), trend


def test_workbook_of_several_years_has_trend_targets_and_change_before_the_ledger(campus) -> None:
    book, _ = campus
    names = book.sheetnames
    assert names.index("Trend") < names.index("Targets") < names.index("Change") < names.index("Ledger")


def test_trend_sheet_rows_are_the_years_of_carbon_trend(campus) -> None:
    book, trend = campus
    rows = list(book["Trend"].iter_rows(min_row=3, max_row=2 + len(trend["years"]), values_only=True))
    for row, year in zip(rows, trend["years"], strict=True):
        assert row[0] == str(year["year"])
        assert row[6] == pytest.approx(year["scope1_2_location"])
    assert len(book["Trend"]._charts) == 1


def test_targets_sheet_has_a_chart_per_target(campus) -> None:
    book, trend = campus
    assert len(book["Targets"]._charts) == len({t["target"] for t in trend["targets"]})


def test_change_sheet_steps_add_up_from_one_year_to_the_next(campus) -> None:
    book, _ = campus
    rows = list(book["Change"].iter_rows(min_row=3, max_row=9, values_only=True))
    assert rows[0][2] + sum(r[1] for r in rows[1:6]) == pytest.approx(rows[6][1])


def test_workbook_of_one_year_has_no_trend_sheets(tmp_path) -> None:
    path = tmp_path / "one.xlsx"
    result = CliRunner().invoke(app, ["calc", "sample_data/ai-park/site.yaml", "--excel", str(path), "-q"])
    assert result.exit_code == 0, result.output
    assert not {"Trend", "Targets", "Change"} & set(openpyxl.load_workbook(path).sheetnames)
