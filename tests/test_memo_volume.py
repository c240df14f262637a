"""Issue 14 with issue 13: a UK gas bill in m3 with no calorific value takes DESNZ's per-m3
combustion factor, but DESNZ's upstream (WTT) factor is per kWh: the memo line is left out with
a warning that names cv:, never an error that stops the whole inventory."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from carbon_cli.cli.main import app

SITE = Path(__file__).resolve().parent / "data" / "markets" / "leeds_gas.yaml"


def test_issue_14_uk_gas_in_m3_without_cv_has_no_upstream_memo_and_says_why() -> None:
    result = CliRunner().invoke(app, ["calc", str(SITE), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert not any(row["activity"] == "natural_gas_wtt" for row in document["breakdown"])
    said = [n["message"] for n in document["notices"] if n["level"] == "warning"]
    assert any(m.startswith("natural_gas_wtt (2023): natural_gas in m3 has no memo line") and "cv:" in m for m in said)
