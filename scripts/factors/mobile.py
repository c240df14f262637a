"""Build factors/mobile.csv: mobile combustion (issue 14), vehicles' CH4/N2O per fuel and per-km factors.

Every value below is transcribed from its publisher's table (the cell named in each row); run
``python scripts/factors/mobile.py`` to rewrite the CSV, ``--check`` to compare it with the shipped one.

* IPCC 2006 Vol. 2 Ch. 3 Table 3.2.2 (road transport N2O and CH4 default emission factors, kg/TJ on a
  net calorific value basis): read through two public transcriptions that agree (a TypeScript
  reference table keyed "road = Table 3.2.2" and an IPCC 2019 Refinement Vol 2 Table 3.2.2 seed, both
  found by searching public code). Motor gasoline is the table's "Uncontrolled" row, the table's
  default where the emission control is not known; a fleet with catalysts emits less CH4 and more N2O.
* DESNZ UK Government GHG Conversion Factors 2023, flat file
  ``ghg-conversion-factors-2023-flat-file-update.xlsx``, sheet 'Factors by Category' (the row named
  on each factor), as republished in the public repository TEC-Toolkit/cfkg (folder
  DESNZ-UK/data_raw), read with pandas. The per-gas values are kg CO2e of the gas weighted by the
  publisher with AR5 GWP100 (``CH4@AR5``), as in the other DESNZ rows.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "factors" / "mobile.csv"
HEADER = (
    "id,activity,region,year_from,year_to,gas,value,unit,method,basis,publisher,document,edition,table,evidence,note"
)

IPCC = (
    "IPCC",
    "2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol.2 Energy, Ch.3 Mobile Combustion",
    "2006",
    "Table 3.2.2 (road transport N2O and CH4 default emission factors)",
)
IPCC_NOTE = (
    "{row}; kg per TJ of fuel (NCV). Read through two public transcriptions that agree (a TypeScript "
    "reference table citing 'road = Table 3.2.2' and a seed file citing IPCC 2019 Refinement Vol 2 Table 3.2.2, "
    "whose road values are unchanged from 2006). Applied to a fleet's fuel (vehicle: on the bills entry) "
    "instead of the stationary Table 2.4 CH4/N2O."
)
# (activity, gas, value kg/TJ, the table's row)
IPCC_ROWS = (
    ("diesel_road", "CH4", "3.9", "Gas/Diesel Oil"),
    ("diesel_road", "N2O", "3.9", "Gas/Diesel Oil"),
    ("gasoline_road", "CH4", "33", "Motor Gasoline, Uncontrolled (the default where emission control is unknown)"),
    ("gasoline_road", "N2O", "3.2", "Motor Gasoline, Uncontrolled (the default where emission control is unknown)"),
)

DESNZ = (
    "Department for Energy Security and Net Zero (DESNZ), UK",
    "Greenhouse gas reporting: conversion factors 2023",
    "2023",
)
DESNZ_NOTE = (
    "{what}. {kind}. The edition's CO2e total is {total} (sheet row {total_row}); its CO2, CH4 and N2O shares "
    "add up to it. Read from ghg-conversion-factors-2023-flat-file-update.xlsx, sheet 'Factors by Category', "
    "row {row}, as republished in the public repository TEC-Toolkit/cfkg (folder DESNZ-UK/data_raw), with pandas."
)
KIND = {
    "CO2": "kg CO2 per unit",
    "CH4@AR5": "kg CO2e of CH4 per unit, weighted by the publisher with AR5 GWP100; carbon divides by that GWP "
    "to get the mass of CH4 and applies the run's --gwp set",
    "N2O@AR5": "kg CO2e of N2O per unit, weighted by the publisher with AR5 GWP100; carbon divides by that GWP "
    "to get the mass of N2O and applies the run's --gwp set",
}
# (id stem, activity, unit, table, what, total, total row, [(gas, value, row)])
DESNZ_ROWS = (
    (
        "diesel_road",
        "diesel_road",
        "kg/L",
        "Flat file, Factors by Category: Fuels: Liquid fuels, Diesel (average biofuel blend), litres",
        "Diesel (average biofuel blend) per litre: UK road diesel with its average biodiesel share",
        "2.5120638845637586",
        187,
        (("CO2", "2.47887", 188), ("CH4@AR5", "0.0002912", 189), ("N2O@AR5", "0.03290268456375839", 190)),
    ),
    (
        "petrol_road",
        "gasoline_road",
        "kg/L",
        "Flat file, Factors by Category: Fuels: Liquid fuels, Petrol (average biofuel blend), litres",
        "Petrol (average biofuel blend) per litre: the UK road petrol; its CO2 is the gasoline row of uk_desnz.csv",
        "2.097473127516779",
        283,
        (("CH4@AR5", "0.008064", 285), ("N2O@AR5", "0.005869127516778524", 286)),
    ),
    (
        "car_diesel_km",
        "passenger_car_diesel_km",
        "kg/km",
        "Flat file, Factors by Category: Passenger vehicles: Cars (by size), Average car, Diesel, km",
        "Average car, diesel, per km travelled (vehicle: passenger_car, bills in km or miles)",
        "0.1698264488805369",
        1580,
        (("CO2", "0.16815", 1581), ("CH4@AR5", "4.6368e-06", 1582), ("N2O@AR5", "0.0016718120805369126", 1583)),
    ),
    (
        "car_petrol_km",
        "passenger_car_gasoline_km",
        "kg/km",
        "Flat file, Factors by Category: Passenger vehicles: Cars (by size), Average car, Petrol, km",
        "Average car, petrol, per km travelled (vehicle: passenger_car, bills in km or miles)",
        "0.1639085342281879",
        1584,
        (("CO2", "0.16323", 1585), ("CH4@AR5", "0.0003584", 1586), ("N2O@AR5", "0.0003201342281879195", 1587)),
    ),
    (
        "van_diesel_km",
        "light_truck_diesel_km",
        "kg/km",
        "Flat file, Factors by Category: Delivery vehicles: Vans, Average (up to 3.5 tonnes), Diesel, km",
        "Van, average (up to 3.5 tonnes), diesel, per km travelled (vehicle: light_truck, bills in km or miles)",
        "0.2312840268456376",
        1844,
        (("CO2", "0.22963", 1845), ("CH4@AR5", "0.0", 1846), ("N2O@AR5", "0.001654026845637584", 1847)),
    ),
    (
        "van_petrol_km",
        "light_truck_gasoline_km",
        "kg/km",
        "Flat file, Factors by Category: Delivery vehicles: Vans, Average (up to 3.5 tonnes), Petrol, km",
        "Van, average (up to 3.5 tonnes), petrol, per km travelled (vehicle: light_truck, bills in km or miles)",
        "0.20132453825503357",
        1848,
        (("CO2", "0.20062", 1849), ("CH4@AR5", "0.0002688", 1850), ("N2O@AR5", "0.000435738255033557", 1851)),
    ),
)


def build() -> str:
    """The CSV text of factors/mobile.csv."""
    out = io.StringIO()
    out.write(HEADER + "\n")
    writer = csv.writer(out, lineterminator="\n")
    for activity, gas, value, row in IPCC_ROWS:
        ident = f"ipcc2006-t3.2.2-{activity}-{gas.lower()}"
        writer.writerow(
            [
                ident,
                activity,
                "GLOBAL",
                "2006",
                "",
                gas,
                value,
                "kg/TJ",
                "",
                "NCV",
                *IPCC,
                "primary-via-copy",
                IPCC_NOTE.format(row=row),
            ]
        )
    for stem, activity, unit, table, what, total, total_row, gases in DESNZ_ROWS:
        for gas, value, row in gases:
            ident = f"uk-desnz-2023-{stem}-{gas.split('@')[0].lower()}"
            note = DESNZ_NOTE.format(what=what, kind=KIND[gas], total=total, total_row=total_row, row=row)
            writer.writerow(
                [
                    ident,
                    activity,
                    "GB",
                    "2023",
                    "2023",
                    gas,
                    value,
                    unit,
                    "",
                    "",
                    *DESNZ,
                    table,
                    "primary-via-copy",
                    note,
                ]
            )
    return out.getvalue()


if __name__ == "__main__":
    text = build()
    if "--check" in sys.argv:
        sys.exit(0 if OUT.read_text(encoding="utf-8") == text else "factors/mobile.csv differs from its build")
    OUT.write_text(text, encoding="utf-8")
