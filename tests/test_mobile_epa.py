"""Issue 14, US fleets the EPA way: CO2 from the fuel, CH4 and N2O from the miles by model year, non-road
equipment per gallon, miles alone by the Hub's distance rows. Every number is worked by hand below.

Fixtures ``tests/data/mobile2/`` (``scripts/fixtures/mobile2.py``). Factors: US EPA GHG Emission
Factors Hub 2025, sheet "Emission Factors Hub" (``scripts/factors/inputs/epa_hub_2025_mobile.csv``):

* Table 2: motor gasoline 8.78 kg CO2/gal (D112), diesel fuel 10.21 kg CO2/gal (D107);
* Table 3: gasoline passenger cars MY 2015 0.0068 g CH4 and 0.0042 g N2O per mile (E157/F157),
  MY 2019 0.0051 and 0.0015 (E161/F161); gasoline light-duty trucks MY 2022 0.0079 and 0.0012 (E205/F205);
  passenger cars' first band 1973-1974;
* Table 4: diesel medium- and heavy-duty vehicles MY 2007-2022 0.0095 g CH4, 0.0431 g N2O per mile (F256/G256);
* Table 5: construction/mining diesel equipment 1.01 g CH4, 0.94 g N2O per gallon (E306/F306);
  industrial/commercial diesel 0.43 and 0.62 (E318/F318);
* Table 10: light-duty truck 0.394 kg CO2, 0.0109 g CH4, 0.0088 g N2O per vehicle-mile.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import calculate
from carbon_cli.errors import ConfigError, InputDataError

DATA = Path(__file__).resolve().parent / "data" / "mobile2"


def tonnes(inventory) -> dict[tuple[str, str], float]:
    """t of each gas per activity, from the ledger (the mass, before any GWP)."""
    ledger = inventory.ledger
    grouped = ledger.groupby([ledger["activity"].astype(str), ledger["gas"].astype(str)])["t_gas"].sum()
    return {key: float(value) for key, value in grouped.items()}


def test_issue_14_us_fleet_co2_from_gallons_ch4_n2o_from_miles_by_each_cars_model_year() -> None:
    inventory = calculate([DATA / "us_services.yaml"])
    gases = tonnes(inventory)
    # pool cars: 40 + 36 + 30 = 106 gal x 8.78 kg = 930.68 kg CO2
    assert gases[("gasoline_road_co2", "CO2")] == pytest.approx(106 * 8.78 / 1000, rel=1e-12)
    assert pytest.approx(930.68) == 106 * 8.78
    # CA-101, MY 2015: 1,000 + 900 = 1,900 miles; CA-102, MY 2019: 800 miles
    assert gases[("passenger_car_gasoline_my2015_km", "CH4")] == pytest.approx(1900 * 0.0068 / 1e6, rel=1e-9)
    assert gases[("passenger_car_gasoline_my2015_km", "N2O")] == pytest.approx(1900 * 0.0042 / 1e6, rel=1e-9)
    assert gases[("passenger_car_gasoline_my2019_km", "CH4")] == pytest.approx(800 * 0.0051 / 1e6, rel=1e-9)
    assert gases[("passenger_car_gasoline_my2019_km", "N2O")] == pytest.approx(800 * 0.0015 / 1e6, rel=1e-9)
    # trucks (Chinese headers 用量/行驶里程), model_year: 2018 -> band 2007-2022: 950 gal, 5,800 miles
    assert gases[("diesel_road_co2", "CO2")] == pytest.approx(950 * 10.21 / 1000, rel=1e-12)
    assert gases[("heavy_truck_diesel_my2007_2022_km", "CH4")] == pytest.approx(5800 * 0.0095 / 1e6, rel=1e-9)
    assert gases[("heavy_truck_diesel_my2007_2022_km", "N2O")] == pytest.approx(5800 * 0.0431 / 1e6, rel=1e-9)
    # Scope 1 in AR5 (the YAML's gwp): CH4 28, N2O 265
    ch4_g = 1900 * 0.0068 + 800 * 0.0051 + 5800 * 0.0095  # 12.92 + 4.08 + 55.1 = 72.1 g
    n2o_g = 1900 * 0.0042 + 800 * 0.0015 + 5800 * 0.0431  # 7.98 + 1.2 + 249.98 = 259.16 g
    assert ch4_g == pytest.approx(72.1) and n2o_g == pytest.approx(259.16)
    expected = (930.68 + 9699.5) / 1000 + (ch4_g * 28 + n2o_g * 265) / 1e6
    assert inventory.totals()["scope1"] == pytest.approx(expected, rel=1e-9)
    # no IPCC per-fuel road CH4/N2O on top of the per-mile ones
    assert not {i for i in inventory.ledger["factor_id"].astype(str) if i.startswith("ipcc2006-t3.2.2")}


def test_issue_14_every_mile_row_traces_to_its_fuel_row() -> None:
    ledger = calculate([DATA / "us_services.yaml"]).ledger
    miles = ledger[ledger["activity"].astype(str) == "passenger_car_gasoline_my2019_km"]
    assert {Path(f).name for f in miles["source_file"].astype(str)} == {"pool_cars.csv"}
    assert set(miles["source_row"]) == {4}  # CA-102's row
    assert set(miles["bill_quantity"]) == {800.0} and set(miles["bill_unit"].astype(str)) == {"mile"}
    assert set(miles["factor_id"].astype(str)) == {
        "us-epa-hub2025-passenger_car_gasoline_my2019_km-ch4",
        "us-epa-hub2025-passenger_car_gasoline_my2019_km-n2o",
    }
    fuel = ledger[(ledger["activity"].astype(str) == "gasoline_road_co2") & (ledger["source_row"] == 4)]
    assert list(fuel["bill_quantity"]) == [30.0] and list(fuel["gas"].astype(str)) == ["CO2"]


def test_issue_14_a_model_year_after_the_hubs_last_band_takes_it_with_a_warning() -> None:
    inventory = calculate([DATA / "us_new_pickup.yaml"])
    gases = tonnes(inventory)
    assert gases[("light_truck_gasoline_my2022_km", "CH4")] == pytest.approx(400 * 0.0079 / 1e6, rel=1e-9)
    assert gases[("light_truck_gasoline_my2022_km", "N2O")] == pytest.approx(400 * 0.0012 / 1e6, rel=1e-9)
    assert gases[("gasoline_road_co2", "CO2")] == pytest.approx(25 * 8.78 / 1000, rel=1e-12)
    warnings = [n.message for n in inventory.notices if n.level == "warning"]
    assert any("model year 2024" in m and "up to 2022" in m for m in warnings)


def test_issue_14_us_fleet_known_by_miles_only_uses_the_hubs_vehicle_mile_rows_with_a_warning() -> None:
    inventory = calculate([DATA / "us_field_miles.yaml"])
    gases = tonnes(inventory)
    assert gases[("light_truck_gasoline_km", "CO2")] == pytest.approx(5000 * 0.394 / 1000, rel=1e-9)
    assert gases[("light_truck_gasoline_km", "CH4")] == pytest.approx(5000 * 0.0109 / 1e6, rel=1e-9)
    assert gases[("light_truck_gasoline_km", "N2O")] == pytest.approx(5000 * 0.0088 / 1e6, rel=1e-9)
    expected = (5000 * 0.394 + 5000 * (0.0109 * 28 + 0.0088 * 265) / 1000) / 1000
    assert inventory.totals()["scope1"] == pytest.approx(expected, rel=1e-9)
    warnings = [n.message for n in inventory.notices if n.level == "warning"]
    assert any("counted by its distance" in m and "approximation of the fuel method" in m for m in warnings)


def test_issue_14_non_road_equipment_is_priced_per_gallon_by_class_and_engine() -> None:
    inventory = calculate([DATA / "us_equipment.yaml"])
    gases = tonnes(inventory)
    excavator = "construction_equipment_diesel_equipment_nonroad"
    assert gases[(excavator, "CO2")] == pytest.approx(1000 * 10.21 / 1000, rel=1e-12)
    assert gases[(excavator, "CH4")] == pytest.approx(1000 * 1.01 / 1e6, rel=1e-9)
    assert gases[(excavator, "N2O")] == pytest.approx(1000 * 0.94 / 1e6, rel=1e-9)
    forklifts = "industrial_equipment_diesel_nonroad"  # one diesel row: no engine: needed
    assert gases[(forklifts, "CH4")] == pytest.approx(200 * 0.43 / 1e6, rel=1e-9)
    assert gases[(forklifts, "N2O")] == pytest.approx(200 * 0.62 / 1e6, rel=1e-9)
    expected = 1200 * 10.21 / 1000 + (1000 * (1.01 * 28 + 0.94 * 265) + 200 * (0.43 * 28 + 0.62 * 265)) / 1e6
    assert inventory.totals()["scope1"] == pytest.approx(expected, rel=1e-9)


def test_issue_14_a_fleets_b20_beside_its_miles_is_fossil_co2_in_scope1_and_biogenic_co2_as_a_memo() -> None:
    inventory = calculate([DATA / "us_b20_trucks.yaml"])
    gases = tonnes(inventory)
    # 500 gal of B20: 400 gal of diesel x 10.21 kg CO2 (Table 2) in Scope 1
    assert gases[("diesel_road_co2", "CO2")] == pytest.approx(400 * 10.21 / 1000, rel=1e-12)
    # 100 gal of biodiesel x 0.128 MMBtu/gal x 73.84 kg CO2/MMBtu (Table 1) = 945.152 kg, biogenic
    assert gases[("biodiesel_road_co2", "CO2")] == pytest.approx(100 * 0.128 * 73.84 / 1000, rel=1e-9)
    ledger = inventory.ledger
    assert set(ledger.loc[ledger["activity"].astype(str) == "biodiesel_road_co2", "scope"].astype(str)) == {"biogenic"}
    # CH4 and N2O of the whole truck's 3,000 miles, MY 2018 (band 2007-2022), whatever the fuel
    ch4_t, n2o_t = 3000 * 0.0095 / 1e6, 3000 * 0.0431 / 1e6
    assert gases[("heavy_truck_diesel_my2007_2022_km", "CH4")] == pytest.approx(ch4_t, rel=1e-9)
    # Scope 1 leaves the biogenic CO2 out: 4,084 kg + 0.798 kg CO2e of CH4 + 34.2645 kg CO2e of N2O
    expected = 4.084 + ch4_t * 28 + n2o_t * 265
    assert inventory.totals()["scope1"] == pytest.approx(expected, rel=1e-9)
    assert expected == pytest.approx(4.1190625)


def site(tmp_path: Path, entry: str, bills: str, region: str = "US") -> Path:
    (tmp_path / "fleet.csv").write_text(bills, encoding="utf-8")
    path = tmp_path / "site.yaml"
    path.write_text(
        f"site: {{id: s, region: {region}}}\nperiod: {{start: 2025-01-01, end: 2025-12-31}}\n"
        f"bills:\n  - path: fleet.csv\n{entry}",
        encoding="utf-8",
    )
    return path


FUEL_AND_MILES = "start,end,quantity,unit,distance\n2025-01-01,2025-01-31,40,gal,{miles}\n"
CARS = "    activity: gasoline\n    vehicle: passenger_car\n"


def test_issue_14_fuel_and_miles_without_a_model_year_is_refused_naming_model_year(tmp_path: Path) -> None:
    path = site(tmp_path, CARS + "    distance_unit: mile\n", FUEL_AND_MILES.format(miles=1000))
    with pytest.raises(ConfigError, match="states no default") as caught:
        calculate([path])
    assert "model_year:" in str(caught.value) and "fleet.csv" in str(caught.value)


def test_issue_14_model_year_without_a_distance_column_names_the_missing_column(tmp_path: Path) -> None:
    path = site(tmp_path, CARS + "    model_year: 2015\n", "start,end,quantity,unit\n2025-01-01,2025-01-31,40,gal\n")
    with pytest.raises(InputDataError, match="has no distance column") as caught:
        calculate([path])
    assert "row 2" in str(caught.value)


def test_issue_14_a_fuel_row_with_a_blank_distance_is_refused_naming_its_row(tmp_path: Path) -> None:
    bills = FUEL_AND_MILES.format(miles=1000) + "2025-02-01,2025-02-28,36,gal,\n"
    path = site(tmp_path, CARS + "    model_year: 2015\n    distance_unit: mile\n", bills)
    with pytest.raises(InputDataError, match="without its distance") as caught:
        calculate([path])
    assert "row 3" in str(caught.value)


def test_issue_14_the_distance_unit_is_never_guessed(tmp_path: Path) -> None:
    path = site(tmp_path, CARS + "    model_year: 2015\n", FUEL_AND_MILES.format(miles=1000))
    with pytest.raises(ConfigError, match="distance_unit:"):
        calculate([path])


def test_issue_14_miles_only_with_a_model_year_is_refused_as_co2_needs_the_fuel(tmp_path: Path) -> None:
    path = site(tmp_path, CARS + "    model_year: 2015\n", "start,end,quantity,unit\n2025-01-01,2025-01-31,900,mile\n")
    with pytest.raises(InputDataError, match="CO2 needs the fuel"):
        calculate([path])


def test_a_fleet_billed_in_miles_with_a_distance_column_too_is_refused_not_read_one_way(tmp_path: Path) -> None:
    bills = "start,end,quantity,unit,distance\n2025-01-01,2025-01-31,900,mile,1000\n"
    path = site(tmp_path, CARS + "    distance_unit: mile\n", bills)
    with pytest.raises(InputDataError, match="already a distance") as caught:
        calculate([path])
    assert "row 2" in str(caught.value) and "distance column" in str(caught.value)


def test_issue_14_a_model_year_before_the_hubs_first_band_is_refused(tmp_path: Path) -> None:
    path = site(tmp_path, CARS + "    model_year: 1970\n    distance_unit: mile\n", FUEL_AND_MILES.format(miles=900))
    with pytest.raises(InputDataError, match="before the EPA Hub's first band \\(1973\\)"):
        calculate([path])


def test_issue_14_non_road_gasoline_with_several_engines_is_refused_naming_engine(tmp_path: Path) -> None:
    entry = "    activity: gasoline\n    vehicle: agricultural_equipment\n"
    path = site(tmp_path, entry, "start,end,quantity,unit\n2025-01-01,2025-01-31,50,gal\n")
    with pytest.raises(ConfigError, match="engine:") as caught:
        calculate([path])
    assert "2_stroke, 4_stroke, off_road_truck" in str(caught.value)


def test_issue_14_non_road_outside_the_us_has_no_factor_and_is_refused(tmp_path: Path) -> None:
    entry = "    activity: diesel\n    vehicle: construction_equipment\n    engine: equipment\n"
    path = site(tmp_path, entry, "start,end,quantity,unit\n2025-01-01,2025-01-31,500,L\n", region="GB")
    with pytest.raises(
        InputDataError,
        match=r"no GB factor for construction_equipment on diesel \(construction_equipment_diesel_equipment_nonroad\)",
    ):
        calculate([path])


def test_issue_14_a_bus_has_no_model_year_factors_and_is_refused(tmp_path: Path) -> None:
    entry = "    activity: diesel\n    vehicle: bus\n    model_year: 2015\n    distance_unit: mile\n"
    path = site(tmp_path, entry, FUEL_AND_MILES.format(miles=1000))
    with pytest.raises(InputDataError, match="no model-year factors for a bus on diesel"):
        calculate([path])


def test_issue_14_the_workbook_ledger_holds_the_fuel_and_the_mile_rows(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from carbon_cli.cli.main import app

    out = tmp_path / "fleet.xlsx"
    result = CliRunner().invoke(app, ["calc", str(DATA / "us_services.yaml"), "--excel", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out, read_only=True)["Ledger"]
    rows = [row for row in sheet.iter_rows(values_only=True)]
    activities = {cell for row in rows for cell in row if isinstance(cell, str)}
    assert {"gasoline_road_co2", "passenger_car_gasoline_my2019_km", "heavy_truck_diesel_my2007_2022_km"} <= activities
    # CA-102's row 4: its 30 gal (CO2) and its 800 miles (CH4, N2O), each a ledger row of pool_cars.csv row 4
    row_four = [r for r in rows if "pool_cars.csv" in " ".join(str(c) for c in r) and 4 in r]
    assert {r[3] for r in row_four} == {"gasoline_road_co2", "passenger_car_gasoline_my2019_km"}
    assert len(row_four) == 3  # CO2; CH4 and N2O


def test_issue_14_shipped_epa_mobile_factors_are_what_the_cited_inputs_build() -> None:
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("epa_mobile", root / "scripts" / "factors" / "epa_mobile.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    factors_text, activities_text = module.build()
    assert (root / "factors" / "us_epa_mobile.csv").read_text(encoding="utf-8") == factors_text
    assert (root / "factors" / "activities_mobile.csv").read_text(encoding="utf-8") == activities_text
    # the published cells the tests above work by hand
    rows = {(r.split(",")[1], r.split(",")[5]): r.split(",")[6] for r in factors_text.splitlines()[1:]}
    assert rows[("gasoline_road_co2", "CO2")] == "8.78" and rows[("diesel_road_co2", "CO2")] == "10.21"
    assert rows[("passenger_car_gasoline_my2015_km", "CH4")] == "0.0068"
    assert rows[("heavy_truck_diesel_my2007_2022_km", "N2O")] == "0.0431"
    assert rows[("construction_equipment_diesel_equipment_nonroad", "CH4")] == "1.01"
