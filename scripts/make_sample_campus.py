"""Write sample_data/campus-3y: a three-year portfolio (2022-2024) of five buildings in two cities.

Monthly electricity and gas per building, seasonal, falling a few per cent a year (a lighting
retrofit in 2023, a heat-pump in 2024), so the report shows this year against last year.
Every number comes from the small tables below; re-run with: python scripts/make_sample_campus.py
"""

import csv
import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "sample_data" / "campus-3y"
# id, name, region, floor area m2, headcount, group, base kWh/month, base m3 gas/month
SITES = [
    ("cq-a1", "Liangjiang Park A1", "CN-CQ", 12000, 310, "China/Chongqing/Liangjiang Park", 61000, 2100),
    ("cq-a2", "Liangjiang Park A2", "CN-CQ", 8500, 190, "China/Chongqing/Liangjiang Park", 43000, 1500),
    ("cq-b1", "Xiyong Lab B1", "CN-CQ", 6200, 120, "China/Chongqing/Xiyong", 52000, 900),
    ("bj-h1", "Haidian Office H1", "CN-BJ", 9800, 420, "China/Beijing/Haidian", 47000, 3200),
    ("bj-h2", "Haidian Office H2", "CN-BJ", 5100, 160, "China/Beijing/Haidian", 26000, 1700),
]
# Share of the base per calendar month: summer cooling for electricity, winter heating for gas.
ELECTRICITY_SEASON = [0.92, 0.85, 0.88, 0.9, 0.98, 1.12, 1.25, 1.28, 1.08, 0.93, 0.9, 0.95]
GAS_SEASON = [1.9, 1.7, 1.3, 0.8, 0.45, 0.3, 0.25, 0.25, 0.35, 0.7, 1.3, 1.8]
# Year on year: 2023 -4 % electricity (LED retrofit), 2024 -6 % electricity and -15 % gas (heat pumps).
YEAR_FACTOR = {2022: (1.0, 1.0), 2023: (0.96, 0.98), 2024: (0.9024, 0.833)}


def main() -> None:
    ROOT.mkdir(parents=True, exist_ok=True)
    with (ROOT / "sites.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "name", "region", "floor_area_m2", "headcount", "group"])
        for site_id, name, region, area, people, group, *_ in SITES:
            writer.writerow([site_id, name, region, area, people, group])
    with (ROOT / "bills.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["site", "activity", "start", "end", "quantity", "unit", "meter"])
        for site_id, _name, _region, _area, _people, _group, kwh, m3 in SITES:
            for year, (power, gas) in YEAR_FACTOR.items():
                for month in range(1, 13):
                    start = dt.date(year, month, 1)
                    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
                    use = round(kwh * ELECTRICITY_SEASON[month - 1] * power)
                    burn = round(m3 * GAS_SEASON[month - 1] * gas)
                    writer.writerow([site_id, "electricity", start, end, use, "kWh", f"{site_id}-E"])
                    writer.writerow([site_id, "natural_gas", start, end, burn, "m3", f"{site_id}-G"])
    print(f"wrote {ROOT}")


if __name__ == "__main__":
    main()
