"""Output files are written atomically, never over an input, with a new file's mode, and a
folder that cannot be written is a one-line error."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
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


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for one test; the old one is put back afterwards."""
    old = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(old)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_issue_15_an_output_gets_the_mode_of_a_new_file_under_the_umask(
    tmp_path: Path, umask: Callable[[int], None], mask: int, mode: int
) -> None:
    umask(mask)
    target = write_atomic(tmp_path / "report.txt", lambda path: path.write_text("x", encoding="utf-8"))
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")  # what open() gives, for comparison
    assert stat.S_IMODE(target.stat().st_mode) == mode == stat.S_IMODE(plain.stat().st_mode)


def test_issue_15_a_replaced_output_gets_the_umask_mode_too(tmp_path: Path, umask: Callable[[int], None]) -> None:
    umask(0o022)
    target = tmp_path / "report.txt"
    write_atomic(target, lambda path: path.write_text("old", encoding="utf-8"))
    write_atomic(target, lambda path: path.write_text("new", encoding="utf-8"), force=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_issue_16_a_folder_that_cannot_be_written_is_a_config_error_naming_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, dir: str, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied", str(Path(dir) / ".report.txt.x1y2.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(ConfigError) as excinfo:
        write_atomic(tmp_path / "report.txt", lambda path: path.write_text("x", encoding="utf-8"))
    assert str(excinfo.value) == (
        f"{tmp_path / 'report.txt'}: cannot write (Permission denied). "
        "Choose a folder you can write to, with free space"
    )
    assert excinfo.value.exit_code == 2


def test_issue_16_a_full_disk_is_a_config_error_and_leaves_nothing(tmp_path: Path) -> None:
    def full(path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    with pytest.raises(ConfigError, match=r"report\.txt: cannot write \(No space left on device\)"):
        write_atomic(tmp_path / "report.txt", full)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_issue_16_a_read_only_folder_is_a_config_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(ConfigError, match=r"locked/report\.txt: cannot write \(Permission denied\)"):
            write_atomic(folder / "report.txt", lambda path: path.write_text("x", encoding="utf-8"))
    finally:
        folder.chmod(0o755)
