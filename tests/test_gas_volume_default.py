"""Issue 13, natural gas by volume everywhere: a gas bill in m³ outside CN, US and GB takes a cited default
net calorific value with a warning, unless the site gives its own.

DESNZ 2024's UK average gas: CO2 per m³ 2.0414 kg / CO2 per kWh (Net CV) 0.20223 kg = 10.0944 kWh/m³ =
36.340 MJ/m³ (m³ at 15 °C, 101.325 kPa), meeting IPCC 2006 Table 1.4 / Table 2.4 per TJ (NCV): CO2 56,100,
CH4 5, N2O 0.1 kg/TJ; AR6 GWP CH4 (fossil) 29.8, N2O 273.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from script_modules import load_factor_script

from carbon_cli import calculate, factors
from carbon_cli.errors import InputDataError
from carbon_cli.factors.files import factors_root

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "energy_defaults"

# IPCC 2006 per TJ (NCV) of natural gas, weighted with AR6: CO2 + CH4 x 29.8 + N2O x 273, kg CO2e per TJ.
GAS_KG_PER_TJ = 56_100 + 5 * 29.8 + 0.1 * 273  # 56,276.3
DEFAULT_NCV_MJ_PER_M3 = 36.340  # 2.0414 / 0.20223 x 3.6 = 36.34001, as shipped (three decimals)


def test_issue_13_the_default_ncv_per_m3_is_desnz_co2_per_m3_over_co2_per_net_kwh() -> None:
    kwh_per_m3 = 2.0414 / 0.20223  # DESNZ 2024 flat file, natural gas, kg CO2 per m3 / per kWh (Net CV)
    assert kwh_per_m3 == pytest.approx(10.094447, rel=1e-6)
    assert round(kwh_per_m3 * 3.6, 3) == DEFAULT_NCV_MJ_PER_M3
    rows = factors.properties()
    row = rows[rows["id"] == "gas-volume-default-global-natural_gas-ncv"].iloc[0]
    assert (row["region"], row["property"], row["basis"], float(row["value"]), row["unit"]) == (
        "GLOBAL",
        "ncv",
        "NCV",
        DEFAULT_NCV_MJ_PER_M3,
        "MJ/m**3",
    )
    assert "15 degC and 101.325 kPa" in row["note"] and "sheet row 76" in row["table"]


def test_issue_13_a_german_gas_bill_of_1000_m3_takes_the_default_ncv_with_a_warning() -> None:
    inventory = calculate([DATA / "berlin_gas.yaml"])
    kg = 1_000 * DEFAULT_NCV_MJ_PER_M3 / 1e6 * GAS_KG_PER_TJ  # 0.03634 TJ x 56,276.3 = 2,045.0807 kg
    assert kg == pytest.approx(2_045.0807, rel=1e-7)
    assert inventory.totals()["scope1"] == pytest.approx(kg / 1000, rel=1e-12)
    said = [n for n in inventory.notices if "natural_gas" in n.message]
    assert len(said) == 1 and said[0].level == "warning"
    for words in ("36.34 MJ/m3", "15 degC, 101.325 kPa", "DESNZ 2024", "conversions: natural_gas: {ncv:"):
        assert words in said[0].message
    used = set(inventory.ledger["conversion_id"].astype(str))
    assert used == {"gas-volume-default-global-natural_gas-ncv"}


def test_issue_13_the_sites_own_ncv_wins_over_the_default_without_a_warning() -> None:
    inventory = calculate([DATA / "berlin_gas_ncv.yaml"])
    kg = 1_000 * 36.0 / 1e6 * GAS_KG_PER_TJ  # 0.036 TJ x 56,276.3 = 2,025.9468 kg
    assert inventory.totals()["scope1"] == pytest.approx(kg / 1000, rel=1e-12)
    assert not [n for n in inventory.notices if n.level == "warning" and "natural_gas" in n.message]
    assert "gas-volume-default" not in " ".join(inventory.ledger["conversion_id"].astype(str))


def test_issue_13_strict_refuses_the_default_ncv() -> None:
    with pytest.raises(InputDataError, match="default net calorific value"):
        calculate([DATA / "berlin_gas.yaml"], exact_factors=True)


def test_issue_13_coverage_shows_german_gas_in_m3_as_a_warning_fallback() -> None:
    row = factors.coverage(region="DE", years=[2023], activity="natural_gas").iloc[0]
    assert (row["status"], row["level"], row["unit"]) == ("fallback", "warning", "m3")
    assert "36.34 MJ/m3" in row["note"]


@pytest.mark.parametrize("region", ["GB", "US", "CN", "CN-CQ"])
def test_issue_13_countries_with_their_own_gas_per_volume_never_take_the_default(region: str) -> None:
    row = factors.coverage(region=region, years=[2023], activity="natural_gas").iloc[0]
    assert "default net calorific" not in row["note"]  # (GB's m3 factor is chosen by the run: test_uk_gas.py)


def test_issue_13_the_shipped_default_is_what_the_builder_makes_of_the_desnz_cells() -> None:
    text = (factors_root() / "properties.csv").read_text(encoding="utf-8")
    assert load_factor_script("gas_volume").build(text) == text
