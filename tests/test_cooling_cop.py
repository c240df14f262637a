"""Issue 14, purchased cooling without a supplier factor: grid electricity / COP 4.2 (electric-driven
chiller), the COP now a cited row of ``factors/cooling_cop.csv`` built from its input."""

from __future__ import annotations

from pathlib import Path

from script_modules import load_factor_script

from carbon_cli import calculate
from carbon_cli.factors.files import factors_root

ROOT = Path(__file__).resolve().parents[1]


def test_issue_14_the_cooling_cop_is_a_cited_row_built_from_its_input() -> None:
    from carbon_cli.factors.derived import default_cop

    cop, written, cited = default_cop()
    assert (cop, written) == (4.2, "4.2")
    assert "Local Government Operations Protocol" in cited and "General Reporting Protocol" in cited
    assert "recalled-unverified" in cited
    text = (factors_root() / "cooling_cop.csv").read_text(encoding="utf-8")
    assert load_factor_script("cooling_cop").build() == text


def test_issue_14_cooling_without_a_supplier_factor_is_grid_over_cop_with_a_warning_and_its_citation() -> None:
    inventory = calculate([ROOT / "tests" / "data" / "onsite" / "site.yaml"])
    rows = inventory.ledger[inventory.ledger["activity"].astype(str) == "cooling"]
    assert len(rows) and all(str(i).startswith("cooling-cop4.2:") for i in rows["factor_id"])
    assert all("cooling_cop.csv cooling-cop-electric-default" in str(c) for c in rows["citation"])
    warned = [n for n in inventory.notices if n.level == "warning" and "COP 4.2" in n.message]
    assert warned
