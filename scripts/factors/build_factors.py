#!/usr/bin/env python3
"""Import factor values from published source files into the factor CSVs in factors/.

The CSVs in factors/ are the single source of factor values; this script holds none. It reads
the published files named on the command line and, for each value it finds, updates or adds
one row of the matching CSV:

* a row whose id exists and whose value equals the published one (as a decimal number:
  ``0.030`` equals ``0.03``) is left exactly as it is;
* a row whose value differs, or a new id, is written from the published file: value, unit,
  publisher, document, edition and ``table`` name the source, and ``note`` says which file,
  sheet and row the value was read from;
* a new open-ended row closes the open-ended row it succeeds (same activity, region, gas and
  method or property): that row's ``year_to`` becomes the year before the new ``year_from``.

Every other row stays byte for byte as it was. Sources the script cannot read (PDF tables:
MEE/NBS announcements, IPCC 2006, GB/T standards, GWP tables) are transcribed into
``scripts/factors/inputs/`` and built by ``scripts/factors/regenerate.py``, which also builds
us_egrid.csv and us_epa_hub.csv: for those, use ``--check`` here to compare them with a published
file, and put a changed value into its input. Only the lookup tables (activities.csv,
factor_sets.csv, the hand-kept rows of regions.csv) are kept by hand.

Run ``python scripts/factors/build_factors.py --help`` for the inputs, then
``python scripts/factors/check_factors.py``.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "scripts/factors/build_factors.py"

Cells = Sequence[Sequence[object]]


@dataclass(frozen=True)
class Imported:
    """One value read from a published file, as the full CSV row it becomes."""

    file: str  # the CSV in factors/
    row: dict[str, str]  # every column of that CSV
    key: tuple[str, ...]  # the columns a successor row shares (for closing an open range)


# --------------------------------------------------------------------------
# Reading published files
# --------------------------------------------------------------------------
def read_sheet(path: Path, sheet: str | re.Pattern[str]) -> tuple[str, Cells]:
    """The cells of one sheet of a workbook (xlsx, xls, ods), or of a CSV file, as text/numbers."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return path.name, [list(r) for r in csv.reader(handle)]
    book = CalamineWorkbook.from_path(str(path))
    names = book.sheet_names
    match = [n for n in names if (sheet.fullmatch(n) if isinstance(sheet, re.Pattern) else n == sheet)]
    if not match:
        sys.exit(f"{path.name}: no sheet {getattr(sheet, 'pattern', sheet)!r} (sheets: {', '.join(names)})")
    # skip_empty_area=False keeps leading empty rows, so a row index + 1 is the row number Excel prints
    return match[0], book.get_sheet_by_name(match[0]).to_python(skip_empty_area=False)


def text(cell: object) -> str:
    return " ".join(str(cell).split()) if cell is not None else ""


def number(cell: object, where: str) -> Decimal:
    """A published number as a decimal: floats through their shortest repr (0.03, not 0.0299...)."""
    raw = repr(cell) if isinstance(cell, float) else text(cell).replace(",", "")
    try:
        return Decimal(raw)
    except InvalidOperation:
        sys.exit(f"{where}: {cell!r} is not a number")


def is_number(cell: object) -> bool:
    """A number cell, or text that reads as one (a section header row holds units there instead)."""
    try:
        return Decimal(repr(cell) if isinstance(cell, float) else text(cell).replace(",", "")).is_finite()
    except InvalidOperation:
        return False


def plain(value: Decimal) -> str:
    """A decimal as CSV text, without exponent or a trailing '.0'."""
    out = format(value, "f")
    return out[:-2] if out.endswith(".0") else out


def header_row(cells: Cells, wanted: Sequence[str], where: str) -> int:
    """The first row holding every header in ``wanted`` (exact text, case-folded)."""
    low = [w.casefold() for w in wanted]
    for i in range(len(cells)):
        row = {text(c).casefold() for c in cells[i]}
        if all(w in row for w in low):
            return i
    sys.exit(f"{where}: no header row with {', '.join(wanted)}")


def column(row: Sequence[object], startswith: str, where: str) -> int:
    """The first column whose header starts with ``startswith`` (case-folded)."""
    for j, cell in enumerate(row):
        if text(cell).casefold().startswith(startswith.casefold()):
            return j
    sys.exit(f"{where}: no column {startswith!r}")


def table_block(cells: Cells, number_: int, where: str) -> tuple[int, int]:
    """Rows [start, stop) of ``Table <number_>`` in a sheet holding several numbered tables."""
    title = re.compile(rf"table {number_}\b", re.IGNORECASE)
    any_title = re.compile(r"table \d+\b", re.IGNORECASE)
    start = next((i for i, r in enumerate(cells) if any(title.match(text(c)) for c in r)), None)
    if start is None:
        sys.exit(f"{where}: no 'Table {number_}' title")
    stop = next(
        (i for i in range(start + 1, len(cells)) if any(any_title.match(text(c)) for c in cells[i])), len(cells)
    )
    return start, stop


# --------------------------------------------------------------------------
# US: eGRID data file (subregion and US sheets), total output emission rates
# --------------------------------------------------------------------------
EGRID_PUB = "US Environmental Protection Agency (EPA)"
EGRID_GASES = (("CO2", "CO2RTA"), ("CH4", "CH4RTA"), ("N2O", "N2ORTA"))  # field-code suffixes, lb/MWh


def egrid(path: Path, decimals: int) -> list[Imported]:
    """CO2, CH4 and N2O total output emission rates of every subregion (``SRLyy``) and the US (``USyy``)."""
    out = []
    for level, prefix in (("SRL", "SR"), ("US", "US")):
        sheet, cells = read_sheet(path, re.compile(rf"{level}\d\d"))
        year = f"20{sheet[-2:]}"
        where = f"{path.name} [{sheet}]"
        name_field = "SUBRGN" if level == "SRL" else None
        h = header_row(cells, [f"{prefix}CO2RTA"], where)
        head = [text(c).upper() for c in cells[h]]
        cols = {gas: head.index(f"{prefix}{suffix}") for gas, suffix in EGRID_GASES}
        name_col = head.index(name_field) if name_field else None
        for i in range(h + 1, len(cells)):
            r = cells[i]
            acronym = text(r[name_col]) if name_col is not None else "US"
            if not acronym or text(r[cols["CO2"]]) == "":
                continue
            region = "US" if acronym == "US" else f"US-EGRID-{acronym}"
            for gas, suffix in EGRID_GASES:
                value = round(number(r[cols[gas]], f"{where} row {i + 1}"), decimals)
                row = dict(
                    id=f"us-egrid{year}-{acronym.lower()}-{gas.lower()}",
                    activity="electricity",
                    region=region,
                    year_from=year,
                    year_to=year,
                    gas=gas,
                    value=f"{value:.{decimals}f}",
                    unit="lb/MWh",
                    method="location",
                    basis="",
                    publisher=EGRID_PUB,
                    document=f"Emissions & Generation Resource Integrated Database (eGRID), eGRID{year}",
                    edition=f"eGRID{year}",
                    table=f"{sheet}: {acronym} total output emission rate ({prefix}{suffix})",
                    evidence="primary-via-copy",
                    note=(
                        f"Total output emission rate (generation-weighted, no T&D losses), lb per MWh, rounded to "
                        f"{decimals} decimals as in EPA's summary tables. Data year {year}. "
                        + provenance(path, sheet, i, f"{prefix}{suffix}")
                    ),
                )
                out.append(Imported("us_egrid.csv", row, ("activity", "region", "gas", "method")))
    return out


# --------------------------------------------------------------------------
# US: EPA GHG Emission Factors Hub workbook, Table 1 (stationary combustion) and Table 7 (steam)
# --------------------------------------------------------------------------
EPA_PUB = "US Environmental Protection Agency (EPA), Center for Corporate Climate Leadership"
EPA_HUB_DOC = "GHG Emission Factors Hub: Emission Factors for Greenhouse Gas Inventories"
# activity -> (Fuel Type as in Table 1, HHV unit as stored, HHV multiplier from the Hub's per-unit figure)
EPA_FUELS = {
    "natural_gas": ("Natural Gas", "MMBtu/1000 scf", Decimal(1000)),
    "diesel": ("Distillate Fuel Oil No. 2", "MMBtu/gal", Decimal(1)),
    "gasoline": ("Motor Gasoline", "MMBtu/gal", Decimal(1)),
    "lpg": ("Liquefied Petroleum Gases (LPG)", "MMBtu/gal", Decimal(1)),
    "coal": ("Bituminous", "MMBtu/short_ton", Decimal(1)),
}
EPA_GASES = (("CO2", "CO2 Factor", "kg/MMBtu"), ("CH4", "CH4 Factor", "g/MMBtu"), ("N2O", "N2O Factor", "g/MMBtu"))


def epa_hub(path: Path, edition: str) -> list[Imported]:
    """Table 1 per-mmBtu factors and heat contents of EPA_FUELS, and Table 7 steam and heat."""
    book = CalamineWorkbook.from_path(str(path))
    sheet = book.sheet_names[0]
    cells = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)  # row index + 1 = Excel row
    where = f"{path.name} [{sheet}]"
    base = dict(region="US", year_from=edition, year_to="", method="", publisher=EPA_PUB, document=EPA_HUB_DOC)
    base.update(edition=edition, evidence="primary-via-copy")
    out = []
    start, stop = table_block(cells, 1, where)
    h = _row_with(cells, "CO2 Factor", where, start, stop)
    head = cells[h]
    hhv_col = column(head, "Heat Content", where)
    cols = {gas: column(head, label, where) for gas, label, _ in EPA_GASES}
    for activity, (fuel, hhv_unit, scale) in EPA_FUELS.items():
        i = next((k for k in range(h + 1, stop) if fuel in map(text, cells[k]) and is_number(cells[k][hhv_col])), None)
        if i is None:
            sys.exit(f"{where}: Table 1 has no row {fuel!r}")
        r = cells[i]
        label = f"Table 1 Stationary Combustion: {fuel}"
        for gas, _, unit in EPA_GASES:
            row = dict(
                base,
                id=f"us-epa-hub{edition}-{activity}-{gas.lower()}",
                activity=activity,
                gas=gas,
                value=plain(number(r[cols[gas]], f"{where} row {i + 1}")),
                unit=unit,
                basis="GCV",
                table=label,
                note=f"{fuel}; per mmBtu, higher heating value basis. {provenance(path, sheet, i, label)}",
            )
            out.append(Imported("us_epa_hub.csv", row, ("activity", "region", "gas", "method")))
        hhv = number(r[hhv_col], f"{where} row {i + 1}") * scale
        prop = dict(
            {k: v for k, v in base.items() if k != "method"},
            id=f"us-epa-hub{edition}-{activity}-gcv",
            activity=activity,
            property="gcv",
            value=plain(hhv.normalize() if scale != 1 else hhv),
            unit=hhv_unit,
            basis="GCV",
            table=f"{label}, default heat content (HHV)",
            note=f"{fuel}; higher heating value per physical unit. {provenance(path, sheet, i, label)}",
        )
        out.append(Imported("properties.csv", prop, ("activity", "region", "property")))
    start, stop = table_block(cells, 7, where)
    h = _row_with(cells, "CO2 Factor", where, start, stop)
    cols = {gas: column(cells[h], label, where) for gas, label, _ in EPA_GASES}
    i = next((k for k in range(h + 1, stop) if is_number(cells[k][cols["CO2"]])), None)
    if i is None:
        sys.exit(f"{where}: Table 7 has no value row")
    for gas, _, unit in EPA_GASES:
        row = dict(
            base,
            id=f"us-epa-hub{edition}-heat-{gas.lower()}",
            activity="heat",
            gas=gas,
            value=plain(number(cells[i][cols[gas]], f"{where} row {i + 1}")),
            unit=unit,
            basis="",
            table="Table 7 Steam and Heat",
            note=f"Per mmBtu of purchased steam or heat delivered. {provenance(path, sheet, i, 'Table 7')}",
        )
        out.append(Imported("us_epa_hub.csv", row, ("activity", "region", "gas", "method")))
    return out


def _row_with(cells: Cells, startswith: str, where: str, start: int, stop: int) -> int:
    for i in range(start, stop):
        if any(text(c).casefold().startswith(startswith.casefold()) for c in cells[i]):
            return i
    sys.exit(f"{where}: no {startswith!r} header between rows {start + 1} and {stop}")


def provenance(path: Path, sheet: str, index: int, label: str) -> str:
    return f"Imported by {SCRIPT} from the published file {path.name}, sheet {sheet!r}, row {index + 1} ({label})."


# --------------------------------------------------------------------------
# Writing rows into the CSVs
# --------------------------------------------------------------------------
def serialise(row: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="", quoting=csv.QUOTE_MINIMAL).writerow(row)
    return buffer.getvalue()


def apply(folder: Path, imported: Iterable[Imported], write: bool) -> int:
    """Update or add the imported rows in ``folder``'s CSVs; print what changed; return the number changed."""
    by_file: dict[str, list[Imported]] = {}
    for item in imported:
        by_file.setdefault(item.file, []).append(item)
    changed = 0
    for name, items in by_file.items():
        path = folder / name
        lines = path.read_text(encoding="utf-8").splitlines()
        columns = next(csv.reader([lines[0]]))
        rows = [next(csv.reader([line])) for line in lines[1:]]
        index = {r[0]: k for k, r in enumerate(rows)}
        for item in items:
            new = [item.row.get(c, "") for c in columns]
            k = index.get(new[0])
            if k is not None and Decimal(rows[k][columns.index("value")]) == Decimal(new[columns.index("value")]):
                print(f"{name}: {new[0]} = {rows[k][columns.index('value')]} (confirmed)")
                continue
            changed += 1
            if k is not None:
                print(f"{name}: {new[0]} {rows[k][columns.index('value')]} -> {item.row['value']}")
                lines[k + 1] = serialise(new)
                continue
            print(f"{name}: {new[0]} = {item.row['value']} (new row)")
            for j, old in enumerate(rows):
                same = all(old[columns.index(c)] == item.row[c] for c in item.key)
                if (
                    same
                    and old[columns.index("year_to")] == ""
                    and int(old[columns.index("year_from")]) < int(item.row["year_from"])
                ):
                    old[columns.index("year_to")] = str(int(item.row["year_from"]) - 1)
                    lines[j + 1] = serialise(old)
                    print(f"{name}: {old[0]} now ends in {old[columns.index('year_to')]}")
            lines.append(serialise(new))
            index[new[0]] = len(rows)
            rows.append(new)
        if write:
            path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(
            "Import factor values from published source files into the CSVs in factors/. Rows whose value "
            "equals the published one stay as they are; other rows are written with the file, sheet and row "
            "they came from. Give at least one source."
        ),
        epilog="Afterwards run scripts/factors/check_factors.py and the tests.",
    )
    parser.add_argument(
        "--desnz",
        type=Path,
        metavar="FILE",
        help=(
            "UK government 'Greenhouse gas reporting: conversion factors YEAR', the flat file (xlsx, xls, or a JSON "
            "export of its sheet), either layout (2019-2021: GHG column; 2022+: GHG/Unit). Its rows are extracted "
            "into scripts/factors/inputs/desnz/ (list the file in sources.csv there), then uk_desnz.csv is rebuilt "
            "from all committed extracts by scripts/factors/desnz.py, per gas (see that script)."
        ),
    )
    parser.add_argument(
        "--egrid",
        type=Path,
        metavar="FILE",
        help=(
            "US EPA eGRID data file (eGRIDyyyy_data.xlsx): sheets SRLyy (subregions, field SUBRGN) and USyy, "
            "fields xxCO2RTA, xxCH4RTA, xxN2ORTA (total output emission rates, lb/MWh). Writes us_egrid.csv."
        ),
    )
    parser.add_argument(
        "--egrid-decimals",
        type=int,
        default=3,
        help="Decimals to keep of the eGRID rates, as EPA's summary tables and the Hub print them (default 3).",
    )
    parser.add_argument(
        "--epa-hub",
        type=Path,
        metavar="FILE",
        help=(
            "US EPA 'GHG Emission Factors Hub' workbook (ghg-emission-factors-hub-YYYY.xlsx), first sheet: "
            "Table 1 Stationary Combustion (Heat Content (HHV), CO2/CH4/N2O Factor per mmBtu, rows by Fuel Type) "
            "and Table 7 Steam and Heat. Writes us_epa_hub.csv and the heat contents (gcv) in properties.csv. "
            "Needs --hub-edition. Both files are built by regenerate.py from scripts/factors/inputs/transcribed/: "
            "use --check to compare them with a workbook, and put a changed value in the transcription."
        ),
    )
    parser.add_argument("--hub-edition", metavar="YEAR", help="The edition year of the --epa-hub workbook, e.g. 2025.")
    parser.add_argument(
        "--factors",
        type=Path,
        default=ROOT / "factors",
        metavar="DIR",
        help="The factor folder to update (default: the repository's factors/).",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="Write nothing; exit 1 when a published value differs from the CSVs or a row is missing.",
    )
    args = parser.parse_args(argv)
    if not (args.desnz or args.egrid or args.epa_hub):
        parser.error("give at least one source: --desnz, --egrid or --epa-hub")
    if args.epa_hub and not (args.hub_edition or "").isdigit():
        parser.error("--epa-hub needs --hub-edition YEAR")
    imported: list[Imported] = []
    if args.desnz:
        import desnz  # scripts/factors/desnz.py, beside this script

        extract = desnz.extract(args.desnz)
        print(f"extracted {extract}")
        if args.check:
            return desnz.main(["build", "--check"])
        desnz.main(["build"])
    if args.egrid:
        imported += egrid(args.egrid, args.egrid_decimals)
    if args.epa_hub:
        imported += epa_hub(args.epa_hub, args.hub_edition)
    changed = apply(args.factors, imported, write=not args.check)
    print(f"{len(imported)} values read, {changed} {'differ' if args.check else 'written'}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
