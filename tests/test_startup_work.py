"""What a short run does before and besides its calculation (issue 15: start-up within 1.3x of its
libraries' import).

Timing lives in ``benchmarks/bench_startup.py``; these tests hold the decisions that keep the fixed
cost of a run low, and check that the shortcuts give what the general code gives.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "ai-park" / "site.yaml"


def _run_python(code: str, tmp_path: Path) -> str:
    env = {"CARBON_CACHE_DIR": str(tmp_path), "NO_COLOR": "1", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    return done.stdout.strip().splitlines()[-1]


def test_issue_15_a_calc_run_never_walks_its_imports_with_the_garbage_collector(tmp_path: Path) -> None:
    """The objects a run imports live as long as the process: every collection before they are
    frozen (``common.imports_done``) walked them and freed next to nothing (0.05 s of CPU)."""
    code = (
        "import contextlib, gc, io, json, sys\n"
        "unfrozen = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and unfrozen.append(gc.get_freeze_count() == 0))\n"
        "import carbon_cli\n"  # the package's own few imports come before the CLI's setting
        "before = len(unfrozen)\n"
        "from carbon_cli.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        app(['calc', {str(SAMPLE)!r}, '-f', 'json', '-q'], prog_name='carbon')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps([sum(unfrozen[before:]), len(unfrozen) - before, gc.get_threshold()]))\n"
    )
    unfrozen, collections, threshold = json.loads(_run_python(code, tmp_path))
    assert unfrozen == 0
    assert collections > 0  # the calculation's own objects are still collected ...
    assert threshold == [700, 10, 10]  # ... at Python's usual pace
