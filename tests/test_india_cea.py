"""India's official grid factor (issue 13, coverage): CEA's CO2 Baseline Database ahead of Ember.

Central Electricity Authority, CO2 Baseline Database for the Indian Power Sector, Version 21.0
(November 2025), all-India weighted average grid emission rate (incl. RES and captive generation),
excluding imports, t CO2/MWh, as read (scripts/factors/inputs/cea_india.csv names the texts):
FY 2020-21 0.7026, 2021-22 0.7152, 2022-23 0.7191, 2023-24 0.7290, 2024-25 0.7117. A financial
year (April-March) is carried as the calendar year it starts in. Before, an Indian site always took
Ember's life-cycle intensity (2023: a CO2e g/kWh row, with a life-cycle warning).

The fixture (scripts/fixtures/india.py) is a Bengaluru office billing, per month of 2023,
18,400 + 17,650 + 20,300 + 21,900 + 22,800 + 19,700 + 18,200 + 18,100 + 18,650 + 19,400 + 18,300
+ 18,900 = 232,300 kWh = 232.3 MWh; x 0.7290 t/MWh = 169.3467 t CO2. The same bills in 2019, a
year before CEA's series here, keep Ember's 2019 value: 232,300 kWh x 714.876 g/kWh = 166.0657 t.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from carbon_cli import calculate, factors

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "india"
INPUT = ROOT / "scripts" / "factors" / "inputs" / "cea_india.csv"

PUBLISHED = {2020: 0.7026, 2021: 0.7152, 2022: 0.7191, 2023: 0.7290, 2024: 0.7117}  # t CO2/MWh, FY from April


def location(path: Path) -> tuple[float, set[str], list[str]]:
    inventory = calculate([path])
    facts = inventory.facts[inventory.facts["scope"] == "scope2_location"]
    notes = [f"{n.level}: {n.message}" for n in inventory.notices if "scope2_location" in n.message]
    return float(facts["t_co2e"].sum()), set(facts["factor_id"].astype(str)), notes


def electricity(year: int) -> dict[str, factors.Choice]:
    chain, _ = factors.region_chain("IN")
    return factors.select_gases(factors.emission_factors(), "electricity", chain, year, "location")


def test_issue_13_an_indian_2023_bill_uses_ceas_fy_2023_24_rate_not_embers_life_cycle_proxy():
    total, ids, notes = location(DATA / "site_2023.yaml")
    assert total == pytest.approx(232.3 * 0.7290, rel=1e-12)  # 169.3467 t CO2
    assert ids == {"in-cea-v21-fy2023-elec-in-co2"}
    # official, combustion-only, for the bill's year: no life-cycle warning; the financial year is said
    assert notes == [
        "info: electricity CO2 (scope2_location): financial year 2023-24 (April 2023 to March 2024) "
        "stands for calendar 2023"
    ]


def test_issue_13_an_indian_bill_before_ceas_series_keeps_embers_year_with_its_warning():
    total, ids, notes = location(DATA / "site_2019.yaml")
    assert total == pytest.approx(232300 * 714.876 / 1e6, rel=1e-12)  # 166.0657 t CO2e
    assert ids == {"ember-2019-elec-in-co2e"}
    assert any(n.startswith("warning") and "life-cycle" in n for n in notes), notes


@pytest.mark.parametrize(("year", "value"), sorted(PUBLISHED.items()))
def test_issue_13_cea_rows_are_the_published_values_with_their_version_and_financial_year(year, value):
    chosen = electricity(year)
    assert set(chosen) == {"CO2"}
    row = chosen["CO2"].row
    assert (row["region"], row["year_from"], row["year_to"], row["value"], row["unit"]) == (
        "IN",
        year,
        year,
        value,
        "t/MWh",
    )
    assert "Central Electricity Authority" in row["citation"] and "Version 21.0" in row["citation"]
    assert f"FY {year}-{(year + 1) % 100:02d}" in row["table"]
    assert chosen["CO2"].fallbacks == (
        f"financial year {year}-{(year + 1) % 100:02d} (April {year} to March {year + 1}) stands for calendar {year}",
    )


def test_issue_13_a_year_after_ceas_latest_takes_it_at_info_and_the_input_holds_the_values():
    choice = electricity(2026)["CO2"]
    assert choice.row["value"] == 0.7117
    assert choice.fallbacks == (
        "no 2026 edition, used the latest earlier one (2024)",
        "financial year 2024-25 (April 2024 to March 2025) stands for calendar 2024",
    )
    with INPUT.open(encoding="utf-8") as handle:
        rows = {
            int(r["financial_year"][:4]): float(r["value"]) for r in csv.DictReader(handle) if r["version"] == "21.0"
        }
    assert rows == PUBLISHED


def test_issue_13_build_india_writes_exactly_the_shipped_file():
    spec = importlib.util.spec_from_file_location("build_india", ROOT / "scripts" / "factors" / "build_india.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (ROOT / "factors" / "in_cea_electricity.csv").read_text(encoding="utf-8")
    assert module.main(["--check"]) == 0


def test_issue_13_coverage_shows_india_exact_from_cea_and_ember_before_it():
    table = factors.coverage(region="IN", years=[2019, 2023], activity="electricity")
    location_rows = table[table["method"] == "location"].set_index("year")
    assert location_rows.loc[2023, "status"] == "exact"
    assert (
        location_rows.loc[2023, "note"] == "financial year 2023-24 (April 2023 to March 2024) stands for calendar 2023"
    )
    assert location_rows.loc[2023, "factor_id"] == "in-cea-v21-fy2023-elec-in-co2"
    assert location_rows.loc[2019, "factor_id"] == "ember-2019-elec-in-co2e"
    assert location_rows.loc[2019, "level"] == "warning"
