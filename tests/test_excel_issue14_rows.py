"""The workbook's By activity sheet shows issue 14's activities in the unit they were billed in (issue 14 audit).

Steam by the tonne, cooling in ton-hours and the IPCC fuels each get a row with the quantity as billed
(吨, 冷吨时, t) beside the energy it became and its t CO2e in its scope column, every number worked by
hand here from the cited factors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from carbon_cli import calculate
from carbon_cli.render import excel

DATA = Path(__file__).parent / "data"
BTU_J = 1055.05585262  # International Table Btu


def _by_activity(site: Path, tmp_path: Path) -> dict[str, dict[str, object]]:
    excel.save(calculate([site]), tmp_path / "report.xlsx")
    rows = list(load_workbook(tmp_path / "report.xlsx")["By activity"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Activity")
    names = [str(h) for h in rows[header]]
    return {str(r[0]): dict(zip(names, r, strict=False)) for r in rows[header + 1 :] if r and r[0]}


def test_issue_14_steam_and_cooling_rows_show_tonnes_and_ton_hours_with_their_scope_2(tmp_path: Path) -> None:
    rows = _by_activity(DATA / "onsite" / "site.yaml", tmp_path)
    steam = rows["Purchased heat and steam"]
    gj = 80.5 * (2960 - 83.74) / 1000  # t x (enthalpy - 83.74 kJ/kg feed water) / 1000 = GJ
    assert (steam["Billed quantity"], steam["Billed unit"]) == (pytest.approx(80.5), "吨")
    assert steam["Quantity"] == pytest.approx(gj) and steam["Unit"] == "GJ"
    assert steam["Scope 2 location-based"] == pytest.approx(gj * 0.11, rel=1e-9)  # 0.11 t CO2/GJ, China
    cooling = rows["Purchased cooling (chilled water)"]
    kwh = 110_000 * 12_000 * BTU_J / 3.6e6  # ton-hours x 12,000 Btu
    assert (cooling["Billed quantity"], cooling["Billed unit"]) == (pytest.approx(110_000), "冷吨时")
    # grid electricity / COP 4.2 x Chongqing's 2021 location-based factor 0.4743 kg CO2/kWh
    assert cooling["Scope 2 location-based"] == pytest.approx(kwh / 4.2 * 0.4743 / 1000, rel=1e-9)


def test_issue_14_ipcc_fuels_have_their_scope_1_rows(tmp_path: Path) -> None:
    rows = _by_activity(DATA / "ipcc_fuels" / "de_laundry" / "site.yaml", tmp_path)
    tj = 30 * 40.4 / 1000  # residual fuel oil: 30 t x 40.4 GJ/t
    fuel_oil = rows["Fuel oil"]
    assert fuel_oil["Scope 1"] == pytest.approx(tj * (77_400 + 10 * 29.8 + 0.6 * 273) / 1000, rel=1e-9)
    assert (fuel_oil["Billed quantity"], fuel_oil["Billed unit"]) == (pytest.approx(30), "t")
    coke = rows["Coke"]
    assert (coke["Billed quantity"], coke["Billed unit"]) == (pytest.approx(8000), "kg")
    assert coke["Scope 1"] == pytest.approx(8 * 28.2 / 1000 * (107_000 + 10 * 29.8 + 1.5 * 273) / 1000, rel=1e-9)
