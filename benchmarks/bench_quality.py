"""Time the data-quality checks (``quality.assess``) on a benchmark portfolio, and check them.

    python benchmarks/bench_quality.py benchmarks/data/portfolio_1m_csv.yaml
    python benchmarks/bench_quality.py benchmarks/data/portfolio_1m_csv.yaml --category --runs 3
    python benchmarks/bench_quality.py PORTFOLIO --save ref.pkl     # keep findings and coverage
    python benchmarks/bench_quality.py PORTFOLIO --check ref.pkl    # ... and compare with them later
    python benchmarks/bench_quality.py PORTFOLIO --profile          # cProfile of one run

The bills are read the way ``carbon calc`` reads them (``--category`` turns their text columns
into pandas categoricals first); only :func:`carbon_cli.inventory._quality` is timed (wall and
CPU time: the CPU time is the steadier figure while other jobs share the machine). A
``--check`` compares findings and coverage with a saved run value by value and in order
(text compared as text, so a str run and a category run must agree too).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pickle
import pstats
import statistics
import time
from pathlib import Path
from typing import Any

import pandas as pd

from carbon_cli import inventory

TEXT = ["site", "meter", "activity", "unit", "source_file", "bill_unit"]
TODAY = dt.date(2026, 11, 23)


def load(portfolio: str, category: bool, cache: Path | None) -> tuple[Any, pd.DataFrame, dict[str, Any]]:
    sources = inventory._load_configs([portfolio])
    if cache is not None and cache.exists():
        bills = pd.read_pickle(cache)
    else:
        bills = inventory._read_all(sources, None)
        if cache is not None:
            bills.to_pickle(cache)
    if category:
        bills = bills.astype({c: "category" for c in TEXT if c in bills})
    periods = {cfg.site.id: inventory._period(cfg, None) for cfg in sources.configs}
    return sources.configs, bills, periods


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Text and categorical columns as object, so runs compare by value."""
    out = frame.copy()
    for column in out:
        if isinstance(out[column].dtype, pd.CategoricalDtype) or out[column].dtype in (object, "str"):
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {str(column): str(dtype) for column, dtype in frame.dtypes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("portfolio")
    parser.add_argument("--category", action="store_true", help="text columns as pandas categoricals")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--cache", type=Path, help="pickle of the bill table (read once, then reused)")
    parser.add_argument("--save", type=Path, help="write findings and coverage here")
    parser.add_argument("--check", type=Path, help="compare findings and coverage with this saved run")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run")
    args = parser.parse_args()

    configs, bills, periods = load(args.portfolio, args.category, args.cache)
    print(f"{len(bills):,} bills, {len(configs):,} sites, text as {'category' if args.category else 'str'}")
    times, cpu = [], []
    for _ in range(args.runs):
        started, used = time.perf_counter(), time.process_time()
        findings, coverage = inventory._quality(configs, bills, periods, TODAY)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    print(
        f"quality: wall best {min(times):.3f} s, median {statistics.median(times):.3f} s; CPU best {min(cpu):.3f} s "
        f"over {len(times)} run(s); {len(findings):,} findings, {len(coverage):,} coverage rows"
    )
    print(findings["check"].value_counts().to_dict())
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        inventory._quality(configs, bills, periods, TODAY)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    if args.save:
        with args.save.open("wb") as file:
            pickle.dump((plain(findings), plain(coverage), dtypes(findings), dtypes(coverage)), file)
    if args.check:
        with args.check.open("rb") as file:
            want_findings, want_coverage, want_types, want_cover_types = pickle.load(file)
        assert dtypes(findings) == want_types, (dtypes(findings), want_types)
        assert dtypes(coverage) == want_cover_types, (dtypes(coverage), want_cover_types)
        pd.testing.assert_frame_equal(plain(findings), want_findings, check_exact=True)
        pd.testing.assert_frame_equal(plain(coverage), want_coverage, check_exact=True)
        print("findings and coverage: identical to", args.check)


if __name__ == "__main__":
    main()
