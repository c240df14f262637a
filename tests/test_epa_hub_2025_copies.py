"""Issue 13 (history): every EPA Hub 2025 mobile number stands on two copies of the workbook.

Table 4's alternative-fuel vehicle rows were read in one copy of ``ghg-emission-factors-hub-2025.xlsx``
(G, re-saved by a user on 2025-03-06). A second copy (H, committed in another public repository, saved in
Excel Online on 2025-09-24) holds the same value in every cell of the sheet 'Emission Factors Hub'; the
values below were read in H, sheet 'Emission Factors Hub', at the cells named beside them.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "factors" / "us_epa_mobile.csv"
INPUT = ROOT / "scripts" / "factors" / "inputs" / "epa_hub_2025_mobile.csv"
COPIES = re.compile(r"through machine copies that agree \(([^)]*); see scripts/factors/epa_mobile\.py\)")


def _shipped() -> dict[str, dict[str, str]]:
    with SHIPPED.open(encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_issue_13_every_shipped_epa_hub_2025_mobile_row_names_two_copies() -> None:
    rows = _shipped()
    one_copy = []
    for ident, row in rows.items():
        found = COPIES.search(row["note"])
        assert found, f"{ident}: its note does not say which copies hold the value"
        if len(found.group(1).split(", ")) < 2:
            one_copy.append(ident)
    assert one_copy == []
    # the alternative-fuel rows (once copy G only) now name the second workbook copy H
    afv = [row for ident, row in rows.items() if "_afv_km-" in ident]
    # cars 4 fuels, light trucks 5, medium trucks 4, heavy trucks 5, buses 5 (methanol left out): CH4 and N2O each
    assert len(afv) == 2 * (4 + 5 + 4 + 5 + 5)
    assert all(COPIES.search(row["note"]).group(1) == "G, H" for row in afv)


@pytest.mark.parametrize(
    ("ident", "cell", "value"),
    [
        # copy H, Table 4 "Mobile Combustion CH4 and N2O for On-Road Diesel and Alternative Fuel Vehicles"
        ("us-epa-hub2025-medium_truck_cng_afv_km-ch4", "F267", "1.786"),  # Medium-Duty Trucks, CNG
        ("us-epa-hub2025-medium_truck_cng_afv_km-n2o", "G267", "0.033"),
        ("us-epa-hub2025-heavy_truck_lng_afv_km-ch4", "F275", "0.921"),  # Heavy-Duty Trucks, LNG
        ("us-epa-hub2025-bus_lpg_afv_km-ch4", "F280", "0.272"),  # Buses, LPG
        ("us-epa-hub2025-passenger_car_biodiesel_afv_km-n2o", "G261", "0.001"),  # Light-Duty Cars, Biodiesel
        ("us-epa-hub2025-light_truck_lng_afv_km-ch4", "F265", "0.13"),  # Light-Duty Trucks, LNG
    ],
)
def test_issue_13_alternative_fuel_rows_equal_the_second_copy(ident: str, cell: str, value: str) -> None:
    row = _shipped()[ident]
    assert row["value"] == value and row["unit"] == "g/mile"
    assert f"cell {cell}," in row["note"]


def test_issue_13_a_worked_mile_of_two_alternative_fuel_trucks() -> None:
    """12,000 miles of a CNG medium-duty truck and 40,000 of an LNG heavy-duty truck, by hand from copy H."""
    rows = _shipped()
    ch4 = 12000 * float(rows["us-epa-hub2025-medium_truck_cng_afv_km-ch4"]["value"])
    ch4 += 40000 * float(rows["us-epa-hub2025-heavy_truck_lng_afv_km-ch4"]["value"])
    n2o = 12000 * float(rows["us-epa-hub2025-medium_truck_cng_afv_km-n2o"]["value"])
    n2o += 40000 * float(rows["us-epa-hub2025-heavy_truck_lng_afv_km-n2o"]["value"])
    # 12,000 x 1.786 = 21,432 g + 40,000 x 0.921 = 36,840 g; 12,000 x 0.033 = 396 g + 40,000 x 0.017 = 680 g
    assert ch4 == pytest.approx(58272.0) and n2o == pytest.approx(1076.0)


def test_issue_13_the_build_refuses_a_row_read_in_one_copy(tmp_path: Path) -> None:
    text = INPUT.read_text(encoding="utf-8").splitlines()
    header, first = text[0], text[1]
    assert first.endswith(",A;B;C;H")
    lonely = tmp_path / "epa_hub_2025_mobile.csv"
    lonely.write_text("\n".join([header, first.rsplit(",", 1)[0] + ",G", *text[2:]]) + "\n", encoding="utf-8")
    code = (
        "import sys; sys.path.insert(0, 'scripts/factors'); import epa_mobile; from pathlib import Path; "
        f"epa_mobile.INPUT = Path({str(lonely)!r}); epa_mobile.build()"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "epa_hub_2025_mobile.csv row 2 (Table 2 Mobile Combustion CO2, cell D107): read in one copy only (G); "
        "find a second copy of the value or leave the row out"
    )


CELLS = ROOT / "scripts" / "factors" / "inputs" / "epa_hub_2025_cells.csv"
INPUTS = ROOT / "scripts" / "factors" / "inputs"


def _cells() -> dict[str, str]:
    """The cells of the Hub 2025 sheet the inputs cite, as read in copies G and H (``hub2025_cells.py``)."""
    with CELLS.open(encoding="utf-8") as handle:
        return {row["cell"]: row["value"] for row in csv.DictReader(handle)}


def _rows(name: str) -> list[dict[str, str]]:
    with (INPUTS / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_issue_13_every_hub_2025_mobile_cell_holds_its_value() -> None:
    cells = _cells()
    wrong = [
        r["cell"] for r in _rows("epa_hub_2025_mobile.csv") if float(cells.get(r["cell"], "nan")) != float(r["value"])
    ]
    assert wrong == []
    # Medium-Duty Trucks CNG, CH4 (F267) and the Table 10 passenger car CO2 (D504), as read in both copies
    assert (cells["F267"], cells["C267"], cells["D504"], cells["C504"]) == (
        "1.786",
        "Medium-Duty Trucks",
        "0.297",
        "Passenger Car A",
    )


def test_issue_13_egrid2023_rates_cite_the_row_excel_prints() -> None:
    """eGRID2023 (Hub 2025 Table 6) was cited one row up ('row 338' for AKGD, whose row 338 holds the units)."""
    cells = _cells()
    rows = [r for r in _rows("egrid_rates.csv") if r["source"] == "hub2025-table6"]
    assert len(rows) == 28
    for r in rows:
        n = int(r["cell"].removeprefix("row "))
        assert cells[f"C{n}"] == ("US Average" if r["code"] == "US" else r["code"]), r["cell"]
        assert [float(cells[f"{c}{n}"]) for c in "EFG"] == [float(r[g]) for g in ("co2", "ch4", "n2o")], r["cell"]
    akgd = next(r for r in rows if r["code"] == "AKGD")
    assert akgd["cell"] == "row 339" and (akgd["co2"], akgd["ch4"], akgd["n2o"]) == ("899.003", "0.086", "0.012")
    for r in (r for r in _rows("egrid_grid_gross_loss.csv") if r["source"] == "hub2025-table6"):
        cell = r["cell"].rsplit(" ", 1)[-1]
        assert float(cells[cell]) == float(r["grid_gross_loss"]), cell


def test_issue_13_hub_2025_table_1_rows_cite_the_row_excel_prints() -> None:
    """Table 1 (``epa_hub_memo.csv``, the heat contents in ``properties.csv``) was cited one row up too."""
    cells = _cells()
    memo = _rows("epa_hub_memo.csv")
    for r in memo:
        n = r["Sheet row"]
        assert cells[f"C{n}"] == r["Fuel Type"], n
        published = [r[k] for k in ("Heat Content (HHV)", "CO2 kg/mmBtu", "CH4 g/mmBtu", "N2O g/mmBtu")]
        assert [float(cells[f"{c}{n}"]) for c in "DEFG"] == [float(v) for v in published], n
    # Coal Coke is sheet row 25 (row 24 holds 'Mixed (Industrial Sector)'); Biodiesel (100%) row 80: 73.84 kg CO2/mmBtu
    assert {r["Fuel Type"]: r["Sheet row"] for r in memo}["Coal Coke"] == "25"
    assert (cells["C80"], cells["E80"]) == ("Biodiesel (100%)", "73.84")
    heat = [r for r in _rows("transcribed/properties.csv") if r["id"].startswith("us-epa-hub2025-")]
    assert len(heat) == 8
    for r in heat:
        n = re.search(r"\(sheet row (\d+)\)", r["cell"]).group(1)  # type: ignore[union-attr]
        assert float(cells[f"D{n}"]) == float(r["printed_value"]) and f"row {n}," in r["note"], r["id"]
