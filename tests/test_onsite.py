"""Issue 14 (onsite): on-site generation and export, steam billed in tonnes, purchased cooling.

The fixtures are written by scripts/fixtures/onsite.py (a Chongqing office park, 2021, Chinese
headers). Every expected value is worked here by hand from the bills and the cited factors:

* CN-CQ 2021 grid electricity, location-based: 0.4743 kg CO2/kWh (MEE/NBS 2021, row
  cn-mee-nbs-2021-elec-cn-cq-co2); China's 2021 national market-based (residual) factor:
  0.5942 kg CO2/kWh (row cn-mee-nbs-2021-elec-cn-market-co2);
* purchased heat, China's default 0.11 t CO2/GJ (row cn-heat-default-co2);
* steam by mass: GJ = t x (En - 83.74) / 1000 (Chinese enterprise guidelines);
* cooling without a supplier factor: kWh of cooling / COP 4.2 x grid factor; 1 ton-hour =
  12,000 Btu(IT) = 12,000 x 1055.05585262 J = 3.516853 kWh.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from carbon_cli.cli.main import app
from carbon_cli.errors import ConfigError, InputDataError
from carbon_cli.inventory import calculate

DATA = Path(__file__).parent / "data" / "onsite"
SITE, SOLD, STEAM_DEFAULT = DATA / "site.yaml", DATA / "site_sold.yaml", DATA / "site_steam_default.yaml"

GRID_CQ_2021 = 0.4743 / 1000  # t CO2 per kWh, location-based
MARKET_CN_2021 = 0.5942 / 1000  # t CO2 per kWh, China's national residual factor
HEAT_CN = 0.11  # t CO2 per GJ
PURCHASED = [52000, 47000, 43000, 40000, 45000, 58000, 66000, 68000, 55000, 44000, 43000, 50000]
GENERATED = [6200, 7100, 9800, 11900, 13400, 12800, 15600, 16100, 12300, 9400, 7000, 5900]
EXPORTED = [300, 600, 1500, 2400, 2900, 1800, 1200, 900, 1400, 1600, 800, 200]
STEAM_T = 42.5 + 38.0
TON_HOURS = 21000 + 34500 + 36200 + 18300
KWH_PER_TON_HOUR = 12000 * 1055.05585262 / 3.6e6


def _by(inventory, scope: str, activity: str) -> float:
    table = inventory.breakdown(["scope", "activity"])
    picked = table[(table["scope"] == scope) & (table["activity"] == activity)]
    return float(picked["t_co2e"].sum())


def test_issue_14_steam_billed_in_tonnes_turns_into_gj_by_its_enthalpy() -> None:
    inventory = calculate([SITE])
    gj = STEAM_T * (2960 - 83.74) / 1000  # 80.5 t x 2.87626 GJ/t = 231.539 GJ
    heat = inventory.breakdown(["scope", "activity"])
    row = heat[(heat["scope"] == "scope2_location") & (heat["activity"] == "heat")].iloc[0]
    assert row["unit"] == "GJ" and row["quantity"] == pytest.approx(gj, rel=1e-12)
    assert _by(inventory, "scope2_location", "heat") == pytest.approx(gj * HEAT_CN, rel=1e-12)
    assert _by(inventory, "scope2_location", "heat") == pytest.approx(25.4692823, abs=1e-6)
    said = [n.message for n in inventory.notices if "steam_enthalpy 2960" in n.message]
    assert said and "83.74" in said[0]


def test_issue_14_steam_without_enthalpy_uses_the_default_with_a_warning_naming_the_key() -> None:
    inventory = calculate([STEAM_DEFAULT])
    gj = STEAM_T * (2777.1 - 83.74) / 1000  # dry saturated steam at 1.0 MPa
    assert _by(inventory, "scope2_location", "heat") == pytest.approx(gj * HEAT_CN, rel=1e-12)
    warned = [n for n in inventory.notices if n.level == "warning" and "steam_enthalpy" in n.message]
    assert len(warned) == 1 and "2777.1" in warned[0].message


def test_issue_14_a_steam_enthalpy_in_gj_per_tonne_reads_like_kj_per_kg(tmp_path: Path) -> None:
    for name in ("electricity.csv", "pv.csv", "steam.csv", "cooling.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    text = SITE.read_text(encoding="utf-8").replace("steam_enthalpy: 2960 kJ/kg", "steam_enthalpy: 2.96 GJ/t")
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    assert _by(calculate([tmp_path / "site.yaml"]), "scope2_location", "heat") == pytest.approx(
        STEAM_T * (2960 - 83.74) / 1000 * HEAT_CN, rel=1e-12
    )
    bare = text.replace("steam_enthalpy: 2.96 GJ/t", "steam_enthalpy: 2.96")
    (tmp_path / "site.yaml").write_text(bare, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        calculate([tmp_path / "site.yaml"])
    assert "steam_enthalpy" in str(caught.value) and "2.96" in str(caught.value)


def test_issue_14_cooling_in_ton_hours_takes_grid_electricity_over_cop() -> None:
    inventory = calculate([SITE])
    kwh = TON_HOURS * KWH_PER_TON_HOUR  # 110,000 ton-hours = 386,853.9 kWh of cooling
    table = inventory.breakdown(["scope", "activity"])
    row = table[(table["scope"] == "scope2_location") & (table["activity"] == "cooling")].iloc[0]
    assert row["quantity"] == pytest.approx(kwh, rel=1e-9)
    assert _by(inventory, "scope2_location", "cooling") == pytest.approx(kwh / 4.2 * GRID_CQ_2021, rel=1e-9)
    assert _by(inventory, "scope2_location", "cooling") == pytest.approx(43.687, abs=1e-3)
    assert _by(inventory, "scope2_market", "cooling") == pytest.approx(kwh / 4.2 * MARKET_CN_2021, rel=1e-9)
    warned = [n for n in inventory.notices if n.level == "warning" and "COP 4.2" in n.message]
    assert warned and "factors: activity: cooling" in warned[0].message


def test_issue_14_a_supplier_cooling_factor_replaces_the_cop_estimate(tmp_path: Path) -> None:
    for name in ("electricity.csv", "pv.csv", "steam.csv", "cooling.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    supplier = (
        "factors:\n  - {activity: cooling, gas: CO2e, value: 0.09, unit: kg/kWh, source: plant disclosure 2021}\n"
    )
    (tmp_path / "site.yaml").write_text(SITE.read_text(encoding="utf-8") + supplier, encoding="utf-8")
    inventory = calculate([tmp_path / "site.yaml"])
    kwh = TON_HOURS * KWH_PER_TON_HOUR
    assert _by(inventory, "scope2_location", "cooling") == pytest.approx(kwh * 0.09 / 1000, rel=1e-9)
    assert not [n for n in inventory.notices if "COP" in n.message]


def test_issue_14_generation_and_export_are_reported_never_subtracted() -> None:
    inventory = calculate([SITE])
    # Scope 2 electricity is the grid purchases alone: 611,000 kWh x 0.4743 kg/kWh.
    assert sum(PURCHASED) == 611000
    assert _by(inventory, "scope2_location", "electricity") == pytest.approx(611000 * GRID_CQ_2021, rel=1e-12)
    assert _by(inventory, "scope2_market", "electricity") == pytest.approx(611000 * MARKET_CN_2021, rel=1e-12)
    cooling_kwh = TON_HOURS * KWH_PER_TON_HOUR
    heat = STEAM_T * (2960 - 83.74) / 1000 * HEAT_CN
    expected_location = 611000 * GRID_CQ_2021 + cooling_kwh / 4.2 * GRID_CQ_2021 + heat
    assert inventory.totals()["scope2_location"] == pytest.approx(expected_location, rel=1e-12)
    assert set(inventory.facts["activity"].astype(str)) == {"electricity", "heat", "cooling"}
    row = inventory.onsite.iloc[0]
    assert row["generated_kwh"] == 127500 == sum(GENERATED)
    assert row["exported_kwh"] == 15600 == sum(EXPORTED)
    assert row["self_consumed_kwh"] == 111900
    assert row["self_consumption_share"] == pytest.approx(111900 / 127500)
    assert math.isnan(row["gbt51366_t_co2e"])  # the view is opt-in


def test_issue_14_sold_certificates_of_self_consumption_count_market_based_at_the_residual_mix() -> None:
    plain, sold = calculate([SITE]), calculate([SOLD])
    # 50,000 kWh of self-consumed PV whose certificates were sold: 50,000 x 0.5942 kg/kWh = 29.71 t.
    assert _by(sold, "scope2_market", "self_consumption") == pytest.approx(29.71, abs=1e-9)
    assert sold.totals()["scope2_market"] == pytest.approx(plain.totals()["scope2_market"] + 29.71, rel=1e-12)
    assert sold.totals()["scope2_location"] == pytest.approx(plain.totals()["scope2_location"], rel=1e-12)
    # spread over the months pro rata to their self-consumption, each traced to its generation bill
    ledger = sold.ledger
    part = ledger[(ledger["activity"] == "self_consumption") & (ledger["scope"] == "scope2_market")]
    july = part[part["month"] == "2021-07"]
    assert float(july["quantity"].sum()) == pytest.approx(50000 * (15600 - 1200) / 111900, rel=1e-9)
    assert set(part["meter"].astype(str)) == {"PV-01"}  # the generation meter's bill rows
    assert list(july["source_row"]) == [14] and all(f.endswith("pv.csv") for f in part["source_file"].astype(str))


def test_issue_14_gbt51366_view_offsets_the_export_at_the_grid_factor() -> None:
    inventory = calculate([SOLD])
    # GB/T 51366: (consumption - generation) x EF = (purchases - export) x EF
    expected = (611000 - 15600) * GRID_CQ_2021  # 282.398 t
    assert inventory.onsite.iloc[0]["gbt51366_t_co2e"] == pytest.approx(expected, rel=1e-12)
    assert calculate([SITE], view="gbt51366").onsite.iloc[0]["gbt51366_t_co2e"] == pytest.approx(expected, rel=1e-12)


def test_issue_14_certificates_sold_beyond_self_consumption_are_refused(tmp_path: Path) -> None:
    for name in ("electricity.csv", "pv.csv", "steam.csv", "cooling.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    text = SOLD.read_text(encoding="utf-8").replace("sold_kwh: 50000", "sold_kwh: 120000")
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        calculate([tmp_path / "site.yaml"])
    assert "onsite.self_consumed_certificates_sold_kwh" in str(caught.value)
    assert "111,900.0 kWh" in str(caught.value)


def test_issue_14_export_above_generation_in_a_month_is_refused(tmp_path: Path) -> None:
    for name in ("electricity.csv", "steam.csv", "cooling.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    pv = (DATA / "pv.csv").read_text(encoding="utf-8").replace("上网电量,GRID-EXP,300,", "上网电量,GRID-EXP,7000,")
    (tmp_path / "pv.csv").write_text(pv, encoding="utf-8")
    shutil.copy(SITE, tmp_path / "site.yaml")
    with pytest.raises(InputDataError) as caught:
        calculate([tmp_path / "site.yaml"])
    assert "2021-01" in str(caught.value) and "7,000.0 kWh" in str(caught.value)


def test_issue_14_report_shows_generation_in_json_terminal_and_excel(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["calc", str(SOLD), "--format", "json"])
    assert done.exit_code == 0, done.output
    onsite = json.loads(done.stdout)["onsite"][0]
    assert onsite["generated_kwh"] == 127500 and onsite["exported_kwh"] == 15600
    assert onsite["certificates_sold_kwh"] == 50000
    shown = runner.invoke(app, ["calc", str(SOLD)], env={"COLUMNS": "160"})
    assert "On-site generation and export" in shown.stdout and "87.8%" in shown.stdout
    book = tmp_path / "report.xlsx"
    assert runner.invoke(app, ["calc", str(SOLD), "--excel", str(book)]).exit_code == 0
    cells = {row[0]: row[1] for row in openpyxl.load_workbook(book)["Summary"].iter_rows(values_only=True) if row[0]}
    assert cells["cq-office: On-site generation"] == 127500
    assert cells["cq-office: Exported (reported, never subtracted)"] == 15600
    assert cells["cq-office: Self-consumption share of generation"] == pytest.approx(111900 / 127500)


def test_issue_14_reports_without_generation_have_no_onsite_key() -> None:
    done = CliRunner().invoke(app, ["calc", "sample_data/ai-park/site.yaml", "--format", "json"])
    assert done.exit_code == 0 and "onsite" not in json.loads(done.stdout)


def test_issue_14_uk_district_heating_takes_desnz_district_heat_and_steam() -> None:
    inventory = calculate([DATA / "uk" / "site.yaml"])
    kwh = 21400 + 19800 + 16100 + 11200 + 6300 + 2900 + 2100 + 2200 + 4800 + 9900 + 15600 + 20300  # 132,600
    # DESNZ 2025, Heat and steam: District heat and steam, 0.17529 kg CO2e/kWh
    assert inventory.totals()["scope2_location"] == pytest.approx(kwh * 0.17529 / 1000, rel=1e-12)
    assert inventory.totals()["scope2_location"] == pytest.approx(23.243454, abs=1e-6)
    assert set(inventory.facts["factor_id"].astype(str)) == {"uk-desnz-2025-district-heat-co2e"}


def test_issue_14_strict_refuses_the_cop_estimate_and_names_the_key() -> None:
    with pytest.raises(InputDataError) as caught:
        calculate([SITE], exact_factors=True)
    assert "cooling" in str(caught.value) and "factors:" in str(caught.value)


def test_issue_14_self_consumption_and_generation_cannot_be_billed_as_emitting(tmp_path: Path) -> None:
    shutil.copy(DATA / "electricity.csv", tmp_path / "electricity.csv")
    site = tmp_path / "site.yaml"
    site.write_text(
        "site: {id: x, region: CN-CQ}\nperiod: {start: 2021-01-01, end: 2021-12-31}\n"
        "bills:\n  - {path: electricity.csv, activity: self_consumption, unit: kWh}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        calculate([site])
    assert "bills[0].activity" in str(caught.value) and "self_consumption" in str(caught.value)
