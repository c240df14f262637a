#!/usr/bin/env python3
"""Build ``factors/in_cea_electricity.csv`` (set ``in-cea``): India's official grid factor per year.

Reads ``scripts/factors/inputs/cea_india.csv``: the Central Electricity Authority's CO2 Baseline
Database for the Indian Power Sector as published, one row per version and financial year, the
all-India weighted average grid emission rate (including renewable and captive generation,
excluding imports) in t CO2/MWh, with its evidence grade and the texts it was read in.

Each row becomes one location-based CO2 row of region ``IN``. An Indian financial year runs April
to March: FY 2024-25 is April 2024 - March 2025, so its row carries the calendar year it starts in
(2024, nine of its twelve months), as ``year_from`` and ``year_to``. Where two versions print a value
for the same year, the later version (which revises the earlier) is the one shipped.

Region ``IN`` also holds Ember's life-cycle CO2e rows (``world_electricity.csv``, 2000-2024). The
choice rule (``carbon_cli/factors/families.py``) takes CEA's CO2 for the years it covers and the
years after (the family nearest the bill's year, per gas on a tie), Ember's for the years before.

    python scripts/factors/build_india.py            # write the CSV when it differs
    python scripts/factors/build_india.py --check    # write nothing; exit 1 when it differs
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from carbon_cli.factors import FACTOR_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "scripts" / "factors" / "inputs"
OUTPUT = ROOT / "factors" / "in_cea_electricity.csv"

COLUMNS = FACTOR_COLUMNS
PUBLISHER = "Central Electricity Authority (CEA), Ministry of Power, Government of India"
DOCUMENT = "CO2 Baseline Database for the Indian Power Sector"
VARIANT = "weighted average grid emission rate (incl. RES and captive generation), excluding imports"
MONTHS = {"01": "January", "02": "February", "03": "March", "04": "April", "05": "May", "06": "June"}
MONTHS |= {"07": "July", "08": "August", "09": "September", "10": "October", "11": "November", "12": "December"}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rows(inputs: Path = INPUTS) -> list[dict[str, str]]:
    """One factor row per financial year, from the latest version that prints it."""
    latest: dict[str, dict[str, str]] = {}
    for row in read(inputs / "cea_india.csv"):
        year = row["financial_year"]
        if year not in latest or float(row["version"]) > float(latest[year]["version"]):
            latest[year] = row
    out = []
    for financial_year, row in sorted(latest.items()):
        start = financial_year.split("-")[0]
        yyyy, mm = row["published"].split("-")
        out.append(
            {
                "id": f"in-cea-v{row['version'].split('.')[0]}-fy{start}-elec-in-co2",
                "activity": "electricity",
                "region": "IN",
                "year_from": start,
                "year_to": start,
                "gas": "CO2",
                "value": row["value"],
                "unit": row["unit"],
                "method": "location",
                "basis": "",
                "publisher": PUBLISHER,
                "document": DOCUMENT,
                "edition": f"Version {row['version']} ({MONTHS[mm]} {yyyy})",
                "table": f"Results (all-India): {VARIANT}, FY {financial_year}",
                "evidence": row["evidence"],
                "note": (
                    f"{row['how_read']} Financial year {financial_year} (April {start} - March "
                    f"{int(start) + 1}) carried as calendar year {start}. Combustion CO2 of grid-connected "
                    "generation, as CEA computes it."
                ),
            }
        )
    return out


def build(inputs: Path = INPUTS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(inputs))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the shipped CSV differs")
    args = parser.parse_args(argv)
    text = build()
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    if current == text:
        return 0
    if args.check:
        print(f"{OUTPUT.relative_to(ROOT)} differs from what the inputs build", file=sys.stderr)
        return 1
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
