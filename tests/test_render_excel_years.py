"""A report over several years leads with the latest whole year against the one before (issue 15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from carbon_cli import calculate
from carbon_cli.render import excel

# 0.5 kg CO2/kWh, the site's own factor for both Scope 2 views, so every figure is worked by hand.
SITE = """site: {id: office, name: Three-year office, region: CN-CQ, floor_area_m2: 1000}
period: {start: 2021-01-01, end: 2023-12-31}
bills:
  - {path: power.csv, activity: electricity}
factors:
  - {activity: electricity, gas: CO2, value: 0.5, unit: kg/kWh, source: test, method: location}
  - {activity: electricity, gas: CO2, value: 0.5, unit: kg/kWh, source: test, method: market}
"""
# kWh per month: 1,000 in 2021, 1,200 in 2022, 900 in 2023.
MONTHLY = {2021: 1000, 2022: 1200, 2023: 900}


def month_bills() -> str:
    rows = ["start,end,quantity,unit"]
    for year, kwh in MONTHLY.items():
        for month in range(1, 13):
            start = dt.date(year, month, 1)
            end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            rows.append(f"{start},{end},{kwh},kWh")
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def summary_rows(tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    folder = tmp_path_factory.mktemp("years")
    (folder / "power.csv").write_text(month_bills(), encoding="utf-8")
    (folder / "site.yaml").write_text(SITE, encoding="utf-8")
    excel.save(calculate([folder / "site.yaml"]), folder / "r.xlsx")
    book: Workbook = load_workbook(folder / "r.xlsx")
    return [tuple(row) for row in book["Summary"].iter_rows(values_only=True)]


def row(rows: list[tuple], label: str) -> tuple:
    return next(r for r in rows if r[0] == label)


def test_issue_15_page_one_shows_the_latest_whole_year_and_the_one_before(summary_rows: list[tuple]) -> None:
    assert row(summary_rows, "Emissions (t CO2e)")[1:5] == ("2023", "2022", "change (t)", "change")
    # 2023: 12 x 900 kWh x 0.5 kg = 5.4 t; 2022: 12 x 1,200 x 0.5 = 7.2 t; change -1.8 t, -25 %.
    now, before, tonnes, fraction = row(summary_rows, "Scope 2, location-based")[1:5]
    assert (now, before, tonnes, fraction) == pytest.approx((5.4, 7.2, -1.8, -0.25), rel=1e-12)


def test_issue_15_the_three_year_sum_is_not_shown_as_the_headline(summary_rows: list[tuple]) -> None:
    # 2021 + 2022 + 2023 = 6.0 + 7.2 + 5.4 = 18.6 t must not stand as "the" figure on page 1.
    page_one = summary_rows[: summary_rows.index(row(summary_rows, "Month"))]
    assert not any(value == pytest.approx(18.6) for r in page_one for value in r if isinstance(value, float))


def test_issue_15_intensity_is_for_the_latest_year(summary_rows: list[tuple]) -> None:
    assert row(summary_rows, "Intensity (Scope 1 + 2), 2023")[1:3] == ("location-based", "market-based")
    # 5.4 t = 5,400 kg over 1,000 m²
    assert row(summary_rows, "kg CO2e per m² (1,000 m²)")[1] == pytest.approx(5.4, rel=1e-12)


def test_issue_15_trend_table_holds_each_month_of_both_years(summary_rows: list[tuple]) -> None:
    assert row(summary_rows, "Month")[:3] == ("Month", "2022", "2023")
    assert row(summary_rows, "Jan")[1:3] == pytest.approx((0.6, 0.45), rel=1e-12)  # 1,200 and 900 kWh x 0.5 kg


def test_issue_15_largest_sources_of_the_latest_year(summary_rows: list[tuple]) -> None:
    assert row(summary_rows, "Largest sources, 2023")[1:3] == ("t CO2e", "share")
    assert row(summary_rows, "Purchased electricity")[1:3] == pytest.approx((5.4, 1.0), rel=1e-12)


def test_issue_15_the_campus_sample_leads_with_2024_against_2023(tmp_path: Path) -> None:
    campus = Path(__file__).resolve().parent.parent / "sample_data" / "campus-3y" / "portfolio.yaml"
    excel.save(calculate([campus]), tmp_path / "campus.xlsx")
    rows = [tuple(r) for r in load_workbook(tmp_path / "campus.xlsx")["Summary"].iter_rows(values_only=True)]
    assert rows[0][0] == "Carbon inventory · Example Campus"
    assert row(rows, "Emissions (t CO2e)")[1:3] == ("2024", "2023")
    sites = next(r for r in rows if len(r) > 4 and r[4] == "Largest sites, 2024")
    assert sites[5:7] == ("t CO2e", "share")
