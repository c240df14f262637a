#!/usr/bin/env python3
"""UK government GHG conversion factors (BEIS 2019-2022, DESNZ 2023+): extract and build.

Two steps, both deterministic:

* ``extract FILE``: reads a published flat file ('Factors by Category') and writes the rows
  carbon uses into ``scripts/factors/inputs/desnz/desnz-<year>.csv``: the sheet's own header
  and cells, plus the sheet row each came from (``Sheet row``). It reads both layouts:
  2019-2021 (columns ``UOM (simple)``, ``UOM``, ``GHG`` with ``kg CO2e``, ``kg CO2``,
  ``kg CH4``, ``kg N2O``) and 2022+ (an ``ID`` column from 2023, ``GHG/Unit`` with ``kg CO2e``
  and ``kg CO2e of CO2|CH4|N2O [per unit]``), and a JSON export of the sheet (a list of
  records keyed by the header).
* ``build``: writes ``factors/uk_desnz.csv`` from the committed extracts (``--check``: write
  nothing, exit 1 when the shipped file differs). ``tests/test_desnz_import.py`` checks that the
  shipped file is what this builds.

Per-gas factors, so that ``--gwp`` applies: every edition publishes, beside the CO2e total,
each gas's share in CO2e (the 2019-2021 files label them ``kg CH4``/``kg N2O``, but they are
CO2e: the three add up to the total). A CH4 or N2O share is shipped as published with the gas
written ``CH4@AR4`` (CO2e of CH4 weighted with AR4's GWP100); the loader divides by that GWP to
get the mass of the gas. Which set each edition used is read from the files themselves: from
2022 to 2023 the CH4 share of 85 of 86 fuel rows rose by exactly 28/25 and the N2O share of
187 of 195 by 265/298 (AR4 -> AR5), with no such step 2019-2022 nor 2023-2025 (so 2019-2022
are AR4, 2023-2025 AR5); natural gas per tonne gives the same CH4 mass (0.1376 kg) under both.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

from carbon_cli.factors import FACTOR_COLUMNS

sys.path.insert(0, str(Path(__file__).resolve().parent))

import builder_cli

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "scripts" / "factors" / "inputs" / "desnz"
SHIPPED = ROOT / "factors" / "uk_desnz.csv"
SCRIPT = "scripts/factors/desnz.py"
COLUMNS = list(FACTOR_COLUMNS)

#: The GWP100 set each edition weights CH4 and N2O with (see the module docstring for the evidence).
EDITION_GWP = {2019: "AR4", 2020: "AR4", 2021: "AR4", 2022: "AR4", 2023: "AR5", 2024: "AR5", 2025: "AR5"}
PUBLISHER = {
    "BEIS": "Department for Business, Energy & Industrial Strategy (BEIS), UK",
    "DESNZ": "Department for Energy Security and Net Zero (DESNZ), UK",
}

#: (Level 1, Level 2, Level 3, UOM) -> (activity, id part, unit, basis, method, what it is)
WANTED = {
    ("UK electricity", "Electricity generated", "Electricity: UK", "kWh"): (
        "electricity",
        "elec",
        "kg/kWh",
        "",
        "location",
        "Location-based Scope 2: UK grid electricity generated, excluding T&D losses (reported separately, Scope 3).",
    ),
    ("Transmission and distribution", "T&D- UK electricity", "Electricity: UK", "kWh"): (
        "electricity_td_losses",
        "td",
        "kg/kWh",
        "",
        "",
        "Transmission and distribution losses of UK grid electricity, per kWh consumed: Scope 3 category 3 under "
        "the GHG Protocol, reported as a memo line and never added to Scope 1 or 2.",
    ),
    ("Fuels", "Gaseous fuels", "Natural gas", "kWh (Gross CV)"): (
        "natural_gas",
        "natural_gas",
        "kg/kWh",
        "GCV",
        "",
        "Per kWh on a gross calorific value basis, the basis of UK gas bills.",
    ),
    ("Fuels", "Liquid fuels", "Petrol (average biofuel blend)", "litres"): (
        "gasoline",
        "petrol",
        "kg/L",
        "",
        "",
        "Petrol (average biofuel blend) per litre.",
    ),
}
#: Kept in the extracts for reference (not shipped: the selection rule picks one row per gas, edition and
#: region, so a second natural-gas row per kWh net or per m3 would need the bill's unit to choose).
KEPT = {("Fuels", "Gaseous fuels", "Natural gas", uom) for uom in ("kWh (Net CV)", "cubic metres", "tonnes")} | {
    ("Managed assets- electricity", level2, "Electricity: UK", "kWh")
    for level2 in (
        "Electricity generated",
        "UK electricity generated (managed assets)",
    )
}
#: Stands in for the Scope 2 electricity row where an extract has none (the 2025 export holds Scope 3 rows
#: only): in every complete flat file read (2019-2024) its cells equal the Scope 2 row's.
MANAGED = ("Managed assets- electricity", "Electricity generated", "Electricity: UK", "kWh")
ELECTRICITY = ("UK electricity", "Electricity generated", "Electricity: UK", "kWh")


def text(cell: object) -> str:
    return " ".join(str(cell).split()) if cell is not None else ""


def cell_number(cell: object) -> str:
    """A published cell as decimal text, without binary-float artefacts (0.0008960000000000001 -> 0.000896)."""
    value = float(cell) if not isinstance(cell, str) else float(cell.replace(",", ""))
    out = format(Decimal(repr(float(f"{value:.15g}"))), "f")
    return out[:-2] if out.endswith(".0") else out


def gas_of(label: str) -> str | None:
    """``CO2e``, ``CO2``, ``CH4`` or ``N2O`` from a GHG cell of either layout; None for anything else."""
    found = re.fullmatch(r"kg (CO2e|CO2|CH4|N2O)|kg CO2e of (CO2|CH4|N2O)(?: per unit)?", text(label))
    return None if found is None else found.group(1) or found.group(2)


# --------------------------------------------------------------------------
# extract
# --------------------------------------------------------------------------
def sheet_cells(path: Path) -> tuple[str, list[list[object]]]:
    if path.suffix.lower() == ".json":
        records = json.loads(path.read_text(encoding="utf-8"))
        head = list(records[0])
        return "Factors by Category", [head, *[[r.get(h, "") for h in head] for r in records]]
    book = CalamineWorkbook.from_path(str(path))
    name = next((n for n in book.sheet_names if n.casefold() == "factors by category"), None)
    if name is None:
        sys.exit(f"{path.name}: no sheet 'Factors by Category' (sheets: {', '.join(book.sheet_names)})")
    return name, book.get_sheet_by_name(name).to_python()


def layout(head: Sequence[object], where: str) -> tuple[dict[str, int], int]:
    """Column positions of Level 1-3, UOM and GHG (``GHG`` or ``GHG/Unit``), and the value column."""
    names = [text(c) for c in head]
    col = {}
    for key, spellings in (
        ("Level 1", ("Level 1",)),
        ("Level 2", ("Level 2",)),
        ("Level 3", ("Level 3",)),
        ("UOM", ("UOM",)),
        ("GHG", ("GHG", "GHG/Unit")),
    ):
        found = [names.index(s) for s in spellings if s in names]
        if not found:
            sys.exit(f"{where}: no column {' or '.join(spellings)!r}")
        col[key] = found[0]
    value = [j for j, n in enumerate(names) if n.startswith("GHG Conversion Factor")]
    if not value:
        sys.exit(f"{where}: no 'GHG Conversion Factor YEAR' column")
    return col, value[0]


def extract(path: Path, out_dir: Path = INPUTS) -> Path:
    """Write the wanted rows of a flat file into ``out_dir/desnz-<year>.csv``; returns that path."""
    sheet, cells = sheet_cells(path)
    where = f"{path.name} [{sheet}]"
    h = next((i for i, r in enumerate(cells) if {"Level 1", "UOM"} <= {text(c) for c in r}), None)
    if h is None:
        sys.exit(f"{where}: no header row with Level 1 and UOM")
    head = [text(c) for c in cells[h]]
    col, value = layout(head, where)
    year = re.search(r"20\d\d", head[value])
    if year is None:
        sys.exit(f"{where}: the header {head[value]!r} names no year")
    rows = []
    for i in range(h + 1, len(cells)):
        r = [*cells[i], *[""] * (len(head) - len(cells[i]))]
        key = tuple(text(r[col[k]]) for k in ("Level 1", "Level 2", "Level 3", "UOM"))
        if (key in WANTED or key in KEPT) and gas_of(str(r[col["GHG"]])):
            rows.append([str(i + 1), *[text(c) if isinstance(c, str) else cell_number(c) for c in r[: len(head)]]])
    out = out_dir / f"desnz-{year.group(0)}.csv"
    out_dir.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["Sheet row", *head])
        writer.writerows(rows)
    return out


# --------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------
def sources(folder: Path) -> dict[str, dict[str, str]]:
    """``sources.csv``: per extract, the published file, its publisher and how it was obtained."""
    with (folder / "sources.csv").open(encoding="utf-8") as handle:
        return {row["extract"]: row for row in csv.DictReader(handle)}


def build(folder: Path = INPUTS) -> str:
    """uk_desnz.csv as text, from the extracts and ``secondary.csv`` in ``folder``."""
    known = sources(folder)
    rows: list[dict[str, str]] = []
    for path in sorted(folder.glob("desnz-20*.csv")):
        meta = known.get(path.name)
        if meta is None:
            sys.exit(f"{path.name}: not listed in sources.csv")
        rows += edition_rows(path, meta)
    with (folder / "secondary.csv").open(encoding="utf-8") as handle:
        rows += [{c: r.get(c, "") for c in COLUMNS} for r in csv.DictReader(handle)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def edition_rows(path: Path, meta: dict[str, str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    head = table[0][1:]
    col, value = layout(head, path.name)
    year = int(re.search(r"20\d\d", head[value]).group(0))  # type: ignore[union-attr]
    gwp = EDITION_GWP[year]
    cells: dict[tuple[str, ...], dict[str, tuple[str, str]]] = {}
    for line in table[1:]:
        row, r = line[0], line[1:]
        key = tuple(r[col[k]] for k in ("Level 1", "Level 2", "Level 3", "UOM"))
        gas = gas_of(r[col["GHG"]])
        if gas is not None:
            cells.setdefault(key, {})[gas] = (r[value], row)
    from_managed = ELECTRICITY not in cells and MANAGED in cells
    if from_managed:
        cells[ELECTRICITY] = cells[MANAGED]
    out = []
    for key, (activity, short, unit, basis, method, what) in WANTED.items():
        found = cells.get(key)
        if not found:
            continue
        missing = {"CO2e", "CO2", "CH4", "N2O"} - set(found)
        if missing:
            sys.exit(f"{path.name}: {key} lacks {', '.join(sorted(missing))}")
        label = f"{key[0]}: {key[1]}, {key[2]}, {key[3]}"
        if key == ELECTRICITY and from_managed:
            label += " (read from the Scope 3 row 'Managed assets- electricity: Electricity generated', equal to it)"
        total, total_row = found["CO2e"]
        for gas in ("CO2", "CH4", "N2O"):
            published, sheet_row = found[gas]
            weighted = "" if gas == "CO2" else f"@{gwp}"
            share = (
                "kg CO2 per unit"
                if gas == "CO2"
                else f"kg CO2e of {gas} per unit, weighted by the publisher with {gwp} GWP100; carbon divides by "
                f"that GWP to get the mass of {gas} and applies the run's --gwp set"
            )
            out.append(
                {
                    "id": f"uk-desnz-{year}-{short}-{gas.lower()}",
                    "activity": activity,
                    "region": "GB",
                    "year_from": str(year),
                    "year_to": str(year),
                    "gas": gas + weighted,
                    "value": published,
                    "unit": unit,
                    "method": method,
                    "basis": basis,
                    "publisher": PUBLISHER[meta["publisher"]],
                    "document": f"Greenhouse gas reporting: conversion factors {year}",
                    "edition": str(year),
                    "table": f"Flat file, Factors by Category: {label}",
                    "evidence": meta["evidence"],
                    "note": (
                        f"{what} {share}. The edition's CO2e total is {total} (sheet row {total_row}); its CO2, CH4 "
                        f"and N2O shares add up to it. Read by {SCRIPT} from {meta['file']}, sheet 'Factors by "
                        f"Category', row {sheet_row}, {meta['obtained']} The publisher advises using the set of the "
                        "reporting year."
                    ),
                }
            )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    return builder_cli.extract_and_build(
        argv,
        doc=__doc__,
        extract=extract,
        build=build,
        shipped=SHIPPED,
        extract_help="Extract the rows carbon uses from a published flat file (xlsx, xls, json).",
        build_help="Write factors/uk_desnz.csv from the committed extracts.",
    )


if __name__ == "__main__":
    sys.exit(main())
