"""Residual mixes of more years (issue 13, residual mixes): AIB 2024 and Green-e's 2025 release (data year 2023).

Values as read (scripts/factors/inputs/residual/aib_2024.csv and green_e_2025.csv name the copy):
AIB European Residual Mixes 2024, 'Residual Mixes' sheet, CO2 (g/kWh): Germany 724.56, Poland 808.30,
Belgium 131.73, France 23.52, Sweden 85.52; Austria and the Netherlands print no residual mix (full
disclosure). Green-e Residual Mix Emissions Rates, 2025 release (data year 2023), CO2 (lb/MWh): CAMX
434.22, ERCT 823.81, NYUP 242.80. A pound is 0.45359237 kg.

Before, a German 2024 bill's market view took AIB 2023 (719.90) with a warning, and a CAMX 2023 bill
Green-e's data year 2016 (0.240141 kg/kWh) with a warning naming 2016. Fixtures:
scripts/fixtures/residual_editions.py (quarterly kWh, summed in each test).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli import factors
from carbon_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "residual_editions"
INPUTS = ROOT / "scripts" / "factors" / "inputs" / "residual"
LB = 0.45359237  # kg


def totals(name: str) -> dict:
    result = CliRunner().invoke(
        app, ["calc", str(DATA / f"{name}.yaml"), "--format", "json"], env={"COLUMNS": "200", "NO_COLOR": "1"}
    )
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def market_notices(result: dict) -> list[dict]:
    return [n for n in result["notices"] if "scope2_market" in n["message"]]


def source(name: str, key: str, value: str, column: str) -> str:
    with (INPUTS / name).open(encoding="utf-8") as handle:
        return next(row[column] for row in csv.DictReader(handle) if row[key] == value)


def test_issue_13_a_german_2024_bill_uses_aibs_2024_residual_mix_not_2023s():
    assert source("aib_2024.csv", "country", "DE", "co2_g_per_kwh") == "724.56"
    result = totals("berlin")
    kwh = 3400 + 2900 + 2600 + 3100  # 12,000 kWh
    assert result["totals"]["scope2_market"] == pytest.approx(kwh * 724.56 / 1e6, rel=1e-12)  # 8.69472 t
    assert {f["id"] for f in result["factors"]} >= {"aib-2024-elec-de-co2"}
    assert not market_notices(result)  # its own market and year: exact


def test_issue_13_a_polish_2024_bill_uses_aibs_2024_residual_mix():
    result = totals("warsaw")
    kwh = 2800 + 2500 + 2300 + 2700  # 10,300 kWh
    assert result["totals"]["scope2_market"] == pytest.approx(kwh * 808.30 / 1e6, rel=1e-12)  # 8.32549 t
    assert not market_notices(result)


def test_issue_13_a_camx_2023_bill_uses_green_es_data_year_2023_not_2016():
    assert source("green_e_2025.csv", "subregion", "CAMX", "co2_lb_per_mwh") == "434.22"
    result = totals("san_francisco")
    mwh = (5200 + 4800 + 5600 + 4900) / 1000  # 20.5 MWh
    assert result["totals"]["scope2_market"] == pytest.approx(mwh * 434.22 * LB / 1000, rel=1e-12)  # 4.0375 t
    assert {f["id"] for f in result["factors"]} >= {"green-e-2023-elec-camx-co2"}
    assert not market_notices(result)


def test_issue_13_a_2024_ercot_bill_takes_green_es_2023_residual_mix_with_a_warning_naming_both_years():
    result = totals("dallas")
    mwh = (6100 + 7300 + 9800 + 6600) / 1000  # 29.8 MWh
    assert result["totals"]["scope2_market"] == pytest.approx(mwh * 823.81 * LB / 1000, rel=1e-12)
    (note,) = market_notices(result)
    assert note["level"] == "warning"
    assert "for 2024" in note["message"] and "the 2023 residual mix stands in" in note["message"]


def test_issue_13_full_disclosure_in_2024_keeps_the_location_factor_and_never_a_zero():
    result = totals("amsterdam")
    kwh = 2100 + 1800 + 1700 + 2000  # 7,600 kWh, Ember NL 2024: 253.312 g CO2e/kWh (life-cycle)
    assert result["totals"]["scope2_market"] == pytest.approx(kwh * 253.312 / 1e6, rel=1e-12)
    assert result["totals"]["scope2_market"] == result["totals"]["scope2_location"]
    assert any("NL has no residual mix from 2024" in n["message"] for n in market_notices(result))
    ids = set(factors.emission_factors()["id"].astype(str))
    assert "aib-2024-elec-nl-co2" not in ids and "aib-2024-elec-at-co2" not in ids


@pytest.mark.parametrize(
    ("region", "year", "ident", "value", "unit"),
    [
        ("BE", 2024, "aib-2024-elec-be-co2", 131.73, "g/kWh"),
        ("FR", 2024, "aib-2024-elec-fr-co2", 23.52, "g/kWh"),
        ("SE", 2024, "aib-2024-elec-se-co2", 85.52, "g/kWh"),
        ("GR", 2024, "aib-2024-elec-gr-co2", 367.07, "g/kWh"),
        ("US-EGRID-NYUP", 2023, "green-e-2023-elec-nyup-co2", 242.80, "lb/MWh"),
        ("US-EGRID-ERCT", 2023, "green-e-2023-elec-erct-co2", 823.81, "lb/MWh"),
    ],
)
def test_issue_13_residual_mix_rows_are_the_published_values_co2_only(region, year, ident, value, unit):
    chain, _ = factors.region_chain(region)
    chosen = factors.select_gases(factors.emission_factors(), "electricity", chain, year, "market")
    assert set(chosen) == {"CO2"}  # a residual mix publishes CO2 only: no grid CH4/N2O added
    row = chosen["CO2"].row
    assert (row["id"], row["year_from"], row["value"], row["unit"]) == (ident, year, value, unit)
    table = factors.emission_factors()
    assert table.loc[table["id"] == ident, "method"].tolist() == ["market"]
    assert chosen["CO2"].fallbacks == ()
