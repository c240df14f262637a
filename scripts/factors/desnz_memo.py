#!/usr/bin/env python3
"""UK government GHG conversion factors for issue 14: upstream (WTT), bioenergy, more fuels, water, waste.

The same published flat files as ``scripts/factors/desnz.py`` (BEIS 2019-2022, DESNZ 2023-2025,
'Factors by Category'), other rows of them, shipped in their own set ``uk-desnz-memo``
(``factors/uk_desnz_memo.csv``) so that ``uk_desnz.csv`` stays as it is. Two deterministic steps:

* ``extract FILE``: the rows of :data:`WANTED` (keyed by Level 1-3, UOM and the sheet's
  ``Column Text``, which names a waste route) into
  ``scripts/factors/inputs/desnz_memo/desnz-<year>.csv``, with the sheet row each came from.
* ``build``: writes ``factors/uk_desnz_memo.csv`` from the committed extracts (``--check``: write
  nothing, exit 1 when the shipped file differs; ``tests/test_memo_factors.py`` holds them equal).

What is shipped, per edition where the sheet has the row (an empty cell is no factor):

* Scope 1 fuels (per gas: CO2 and the CH4/N2O shares as ``CH4@AR4`` ..., as ``desnz.py``): gas oil,
  burning oil (kerosene), fuel oil, coal (industrial), LPG, CNG, LNG per tonne; propane per litre; aviation turbine
  fuel (``jet_fuel``), aviation spirit (``aviation_gasoline``), marine gas oil and marine fuel oil per litre.
* Bioenergy (Scope 1, CO2e only: the sheet gives no per-gas split; it is the CH4 and N2O of burning,
  the CO2 being biogenic): wood pellets and wood chips and biogas per tonne, biodiesel (ME) per litre.
* Outside of scopes (``<fuel>_biogenic``, gas CO2): the biogenic CO2 of the same four.
* WTT (``<activity>_wtt``, Scope 3 category 3, CO2e): UK electricity generation and T&D, natural gas
  (kWh gross CV), petrol (average biofuel blend, litres), and every fuel above.
* Water supply and water treatment per m3; commercial and industrial waste by route (landfill,
  combustion / incineration with energy recovery) per tonne: Scope 3, CO2e.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import builder_cli
import desnz

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "scripts" / "factors" / "inputs" / "desnz_memo"
SOURCES = ROOT / "scripts" / "factors" / "inputs" / "desnz" / "sources.csv"
SHIPPED = ROOT / "factors" / "uk_desnz_memo.csv"
SCRIPT = "scripts/factors/desnz_memo.py"

#: One published row, as it may be spelt across editions: (Level 1 choices, Level 2, Level 3, UOM, Column Text
#: choices, ``("",)`` for any).
Key = tuple[tuple[str, ...], str, str, str, tuple[str, ...]]
WTT_ELEC = ("WTT- UK & overseas elec", "WTT- UK electricity")
WTT_FUELS = ("WTT- fuels",)
WTT_BIO = ("WTT- bioenergy",)
BIOGENIC = ("Outside of scopes",)

#: (activity, id part, unit, per-gas?, what it is, [keys tried in order])
WANTED: list[tuple[str, str, str, bool, str, list[Key]]] = [
    # --- Scope 1 fuels, per gas (issue 14.3: more fuels) ---
    (
        "diesel",
        "gas_oil",
        "kg/t",
        True,
        "Gas oil (stationary diesel) per tonne.",
        [(("Fuels",), "Liquid fuels", "Gas oil", "tonnes", ("",))],
    ),
    (
        "kerosene",
        "burning_oil",
        "kg/t",
        True,
        "Burning oil (kerosene, heating oil) per tonne.",
        [(("Fuels",), "Liquid fuels", "Burning oil", "tonnes", ("",))],
    ),
    (
        "fuel_oil",
        "fuel_oil",
        "kg/t",
        True,
        "Fuel oil (heavy fuel oil) per tonne.",
        [(("Fuels",), "Liquid fuels", "Fuel oil", "tonnes", ("",))],
    ),
    (
        "coal",
        "coal_industrial",
        "kg/t",
        True,
        "Coal (industrial) per tonne.",
        [(("Fuels",), "Solid fuels", "Coal (industrial)", "tonnes", ("",))],
    ),
    ("lpg", "lpg", "kg/t", True, "LPG per tonne.", [(("Fuels",), "Gaseous fuels", "LPG", "tonnes", ("",))]),
    (
        "cng",
        "cng",
        "kg/t",
        True,
        "CNG (compressed natural gas) per tonne.",
        [(("Fuels",), "Gaseous fuels", "CNG", "tonnes", ("",))],
    ),
    (
        "lng",
        "lng",
        "kg/t",
        True,
        "LNG (liquefied natural gas) per tonne.",
        [(("Fuels",), "Gaseous fuels", "LNG", "tonnes", ("",))],
    ),
    (
        "propane",
        "propane",
        "kg/L",
        True,
        "Propane per litre (liquid).",
        [(("Fuels",), "Gaseous fuels", "Propane", "litres", ("",))],
    ),
    # --- Aircraft and ship fuels, per gas, per litre (issue 14: ships, aircraft) ---
    *(
        (activity, short, "kg/L", True, what, [(("Fuels",), "Liquid fuels", level3, "litres", ("",))])
        for activity, short, level3, what in (
            (
                "jet_fuel",
                "aviation_turbine_fuel",
                "Aviation turbine fuel",
                "Aviation turbine fuel (jet fuel) per litre.",
            ),
            ("aviation_gasoline", "aviation_spirit", "Aviation spirit", "Aviation spirit (avgas) per litre."),
            ("marine_gas_oil", "marine_gas_oil", "Marine gas oil", "Marine gas oil per litre."),
            ("marine_fuel_oil", "marine_fuel_oil", "Marine fuel oil", "Marine fuel oil per litre."),
        )
    ),
    # --- Bioenergy, Scope 1: CH4 and N2O of burning, as CO2e ---
    (
        "wood_pellets",
        "wood_pellets",
        "kg/t",
        False,
        "Wood pellets per tonne: the CH4 and N2O of burning (Scope 1), "
        "as CO2e; the CO2 is biogenic (wood_pellets_biogenic).",
        [(("Bioenergy",), "Biomass", "Wood pellets", "tonnes", ("",))],
    ),
    (
        "wood_chips",
        "wood_chips",
        "kg/t",
        False,
        "Wood chips per tonne: the CH4 and N2O of burning (Scope 1), as "
        "CO2e; the CO2 is biogenic (wood_chips_biogenic).",
        [(("Bioenergy",), "Biomass", "Wood chips", "tonnes", ("",))],
    ),
    (
        "biogas",
        "biogas",
        "kg/t",
        False,
        "Biogas per tonne: the CH4 and N2O of burning (Scope 1), as CO2e; the "
        "CO2 is biogenic (biogas_biogenic). (The sheet's per-kWh row states no calorific basis, so it is not shipped.)",
        [(("Bioenergy",), "Biogas", "Biogas", "tonnes", ("",))],
    ),
    (
        "biodiesel",
        "biodiesel",
        "kg/L",
        False,
        "Biodiesel (ME, B100) per litre: the CH4 and N2O of burning (Scope "
        "1), as CO2e; the CO2 is biogenic (biodiesel_biogenic).",
        [
            (("Bioenergy",), "Biofuel", "Biodiesel ME", "litres", ("",)),
            (("Bioenergy",), "Biofuel", "Biodiesel", "litres", ("",)),
        ],
    ),
    # --- Outside of scopes: biogenic CO2 (a memo line) ---
    (
        "wood_pellets_biogenic",
        "wood_pellets_biogenic",
        "kg/t",
        False,
        "Biogenic CO2 of burning wood pellets, per tonne: outside the scopes (a memo line, never in Scope 1).",
        [(BIOGENIC, "Biomass", "Wood pellets", "tonnes", ("",))],
    ),
    (
        "wood_chips_biogenic",
        "wood_chips_biogenic",
        "kg/t",
        False,
        "Biogenic CO2 of burning wood chips, per tonne: outside the scopes (a memo line, never in Scope 1).",
        [(BIOGENIC, "Biomass", "Wood chips", "tonnes", ("",))],
    ),
    (
        "biogas_biogenic",
        "biogas_biogenic",
        "kg/t",
        False,
        "Biogenic CO2 of burning biogas, per tonne: outside the scopes (a memo line, never in Scope 1).",
        [(BIOGENIC, "Biogas", "Biogas", "tonnes", ("",))],
    ),
    (
        "biodiesel_biogenic",
        "biodiesel_biogenic",
        "kg/L",
        False,
        "Biogenic CO2 of burning biodiesel (ME), per litre: outside the scopes (a memo line, never in Scope 1).",
        [(BIOGENIC, "Biofuel", "Biodiesel ME", "litres", ("",)), (BIOGENIC, "Biofuel", "Biodiesel", "litres", ("",))],
    ),
    # --- Scope 3 category 3: well-to-tank ---
    (
        "electricity_wtt",
        "elec_wtt",
        "kg/kWh",
        False,
        "Well-to-tank of UK electricity generated, per kWh consumed: Scope 3 category 3 (a memo line).",
        [(WTT_ELEC, "WTT- UK electricity (generation)", "Electricity: UK", "kWh", ("",))],
    ),
    (
        "electricity_td_losses_wtt",
        "td_wtt",
        "kg/kWh",
        False,
        "Well-to-tank of the UK electricity lost in "
        "transmission and distribution, per kWh consumed: Scope 3 category 3 (a memo line).",
        [(WTT_ELEC, "WTT- UK electricity (T&D)", "Electricity: UK", "kWh", ("",))],
    ),
    (
        "natural_gas_wtt",
        "natural_gas_wtt",
        "kg/kWh",
        False,
        "Well-to-tank of natural gas, per kWh on a gross calorific value basis: Scope 3 category 3 (a memo line).",
        [(WTT_FUELS, "Gaseous fuels", "Natural gas", "kWh (Gross CV)", ("",))],
    ),
    (
        "gasoline_wtt",
        "petrol_wtt",
        "kg/L",
        False,
        "Well-to-tank of petrol (average biofuel blend), per litre: Scope 3 category 3 (a memo line).",
        [(WTT_FUELS, "Liquid fuels", "Petrol (average biofuel blend)", "litres", ("",))],
    ),
    *(
        (
            f"{activity}_wtt",
            f"{short}_wtt",
            unit,
            False,
            f"Well-to-tank of {what}: Scope 3 category 3 (a memo line).",
            [(WTT_FUELS, level2, level3, uom, ("",))],
        )
        for activity, short, unit, what, level2, level3, uom in (
            ("diesel", "gas_oil", "kg/t", "gas oil, per tonne", "Liquid fuels", "Gas oil", "tonnes"),
            ("kerosene", "burning_oil", "kg/t", "burning oil, per tonne", "Liquid fuels", "Burning oil", "tonnes"),
            ("fuel_oil", "fuel_oil", "kg/t", "fuel oil, per tonne", "Liquid fuels", "Fuel oil", "tonnes"),
            (
                "coal",
                "coal_industrial",
                "kg/t",
                "coal (industrial), per tonne",
                "Solid fuels",
                "Coal (industrial)",
                "tonnes",
            ),
            ("lpg", "lpg", "kg/t", "LPG, per tonne", "Gaseous fuels", "LPG", "tonnes"),
            ("cng", "cng", "kg/t", "CNG, per tonne", "Gaseous fuels", "CNG", "tonnes"),
            ("lng", "lng", "kg/t", "LNG, per tonne", "Gaseous fuels", "LNG", "tonnes"),
            ("propane", "propane", "kg/L", "propane, per litre", "Gaseous fuels", "Propane", "litres"),
            (
                "jet_fuel",
                "aviation_turbine_fuel",
                "kg/L",
                "aviation turbine fuel, per litre",
                "Liquid fuels",
                "Aviation turbine fuel",
                "litres",
            ),
            (
                "aviation_gasoline",
                "aviation_spirit",
                "kg/L",
                "aviation spirit, per litre",
                "Liquid fuels",
                "Aviation spirit",
                "litres",
            ),
            (
                "marine_gas_oil",
                "marine_gas_oil",
                "kg/L",
                "marine gas oil, per litre",
                "Liquid fuels",
                "Marine gas oil",
                "litres",
            ),
            (
                "marine_fuel_oil",
                "marine_fuel_oil",
                "kg/L",
                "marine fuel oil, per litre",
                "Liquid fuels",
                "Marine fuel oil",
                "litres",
            ),
        )
    ),
    *(
        (
            f"{activity}_wtt",
            f"{activity}_wtt",
            unit,
            False,
            f"Well-to-tank of {what}: Scope 3 category 3 (a memo line).",
            [(WTT_BIO, level2, name, uom, ("",)) for name in names],
        )
        # Up to 2020 the sheet names biodiesel 'Biodiesel' (no 'ME'), in its WTT rows as in its Scope 1 rows.
        for activity, unit, what, level2, names, uom in (
            ("wood_pellets", "kg/t", "wood pellets, per tonne", "WTT- biomass", ("Wood pellets",), "tonnes"),
            ("wood_chips", "kg/t", "wood chips, per tonne", "WTT- biomass", ("Wood chips",), "tonnes"),
            ("biogas", "kg/t", "biogas, per tonne", "WTT- biogas", ("Biogas",), "tonnes"),
            ("biodiesel", "kg/L", "biodiesel (ME), per litre", "WTT- biofuel", ("Biodiesel ME", "Biodiesel"), "litres"),
        )
    ),
    # --- Water and waste (Scope 3, memo lines) ---
    (
        "water_supply",
        "water_supply",
        "kg/m**3",
        False,
        "Water supply per cubic metre (Scope 3, a memo line).",
        [(("Water supply",), "Water supply", "Water supply", "cubic metres", ("",))],
    ),
    (
        "water_treatment",
        "water_treatment",
        "kg/m**3",
        False,
        "Water treatment (waste water) per cubic metre (Scope 3, a memo line).",
        [(("Water treatment",), "Water treatment", "Water treatment", "cubic metres", ("",))],
    ),
    (
        "waste_landfill",
        "waste_landfill",
        "kg/t",
        False,
        "Commercial and industrial waste sent to landfill, per tonne (Scope 3 category 5, a memo line).",
        [(("Waste disposal",), "Refuse", "Commercial and industrial waste", "tonnes", ("Landfill",))],
    ),
    (
        "waste_incineration",
        "waste_incineration",
        "kg/t",
        False,
        "Commercial and industrial waste incinerated "
        "with energy recovery ('Combustion' up to 2024), per tonne (Scope 3 category 5, a memo line).",
        [
            (
                ("Waste disposal",),
                "Refuse",
                "Commercial and industrial waste",
                "tonnes",
                ("Combustion", "Incineration with Energy Recovery"),
            )
        ],
    ),
]
HEADER = ["Sheet row", "Level 1", "Level 2", "Level 3", "UOM", "Column Text", "GHG", "Value", "Value column"]


def _matches(row: tuple[str, str, str, str, str], key: Key) -> bool:
    level1, level2, level3, uom, column = key

    # Up to 2021 the sheet writes 'WTT- gaseous fuels', 'Natural Gas', 'Gas Oil': compared without case and
    # without a leading 'WTT- ' in Level 2. Column Text ("",): any (up to 2021 it says only 'Tonnes', 'Volume').
    def same(a: str, b: str) -> bool:
        return a.casefold().removeprefix("wtt- ") == b.casefold().removeprefix("wtt- ")

    return (
        row[0] in level1
        and all(same(a, b) for a, b in zip(row[1:4], (level2, level3, uom), strict=True))
        and (column == ("",) or row[4] in column)
    )


def extract(path: Path, out_dir: Path = INPUTS) -> Path:
    """Write the rows of :data:`WANTED` found in a flat file into ``out_dir/desnz-<year>.csv``."""
    sheet, cells = desnz.sheet_cells(path)
    where = f"{path.name} [{sheet}]"
    h = next((i for i, r in enumerate(cells) if {"Level 1", "UOM"} <= {desnz.text(c) for c in r}), None)
    if h is None:
        sys.exit(f"{where}: no header row with Level 1 and UOM")
    head = [desnz.text(c) for c in cells[h]]
    col, value = desnz.layout(head, where)
    text_col = head.index("Column Text") if "Column Text" in head else None
    year = re.search(r"20\d\d", head[value])
    if year is None:
        sys.exit(f"{where}: the header {head[value]!r} names no year")
    keys = [key for *_, tried in WANTED for key in tried]
    rows = []
    for i in range(h + 1, len(cells)):
        r = [*cells[i], *[""] * (len(head) - len(cells[i]))]
        found = tuple(desnz.text(r[col[k]]) for k in ("Level 1", "Level 2", "Level 3", "UOM"))
        found += (desnz.text(r[text_col]) if text_col is not None else "",)
        ghg = desnz.text(r[col["GHG"]])
        cell = r[value]
        if desnz.gas_of(ghg) and cell not in ("", None) and any(_matches(found, k) for k in keys):  # type: ignore[arg-type]
            number = desnz.text(cell) if isinstance(cell, str) else desnz.cell_number(cell)
            rows.append([str(i + 1), *found, ghg, number, head[value]])
    out = out_dir / f"desnz-{year.group(0)}.csv"
    out_dir.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return out


def build(folder: Path = INPUTS) -> str:
    """uk_desnz_memo.csv as text, from the extracts in ``folder``."""
    known = desnz.sources(SOURCES.parent)
    rows: list[dict[str, str]] = []
    for path in sorted(folder.glob("desnz-20*.csv")):
        meta = known.get(path.name)
        if meta is None:
            sys.exit(f"{path.name}: not listed in {SOURCES}")
        rows += edition_rows(path, meta)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, desnz.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def edition_rows(path: Path, meta: dict[str, str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    if not table:
        return []
    year = int(re.search(r"20\d\d", table[0]["Value column"]).group(0))  # type: ignore[union-attr]
    gwp = desnz.EDITION_GWP[year]
    cells: dict[tuple[str, ...], dict[str, tuple[str, str]]] = {}
    for r in table:
        gas = desnz.gas_of(r["GHG"])
        key = (r["Level 1"], r["Level 2"], r["Level 3"], r["UOM"], r["Column Text"])
        if gas is not None:
            cells.setdefault(key, {})[gas] = (r["Value"], r["Sheet row"])
    out = []
    for activity, short, unit, per_gas, what, tried in WANTED:
        hit = next(((k, c) for k, c in cells.items() for t in tried if _matches(k, t)), None)  # type: ignore[arg-type]
        if hit is None:
            continue
        key, found = hit
        label = f"{key[0]}: {key[1]}, {key[2]}, {key[3]}" + (f", {key[4]}" if key[4] else "")
        if per_gas:
            if {"CO2e", "CO2", "CH4", "N2O"} - set(found):
                continue
            gases = [(g, found[g], "" if g == "CO2" else f"@{gwp}") for g in ("CO2", "CH4", "N2O")]
        elif "CO2e" in found:
            gases = [("CO2e", found["CO2e"], "")]
        else:  # outside of scopes: the biogenic CO2 only
            gases = [("CO2", found["CO2"], "")]
        for gas, (published, sheet_row), weighted in gases:
            if per_gas and gas != "CO2":
                share = (
                    f" kg CO2e of {gas} per unit, weighted by the publisher with {gwp} GWP100; carbon divides by "
                    f"that GWP to get the mass of {gas} and applies the run's --gwp set. The edition's CO2e total "
                    f"is {found['CO2e'][0]} (sheet row {found['CO2e'][1]})."
                )
            elif gas == "CO2e":
                share = " CO2e as published (the run's --gwp does not change it)."
            else:
                share = " kg CO2 per unit."
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
                    "method": "",
                    "basis": "GCV" if "Gross CV" in key[3] else "",
                    "publisher": desnz.PUBLISHER[meta["publisher"]],
                    "document": f"Greenhouse gas reporting: conversion factors {year}",
                    "edition": str(year),
                    "table": f"Flat file, Factors by Category: {label}",
                    "evidence": meta["evidence"],
                    "note": (
                        f"{what}{share} Read by {SCRIPT} from {meta['file']}, sheet 'Factors by Category', row "
                        f"{sheet_row}, {meta['obtained']} The publisher advises using the set of the reporting year."
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
        extract_help="Extract the rows of issue 14 from a published flat file (xlsx, xls, json).",
        build_help="Write factors/uk_desnz_memo.csv from the committed extracts.",
    )


if __name__ == "__main__":
    sys.exit(main())
