"""`carbon validate` as a script and a person use it: formats, streams and exit codes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli.cli import app
from carbon_cli.quality import FINDING_COLUMNS

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "ai-park" / "site.yaml"
runner = CliRunner()

#: Twelve calendar months of electricity; tests replace lines to inject one fault.
MONTHS = [
    f"2021-{m:02d}-01,2021-{m:02d}-{d},{q},kWh"
    for m, d, q in zip(
        range(1, 13),
        [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
        [1040, 910, 880, 800, 900, 1150, 1320, 1290, 1010, 870, 860, 990],
        strict=True,
    )
]
POWER = "bills:\n  - {path: power.csv, activity: electricity}\n"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "160", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def site_with(make_site: Callable[..., Path], lines: list[str], **kwargs: object) -> Path:
    return make_site(POWER, bills={"power.csv": "start,end,quantity,unit\n" + "\n".join(lines) + "\n"}, **kwargs)


def test_sample_has_one_estimated_gas_bill_and_exits_0() -> None:
    code, out, err = run("validate", SAMPLE)
    assert code == 0
    assert "estimated" in out and "gas-main" in out and "sample_data/ai-park/bills/gas.csv row 9" in out
    assert "365 of 365" in out
    assert err.strip() == "1 info (estimated) (none at or above error: exit 0)"


def test_json_lists_counts_coverage_and_findings() -> None:
    code, out, _ = run("validate", SAMPLE, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["schema", "sites", "counts", "fail_on", "failed", "coverage", "findings"]
    assert doc["schema"] == "carbon.findings/1"
    assert doc["sites"] == [{"id": "ai-park", "period": {"start": "2021-01-01", "end": "2021-12-31"}}]
    assert doc["counts"] == {"error": 0, "warning": 0, "info": 1}
    assert (doc["fail_on"], doc["failed"]) == ("error", False)
    assert [(c["activity"], c["covered_days"], c["share"]) for c in doc["coverage"]] == [
        ("electricity", 365, 1.0),
        ("natural_gas", 365, 1.0),
    ]
    (finding,) = doc["findings"]
    assert list(finding) == FINDING_COLUMNS
    assert finding == {
        "site": "ai-park",
        "meter": "gas-main",
        "activity": "natural_gas",
        "period_start": "2021-07-20",
        "period_end": "2021-08-20",
        "check": "estimated",
        "severity": "info",
        "detail": finding["detail"],
        "source_file": "sample_data/ai-park/bills/gas.csv",
        "source_row": 9,
    }


def test_csv_has_a_header_and_one_row_per_finding() -> None:
    code, out, _ = run("validate", SAMPLE, "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == FINDING_COLUMNS
    assert rows[1][:8] == [
        "ai-park",
        "gas-main",
        "natural_gas",
        "2021-07-20",
        "2021-08-20",
        "estimated",
        "info",
        rows[1][7],
    ]
    assert len(rows) == 2


def test_a_clean_site_exits_0_and_says_so(make_site: Callable[..., Path]) -> None:
    code, out, err = run("validate", site_with(make_site, MONTHS))
    assert code == 0
    assert "No data-quality findings." in out
    assert err.strip() == "no data-quality findings (none at or above error: exit 0)"


def test_an_overlap_is_an_error_and_exits_1(make_site: Callable[..., Path]) -> None:
    lines = [*MONTHS]
    lines[5] = "2021-05-27,2021-06-30,1150,kWh"  # June's bill starts five days early
    code, out, err = run("validate", site_with(make_site, lines), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["failed"] is True
    assert [
        (f["check"], f["severity"], f["period_start"], f["period_end"], f["source_row"]) for f in doc["findings"]
    ] == [("overlap", "error", "2021-05-27", "2021-05-31", 7)]
    assert err.strip() == "1 error (overlap) (1 at or above error: exit 1)"


def test_warnings_fail_only_with_fail_on_warning(make_site: Callable[..., Path]) -> None:
    site = site_with(make_site, MONTHS[:3] + MONTHS[4:])  # April missing: a gap
    assert run("validate", site)[0] == 0
    code, _, err = run("validate", site, "--fail-on", "warning")
    assert code == 1
    assert err.strip() == "2 warnings (coverage, gap) (2 at or above warning: exit 1)"


def test_unknown_fail_on_is_a_usage_error() -> None:
    assert run("validate", SAMPLE, "--fail-on", "info")[0] == 2


def test_quiet_leaves_stderr_empty() -> None:
    code, _, err = run("validate", SAMPLE, "--format", "csv", "--quiet")
    assert (code, err) == (0, "")


def test_year_narrows_the_period_checked(make_site: Callable[..., Path]) -> None:
    site = site_with(make_site, MONTHS, start="2020-01-01")
    assert "coverage" in run("validate", site, "--format", "csv")[1]
    assert run("validate", site, "--format", "csv", "--year", "2021")[1].count("\n") == 1  # the header only


def test_bills_are_checked_without_emission_factors(make_site: Callable[..., Path]) -> None:
    site = site_with(make_site, MONTHS, region="ZZ")  # no factor anywhere for ZZ
    assert run("calc", site)[0] == 3
    assert run("validate", site)[0] == 0


def test_config_and_data_errors_keep_their_exit_codes(make_site: Callable[..., Path]) -> None:
    assert run("validate", make_site("bils: []\n"))[0] == 2
    code, _, err = run("validate", site_with(make_site, ["2021-01-01,2021-01-31,lots,kWh"]))
    assert code == 3
    assert "power.csv row 2, column 'quantity': 'lots' is not a number" in err


def test_several_sites_are_checked_together(make_site: Callable[..., Path]) -> None:
    first = site_with(make_site, MONTHS, site_id="a", name="a.yaml")
    second = make_site(
        POWER.replace("power.csv", "other.csv"),
        site_id="b",
        name="b.yaml",
        bills={"other.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,-5,kWh\n"},
    )
    doc = json.loads(run("validate", first, second, "--format", "json")[1])
    assert [s["id"] for s in doc["sites"]] == ["a", "b"]
    # Site b has one bill, of January: negative, and nothing after it.
    assert {(f["site"], f["check"]) for f in doc["findings"]} == {
        ("b", "negative"),
        ("b", "end_gap"),
        ("b", "coverage"),
    }


def test_table_prints_input_text_as_written(make_site: Callable[..., Path]) -> None:
    site = make_site(
        POWER, bills={"power.csv": "start,end,quantity,unit,meter\n2021-01-01,2021-12-31,0,kWh,[bold]M[/bold]\n"}
    )
    out = run("validate", site)[1]
    assert "[bold]M[/bold]" in out


def test_csv_neutralises_formula_like_text(make_site: Callable[..., Path]) -> None:
    site = make_site(POWER, bills={"power.csv": "start,end,quantity,unit,meter\n2021-01-01,2021-12-31,0,kWh,=1+1\n"})
    out = run("validate", site, "--format", "csv")[1]
    assert ",'=1+1," in out
    assert ",=1+1," not in out


@pytest.mark.parametrize("command", [["validate"], ["calc"]])
def test_help_names_the_exit_codes(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "Exit codes" in result.stdout and "1" in result.stdout


def test_the_readme_faults_in_a_copy_of_the_sample_are_found(tmp_path: Path) -> None:
    import shutil

    for fault in ("pasted", "decimal"):
        folder = tmp_path / fault
        shutil.copytree(SAMPLE.parent, folder)
        gas = folder / "bills" / "gas.csv"
        lines = gas.read_text(encoding="utf-8-sig").splitlines()
        if fault == "pasted":
            lines.append(lines[6])  # the May bill, spreadsheet row 7, again at the end
        else:
            lines = [line.replace(",162,", ",1620,") for line in lines]
        gas.write_text("\n".join(lines) + "\n", encoding="utf-8")
        code, out, _ = run("validate", folder / "site.yaml", "--format", "json")
        doc = json.loads(out)
        found = [
            (f["check"], f["period_start"], f["source_row"], f["detail"])
            for f in doc["findings"]
            if f["check"] != "estimated"
        ]
        if fault == "pasted":
            assert code == 1
            assert found == [
                (
                    "duplicate",
                    "2021-05-20",
                    15,
                    f"same meter, dates and quantity as {gas} row 7 "
                    "(2021-05-20 to 2021-06-20, 62 m3); the bill is counted twice",
                )
            ]
        else:
            assert code == 0
            assert found == [
                (
                    "implausible",
                    "2021-11-20",
                    13,
                    "54 m3/day (1,620 m3 over 30 days) is 11.1× its norm "
                    "(norm 4.87 m3/day, the meter's seasonal curve), beyond quality.implausible_factor "
                    "(5): a slipped decimal point or a wrong unit?",
                )
            ]


@pytest.mark.parametrize("region", ["CN-CQ", "华中", "CN-GRID-CC"])
def test_issue_11_gas_billed_in_gj_is_a_unit_mismatch_in_china_whatever_the_region_spelling(
    make_site: Callable[..., Path], region: str
) -> None:
    # 华中 is an alias of the Central China grid (regions.csv): its country is CN like CN-CQ's.
    gas = "start,end,quantity,unit\n" + "\n".join(line.replace(",kWh", ",GJ") for line in MONTHS) + "\n"
    site = make_site("bills:\n  - {path: gas.csv, activity: natural_gas}\n", bills={"gas.csv": gas}, region=region)
    code, out, _ = run("validate", site, "--format", "json")
    assert code == 0
    checks = {(f["check"], f["severity"]) for f in json.loads(out)["findings"]}
    assert ("unit_mismatch", "warning") in checks


def test_gas_billed_in_gj_is_usual_in_the_uk(make_site: Callable[..., Path]) -> None:
    gas = "start,end,quantity,unit\n" + "\n".join(line.replace(",kWh", ",GJ") for line in MONTHS) + "\n"
    site = make_site("bills:\n  - {path: gas.csv, activity: natural_gas}\n", bills={"gas.csv": gas}, region="UK")
    code, out, _ = run("validate", site, "--format", "json")
    assert code == 0
    assert "unit_mismatch" not in {f["check"] for f in json.loads(out)["findings"]}


@pytest.mark.parametrize("sample", ["uk-office", "us-office", "ai-park"])
def test_issue_15_every_shipped_sample_passes_validate_fail_on_warning(sample: str) -> None:
    site = Path(__file__).resolve().parent.parent / "sample_data" / sample / "site.yaml"
    assert CliRunner().invoke(app, ["validate", str(site), "--fail-on", "warning"]).exit_code == 0
