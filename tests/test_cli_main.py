"""The app as a whole: `carbon --help` and every command's help stay light."""

from __future__ import annotations

import subprocess
import sys

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
