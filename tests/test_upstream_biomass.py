"""Issue 14, cited defaults where no national publisher applies: DESNZ upstream (WTT) of every edition
shipped, IPCC 2006 biomass and biogas factors outside the UK and US, and the evidence of the IPCC
Table 7.9 leak rates screening uses. Every total is worked by hand from the published values.

Fixtures: ``tests/data/upstream_biomass/`` (``scripts/fixtures/upstream_biomass.py``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from carbon_cli import calculate, summary
from carbon_cli.factors.files import factors_root

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "upstream_biomass"

# AR6 GWP100: biomass CH4 is non-fossil (27.0), N2O 273.
CH4_NON_FOSSIL, N2O = 27.0, 273.0


def test_issue_14_biodiesel_upstream_of_2019_uses_the_2019_desnz_edition() -> None:
    # BEIS 2019 flat file, 'Factors by Category' row 3472: WTT- bioenergy, WTT- biofuel, Biodiesel,
    # litres, 0.36672 kg CO2e (the 2019 and 2020 sheets say 'Biodiesel', not 'Biodiesel ME').
    litres = 4200 + 2600 + 1900 + 3800
    assert litres == 12_500
    inventory = calculate([DATA / "uk-2019" / "site.yaml"])
    memo = summary.memo(inventory.facts)
    assert memo["scope3_wtt"] == pytest.approx(12_500 * 0.36672 / 1000, rel=1e-12)  # 4.584 t
    used = set(inventory.ledger.loc[inventory.ledger["activity"].astype(str) == "biodiesel_wtt", "factor_id"])
    assert used == {"uk-desnz-2019-biodiesel_wtt-co2e"}
    assert not any("biodiesel_wtt" in n.message and n.level == "warning" for n in inventory.notices)


@pytest.mark.parametrize("year", range(2019, 2026))
def test_issue_14_every_desnz_edition_ships_the_upstream_of_electricity_and_its_td_losses(year: int) -> None:
    with (factors_root() / "uk_desnz_memo.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["year_from"] == str(year)]
    with (factors_root() / "uk_desnz.csv").open(encoding="utf-8") as handle:
        td = [r for r in csv.DictReader(handle) if r["year_from"] == str(year)]
    activities = {r["activity"] for r in rows}
    assert {"electricity_wtt", "electricity_td_losses_wtt", "natural_gas_wtt", "biodiesel_wtt"} <= activities
    assert "electricity_td_losses" in {r["activity"] for r in td}


def _nz_mill_scope1(wood_ch4: float, biogas_ch4: float) -> float:
    """kg CO2e of the mill's Scope 1 with the given CH4 factors (kg/TJ); N2O 4 (wood) and 0.1 (biogas)."""
    wood_tj = (46.5 + 58.0 + 61.5 + 44.0) * 15.6 / 1000  # 210 t x 15.6 GJ/t (IPCC Table 1.2) = 3.276 TJ
    biogas_tj = (310 + 290) / 1000  # 600 GJ = 0.6 TJ
    assert wood_tj == pytest.approx(3.276) and biogas_tj == pytest.approx(0.6)
    return (wood_tj * wood_ch4 + biogas_tj * biogas_ch4) * CH4_NON_FOSSIL + (wood_tj * 4 + biogas_tj * 0.1) * N2O


def test_issue_14_wood_chips_and_biogas_outside_the_uk_and_us_get_the_ipcc_2006_defaults() -> None:
    inventory = calculate([DATA / "nz-mill" / "site.yaml"])
    # Table 2.4 (commercial/institutional): wood CH4 300, N2O 4; other biogas CH4 5, N2O 0.1 kg/TJ:
    # 3.276 x 300 = 982.8 kg CH4 x 27 = 26,535.6; 3.276 x 4 = 13.104 kg N2O x 273 = 3,577.392;
    # biogas 0.6 x 5 = 3 kg CH4 x 27 = 81; 0.06 kg N2O x 273 = 16.38.
    scope1 = _nz_mill_scope1(300, 5)
    assert scope1 == pytest.approx(26_535.6 + 3_577.392 + 81 + 16.38)
    assert inventory.totals()["scope1"] == pytest.approx(scope1 / 1000, rel=1e-12)
    # Biogenic CO2 (Table 1.4): wood 112,000, other biogas 54,600 kg/TJ, a memo line outside the scopes.
    memo = summary.memo(inventory.facts)
    assert memo["biogenic"] == pytest.approx((3.276 * 112_000 + 0.6 * 54_600) / 1000, rel=1e-12)  # 399.672 t
    assert inventory.totals()["scope2_location"] == 0.0


def test_issue_14_manufacturing_sites_opt_into_table_2_3_for_biomass_too() -> None:
    inventory = calculate([DATA / "nz-mill" / "site.yaml"], factor_sets=["ipcc-manufacturing"])
    # Table 2.3: wood CH4 30, N2O 4; other biogas CH4 1, N2O 0.1 kg/TJ.
    scope1 = _nz_mill_scope1(30, 1)
    assert scope1 == pytest.approx(2_653.56 + 3_577.392 + 16.2 + 16.38)
    assert inventory.totals()["scope1"] == pytest.approx(scope1 / 1000, rel=1e-12)


def _leak_rates() -> dict[str, dict[str, str]]:
    with (factors_root() / "refrigerant_leak_rates.csv").open(encoding="utf-8") as handle:
        return {r["equipment_type"]: r for r in csv.DictReader(handle)}


def test_issue_14_table_7_9_rates_read_in_a_copy_are_no_longer_marked_recalled() -> None:
    rates = _leak_rates()
    # The operating ranges (% of the charge a year) of IPCC 2006 Table 7.9 as read:
    read = {
        "domestic_refrigeration": (0.1, 0.5),
        "stand_alone_commercial": (1, 15),
        "medium_large_commercial": (10, 35),
        "industrial_refrigeration": (7, 25),
        "chillers": (2, 15),
        "residential_commercial_ac": (1, 10),
        "mobile_ac": (10, 20),
    }
    for kind, (low, high) in read.items():
        row = rates[kind]
        assert (float(row["operating_pct_low"]), float(row["operating_pct_high"])) == (low, high), kind
        assert row["evidence"] == "single-secondary" and "Table 7.9" in row["note"], kind
    assert rates["transport_refrigeration"]["evidence"] == "recalled-unverified"


def test_issue_14_screening_says_when_its_leak_rate_was_never_read_in_the_table(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "site: {id: depot, name: Depot, region: NZ}\n"
        "period: {start: 2021-01-01, end: 2021-12-31}\ngwp: AR6\n"
        "refrigerants:\n  method: screening\n  equipment:\n"
        "    - {id: chiller, type: chillers, refrigerant: R-134a, charge_kg: 120, count: 2}\n"
        "    - {id: reefer, type: transport_refrigeration, refrigerant: R-134a, charge_kg: 6}\n",
        encoding="utf-8",
    )
    inventory = calculate([tmp_path / "site.yaml"])
    # 2 x 120 kg x 15%/yr x 1 yr = 36 kg; 6 kg x 50%/yr = 3 kg; R-134a AR6 GWP100 1,530.
    assert inventory.totals()["scope1"] == pytest.approx((36 + 3) * 1530 / 1000, rel=1e-12)  # 59.67 t
    warnings = [n.message for n in inventory.notices if "default leak rate" in n.message]
    chiller = [m for m in warnings if "Chillers" in m]
    reefer = [m for m in warnings if "Transport refrigeration" in m]
    assert len(chiller) == 1 and "recalled" not in chiller[0]
    assert len(reefer) == 1 and "recalled, not read in a copy of the table" in reefer[0]


def test_issue_14_the_steam_default_is_portfolio_managers_published_conversion_to_0005_percent() -> None:
    from carbon_cli.bills import steam

    # ENERGY STAR Portfolio Manager, district steam: 1,194 kBtu per thousand lb; 1 Btu/lb = 2.326 kJ/kg.
    assert pytest.approx(2777.244, abs=1e-9) == 1194 * 2.326
    assert abs(1194 * 2.326 - steam.DEFAULT_ENTHALPY) / (1194 * 2.326) < 6e-5  # 0.144 kJ/kg, 0.0052 %
    assert "ENERGY STAR Portfolio Manager" in steam.DEFAULT_CITATION and "2777.1" in steam.DEFAULT_CITATION
