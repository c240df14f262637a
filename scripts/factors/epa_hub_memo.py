#!/usr/bin/env python3
"""US EPA GHG Emission Factors Hub 2025, Table 1 (stationary combustion), the rows of issue 14:
biomass (wood, biogas, biodiesel) and more fuels (kerosene, residual fuel oil No. 6, propane, coke).

Two deterministic steps, like ``scripts/factors/desnz_memo.py``:

* ``extract FILE``: the Table 1 rows of :data:`WANTED` from the Hub workbook (sheet 'Emission
  Factors Hub') into ``scripts/factors/inputs/epa_hub_memo.csv``: fuel, the units row above it, heat
  content (HHV), CO2 (kg/mmBtu), CH4 and N2O (g/mmBtu), and the sheet row.
* ``build``: writes ``factors/us_epa_hub_memo.csv`` (set ``us-epa-hub-memo``) from that extract
  (``--check``: write nothing, exit 1 when the shipped file differs). The heat contents are
  ``properties.csv`` rows ``us-epa-hub2025-<activity>-gcv``; ``tests/test_memo_us.py`` holds them
  equal to the extract.

Biomass: CH4 and N2O are Scope 1 (activity ``wood_pellets`` ...), the CO2 is biogenic
(``wood_pellets_biogenic`` ...), outside the scopes. EPA's 'Wood and Wood Residuals' is one row for
every wood fuel, so it serves both wood pellets and wood chips (the note says so); 'Other Biomass
Gases' serves biogas (per scf: a US biogas bill is a volume).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from carbon_cli.factors import FACTOR_COLUMNS

sys.path.insert(0, str(Path(__file__).resolve().parent))

import builder_cli

ROOT = Path(__file__).resolve().parents[2]
EXTRACT = ROOT / "scripts" / "factors" / "inputs" / "epa_hub_memo.csv"
SHIPPED = ROOT / "factors" / "us_epa_hub_memo.csv"
SCRIPT = "scripts/factors/epa_hub_memo.py"
EDITION = 2025
PUBLISHER = "US Environmental Protection Agency (EPA), Center for Corporate Climate Leadership"
WORKBOOK = "ghg-emission-factors-hub-2025.xlsx (Last Modified: January 15, 2025)"
OBTAINED = (
    "as committed unchanged in the public repository SWASTIKA3011/Carbon-Lens (the Hub workbook as EPA "
    "publishes it, sheet 'Emission Factors Hub')"
)
COLUMNS = list(FACTOR_COLUMNS)

#: EPA fuel type -> [(activity, id part, biomass?)]
WANTED: dict[str, list[tuple[str, str, bool]]] = {
    "Wood and Wood Residuals": [("wood_pellets", "wood_pellets", True), ("wood_chips", "wood_chips", True)],
    "Other Biomass Gases": [("biogas", "biogas", True)],
    "Biodiesel (100%)": [("biodiesel", "biodiesel", True)],
    "Kerosene": [("kerosene", "kerosene", False)],
    "Residual Fuel Oil No. 6": [("fuel_oil", "fuel_oil", False)],
    "Propane": [("propane", "propane", False)],
    "Coal Coke": [("coke", "coke", False)],
}
HEADER = [
    "Sheet row",
    "Fuel Type",
    "Heat content unit",
    "Heat Content (HHV)",
    "CO2 kg/mmBtu",
    "CH4 g/mmBtu",
    "N2O g/mmBtu",
]


def extract(path: Path) -> Path:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    # skip_empty_area=False keeps the sheet's empty first row: index i is Excel row i + 1
    rows = book.get_sheet_by_name("Emission Factors Hub").to_python(skip_empty_area=False)
    start = next(i for i, r in enumerate(rows) if [c for c in r if c not in ("", None)][:1] == ["Table 1"])
    end = next(i for i, r in enumerate(rows) if i > start and [c for c in r if c not in ("", None)][:1] == ["Table 2"])
    out, unit = [], ""
    for i in range(start, end):
        cells = [c for c in rows[i] if c not in ("", None)]
        if cells and str(cells[0]).startswith("mmBtu per"):
            unit = str(cells[0])
        if cells and str(cells[0]).strip() in WANTED and len(cells) >= 5:
            out.append([str(i + 1), str(cells[0]).strip(), unit, *(repr(float(c)) for c in cells[1:5])])
    missing = set(WANTED) - {r[1] for r in out}
    if missing:
        sys.exit(f"{path.name}: Table 1 lacks {', '.join(sorted(missing))}")
    with EXTRACT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(out)
    return EXTRACT


def number(text: str) -> str:
    value = float(text)
    return str(int(value)) + ".0" if value.is_integer() else repr(value)


def build() -> str:
    with EXTRACT.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    rows = []
    for r in table:
        for activity, short, biomass in WANTED[r["Fuel Type"]]:
            gases = [("CO2", r["CO2 kg/mmBtu"], "kg/MMBtu"), ("CH4", r["CH4 g/mmBtu"], "g/MMBtu")]
            gases.append(("N2O", r["N2O g/mmBtu"], "g/MMBtu"))
            for gas, value, unit in gases:
                biogenic = biomass and gas == "CO2"
                what = (
                    f"{r['Fuel Type']}: biogenic CO2, outside the scopes (a memo line, activity {activity}_biogenic)"
                    if biogenic
                    else f"{r['Fuel Type']}: {gas} of combustion (Scope 1)"
                )
                shared = (
                    " EPA gives one row for every wood fuel; it is used for wood pellets and wood chips alike."
                    if r["Fuel Type"] == "Wood and Wood Residuals"
                    else ""
                )
                rows.append(
                    {
                        "id": f"us-epa-hub{EDITION}-{short}{'_biogenic' if biogenic else ''}-{gas.lower()}",
                        "activity": f"{activity}_biogenic" if biogenic else activity,
                        "region": "US",
                        "year_from": str(EDITION),
                        "year_to": "",
                        "gas": gas,
                        "value": number(value),
                        "unit": unit,
                        "method": "",
                        "basis": "GCV",
                        "publisher": PUBLISHER,
                        "document": "GHG Emission Factors Hub: Emission Factors for Greenhouse Gas Inventories",
                        "edition": str(EDITION),
                        "table": f"Table 1 Stationary Combustion: {r['Fuel Type']}",
                        "evidence": "primary-via-copy",
                        "note": (
                            f"{what}; per mmBtu on a higher heating value (HHV = gross calorific value) basis; heat "
                            f"content {r['Heat Content (HHV)']} {r['Heat content unit']} (properties.csv "
                            f"us-epa-hub{EDITION}-{activity}-gcv).{shared} Read by {SCRIPT} from {WORKBOOK}, sheet "
                            f"'Emission Factors Hub', row {r['Sheet row']}, {OBTAINED}."
                        ),
                    }
                )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    return builder_cli.extract_and_build(
        argv,
        doc=__doc__,
        extract=extract,
        build=build,
        shipped=SHIPPED,
        extract_help="Extract the Table 1 rows of issue 14 from the Hub workbook.",
        build_help="Write factors/us_epa_hub_memo.csv from the extract.",
        source="extract",
    )


if __name__ == "__main__":
    sys.exit(main())
