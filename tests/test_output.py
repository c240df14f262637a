"""Output files are written atomically and never over an input."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import ConfigError
from carbon_cli.output import write_atomic


def test_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    write_atomic(target, lambda path: path.write_text("done", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "done"


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    def broken(path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(tmp_path / "report.txt", broken)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")

    def broken(path: Path) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_atomic(target, broken, force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"already exists\. Choose another name, or pass --force"):
        write_atomic(target, lambda path: path.write_text("new", encoding="utf-8"))
    write_atomic(target, lambda path: path.write_text("new", encoding="utf-8"), force=True)
    assert target.read_text(encoding="utf-8") == "new"


def test_an_input_is_never_overwritten_even_with_force(tmp_path: Path) -> None:
    bill = tmp_path / "bills.csv"
    bill.write_text("start,end,quantity\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="is one of the inputs of this run") as excinfo:
        write_atomic(
            tmp_path / "." / "bills.csv", lambda path: path.write_text("x", encoding="utf-8"), inputs=[bill], force=True
        )
    assert excinfo.value.exit_code == 2
    assert bill.read_text(encoding="utf-8") == "start,end,quantity\n"
