"""The reader of stdout going away (``carbon calc ... | head -1``): exit 0, nothing on stderr
about it (issue 15). Exit 1 means data-quality findings, so Click's and Rich's exit 1 on a broken
pipe would tell a script the sample had findings it does not have."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = str(ROOT / "sample_data" / "ai-park" / "site.yaml")


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess[str]:
    """``carbon ARGS`` with stdout a pipe whose reading end is closed before carbon writes a byte."""
    reading, writing = os.pipe()
    os.close(reading)
    try:
        return subprocess.run(
            [sys.executable, "-m", "carbon_cli", *args],
            stdout=writing,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=120,
        )
    finally:
        os.close(writing)


@pytest.mark.parametrize(
    "args",
    [
        ("calc", SITE, "-q"),  # a Rich table through the stdout console
        ("calc", SITE, "--format", "csv", "-q"),  # text past Rich
        ("calc", SITE, "--format", "json"),  # notices after the output: never reached
        ("factors", "list"),  # a long listing
    ],
    ids=["table", "csv", "json", "factors-list"],
)
def test_issue_15_a_closed_stdout_pipe_exits_0_quietly(args: tuple[str, ...]) -> None:
    done = run_into_closed_pipe(*args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Error" not in done.stderr
    assert "Exception ignored" not in done.stderr
