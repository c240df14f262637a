"""Batch runs (issue 15, the script's contract): ``--output-dir``, ``--keep-going``,
``--format jsonl``, errors as JSON lines on stderr, and the options' help panels.

The site files are the bundled samples, copied into a temporary folder where a test needs one
changed (a bad bill cell, another site id); every comparison is against the same site run alone.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from carbon_cli.cli import app
from carbon_cli.cli.batch import output_name
from carbon_cli.errors import ConfigError

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"
AI_PARK = SAMPLES / "ai-park" / "site.yaml"
UK = SAMPLES / "uk-office" / "site.yaml"
US = SAMPLES / "us-office" / "site.yaml"
runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "160", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def copy_site(tmp_path: Path, name: str, *, site_id: str | None = None, bad_cell: bool = False) -> Path:
    """The AI PARK sample copied to ``tmp_path/name``: another ``site.id``, or gas bill row 2's
    quantity (168) replaced by ``abc`` (an input-data error, exit 3)."""
    folder = tmp_path / name
    shutil.copytree(AI_PARK.parent, folder)
    site = folder / "site.yaml"
    if site_id is not None:
        site.write_text(site.read_text(encoding="utf-8").replace("id: ai-park", f"id: '{site_id}'"), encoding="utf-8")
    if bad_cell:
        gas = folder / "bills" / "gas.csv"
        text = gas.read_text(encoding="utf-8-sig")
        assert ",168," in text
        gas.write_text(text.replace(",168,", ",abc,", 1), encoding="utf-8-sig")
    return site


# --output-dir -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_issue_15_output_dir_writes_each_site_as_that_site_run_alone(tmp_path: Path, fmt: str) -> None:
    code, stdout, stderr = run("calc", AI_PARK, UK, US, "--output-dir", tmp_path, "--format", fmt, "-q")
    assert code == 0, stderr
    assert stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{s}.{fmt}" for s in ("ai-park", "uk-office", "us-office")]
    for site, name in ((AI_PARK, "ai-park"), (UK, "uk-office"), (US, "us-office")):
        alone = run("calc", site, "--format", fmt, "-q")
        assert alone[0] == 0
        assert (tmp_path / f"{name}.{fmt}").read_text(encoding="utf-8") == alone[1]


def test_issue_15_output_dir_under_table_writes_each_sites_workbook(tmp_path: Path) -> None:
    code, _, stderr = run("calc", AI_PARK, US, "-o", tmp_path)
    assert code == 0, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ai-park.xlsx", "us-office.xlsx"]
    assert f"wrote {tmp_path / 'ai-park.xlsx'}" in stderr
    assert "Summary" in load_workbook(tmp_path / "ai-park.xlsx", read_only=True).sheetnames


def test_issue_15_output_dir_needs_force_to_replace_a_file(tmp_path: Path) -> None:
    (tmp_path / "ai-park.json").write_text("old", encoding="utf-8")
    code, _, stderr = run("calc", AI_PARK, "-o", tmp_path, "-f", "json", "-q")
    assert code == 2
    assert "already exists" in stderr and "--force" in stderr
    assert (tmp_path / "ai-park.json").read_text(encoding="utf-8") == "old"
    assert run("calc", AI_PARK, "-o", tmp_path, "-f", "json", "-q", "--force")[0] == 0
    assert json.loads((tmp_path / "ai-park.json").read_text(encoding="utf-8"))["sites"][0]["id"] == "ai-park"


@pytest.mark.parametrize("site_id", ["../escape", "a/b", "a\\b", ".hidden", "x:y", "trailing."])
def test_issue_15_output_dir_refuses_site_ids_that_are_not_safe_file_names(tmp_path: Path, site_id: str) -> None:
    site = copy_site(tmp_path, "site", site_id=site_id)
    out = tmp_path / "out"
    out.mkdir()
    code, _, stderr = run("calc", site, "-o", out, "-f", "json", "-q")
    assert code == 2
    assert "site.id" in stderr and "not a safe file name" in stderr
    assert list(out.iterdir()) == []
    assert not (tmp_path / "escape.json").exists()


def test_issue_15_output_dir_keeps_ids_that_are_safe_names_as_they_are() -> None:
    source = Path("site.yaml")
    assert output_name("重庆-园区_1", ".json", source) == "重庆-园区_1.json"
    assert output_name("Site 7 (north)", ".csv", source) == "Site 7 (north).csv"
    with pytest.raises(ConfigError, match=r"site\.id"):
        output_name("x" * 251, ".json", source)


def test_issue_15_output_dir_refuses_two_files_with_the_same_site_id(tmp_path: Path) -> None:
    twin = copy_site(tmp_path, "twin")
    out = tmp_path / "out"
    out.mkdir()
    code, _, stderr = run("calc", AI_PARK, twin, "-o", out, "-f", "json", "-q")
    assert code == 2
    assert "Give each site its own site.id" in stderr
    assert [p.name for p in out.iterdir()] == ["ai-park.json"]


def test_issue_15_output_dir_must_be_an_existing_folder(tmp_path: Path) -> None:
    code, _, stderr = run("calc", AI_PARK, "-o", tmp_path / "missing", "-f", "json")
    assert code == 2
    assert "is not a folder" in stderr


# --keep-going ----------------------------------------------------------------------------------


def test_issue_15_keep_going_outputs_the_sites_that_worked_and_exits_with_the_highest_code(tmp_path: Path) -> None:
    bad = copy_site(tmp_path, "bad", site_id="bad-site", bad_cell=True)  # exit 3
    missing = tmp_path / "missing.yaml"  # exit 2
    code, stdout, stderr = run("calc", missing, AI_PARK, bad, "--keep-going", "-f", "json", "-q")
    assert code == 3
    # stdout is what the good site alone prints
    assert stdout == run("calc", AI_PARK, "-f", "json", "-q")[1]
    lines = [json.loads(line) for line in stderr.splitlines()]
    assert lines[0] == {"error": lines[0]["error"], "file": str(missing), "exit": 2}
    assert lines[1]["file"] == str(bad) and lines[1]["exit"] == 3 and "'abc' is not a number" in lines[1]["error"]
    table = lines[2]
    assert table["failed"] == 2 and table["files"] == 3 and table["exit"] == 3
    assert [f["file"] for f in table["failures"]] == [str(missing), str(bad)]


def test_issue_15_keep_going_text_report_names_each_file_once_per_line(tmp_path: Path) -> None:
    bad = copy_site(tmp_path, "bad", site_id="bad-site", bad_cell=True)
    code, stdout, stderr = run("calc", bad, US, "-k", "-q", "--by", "scope", "-f", "csv")
    assert code == 3
    assert stdout == run("calc", US, "-q", "--by", "scope", "-f", "csv")[1]
    error_lines = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1 and "gas.csv row 2" in error_lines[0]
    assert "1 of 2 file(s) failed (exit 3)" in stderr


def test_issue_15_without_keep_going_the_first_failure_stops_the_run(tmp_path: Path) -> None:
    bad = copy_site(tmp_path, "bad", site_id="bad-site", bad_cell=True)
    code, stdout, stderr = run("calc", bad, US, "-f", "json", "-q")
    assert code == 3
    assert stdout == ""
    assert len(stderr.splitlines()) == 1


def test_issue_15_keep_going_with_output_dir_writes_the_good_sites(tmp_path: Path) -> None:
    bad = copy_site(tmp_path, "bad", site_id="bad-site", bad_cell=True)
    out = tmp_path / "out"
    out.mkdir()
    code, _, _ = run("calc", AI_PARK, bad, US, "-k", "-o", out, "-f", "json", "-q")
    assert code == 3
    assert sorted(p.name for p in out.iterdir()) == ["ai-park.json", "us-office.json"]


def test_issue_15_validate_keep_going_checks_every_file(tmp_path: Path) -> None:
    bad = copy_site(tmp_path, "bad", site_id="bad-site", bad_cell=True)
    code, stdout, stderr = run("validate", AI_PARK, bad, UK, "--keep-going", "-f", "json", "-q")
    assert code == 3
    together = json.loads(run("validate", AI_PARK, UK, "-f", "json", "-q")[1])
    assert json.loads(stdout) == together
    assert json.loads(stderr.splitlines()[-1])["failures"][0]["file"] == str(bad)


# --format jsonl --------------------------------------------------------------------------------


def test_issue_15_jsonl_is_one_line_per_site_file_with_the_sites_own_json() -> None:
    code, stdout, stderr = run("calc", AI_PARK, UK, US, "--format", "jsonl", "-q")
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert len(lines) == 3
    for line, site in zip(lines, (AI_PARK, UK, US), strict=True):
        assert json.loads(line) == json.loads(run("calc", site, "-f", "json", "-q")[1])
    frame = pd.read_json(io.StringIO(stdout), lines=True)
    assert len(frame) == 3
    assert [sites[0]["id"] for sites in frame["sites"]] == ["ai-park", "uk-office", "us-office"]


# errors as JSON --------------------------------------------------------------------------------


def test_issue_15_errors_are_one_json_line_under_format_json(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    code, stdout, stderr = run("calc", missing, "--format", "json")
    assert code == 2 and stdout == ""
    (line,) = stderr.splitlines()
    doc = json.loads(line)
    assert set(doc) == {"error", "file", "exit"}
    assert doc["exit"] == 2 and doc["file"] == str(missing) and "file not found" in doc["error"]
    # an option's error too, wherever --format stands on the line
    code, _, stderr = run("validate", AI_PARK, "--year", "0", "--format", "json")
    assert code == 2 and json.loads(stderr)["exit"] == 2


def test_issue_15_errors_stay_text_under_table_and_csv(tmp_path: Path) -> None:
    run("calc", tmp_path / "nope.yaml", "-f", "json")  # a JSON run before does not leak into the next
    for fmt in ("table", "csv"):
        code, _, stderr = run("calc", tmp_path / "nope.yaml", "-f", fmt)
        assert code == 2
        assert stderr.startswith("Error: ") and "file not found" in stderr


# help panels -----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["calc", "validate"])
def test_issue_15_options_are_grouped_in_help_panels(command: str) -> None:
    code, stdout, _ = run(command, "--help")
    assert code == 0
    panels = {"calc": ("Input and period", "Factors", "Output", "Quality"), "validate": ("Input and period", "Output")}
    for panel in panels[command]:
        assert f"─ {panel} ─" in stdout
    assert "--keep-going" in stdout


def test_issue_15_a_json_error_names_the_bill_file_without_its_row(tmp_path: Path) -> None:
    bad = copy_site(tmp_path, "bad", bad_cell=True)
    code, _, stderr = run("calc", bad, "-f", "json", "-q")
    assert code == 3
    doc = json.loads(stderr)
    assert doc["file"] == str(bad.parent / "bills" / "gas.csv")
    assert doc["error"].startswith(f"{bad.parent / 'bills' / 'gas.csv'} row 2, column '用气量': 'abc' is not a number")
