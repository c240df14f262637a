"""Build factors/mobile.csv: mobile combustion (issue 14), vehicles' CH4/N2O per fuel and per-km factors.

Every value is transcribed from its publisher's table into ``scripts/factors/inputs/mobile.csv`` (the
cell, the value and unit as printed, the shipped unit; for DESNZ the edition's CO2e total and its
sheet row); this script writes the rows and their notes, and stops where a DESNZ row's CO2, CH4 and
N2O shares do not add up to its published total. Run through ``python scripts/factors/regenerate.py``
(or ``python scripts/factors/mobile.py [--check]``).

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
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "factors" / "mobile.csv"
INPUT = ROOT / "scripts" / "factors" / "inputs" / "mobile.csv"
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
#: The unit each gas's value is printed in (the flat file's GHG/Unit column).
PRINTED = {"CO2": "kg CO2e of CO2 per unit", "CH4@AR5": "kg CO2e of CH4 per unit", "N2O@AR5": "kg CO2e of N2O per unit"}


def read(path: Path = INPUT) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        expected = "kg/TJ" if row["source"] == "ipcc2006-t3.2.2" else PRINTED.get(row["gas"])
        if row["printed_unit"] != expected or (row["source"] == "ipcc2006-t3.2.2" and row["unit"] != "kg/TJ"):
            raise ValueError(
                f"{path.name} row {line} ({row['id']}): printed unit {row['printed_unit']!r}, expected {expected!r}"
            )
    return rows


def check_totals(rows: list[dict[str, str]]) -> None:
    """Each DESNZ row whose CO2, CH4 and N2O shares are all shipped: their sum is the published total."""
    groups: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if row["source"] == "desnz-2023":
            groups.setdefault(row["total_row"], []).append(row)
    for total_row, group in groups.items():
        if {row["gas"] for row in group} != set(PRINTED):
            continue  # petrol: its CO2 is uk_desnz.csv's gasoline row
        total = Decimal(group[0]["total"])
        shares = sum(Decimal(row["printed_value"]) for row in group)
        if abs(shares - total) > total * Decimal("1e-12"):
            raise ValueError(f"mobile.csv: the shares of sheet row {total_row} add up to {shares}, not {total}")


def build(path: Path = INPUT) -> str:
    """The CSV text of factors/mobile.csv."""
    rows = read(path)
    check_totals(rows)
    out = io.StringIO()
    out.write(HEADER + "\n")
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        if row["source"] == "ipcc2006-t3.2.2":
            head = [row["id"], row["activity"], "GLOBAL", "2006", "", row["gas"], row["printed_value"], row["unit"]]
            writer.writerow([*head, "", "NCV", *IPCC, "primary-via-copy", IPCC_NOTE.format(row=row["cell"])])
            continue
        note = DESNZ_NOTE.format(
            what=row["what"],
            kind=KIND[row["gas"]],
            total=row["total"],
            total_row=row["total_row"],
            row=row["cell"].removeprefix("sheet row "),
        )
        head = [row["id"], row["activity"], "GB", "2023", "2023", row["gas"], row["printed_value"], row["unit"]]
        writer.writerow([*head, "", "", *DESNZ, row["table"], "primary-via-copy", note])
    return out.getvalue()


if __name__ == "__main__":
    text = build()
    if "--check" in sys.argv:
        sys.exit(0 if OUT.read_text(encoding="utf-8") == text else "factors/mobile.csv differs from its build")
    OUT.write_text(text, encoding="utf-8")
