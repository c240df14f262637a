"""The workbook's Summary shows Scope 1's fugitive emissions on a line of their own (issue 14).

The issue asks for "a Scope 1 fugitive line" in the Excel report. Refrigerants reached the Summary
only through "Largest sources" (the top three activities): a plant whose leaks are its fourth
source showed them nowhere on the Summary, only in By activity and the Ledger.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from carbon_cli import calculate
from carbon_cli.render import excel

LABEL = "of which fugitive: refrigerants and other fluorinated gases"

SITE = """site: {id: plant, name: Plant, region: CN}
period: {start: 2021-01-01, end: 2021-12-31}
gwp: AR6
bills:
  - {path: power.csv, activity: electricity}
  - {path: gas.csv, activity: natural_gas}
  - {path: diesel.csv, activity: diesel}
  - {path: heat.csv, activity: heat}
refrigerants:
  method: screening
  equipment:
    - {id: chiller-1, type: chillers, refrigerant: R-410A, charge_kg: 10, leak_rate: 2%}
"""


def _bill(quantity: float, unit: str) -> str:
    return f"start,end,quantity,unit\n2021-01-01,2021-12-31,{quantity},{unit}\n"


def _summary_rows(tmp_path: Path, site: str) -> list[tuple[object, ...]]:
    for name, (q, u) in {
        "power.csv": (100_000, "kWh"),
        "gas.csv": (20_000, "m3"),
        "diesel.csv": (5, "t"),
        "heat.csv": (500, "GJ"),
    }.items():
        (tmp_path / name).write_text(_bill(q, u), encoding="utf-8")
    (tmp_path / "site.yaml").write_text(site, encoding="utf-8")
    inventory = calculate([tmp_path / "site.yaml"])
    excel.save(inventory, tmp_path / "report.xlsx")
    return [r for r in load_workbook(tmp_path / "report.xlsx")["Summary"].iter_rows(values_only=True) if r and r[0]]


def test_issue_14_the_summary_has_a_scope_1_fugitive_line_even_when_leaks_are_not_a_largest_source(
    tmp_path: Path,
) -> None:
    rows = _summary_rows(tmp_path, SITE)
    # screening: 10 kg x 2 % a year x 1 year = 0.2 kg of R-410A; AR6 GWP100 of R-410A =
    # 50 % HFC-32 (771) + 50 % HFC-125 (3,740) = 2,255.5 -> 451.1 kg CO2e
    expected_t = 10 * 0.02 * (0.5 * 771 + 0.5 * 3740) / 1000
    line = [r for r in rows if str(r[0]).strip() == LABEL]
    assert [r[1] for r in line] == [pytest.approx(expected_t, rel=1e-12)]
    labels = [str(r[0]).strip() for r in rows]
    # right under Scope 1, inside the Emissions block
    assert labels.index(LABEL) == labels.index("Scope 1 (direct emissions)") + 1
    sources = labels[labels.index("Largest sources") + 1 : labels.index("Largest sources") + 4]
    assert "Refrigerants and other fugitive gases" not in sources


def test_issue_14_a_site_without_refrigerants_has_no_fugitive_line(tmp_path: Path) -> None:
    rows = _summary_rows(tmp_path, SITE.split("refrigerants:")[0])
    assert not [r for r in rows if str(r[0]).strip() == LABEL]
