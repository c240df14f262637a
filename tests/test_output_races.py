"""Outputs under races and signals (issue 16.16, 16.17): exclusive creation, no temporary left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from carbon_cli import scaffold
from carbon_cli.errors import ConfigError
from carbon_cli.output import _temporary_prefix, remove_stale_temporaries, write_atomic

ROOT = Path(__file__).resolve().parent.parent


def _another_run_writes(target: Path, text: str):
    """A write that finds, when it is done, that another run has created ``target`` meanwhile."""

    def write(path: Path) -> None:
        path.write_text("ours", encoding="utf-8")
        target.write_text(text, encoding="utf-8")

    return write


def test_issue_16_a_file_created_meanwhile_by_another_run_is_not_replaced_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    with pytest.raises(ConfigError, match="already exists"):
        write_atomic(target, _another_run_writes(target, "theirs"))
    assert target.read_text(encoding="utf-8") == "theirs"
    assert list(tmp_path.iterdir()) == [target]


def test_issue_16_with_force_a_file_created_meanwhile_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    write_atomic(target, _another_run_writes(target, "theirs"), force=True)
    assert target.read_text(encoding="utf-8") == "ours"
    assert list(tmp_path.iterdir()) == [target]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_issue_16_a_temporary_left_by_a_killed_run_is_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    stale = tmp_path / f"{_temporary_prefix(target)}{_dead_pid()}-k3j2.tmp"
    stale.write_bytes(b"x" * 1000)
    write_atomic(target, lambda path: path.write_text("new", encoding="utf-8"))
    assert sorted(tmp_path.iterdir()) == [target]


def test_issue_16_a_temporary_of_a_running_process_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    running = tmp_path / f"{_temporary_prefix(target)}{os.getpid()}-k3j2.tmp"
    running.write_bytes(b"x")
    assert remove_stale_temporaries(target) == []
    assert running.exists()


def test_issue_16_sigterm_during_a_write_removes_the_temporary_and_exits_143(tmp_path: Path) -> None:
    # The workbook writer is made to receive SIGTERM half-way; the run must unwind like Ctrl-C.
    script = f"""
import os, signal, sys
import carbon_cli.render.excel as excel
def killed(*args, **kwargs):
    open(args[1], "wb").write(b"half a workbook")
    os.kill(os.getpid(), signal.SIGTERM)
excel.write = killed
from carbon_cli.cli.main import app
app(["calc", {str(ROOT / "sample_data" / "ai-park" / "site.yaml")!r}, "--excel", {str(tmp_path / "r.xlsx")!r}])
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 143, done.stderr
    assert "Terminated." in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_issue_16_init_force_replaces_a_symlinked_site_yaml_and_never_writes_through_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("precious: true\n", encoding="utf-8")
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "site.yaml").symlink_to(outside)
    scaffold.init(folder, year=2024, force=True)
    assert outside.read_text(encoding="utf-8") == "precious: true\n"
    assert not (folder / "site.yaml").is_symlink()
    assert "2024" in (folder / "site.yaml").read_text(encoding="utf-8")


def test_issue_16_init_counts_a_dangling_link_as_an_existing_file(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "site.yaml").symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(ConfigError, match="already exists"):
        scaffold.init(folder, year=2024)
    assert not (tmp_path / "nowhere.yaml").exists()


def test_issue_16_init_refuses_a_bills_folder_that_links_elsewhere(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "bills").symlink_to(elsewhere)
    with pytest.raises(ConfigError, match="link to another folder"):
        scaffold.init(folder, year=2024)
    assert list(elsewhere.iterdir()) == []
