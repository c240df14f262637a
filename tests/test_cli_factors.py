"""`carbon factors list|show|sets`: the database as people and scripts read it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from carbon_cli.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", [["factors"], ["factors", "list"], ["factors", "show"], ["factors", "sets"]])
def test_every_factors_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_list_json_for_a_region_and_year_is_what_a_site_there_uses() -> None:
    code, out, _ = run(
        "factors", "list", "--activity", "electricity", "--region", "US-CA", "--year", "2024", "--format", "json"
    )
    assert code == 0
    rows = json.loads(out)
    # issue 13: several subregions serve California, so a US-CA site uses eGRID2021's CA state rate
    assert [r["id"] for r in rows if r["gas"] == "CO2"] == ["us-egrid2021-state-ca-co2", "us-egrid2023-us-co2"]
    state = rows[[r["id"] for r in rows].index("us-egrid2021-state-ca-co2")]
    assert (state["value"], state["unit"], state["year_from"], state["set"]) == (479.005, "lb/MWh", 2021, "us-egrid")
    assert "eGRID2021" in state["citation"]


def test_list_csv_has_the_factor_file_columns() -> None:
    code, out, _ = run("factors", "list", "--region", "GB", "--activity", "natural_gas", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    # per gas since issue 13.5; per kWh and (issue 13, gas by volume) per m3
    assert rows[0]["id"].startswith(("uk-desnz-2019-natural_gas-", "uk-desnz-2019-natural_gas_m3-"))
    assert {"id", "publisher", "document", "edition", "table", "evidence", "citation"} <= set(rows[0])


def test_list_with_an_opt_in_set() -> None:
    code, out, _ = run(
        "factors",
        "list",
        "--region",
        "CN-CQ",
        "--activity",
        "electricity",
        "--year",
        "2021",
        "--factor-set",
        "cn-ets",
        "--format",
        "json",
    )
    assert code == 0
    location = [r for r in json.loads(out) if r["method"] == "location"]
    assert [(r["id"], r["value"]) for r in location] == [("cn-ets-2021-elec-cn-co2", 0.581)]


def test_list_table_for_people() -> None:
    code, out, _ = run("factors", "list", "--region", "CAMX", "--activity", "electricity")
    assert code == 0
    assert "us-egrid2022-camx-co2" in out and "497.443 lb/MWh" in out


def test_show_prints_the_full_citation() -> None:
    code, out, _ = run("factors", "show", "us-epa-hub2024-natural_gas-co2")
    assert code == 0
    assert "53.06" in out and "Table 1 Stationary Combustion" in out and "GCV" in out


def test_show_json_for_a_property() -> None:
    code, out, _ = run("factors", "show", "us-epa-hub2024-natural_gas-gcv", "--format", "json")
    assert code == 0
    row = json.loads(out)[0]
    assert (row["property"], row["value"], row["unit"], row["basis"]) == ("gcv", 1.026, "MMBtu/1000 scf", "GCV")


def test_show_unknown_id_exits_2_with_a_suggestion() -> None:
    code, out, err = run("factors", "show", "us-egrid2022-camx-c02")
    assert code == 2
    assert out == ""
    assert "unknown factor id 'us-egrid2022-camx-c02' (did you mean 'us-egrid2022-camx-co2'?)" in err


def test_unknown_activity_exits_2() -> None:
    code, _, err = run("factors", "list", "--activity", "steel")
    assert code == 2 and "unknown activity 'steel'" in err


def test_sets_lists_default_and_opt_in_sets() -> None:
    code, out, _ = run("factors", "sets", "--format", "json")
    assert code == 0
    sets = {row["set"]: row["default"] for row in json.loads(out)}
    assert sets == {
        "core": "yes",
        "us-epa-hub": "yes",
        "cn-fuels": "yes",
        "us-egrid": "yes",
        "uk-desnz": "yes",
        "uk-desnz-memo": "yes",
        "us-egrid-td": "no",
        "world-td": "no",  # issue 14: T&D losses outside the UK and the US
        "mobile": "yes",
        "us-epa-mobile": "yes",
        "us-epa-hub-memo": "yes",
        "cn-national": "yes",
        "world-ember": "yes",
        "in-cea": "yes",
        "uk-desnz-volume": "yes",
        "residual-mix": "yes",
        "subnational": "yes",
        "district-heat": "yes",
        "cn-ets": "no",
        "eea": "no",
        "ipcc-manufacturing": "no",
    }


def test_calc_factor_set_option() -> None:
    from pathlib import Path

    sample = Path(__file__).resolve().parent.parent / "sample_data" / "ai-park" / "site.yaml"
    code, out, _ = run("calc", str(sample), "--factor-set", "cn-ets", "--format", "json", "--quiet")
    assert code == 0
    ids = {f["id"] for f in json.loads(out)["factors"]}
    assert "cn-ets-2021-elec-cn-co2" in ids and "cn-mee-nbs-2021-elec-cn-cq-co2" not in ids
