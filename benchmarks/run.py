"""Time `carbon` against the bare floors on the same files, in one run, as whole processes.

Each command runs as a fresh process (after one warm-up), several times; the median wall time
and the peak resident memory (from wait4) are reported, with the ratios the issue sets:

- 1M bill rows, CSV -> inventory JSON      <= 2.0 x  python -c "import pandas; pandas.read_csv(...)"
- 1M bill rows, Parquet -> inventory JSON  <= 2.0 x  python -c "import pandas; pandas.read_parquet(...)"
- 100k-row XLSX -> inventory               <= 1.3 x  python -c "import pandas; read_excel(engine='calamine')"
- carbon --help                            <= 1.3 x  python -c "import typer"
- 1,000 site files of 12 bills each        <= 10 x   one such site file
- peak memory for 1M rows                  <= 3 x    the in-memory size of the bill table

Usage: python benchmarks/generate.py && python benchmarks/run.py [--runs 5] [--only csv,help]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
PY = sys.executable
CARBON = [PY, "-m", "carbon_cli"]


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall seconds and peak RSS (MiB) of a command run as a fresh process."""
    times, peaks = [], []
    for attempt in range(runs + 1):
        began = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=DATA)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - began
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
        if attempt:  # the first run warms the page cache and the bytecode cache
            times.append(elapsed)
            peaks.append(usage.ru_maxrss / 1024)
    return statistics.median(times), max(peaks)


# This process stays free of pandas: a child's peak memory (ru_maxrss) would otherwise start
# from the size of this process, which it is forked from.
def bill_table_mib(path: Path) -> float:
    code = f"import pandas as pd; print(pd.read_parquet({str(path)!r}).memory_usage(deep=True).sum() / 1024**2)"
    return float(subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    code = (
        "import pandas, pint, pyarrow, typer; print(f'pandas {pandas.__version__}, pyarrow {pyarrow.__version__},"
        " pint {pint.__version__}, typer {typer.__version__}')"
    )
    versions = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    return f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}; {versions}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="help,csv,parquet,xlsx,sites,memory")
    args = parser.parse_args()
    only = set(args.only.split(","))
    if not (DATA / "bills_1m.csv").exists():
        raise SystemExit("no data: run python benchmarks/generate.py first")
    print(f"machine: {machine()}\n")
    rows: list[tuple[str, float, float, float, float, float]] = []

    def compare(name: str, ours: list[str], floor: list[str], target: float) -> None:
        ours_s, ours_mib = measure(ours, args.runs)
        floor_s, floor_mib = measure(floor, args.runs)
        rows.append((name, ours_s, floor_s, ours_s / floor_s, target, ours_mib))
        print(
            f"{name:38s} ours {ours_s:7.3f} s  floor {floor_s:7.3f} s  ratio {ours_s / floor_s:5.2f}"
            f" (target <= {target})  peak {ours_mib:6.0f} MiB (floor {floor_mib:.0f})",
            flush=True,
        )

    if "help" in only:
        compare("carbon --help", [*CARBON, "--help"], [PY, "-c", "import typer"], 1.3)
    if "csv" in only:
        compare(
            "1M rows CSV -> JSON",
            [*CARBON, "calc", "portfolio_1m_csv.yaml", "--format", "json", "-q"],
            [PY, "-c", "import pandas; pandas.read_csv('bills_1m.csv')"],
            2.0,
        )
    if "parquet" in only:
        compare(
            "1M rows Parquet -> JSON",
            [*CARBON, "calc", "portfolio_1m_parquet.yaml", "--format", "json", "-q"],
            [PY, "-c", "import pandas; pandas.read_parquet('bills_1m.parquet')"],
            2.0,
        )
    if "xlsx" in only and (DATA / "bills_100k.xlsx").exists():
        compare(
            "100k rows XLSX -> JSON",
            [*CARBON, "calc", "portfolio_100k_xlsx.yaml", "--format", "json", "-q"],
            [PY, "-c", "import pandas; pandas.read_excel('bills_100k.xlsx', engine='calamine')"],
            1.3,
        )
    if "sites" in only:
        sites = sorted(str(p.relative_to(DATA)) for p in (DATA / "sites").glob("*.yaml"))
        one = sorted(str(p.relative_to(DATA)) for p in (DATA / "one-site").glob("*.yaml"))
        compare(
            "1,000 site files vs one",
            [*CARBON, "calc", *sites, "--format", "json", "-q"],
            [*CARBON, "calc", *one, "--format", "json", "-q"],
            10.0,
        )
    if "memory" in only:
        table = bill_table_mib(DATA / "bills_1m.parquet")
        peak = next((r[5] for r in rows if r[0].startswith("1M rows CSV")), None)
        if peak is None:
            peak = measure([*CARBON, "calc", "portfolio_1m_csv.yaml", "--format", "json", "-q"], 1)[1]
        print(
            f"{'peak memory, 1M rows CSV':38s} {peak:.0f} MiB vs bill table {table:.0f} MiB in memory:"
            f" ratio {peak / table:.2f} (target <= 3)"
        )
    if shutil.which("py-spy"):
        print(
            "\nprofile with: py-spy record -o profile.svg -- python -m carbon_cli calc "
            "benchmarks/data/portfolio_1m_csv.yaml --format json -q"
        )


if __name__ == "__main__":
    main()
