"""Issue 14, the vehicles and fuels added last: ships and boats, locomotives, aircraft and LPG equipment (EPA Hub
2025 Table 5 per gallon, CO2 from Table 2), and alternative-fuel vehicles (Table 4 per vehicle-mile, their fuels'
CO2 from Table 2). Every number is worked by hand below from the workbook's cells
(``scripts/factors/inputs/epa_hub_2025_mobile.csv``, sheet "Emission Factors Hub"):

* Table 2 (kg CO2 per unit): diesel 10.21/gal (D107), residual fuel oil 11.27/gal (D113), motor gasoline
  8.78/gal (D112), kerosene-type jet fuel 9.75/gal (D109), aviation gasoline 8.31/gal (D104), LPG 5.68/gal
  (D111), CNG 0.05444/scf (D106), ethanol (100%) 5.75/gal (D108, biogenic);
* Table 5 (g per gallon, CH4 / N2O): ships and boats diesel 6.51 / 0.17 (E293/F293), residual fuel oil
  1.1 / 0.31 (E290/F290), 4-stroke gasoline 2.27 / 0.01 (E292/F292); locomotives diesel 0.8 / 0.26
  (E294/F294); aircraft jet fuel 0 / 0.3 (E295/F295), aviation gasoline 7.06 / 0.11 (E296/F296);
  industrial/commercial equipment LPG 0.46 / 0.66 (E319/F319);
* Table 4 (g per vehicle-mile, CH4 / N2O): buses CNG 2.719 / 0.017 (F279/G279), light-duty trucks ethanol
  0.013 / 0.005 (F262/G262), medium-duty trucks LPG 0.179 / 0.033 (F268/G268).

Fixtures ``tests/data/vehicles23/`` (``scripts/fixtures/vehicles23.py``); both sites are AR5 (CH4 28, N2O 265).
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from carbon_cli import calculate, config_bills, mobile, mobile_epa, summary, vehicles
from carbon_cli.errors import ConfigError, InputDataError

DATA = Path(__file__).resolve().parent / "data" / "vehicles23"


def grams(inventory) -> dict[tuple[str, str], float]:
    """g of each gas per activity, from the ledger (the mass, before any GWP)."""
    ledger = inventory.ledger
    grouped = ledger.groupby([ledger["activity"].astype(str), ledger["gas"].astype(str)])["t_gas"].sum()
    return {key: float(value) * 1e6 for key, value in grouped.items()}


@pytest.fixture(scope="module")
def port():
    return calculate([DATA / "port" / "site.yaml"])


@pytest.mark.parametrize(
    ("activity", "gallons", "co2_kg", "ch4_g", "n2o_g"),
    [
        ("ship_diesel_nonroad", 2000, 10.21, 6.51, 0.17),  # the harbour tug
        ("ship_fuel_oil_nonroad", 5000, 11.27, 1.1, 0.31),  # the barge on residual fuel oil
        ("ship_gasoline_4_stroke_nonroad", 300, 8.78, 2.27, 0.01),  # the outboard work boat, engine: 4_stroke
        ("locomotive_diesel_nonroad", 1500, 10.21, 0.8, 0.26),  # the yard switcher
        ("aircraft_jet_fuel_nonroad", 4000, 9.75, 0.0, 0.3),  # the jet (a log with Chinese headers)
        ("aircraft_aviation_gasoline_nonroad", 250, 8.31, 7.06, 0.11),  # the piston plane
        ("industrial_equipment_lpg_nonroad", 400, 5.68, 0.46, 0.66),  # LPG forklifts
    ],
)
def test_issue_14_ships_locomotives_aircraft_and_lpg_equipment_are_priced_per_gallon(
    port, activity: str, gallons: float, co2_kg: float, ch4_g: float, n2o_g: float
) -> None:
    gases = grams(port)
    assert gases[(activity, "CO2")] == pytest.approx(gallons * co2_kg * 1000, rel=1e-12)
    assert gases.get((activity, "CH4"), 0.0) == pytest.approx(gallons * ch4_g, rel=1e-12, abs=1e-9)
    assert gases[(activity, "N2O")] == pytest.approx(gallons * n2o_g, rel=1e-12)


def test_issue_14_the_port_operators_scope_1_is_the_sum_worked_by_hand(port) -> None:
    co2 = 2000 * 10.21 + 5000 * 11.27 + 300 * 8.78 + 1500 * 10.21 + 4000 * 9.75 + 250 * 8.31 + 400 * 5.68
    assert co2 == pytest.approx(20420 + 56350 + 2634 + 15315 + 39000 + 2077.5 + 2272)  # = 138,068.5 kg
    ch4 = 2000 * 6.51 + 5000 * 1.1 + 300 * 2.27 + 1500 * 0.8 + 0 + 250 * 7.06 + 400 * 0.46  # 22,350 g
    n2o = 2000 * 0.17 + 5000 * 0.31 + 300 * 0.01 + 1500 * 0.26 + 4000 * 0.3 + 250 * 0.11 + 400 * 0.66  # 3,774.5 g
    assert ch4 == pytest.approx(22350.0) and n2o == pytest.approx(3774.5)
    assert port.totals()["scope1"] == pytest.approx((co2 + (ch4 * 28 + n2o * 265) / 1000) / 1000, rel=1e-9)
    # never the stationary factors of the fuels on top
    assert all(i.startswith("us-epa-hub2025-") for i in port.ledger["factor_id"].astype(str))


def test_issue_14_alternative_fuel_vehicles_co2_from_the_fuel_ch4_n2o_from_the_miles() -> None:
    inventory = calculate([DATA / "afv" / "site.yaml"])
    gases = grams(inventory)
    # CNG buses: 180,000 scf x 0.05444 kg = 9,799.2 kg CO2; 25,000 miles x 2.719 g CH4, x 0.017 g N2O
    assert gases[("cng_road_co2", "CO2")] == pytest.approx(9_799_200, rel=1e-12)
    assert gases[("bus_cng_afv_km", "CH4")] == pytest.approx(25000 * 2.719, rel=1e-9)
    assert gases[("bus_cng_afv_km", "N2O")] == pytest.approx(25000 * 0.017, rel=1e-9)
    # flex-fuel light trucks: 600 gal ethanol x 5.75 kg = 3,450 kg biogenic CO2 (a memo line); 9,000 miles
    assert gases[("light_truck_ethanol_afv_km", "CH4")] == pytest.approx(9000 * 0.013, rel=1e-9)
    assert gases[("light_truck_ethanol_afv_km", "N2O")] == pytest.approx(9000 * 0.005, rel=1e-9)
    assert summary.memo(inventory.facts)["biogenic"] == pytest.approx(3.45, rel=1e-12)
    # LPG medium-duty trucks: 800 gal x 5.68 kg = 4,544 kg CO2; 11,265.408 km = 7,000 miles
    assert gases[("lpg_road_co2", "CO2")] == pytest.approx(4_544_000, rel=1e-12)
    assert gases[("medium_truck_lpg_afv_km", "CH4")] == pytest.approx(7000 * 0.179, rel=1e-9)
    assert gases[("medium_truck_lpg_afv_km", "N2O")] == pytest.approx(7000 * 0.033, rel=1e-9)
    co2 = 9799.2 + 4544.0  # the ethanol's CO2 is outside the scopes
    ch4 = 25000 * 2.719 + 9000 * 0.013 + 7000 * 0.179  # 67,975 + 117 + 1,253 = 69,345 g
    n2o = 25000 * 0.017 + 9000 * 0.005 + 7000 * 0.033  # 425 + 45 + 231 = 701 g
    assert ch4 == pytest.approx(69345.0) and n2o == pytest.approx(701.0)
    assert inventory.totals()["scope1"] == pytest.approx((co2 + (ch4 * 28 + n2o * 265) / 1000) / 1000, rel=1e-9)


def site(tmp_path: Path, entry: str, bills: str, region: str = "US") -> Path:
    (tmp_path / "fleet.csv").write_text(bills, encoding="utf-8")
    path = tmp_path / "site.yaml"
    path.write_text(
        f"site: {{id: s, region: {region}}}\nperiod: {{start: 2025-01-01, end: 2025-01-31}}\n"
        f"bills:\n  - path: fleet.csv\n{entry}",
        encoding="utf-8",
    )
    return path


def test_issue_14_an_alternative_fuel_fleet_without_its_miles_is_refused_naming_the_distance_column(
    tmp_path: Path,
) -> None:
    path = site(
        tmp_path, "    activity: cng\n    vehicle: bus\n", "start,end,quantity,unit\n2025-01-01,2025-01-31,900,scf\n"
    )
    with pytest.raises(InputDataError, match="per vehicle-mile only") as caught:
        calculate([path])
    assert "fleet.csv row 2" in str(caught.value) and "columns: distance:" in str(caught.value)


def test_issue_14_an_alternative_fuel_the_hub_does_not_price_for_the_class_is_refused(tmp_path: Path) -> None:
    # Table 4 has no LNG light-duty cars: the fleet is not read as another class's
    bills = "start,end,quantity,unit,distance\n2025-01-01,2025-01-31,100,gal,900\n"
    entry = "    activity: lng\n    vehicle: passenger_car\n    distance_unit: mile\n"
    with pytest.raises(InputDataError, match=r"a vehicle \(passenger_car\) billed as lng"):
        calculate([site(tmp_path, entry, bills)])


def test_issue_14_the_vehicle_classes_are_listed_once() -> None:
    assert typing.get_args(config_bills.BillSource.model_fields["vehicle"].annotation)[0] is vehicles.Vehicle
    assert mobile.VEHICLES is vehicles.ROAD and mobile_epa.NON_ROAD is vehicles.NON_ROAD
    assert mobile_epa.ENGINES is vehicles.ENGINES
    assert typing.get_args(vehicles.Vehicle) == vehicles.ROAD + vehicles.NON_ROAD  # the YAML accepts both lists


def test_issue_14_uk_ship_and_aircraft_fuels_take_desnz_per_litre() -> None:
    # DESNZ 2024 flat file, Fuels > Liquid fuels, litres, kg CO2e (the sheet's rows in the extract
    # scripts/factors/inputs/desnz_memo/desnz-2024.csv): the site is AR5, the edition's own GWP, so each
    # fuel's CO2 + CH4 + N2O is the published total per litre.
    inventory = calculate([DATA / "uk_harbour" / "site.yaml"])
    published = {
        "marine_gas_oil": (2000, 2.73782 + 0.00077 + 0.0328, 2.77139),  # rows 379-382
        "marine_fuel_oil": (8000, 3.06194 + 0.0014 + 0.03868, 3.10202),  # rows 395-398
        "aviation_gasoline": (500, 2.28297 + 0.02885 + 0.01934, 2.33116),  # aviation spirit, rows 139-142
        "jet_fuel": (10000, 2.51973 + 0.00176 + 0.0212, 2.54269),  # aviation turbine fuel, rows 155-158 (航空煤油, 升)
    }
    ledger = inventory.ledger
    for activity, (litres, parts, total) in published.items():
        assert parts == pytest.approx(total, abs=1e-9)
        rows = ledger[ledger["activity"].astype(str) == activity]
        assert float(rows["t_co2e"].sum()) == pytest.approx(litres * total / 1000, rel=1e-6), activity
    # 5,542.78 + 24,816.16 + 1,165.58 + 25,426.9 = 56,951.42 kg
    assert inventory.totals()["scope1"] == pytest.approx(56.95142, rel=1e-6)
    scope1 = ledger[ledger["scope"].astype(str) == "scope1"]
    assert set(scope1["factor_id"].astype(str).str.rsplit("-", n=1).str[0]) == {
        "uk-desnz-2024-marine_gas_oil",
        "uk-desnz-2024-marine_fuel_oil",
        "uk-desnz-2024-aviation_spirit",
        "uk-desnz-2024-aviation_turbine_fuel",
    }
    # upstream (WTT- fuels, Liquid fuels, litres, rows 3551, 3555, 3491, 3495): a Scope 3 memo line, never in Scope 1
    wtt = 2000 * 0.62665 + 8000 * 0.69539 + 500 * 0.61425 + 10000 * 0.52817  # 1,253.3 + 5,563.12 + 307.125 + 5,281.7
    assert summary.memo(inventory.facts)["scope3_wtt"] == pytest.approx(wtt / 1000, rel=1e-12)
    assert pytest.approx(12405.245) == wtt


def test_issue_14_an_e85_fleet_splits_fossil_co2_from_biogenic_and_takes_the_flex_fuel_vehicles_miles() -> None:
    inventory = calculate([DATA / "e85" / "site.yaml"])
    gases = grams(inventory)
    # 1,000 gal of E85: 150 gal gasoline x 8.78 kg = 1,317 kg CO2 (Scope 1); 850 gal ethanol x 5.75 kg = 4,887.5 kg
    # biogenic CO2 (a memo line); 18,000 miles of light-duty trucks on ethanol: 0.013 g CH4, 0.005 g N2O per mile
    assert gases[("gasoline_road_co2", "CO2")] == pytest.approx(150 * 8.78 * 1000, rel=1e-12)
    assert gases[("ethanol_road_co2", "CO2")] == pytest.approx(850 * 5.75 * 1000, rel=1e-12)
    assert summary.memo(inventory.facts)["biogenic"] == pytest.approx(4.8875, rel=1e-12)
    assert gases[("light_truck_ethanol_afv_km", "CH4")] == pytest.approx(18000 * 0.013, rel=1e-9)
    assert gases[("light_truck_ethanol_afv_km", "N2O")] == pytest.approx(18000 * 0.005, rel=1e-9)
    # 1,317 + 234 g x 28 / 1000 + 90 g x 265 / 1000 = 1,317 + 6.552 + 23.85 = 1,347.402 kg
    assert inventory.totals()["scope1"] == pytest.approx(1.347402, rel=1e-9)
    ledger = inventory.ledger
    assert set(ledger["source_row"]) == {2}  # the fuel, its ethanol share and its miles: all the file's row 2


def test_issue_14_an_e10_fleet_is_gasoline_cars_by_model_year_with_its_ethanol_share_biogenic(tmp_path: Path) -> None:
    bills = "start,end,quantity,unit,distance\n2025-01-01,2025-01-31,100,gal,3000\n"
    entry = "    activity: gasoline\n    vehicle: passenger_car\n    model_year: 2019\n    distance_unit: mile\n"
    inventory = calculate([site(tmp_path, entry + "    blend: E10\n", bills)])
    gases = grams(inventory)
    assert gases[("gasoline_road_co2", "CO2")] == pytest.approx(90 * 8.78 * 1000, rel=1e-12)
    assert gases[("ethanol_road_co2", "CO2")] == pytest.approx(10 * 5.75 * 1000, rel=1e-12)
    # under E51 the cars are gasoline cars: Table 3's MY 2019 band, 0.0051 g CH4 and 0.0015 g N2O per mile
    assert gases[("passenger_car_gasoline_my2019_km", "CH4")] == pytest.approx(3000 * 0.0051, rel=1e-9)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("    activity: gasoline\n    blend: E85\n", "split only on a fleet whose miles"),
        ("    activity: gasoline\n    vehicle: light_truck\n    blend: B20\n", "is a blend of diesel"),
        ("    activity: diesel\n    vehicle: heavy_truck\n    blend: E85\n", "is a blend of gasoline"),
        ("    activity: gasoline\n    vehicle: light_truck\n    blend: E120\n", "not an ethanol share"),
    ],
)
def test_issue_14_an_ethanol_blend_that_cannot_be_split_is_refused_naming_blend(
    tmp_path: Path, entry: str, message: str
) -> None:
    bills = "start,end,quantity,unit,distance\n2025-01-01,2025-01-31,100,gal,3000\n"
    with pytest.raises(ConfigError, match=message) as caught:
        calculate([site(tmp_path, entry + "    distance_unit: mile\n", bills)])
    assert "(blend:)" in str(caught.value)


def test_issue_14_e85_on_a_class_without_flex_fuel_factors_is_refused(tmp_path: Path) -> None:
    bills = "start,end,quantity,unit,distance\n2025-01-01,2025-01-31,100,gal,900\n"
    entry = "    activity: gasoline\n    vehicle: medium_truck\n    blend: E85\n    distance_unit: mile\n"
    with pytest.raises(InputDataError, match="prices no medium_truck on ethanol"):
        calculate([site(tmp_path, entry, bills)])


def test_issue_14_a_fleets_fuel_is_not_reported_uncovered_beside_its_vehicle_activities(port) -> None:
    # every bill of the port is a fleet's: its rows are ship_diesel_nonroad ..., never diesel or jet_fuel;
    # the fuels the YAML names were reported at 0 of 31 days, a coverage warning per fleet entry
    covered = port.coverage
    assert not set(covered["activity"].astype(str)) & {"diesel", "fuel_oil", "gasoline", "jet_fuel", "lpg"}
    assert (covered["share"] == 1.0).all()
    assert "coverage" not in set(port.findings["check"].astype(str))


def test_issue_14_a_fleet_entry_raises_no_coverage_warning_for_the_fuel_it_names() -> None:
    # the excavator and forklifts of tests/data/mobile2/us_equipment.yaml bill diesel for 90 days: their rows are
    # non-road activities, and the diesel the YAML names was reported at 0 of 90 days
    inventory = calculate([Path(__file__).resolve().parent / "data" / "mobile2" / "us_equipment.yaml"])
    assert "diesel" not in set(inventory.coverage["activity"].astype(str))
    assert "coverage" not in set(inventory.findings["check"].astype(str))


def test_issue_14_e85_on_a_fleet_billed_by_fuel_alone_is_refused_naming_blend(tmp_path: Path) -> None:
    entry = "    activity: gasoline\n    vehicle: light_truck\n    blend: E85\n"
    with pytest.raises(ConfigError, match=r"a fleet's blend \(B20, E85\) is split only where its miles") as caught:
        calculate([site(tmp_path, entry, "start,end,quantity,unit\n2025-01-01,2025-01-31,100,gal\n")])
    assert "(blend:)" in str(caught.value)
