"""The app as a whole: every command's help stays light; what a command leaves uncaught becomes an exit code."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli import InputDataError
from carbon_cli.cli import app

#: Every command's help, in one fresh interpreter (a test process has long loaded pandas).
HELP = [["--help"], ["calc", "--help"], ["validate", "--help"], ["init", "--help"], ["factors", "list", "--help"]]
HEAVY = ("pandas", "pint", "openpyxl", "numpy")


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom carbon_cli.cli import app\n"
        f"for command in {HELP!r}:\n"
        "    assert CliRunner().invoke(app, command).exit_code == 0, command\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# Issue 15.1 / 16.4: a bug is exit 4 with one line, never exit 1 (data-quality findings).
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "ai-park" / "site.yaml"


def broken(error: BaseException) -> Callable[..., object]:
    def calculate(*args: object, **kwargs: object) -> object:
        raise error

    return calculate


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "200", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def test_issue_16_an_internal_error_exits_4_with_one_line_and_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CARBON_DEBUG", raising=False)
    monkeypatch.setattr("carbon_cli.inventory.calculate", broken(RuntimeError("boom\nin two lines")))
    code, out, err = invoke("calc", str(SAMPLE), "--format", "csv")
    assert code == 4
    assert out == ""
    assert err.splitlines() == [
        "Error: internal error: RuntimeError: boom\\nin two lines. This is a bug in carbon; please report it "
        "with the command you ran (rerun with --debug for the traceback)"
    ]
    assert "Traceback" not in err


def test_issue_16_debug_shows_the_traceback_of_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("carbon_cli.inventory.calculate", broken(RuntimeError("boom")))
    code, _, err = invoke("--debug", "calc", str(SAMPLE))
    assert code == 4
    assert err.startswith("Traceback (most recent call last):")
    assert "RuntimeError: boom" in err
    assert err.splitlines()[-1].startswith("Error: internal error: RuntimeError: boom. This is a bug in carbon")


@pytest.mark.parametrize(("value", "shown"), [("1", True), ("yes", True), ("0", False), ("", False)])
def test_issue_16_carbon_debug_in_the_environment_is_debug(
    monkeypatch: pytest.MonkeyPatch, value: str, shown: bool
) -> None:
    monkeypatch.setattr("carbon_cli.inventory.calculate", broken(ValueError("odd")))
    code, _, err = invoke("calc", str(SAMPLE), env={"CARBON_DEBUG": value})
    assert code == 4
    assert ("Traceback (most recent call last):" in err) is shown


def test_issue_16_an_internal_error_in_any_command_exits_4(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CARBON_DEBUG", raising=False)
    monkeypatch.setattr("carbon_cli.factors.factor_sets", broken(KeyError("set")))
    code, _, err = invoke("factors", "sets")
    assert code == 4
    assert err.startswith("Error: internal error: KeyError: 'set'.")


def test_issue_16_a_carbon_error_a_command_left_uncaught_is_still_its_own_exit_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("carbon_cli.factors.factor_sets", broken(InputDataError("bad row", where="f.csv row 3")))
    code, _, err = invoke("factors", "sets")
    assert (code, err.strip()) == (3, "Error: f.csv row 3: bad row")


def test_ctrl_c_exits_130_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("carbon_cli.inventory.calculate", broken(KeyboardInterrupt()))
    code, out, err = invoke("calc", str(SAMPLE))
    assert (code, out, err) == (130, "", "Interrupted.\n")


def test_usage_errors_stay_exit_2() -> None:
    code, _, err = invoke("calc", str(SAMPLE), "--no-such-option")
    assert code == 2
    assert "No such option" in err
    assert "internal error" not in err


@pytest.mark.parametrize("year", ["0", "99999", "-5", "10000", "99999999999999999999999"])
@pytest.mark.parametrize(
    "command", [["calc", str(SAMPLE)], ["validate", str(SAMPLE)], ["factors", "list"], ["init", "new-site"]]
)
def test_issue_16_a_year_outside_1_to_9999_is_one_line_exit_2(
    command: list[str], year: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(*command, "--year", year)
    assert (code, out) == (2, "")
    assert err == f"Error: --year {year} is out of range. Give a calendar year from 1 to 9999, e.g. 2021\n"
    assert list(tmp_path.iterdir()) == []  # init wrote nothing


@pytest.mark.parametrize("year", ["1", "9999"])
def test_the_first_and_last_calendar_years_pass_the_option_check(year: str) -> None:
    code, _, err = invoke("calc", str(SAMPLE), "--year", year)
    # the sample's period is 2021: the period check, not the option's range, refuses these
    assert code == 2
    assert f"--year {year} is outside the period 2021-01-01..2021-12-31" in err


def test_issue_16_escape_codes_from_the_data_reach_the_terminal_only_as_visible_text(tmp_path: Path) -> None:
    # A site name and a meter that would clear the screen and print fake red text.
    (tmp_path / "power.csv").write_text(
        'start,end,quantity,unit,meter\n2021-01-01,2021-01-31,100,kWh,"m\x1b[2J\x1b[31mFAKE"\n', encoding="utf-8"
    )
    site = tmp_path / "site.yaml"
    site.write_text(
        'site: {id: s1, name: "Evil\\e[2J\\e[31m park", region: CN-CQ}\n'
        "period: {start: 2021-01-01, end: 2021-12-31}\nbills:\n  - {path: power.csv, activity: electricity}\n",
        encoding="utf-8",
    )
    for command in (["calc", str(site)], ["validate", str(site)], ["calc", str(site), "--by", "site"]):
        result = CliRunner().invoke(app, command, env={"COLUMNS": "200"})
        assert "\x1b" not in result.stdout and "\x1b" not in result.stderr, command
    assert "Evil\\x1b[2J\\x1b[31m park" in CliRunner().invoke(app, ["calc", str(site)]).stdout


def test_visible_writes_control_characters_as_escapes_and_keeps_tab_and_newline() -> None:
    from carbon_cli.cli.common import visible

    assert visible("a\x1b[31mb\tc\nd\x9b") == "a\\x1b[31mb\tc\nd\\x9b"


@pytest.mark.parametrize("command", ["calc", "validate", "init"])
def test_issue_15_every_command_help_ends_with_examples(command: str) -> None:
    result = CliRunner().invoke(app, [command, "-h"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    tail = result.stdout[result.stdout.index("Examples:") :]
    assert 2 <= tail.count(f"$ carbon {command} ") <= 4


def test_issue_15_flags_are_shown_as_flags_without_a_type() -> None:
    result = CliRunner().invoke(app, ["calc", "--help"], env={"COLUMNS": "120"})
    assert "--force" in result.stdout and "<bool>" not in result.stdout


def test_issue_15_shell_completion_can_be_installed() -> None:
    assert "--install-completion" in CliRunner().invoke(app, ["-h"], env={"COLUMNS": "120"}).stdout
