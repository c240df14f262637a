"""`carbon init DIR` writes a site that `carbon calc` accepts unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from carbon_cli.cli import app

runner = CliRunner()


def test_init_writes_a_site_that_calc_accepts(tmp_path: Path) -> None:
    folder = tmp_path / "new-site"
    assert runner.invoke(app, ["init", str(folder), "--year", "2024"]).exit_code == 0
    result = runner.invoke(app, ["calc", str(folder / "site.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["period"] == {"start": "2024-01-01", "end": "2024-12-31"}
    assert doc["totals"] == {"scope1": 0.0, "scope2_location": 0.0, "scope2_market": 0.0}
    assert "no bill rows yet" in doc["notices"][0]["message"]


def test_init_templates_carry_the_headers_calc_maps(tmp_path: Path) -> None:
    runner.invoke(app, ["init", str(tmp_path / "s")])
    sheet = load_workbook(tmp_path / "s" / "bills" / "electricity.xlsx")["电费"]
    assert [c.value for c in sheet[1]][:4] == ["起始日期", "截止日期", "用电量", "单位"]
    assert (tmp_path / "s" / "bills" / "gas.csv").read_text(encoding="utf-8").startswith("start,end,quantity,unit")


def test_filled_in_templates_calculate(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    runner.invoke(app, ["init", str(folder), "--year", "2021"])
    with (folder / "bills" / "gas.csv").open("a", encoding="utf-8") as handle:
        handle.write("2021-01-01,2021-01-31,100,m3,,no\n")
    result = runner.invoke(app, ["calc", str(folder / "site.yaml"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    # region CN: 100 m3 x 2.162 kg/m3 = 216.2 kg CO2 (plus CH4 and N2O)
    co2 = [r for r in json.loads(result.stdout)["breakdown"] if r["gas"] == "CO2"]
    assert sum(r["t_co2e"] for r in co2) == pytest.approx(0.2162, abs=1e-12)


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    runner.invoke(app, ["init", str(folder)])
    (folder / "site.yaml").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["init", str(folder)])
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert (folder / "site.yaml").read_text(encoding="utf-8") == "mine"
    assert runner.invoke(app, ["init", str(folder), "--force"]).exit_code == 0
    assert (folder / "site.yaml").read_text(encoding="utf-8") != "mine"
