"""China's provincial series as published (issue 13, item 1): the 2023 data year of MEE/NBS.

MEE/NBS Announcement 2025 No. 47 (2025-12-31), annex 《2023年电力二氧化碳排放因子》, Table 3 gives
the 2023 provincial average electricity CO2 factors. Before it shipped, a 2023 or 2024 provincial
bill used the province's 2022 factor (Sichuan 0.1404 kg/kWh instead of 0.1564: 10% low).

Values as read (scripts/factors/inputs/cn_mee_nbs_electricity.csv names the texts): Sichuan 0.1564,
Beijing 0.5554, Guangdong 0.4419, Shandong 0.6191, Yunnan 0.1333, Qinghai 0.1796 kg CO2/kWh.
The fixture (scripts/fixtures/cn_provinces.py) is a Chengdu office billing 560,800 kWh in 2023:
41,200 + 36,850 + 38,900 + 40,100 + 45,600 + 52,300 + 61,800 + 63,400 + 51,900 + 43,700 + 40,250
+ 44,800 = 560,800 kWh = 560.8 MWh; x 0.1564 t/MWh = 87.70912 t CO2.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from carbon_cli import calculate, factors

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "cn_provinces"
INPUT = ROOT / "scripts" / "factors" / "inputs" / "cn_mee_nbs_electricity.csv"

SICHUAN_2023 = 0.1564  # kg CO2/kWh = t CO2/MWh
MWH_2023 = 560.8


def location(path: Path) -> tuple[float, set[str], list[str]]:
    inventory = calculate([path])
    facts = inventory.facts[inventory.facts["scope"] == "scope2_location"]
    notes = [f"{n.level}: {n.message}" for n in inventory.notices if "scope2_location" in n.message]
    return float(facts["t_co2e"].sum()), set(facts["factor_id"].astype(str)), notes


def electricity(region: str, year: int) -> factors.Choice:
    chain, _ = factors.region_chain(region)
    return factors.select_gases(factors.emission_factors(), "electricity", chain, year, "location")["CO2"]


def test_issue_13_a_2023_sichuan_bill_uses_the_2023_provincial_factor_not_2022s():
    total, ids, notes = location(DATA / "site_2023.yaml")
    assert total == pytest.approx(MWH_2023 * SICHUAN_2023, rel=1e-12)  # 87.70912 t, not 78.73632 (0.1404)
    assert ids == {"cn-mee-nbs-2023-elec-cn-sc-co2"}
    assert notes == []  # the province's own factor for the bill's year: exact


def test_issue_13_a_2024_sichuan_bill_uses_the_latest_earlier_data_year_2023_at_info():
    total, ids, notes = location(DATA / "site_2024.yaml")
    assert total == pytest.approx(MWH_2023 * SICHUAN_2023, rel=1e-12)
    assert ids == {"cn-mee-nbs-2023-elec-cn-sc-co2"}
    assert notes and all(n.startswith("info") and "2024" in n and "2023" in n for n in notes), notes


@pytest.mark.parametrize(
    ("region", "value"),
    [("CN-BJ", 0.5554), ("CN-GD", 0.4419), ("CN-SD", 0.6191), ("CN-YN", 0.1333), ("CN-QH", 0.1796)],
)
def test_issue_13_2023_provincial_factors_are_the_published_values(region, value):
    row = electricity(region, 2023).row
    assert (row["region"], row["year_from"], row["year_to"], row["value"], row["unit"]) == (
        region,
        2023,
        2023,
        value,
        "kg/kWh",
    )
    assert "公告2025年第47号" in row["citation"] and "2025-12-31" in row["citation"]
    assert "provincial" in row["table"] and row["evidence"] == "single-secondary"


def test_issue_13_thirty_provinces_for_each_mee_nbs_data_year_and_tibet_falls_back_to_the_nation():
    with INPUT.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for year in ("2021", "2022", "2023"):
        provinces = {r["region"] for r in rows if r["data_year"] == year and r["variant"] == "province"}
        assert len(provinces) == 30 and "CN-XZ" not in provinces, year
    choice = electricity("CN-XZ", 2023)
    assert (choice.row["region"], choice.row["value"]) == ("CN", 0.5306)
    assert choice.fallbacks == ("no CN-XZ value, used CN",)
