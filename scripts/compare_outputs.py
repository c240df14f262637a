"""Record what `carbon` prints for the samples and the benchmark portfolios, and compare byte for byte.

A behaviour-preserving change (a refactor, a speed-up) must leave every byte of these outputs as
it was. Record them before the change, then check after it:

    python scripts/compare_outputs.py record /tmp/before      # on the old commit
    python scripts/compare_outputs.py check /tmp/before       # on the new one: exit 1 on any difference

The cases are the three sample sites (JSON, CSV, table, validate, the messages on stderr) and,
when ``benchmarks/data`` exists (``python benchmarks/generate.py``), the benchmark portfolios
(1M rows CSV and Parquet, 100k XLSX, 1,000 site files). Each case is run as a fresh process with
``python -m carbon_cli`` from the repository root, with colour off and a fixed terminal width.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
SAMPLES = ["ai-park", "uk-office", "us-office"]


def cases() -> dict[str, list[str]]:
    """Case name -> arguments of `carbon`, relative to the repository root."""
    found: dict[str, list[str]] = {}
    for name in SAMPLES:
        site = f"sample_data/{name}/site.yaml"
        found[f"{name}.json"] = ["calc", site, "--format", "json"]
        found[f"{name}.csv"] = ["calc", site, "--format", "csv"]
        found[f"{name}.table"] = ["calc", site]
        found[f"{name}.by-month.json"] = ["calc", site, "--format", "json", "--by", "month", "--by", "activity"]
        found[f"{name}.validate.json"] = ["validate", site, "--format", "json"]
        found[f"{name}.validate.table"] = ["validate", site]
    found["all-samples.json"] = ["calc", *(f"sample_data/{n}/site.yaml" for n in SAMPLES), "--format", "json"]
    found["factors-list.csv"] = ["factors", "list", "--format", "csv"]
    found["factors-show.json"] = ["factors", "show", "cn-mee-nbs-2021-elec-cn-cq-co2", "--format", "json"]
    if (DATA / "portfolio_1m_csv.yaml").exists():
        bench = "benchmarks/data"
        found["bench-1m-csv.json"] = ["calc", f"{bench}/portfolio_1m_csv.yaml", "--format", "json", "-q"]
        found["bench-1m-parquet.json"] = ["calc", f"{bench}/portfolio_1m_parquet.yaml", "--format", "json", "-q"]
        found["bench-100k-csv.validate.json"] = ["validate", f"{bench}/portfolio_100k_csv.yaml", "--format", "json"]
        # --by group is left out: it crashes when every group path has one depth (issue 15)
        by = ["--by", "site", "--by", "month", "--by", "scope"]
        found["bench-100k-csv.by-site-month.json"] = ["calc", f"{bench}/portfolio_100k_csv.yaml", "-f", "json", *by]
        found["bench-100k-csv.table"] = ["calc", f"{bench}/portfolio_100k_csv.yaml"]
        if (DATA / "portfolio_100k_xlsx.yaml").exists():
            found["bench-100k-xlsx.json"] = ["calc", f"{bench}/portfolio_100k_xlsx.yaml", "--format", "json", "-q"]
        sites = sorted(str(p.relative_to(ROOT)) for p in (DATA / "sites").glob("*.yaml"))
        if sites:
            found["bench-1000-sites.json"] = ["calc", *sites, "--format", "json"]
    return found


def run(arguments: list[str]) -> tuple[bytes, bytes, int]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "TERM": "dumb"}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "carbon_cli", *arguments], cwd=ROOT, env=env, capture_output=True, check=False
    )
    return done.stdout, done.stderr, done.returncode


def record(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, arguments in cases().items():
        stdout, stderr, code = run(arguments)
        (folder / f"{name}.out").write_bytes(stdout)
        (folder / f"{name}.err").write_bytes(stderr + f"\nexit {code}\n".encode())
        print(f"recorded {name}: {len(stdout):,} bytes, exit {code}", flush=True)


def check(folder: Path) -> int:
    failed = 0
    for name, arguments in cases().items():
        expected_out = folder / f"{name}.out"
        if not expected_out.exists():
            print(f"skip {name}: not recorded")
            continue
        stdout, stderr, code = run(arguments)
        before = failed
        for kind, got, want in (
            ("stdout", stdout, expected_out.read_bytes()),
            ("stderr", stderr + f"\nexit {code}\n".encode(), (folder / f"{name}.err").read_bytes()),
        ):
            if got == want:
                continue
            failed += 1
            print(f"DIFFERENT {name} {kind}")
            diff = difflib.unified_diff(
                want.decode(errors="replace").splitlines()[:2000],
                got.decode(errors="replace").splitlines()[:2000],
                "before",
                "after",
                lineterm="",
            )
            for line in list(diff)[:20]:
                print("   ", line[:200])
        if failed == before:
            print(f"identical {name}", flush=True)
    print("all identical" if not failed else f"{failed} outputs differ")
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "check"])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.action == "record":
        record(args.folder)
    else:
        raise SystemExit(check(args.folder))


if __name__ == "__main__":
    main()
