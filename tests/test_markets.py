"""Residual mixes for market-based Scope 2 and sub-national grids (issue 13).

Sites and bills are written by scripts/fixtures/markets.py into tests/data/markets/. Every expected
value is worked by hand here from the published value as read (scripts/factors/inputs/residual/ and
inputs/subnational/, which name the source of each): kWh x factor, in tonnes.
"""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli import factors
from carbon_cli.cli import app
from carbon_cli.factors.volume import UnitChoice
from carbon_cli.inventory import calculate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "markets"
INPUTS = ROOT / "scripts" / "factors" / "inputs"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def totals(name: str, *options: str) -> dict:
    code, out, err = run("calc", str(DATA / f"{name}.yaml"), "--format", "json", *options)
    assert code == 0, err
    return json.loads(out)


def market_notices(result: dict) -> list[dict]:
    return [n for n in result["notices"] if "scope2_market" in n["message"]]


def source_value(path: str, key: str, value: str, column: str) -> str:
    with (INPUTS / path).open(encoding="utf-8") as handle:
        return next(row[column] for row in csv.DictReader(handle) if row[key] == value)


# --- residual mixes: the published values, worked by hand -----------------------------------------


def test_issue_13_german_market_based_scope2_uses_aibs_2023_residual_mix():
    # Old code: the market view used the location factor (Ember 371.311 g CO2e/kWh) with a warning.
    assert source_value("residual/aib_2023_2025.csv", "country", "DE", "printed") == "719,90"
    result = totals("munich")
    kwh = 3100 + 2400 + 2300 + 2200  # 10,000 kWh
    assert result["totals"]["scope2_market"] == pytest.approx(kwh * 719.90 / 1e6, rel=1e-12)  # 7.199 t CO2
    assert result["totals"]["scope2_location"] == pytest.approx(kwh * 371.311 / 1e6, rel=1e-12)
    (residual,) = [f for f in result["factors"] if f["id"] == "aib-2023-elec-de-co2"]
    assert (residual["region"], residual["year"], residual["gas"], residual["value"]) == ("DE", 2023, "CO2", 719.9)
    assert "AIB" in residual["citation"] and "European Residual Mixes 2023" in residual["citation"]
    assert not market_notices(result)  # its own market and year: exact


def test_issue_13_french_2025_market_based_scope2_uses_aibs_2025_residual_mix():
    result = totals("lyon")
    kwh = 4200 + 3000 + 2800 + 3500  # 13,500 kWh
    assert result["totals"]["scope2_market"] == pytest.approx(kwh * 17.11 / 1e6, rel=1e-12)  # 0.230985 t
    assert {f["id"] for f in result["factors"]} >= {"aib-2025-elec-fr-co2"}
    assert not market_notices(result)


def test_issue_13_camx_market_based_scope2_uses_green_e_with_a_warning_naming_both_years():
    # Green-e's 2018 release (data year 2016): CAMX 0.240141 kg CO2/kWh; the bills are of 2022.
    assert source_value("residual/green_e_2018.csv", "subregion", "CAMX", "co2_kg_per_kwh") == "0.240141"
    result = totals("oakland")
    kwh = 2600 + 2400 + 2700 + 2300  # 10,000 kWh
    assert result["totals"]["scope2_market"] == pytest.approx(kwh * 0.240141 / 1000, rel=1e-12)  # 2.40141 t
    (note,) = market_notices(result)
    assert note["level"] == "warning"
    assert "the 2016 residual mix stands in" in note["message"] and "for 2022" in note["message"]


def test_issue_13_an_earlier_residual_mix_is_a_warning_a_later_one_names_both_years():
    chain, _ = factors.region_chain("DE")
    table = factors.emission_factors()
    earlier = factors.select_gases(table, "electricity", chain, 2026, "market")["CO2"]
    assert earlier.row["id"] == "aib-2025-elec-de-co2"  # 2024 has its own since AIB 2024 ships
    assert factors.fallback_level("; ".join(earlier.fallbacks)) == "warning"
    later = factors.select_gases(table, "electricity", chain, 2016, "market")["CO2"]
    assert later.row["id"] == "aib-2018-elec-de-co2" and later.row["value"] == 0.72869
    (note,) = later.fallbacks
    assert "for 2016" in note and "the 2018 residual mix" in note and "a later year's factor" in note
    assert factors.fallback_level(note) == "warning"


def test_issue_13_full_disclosure_country_keeps_the_location_factor_and_says_why():
    # AIB prints N/A for Austria in 2023 (full disclosure): AIB 2018's 545.87 g must not stand in.
    result = totals("vienna")
    kwh = 4 * 2500
    assert result["totals"]["scope2_market"] == pytest.approx(kwh * 111.613 / 1e6, rel=1e-12)  # Ember, location
    (note,) = market_notices(result)
    assert note["level"] == "warning"
    assert "understates market-based emissions" in note["message"]
    assert "AT has no residual mix from 2023" in note["message"] and "full disclosure" in note["message"]


def test_issue_13_residual_mix_of_another_year_passes_strict_like_no_residual_mix():
    # --strict refuses year and region steps of grid factors; a market view with another year's
    # residual mix (or none) is reported, as no YAML key short of a supplier factor settles it.
    result = totals("oakland", "--strict")
    assert result["totals"]["scope2_market"] == pytest.approx(2.40141, rel=1e-12)


def test_issue_13_instruments_cover_first_the_rest_uses_the_residual_mix(tmp_path):
    site = (DATA / "munich.yaml").read_text(encoding="utf-8").replace("munich.csv", str(DATA / "munich.csv"))
    site += (
        "instruments:\n  - {type: go, id: GO-DE-2023-0042, quantity: 4000 kWh, "
        "period: {start: 2023-01-01, end: 2023-12-31}}\n"
    )
    (tmp_path / "site.yaml").write_text(site, encoding="utf-8")
    code, out, err = run("calc", str(tmp_path / "site.yaml"), "--format", "json")
    assert code == 0, err
    # (10,000 - 4,000) kWh x 719.90 g CO2/kWh = 4.3194 t; the GO's 4,000 kWh at zero
    assert json.loads(out)["totals"]["scope2_market"] == pytest.approx(6000 * 719.90 / 1e6, rel=1e-12)


# --- sub-national grids -----------------------------------------------------------------------------


def test_issue_13_ontario_uses_ecccs_provincial_intensity_and_green_es_canadian_residual_mix():
    assert source_value("subnational/eccc_2026_table_5_4.csv", "province", "ON", "g_co2e_per_kwh") == "73"
    result = totals("toronto")  # region: Ontario (an alias of CA-ON)
    kwh = 5100 + 4700 + 5600 + 4600  # 20,000 kWh
    assert {f["region"] for f in result["factors"]} == {"CA-ON"}
    assert result["totals"]["scope2_location"] == pytest.approx(kwh * 73 / 1e6, rel=1e-12)  # 1.46 t CO2e
    assert result["totals"]["scope2_market"] == pytest.approx(kwh * 0.045064 / 1000, rel=1e-12)  # 0.90128 t


def test_issue_13_new_south_wales_uses_nga_state_factor_and_the_national_residual_mix():
    result = totals("sydney")
    kwh = 3900 + 3100 + 3300 + 3700  # 14,000 kWh
    assert result["totals"]["scope2_location"] == pytest.approx(kwh * 0.66 / 1000, rel=1e-12)  # 9.24 t
    assert result["totals"]["scope2_market"] == pytest.approx(kwh * 0.81 / 1000, rel=1e-12)  # 11.34 t
    (note,) = market_notices(result)
    assert note["level"] == "info" and "no AU-NSW value, used AU" in note["message"]


def test_issue_13_a_province_falls_back_to_its_country_for_what_it_lacks():
    chain, note = factors.region_chain("CA-QC")
    assert chain == ["CA-QC", "CA", "GLOBAL"] and note is None
    assert factors.canonical_region("Québec") == "CA-QC"
    assert factors.canonical_region("Victoria") == "AU-VIC"
    # No sub-national factor before 2024: the 2024 one, a later year's (warning), not Canada's Ember row
    chosen = factors.select_gases(factors.emission_factors(), "electricity", chain, 2020, "location")["CO2e"]
    assert chosen.row["id"] == "ca-eccc-2024-elec-ca-qc-co2e" and chosen.row["value"] == 2.6
    assert factors.fallback_level("; ".join(chosen.fallbacks)) == "warning"
    # A fuel has no provincial factor: the country's chain reaches IPCC at GLOBAL, as for Canada itself
    gas = factors.select_gases(factors.emission_factors(), "natural_gas", chain, 2024, "location")
    assert {c.row["region"] for c in gas.values()} == {"GLOBAL"}


def test_issue_13_coverage_shows_the_new_sets():
    code, out, err = run("factors", "coverage", "-r", "CA-ON", "-y", "2024", "-a", "electricity", "--format", "json")
    assert code == 0, err
    rows = {r["method"]: r for r in json.loads(out)}
    assert (rows["location"]["status"], rows["location"]["factor_id"]) == ("exact", "ca-eccc-2024-elec-ca-on-co2e")
    assert rows["market"]["factor_id"] == "green-e-2016-elec-ca-on-co2" and rows["market"]["level"] == "warning"
    code, out, _ = run("factors", "sets", "--format", "json")
    assert {"residual-mix", "subnational"} <= {row["set"] for row in json.loads(out)}


# --- the build script -------------------------------------------------------------------------------


def test_issue_13_shipped_residual_and_subnational_files_are_what_the_script_builds():
    spec = importlib.util.spec_from_file_location("build_markets", ROOT / "scripts" / "factors" / "build_markets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path, text in module.outputs().items():
        assert path.read_text(encoding="utf-8") == text, path.name


def test_issue_13_full_disclosure_and_not_loaded_rows_never_become_zero_factors():
    table = factors.emission_factors()
    residual = table[table["id"].astype(str).str.startswith(("aib-", "green-e-"))]
    assert (residual["value"].astype(float) > 0).all()
    assert "aib-2023-elec-at-co2" not in set(residual["id"]) and "aib-2025-elec-nl-co2" not in set(residual["id"])
    assert not (residual["region"] == "GB").any()  # read, not loaded (factors/README.md)


def test_issue_13_calculate_reports_the_residual_mix_in_the_ledger():
    inventory = calculate([DATA / "munich.yaml"])
    ledger = inventory.ledger
    market = ledger[ledger["scope"].astype(str) == "scope2_market"]
    assert set(market["factor_id"].astype(str)) == {"aib-2023-elec-de-co2"}
    assert market["t_co2e"].sum() == pytest.approx(7.199, rel=1e-12)


# --- natural gas by volume -------------------------------------------------------------------------


def test_issue_13_uk_gas_billed_in_m3_uses_desnz_per_cubic_metre():
    result = totals("leeds_gas")
    m3 = 1450 + 610 + 240 + 1100  # 3,400 m3
    # DESNZ 2023 per m3: CO2 2.03437 kg; CH4 0.0030688 and N2O 0.000951510067114094 kg CO2e (AR5) -> AR6
    per_m3 = 2.03437 + 0.0030688 / 28 * 29.8 + 0.000951510067114094 / 265 * 273
    assert result["totals"]["scope1"] == pytest.approx(m3 * per_m3 / 1000, rel=1e-12)  # 6.93129547 t
    assert {f["unit"] for f in result["factors"]} == {"kg/m**3"}
    assert all("Greenhouse gas reporting: conversion factors 2023" in f["citation"] for f in result["factors"])


def test_issue_13_uk_gas_in_kwh_keeps_the_per_kwh_factor():
    chain, _ = factors.region_chain("GB")
    rows = factors.by_activity(factors.emission_factors())
    choice = UnitChoice(rows)
    kwh = factors.select_gases(choice.for_bill("natural_gas", "kWh"), "natural_gas", chain, 2023, "location")
    m3 = factors.select_gases(choice.for_bill("natural_gas", "m3"), "natural_gas", chain, 2023, "location")
    assert kwh["CO2"].row["id"] == "uk-desnz-2023-natural_gas-co2" and kwh["CO2"].row["unit"] == "kg/kWh"
    assert m3["CO2"].row["id"] == "uk-desnz-2023-natural_gas_m3-co2" and m3["CO2"].row["value"] == 2.03437


def test_issue_13_gas_in_m3_without_a_cited_calorific_value_names_the_yaml_key():
    # Before issue 13's default calorific value per m3 this was refused (exit 3); now it runs with a
    # warning that names the default and the key that replaces it.
    code, _, err = run("calc", str(DATA / "warsaw_gas.yaml"))
    assert code == 0
    assert "default net calorific value 36.34 MJ/m3" in err and "conversions: natural_gas: {ncv:" in err


def test_issue_13_uk_gas_per_m3_file_is_what_the_script_builds_from_the_desnz_extracts():
    spec = importlib.util.spec_from_file_location("desnz_volume", ROOT / "scripts" / "factors" / "desnz_volume.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "factors" / "uk_desnz_volume.csv").read_text(encoding="utf-8") == module.build()


# --- EEA (opt-in) -----------------------------------------------------------------------------------


def test_issue_13_eea_set_gives_germany_the_combustion_based_intensity_without_the_life_cycle_warning():
    result = totals("munich", "--factor-set", "eea")
    kwh = 10_000
    # EEA data year 2023 (the release with data to 2024): Germany 316 g CO2e/kWh
    assert result["totals"]["scope2_location"] == pytest.approx(kwh * 316 / 1e6, rel=1e-12)  # 3.16 t
    assert {f["id"] for f in result["factors"]} == {"eea-2023-elec-de-co2e", "aib-2023-elec-de-co2"}
    assert not [n for n in result["notices"] if "life-cycle" in n["message"]]
    # without the set, Ember's life-cycle value and its warning, as before
    assert totals("munich")["totals"]["scope2_location"] == pytest.approx(kwh * 371.311 / 1e6, rel=1e-12)


def test_issue_13_eea_set_replaces_ember_only_for_eu_members():
    table = factors.factor_table(("eea",))
    for code, year, expected in (("FR", 2024, 36), ("PL", 2023, 595), ("GR", 2024, 304)):
        chain, _ = factors.region_chain(code)
        row = factors.select_gases(table, "electricity", chain, year, "location")["CO2e"].row
        assert (row["id"], row["value"]) == (f"eea-{year}-elec-{code.lower()}-co2e", expected)
    chain, _ = factors.region_chain("NO")  # not an EU member: Ember stays
    assert factors.select_gases(table, "electricity", chain, 2024, "location")["CO2e"].row["id"].startswith("ember-")
