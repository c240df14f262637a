"""Generate synthetic portfolios for the benchmarks (seeded, so every run sees the same data).

Writes into benchmarks/data/ (git-ignored):

- ``sites.csv``: 1,000 sites (id, name, region, floor_area_m2, group) across Chinese provinces;
- ``bills_{10k,100k,1m}.csv`` and ``.parquet``: one table of bills for all sites (site, meter,
  activity, start, end, quantity, unit); monthly bills from the 15th to the 15th;
- ``bills_100k.xlsx``: the 100k table as a workbook (written with xlsxwriter when installed,
  else openpyxl);
- ``portfolio_{10k,100k,1m}_{csv,parquet}.yaml``, ``portfolio_100k_xlsx.yaml``: portfolio files;
- ``sites/site-0000.yaml`` ... ``site-0999.yaml``: 1,000 site files of 12 bills each (every
  fourth with a green certificate), and
  ``one-site.yaml`` (the first of them alone).

Usage: python benchmarks/generate.py [--sizes 10k,100k,1m] [--no-xlsx]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parent / "data"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
PROVINCES = ["CN-BJ", "CN-SH", "CN-GD", "CN-JS", "CN-ZJ", "CN-SD", "CN-HB", "CN-SC", "CN-CQ", "CN-HA"]
CITIES = {
    "CN-BJ": "Beijing",
    "CN-SH": "Shanghai",
    "CN-GD": "Guangzhou",
    "CN-JS": "Nanjing",
    "CN-ZJ": "Hangzhou",
    "CN-SD": "Jinan",
    "CN-HB": "Wuhan",
    "CN-SC": "Chengdu",
    "CN-CQ": "Chongqing",
    "CN-HA": "Zhengzhou",
}
# activity, unit, share of rows, typical monthly quantity
MIX = [
    ("electricity", "kWh", 0.55, 40_000.0),
    ("electricity", "度", 0.10, 40_000.0),
    ("natural_gas", "m3", 0.20, 3_000.0),
    ("heat", "GJ", 0.10, 300.0),
    ("diesel", "t", 0.05, 2.0),
]
PERIOD = ("2021-01-01", "2021-12-31")


def sites(count: int = 1000) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    regions = rng.choice(PROVINCES, count)
    return pd.DataFrame(
        {
            "id": [f"site-{i:04d}" for i in range(count)],
            "name": [f"Building {i}" for i in range(count)],
            "region": regions,
            "floor_area_m2": rng.integers(1_000, 80_000, count),
            "group": [f"China/{CITIES[r]}/Park {i // 25}/Building {i}" for i, r in enumerate(regions)],
        }
    )


def bills(rows: int, site_ids: pd.Series, seed: int = 11) -> pd.DataFrame:
    """Monthly bills as a billing export has them: each meter one unbroken run of 13 bills from
    the 15th to the 15th (2020-12-15 .. 2022-01-15, so the first and last straddle 2021); the
    meters spread over the sites, each with one activity and unit."""
    rng = np.random.default_rng(seed)
    months = 13
    meters = -(-rows // months)
    kind = rng.choice(len(MIX), meters, p=[m[2] for m in MIX])
    site = site_ids.to_numpy()[np.arange(meters) % len(site_ids)]
    meter_ids = np.array([f"m{i // len(site_ids)}" for i in range(meters)])
    first = pd.to_datetime("2020-12-15").to_numpy().astype("datetime64[M]")
    offset = np.tile(np.arange(months), meters)[:rows]
    which = np.repeat(np.arange(meters), months)[:rows]
    start = (first + offset).astype("datetime64[D]") + 14
    end = (first + offset + 1).astype("datetime64[D]") + 14
    typical = np.array([m[3] for m in MIX])[kind][which]
    seasonal = 1 + 0.3 * np.cos(2 * np.pi * offset / 12)
    return pd.DataFrame(
        {
            "site": site[which],
            "meter": meter_ids[which],
            "activity": np.array([m[0] for m in MIX])[kind][which],
            "start": pd.Series(start).dt.strftime("%Y-%m-%d"),
            "end": pd.Series(end).dt.strftime("%Y-%m-%d"),
            "quantity": (typical * seasonal * rng.uniform(0.9, 1.1, rows)).round(2),
            "unit": np.array([m[1] for m in MIX])[kind][which],
        }
    )


def portfolio_yaml(bill_file: str) -> str:
    return (
        f"portfolio: {{name: Benchmark Group}}\nperiod: {{start: {PERIOD[0]}, end: {PERIOD[1]}}}\n"
        f"gwp: AR6\nsites: sites.csv\nbills:\n  - path: {bill_file}\n"
    )


def site_files(table: pd.DataFrame) -> None:
    folder = DATA / "sites"
    (folder / "bills").mkdir(parents=True, exist_ok=True)
    for row in table.itertuples():
        starts = pd.date_range("2020-12-15", periods=12, freq="MS") + pd.Timedelta(days=14)
        lines = ["start,end,quantity,unit"] + [
            f"{s:%Y-%m-%d},{(s + pd.DateOffset(months=1)):%Y-%m-%d},{30_000 + 97 * (row.Index % 50) + i * 13},kWh"
            for i, s in enumerate(starts)
        ]
        (folder / "bills" / f"{row.id}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / f"{row.id}.yaml").write_text(
            f"site: {{id: {row.id}, name: {row.name}, region: {row.region}, floor_area_m2: {row.floor_area_m2}}}\n"
            f"period: {{start: {PERIOD[0]}, end: {PERIOD[1]}}}\n"
            f"bills:\n  - {{path: bills/{row.id}.csv, activity: electricity}}\n"
            # Every fourth site holds green certificates, so market-based Scope 2 has work to do.
            + ("instruments:\n  - {type: green_certificate, quantity: 100 MWh}\n" if row.Index % 4 == 0 else ""),
            encoding="utf-8",
        )
    first = table.iloc[0]["id"]
    (DATA / "one-site").mkdir(exist_ok=True)
    (DATA / "one-site" / "bills").mkdir(exist_ok=True)
    (DATA / "one-site" / "bills" / f"{first}.csv").write_bytes((folder / "bills" / f"{first}.csv").read_bytes())
    (DATA / "one-site" / f"{first}.yaml").write_bytes((folder / f"{first}.yaml").read_bytes())


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    try:
        import xlsxwriter  # noqa: F401

        engine = "xlsxwriter"
    except ImportError:
        engine = "openpyxl"
    frame.to_excel(path, index=False, sheet_name="bills", engine=engine)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--no-xlsx", action="store_true")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    table = sites()
    table.to_csv(DATA / "sites.csv", index=False)
    for name in args.sizes.split(","):
        began = time.perf_counter()
        frame = bills(SIZES[name], table["id"])
        frame.to_csv(DATA / f"bills_{name}.csv", index=False)
        frame.to_parquet(DATA / f"bills_{name}.parquet", index=False)
        (DATA / f"portfolio_{name}_csv.yaml").write_text(portfolio_yaml(f"bills_{name}.csv"), encoding="utf-8")
        (DATA / f"portfolio_{name}_parquet.yaml").write_text(portfolio_yaml(f"bills_{name}.parquet"), encoding="utf-8")
        if name == "100k" and not args.no_xlsx:
            write_xlsx(frame, DATA / "bills_100k.xlsx")
            (DATA / "portfolio_100k_xlsx.yaml").write_text(portfolio_yaml("bills_100k.xlsx"), encoding="utf-8")
        print(f"{name}: {len(frame):,} rows in {time.perf_counter() - began:.1f} s")
    site_files(table)
    print(f"1,000 site files in {DATA / 'sites'}")


if __name__ == "__main__":
    main()
