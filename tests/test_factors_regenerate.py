"""One script rebuilds every generated factor CSV from its cited inputs (issue 13, Done when).

``python scripts/factors/regenerate.py`` runs every builder over ``scripts/factors/inputs/``;
the shipped CSVs must be exactly what it builds, so a value changes in its transcribed input
(with its source) and never by a hand edit of ``factors/``.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from script_modules import load_factor_script as load

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts" / "factors"
GENERATED = {
    "emission_factors.csv",
    "cn_ets_electricity.csv",
    "us_egrid.csv",
    "cn_national_electricity.csv",
    "cn_fuels.csv",
    "cn_fuel_parameters.csv",
    "uk_desnz.csv",
    "us_egrid_td_losses.csv",
    "world_electricity.csv",
    "in_cea_electricity.csv",
    "us_epa_mobile.csv",
    "activities_mobile.csv",
    "regions.csv",
    # issue 13: every other file with published numbers (builders run by regenerate.py since)
    "uk_desnz_memo.csv",
    "uk_desnz_volume.csv",
    "us_epa_hub_memo.csv",
    "mobile.csv",
    "residual_mixes.csv",
    "subnational_electricity.csv",
    "eea_electricity.csv",
    "us_epa_hub.csv",
    "ipcc2006_manufacturing.csv",
    "district_heat.csv",
    "properties.csv",
    "gwp.csv",
    "gwp_fgases.csv",
    "refrigerants.csv",
    "refrigerant_leak_rates.csv",
    "world_td_losses.csv",
    "cooling_cop.csv",
}


def rows(name: str) -> list[dict[str, str]]:
    with (ROOT / "factors" / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_issue_13_every_generated_factor_csv_is_exactly_what_the_inputs_build():
    built = load("regenerate").build()
    assert {path.name for path in built} == GENERATED
    for path, text in built.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: run python scripts/factors/regenerate.py"


def test_issue_13_regenerate_check_exits_0_when_current():
    assert load("regenerate").main(["--check"]) == 0


@pytest.mark.parametrize(
    "name",
    sorted(
        GENERATED
        - {"regions.csv", "cn_fuel_parameters.csv", "activities_mobile.csv", "properties.csv", "cooling_cop.csv"}
        - {"gwp.csv", "gwp_fgases.csv", "refrigerants.csv", "refrigerant_leak_rates.csv"}
    ),
)
def test_issue_13_every_generated_row_has_a_citation_an_edition_and_the_years_it_applies_to(name):
    for row in rows(name):
        for field in ("publisher", "document", "edition", "table", "note"):
            assert row[field].strip(), f"{name} {row['id']}: {field}"
        assert int(row["year_from"]) >= 1990, row["id"]
        assert row["year_to"] == "" or int(row["year_to"]) >= int(row["year_from"]), row["id"]


def test_issue_13_a_value_is_changed_in_its_input_not_in_factors(tmp_path):
    # The Chongqing 2021 value as printed (0.4743 kg/kWh) lives in the transcribed input: changing
    # it there changes the built CSV, which then no longer equals the shipped one.
    inputs = tmp_path / "inputs"
    shutil.copytree(SCRIPTS / "inputs", inputs, ignore=shutil.ignore_patterns("desnz"))
    path = inputs / "cn_mee_nbs_electricity.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count("2021,province,CN-CQ,重庆,0.4743,") == 1
    path.write_text(text.replace("2021,province,CN-CQ,重庆,0.4743,", "2021,province,CN-CQ,重庆,0.4744,"), "utf-8")
    built = load("build_core").build(inputs)["emission_factors.csv"]
    assert "cn-mee-nbs-2021-elec-cn-cq-co2,electricity,CN-CQ,2021,2021,CO2,0.4744,kg/kWh" in built
    assert built != (ROOT / "factors" / "emission_factors.csv").read_text(encoding="utf-8")


def test_issue_13_a_chinese_coefficient_that_is_not_the_product_of_its_parameters_stops_the_build(tmp_path):
    # diesel: 42,652 kJ/kg x 20.2 tC/TJ x 98 % x 44/12 = 3.0959 kg/kg; with 97 % it is 3.0643, not 3.0959
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    text = (SCRIPTS / "inputs" / "cn_fuel_parameters.csv").read_text(encoding="utf-8")
    (inputs / "cn_fuel_parameters.csv").write_text(text.replace("20.2,t/TJ,98,3.0959", "20.2,t/TJ,97,3.0959"), "utf-8")
    with pytest.raises(ValueError, match="cn-guidelines-diesel-co2"):
        load("cn_fuels").build(inputs)


@pytest.mark.parametrize(
    ("factor_id", "value"),
    [
        # MEE/NBS 2021 and 2022 factors (kg CO2/kWh) as quoted in the press and the 30-province list
        ("cn-mee-nbs-2021-elec-cn-co2", "0.5568"),
        ("cn-mee-nbs-2022-elec-cn-co2", "0.5366"),
        ("cn-mee-nbs-2021-elec-cn-cq-co2", "0.4743"),
        ("cn-mee-nbs-2022-elec-cn-cq-co2", "0.5227"),
        ("cn-mee-nbs-2021-elec-cn-sd-co2", "0.6838"),
        ("cn-mee-nbs-2022-elec-cn-sd-co2", "0.6410"),
        ("cn-mee-nbs-2021-elec-cn-sc-co2", "0.1255"),
        ("cn-mee-nbs-2022-elec-cn-yn-co2", "0.1073"),
    ],
)
def test_issue_13_regenerated_mee_nbs_values_are_the_published_ones(factor_id, value):
    found = {row["id"]: row["value"] for row in rows("emission_factors.csv")}
    assert found[factor_id] == value
