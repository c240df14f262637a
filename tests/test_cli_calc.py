"""`carbon calc` as a script and a person use it: outputs, streams and exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli import calculate
from carbon_cli.cli import app
from carbon_cli.cli.calc import site_list, validate_command
from carbon_cli.quality import FINDING_COLUMNS

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "ai-park" / "site.yaml"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "160", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def test_json_follows_the_contract_keys() -> None:
    code, out, _ = run("calc", SAMPLE, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == [
        "schema",
        "unit",
        "gwp",
        "period",
        "totals",
        "sites",
        "breakdown",
        "factors",
        "notices",
        "findings",
        "coverage",
    ]
    assert doc["schema"] == "carbon.inventory/1"
    assert doc["unit"] == "t CO2e"
    assert doc["period"] == {"start": "2021-01-01", "end": "2021-12-31"}
    assert set(doc["totals"]) == {"scope1", "scope2_location", "scope2_market"}
    assert {"id", "name", "region", "totals"} <= set(doc["sites"][0])
    assert set(doc["breakdown"][0]) == {"site", "scope", "activity", "month", "gas", "quantity", "unit", "t_co2e"}
    assert set(doc["factors"][0]) == {"id", "activity", "region", "year", "gas", "value", "unit", "citation"}
    assert set(doc["notices"][0]) == {"level", "site", "message"}
    assert list(doc["findings"][0]) == [
        "site",
        "meter",
        "activity",
        "period_start",
        "period_end",
        "check",
        "severity",
        "detail",
        "source_file",
        "source_row",
    ]
    assert list(doc["coverage"][0]) == [
        "site",
        "activity",
        "period_start",
        "period_end",
        "days",
        "covered_days",
        "share",
    ]


def test_json_breakdown_sums_to_the_totals() -> None:
    doc = json.loads(run("calc", SAMPLE, "--format", "json")[1])
    for scope, value in doc["totals"].items():
        assert sum(r["t_co2e"] for r in doc["breakdown"] if r["scope"] == scope) == pytest.approx(value, abs=1e-9)


def test_csv_and_json_agree_to_the_gram() -> None:
    doc = json.loads(run("calc", SAMPLE, "--format", "json", "--by", "month")[1])
    rows = list(csv.DictReader(io.StringIO(run("calc", SAMPLE, "--format", "csv", "--by", "month")[1])))
    assert len(rows) == len(doc["breakdown"])
    for row, item in zip(rows, doc["breakdown"], strict=True):
        assert (row["scope"], row["month"]) == (item["scope"], item["month"])
        assert round(float(row["t_co2e"]), 6) == round(item["t_co2e"], 6)


def test_table_shows_the_json_totals_rounded_to_the_kilogram() -> None:
    totals = json.loads(run("calc", SAMPLE, "--format", "json")[1])["totals"]
    code, out, _ = run("calc", SAMPLE)
    assert code == 0
    for label, key in [
        ("Scope 1 (direct emissions)", "scope1"),
        ("Scope 2, location-based", "scope2_location"),
        ("Scope 2, market-based", "scope2_market"),
    ]:
        line = next(line for line in out.splitlines() if label in line)
        assert re.search(rf"\b{totals[key]:,.3f}\b", line), line


def test_csv_header_follows_by() -> None:
    out = run("calc", SAMPLE, "--format", "csv", "--by", "activity", "--by", "gas")[1]
    assert out.splitlines()[0] == "scope,activity,gas,quantity,unit,t_co2e"


def test_by_site_keeps_scope_so_views_are_never_added() -> None:
    doc = json.loads(run("calc", SAMPLE, "--format", "json", "--by", "site")[1])
    assert sorted(r["scope"] for r in doc["breakdown"]) == ["scope1", "scope2_location", "scope2_market"]


def test_quantities_in_different_units_are_not_added(make_site: Callable[..., Path]) -> None:
    site = make_site(
        "bills:\n  - {path: gas.csv, activity: natural_gas, unit: m3}\n  - {path: coal.csv, activity: coal, unit: t}\n",
        bills={
            "gas.csv": "start,end,quantity\n2021-01-01,2021-01-31,100\n",
            "coal.csv": "start,end,quantity\n2021-01-01,2021-01-31,1\n",
        },
    )
    doc = json.loads(run("calc", site, "--format", "json", "--by", "site")[1])
    (row,) = doc["breakdown"]
    assert (row["quantity"], row["unit"]) == (None, None)


def test_machine_output_has_no_notices_on_stdout() -> None:
    code, out, err = run("calc", SAMPLE, "--format", "json")
    assert code == 0
    json.loads(out)  # nothing but JSON
    assert "left unused" in err


def test_quiet_silences_notices() -> None:
    assert run("calc", SAMPLE, "--format", "csv", "--quiet")[2] == ""


def test_year_filter_outside_the_period_is_a_config_error() -> None:
    code, _, err = run("calc", SAMPLE, "--year", "2019")
    assert code == 2
    assert "--year 2019 is outside the period" in err


def test_bad_yaml_is_one_line_with_exit_code_2(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("site: {id: a, region: CN\nbills: [\n", encoding="utf-8")
    code, out, err = run("calc", site)
    assert code == 2
    assert out == ""
    assert err.startswith(f"Error: {site}")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_missing_bill_file_names_the_key(make_site: Callable[..., Path]) -> None:
    site = make_site("bills:\n  - {path: nowhere.csv, activity: electricity}\n")
    code, _, err = run("calc", site)
    assert code == 2
    assert f"{site}: bills[0].path: bill file 'nowhere.csv' not found" in err


def test_unknown_key_suggests_the_right_one(make_site: Callable[..., Path]) -> None:
    site = make_site("bils: []\n")
    code, _, err = run("calc", site)
    assert code == 2
    assert "unknown key 'bils' (did you mean 'bills'?)" in err


def test_invalid_bill_data_exits_with_3(make_site: Callable[..., Path]) -> None:
    site = make_site(
        "bills:\n  - {path: power.csv, activity: electricity}\n",
        bills={"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,lots,kWh\n"},
    )
    code, _, err = run("calc", site)
    assert code == 3
    assert "power.csv row 2, column 'quantity': 'lots' is not a number" in err


def test_site_name_with_markup_prints_as_written(make_site: Callable[..., Path]) -> None:
    site = make_site("bills: []\n")
    site.write_text(site.read_text(encoding="utf-8").replace("Test site", "'[bold]AI[/bold] Park'"), encoding="utf-8")
    out = run("calc", site)[1]
    assert "[bold]AI[/bold] Park" in out


def test_csv_neutralises_formula_like_text(make_site: Callable[..., Path]) -> None:
    site = make_site(
        "bills:\n  - {path: power.csv, activity: electricity}\n",
        site_id="'=1+1'",
        bills={"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,10,kWh\n"},
    )
    out = run("calc", site, "--format", "csv", "--by", "site")[1]
    assert "'=1+1" in out
    assert "\n=1+1" not in out


def test_several_sites_make_one_inventory(make_site: Callable[..., Path]) -> None:
    bills = {"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,1000,kWh\n"}
    first = make_site("bills:\n  - {path: power.csv, activity: electricity}\n", bills=bills, site_id="a", name="a.yaml")
    second = make_site(
        "bills:\n  - {path: power.csv, activity: electricity}\n", bills=bills, site_id="b", name="b.yaml"
    )
    doc = json.loads(run("calc", first, second, "--format", "json")[1])
    assert [s["id"] for s in doc["sites"]] == ["a", "b"]
    # 2 x 1000 kWh x 0.4743 kg/kWh = 948.6 kg
    assert doc["totals"]["scope2_location"] == pytest.approx(0.9486, abs=1e-12)


def test_the_same_site_id_twice_is_refused(make_site: Callable[..., Path]) -> None:
    first = make_site("bills: []\n", name="a.yaml")
    second = make_site("bills: []\n", name="b.yaml")
    code, _, err = run("calc", first, second)
    assert code == 2
    assert "site id 's1' is also used by" in err


@pytest.mark.parametrize("command", [[], ["calc"], ["init"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.stdout


def test_module_entry_point_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "carbon_cli", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("carbon ")


def test_excel_report_is_written_beside_the_stdout_output(tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    code, out, err = run("calc", SAMPLE, "--format", "json", "--excel", report)
    assert code == 0
    assert json.loads(out)["schema"] == "carbon.inventory/1"
    assert f"wrote {report}" in err
    from openpyxl import load_workbook

    assert load_workbook(report, read_only=True).sheetnames[0] == "Summary"


def test_excel_refuses_to_replace_a_file_without_force(tmp_path: Path) -> None:
    report = tmp_path / "report.xlsx"
    report.write_bytes(b"old")
    code, out, err = run("calc", SAMPLE, "--excel", report)
    assert (code, out) == (2, "")
    assert err == f"Error: {report}: already exists. Choose another name, or pass --force to replace it\n"
    assert report.read_bytes() == b"old"
    assert run("calc", SAMPLE, "--excel", report, "--force")[0] == 0
    assert report.read_bytes()[:2] == b"PK"


def test_excel_never_overwrites_an_input_even_with_force(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE.parent, tmp_path / "site")
    bill = tmp_path / "site" / "bills" / "electricity.xlsx"
    before = bill.read_bytes()
    code, _, err = run("calc", tmp_path / "site" / "site.yaml", "--excel", bill, "--force")
    assert code == 2
    assert "electricity.xlsx: is one of the inputs of this run" in err
    assert bill.read_bytes() == before


def test_ledger_never_overwrites_an_input_even_with_force(make_site: Callable[..., Path]) -> None:
    site = make_site(
        "bills:\n  - {path: power.csv, activity: electricity}\n",
        bills={"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,10,kWh\n"},
    )
    code, _, err = run("calc", site, "--ledger", site.parent / "power.csv", "--force")
    assert code == 2
    assert "power.csv: is one of the inputs of this run" in err
    assert (site.parent / "power.csv").read_text(encoding="utf-8").startswith("start,end")


def test_issue_16_the_ledger_never_overwrites_the_runs_own_factor_file(make_site: Callable[..., Path]) -> None:
    factors = "activity,region,gas,value,unit,document\nelectricity,CN-CQ,CO2,0.5,kg/kWh,our supplier 2021\n"
    site = make_site(
        "bills:\n  - {path: power.csv, activity: electricity}\nfactor_files:\n  - my_factors.csv\n",
        bills={"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,10,kWh\n", "my_factors.csv": factors},
    )
    code, _, err = run("calc", site, "--ledger", site.parent / "my_factors.csv", "--force")
    assert code == 2
    assert "my_factors.csv: is one of the inputs of this run" in err
    assert (site.parent / "my_factors.csv").read_text(encoding="utf-8") == factors


def test_a_failed_excel_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from carbon_cli.render import excel

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(excel, "write", broken)
    code, out, err = run(
        "calc", SAMPLE, "--format", "json", "--excel", tmp_path / "r.xlsx", "--ledger", tmp_path / "ledger.csv"
    )
    assert (code, out) == (2, "")
    assert "cannot write (No space left on device)" in err
    assert list(tmp_path.iterdir()) == []


def test_ledger_option_alone_writes_the_full_ledger(tmp_path: Path) -> None:
    code, _, _ = run("calc", SAMPLE, "--quiet", "--ledger", tmp_path / "ledger.csv")
    assert code == 0
    with (tmp_path / "ledger.csv").open(encoding="utf-8") as handle:
        ledger = list(csv.DictReader(handle))
    totals = json.loads(run("calc", SAMPLE, "--format", "json")[1])["totals"]
    assert sum(float(r["t_co2e"]) for r in ledger if r["scope"] == "scope1") == pytest.approx(totals["scope1"])


def test_ledger_csv_neutralises_formula_like_text(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(
        "bills:\n  - {path: power.csv, activity: electricity}\n",
        site_id="'=1+1'",
        bills={"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,10,kWh\n"},
    )
    assert run("calc", site, "--ledger", tmp_path / "ledger.csv")[0] == 0
    assert "\n'=1+1," in (tmp_path / "ledger.csv").read_text(encoding="utf-8")


def test_ledger_rows_caps_the_sheet_and_says_how_to_get_every_row(tmp_path: Path) -> None:
    code, _, err = run("calc", SAMPLE, "--excel", tmp_path / "r.xlsx", "--ledger-rows", "10")
    assert code == 0
    assert "the Ledger sheet holds 10 of 120 ledger rows; pass --ledger FILE" in " ".join(err.split())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]


def test_ledger_rows_with_ledger_writes_every_row_there(tmp_path: Path) -> None:
    code, _, err = run(
        "calc", SAMPLE, "--excel", tmp_path / "r.xlsx", "--ledger-rows", "10", "--ledger", tmp_path / "all.csv"
    )
    assert code == 0, err
    assert len((tmp_path / "all.csv").read_text(encoding="utf-8").splitlines()) == 121


def test_ledger_of_an_unknown_type_is_refused(tmp_path: Path) -> None:
    code, _, err = run("calc", SAMPLE, "--ledger", tmp_path / "ledger.txt")
    assert code == 2
    assert "unsupported ledger file type '.txt'. Name the ledger file .csv or .parquet" in err


# --- data quality (issue 5) ------------------------------------------------------------------

TWELVE_MONTHS = [
    f"2021-{m:02d}-01,2021-{m:02d}-{d},1000,kWh"
    for m, d in zip(range(1, 13), [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], strict=True)
]


def power_site(make_site: Callable[..., Path], lines: list[str]) -> Path:
    return make_site(
        "bills:\n  - {path: power.csv, activity: electricity}\n",
        bills={"power.csv": "start,end,quantity,unit\n" + "\n".join(lines) + "\n"},
    )


def test_issue_5_calc_sums_up_the_findings_in_one_line_on_stderr() -> None:
    code, _, err = run("calc", SAMPLE, "--format", "json")
    assert code == 0
    assert f"quality: 1 info (estimated); details: carbon validate {SAMPLE}" in err.splitlines()


def test_issue_5_calc_carries_the_findings_into_json() -> None:
    doc = json.loads(run("calc", SAMPLE, "--format", "json")[1])
    assert [(f["check"], f["meter"], f["source_row"]) for f in doc["findings"]] == [("estimated", "gas-main", 9)]
    assert {c["activity"]: c["share"] for c in doc["coverage"]} == {"electricity": 1.0, "natural_gas": 1.0}


def test_issue_5_strict_passes_when_no_finding_is_an_error() -> None:
    assert run("calc", SAMPLE, "--strict", "--format", "json")[0] == 0


def test_issue_5_strict_fails_on_an_error_with_exit_1_and_no_output(make_site: Callable[..., Path]) -> None:
    site = power_site(make_site, [*TWELVE_MONTHS, TWELVE_MONTHS[4]])  # May pasted twice
    code, out, err = run("calc", site, "--strict", "--format", "json")
    assert (code, out) == (1, "")
    error = json.loads(err.splitlines()[-1])  # under --format json the error is a JSON line (issue 15)
    assert error["exit"] == 1
    assert error["error"].startswith(
        "1 data-quality finding(s) at error level under --strict: duplicate on s1 meter 'power' "
        f"2021-05-01..2021-05-31 ({site.parent / 'power.csv'} row 14). Fix the bills (`carbon validate"
    )
    assert "quality: 1 error (duplicate)" in err
    code, _, err = run("calc", site, "--strict")  # the table's error stays text
    assert code == 1
    assert "Error: 1 data-quality finding(s) at error level under --strict: duplicate" in err
    code, out, _ = run("calc", site, "--format", "json")  # without --strict: counted, and reported
    assert code == 0
    assert [f["check"] for f in json.loads(out)["findings"]] == ["duplicate"]


def test_issue_5_strict_ignores_warnings(make_site: Callable[..., Path]) -> None:
    site = power_site(make_site, TWELVE_MONTHS[:3] + TWELVE_MONTHS[4:])  # April missing
    assert run("calc", site, "--strict")[0] == 0


def test_issue_5_fill_gaps_adds_the_missing_month_as_an_estimate(make_site: Callable[..., Path]) -> None:
    site = power_site(make_site, TWELVE_MONTHS[:3] + TWELVE_MONTHS[4:])  # April missing
    plain = json.loads(run("calc", site, "--format", "json", "--by", "month")[1])
    code, out, err = run("calc", site, "--format", "json", "--by", "month", "--fill-gaps")
    assert code == 0
    filled = json.loads(out)
    april = [r for r in filled["breakdown"] if r["month"] == "2021-04" and r["scope"] == "scope2_location"]
    # 11,000 kWh over 335 days = 32.836 kWh a day, for April's 30 days
    assert april[0]["quantity"] == pytest.approx(11_000 / 335 * 30)
    assert not [r for r in plain["breakdown"] if r["month"] == "2021-04"]
    assert "--fill-gaps added 1 estimated bill(s)" in err
    assert [f["check"] for f in filled["findings"]] == ["coverage", "gap"]  # the findings still describe the bills


def test_issue_5_filled_rows_are_estimates_in_the_ledger(make_site: Callable[..., Path]) -> None:
    site = power_site(make_site, TWELVE_MONTHS[:3] + TWELVE_MONTHS[4:])
    ledger = calculate([site], fill_gaps=True).ledger
    filled = ledger[ledger["source_file"] == "(filled gap)"]
    assert set(filled["month"]) == {"2021-04"}
    assert filled["estimated"].all()
    assert not ledger.loc[ledger["source_file"] != "(filled gap)", "estimated"].any()


def test_issue_5_inventory_findings_are_the_quality_findings_table() -> None:
    inventory = calculate([SAMPLE])
    assert inventory.findings is not None
    assert inventory.quality_findings()[["meter", "check", "severity"]].values.tolist() == [
        ["gas-main", "estimated", "info"]
    ]
    assert list(inventory.quality_findings().columns) == FINDING_COLUMNS


def test_progress_bar_stays_off_the_output_when_piped(tmp_path: Path) -> None:
    from carbon_cli.cli.common import ProgressBar

    bar = ProgressBar(enabled=True)
    bar.began -= 5  # as if the work had run for five seconds
    bar("reading bills", 1, 2)
    assert bar.bar is None  # stderr is not a terminal under the test runner: nothing drawn
    code, out, err = run("calc", SAMPLE, "--format", "json")
    assert code == 0 and "reading bills" not in err + out


def test_more_than_three_sites_with_one_notice_are_counted() -> None:
    assert site_list(["a", "b", "c", "d", "e"]) == "a, b, c and 2 more sites"


def test_the_validate_hint_for_many_site_files_stays_one_short_line() -> None:
    files = [Path(f"sites/s{i}.yaml") for i in range(1000)]
    assert validate_command(files) == "carbon validate sites/s0.yaml ... sites/s999.yaml (the same 1,000 files)"
    assert validate_command(files[:2]) == "carbon validate sites/s0.yaml sites/s1.yaml"


# Issue 15: `--by group` crashed (same-depth groups) or printed the path as a list (one site).
# Chongqing 0.4743 and Beijing 0.5688 kg CO2/kWh (MEE/NBS 2021): 1000 kWh each.
GROUP_SITES = """\
id,name,region,group
b1,Building 1,CN-CQ,China/Chongqing
b2,Building 2,CN-BJ,China/Beijing
"""
GROUP_BILLS = """\
site,activity,start,end,quantity,unit
b1,electricity,2021-01-01,2021-01-31,1000,kWh
b2,electricity,2021-01-01,2021-01-31,1000,kWh
"""


def location_rows(out: str) -> dict[str, tuple[object, float]]:
    rows = json.loads(out)["breakdown"]
    return {r["group"]: (r["level"], r["t_co2e"]) for r in rows if r["scope"] == "scope2_location"}


def test_issue_15_by_group_of_same_depth_groups_is_text_in_json(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text(GROUP_SITES, encoding="utf-8")
    (tmp_path / "bills.csv").write_text(GROUP_BILLS, encoding="utf-8")
    portfolio = tmp_path / "portfolio.yaml"
    portfolio.write_text(
        "portfolio: {name: P}\nperiod: {start: 2021-01-01, end: 2021-12-31}\nsites: sites.csv\n"
        "bills:\n  - path: bills.csv\n",
        encoding="utf-8",
    )
    code, out, err = run("calc", portfolio, "--format", "json", "--by", "group", "--by", "site", "--quiet")
    assert code == 0, err
    rows = [r for r in json.loads(out)["breakdown"] if r["scope"] == "scope2_location"]
    assert [(r["group"], r["level"], r["site"]) for r in rows] == [
        ("China", 1, "b1"),
        ("China", 1, "b2"),
        ("China/Beijing", 2, "b2"),
        ("China/Chongqing", 2, "b1"),
    ]
    code, out, err = run("calc", portfolio, "--format", "json", "--by", "group", "--quiet")
    assert code == 0, err
    rolled = location_rows(out)
    assert rolled.keys() == {"China", "China/Beijing", "China/Chongqing"}
    assert rolled["China"] == (1, pytest.approx(0.4743 + 0.5688, abs=1e-12))
    assert rolled["China/Beijing"] == (2, pytest.approx(0.5688, abs=1e-12))
    assert rolled["China/Chongqing"] == (2, pytest.approx(0.4743, abs=1e-12))


@pytest.mark.parametrize(
    ("group_line", "expected"),
    [
        ("", {"s1": 1}),
        ("  group: Chongqing/AI PARK\n", {"Chongqing": 1, "Chongqing/AI PARK": 2}),
    ],
)
def test_issue_15_by_group_of_one_site_gives_a_text_path_and_an_integer_level(
    make_site: Callable[..., Path], group_line: str, expected: dict[str, int]
) -> None:
    site = make_site(
        "bills:\n  - {path: power.csv, activity: electricity}\n",
        bills={"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,1000,kWh\n"},
    )
    text = site.read_text(encoding="utf-8")
    head = "site: {id: s1, name: Test site, region: CN-CQ}\n"
    site.write_text(text.replace(head, f"site:\n  id: s1\n  region: CN-CQ\n{group_line}"), encoding="utf-8")

    code, out, err = run("calc", site, "--format", "json", "--by", "group", "--quiet")
    assert code == 0, err
    rolled = location_rows(out)
    assert {group: level for group, (level, _) in rolled.items()} == expected
    assert all(type(level) is int for level, _ in rolled.values())
    assert all(value == pytest.approx(0.4743, abs=1e-12) for _, value in rolled.values())  # 1000 kWh x 0.4743 kg

    code, out, _ = run("calc", site, "--format", "csv", "--by", "group", "--quiet")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["group"], r["level"]) for r in rows} == {(g, str(level)) for g, level in expected.items()}

    code, out, _ = run("calc", site, "--by", "group", "--quiet")
    assert code == 0
    for group in expected:
        assert re.search(rf"^\s*{re.escape(group)}\s+│\s+{expected[group]}\s", out, re.MULTILINE), out
    assert "[" not in out.split("By group", 1)[1]


def test_issue_15_every_output_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        code, _, err = run(
            "calc",
            SAMPLE,
            "--quiet",
            "--excel",
            tmp_path / "r.xlsx",
            "--ledger-rows",
            "10",
            "--ledger",
            tmp_path / "r.ledger.csv",
        )
        assert code == 0, err
        code, _, err = run("calc", SAMPLE, "--quiet", "--ledger", tmp_path / "ledger.parquet")
        assert code == 0, err
    finally:
        os.umask(old)
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in tmp_path.iterdir()}
    assert modes == {"r.xlsx": 0o644, "r.ledger.csv": 0o644, "ledger.parquet": 0o644}


@pytest.mark.parametrize("option", [("--ledger", "ledger.csv"), ("--excel", "r.xlsx")])
def test_issue_16_an_output_folder_that_cannot_be_written_is_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, option: tuple[str, str]
) -> None:
    # what a read-only folder does (root, who runs some CI, is never refused: simulated)
    def refused(*args: object, dir: str, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", str(Path(dir) / ".x.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    name, file = option
    code, out, err = run("calc", SAMPLE, "--format", "csv", name, tmp_path / file)
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {tmp_path / file}: cannot write (Permission denied). "
        "Choose a folder you can write to, with free space\n"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("bill", ["electricity.xlsx", "gas.csv"])
def test_a_bill_file_given_to_calc_is_named_a_spreadsheet_not_read_as_yaml(bill: str) -> None:
    result = CliRunner().invoke(app, ["calc", f"sample_data/ai-park/bills/{bill}"])
    assert result.exit_code == 2
    first = result.stderr.strip().splitlines()
    assert len(first) == 1 and f"bills/{bill}: is a spreadsheet (.{bill.split('.')[1]}), not a site YAML" in first[0]
    assert "UTF-8" not in result.stderr
