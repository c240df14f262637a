"""Write sample_data/campus-5y: five years (2020-2024) of a growing campus, for `carbon trend`.

Sites open, close and change hands (cq-b1 opens mid-2022, cq-old closes mid-2022, bj-h2 is
acquired at the start of 2023 with its earlier bills), so the run's series shows growth, a
plateau and the start of a decline, and the 2020 base year is recalculated for the acquisition.
Every number comes from the small tables below; re-run with: python scripts/make_sample_campus5.py
"""

import csv
import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "sample_data" / "campus-5y"
YEARS = range(2020, 2025)
# id, name, region, floor area m2, headcount, group, base kWh/month, base m3 gas/month, opened, closed, acquired
SITES = [
    ("cq-a1", "Liangjiang Park A1", "CN-CQ", 12000, 310, "China/Chongqing/Liangjiang Park", 61000, 2100, "", "", ""),
    ("cq-a2", "Liangjiang Park A2", "CN-CQ", 8500, 190, "China/Chongqing/Liangjiang Park", 43000, 1500, "", "", ""),
    ("cq-b1", "Xiyong Lab B1", "CN-CQ", 6200, 120, "China/Chongqing/Xiyong", 52000, 900, "2022-07-01", "", ""),
    ("cq-old", "Old Depot", "CN-CQ", 3000, 40, "China/Chongqing/Xiyong", 15000, 600, "", "2022-06-30", ""),
    ("bj-h1", "Haidian Office H1", "CN-BJ", 9800, 420, "China/Beijing/Haidian", 47000, 3200, "", "", ""),
    ("bj-h2", "Haidian Office H2", "CN-BJ", 5100, 160, "China/Beijing/Haidian", 26000, 1700, "", "", "2023-01-01"),
]
ELECTRICITY_SEASON = [0.92, 0.85, 0.88, 0.9, 0.98, 1.12, 1.25, 1.28, 1.08, 0.93, 0.9, 0.95]
GAS_SEASON = [1.9, 1.7, 1.3, 0.8, 0.45, 0.3, 0.25, 0.25, 0.35, 0.7, 1.3, 1.8]
# Use per year against 2020: growth of activity to 2022, a retrofit in 2023, heat pumps in 2024.
YEAR_FACTOR = {2020: (1.0, 1.0), 2021: (1.05, 1.03), 2022: (1.08, 1.05), 2023: (1.04, 1.03), 2024: (0.96, 0.88)}


def _open(site: tuple, day: dt.date) -> bool:
    opened, closed = site[8], site[9]
    return (not opened or day >= dt.date.fromisoformat(opened)) and (not closed or day <= dt.date.fromisoformat(closed))


def main() -> None:
    ROOT.mkdir(parents=True, exist_ok=True)
    with (ROOT / "sites.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "name", "region", "floor_area_m2", "headcount", "group", "opened", "closed", "acquired"])
        for site in SITES:
            writer.writerow([*site[:6], *site[8:]])
    with (ROOT / "bills.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["site", "activity", "start", "end", "quantity", "unit", "meter"])
        for site in SITES:
            site_id, kwh, m3 = site[0], site[6], site[7]
            for year in YEARS:
                power, gas = YEAR_FACTOR[year]
                for month in range(1, 13):
                    start = dt.date(year, month, 1)
                    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
                    if not (_open(site, start) and _open(site, end)):
                        continue
                    use = round(kwh * ELECTRICITY_SEASON[month - 1] * power)
                    burn = round(m3 * GAS_SEASON[month - 1] * gas)
                    writer.writerow([site_id, "electricity", start, end, use, "kWh", f"{site_id}-E"])
                    writer.writerow([site_id, "natural_gas", start, end, burn, "m3", f"{site_id}-G"])
    print(f"wrote {ROOT}")


if __name__ == "__main__":
    main()
