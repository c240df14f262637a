"""A fleet its site's region has no factor for is refused in one line naming the YAML key (issue 14).

Ships, locomotives, aircraft and non-road equipment are priced by the US EPA Hub only; a UK site's
``vehicle: aircraft`` used to stop with "no emission factor for aircraft_jet_fuel_nonroad in region GB",
naming neither the file nor the key, nor what to bill instead. Fixture: ``scripts/fixtures/vehicle_regions.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import calculate
from carbon_cli.errors import InputDataError

DATA = Path(__file__).parent / "data" / "vehicle_regions" / "uk_airfield"


def test_issue_14_a_uk_aircraft_fleet_is_refused_naming_the_key_the_region_and_the_fuel_line() -> None:
    with pytest.raises(InputDataError) as caught:
        calculate([DATA / "site.yaml"])
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{DATA / 'site.yaml'}: bills[0].vehicle (jet_fuel_log.csv): ")
    assert "no GB factor for aircraft on jet_fuel (aircraft_jet_fuel_nonroad)" in message
    assert "for US regions only" in message
    # what GB does price: on-road vehicles by their fuel, DESNZ's cars and vans by distance
    assert "by their fuel: passenger_car, light_truck, heavy_truck, bus, motorcycle" in message
    assert "by distance: light_truck, passenger_car" in message
    assert "Bill jet_fuel without vehicle:" in message
    assert caught.value.exit_code == 3


def test_issue_14_the_fuel_line_it_suggests_is_priced_by_desnz() -> None:
    inventory = calculate([DATA / "fuel_line.yaml"])
    litres = 4200 + 2800
    # DESNZ 2024 flat file, Liquid fuels, Aviation turbine fuel, per litre: CO2 2.51973, CH4 0.00176 and
    # N2O 0.0212 kg CO2e (AR5, the site's gwp: AR5)
    expected_t = litres * (2.51973 + 0.00176 + 0.0212) / 1000
    assert inventory.totals()["scope1"] == pytest.approx(expected_t, rel=1e-9)
    assert expected_t == pytest.approx(17.79883, abs=5e-6)


def _site(tmp_path: Path, region: str, fuel: str, vehicle: str, unit: str = "L", extra: str = "") -> Path:
    (tmp_path / "fuel.csv").write_text(f"start,end,quantity,unit\n2024-01-01,2024-03-31,900,{unit}\n", encoding="utf-8")
    site = tmp_path / "site.yaml"
    site.write_text(
        f"site: {{id: s, name: S, region: {region}}}\nperiod: {{start: 2024-01-01, end: 2024-03-31}}\n"
        f"bills:\n  - path: fuel.csv\n    activity: {fuel}\n    vehicle: {vehicle}\n{extra}",
        encoding="utf-8",
    )
    return site


@pytest.mark.parametrize(
    ("fuel", "vehicle", "instead"),
    [("diesel", "ship", "marine_gas_oil"), ("fuel_oil", "ship", "marine_fuel_oil"), ("diesel", "locomotive", "diesel")],
)
def test_issue_14_uk_ships_and_locomotives_are_refused_with_the_fuel_to_bill(
    tmp_path: Path, fuel: str, vehicle: str, instead: str
) -> None:
    with pytest.raises(InputDataError) as caught:
        calculate([_site(tmp_path, "GB", fuel, vehicle)])
    message = str(caught.value)
    assert f"bills[0].vehicle (fuel.csv): no GB factor for {vehicle} on {fuel} ({vehicle}_{fuel}_nonroad)" in message
    assert f"Bill {instead} without vehicle:" in message


def test_issue_14_a_distance_no_publisher_prices_in_the_region_says_to_bill_the_fleets_fuel(tmp_path: Path) -> None:
    with pytest.raises(InputDataError) as caught:
        calculate([_site(tmp_path, "GB", "diesel", "heavy_truck", unit="km")])
    message = str(caught.value)
    assert "no GB factor for heavy_truck on diesel (heavy_truck_diesel_km)" in message
    assert "Bill the fleet's diesel (litres, gallons) with vehicle: and without a distance" in message


def test_issue_14_a_us_ship_is_still_priced(tmp_path: Path) -> None:
    inventory = calculate([_site(tmp_path, "US", "diesel", "ship", unit="gal")])
    # EPA Hub 2025: Table 2 diesel 10.21 kg CO2/gal; Table 5 ships and boats, diesel: 6.51 g CH4, 0.17 g N2O per gal
    # (the 2025 edition for a 2024 bill); AR6 fossil CH4 29.8, N2O 273
    expected_t = 900 * (10.21 + 6.51e-3 * 29.8 + 0.17e-3 * 273) / 1000
    assert inventory.totals()["scope1"] == pytest.approx(expected_t, rel=1e-9)
