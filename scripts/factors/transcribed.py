#!/usr/bin/env python3
"""Build the factor files whose sources are read by eye from their transcriptions.

Some publishers' tables cannot be read by a script here: PDF tables (IPCC 2006, the AR4/AR5/AR6
GWP tables, GB/T standards, ASHRAE 34), web copies of a workbook cell (DESNZ 2025 district heat)
or regulation text (EPA Hub 2024 values in 40 CFR 98). Each of those values is transcribed once,
in the publisher's own terms, into ``scripts/factors/inputs/transcribed/<file>.csv`` (one input per
shipped file, rows in the shipped order):

* ``cell``: where in the table the value stands (table, row label as printed, column or cell);
* ``printed_value`` and ``printed_unit``: the number and its unit as the source gives them;
* ``unit``: the unit the shipped file uses for it (absent where the file has no unit column:
  GWP-100 values, mass fractions);
* the citation columns of the shipped file (publisher, document, edition, table, evidence, and
  ``note``: how the value was read).

This script derives the shipped value from the printed one: the same digits where the printed
unit is the shipped unit (or another spelling of it, listed in :data:`UNITS`), else the printed
number shifted by the power of ten :data:`UNITS` gives (``0.001026`` mmBtu per scf becomes
``1.026`` MMBtu/1000 scf; ``50`` % by mass becomes ``0.50``). A printed unit with no entry stops
the build naming the file, row and both units. IPCC Table 7.9's ranges are printed ``low-high``
and become the two columns of each bound.

Writes ``us_epa_hub.csv``, ``ipcc2006_manufacturing.csv``, ``district_heat.csv``,
``properties.csv``, ``gwp.csv``, ``gwp_fgases.csv``, ``refrigerants.csv`` and
``refrigerant_leak_rates.csv`` in ``factors/``. Run through ``python scripts/factors/regenerate.py``
(or alone: ``python scripts/factors/transcribed.py [--check]``).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from carbon_cli.factors import FACTOR_COLUMNS

sys.path.insert(0, str(Path(__file__).resolve().parent))

import builder_cli

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "scripts" / "factors" / "inputs" / "transcribed"
FACTORS = ROOT / "factors"

CITATION = ("publisher", "document", "edition", "table", "evidence")
PROPERTY_COLUMNS = (
    *("id", "activity", "region", "year_from", "year_to", "property", "value", "unit", "basis"),
    *CITATION,
    "note",
)
GWP_COLUMNS = ("set", "gas", "origin", "value", *CITATION)
REFRIGERANT_COLUMNS = ("refrigerant", "aliases", "component", "mass_fraction", "basket", *CITATION)
LEAK_COLUMNS = (
    *("equipment_type", "label", "charge_kg_low", "charge_kg_high", "operating_pct_low", "operating_pct_high"),
    *CITATION,
    "note",
)

#: (unit as a source prints it, unit shipped) -> the power of ten from the printed number to the
#: shipped one. A unit printed exactly as shipped needs no entry.
UNITS: dict[tuple[str, str], int] = {
    # EPA GHG Emission Factors Hub, Table 1 and Table 7 column units
    ("kg CO2 per mmBtu", "kg/MMBtu"): 0,
    ("g CH4 per mmBtu", "g/MMBtu"): 0,
    ("g N2O per mmBtu", "g/MMBtu"): 0,
    ("mmBtu per gallon", "MMBtu/gal"): 0,
    ("mmBtu per short ton", "MMBtu/short_ton"): 0,
    ("mmBtu per scf", "MMBtu/scf"): 0,
    ("mmBtu per scf", "MMBtu/1000 scf"): 3,
    # DESNZ conversion factors: kg CO2e per kWh
    ("kg CO2e per kWh", "kg/kWh"): 0,
    # GB/T 32150: GJ per 10^4 normal cubic metres
    ("GJ/10^4 Nm3", "GJ/10000 m**3"): 0,
    # ASHRAE 34 blend compositions
    ("% by mass", "mass fraction"): -2,
}


class Output(NamedTuple):
    """One shipped file: its columns, the column the printed value becomes, and its unit when
    the file has no unit column."""

    columns: tuple[str, ...]
    value: str = "value"
    unit: str | None = None


OUTPUTS: dict[str, Output] = {
    "us_epa_hub.csv": Output(FACTOR_COLUMNS),
    "ipcc2006_manufacturing.csv": Output(FACTOR_COLUMNS),
    "district_heat.csv": Output(FACTOR_COLUMNS),
    "properties.csv": Output(PROPERTY_COLUMNS),
    "gwp.csv": Output(GWP_COLUMNS, unit="GWP-100"),
    "gwp_fgases.csv": Output(GWP_COLUMNS, unit="GWP-100"),
    "refrigerants.csv": Output(REFRIGERANT_COLUMNS, value="mass_fraction", unit="mass fraction"),
    "refrigerant_leak_rates.csv": Output(LEAK_COLUMNS),
}
#: IPCC Table 7.9's ranges: (printed column, its unit column, unit shipped, low column, high column)
RANGES = (
    ("printed_charge", "printed_charge_unit", "kg", "charge_kg_low", "charge_kg_high"),
    (
        "printed_operating",
        "printed_operating_unit",
        "% of initial charge per year",
        "operating_pct_low",
        "operating_pct_high",
    ),
)


def shipped_value(printed: str, printed_unit: str, unit: str, where: str) -> str:
    """The shipped text of a printed number: the same digits, or shifted by the power of ten
    between the printed and the shipped unit (the printed significant digits kept)."""
    try:
        number = Decimal(printed.strip())
    except InvalidOperation:
        raise ValueError(f"{where}: printed value {printed!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{where}: printed value {printed!r} is not a number")
    shift = 0 if printed_unit == unit else UNITS.get((printed_unit, unit))
    if shift is None:
        raise ValueError(f"{where}: no conversion from printed unit {printed_unit!r} to {unit!r}; add it to UNITS")
    return printed.strip() if shift == 0 else format(number.scaleb(shift), "f")


def read(path: Path, needed: Sequence[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name}: no column {', '.join(missing)}")
        return list(reader)


def needed_columns(name: str) -> list[str]:
    spec = OUTPUTS[name]
    if name == "refrigerant_leak_rates.csv":
        shipped = [c for c in spec.columns if not c.startswith(("charge_kg_", "operating_pct_"))]
        return shipped + [c for r in RANGES for c in r[:2]]
    columns = [c for c in spec.columns if c != spec.value]
    return [*columns, "printed_value", "printed_unit", "cell"]


def bounds(text: str, where: str) -> tuple[str, str]:
    """``low-high`` as printed, each bound checked to be a number and low <= high."""
    parts = [p.strip() for p in text.split("-")]
    if len(parts) != 2:
        raise ValueError(f"{where}: range {text!r} is not printed as low-high")
    low, high = (shipped_value(p, "", "", where) for p in parts)
    if Decimal(low) > Decimal(high):
        raise ValueError(f"{where}: range {text!r} has its low bound above its high bound")
    return low, high


def built_row(name: str, row: dict[str, str], line: int) -> dict[str, str]:
    spec = OUTPUTS[name]
    where = f"{name} row {line} ({next(iter(row.values()))})"
    out = {c: row[c] for c in spec.columns if c in row}
    if name == "refrigerant_leak_rates.csv":
        for printed, printed_unit, unit, low, high in RANGES:
            if row[printed_unit] != unit:
                raise ValueError(f"{where}: {printed_unit} is {row[printed_unit]!r}, expected {unit!r}")
            out[low], out[high] = bounds(row[printed], where)
        return out
    unit = spec.unit if spec.unit is not None else row["unit"]
    out[spec.value] = shipped_value(row["printed_value"], row["printed_unit"], unit, where)
    return out


def render(rows: list[dict[str, str]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def build(inputs: Path = INPUTS) -> dict[str, str]:
    """Every output file's name and the text its transcription builds."""
    out = {}
    for name, spec in OUTPUTS.items():
        rows = read(inputs / name, needed_columns(name))
        out[name] = render([built_row(name, row, i) for i, row in enumerate(rows, start=2)], spec.columns)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    outputs = {FACTORS / name: text for name, text in build().items()}
    return builder_cli.write_or_check(argv, doc=__doc__, outputs=outputs, script="scripts/factors/transcribed.py")


if __name__ == "__main__":
    sys.exit(main())
