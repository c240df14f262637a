"""Issue 14: charcoal as a biomass fuel, IPCC 2006 defaults (Vol. 2 Ch. 1 Table 1.2 NCV 29.5 TJ/Gg, Table 1.4
CO2 112,000 kg/TJ as the biogenic memo; Ch. 2 Table 2.4 CH4 200 and N2O 1 kg/TJ in Scope 1, Table 2.3 CH4 200
and N2O 4 with the opt-in set ``ipcc-manufacturing``).

The fixture (``tests/data/vehicles23/charcoal/``, written by ``scripts/fixtures/vehicles23.py``) is a plant
in Kenya: 1.2 t and 0.8 t of charcoal for its dryers, and its canteen's 150 kg (a file with Chinese headers).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import calculate, summary

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "data" / "vehicles23" / "charcoal" / "site.yaml"

TONNES = 1.2 + 0.8 + 0.150  # the canteen's 150 kg
TJ = TONNES * 29.5 / 1000  # 29.5 TJ/Gg = 29.5 GJ/t: 2.15 t -> 63.425 GJ = 0.063425 TJ


def test_issue_14_charcoal_ch4_n2o_are_scope_1_at_the_commercial_defaults_and_its_co2_is_biogenic() -> None:
    inventory = calculate([SITE])
    # CH4 0.063425 TJ x 200 kg/TJ = 12.685 kg x 27.0 (AR6, non-fossil methane) = 342.495 kg
    # N2O 0.063425 TJ x 1 kg/TJ = 0.063425 kg x 273 = 17.315025 kg
    assert pytest.approx(0.063425, rel=1e-12) == TJ
    assert inventory.totals()["scope1"] == pytest.approx((342.495 + 17.315025) / 1000, rel=1e-9)
    # biogenic CO2 0.063425 TJ x 112,000 kg/TJ = 7,103.6 kg: a memo line, outside the scopes
    assert summary.memo(inventory.facts)["biogenic"] == pytest.approx(7.1036, rel=1e-9)
    ledger = inventory.ledger
    scope1 = ledger[ledger["scope"] == "scope1"]
    assert set(scope1["gas"].astype(str)) == {"CH4", "N2O"}  # never the fuel's CO2 in Scope 1
    assert set(ledger["factor_id"].astype(str)) == {
        "ipcc2006-t2.4-charcoal-ch4",
        "ipcc2006-t2.4-charcoal-n2o",
        "ipcc2006-charcoal_biogenic-co2",
    }


def test_issue_14_charcoal_in_manufacturing_takes_table_2_3(tmp_path: Path) -> None:
    text = SITE.read_text(encoding="utf-8").replace("gwp: AR6", "gwp: AR6\nfactor_sets: [ipcc-manufacturing]")
    site = tmp_path / "site.yaml"
    site.write_text(text, encoding="utf-8")
    for name in ("dryers.csv", "canteen.csv"):
        (tmp_path / name).write_bytes((SITE.parent / name).read_bytes())
    inventory = calculate([site])
    # N2O 0.063425 TJ x 4 kg/TJ = 0.2537 kg x 273 = 69.2601 kg; CH4 unchanged (200 kg/TJ in both tables)
    assert inventory.totals()["scope1"] == pytest.approx((342.495 + 69.2601) / 1000, rel=1e-9)
