"""The calculator, specified by results worked by hand from the cited factors.

Factors used below (all in factors/emission_factors.csv, properties.csv, gwp.csv):
- CN-CQ electricity 2021: 0.4743 kg CO2/kWh; 2022: 0.5227 (MEE/NBS provincial averages)
- CN electricity excluding market-traded non-fossil 2021: 0.5942 kg CO2/kWh (MEE/NBS, market method)
- CN natural gas: 2.162 kg CO2/m3 (GB/T 32150/32151 default); NCV 389.31 GJ/10^4 m3
- IPCC 2006 Table 2.4: natural gas CH4 5 kg/TJ, N2O 0.1 kg/TJ; diesel CO2 74100 kg/TJ, CH4 10, N2O 0.6;
  Table 1.2: diesel NCV 43.0 TJ/Gg
- CN purchased heat: 0.11 t CO2/GJ
- GWP100 AR6: fossil CH4 29.8, N2O 273; AR5: CH4 28, N2O 265
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from carbon_cli import ConfigError, InputDataError, calculate

ELECTRICITY_BILLS = "bills:\n  - {path: power.csv, activity: electricity}\n"
POWER_CSV = {
    "power.csv": """\
    start,end,quantity,unit
    2021-01-01,2021-01-31,1000,kWh
    2021-02-01,2021-02-28,500,kWh
    """
}
GAS = {
    "gas.csv": """\
    start,end,quantity
    2021-03-01,2021-03-31,1000
    """
}
GAS_BILLS = "bills:\n  - {path: gas.csv, activity: natural_gas, unit: m3}\n"


def total(path: Path, **kwargs: object) -> dict[str, float]:
    return calculate([path], **kwargs).totals()  # type: ignore[arg-type]


def test_location_based_electricity_uses_the_provincial_factor(electricity_site: Path) -> None:
    # 1000 + 500 kWh x 0.4743 kg/kWh = 711.45 kg
    assert total(electricity_site)["scope2_location"] == pytest.approx(0.71145, abs=1e-9)


def test_market_based_without_instruments_uses_the_residual_factor(electricity_site: Path) -> None:
    # No CN-CQ residual-style factor; CN 2021 "excluding market-traded non-fossil": 1500 x 0.5942 = 891.3 kg
    assert total(electricity_site)["scope2_market"] == pytest.approx(0.8913, abs=1e-9)


def test_market_fallback_to_national_is_noticed(electricity_site: Path) -> None:
    messages = [n.message for n in calculate([electricity_site]).notices]
    assert any("scope2_market" in m and "no CN-CQ value, used CN" in m for m in messages)


def test_certificates_cover_consumption_pro_rata(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS + "instruments:\n  - {type: green_certificate, quantity: 1200 kWh}\n", bills=POWER_CSV
    )
    inventory = calculate([site])
    # 1200 of 1500 kWh covered (80 %); the rest, 300 kWh, at 0.5942: 178.26 kg
    assert inventory.totals()["scope2_market"] == pytest.approx(0.17826, abs=1e-9)
    by_month = inventory.breakdown(["month"]).set_index(["scope", "month"])["t_co2e"]
    # January: 20 % of 1000 = 200 kWh x 0.5942 = 118.84 kg; February: 100 kWh = 59.42 kg
    assert by_month[("scope2_market", "2021-01")] == pytest.approx(0.11884, abs=1e-9)
    assert by_month[("scope2_market", "2021-02")] == pytest.approx(0.05942, abs=1e-9)


def test_certificates_beyond_consumption_never_make_emissions_negative(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS + "instruments:\n  - {type: green_certificate, quantity: 2 MWh}\n", bills=POWER_CSV
    )
    inventory = calculate([site])
    assert inventory.totals()["scope2_market"] == 0.0
    assert (inventory.ledger["t_co2e"] >= 0).all()
    assert any("500.0 kWh left unused" in n.message for n in inventory.notices)


def test_certificates_only_cover_their_own_period(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS + "instruments:\n"
        "  - {type: green_certificate, quantity: 5000 kWh, period: {start: 2021-02-01, end: 2021-02-28}}\n",
        bills=POWER_CSV,
    )
    # Only February (500 kWh) is covered; January's 1000 kWh x 0.5942 = 594.2 kg remains
    assert total(site)["scope2_market"] == pytest.approx(0.5942, abs=1e-9)


def test_supplier_factor_applies_to_what_certificates_leave(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS + "instruments:\n"
        "  - {type: supplier_factor, factor: 0.3 kg/kWh}\n"
        "  - {type: green_certificate, quantity: 1000 kWh}\n",
        bills=POWER_CSV,
    )
    # Certificates first whatever the YAML order: 1000 kWh covered; 500 kWh x 0.3 kg/kWh = 150 kg
    assert total(site)["scope2_market"] == pytest.approx(0.15, abs=1e-9)


def test_location_based_ignores_instruments(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS + "instruments:\n  - {type: green_certificate, quantity: 1500 kWh}\n", bills=POWER_CSV
    )
    assert total(site)["scope2_location"] == pytest.approx(0.71145, abs=1e-9)


def test_market_and_location_views_count_the_same_consumption(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS + "instruments:\n  - {type: green_certificate, quantity: 700 kWh}\n", bills=POWER_CSV
    )
    quantities = calculate([site]).breakdown(["scope"]).set_index("scope")["quantity"]
    assert quantities["scope2_location"] == pytest.approx(1500.0)
    assert quantities["scope2_market"] == pytest.approx(1500.0)


def test_gas_quantity_counts_once_not_once_per_gas(make_site: Callable[..., Path]) -> None:
    # 1000 m3 burnt carries three gases (CO2, CH4, N2O): the scope total is 1000 m3, not 3000.
    inventory = calculate([make_site(GAS_BILLS, bills=GAS)])
    assert inventory.breakdown(["scope"]).set_index("scope")["quantity"]["scope1"] == pytest.approx(1000.0)
    per_gas = inventory.breakdown(["gas"]).set_index("gas")["quantity"]
    assert per_gas.tolist() == pytest.approx([1000.0, 1000.0, 1000.0])


def test_natural_gas_counts_co2_ch4_and_n2o_with_ar6(make_site: Callable[..., Path]) -> None:
    site = make_site(GAS_BILLS, bills=GAS)
    by_gas = calculate([site]).breakdown(["gas"]).set_index("gas")["t_co2e"]
    # CO2: 1000 m3 x 2.162 kg/m3 = 2162 kg
    assert by_gas["CO2"] == pytest.approx(2.162, abs=1e-12)
    # energy: 1000 m3 x 389.31 GJ / 10^4 m3 = 38.931 GJ = 0.038931 TJ
    # CH4: 0.038931 TJ x 5 kg/TJ = 0.194655 kg x 29.8 = 5.800719 kg CO2e
    assert by_gas["CH4"] == pytest.approx(0.005800719, abs=1e-12)
    # N2O: 0.038931 TJ x 0.1 kg/TJ = 0.0038931 kg x 273 = 1.0628163 kg CO2e
    assert by_gas["N2O"] == pytest.approx(0.0010628163, abs=1e-12)


def test_gwp_set_changes_only_non_co2_gases(make_site: Callable[..., Path]) -> None:
    site = make_site(GAS_BILLS, bills=GAS, gwp="AR5")
    # 2162 + 0.194655 x 28 + 0.0038931 x 265 = 2162 + 5.45034 + 1.0316715 = 2168.4820115 kg
    assert total(site)["scope1"] == pytest.approx(2.1684820115, abs=1e-12)
    # --gwp overrides the YAML: AR6 gives 2162 + 5.800719 + 1.0628163 = 2168.8635353 kg
    assert total(site, gwp="AR6")["scope1"] == pytest.approx(2.1688635353, abs=1e-12)


def test_fuel_in_tonnes_outside_china_uses_ipcc_defaults(make_site: Callable[..., Path]) -> None:
    site = make_site(
        """\
        bills:
          - {path: diesel.csv, activity: diesel, unit: t}
        """,
        bills={"diesel.csv": "start,end,quantity\n2021-05-01,2021-05-31,2\n"},
        region="DE",  # no national diesel factor: IPCC (GB has DESNZ gas oil since issue 14)
    )
    # 2 t = 0.002 Gg x 43.0 TJ/Gg = 0.086 TJ
    # CO2 0.086 x 74100 = 6372.6 kg; CH4 0.086 x 10 = 0.86 kg x 29.8 = 25.628; N2O 0.086 x 0.6 = 0.0516 x 273 = 14.0868
    assert total(site)["scope1"] == pytest.approx(6.4123148, abs=1e-9)


def test_natural_gas_in_tonnes_in_china_bridges_two_calorific_values(make_site: Callable[..., Path]) -> None:
    site = make_site(
        "bills:\n  - {path: gas.csv, activity: natural_gas, unit: t}\n",
        bills={"gas.csv": "start,end,quantity\n2021-03-01,2021-03-31,1\n"},
    )
    ledger = calculate([site]).ledger
    co2 = ledger[ledger["gas"] == "CO2"].iloc[0]
    # 1 t x 48.0 TJ/Gg (IPCC NCV, per mass) = 48 GJ; / 0.038931 GJ/m3 (China NCV, per volume) = 1232.9506 m3
    # x 2.162 kg CO2/m3 = 2665.6392 kg
    assert co2["t_co2e"] == pytest.approx(48 / 0.038931 * 2.162 / 1000, rel=1e-12)
    assert co2["conversion_id"] == "ipcc2006-natural_gas-ncv + cn-gbt32150-natural_gas-ncv"


def test_litres_of_fuel_need_a_density(make_site: Callable[..., Path]) -> None:
    site = make_site(
        "bills:\n  - {path: diesel.csv, activity: diesel, unit: L}\n",
        bills={"diesel.csv": "start,end,quantity\n2021-05-01,2021-05-31,1000\n"},
        region="GB",
    )
    with pytest.raises(InputDataError, match="density"):
        calculate([site])


def test_density_from_the_site_yaml_is_used(make_site: Callable[..., Path]) -> None:
    site = make_site(
        """\
        bills:
          - {path: diesel.csv, activity: diesel, unit: L}
        conversions:
          diesel: {density: 0.84 kg/L, source: supplier delivery note}
        """,
        bills={"diesel.csv": "start,end,quantity\n2021-05-01,2021-05-31,1000\n"},
        region="DE",  # no national diesel factor: IPCC (GB has DESNZ gas oil since issue 14)
    )
    co2 = calculate([site]).breakdown(["gas"]).set_index("gas")["t_co2e"]["CO2"]
    # 1000 L x 0.84 kg/L = 840 kg = 0.00084 Gg x 43.0 TJ/Gg = 0.03612 TJ x 74100 kg/TJ = 2676.492 kg
    assert co2 == pytest.approx(2.676492, abs=1e-9)


def test_purchased_heat_is_scope2_in_both_views(make_site: Callable[..., Path]) -> None:
    site = make_site(
        "bills:\n  - {path: heat.csv, activity: heat, unit: GJ}\n",
        bills={"heat.csv": "start,end,quantity\n2021-01-01,2021-01-31,100\n"},
    )
    totals = total(site)
    # 100 GJ x 0.11 t/GJ = 11 t; no residual-mix factor for heat, so market uses it too (flagged)
    assert totals["scope2_location"] == pytest.approx(11.0)
    assert totals["scope2_market"] == pytest.approx(11.0)
    assert totals["scope1"] == 0.0


def test_bill_across_new_year_uses_each_years_factor(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS,
        start="2021-12-01",
        end="2022-01-31",
        bills={"power.csv": "start,end,quantity,unit\n2021-12-17,2022-01-15,300,kWh\n"},
    )
    ledger = calculate([site]).ledger
    location = ledger[ledger["scope"] == "scope2_location"].set_index("month")
    # 30 days: 15 in December (150 kWh x 0.4743 = 71.145 kg), 15 in January (150 kWh x 0.5227 = 78.405 kg)
    assert location.loc["2021-12", "t_co2e"] == pytest.approx(0.071145, abs=1e-12)
    assert location.loc["2022-01", "t_co2e"] == pytest.approx(0.078405, abs=1e-12)


def test_year_without_its_own_edition_uses_the_latest_earlier_one(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS,
        start="2024-01-01",
        end="2024-12-31",
        bills={"power.csv": "start,end,quantity,unit\n2024-03-01,2024-03-31,1000,kWh\n"},
    )
    inventory = calculate([site])
    # Latest CN-CQ provincial edition is 2023 (MEE/NBS Announcement 2025 No. 47): 1000 kWh x 0.5581 = 558.1 kg
    assert inventory.totals()["scope2_location"] == pytest.approx(0.5581, abs=1e-12)
    assert any("no 2024 edition" in n.message for n in inventory.notices)


def test_only_the_part_of_a_bill_inside_the_period_counts(make_site: Callable[..., Path]) -> None:
    site = make_site(ELECTRICITY_BILLS, bills={"power.csv": "start,end,quantity,unit\n2020-12-17,2021-01-15,300,kWh\n"})
    # 30 days, 15 of them in 2021: 150 kWh x 0.4743 = 71.145 kg
    assert total(site)["scope2_location"] == pytest.approx(0.071145, abs=1e-12)


def test_year_option_narrows_the_period(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS,
        start="2021-01-01",
        end="2022-12-31",
        bills={"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,100,kWh\n2022-01-01,2022-01-31,100,kWh\n"},
    )
    # 2022 only: 100 kWh x 0.5227 = 52.27 kg
    assert total(site, year=2022)["scope2_location"] == pytest.approx(0.05227, abs=1e-12)


def test_region_without_any_factor_is_an_input_error(make_site: Callable[..., Path]) -> None:
    site = make_site(ELECTRICITY_BILLS, bills=POWER_CSV, region="XX")
    with pytest.raises(InputDataError, match="no emission factor for electricity in region XX"):
        calculate([site])


def test_every_ledger_row_carries_its_factor_and_citation(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS + "  - {path: gas.csv, activity: natural_gas, unit: m3}\n", bills={**POWER_CSV, **GAS}
    )
    ledger = calculate([site]).ledger
    assert (ledger["factor_id"].str.len() > 0).all()
    assert (ledger["citation"].str.len() > 0).all()
    assert set(ledger["source_row"]) == {2, 3}


def test_totals_are_sums_of_the_ledger(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS + "  - {path: gas.csv, activity: natural_gas, unit: m3}\n", bills={**POWER_CSV, **GAS}
    )
    inventory = calculate([site])
    sums = inventory.ledger.groupby("scope")["t_co2e"].sum()
    assert inventory.totals() == {scope: pytest.approx(sums[scope]) for scope in sums.index}


def test_sample_site_matches_the_readme_hand_calculation() -> None:
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "ai-park" / "site.yaml"
    totals = calculate([sample]).totals()
    # Electricity in 2021: 352 x 14/31 + (341+298+276+254+301+362+389+355+287+263+289) + 347 x 17/32
    #   = 158.967742 + 3415 + 184.34375 = 3758.311492 kWh; x 0.4743 kg/kWh = 1782.567141 kg
    kwh = 352 * 14 / 31 + 3415 + 347 * 17 / 32
    assert totals["scope2_location"] == pytest.approx(kwh * 0.4743 / 1000, abs=1e-12)
    # Gas in 2021: 168 x 19/31 + (182+149+111+78+62+55+54+60+83+128+162) + 171 x 12/32 = 1291.092742 m3
    m3 = 168 * 19 / 31 + 1124 + 171 * 12 / 32
    tj = m3 * 389.31 / 10_000 / 1000  # GJ/10^4 m3 -> TJ
    kg_co2e = m3 * 2.162 + tj * 5 * 29.8 + tj * 0.1 * 273
    assert totals["scope1"] == pytest.approx(kg_co2e / 1000, abs=1e-12)
    assert kg_co2e == pytest.approx(2800.20, abs=0.01)
    # 4000 kWh of green certificates cover all 3758.3 kWh
    assert totals["scope2_market"] == 0.0


# ---------------------------------------------------------------------------------------------
# Issue 3: US and UK samples by hand, factor sets, the site's own factors, T&D losses
# ---------------------------------------------------------------------------------------------

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"
LB = 0.45359237  # kg per lb


def test_issue_3_us_sample_matches_the_readme_hand_calculation() -> None:
    inventory = calculate([SAMPLES / "us-office" / "site.yaml"])
    totals = inventory.totals()
    # Electricity 2024: 124,400 kWh = 124.4 MWh at eGRID2021's California state rate (issue 13: CAMX, NWPP
    #   and AZNM serve the state, an approximation): CO2 479.005, CH4 0.025, N2O 0.003 lb/MWh;
    #   x 0.45359237 kg/lb; AR6 GWP CH4 (fossil) 29.8, N2O 273
    mwh = 124.4
    kg = mwh * LB * (479.005 + 0.025 * 29.8 + 0.003 * 273)
    assert kg == pytest.approx(27117.01, abs=0.01)
    assert totals["scope2_location"] == pytest.approx(kg / 1000, rel=1e-12)
    # Gas 2024: 3,390 therm = 339 mmBtu (HHV) x EPA Hub 2024 Table 1: 53.06 kg CO2, 1.0 g CH4, 0.10 g N2O
    mmbtu = 339
    kg_gas = mmbtu * (53.06 + 1.0e-3 * 29.8 + 0.10e-3 * 273)
    assert kg_gas == pytest.approx(18006.70, abs=0.01)
    assert totals["scope1"] == pytest.approx(kg_gas / 1000, rel=1e-12)
    # Market: a 40,000 kWh REC covers 40,000 kWh; no US residual mix is shipped, so the other 84,400 kWh
    # take the location factor (flagged in the notices)
    assert totals["scope2_market"] == pytest.approx(kg / 1000 * 84_400 / 124_400, rel=1e-12)
    messages = [n.message for n in inventory.notices]
    assert any("no residual-mix (market) factor" in m for m in messages)
    assert any(n.level == "warning" and "an approximation" in n.message for n in inventory.notices)


def test_issue_3_uk_sample_matches_the_readme_hand_calculation() -> None:
    inventory = calculate([SAMPLES / "uk-office" / "site.yaml"])
    totals = inventory.totals()
    # DESNZ 2023 per gas (CH4/N2O published as CO2e with AR5: 28, 265), weighted with the sample's AR6 (fossil CH4
    # 29.8, N2O 273), issue 13.5. Electricity generated: 0.20496 + 0.000896/28*29.8 + 0.00121828859060403/265*273
    elec = 0.20496 + 0.000896 / 28 * 29.8 + 0.00121828859060403 / 265 * 273  # 0.2071687 kg CO2e/kWh
    assert totals["scope2_location"] == pytest.approx(55_000 * elec / 1000, rel=1e-12)  # 11,394.28 kg
    # natural gas, kWh gross CV: 0.18256 + 0.00028/28*29.8 + 0.0000889261744966443/265*273
    gas = 0.18256 + 0.00028 / 28 * 29.8 + 0.0000889261744966443 / 265 * 273  # 0.1829496 kg CO2e/kWh
    assert totals["scope1"] == pytest.approx(89_000 * gas / 1000, rel=1e-12)  # 16,282.52 kg
    # T&D losses: in the ledger as scope3, never in the Scope 1/2 totals
    td_factor = 0.01773 + 0.0000784 / 28 * 29.8 + 0.000106711409395973 / 265 * 273  # 0.0179234 kg CO2e/kWh
    ledger = inventory.ledger
    td = ledger[ledger["scope"] == "scope3"]
    assert set(td["activity"]) == {"electricity_td_losses"}
    assert td["t_co2e"].sum() == pytest.approx(55_000 * td_factor / 1000, rel=1e-12)  # 985.79 kg
    assert set(totals) == {"scope1", "scope2_location", "scope2_market"}


def test_issue_3_cn_sample_is_unchanged_and_has_no_td_line() -> None:
    inventory = calculate([SAMPLES / "ai-park" / "site.yaml"])
    assert "scope3" not in set(inventory.ledger["scope"])


def test_issue_3_factor_set_cn_ets_from_the_yaml(make_site: Callable[..., Path]) -> None:
    site = make_site(ELECTRICITY_BILLS + "factor_sets: [cn-ets]\n", bills=POWER_CSV)
    # MEE ETS national factor for 2021 accounting: 0.5810 t/MWh x 1.5 MWh = 0.8715 t (not Chongqing's 0.4743)
    assert total(site)["scope2_location"] == pytest.approx(1.5 * 0.5810, abs=1e-12)


def test_issue_3_factor_set_from_the_command_line_applies_to_every_site(make_site: Callable[..., Path]) -> None:
    site = make_site(ELECTRICITY_BILLS, bills=POWER_CSV)
    assert total(site, factor_sets=["cn-ets"])["scope2_location"] == pytest.approx(0.8715, abs=1e-12)


def test_issue_3_unknown_factor_set_names_the_yaml_key(make_site: Callable[..., Path]) -> None:
    site = make_site(ELECTRICITY_BILLS + "factor_sets: [cn-etx]\n", bills=POWER_CSV)
    with pytest.raises(ConfigError) as caught:
        calculate([site])
    assert "factor_sets" in str(caught.value) and "cn-ets" in str(caught.value)


def test_issue_3_inline_factor_overrides_for_the_site_and_is_marked(make_site: Callable[..., Path]) -> None:
    body = ELECTRICITY_BILLS + textwrap.dedent("""\
        factors:
          - {activity: electricity, gas: CO2, value: 0.45, unit: kg/kWh, source: supplier disclosure 2021}
        """)
    site = make_site(body, bills=POWER_CSV)
    inventory = calculate([site])
    # 1500 kWh x 0.45 kg/kWh = 675 kg, instead of the shipped 0.4743
    assert inventory.totals()["scope2_location"] == pytest.approx(0.675, abs=1e-12)
    location = inventory.ledger[inventory.ledger["scope"] == "scope2_location"]
    assert set(location["factor_id"]) == {"user:s1:factors[0]"}
    assert set(location["citation"]) == {"supplier disclosure 2021"}
    assert any("user:s1:factors[0]" in n.message and "replaces the shipped" in n.message for n in inventory.notices)
    # the market view keeps the shipped residual-mix factor (the override is location-based by default)
    assert inventory.totals()["scope2_market"] == pytest.approx(1.5 * 0.5942, abs=1e-12)


def test_issue_3_own_factors_of_one_site_do_not_reach_another(make_site: Callable[..., Path]) -> None:
    own = make_site(
        ELECTRICITY_BILLS + "factors:\n  - {activity: electricity, gas: CO2e, value: 0, unit: kg/kWh, source: test}\n",
        bills=POWER_CSV,
        site_id="own",
        name="own.yaml",
    )
    other = make_site(ELECTRICITY_BILLS, bills=POWER_CSV, site_id="other", name="other.yaml")
    sites = calculate([own, other]).site_totals()
    assert sites["own"]["scope2_location"] == 0.0
    assert sites["other"]["scope2_location"] == pytest.approx(0.71145, abs=1e-12)


def test_issue_3_factor_file_in_the_shipped_schema(make_site: Callable[..., Path], tmp_path: Path) -> None:
    (tmp_path / "my_factors.csv").write_text(
        "id,activity,region,year_from,year_to,gas,value,unit,method,basis,publisher,document,edition,table,"
        "evidence,note\n"
        "cq-supplier-2021,electricity,CN-CQ,2021,2021,CO2,0.40,kg/kWh,location,,Grid Co.,Supplier disclosure,"
        "2021,p.3,,\n"
        "bj-supplier-2021,electricity,CN-BJ,2021,2021,CO2,0.10,kg/kWh,location,,Grid Co.,Supplier disclosure,"
        "2021,p.4,,\n",
        encoding="utf-8",
    )
    site = make_site(ELECTRICITY_BILLS + "factor_files: [my_factors.csv]\n", bills=POWER_CSV)
    inventory = calculate([site])
    # only the row for the site's own region counts: 1500 kWh x 0.40 = 600 kg
    assert inventory.totals()["scope2_location"] == pytest.approx(0.6, abs=1e-12)
    assert set(inventory.ledger.loc[inventory.ledger["scope"] == "scope2_location", "factor_id"]) == {
        "user:cq-supplier-2021"
    }


def test_issue_3_bad_factor_file_row_names_the_file_and_row(make_site: Callable[..., Path], tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text(
        "activity,region,gas,value,unit,document\nelectricity,CN-CQ,CO2,abc,kg/kWh,x\n", encoding="utf-8"
    )
    site = make_site(ELECTRICITY_BILLS + "factor_files: [bad.csv]\n", bills=POWER_CSV)
    with pytest.raises(InputDataError) as caught:
        calculate([site])
    assert "bad.csv row 2" in str(caught.value) and "not a number" in str(caught.value)


def test_issue_3_td_losses_cannot_be_billed(make_site: Callable[..., Path]) -> None:
    site = make_site("bills:\n  - {path: power.csv, activity: electricity_td_losses}\n", bills=POWER_CSV)
    with pytest.raises(ConfigError) as caught:
        calculate([site])
    assert str(caught.value) == (
        f"{site}: bills[0].activity: 'electricity_td_losses' is derived from other "
        "activities, not billed. Use one of: aviation_gasoline, biodiesel, biogas, charcoal, cng, coal, coke, cooling, "
        "diesel, electricity, ethanol, export, fuel_oil, gasoline, generation, heat, jet_fuel, kerosene, lng, lpg, "
        "marine_fuel_oil, marine_gas_oil, natural_gas, propane, waste_incineration, waste_landfill, water_supply, "
        "water_treatment, wood_chips, wood_pellets"
    )


def test_issue_3_us_gas_in_m3_with_a_site_gcv(make_site: Callable[..., Path]) -> None:
    # A site-supplied gross calorific value bridges m3 to EPA's per-mmBtu (HHV) factor:
    # 1000 m3 x 38 MJ/m3 = 38 GJ = 36.0170 mmBtu x 53.06 kg = 1911.06 kg CO2
    # (pint's international Btu is 1055.056 J, so 1 mmBtu = 1055.056 MJ)
    body = GAS_BILLS + "conversions:\n  natural_gas: {gcv: 38 MJ/m3, source: utility bill}\n"
    inventory = calculate([make_site(body, bills=GAS, region="US-TX", start="2021-01-01")])
    co2 = inventory.ledger.query("gas == 'CO2'")["t_gas"].sum()
    assert co2 * 1000 == pytest.approx(38_000 / 1055.056 * 53.06, rel=1e-12)
    assert set(inventory.ledger["conversion_id"]) == {"site:s1:conversions.natural_gas.gcv"}


def test_issue_3_a_net_calorific_value_never_reaches_a_gross_factor(make_site: Callable[..., Path]) -> None:
    # US: the site's NCV is passed over for EPA's own heat content per standard cubic foot (both HHV;
    # a 2021 bill: the Hub 2021 edition's)
    body = GAS_BILLS + "conversions:\n  natural_gas: {ncv: 34 MJ/m3}\n"
    inventory = calculate([make_site(body, bills=GAS, region="US-TX")])
    assert set(inventory.ledger["conversion_id"]) == {"us-epa-hub2021-natural_gas-gcv"}
    # UK: DESNZ gas is per kWh gross and nothing gross converts m3, so it is refused with the fix
    with pytest.raises(InputDataError) as caught:
        calculate([make_site(body, bills=GAS, region="GB", name="gb.yaml")])
    assert "gross" in str(caught.value) and "gcv:" in str(caught.value)


def test_issue_3_a_site_outside_the_database_can_bring_its_own_factor(make_site: Callable[..., Path]) -> None:
    # No shipped electricity factor exists for Kenya; the site's own one is used instead of failing
    body = ELECTRICITY_BILLS + "factors:\n  - {activity: electricity, gas: CO2e, value: 0.1, unit: kg/kWh, source: x}\n"
    inventory = calculate([make_site(body, bills=POWER_CSV, region="KE")])
    assert inventory.totals()["scope2_location"] == pytest.approx(0.15, abs=1e-12)
    assert not any("not in the factor database" in n.message for n in inventory.notices)


def test_ledger_numbers_are_numeric_with_and_without_instruments(
    electricity_site: Path, make_site: Callable[..., Path]
) -> None:
    with_certificates = make_site(
        ELECTRICITY_BILLS + "instruments:\n  - {type: green_certificate, quantity: 1 MWh}\n",
        bills=POWER_CSV,
        name="other.yaml",
    )
    for site in (electricity_site, with_certificates):
        ledger = calculate([site]).ledger
        for column in ("quantity", "factor_value", "t_per_unit", "t_gas", "gwp", "t_co2e"):
            assert ledger[column].dtype == "float64", (site.name, column)


def test_instrument_factor_carries_its_sites_region(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS + "instruments:\n  - {type: green_certificate, quantity: 1 MWh}\n", bills=POWER_CSV
    )
    used = calculate([site]).factors_used().set_index("factor_id")
    assert used.loc["site:s1:instruments[0]", "factor_region"] == "CN-CQ"


def test_a_decimal_comma_in_a_site_density_is_refused_not_read_100_times_over(make_site: Callable[..., Path]) -> None:
    site = make_site(
        "bills:\n  - {path: diesel.csv, activity: diesel, unit: L}\nconversions:\n  diesel:\n    density: 0,84 kg/L\n",
        bills={"diesel.csv": "start,end,quantity\n2021-05-01,2021-05-31,1000\n"},
        region="GB",
    )
    with pytest.raises(ConfigError, match=r"conversions\.diesel\.density: cannot read '0,84 kg/L'"):
        calculate([site])


def test_a_decimal_comma_in_an_instrument_quantity_is_refused(make_site: Callable[..., Path]) -> None:
    site = make_site(
        ELECTRICITY_BILLS + "instruments:\n  - {type: green_certificate, quantity: '1,5 MWh'}\n", bills=POWER_CSV
    )
    with pytest.raises(
        ConfigError, match=r"instruments\[0\] \(green_certificate\): '1,5' has a comma that may be a decimal"
    ):
        calculate([site])
