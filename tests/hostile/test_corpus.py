"""Issue 16: the hostile-input corpus (tests/hostile/files, written by scripts/fixtures/hostile.py).

Every attack goes through `carbon calc` (with an Excel output asked for) and `carbon validate`
as a user would run them, and must end with its documented exit code (2 usage or config, 3 input
data), one `Error:` line naming the file, no traceback, no output file, in bounded time. Big
files (sparse, under a size cap on disk of zero bytes) and FIFOs are made here at run time.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli.cli import app

FILES = Path(__file__).resolve().parent / "files"
ENV = {"COLUMNS": "1000", "NO_COLOR": "1"}
SITE = "site: {{id: h, name: H, region: DE}}\nperiod: {{start: 2023-01-01, end: 2023-12-31}}\n"
BILLS = SITE + "bills:\n  - path: {name}\n    activity: electricity\n"

#: bill file -> (exit code, a phrase of the message)
BILL_FILES = {
    "long_bills.csv": (3, "spans 3,652,059 days"),
    "unit_expression.csv": (3, "9**9**9"),
    "unit_power.csv": (3, "kWh**10**10**6"),
    "inf_quantity.csv": (3, "inf"),
    "huge_quantity.csv": (3, "999999"),
    "wide_header.csv": (3, "3,000 columns"),
    "unclosed_quote.csv": (3, "quote"),
    "mixed_encoding.csv": (3, "byte 98 (0xE9, line 3)"),
    "latin1.csv": (3, "byte 63 (0xE9, line 2)"),
    "year_zero.csv": (3, "0000-01-01"),
    "text_as_workbook.xlsx": (3, "is a text (CSV) file"),
    "encrypted.xlsx": (3, "password-protected"),
    "broken_zip.xlsx": (3, "damaged workbook"),
    "far_cell.xlsx": (3, "reaches column XFD and row 1,048,576"),
    "uncached_formula.xlsx": (3, "formula"),
    "zip_bomb.xlsx": (3, "decompression bomb"),
}

#: site YAML -> (exit code, a phrase of the message)
YAML_FILES = {
    "deep.yaml": (2, "nests more than 100 levels deep"),
    "alias_bomb.yaml": (2, "aliases"),
    "long_alias.yaml": (2, "characters of text through aliases"),
    "python_tag.yaml": (2, "plain YAML only"),
    "duplicate_key.yaml": (2, "bills"),
}


def _refused(args: list[str], file: Path, code: int, phrase: str, *, seconds: float = 30.0) -> None:
    began = time.monotonic()
    result = CliRunner().invoke(app, args, env=ENV)
    took = time.monotonic() - began
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    err = result.stderr.strip()
    assert result.exit_code == code, (args, err)
    assert len(err.splitlines()) == 1 and err.startswith("Error: "), err
    assert file.name in err and phrase in err, err
    assert "Traceback" not in result.output + err and "\x1b" not in err
    assert result.stdout == ""
    assert took < seconds, f"{file.name} took {took:.1f} s"


def _site_for(tmp_path: Path, name: str) -> Path:
    shutil.copy(FILES / name, tmp_path / name)
    site = tmp_path / "site.yaml"
    site.write_text(BILLS.format(name=name), encoding="utf-8")
    return site


@pytest.mark.parametrize("name", sorted(BILL_FILES))
def test_issue_16_each_hostile_bill_file_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    code, phrase = BILL_FILES[name]
    site = _site_for(tmp_path, name)
    excel = tmp_path / "out.xlsx"
    _refused(["calc", str(site), "--excel", str(excel)], tmp_path / name, code, phrase)
    assert not excel.exists() and not list(tmp_path.glob("*.tmp*"))
    _refused(["validate", str(site)], tmp_path / name, code, phrase)


@pytest.mark.parametrize("name", sorted(YAML_FILES))
def test_issue_16_each_hostile_site_yaml_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    code, phrase = YAML_FILES[name]
    shutil.copy(FILES / name, tmp_path / name)
    excel = tmp_path / "out.xlsx"
    _refused(["calc", str(tmp_path / name), "--excel", str(excel)], tmp_path / name, code, phrase)
    assert not excel.exists()
    _refused(["validate", str(tmp_path / name)], tmp_path / name, code, phrase)


PORTFOLIO = (
    "portfolio: {{name: G}}\nperiod: {{start: 2023-01-01, end: 2023-12-31}}\nsites: {sites}\n"
    "bills:\n  - path: bills.csv\n"
)


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)  # apparent size only: nothing is written to disk
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("role", ["bills", "sites table", "factor file"])
def test_issue_16_5_a_fifo_as_any_input_is_refused_without_blocking(tmp_path: Path, role: str) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # nothing ever writes to it: opening it to read would block forever
    if role == "bills":
        site = tmp_path / "site.yaml"
        site.write_text(BILLS.format(name="pipe.csv"), encoding="utf-8")
    elif role == "sites table":
        (tmp_path / "bills.csv").write_text("site,activity,start,end,quantity,unit\n", encoding="utf-8")
        site = tmp_path / "p.yaml"
        site.write_text(PORTFOLIO.format(sites="pipe.csv"), encoding="utf-8")
    else:
        (tmp_path / "b.csv").write_text("start,end,quantity,unit\n2023-01-01,2023-01-31,310,kWh\n", encoding="utf-8")
        site = tmp_path / "site.yaml"
        site.write_text(BILLS.format(name="b.csv") + "factor_files: [pipe.csv]\n", encoding="utf-8")
    _refused(["calc", str(site)], fifo, 2, "not a regular file", seconds=30)


@pytest.mark.parametrize("role", ["bills", "sites table", "interval", "site YAML"])
def test_issue_16_8_a_sparse_2_gib_input_is_refused_before_it_is_read(tmp_path: Path, role: str) -> None:
    big = 2 * 1024**3
    if role == "site YAML":
        site = _sparse(tmp_path / "site.yaml", big)
        _refused(["validate", str(site)], site, 2, "over the 64 MiB")
        return
    file = _sparse(tmp_path / "big.csv", big)
    if role == "sites table":
        (tmp_path / "bills.csv").write_text("site,activity,start,end,quantity,unit\n", encoding="utf-8")
        site = tmp_path / "p.yaml"
        site.write_text(PORTFOLIO.format(sites="big.csv"), encoding="utf-8")
    else:
        site = tmp_path / "site.yaml"
        extra = "    interval: long\n" if role == "interval" else ""
        site.write_text(BILLS.format(name="big.csv") + extra, encoding="utf-8")
    _refused(["validate", str(site)], file, 3, "is 2.0 GiB (2,147,483,648 bytes), over the 1.0 GiB")


_BOUNDED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))
from typer.testing import CliRunner
from carbon_cli.cli import app
codes = [CliRunner().invoke(app, ["validate", path], env={"COLUMNS": "1000"}).exit_code for path in sys.argv[1:]]
print(codes)
"""


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_AS"), reason="needs RLIMIT_AS")
def test_issue_16_the_memory_attacks_run_under_a_3_gib_address_space(tmp_path: Path) -> None:
    """The bills from year 1 to 9999 (10 GB before), the zip bomb and a 2 GiB sparse file (16.8 GB)."""
    sites = []
    for name in ("long_bills.csv", "zip_bomb.xlsx"):
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        sites.append(str(_site_for(folder, name)))
    sparse = tmp_path / "sparse"
    sparse.mkdir()
    _sparse(sparse / "big.csv", 2 * 1024**3)
    (sparse / "site.yaml").write_text(BILLS.format(name="big.csv"), encoding="utf-8")
    sites.append(str(sparse / "site.yaml"))
    done = subprocess.run(
        [sys.executable, "-c", _BOUNDED, *sites], capture_output=True, text=True, timeout=60, cwd=Path.cwd()
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[3, 3, 3]"


def test_issue_16_18_escape_codes_in_a_site_yaml_never_reach_the_terminal(tmp_path: Path) -> None:
    shutil.copy(FILES / "escapes.yaml", tmp_path / "escapes.yaml")
    result = CliRunner().invoke(app, ["calc", str(tmp_path / "escapes.yaml")], env=ENV)
    assert "\x1b" not in result.stdout + result.stderr and "Traceback" not in result.stdout + result.stderr
