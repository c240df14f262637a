#!/usr/bin/env python3
"""Build the default calorific value of natural gas per cubic metre: the rows of ``factors/properties.csv``
whose id starts with ``gas-volume-default-`` (issue 13, "natural gas by volume everywhere").

A gas bill in m³ meets a factor per unit of energy (IPCC 2006 Table 1.4, 56,100 kg CO2 per TJ on the net
calorific basis) only through a calorific value per volume. China (GB/T 2589 per Nm³), the US (EPA's
heat content per scf) and the UK (DESNZ's factors per m³) ship their own; everywhere else a site's own
value (``cv:`` on the bills entry, ``conversions: natural_gas: {ncv: ...}``) is best, and this default
stands in, with a ``warning`` (``carbon_cli/factors/gas_volume.py``), only when the site gives none.

IPCC 2006 Vol. 2 Ch. 1 Table 1.2 gives natural gas per mass (48.0 TJ/Gg) and no density, and no publisher
found prints a calorific value per m³ for every country. DESNZ prints the same UK average gas per cubic
metre and per kWh on the net calorific basis with the same carbon content, so the ratio of its two CO2
cells is that gas's net calorific value per m³, on the basis the IPCC factor needs. Inputs:
``scripts/factors/inputs/gas_volume_ncv.csv`` (region, the DESNZ extract and its two sheet rows, the
reference conditions of the volume, how it was read) and the extract it names under
``scripts/factors/inputs/desnz/``.

    python scripts/factors/gas_volume.py            # rewrite those rows of factors/properties.csv
    python scripts/factors/gas_volume.py --check    # exit 1 when the shipped file differs

Run through ``scripts/factors/regenerate.py``; every other line of ``properties.csv`` stays byte for byte.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import builder_cli

ROOT = Path(__file__).resolve().parents[2]
INPUTS = Path(__file__).resolve().parent / "inputs"
OUTPUT = ROOT / "factors" / "properties.csv"
ID_PREFIX = "gas-volume-default-"
COLUMNS = [
    *("id", "activity", "region", "year_from", "year_to", "property", "value", "unit", "basis"),
    *("publisher", "document", "edition", "table", "evidence", "note"),
]
MJ_PER_KWH = 3.6
#: The DESNZ cells read: Scope 1 natural gas, the CO2 share of the factor.
CO2 = "kg CO2e of CO2 per unit"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cell(extract: list[dict[str, str]], row: str, uom: str, name: str) -> dict[str, str]:
    """The extract's row ``row`` (sheet row), checked to be the natural gas CO2 cell per ``uom``."""
    found = [r for r in extract if r["Sheet row"] == row]
    if len(found) != 1:
        raise SystemExit(f"{name}: sheet row {row} is not in the extract once")
    cell = found[0]
    if (cell["Level 3"], cell["UOM"], cell["GHG/Unit"]) != ("Natural gas", uom, CO2):
        what = f"{cell['Level 3']}/{cell['UOM']}/{cell['GHG/Unit']}"
        raise SystemExit(f"{name}: sheet row {row} is {what}, not natural gas {uom} {CO2}")
    return cell


def rows(inputs: Path = INPUTS) -> list[dict[str, str]]:
    """One ``ncv`` property row per input row: CO2 per m³ / CO2 per kWh (Net CV), in MJ/m³; and a ``gcv``
    row (per kWh (Gross CV)) where the input names its sheet row."""
    sources = {r["extract"]: r for r in read(inputs / "desnz" / "sources.csv")}
    out = []
    for spec in read(inputs / "gas_volume_ncv.csv"):
        extract_path = inputs / "desnz" / spec["extract"]
        extract = read(extract_path)
        year = next(key for key in extract[0] if key.startswith("GHG Conversion Factor")).rsplit(" ", 1)[1]
        column = f"GHG Conversion Factor {year}"
        volume = _cell(extract, spec["volume_row"], "cubic metres", spec["extract"])
        net = _cell(extract, spec["net_row"], "kWh (Net CV)", spec["extract"])
        kwh_per_m3 = float(volume[column]) / float(net[column])
        value = f"{kwh_per_m3 * MJ_PER_KWH:.3f}"
        source = sources[spec["extract"]]
        document = f"Greenhouse gas reporting: conversion factors {year}, flat file ({source['file']})"
        out.append(
            {
                "id": f"{ID_PREFIX}{spec['region'].lower()}-{spec['activity']}-ncv",
                "activity": spec["activity"],
                "region": spec["region"],
                "year_from": "1990",
                "year_to": "",
                "property": "ncv",
                "value": value,
                "unit": "MJ/m**3",
                "basis": "NCV",
                "publisher": "Department for Energy Security and Net Zero (DESNZ), UK",
                "document": document,
                "edition": year,
                "table": (
                    f"Fuels: Gaseous fuels, Natural gas: {CO2} per cubic metres (sheet row {spec['volume_row']}, "
                    f"{volume[column]}) / per kWh (Net CV) (sheet row {spec['net_row']}, {net[column]})"
                ),
                "evidence": source["evidence"],
                "note": (
                    f"Default net calorific value of natural gas billed by volume where no national value ships "
                    f"and the site gives none: {volume[column]} / {net[column]} = {kwh_per_m3:.4f} kWh/m3 (net) "
                    f"= {value} MJ/m3 of the UK average gas DESNZ uses, per m3 at {spec['conditions']}. "
                    "Net basis, as the IPCC 2006 Table 1.4 factors it meets (kg per TJ NCV). Used for any year "
                    "(a default property, not a time series); every use is a warning naming it "
                    "(carbon_cli/factors/gas_volume.py). IPCC 2006 Vol.2 Ch.1 Table 1.2 gives 48.0 TJ/Gg per "
                    f"mass and no density. How read: {spec['how_read']} Built by scripts/factors/gas_volume.py."
                ),
            }
        )
        if spec.get("gross_row"):
            out.append(_gross(spec, extract, volume, column, year, document, source["evidence"]))
    return out


def _gross(
    spec: dict[str, str],
    extract: list[dict[str, str]],
    volume: dict[str, str],
    column: str,
    year: str,
    document: str,
    evidence: str,
) -> dict[str, str]:
    """The ``gcv`` row beside the ``ncv`` one: CO2 per m³ / CO2 per kWh (Gross CV), the same gas.

    Together they are the default ratio of net to gross energy of natural gas, for gas billed in kWh
    gross where only a net factor ships (``carbon_cli/factors/billed_basis.py``)."""
    gross = _cell(extract, spec["gross_row"], "kWh (Gross CV)", spec["extract"])
    kwh_per_m3 = float(volume[column]) / float(gross[column])
    value = f"{kwh_per_m3 * MJ_PER_KWH:.3f}"
    return {
        "id": f"{ID_PREFIX}{spec['region'].lower()}-{spec['activity']}-gcv",
        "activity": spec["activity"],
        "region": spec["region"],
        "year_from": "1990",
        "year_to": "",
        "property": "gcv",
        "value": value,
        "unit": "MJ/m**3",
        "basis": "GCV",
        "publisher": "Department for Energy Security and Net Zero (DESNZ), UK",
        "document": document,
        "edition": year,
        "table": (
            f"Fuels: Gaseous fuels, Natural gas: {CO2} per cubic metres (sheet row {spec['volume_row']}, "
            f"{volume[column]}) / per kWh (Gross CV) (sheet row {spec['gross_row']}, {gross[column]})"
        ),
        "evidence": evidence,
        "note": (
            f"Default gross calorific value of the same UK average gas as the net row beside it: {volume[column]} / "
            f"{gross[column]} = {kwh_per_m3:.4f} kWh/m3 (gross) = {value} MJ/m3, per m3 at {spec['conditions']}. "
            "With the net row it is the default ratio of net to gross energy of natural gas, for gas billed in kWh "
            "on one basis where the factor is on the other and the site gives no pair of its own; every use is a "
            "warning naming it (carbon_cli/factors/billed_basis.py). Built by scripts/factors/gas_volume.py."
        ),
    }


def render(built: Sequence[dict[str, str]]) -> str:
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n").writerows(built)
    return buffer.getvalue()


def build(text: str | None = None, inputs: Path = INPUTS) -> str:
    """properties.csv with its built rows replaced by freshly built ones (appended at the end)."""
    text = OUTPUT.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines(keepends=True)
    records = list(csv.DictReader(io.StringIO(text)))
    if len(records) != len(lines) - 1:
        raise SystemExit("properties.csv has a field spanning lines; this script cannot keep it byte for byte")
    kept = [lines[0]] + [
        line for line, row in zip(lines[1:], records, strict=True) if not row["id"].startswith(ID_PREFIX)
    ]
    return "".join(kept) + render(rows(inputs))


def main(argv: Sequence[str] | None = None) -> int:
    return builder_cli.write_or_check(
        argv, doc=__doc__, outputs={OUTPUT: build()}, script="scripts/factors/gas_volume.py"
    )


if __name__ == "__main__":
    sys.exit(main())
