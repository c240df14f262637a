"""What a short run loads (issue 15: start-up within 1.3x of its libraries' import).

Timing lives in ``benchmarks/bench_startup.py``; these tests hold the decisions that keep a run
from loading what it does not use.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "ai-park" / "site.yaml"


def _loaded_after(args: list[str], module: str, tmp_path: Path) -> bool:
    code = (
        "import io, contextlib, json, sys\n"
        "from carbon_cli.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        app({args!r}, prog_name='carbon')\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(json.dumps({module!r} in sys.modules))\n"
    )
    env = {"CARBON_CACHE_DIR": str(tmp_path), "NO_COLOR": "1", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return bool(json.loads(done.stdout.strip().splitlines()[-1]))


def test_issue_15_an_english_run_does_not_load_typers_help_module(tmp_path: Path) -> None:
    assert not _loaded_after(["calc", str(SAMPLE), "-f", "json", "-q"], "typer.rich_utils", tmp_path)


def test_issue_15_a_chinese_run_sets_typers_words(tmp_path: Path) -> None:
    assert _loaded_after(["calc", str(SAMPLE), "-f", "json", "-q", "--lang", "zh"], "typer.rich_utils", tmp_path)


NAMES = ["calc", "validate", "init", "inspect", "trend", "diff", "forecast", "factors"]


def test_issue_15_a_run_naming_its_command_builds_that_command_alone() -> None:
    from carbon_cli.cli.only import invoked

    assert invoked(["calc", "site.yaml", "--format", "json"], NAMES) == "calc"
    assert invoked(["--debug", "validate", "site.yaml"], NAMES) == "validate"
    assert invoked(["--lang", "zh", "factors", "list"], NAMES) == "factors"
    assert invoked(["--lang=zh", "calc", "site.yaml"], NAMES) == "calc"


def test_issue_15_help_version_and_unknown_commands_build_every_command() -> None:
    from carbon_cli.cli.only import invoked

    for args in ([], ["--help"], ["-h", "calc"], ["--version"], ["clac", "site.yaml"], ["--lang", "zh"]):
        assert invoked(args, NAMES) is None, args


def test_issue_15_shell_completion_builds_every_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from carbon_cli.cli.only import invoked

    monkeypatch.setenv("_CARBON_COMPLETE", "complete_bash")
    assert invoked(["calc"], NAMES) is None


def test_issue_15_a_json_run_into_a_pipe_loads_no_rich_console(tmp_path: Path) -> None:
    assert not _loaded_after(["calc", str(SAMPLE), "-f", "json", "-q"], "rich.console", tmp_path)


def test_issue_15_a_table_run_still_prints_through_rich(tmp_path: Path) -> None:
    assert _loaded_after(["calc", str(SAMPLE), "-q"], "rich.console", tmp_path)
