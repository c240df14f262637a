#!/usr/bin/env python3
"""The cells of the EPA GHG Emission Factors Hub 2025 workbook that the factor inputs cite, as read.

``python scripts/factors/hub2025_cells.py WORKBOOK [WORKBOOK ...]`` reads the sheet 'Emission Factors Hub' of each
copy of ``ghg-emission-factors-hub-2025.xlsx`` given, stops when two copies differ in any cell of that sheet,
and writes ``scripts/factors/inputs/epa_hub_2025_cells.csv``: one line per cell (``cell``, ``value``) of every
row the inputs cite, columns B to K, the cell names as Excel prints them (row 1 is the sheet's first row,
empty in the Hub: a reader that trims empty rows counts one row short). The inputs that cite the workbook:

* ``epa_hub_2025_mobile.csv`` (``epa_mobile.py``): a cell per value (``D107``);
* ``egrid_rates.csv``, source ``hub2025-table6`` (eGRID2023, Table 6): ``row N``, code in C, CO2, CH4 and
  N2O in E, F and G; ``egrid_grid_gross_loss.csv``, the same source: the loss rate's cell (``K339``);
* ``epa_hub_memo.csv`` (``epa_hub_memo.py``): ``Sheet row`` N, fuel in C, heat content, CO2, CH4 and N2O in
  D to G; ``transcribed/properties.csv``, ids ``us-epa-hub2025-*-gcv``: ``(sheet row N)``, heat content in D.

The copies read (see ``epa_mobile.py``): G, SWASTIKA3011/Carbon-Lens, and H,
Srijaisuryaa007/major-project-carbon-accounting-and-ESG-dashboard- (commit 1f7d748): equal in every cell.
``tests/test_epa_hub_2025_copies.py`` holds every citation above to this file.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "scripts" / "factors" / "inputs"
OUT = INPUTS / "epa_hub_2025_cells.csv"
SHEET = "Emission Factors Hub"
COLUMNS = "BCDEFGHIJK"


def cited_rows() -> set[int]:
    """Every sheet row (Excel numbering) a factor input cites."""
    rows: set[int] = set()
    with (INPUTS / "epa_hub_2025_mobile.csv").open(encoding="utf-8") as handle:
        rows |= {int(re.sub(r"^[A-Z]+", "", r["cell"])) for r in csv.DictReader(handle)}
    with (INPUTS / "egrid_rates.csv").open(encoding="utf-8") as handle:
        rows |= {int(r["cell"].split()[-1]) for r in csv.DictReader(handle) if r["source"] == "hub2025-table6"}
    with (INPUTS / "egrid_grid_gross_loss.csv").open(encoding="utf-8") as handle:
        rows |= {
            int(re.search(r"cell [A-Z]+(\d+)", r["cell"]).group(1))  # type: ignore[union-attr]
            for r in csv.DictReader(handle)
            if r["source"] == "hub2025-table6"
        }
    with (INPUTS / "epa_hub_memo.csv").open(encoding="utf-8") as handle:
        rows |= {int(r["Sheet row"]) for r in csv.DictReader(handle)}
    with (INPUTS / "transcribed" / "properties.csv").open(encoding="utf-8") as handle:
        rows |= {
            int(re.search(r"sheet row (\d+)", r["cell"]).group(1))  # type: ignore[union-attr]
            for r in csv.DictReader(handle)
            if r["id"].startswith("us-epa-hub2025-")
        }
    return rows


def read(path: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    # skip_empty_area=False keeps the empty first row, so index i is Excel row i + 1
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python(skip_empty_area=False)


def text(value: object) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return " ".join(str(value).split())


def main(paths: list[Path]) -> None:
    copies = [read(path) for path in paths]
    for path, cells in zip(paths[1:], copies[1:], strict=True):
        if cells != copies[0]:
            sys.exit(f"{path.name}: sheet {SHEET!r} differs from {paths[0].name}; settle which copy to read")
    cells = copies[0]
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["cell", "value"])
        for row in sorted(cited_rows()):
            for offset, letter in enumerate(COLUMNS, start=1):
                value = cells[row - 1][offset] if offset < len(cells[row - 1]) else ""
                if value not in ("", None):
                    writer.writerow([f"{letter}{row}", text(value)])


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: hub2025_cells.py WORKBOOK [WORKBOOK ...] (copies of ghg-emission-factors-hub-2025.xlsx)")
    main([Path(p) for p in sys.argv[1:]])
