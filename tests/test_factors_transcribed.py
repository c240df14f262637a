"""Every factor file with published numbers is built from a cited input (issue 13, Done when).

``scripts/factors/transcribed.py`` builds the files whose sources are read by eye (IPCC, GWP and
ASHRAE tables, EPA Hub 2024, DESNZ 2025 district heat, calorific values) from transcriptions in
the publisher's terms: the printed value and unit, and where in the table it stands. Expected
values below are the published ones, worked by hand where a unit changes.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from script_modules import load_factor_script as load

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts" / "factors"
INPUTS = SCRIPTS / "inputs" / "transcribed"


def built_rows(text: str) -> dict[str, dict[str, str]]:
    rows = list(csv.DictReader(text.splitlines()))
    key = next(iter(rows[0]))
    return {row[key] if key != "set" else f"{row['set']}/{row['gas']}/{row['origin']}": row for row in rows}


def copy_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "transcribed"
    shutil.copytree(INPUTS, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_issue_13_each_transcribed_file_is_exactly_the_shipped_one_byte_for_byte():
    for name, text in load("transcribed").build().items():
        if name == "properties.csv":  # then the gas-volume default row is added (gas_volume.py)
            text = load("gas_volume").build(text)
        assert (ROOT / "factors" / name).read_bytes() == text.encode("utf-8"), name


def test_issue_13_epa_natural_gas_heat_content_per_scf_becomes_per_thousand_scf():
    # EPA Hub Table 1 prints 0.001026 mmBtu per scf; shipped per 1000 scf: 0.001026 x 1000 = 1.026
    inputs = {r["id"]: r for r in csv.DictReader((INPUTS / "properties.csv").open(encoding="utf-8"))}
    assert (
        inputs["us-epa-hub2024-natural_gas-gcv"]["printed_value"],
        inputs["us-epa-hub2024-natural_gas-gcv"]["printed_unit"],
    ) == (
        "0.001026",
        "mmBtu per scf",
    )
    row = built_rows(load("transcribed").build()["properties.csv"])["us-epa-hub2024-natural_gas-gcv"]
    assert (row["value"], row["unit"]) == ("1.026", "MMBtu/1000 scf")


def test_issue_13_blend_compositions_in_percent_by_mass_become_mass_fractions():
    # ASHRAE 34: R-404A is R-125/143a/134a (44/52/4) % by mass -> 0.44, 0.52, 0.04
    rows = list(csv.DictReader(load("transcribed").build()["refrigerants.csv"].splitlines()))
    r404a = {r["component"]: r["mass_fraction"] for r in rows if r["refrigerant"] == "R-404A"}
    assert r404a == {"HFC-125": "0.44", "HFC-143a": "0.52", "HFC-134a": "0.04"}
    r410a = {r["component"]: r["mass_fraction"] for r in rows if r["refrigerant"] == "R-410A"}
    assert r410a == {"HFC-32": "0.50", "HFC-125": "0.50"}


@pytest.mark.parametrize(
    ("name", "key", "column", "published"),
    [
        # EPA Hub Table 1, Natural Gas: 53.06 kg CO2, 1.0 g CH4, 0.10 g N2O per mmBtu
        ("us_epa_hub.csv", "us-epa-hub2024-natural_gas-co2", "value", "53.06"),
        ("us_epa_hub.csv", "us-epa-hub2024-natural_gas-n2o", "value", "0.10"),
        # EPA Hub (March 2018) Table 7 Steam and Heat: 66.33 kg CO2 per mmBtu
        ("us_epa_hub.csv", "us-epa-hub2018-heat-co2", "value", "66.33"),
        # IPCC 2006 Vol.2 Table 2.3: coal CH4 10 kg/TJ; Table 1.2: natural gas NCV 48.0 TJ/Gg
        ("ipcc2006_manufacturing.csv", "ipcc2006-t2.3-coal-ch4", "value", "10"),
        ("properties.csv", "ipcc2006-natural_gas-ncv", "value", "48.0"),
        # GB/T 2589 diesel 42,652 kJ/kg
        ("properties.csv", "cn-gbt2589-diesel-ncv", "value", "42652"),
        # DESNZ 2025, district heat and steam, 0.17529 kg CO2e per kWh
        ("district_heat.csv", "uk-desnz-2025-district-heat-co2e", "value", "0.17529"),
        # AR6 Table 7.15: CH4 fossil 29.8, N2O 273; AR5 Table 8.A.1: SF6 23,500
        ("gwp.csv", "AR6/CH4/fossil", "value", "29.8"),
        ("gwp.csv", "AR6/N2O/any", "value", "273"),
        ("gwp_fgases.csv", "AR5/SF6/any", "value", "23500"),
        # IPCC 2006 Vol.3 Table 7.9: chillers 10-2000 kg charge, 2-15 % per year
        ("refrigerant_leak_rates.csv", "chillers", "charge_kg_high", "2000"),
        ("refrigerant_leak_rates.csv", "chillers", "operating_pct_low", "2"),
    ],
)
def test_issue_13_transcribed_values_are_the_published_ones(name, key, column, published):
    assert built_rows(load("transcribed").build()[name])[key][column] == published


def test_issue_13_a_value_is_changed_in_its_transcription_not_in_factors(tmp_path):
    inputs = copy_inputs(tmp_path)
    edit(
        inputs / "ipcc2006_manufacturing.csv",
        "'Other Bituminous Coal', column 'CH4'\",10,kg/TJ",
        "'Other Bituminous Coal', column 'CH4'\",11,kg/TJ",
    )
    built = load("transcribed").build(inputs)["ipcc2006_manufacturing.csv"]
    assert built_rows(built)["ipcc2006-t2.3-coal-ch4"]["value"] == "11"
    assert built != (ROOT / "factors" / "ipcc2006_manufacturing.csv").read_text(encoding="utf-8")


def test_issue_13_a_printed_unit_without_a_known_conversion_stops_the_build_naming_file_row_and_units(tmp_path):
    inputs = copy_inputs(tmp_path)
    edit(inputs / "district_heat.csv", ",0.17529,kg CO2e per kWh,", ",0.17529,kg CO2e per MWh,")
    with pytest.raises(ValueError, match=r"district_heat.csv row 2 .*'kg CO2e per MWh' to 'kg/kWh'"):
        load("transcribed").build(inputs)


def test_issue_13_a_printed_value_that_is_not_a_number_stops_the_build(tmp_path):
    inputs = copy_inputs(tmp_path)
    edit(inputs / "district_heat.csv", ",0.17529,kg CO2e per kWh,", ",0.175 29,kg CO2e per kWh,")
    with pytest.raises(ValueError, match=r"district_heat.csv row 2 .*'0.175 29' is not a number"):
        load("transcribed").build(inputs)


def test_issue_13_a_range_printed_high_before_low_stops_the_build(tmp_path):
    inputs = copy_inputs(tmp_path)
    edit(inputs / "refrigerant_leak_rates.csv", "row 'Chillers',10-2000,kg,2-15,", "row 'Chillers',10-2000,kg,15-2,")
    with pytest.raises(ValueError, match=r"refrigerant_leak_rates.csv row 7 .*'15-2' has its low bound above"):
        load("transcribed").build(inputs)


def test_issue_13_a_transcription_missing_its_printed_value_column_is_refused(tmp_path):
    inputs = copy_inputs(tmp_path)
    edit(inputs / "gwp.csv", ",printed_value,", ",value,")
    with pytest.raises(ValueError, match=r"gwp.csv: no column printed_value"):
        load("transcribed").build(inputs)


def test_issue_13_regenerate_check_compares_bytes_so_a_changed_line_end_is_caught(tmp_path, monkeypatch):
    # A shipped file whose lines end in CRLF is not what the builder writes (LF), though its text reads the same.
    regenerate = load("regenerate")
    path = tmp_path / "district_heat.csv"
    path.write_bytes(b"id,value\r\nx,1\r\n")
    monkeypatch.setattr(regenerate, "build", lambda: {path: "id,value\nx,1\n"})
    monkeypatch.setattr(regenerate, "ROOT", tmp_path)
    assert regenerate.main(["--check"]) == 1
    assert regenerate.main([]) == 0
    assert path.read_bytes() == b"id,value\nx,1\n"
    assert regenerate.main(["--check"]) == 0


def test_issue_13_a_standalone_builder_check_compares_bytes_too(tmp_path):
    builder_cli = load("builder_cli")
    path = tmp_path / "gwp.csv"
    path.write_bytes(b"set,value\r\nAR6,1\r\n")
    assert builder_cli.write_or_check(["--check"], doc=None, outputs={path: "set,value\nAR6,1\n"}, script="x") == 1
    assert builder_cli.write_or_check([], doc=None, outputs={path: "set,value\nAR6,1\n"}, script="x") == 0
    assert path.read_bytes() == b"set,value\nAR6,1\n"


def test_issue_13_mobile_rows_are_built_from_their_transcription(tmp_path):
    # DESNZ 2023, average car, diesel, per km: CO2 0.16815 kg (sheet row 1581), as printed
    mobile = load("mobile")
    assert (ROOT / "factors" / "mobile.csv").read_bytes() == mobile.build().encode("utf-8")
    path = tmp_path / "mobile.csv"
    text = (SCRIPTS / "inputs" / "mobile.csv").read_text(encoding="utf-8")
    path.write_text(text.replace(",sheet row 1581,0.16815,", ",sheet row 1581,0.16915,"), encoding="utf-8")
    # 0.16915 + 0.0000046368 + 0.0016718120805369126 = 0.1708264488805369126, not the total 0.1698264488805369
    with pytest.raises(ValueError, match=r"sheet row 1580 add up to 0\.17082644888053691"):
        mobile.build(path)


def test_issue_13_a_mobile_row_printed_in_another_unit_than_its_gas_is_refused(tmp_path):
    path = tmp_path / "mobile.csv"
    text = (SCRIPTS / "inputs" / "mobile.csv").read_text(encoding="utf-8")
    old = ",sheet row 1582,4.6368e-06,kg CO2e of CH4 per unit,"
    assert text.count(old) == 1
    path.write_text(text.replace(old, ",sheet row 1582,4.6368e-06,kg CO2e of N2O per unit,"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"mobile.csv row \d+ \(uk-desnz-2023-car_diesel_km-ch4\): printed unit"):
        load("mobile").build(path)


def test_issue_13_a_calorific_value_in_two_inputs_is_the_same_number_in_both():
    # China's NCVs stand in cn_fuel_parameters.csv (beside carbon content and oxidation) and in the
    # properties transcription; EPA Hub 2025 heat contents in epa_hub_memo.csv and the same.
    properties = {r["id"]: r for r in csv.DictReader((INPUTS / "properties.csv").open(encoding="utf-8"))}
    fuels = list(csv.DictReader((SCRIPTS / "inputs" / "cn_fuel_parameters.csv").open(encoding="utf-8")))
    for fuel in fuels:
        key = (
            "cn-gbt32150-natural_gas-ncv" if fuel["activity"] == "natural_gas" else f"cn-gbt2589-{fuel['activity']}-ncv"
        )
        row = properties[key]
        assert (row["printed_value"], row["unit"]) == (fuel["ncv"], fuel["ncv_unit"]), key
    memo = list(csv.DictReader((SCRIPTS / "inputs" / "epa_hub_memo.csv").open(encoding="utf-8")))
    hub = {r["Fuel Type"]: r for r in memo}
    for row in properties.values():
        if row["id"].startswith("us-epa-hub2025-"):
            fuel = row["cell"].split("'")[1]
            assert float(row["printed_value"]) == float(hub[fuel]["Heat Content (HHV)"]), row["id"]
            assert row["printed_unit"] == hub[fuel]["Heat content unit"], row["id"]
