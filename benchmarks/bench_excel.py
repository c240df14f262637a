"""Excel report: our writer against bare openpyxl writing the same ledger cells.

Builds a synthetic portfolio (84 sites x 10 electricity and 10 gas meters, monthly bills from mid-month
to mid-month over 2021, so every bill makes two month slices; a green certificate on every fourth site),
runs the real pipeline (``carbon_cli.calculate``), keeps the first 100,000 ledger rows, then times

- **ours**: ``carbon_cli.render.excel.save`` -- the whole workbook (Summary with charts, By month, By
  site, By activity, a 100,000-row Ledger sheet, Factors used, Data quality), from the inventory;
- **bare**: openpyxl (write-only) appending the same Ledger cells -- header and 100,000 rows of the same
  values, prepared before the clock starts -- to a one-sheet workbook and saving it.

Runs alternate (bare, ours, bare, ours ...) so that a busy machine slows both alike; wall-clock and
CPU time are both measured (CPU time is steadier when other processes share the cores), and the ratios
of the best runs and of the medians are printed. The goal: ours <= 1.3 x bare.

    python benchmarks/bench_excel.py            # 3 runs each (about 3 minutes on 2 cores)
    python benchmarks/bench_excel.py --runs 5 --rows 100000
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from carbon_cli import Inventory

REGIONS = ["CN-CQ", "CN-SC", "CN-BJ", "CN-SH", "CN-GD", "CN-ZJ", "CN-JS", "CN-HB", "CN-HN", "CN-SD", "CN-YN"]


def make_portfolio(folder: Path, sites: int = 84, meters: int = 10) -> list[Path]:
    """Write ``sites`` site YAMLs with their bills; returns the YAML paths."""
    starts = [dt.date(2020, 12, 15)] + [dt.date(2021, month, 15) for month in range(1, 13)]
    paths = []
    for number in range(sites):
        site = folder / f"site-{number:03d}"
        site.mkdir(parents=True)
        power = ["start,end,quantity,unit,meter"]
        gas = ["start,end,quantity,meter"]
        for meter in range(meters):
            for index, start in enumerate(starts):
                end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 14)
                power.append(f"{start},{end},{1000 + 37 * ((number + meter + index) % 23)},kWh,E{meter:02d}")
                gas.append(f"{start},{end},{100 + 11 * ((number * meter + index) % 17)},G{meter:02d}")
        (site / "power.csv").write_text("\n".join(power) + "\n", encoding="utf-8")
        (site / "gas.csv").write_text("\n".join(gas) + "\n", encoding="utf-8")
        certificate = (
            f"instruments:\n  - {{type: green_certificate, id: GEC-{number:03d}, quantity: 50000 kWh}}\n"
            if number % 4 == 0
            else ""
        )
        yaml = (
            f"site: {{id: site-{number:03d}, name: Site {number}, region: {REGIONS[number % len(REGIONS)]}, "
            f"floor_area_m2: {2000 + 10 * number}, headcount: {50 + number}}}\n"
            "period: {start: 2021-01-01, end: 2021-12-31}\n"
            "bills:\n  - {path: power.csv, activity: electricity}\n"
            "  - {path: gas.csv, activity: natural_gas, unit: m3}\n" + certificate
        )
        (site / "site.yaml").write_text(yaml, encoding="utf-8")
        paths.append(site / "site.yaml")
    return paths


def bare_rows(inventory: Inventory) -> list[tuple]:
    """The Ledger sheet's header and rows as plain values, the way our writer hands them to openpyxl."""
    from carbon_cli.render import ledger_out

    frame = ledger_out.table(inventory)
    values = frame.astype(object).where(frame.notna(), None)
    values = values.where(values != "", None)
    return [tuple(frame.columns), *values.itertuples(index=False, name=None)]


def write_bare(rows: list[tuple], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Ledger")
    for row in rows:
        sheet.append(row)
    book.save(path)


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``action()`` (CPU time is steadier on a shared machine)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    import numpy
    import openpyxl
    import pandas

    from carbon_cli import calculate
    from carbon_cli.render import excel

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        started = time.perf_counter()
        inventory = calculate(make_portfolio(folder / "sites"))
        calculated = time.perf_counter() - started
        total = len(inventory.ledger)
        capped = inventory.ledger.iloc[: args.rows].reset_index(drop=True)
        inventory = dataclasses.replace(inventory)
        inventory.__dict__["ledger"] = capped  # Inventory.ledger is a cached_property: this is its cached value
        rows = bare_rows(inventory)
        print(
            f"portfolio: {len(inventory.sites)} sites, {total:,} ledger rows calculated in {calculated:.1f} s; "
            f"timing with the first {len(inventory.ledger):,} rows x {len(rows[0])} columns"
        )

        ours: list[tuple[float, float]] = []  # (wall, CPU) seconds
        bare: list[tuple[float, float]] = []
        for run in range(args.runs):
            bare.append(timed(lambda: write_bare(rows, folder / "bare.xlsx")))
            ours.append(timed(lambda: excel.save(inventory, folder / "ours.xlsx", ledger_rows=args.rows, force=True)))
            (bare_wall, bare_cpu), (ours_wall, ours_cpu) = bare[-1], ours[-1]
            print(
                f"run {run + 1}: bare {bare_wall:.2f} s ({bare_cpu:.2f} s CPU), ours {ours_wall:.2f} s "
                f"({ours_cpu:.2f} s CPU), ratio {ours_wall / bare_wall:.3f} (CPU {ours_cpu / bare_cpu:.3f})"
            )
        sizes = (folder / "bare.xlsx").stat().st_size, (folder / "ours.xlsx").stat().st_size

    for name, times, size in (("bare openpyxl", bare, sizes[0]), ("ours", ours, sizes[1])):
        wall, cpu_time = [t[0] for t in times], [t[1] for t in times]
        print(
            f"{name:>13}: wall best {min(wall):.2f} s, median {statistics.median(wall):.2f} s; CPU best "
            f"{min(cpu_time):.2f} s, median {statistics.median(cpu_time):.2f} s; "
            f"{len(inventory.ledger) / min(wall):,.0f} rows/s; {size / 1e6:.1f} MB"
        )
    for what, index in (("wall", 0), ("CPU", 1)):
        print(
            f"ratio ours/bare ({what}): best {min(t[index] for t in ours) / min(t[index] for t in bare):.3f}, "
            f"median {statistics.median(t[index] for t in ours) / statistics.median(t[index] for t in bare):.3f}"
            " (goal <= 1.3)"
        )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    try:
        import lxml  # noqa: F401

        has_lxml = "yes"
    except ImportError:
        has_lxml = "no"
    print(
        f"machine: nproc {os.cpu_count()}, {cpu}; Python {platform.python_version()}; openpyxl "
        f"{openpyxl.__version__} (lxml: {has_lxml}); pandas {pandas.__version__}; numpy {numpy.__version__}"
    )


if __name__ == "__main__":
    main()
