"""Issue 14, mobile combustion (Scope 1): a bills entry with ``vehicle:`` is a fleet, worked by hand.

Fixtures ``tests/data/mobile/`` (``scripts/fixtures/mobile.py``). GWP AR5: CH4 28, N2O 265.

* US depot: 3,600 gal of diesel in heavy trucks (Jan-Mar 2024), density 0.84 kg/L and gross CV
  0.138 MMBtu/gal from the supplier. CO2: EPA GHG Emission Factors Hub 2024 Table 1, 73.96 kg/MMBtu
  (the fuel's carbon, the same in any engine). CH4 and N2O: IPCC 2006 Vol. 2 Table 3.2.2, Gas/Diesel
  Oil 3.9 kg/TJ each (NCV 43.0 TJ/Gg, IPCC Table 1.2), never the stationary 3.0 / 0.6 g/MMBtu of
  Hub Table 1.
* UK office (DESNZ 2023, AR5-weighted per-gas values): average diesel car per km, average petrol van
  per km, van diesel per litre (Diesel (average biofuel blend)).
* Chinese fleet: 2,900 升 of 柴油 in buses, CO2 3.0959 kg/kg (shipped CN guideline), IPCC road CH4/N2O.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import calculate
from carbon_cli.errors import ConfigError, InputDataError

DATA = Path(__file__).resolve().parent / "data" / "mobile"
GAL = 3.785411784  # L per US gallon
CH4, N2O = 28, 265  # AR5 GWP100


def by_gas(inventory) -> dict[tuple[str, str], float]:
    ledger = inventory.ledger
    grouped = ledger.groupby([ledger["activity"].astype(str), ledger["gas"].astype(str)])["t_co2e"].sum()
    return {key: float(value) for key, value in grouped.items()}


def ids(inventory) -> set[str]:
    return set(inventory.ledger["factor_id"].astype(str))


def test_issue_14_us_fleet_diesel_is_epa_co2_plus_ipcc_road_ch4_n2o() -> None:
    inventory = calculate([DATA / "us_depot.yaml"])
    gallons = 1200 + 1100 + 1300
    co2 = gallons * 0.138 * 73.96  # 496.8 MMBtu x 73.96 = 36,743.328 kg
    tj = gallons * GAL * 0.84 / 1e6 * 43.0  # 11,447.085 kg = 0.011447 Gg x 43.0 TJ/Gg = 0.49222 TJ
    ch4_kg = n2o_kg = 3.9 * tj  # 1.91968 kg each
    assert co2 == pytest.approx(36743.328)
    gases = by_gas(inventory)
    assert gases[("diesel_road", "CO2")] == pytest.approx(co2 / 1000, rel=1e-9)
    assert gases[("diesel_road", "CH4")] == pytest.approx(ch4_kg * CH4 / 1000, rel=1e-9)
    assert gases[("diesel_road", "N2O")] == pytest.approx(n2o_kg * N2O / 1000, rel=1e-9)
    assert inventory.totals()["scope1"] == pytest.approx((co2 + ch4_kg * CH4 + n2o_kg * N2O) / 1000, rel=1e-9)
    assert ids(inventory) == {
        "us-epa-hub2024-diesel-co2",
        "ipcc2006-t3.2.2-diesel_road-ch4",
        "ipcc2006-t3.2.2-diesel_road-n2o",
    }


def test_issue_14_fleet_diesel_no_longer_gets_stationary_ch4_n2o() -> None:
    fleet = calculate([DATA / "us_depot.yaml"])
    generator = calculate([DATA / "us_depot_stationary.yaml"])  # the same bills without vehicle:
    stationary = {"us-epa-hub2024-diesel-ch4", "us-epa-hub2024-diesel-n2o"}
    assert stationary <= ids(generator)
    assert not stationary & ids(fleet)
    mmbtu = 3600 * 0.138
    # a generator: 3.0 g CH4 and 0.6 g N2O per MMBtu (Hub Table 1); a truck: 3.9 kg/TJ each (IPCC Table 3.2.2)
    assert by_gas(generator)[("diesel", "N2O")] == pytest.approx(mmbtu * 0.6 / 1e6 * N2O, rel=1e-9)
    tj = 3600 * GAL * 0.84 / 1e6 * 43.0
    assert by_gas(fleet)[("diesel_road", "N2O")] == pytest.approx(tj * 3.9 / 1000 * N2O, rel=1e-9)
    # the CO2 of the fuel is the same in either engine
    assert by_gas(fleet)[("diesel_road", "CO2")] == pytest.approx(by_gas(generator)[("diesel", "CO2")], rel=1e-12)


def test_issue_14_uk_cars_and_vans_by_distance_use_desnz_per_km_factors() -> None:
    inventory = calculate([DATA / "uk_office.yaml"])
    gases = by_gas(inventory)
    car_km = 4000 + 2500 * 1.609344  # 2,500 miles = 4,023.36 km
    # DESNZ 2023 Average car, diesel, per km: CO2 0.16815; CH4 and N2O as kg CO2e (AR5), rows 1581-1583
    assert gases[("passenger_car_diesel_km", "CO2")] == pytest.approx(car_km * 0.16815 / 1000, rel=1e-9)
    assert gases[("passenger_car_diesel_km", "CH4")] == pytest.approx(car_km * 4.6368e-06 / 1000, rel=1e-9)
    assert gases[("passenger_car_diesel_km", "N2O")] == pytest.approx(car_km * 0.0016718120805369126 / 1000, rel=1e-9)
    # Vans, average (up to 3.5 t), petrol, 12,000 km: rows 1849-1851
    van = 12000 * (0.20062 + 0.0002688 + 0.000435738255033557) / 1000
    assert sum(v for (a, _), v in gases.items() if a == "light_truck_gasoline_km") == pytest.approx(van, rel=1e-9)
    # a van's diesel, 800 L: Diesel (average biofuel blend) per litre, rows 188-190
    diesel = 800 * (2.47887 + 0.0002912 + 0.03290268456375839) / 1000
    assert sum(v for (a, _), v in gases.items() if a == "diesel_road") == pytest.approx(diesel, rel=1e-9)
    assert inventory.totals()["scope1"] == pytest.approx(
        car_km * (0.16815 + 4.6368e-06 + 0.0016718120805369126) / 1000 + van + diesel, rel=1e-9
    )
    assert "uk-desnz-2023-diesel_road-co2" in ids(inventory)
    assert not {i for i in ids(inventory) if "gas_oil" in i}  # never the stationary gas oil


def test_issue_14_chinese_fleet_in_litres_with_chinese_headers() -> None:
    inventory = calculate([DATA / "cn_fleet.yaml"])
    kg = (1500 + 1400) * 0.84  # 2,436 kg
    co2 = kg * 3.0959
    tj = kg / 1e6 * 43.0
    expected = (co2 + 3.9 * tj * (CH4 + N2O)) / 1000
    assert inventory.totals()["scope1"] == pytest.approx(expected, rel=1e-9)
    assert {"ipcc2006-t3.2.2-diesel_road-ch4", "cn-guidelines-diesel-co2"} <= ids(inventory)


def write_site(tmp_path: Path, entry: str, bills: str, region: str = "GB") -> Path:
    (tmp_path / "bills.csv").write_text(bills, encoding="utf-8")
    site = tmp_path / "site.yaml"
    site.write_text(
        f"site: {{id: s, region: {region}}}\nperiod: {{start: 2023-01-01, end: 2023-12-31}}\n"
        f"bills:\n  - path: bills.csv\n{entry}",
        encoding="utf-8",
    )
    return site


BILL = "start,end,quantity,unit\n2023-01-01,2023-01-31,{q},{u}\n"


def test_issue_14_a_vehicle_on_natural_gas_is_refused_naming_the_row(tmp_path: Path) -> None:
    site = write_site(tmp_path, "    activity: natural_gas\n    vehicle: bus\n", BILL.format(q=100, u="m3"))
    with pytest.raises(InputDataError, match="only diesel and gasoline vehicles") as caught:
        calculate([site])
    assert "bills.csv" in str(caught.value) and "row 2" in str(caught.value)


def test_issue_14_distance_without_published_factors_is_refused(tmp_path: Path) -> None:
    site = write_site(tmp_path, "    activity: diesel\n    vehicle: bus\n", BILL.format(q=500, u="km"))
    with pytest.raises(InputDataError, match="no distance factors for a bus on diesel"):
        calculate([site])


def test_issue_14_car_distance_where_none_is_published_is_refused(tmp_path: Path) -> None:
    # the US has the EPA Hub's per vehicle-mile rows since (tests/test_mobile_epa.py); China has none
    entry = "    activity: gasoline\n    vehicle: passenger_car\n"
    site = write_site(tmp_path, entry, BILL.format(q=500, u="mile"), region="CN")
    with pytest.raises(
        InputDataError, match=r"no CN factor for passenger_car on gasoline \(passenger_car_gasoline_km\)"
    ):
        calculate([site])


def test_issue_14_blend_and_vehicle_together_are_refused(tmp_path: Path) -> None:
    entry = "    activity: diesel\n    vehicle: bus\n    blend: B20\n"
    site = write_site(tmp_path, entry, BILL.format(q=500, u="L"))
    with pytest.raises(ConfigError, match="blend: and vehicle:"):
        calculate([site])


def test_issue_14_unknown_vehicle_class_is_a_config_error(tmp_path: Path) -> None:
    site = write_site(tmp_path, "    activity: diesel\n    vehicle: tractor\n", BILL.format(q=500, u="L"))
    with pytest.raises(ConfigError, match="vehicle"):
        calculate([site])
