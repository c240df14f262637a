"""Start-up cost of ``carbon calc`` against the import of the libraries the run needs (issue 15).

Runs, alternately, in fresh processes:

- **calc**: ``python -m carbon_cli calc sample_data/ai-park/site.yaml --format json -q`` (stdout to
  /dev/null), in each checkout given (default: this one);
- **deps**: ``python -c "import pandas, numpy, pint, pydantic, yaml, openpyxl, rich, typer"``.

It reports the CPU time (user + sys of the child, from ``getrusage``) and wall time of each, the
medians over ``--runs`` rounds, and the ratio of each calc's median CPU time to the deps' one.
The machine may be shared: the rounds alternate so that a busy moment hits every command.
Each checkout's modules are compiled to byte-code first, as installing the wheel does.

    python benchmarks/bench_startup.py --runs 9
    python benchmarks/bench_startup.py --runs 9 --also /path/to/an/older/checkout
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPS = "import pandas, numpy, pint, pydantic, yaml, openpyxl, rich, typer"
CALC = ["-m", "carbon_cli", "calc", "sample_data/ai-park/site.yaml", "--format", "json", "-q"]


def timed(args: list[str], cwd: Path, cache: Path) -> tuple[float, float]:
    """CPU (user + sys) and wall seconds of one child process, with its own factor cache folder."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    env = {**os.environ, "NO_COLOR": "1", "CARBON_CACHE_DIR": str(cache)}
    subprocess.run([sys.executable, *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--also", type=Path, action="append", default=[], help="another checkout to time")
    args = parser.parse_args()
    commands = {"deps": (["-c", DEPS], ROOT), "calc": (CALC, ROOT)}
    for other in args.also:
        commands[f"calc ({other.name})"] = (CALC, other.resolve())
    for _, cwd in commands.values():
        # Byte-code, as pip writes it when it installs the wheel (the libraries' own is there
        # already): with PYTHONDONTWRITEBYTECODE set, carbon's 110 modules would otherwise be
        # compiled again on every run, 0.13 s of CPU that no installed carbon pays.
        if (cwd / "carbon_cli").is_dir():
            compileall.compile_dir(cwd / "carbon_cli", quiet=1)
    # Each checkout keeps its prepared factor table in a folder of its own: in one shared folder
    # two checkouts (different code, so different cache keys) would each drop the other's table
    # and rebuild their own on every run.
    scratch = Path(tempfile.mkdtemp(prefix="carbon-bench-"))
    caches = {name: scratch / str(number) for number, name in enumerate(commands)}
    for name, (argv, cwd) in commands.items():  # warm the file cache, pint's and the factor table's caches
        timed(argv, cwd, caches[name])
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, (argv, cwd) in commands.items():
            c, w = timed(argv, cwd, caches[name])
            cpu[name].append(c)
            wall[name].append(w)
    base = statistics.median(cpu["deps"])
    print(f"{'command':<24} {'CPU median':>10} {'CPU best':>9} {'wall median':>11} {'ratio (CPU)':>11}")
    for name in commands:
        median = statistics.median(cpu[name])
        print(
            f"{name:<24} {median:>9.3f}s {min(cpu[name]):>8.3f}s {statistics.median(wall[name]):>10.3f}s "
            f"{median / base:>10.2f}x"
        )


if __name__ == "__main__":
    main()
