"""`carbon inspect FILE` (issue 12): what the importer sees, for people and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli.bills import headers
from carbon_cli.bills.inspect import inspect_file
from carbon_cli.cli.main import app
from carbon_cli.config import BillSource

DATA = Path(__file__).parent / "data" / "layout"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["inspect", *args], env={"NO_COLOR": "1", "COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def as_json(*args: str) -> dict:
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_issue_12_inspect_json_shows_header_block_roles_skipped_rows_and_first_rows() -> None:
    found = as_json(str(DATA / "utility_export.csv"))
    assert found["schema"] == "carbon.inspect/1"
    assert (found["encoding"], found["separator"]) == ("utf-8", ",")
    assert found["header_rows"] == [5]
    roles = {r["field"]: r["column"] for r in found["roles"]}
    assert roles == {
        "start": "Start Date",
        "end": "End Date",
        "quantity": "Usage",
        "unit": "Unit",
        "meter": "Meter",
        "cost": "Charges",
    }
    assert "known spelling of quantity" in next(r["why"] for r in found["roles"] if r["field"] == "quantity")
    assert [(s["row"], s["reason"]) for s in found["skipped"]] == [
        (1, "title"),
        (2, "title"),
        (3, "title"),
        (18, "total"),
    ]
    assert found["data_rows"] == 12
    assert found["rows"][0] == {
        "row": 6,
        "start": "2021-01-01",
        "end": "2021-01-31",
        "quantity": 1520.0,
        "unit": "kWh",
        "meter": "E-7781203",
        "cost": 231.04,
    }
    assert found["problem"] is None


def test_issue_12_inspect_two_row_header_with_a_column_option() -> None:
    found = as_json(str(DATA / "state_grid.xlsx"), "-c", "start=上次抄表日期", "-c", "end=本次抄表日期")
    assert found["header_rows"] == [2, 3]
    quantity = next(r for r in found["roles"] if r["field"] == "quantity")
    assert quantity["column"] == "电量/结算电量" and "结算电量" in quantity["why"]
    assert found["rows"][0]["quantity"] == 312 * 40 + 186
    assert [s["row"] for s in found["skipped"] if s["reason"] == "total"] == [16]


def test_issue_12_inspect_lists_sheets_marks_hidden_ones_and_reads_the_sheet_asked_for() -> None:
    found = as_json(str(DATA / "gas_2021.xlsx"), "--sheet", "Mar")
    assert {"name": "Workings", "hidden": True, "read": False} in found["sheets"]
    assert {"name": "Mar", "hidden": False, "read": True} in found["sheets"]
    assert found["rows"][0]["quantity"] == 11020
    found = as_json(str(DATA / "gas_2021.xlsx"))
    assert found["sheet"] == "Jan" and "12 sheets hold a bill table" in found["notes"][0]


def test_issue_12_inspect_shows_the_refusal_and_the_top_rows_of_a_file_the_importer_refuses(tmp_path: Path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("Account summary\nfoo,bar,baz\n1,2,3\n", encoding="utf-8")
    code, out, err = run(str(odd))
    assert code == 0, err
    assert "the importer stops" in out and "no header row found" in out
    assert as_json(str(odd))["top"][1] == ["foo", "bar", "baz"]


def test_issue_12_inspect_reads_the_state_grid_export_with_its_readings_and_transformer_loss() -> None:
    found = as_json(str(DATA / "state_grid.xlsx"))
    assert found["header_rows"] == [2, 3] and not found["problem"]
    roles = {role["field"]: role["column"] for role in found["roles"]}
    assert roles["quantity"] == "电量/结算电量" and roles["loss"] == "电量/变损电量" and roles["multiplier"] == "倍率"
    code, out, err = run(str(DATA / "state_grid.xlsx"))
    assert code == 0, err
    assert "rows 2-3" in out and "the importer stops" not in out


def test_issue_12_inspect_table_names_the_header_and_the_total_row() -> None:
    code, out, _ = run(str(DATA / "utility_export.csv"))
    assert code == 0
    assert "header: row 5" in out and "Total | 15190" in out and "first rows as parsed (12 bill rows in all)" in out


def test_issue_12_inspect_reports_every_field_map_columns_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    # A field added to the header spellings later (a tariff, say) is reported with no change here.
    monkeypatch.setitem(headers.DEFAULT_HEADERS, "tariff", ["电费年月"])
    found = inspect_file(
        DATA / "state_grid.xlsx",
        source=BillSource(path=DATA / "state_grid.xlsx", columns={"start": "上次抄表日期", "end": "本次抄表日期"}),
    )
    assert ("tariff", "电费年月") in [(r.field, r.column) for r in found.roles]
    assert found.rows[0]["tariff"] == 202101


def test_issue_12_inspect_usage_errors_exit_2_and_unreadable_files_exit_3() -> None:
    assert run("no-such-file.csv")[0] == 2
    code, _, err = run(str(DATA / "gas_2021.xlsx"), "--sheet", "Janvier")
    assert code == 2 and "no sheet named 'Janvier'" in err
    code, _, err = run(str(DATA / "unbalanced_quote.csv"))
    assert code == 3 and "row 3 opens a quote" in err


def test_issue_12_calc_column_refusal_points_to_inspect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bills.csv").write_text("From,Usage\n2021-01-01,5\n", encoding="utf-8")
    (tmp_path / "site.yaml").write_text(
        "site: {id: a, name: A, region: CN}\nperiod: {start: 2021-01-01, end: 2021-12-31}\n"
        "bills:\n  - {path: bills.csv, activity: electricity, unit: kWh}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    for command in ("calc", "validate"):
        result = CliRunner().invoke(app, [command, "site.yaml"], env={"NO_COLOR": "1", "COLUMNS": "1000"})
        assert result.exit_code == 2
        assert result.stderr.strip().endswith("see `carbon inspect bills.csv`")


def test_inspect_given_a_site_yaml_says_it_reads_bill_files_not_yamls() -> None:
    code, _, err = run("sample_data/ai-park/site.yaml")
    assert code == 2
    assert err.strip().splitlines() == [
        "Error: sample_data/ai-park/site.yaml: is a YAML file, not a bill file. Give a .csv, .xlsx or .parquet "
        "file here; a site or portfolio YAML goes to carbon calc or carbon validate"
    ]
