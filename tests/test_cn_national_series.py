"""China's national grid factor, year by year (issue 13, item 2): which value applies to which accounting year.

Read (factors/cn_national_electricity.csv and cn_ets_electricity.csv cite it): the MEE notice on 2022
enterprise GHG reporting, as republished with 生态环境部 as its source: "在核算2021及2022年度碳排放量时，
全国电网排放因子由0.6101tCO2/MWh调整为最新的0.5810tCO2/MWh". So 0.5810 is for accounting years
2021-2022 (opt-in carbon-market set ``cn-ets``), 0.6101 the value before (recorded for 2020, reported
in 2021 under 环办气候〔2021〕9号), and the default location-based series takes MEE/NBS data years from
2021 (0.5568 national, 0.4743 Chongqing). Each site bills 10,000 kWh (10 MWh) in its year; t CO2 =
10 MWh x the published t/MWh (kg/kWh), CO2 only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import calculate


def site(folder: Path, year: int, region: str = "CN", sets: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "电费.csv").write_text(f"起始日期,截止日期,用电量,单位\n{year}-01-01,{year}-12-31,10000,度\n", "utf-8")
    path = folder / "site.yaml"
    path.write_text(
        f"site:\n  id: cn{year}\n  region: {region}\nperiod: {{start: {year}-01-01, end: {year}-12-31}}\n"
        f"{sets}gwp: AR5\nbills:\n  - path: 电费.csv\n    activity: electricity\n    meter: main\n",
        encoding="utf-8",
    )
    return path


def location(path: Path) -> tuple[float, set[str], list[str]]:
    inventory = calculate([path])
    facts = inventory.facts[inventory.facts["scope"] == "scope2_location"]
    notes = [
        f"{n.level}: {n.message}"
        for n in inventory.notices
        if "electricity" in n.message and "scope2_location" in n.message
    ]
    return float(facts["t_co2e"].sum()), set(facts["factor_id"].astype(str)), notes


def test_issue_13_a_2019_chinese_bill_takes_0_6101_with_a_warning_naming_both_years(tmp_path):
    total, ids, notes = location(site(tmp_path, 2019))
    assert total == pytest.approx(10 * 0.6101, rel=1e-12)  # 6.101 t
    assert ids == {"cn-mee-ets-2020-elec-cn-co2"}
    assert any(n.startswith("warning") and "2019" in n and "2020" in n for n in notes), notes


def test_issue_13_a_2020_chinese_bill_takes_0_6101_exactly(tmp_path):
    total, ids, notes = location(site(tmp_path, 2020))
    assert total == pytest.approx(6.101, rel=1e-12)
    assert ids == {"cn-mee-ets-2020-elec-cn-co2"}
    assert notes == []


def test_issue_13_a_2021_chinese_bill_takes_the_mee_nbs_2021_national_average(tmp_path):
    total, ids, notes = location(site(tmp_path, 2021))
    assert total == pytest.approx(10 * 0.5568, rel=1e-12)  # 5.568 t
    assert ids == {"cn-mee-nbs-2021-elec-cn-co2"}
    assert notes == []


@pytest.mark.parametrize(("year", "value"), [(2019, 0.6101), (2020, 0.6101), (2021, 0.5810), (2022, 0.5703)])
def test_issue_13_the_carbon_market_set_uses_the_notices_value_for_each_accounting_year(tmp_path, year, value):
    # 0.5810 is for accounting 2021-2022 by the 2022 notice; 2022 also has the 2023 notice's 2022 average
    # 0.5703, which the tie-break (the later row) picks; 2019 takes 0.6101 as a later edition.
    total, _, _ = location(site(tmp_path, year, sets="factor_sets: [cn-ets]\n"))
    assert total == pytest.approx(10 * value, rel=1e-12)


def test_issue_13_0_5810_is_not_a_2019_or_2020_value_in_any_shipped_set(tmp_path):
    for year in (2019, 2020):
        for sets in ("", "factor_sets: [cn-ets]\n"):
            total, _, _ = location(site(tmp_path / f"{year}{bool(sets)}", year, sets=sets))
            assert total != pytest.approx(5.810, rel=1e-9)


@pytest.mark.parametrize(
    ("year", "value", "factor_id"),
    [(2021, 0.4743, "cn-mee-nbs-2021-elec-cn-cq-co2"), (2022, 0.5227, "cn-mee-nbs-2022-elec-cn-cq-co2")],
)
def test_issue_13_a_chongqing_site_uses_chongqings_published_provincial_value(tmp_path, year, value, factor_id):
    total, ids, notes = location(site(tmp_path, year, region="CN-CQ"))
    assert total == pytest.approx(10 * value, rel=1e-12)
    assert ids == {factor_id}
    assert notes == []
