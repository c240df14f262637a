"""Interval data at scale: a year of 15-minute readings for 1,000 meters (35,136,000 rows).

    python benchmarks/bench_interval.py                 # writes the data once (about 1.1 GB), then times
    python benchmarks/bench_interval.py --meters 100    # a smaller run

The data (``benchmarks/interval_data/interval_<meters>.csv``, git-ignored) is the generic long form
``timestamp,kWh,meter``: 2024 (366 days x 96 intervals) for each meter, an office-like profile
with noise. It is written once by :func:`generate` and reused.

Each run is a fresh Python process that reads the file through the real reader
(``carbon_cli.bills.read_many``: the interval file summed to meter-days while read, then the
canonical table) and, with ``--validate``, runs ``carbon_cli.validate`` on a site YAML naming
it. The parent reports the child's wall time, CPU time (user + system) and peak resident set
size (``ru_maxrss`` of the child), and checks the total against the generator's own sum.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

DATA = Path(__file__).resolve().parent / "interval_data"
DAYS, PER_DAY = 366, 96


def generate(meters: int, path: Path) -> float:
    """Write the file; returns its total kWh (the sum of the values as written, 3 decimals)."""
    rng = np.random.default_rng(12)
    start = np.datetime64("2024-01-01T00:00")
    stamps = start + np.arange(DAYS * PER_DAY) * np.timedelta64(15, "m")
    text = pa.array(np.datetime_as_string(stamps, unit="m"))
    text = pc.replace_substring(text, "T", " ")
    slot = np.arange(DAYS * PER_DAY) % PER_DAY
    weekday = (np.arange(DAYS * PER_DAY) // PER_DAY + 0) % 7 < 5  # 2024-01-01 is a Monday
    shape = np.where((slot >= 32) & (slot < 76) & weekday, 1.0, 0.35)
    total = 0.0
    batch = 50
    with pacsv.CSVWriter(
        path, pa.schema([("timestamp", pa.string()), ("kWh", pa.float64()), ("meter", pa.string())])
    ) as out:
        for first in range(0, meters, batch):
            count = min(batch, meters - first)
            size = rng.uniform(0.5, 8.0, count)
            values = np.round(size[:, None] * shape[None, :] * rng.uniform(0.85, 1.15, (count, len(shape))), 3)
            total += float(values.sum())
            names = pa.array(np.repeat([f"MTR{first + i:05d}" for i in range(count)], len(shape)))
            table = pa.table({"timestamp": pa.concat_arrays([text] * count), "kWh": values.reshape(-1), "meter": names})
            out.write_table(table)
    return total


_CHILD = """
import json, sys, time
t = time.perf_counter()
from pathlib import Path
from carbon_cli import config
from carbon_cli.bills import read_many
from carbon_cli.factors import activities
if sys.argv[2] == "validate":
    from carbon_cli.inventory import validate
    result = validate([sys.argv[1]])
    print(json.dumps({"seconds": time.perf_counter() - t, "findings": len(result.findings)}))
else:
    days = []
    source = config.BillSource(path=Path(sys.argv[1]), activity="electricity")
    bills = read_many([("bench", source, "interval.csv")], activities=activities(), intervals=days)
    print(json.dumps({"seconds": time.perf_counter() - t, "rows": len(bills),
                      "kwh": float(bills["quantity"].sum()), "meter_days": sum(len(d) for d in days)}))
"""


def run(path: Path, what: str) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), what], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"the run failed:\n{out.stderr}")
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(out.stdout)
    result |= {
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_rss_mib": after.ru_maxrss / 1024,  # the largest child so far (Linux: KiB)
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--validate", action="store_true", help="also time carbon validate on the file")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    path = DATA / f"interval_{args.meters}.csv"
    total_file = path.with_suffix(".total")
    if not path.exists() or not total_file.exists():
        t = time.perf_counter()
        total_file.write_text(repr(generate(args.meters, path)))
        print(f"wrote {path} ({path.stat().st_size / 1e9:.2f} GB) in {time.perf_counter() - t:.0f} s")
    expected = float(total_file.read_text())
    rows = args.meters * DAYS * PER_DAY
    print(
        f"{rows:,} rows, {args.meters:,} meters, {path.stat().st_size / 1e9:.2f} GB; expected total {expected:,.3f} kWh"
    )
    for number in range(args.runs):
        got = run(path, "read")
        ok = abs(got["kwh"] - expected) <= 1e-6 * expected
        print(
            f"read  run {number + 1}: wall {got['wall']:.1f} s, CPU {got['cpu']:.1f} s, peak RSS "
            f"{got['peak_rss_mib']:,.0f} MiB, {got['meter_days']:,} meter-days, total {got['kwh']:,.3f} kWh "
            f"({'matches' if ok else 'DIFFERS'})"
        )
    if args.validate:
        site = DATA / f"interval_{args.meters}.yaml"
        site.write_text(
            "site: {id: bench, name: Bench, region: US-CA}\n"
            "period: {start: 2024-01-01, end: 2024-12-31}\n"
            f"bills:\n  - path: {path.name}\n    activity: electricity\n"
        )
        got = run(site, "validate")
        print(
            f"validate: wall {got['wall']:.1f} s, CPU {got['cpu']:.1f} s, peak RSS {got['peak_rss_mib']:,.0f} MiB, "
            f"{got['findings']:,} findings"
        )


if __name__ == "__main__":
    main()
