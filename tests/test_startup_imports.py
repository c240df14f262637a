"""What a short run loads (issue 15: start-up within 1.3x of its libraries' import).

Timing lives in ``benchmarks/bench_startup.py``; these tests hold the decisions that keep a run
from loading what it does not use.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
