"""The usage line of every command names its arguments as Click always did, ``SITES...`` (issue 14).

Typer 0.29 writes a required argument as ``{sites}...``, which reads like a placeholder left
unfilled (or a set of choices); the usage line is what a user copies.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from carbon_cli.cli import app

USAGE = {
    ("calc",): "carbon calc [OPTIONS] SITES...",
    ("validate",): "carbon validate [OPTIONS] SITES...",
    ("trend",): "carbon trend [OPTIONS] SITES...",
    ("forecast",): "carbon forecast [OPTIONS] SITES...",
    ("diff",): "carbon diff [OPTIONS] INPUTS...",
    ("init",): "carbon init [OPTIONS] FOLDER",
    ("inspect",): "carbon inspect [OPTIONS] FILE",
    ("factors", "show"): "carbon factors show [OPTIONS] FACTOR_ID",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("command", sorted(USAGE))
def test_issue_14_usage_names_arguments_in_capitals_without_braces(command: tuple[str, ...], lang: str) -> None:
    result = CliRunner().invoke(app, [*command, "--help", "--lang", lang], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    usage = next(line for line in result.stdout.splitlines() if "[OPTIONS]" in line)
    assert USAGE[command].split(" ", 1)[1] in usage
    assert "{" not in usage and "}" not in usage


def test_issue_14_a_missing_argument_still_names_it() -> None:
    result = CliRunner().invoke(app, ["calc"], env={"COLUMNS": "80"})
    assert result.exit_code == 2
    assert "SITES..." in result.output and "{" not in result.output
