"""`carbon factors coverage` (issue 13): exact, fallback (which, with the factor used) or missing,
per region, activity, Scope 2 method and year, by the same rule a run uses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli import factors
from carbon_cli.cli import app
from carbon_cli.inventory import calculate

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def cell(region: str, activity: str, year: int, method: str = "") -> dict:
    frame = factors.coverage(region=region, years=[year], activity=activity)
    rows = frame[frame["method"] == method].to_dict("records")
    assert len(rows) == 1
    return rows[0]


def test_issue_13_uk_electricity_of_a_published_year_is_exact():
    row = cell("GB", "electricity", 2023, "location")
    assert (row["status"], row["fallback"], row["level"]) == ("exact", "", "")
    assert (row["factor_id"], row["factor_region"], row["factor_year"]) == (
        "uk-desnz-2023-elec-ch4 + uk-desnz-2023-elec-co2 + uk-desnz-2023-elec-n2o",
        "GB",
        2023,
    )


def test_issue_13_uk_market_view_is_a_method_fallback_at_warning():
    row = cell("UK", "electricity", 2023, "market")
    assert (row["status"], row["fallback"], row["level"]) == ("fallback", "method", "warning")
    assert row["factor_id"] == "uk-desnz-2023-elec-ch4 + uk-desnz-2023-elec-co2 + uk-desnz-2023-elec-n2o"


def test_issue_13_germany_2025_uses_ember_2024_a_year_and_life_cycle_fallback():
    row = cell("Germany", "electricity", 2025, "location")
    assert row["region"] == "DE"
    assert (row["status"], row["fallback"], row["level"]) == ("fallback", "year, life-cycle", "warning")
    assert (row["factor_id"], row["factor_year"]) == ("ember-2024-elec-de-co2e", 2024)
    assert "no 2025 edition, used the latest earlier one (2024)" in row["note"]


def test_issue_13_chongqing_2019_names_the_later_2021_edition():
    row = cell("CN-CQ", "electricity", 2019, "location")
    assert (row["status"], row["fallback"], row["level"]) == ("fallback", "year", "warning")
    assert row["factor_id"] == "cn-mee-nbs-2021-elec-cn-cq-co2"
    assert "used the 2021 edition, a later year's factor" in row["note"]


def test_issue_13_a_us_state_several_subregions_serve_is_an_approximation_by_its_own_rate():
    row = cell("US-TX", "electricity", 2021, "location")
    assert (row["status"], row["fallback"], row["level"]) == ("fallback", "approximation", "warning")
    assert row["factor_id"] == "us-egrid2021-state-tx-ch4 + us-egrid2021-state-tx-co2 + us-egrid2021-state-tx-n2o"
    assert row["factor_region"] == "US-TX"


def test_issue_13_a_us_state_one_subregion_serves_names_that_subregion_for_every_gas():
    row = cell("US-WA", "electricity", 2022, "location")
    assert (row["status"], row["level"]) == ("fallback", "info")
    assert row["factor_id"] == "us-egrid2022-nwpp-ch4 + us-egrid2022-nwpp-co2 + us-egrid2022-nwpp-n2o"
    assert row["factor_region"] == "US-EGRID-NWPP"


def test_issue_13_missing_factor_and_missing_conversion_are_both_missing_with_the_reason():
    heat = cell("DE", "heat", 2023, "location")
    assert heat["status"] == "missing" and heat["note"] == "no heat factor in DE, GLOBAL"
    # (natural gas in m3 is no longer missing in DE: a default calorific value stands in, with a warning;
    # tests/test_gas_volume_default.py) biodiesel in litres reaches IPCC's per-TJ factor through no property
    fuel = cell("DE", "biodiesel", 2023)
    assert fuel["status"] == "missing" and "no way to turn volume ('L') of biodiesel into energy" in fuel["note"]
    assert fuel["factor_id"] == "" and fuel["unit"] == "L"


def test_issue_13_coverage_says_what_a_run_reports():
    # The Berlin fixture's run and the coverage cell give the same note, at the same level.
    inventory = calculate([ROOT / "tests" / "data" / "countries" / "berlin.yaml"])
    run_notes = {(n.level, n.message) for n in inventory.notices if "scope2_location" in n.message}
    row = cell("DE", "electricity", 2023, "location")
    assert run_notes == {(row["level"], f"electricity CO2e (scope2_location): {row['note']}")}


def test_issue_13_without_region_every_region_activity_and_method_is_listed_once():
    frame = factors.coverage(years=[2023])
    regions = [code for code in factors.region_table() if code != "GLOBAL"]
    scope2 = [a for a in factors.billable() if factors.activities()[a]["scope"] == "scope2"]
    scope1 = [a for a in factors.billable() if factors.activities()[a]["scope"] == "scope1"]
    # water and waste are billed memo lines (issue 14); on-site generation and export carry no factor
    billed_memo = [
        a
        for a in factors.billable()
        if a not in scope1 and a not in scope2 and factors.activities()[a]["scope"] != "onsite"
    ]
    assert len(frame) == len(regions) * (2 * len(scope2) + len(scope1) + len(billed_memo))
    assert not frame.duplicated(["region", "activity", "method", "year"]).any()
    assert set(frame["status"]) <= {"exact", "fallback", "missing"}


def test_issue_13_coverage_command_json_csv_and_table():
    code, out, err = run("factors", "coverage", "--region", "FR", "--year", "2023", "--year", "2024", "-a", "电力")
    assert code == 0, err
    assert "ember-2023-elec-fr-co2e" in out and "life-cycle" in out
    code, out, _ = run("factors", "coverage", "-r", "FR", "-y", "2023", "-a", "electricity", "--format", "json")
    rows = json.loads(out)
    assert [(r["method"], r["status"], r["factor_year"]) for r in rows] == [
        ("location", "fallback", 2023),
        ("market", "exact", 2023),  # AIB's 2023 residual mix for France (issue 13, residual mixes)
    ]
    code, out, _ = run("factors", "coverage", "-r", "FR", "-y", "2023", "-a", "electricity", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert list(table[0]) == list(factors.COVERAGE_COLUMNS)
    assert table[0]["factor_id"] == "ember-2023-elec-fr-co2e"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--activity", "steel"), "unknown activity 'steel'"),
        (("--factor-set", "nope"), "unknown factor set 'nope'"),
        (("--year", "0"), "--year 0 is out of range"),
    ],
)
def test_issue_13_coverage_refuses_unknown_options_with_exit_2(args, message):
    code, out, err = run("factors", "coverage", "--region", "FR", *args)
    assert code == 2 and out == "" and message in err
