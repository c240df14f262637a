"""Write sample_data/campus-5y: five years (2020-2024) of a growing campus, for `carbon trend`,
`carbon diff` and `carbon forecast`.

Sites open, close and change hands (cq-b1 opens mid-2022, cq-old closes mid-2022, bj-h2 is
acquired at the start of 2023 with its earlier bills), so the run's series shows growth, a
plateau and the start of a decline, and the 2020 base year is recalculated for the acquisition.
Daily temperatures for Chongqing and Beijing (a seasonal curve with seeded noise) drive the use:
electricity has a cooling slope above 22 °C, gas a heating slope below 16 °C, so the forecast's
degree-day models have something real to find. Every number comes from the small tables below;
re-run with: python scripts/make_sample_campus5.py (the same seed gives the same files).
"""

import csv
import datetime as dt
import math
import random
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
# Climate: annual mean and half the summer-winter swing (°C); the coldest day is mid-January.
CLIMATE = {"CN-CQ": (18.5, 10.5), "CN-BJ": (12.5, 15.0)}
COOLING_BASE, HEATING_BASE = 22.0, 16.0
# Per site, from its base use per month: electricity baseload 80% of it a day-share, plus 4% of
# a day's share per cooling degree day; gas baseload 25%, plus 20% per heating degree day.
BASELOAD_E, COOLING_SLOPE, BASELOAD_G, HEATING_SLOPE = 0.8, 0.04, 0.25, 0.2
SEED = 17
# Use per year against 2020: growth of activity to 2022, a retrofit in 2023, heat pumps in 2024.
YEAR_FACTOR = {2020: (1.0, 1.0), 2021: (1.05, 1.03), 2022: (1.08, 1.05), 2023: (1.04, 1.03), 2024: (0.96, 0.88)}


def _open(site: tuple, day: dt.date) -> bool:
    opened, closed = site[8], site[9]
    return (not opened or day >= dt.date.fromisoformat(opened)) and (not closed or day <= dt.date.fromisoformat(closed))


def temperatures() -> dict[str, dict[dt.date, float]]:
    """Daily mean temperature per region, 2020-2024, one decimal."""
    rng = random.Random(SEED)
    out: dict[str, dict[dt.date, float]] = {}
    for region, (mean, swing) in CLIMATE.items():
        day, days = dt.date(YEARS[0], 1, 1), {}
        while day.year <= YEARS[-1]:
            seasonal = mean - swing * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365.25)
            days[day] = round(seasonal + rng.gauss(0, 2.5), 1)
            day += dt.timedelta(days=1)
        out[region] = days
    return out


def month_use(
    site: tuple, temps: dict[dt.date, float], start: dt.date, end: dt.date, rng: random.Random
) -> tuple[int, int]:
    """A month's electricity (kWh) and gas (m³) from the site's base use and the month's weather."""
    kwh_day, m3_day = site[6] / 30, site[7] / 30
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    cdd = sum(max(temps[d] - COOLING_BASE, 0.0) for d in days)
    hdd = sum(max(HEATING_BASE - temps[d], 0.0) for d in days)
    use = kwh_day * (BASELOAD_E * len(days) + COOLING_SLOPE * cdd)
    burn = m3_day * (BASELOAD_G * len(days) + HEATING_SLOPE * hdd)
    return round(use * rng.uniform(0.98, 1.02)), round(burn * rng.uniform(0.98, 1.02))


def main() -> None:
    ROOT.mkdir(parents=True, exist_ok=True)
    temps = temperatures()
    rng = random.Random(SEED + 1)
    with (ROOT / "weather.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["date", "region", "temperature"])
        for region, days in temps.items():
            for day, value in days.items():
                writer.writerow([day, region, value])
    with (ROOT / "sites.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["id", "name", "region", "floor_area_m2", "headcount", "group", "opened", "closed", "acquired"])
        for site in SITES:
            writer.writerow([*site[:6], *site[8:]])
    with (ROOT / "bills.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["site", "activity", "start", "end", "quantity", "unit", "meter"])
        for site in SITES:
            site_id = site[0]
            for year in YEARS:
                power, gas = YEAR_FACTOR[year]
                for month in range(1, 13):
                    start = dt.date(year, month, 1)
                    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
                    if not (_open(site, start) and _open(site, end)):
                        continue
                    use, burn = month_use(site, temps[site[2]], start, end, rng)
                    use, burn = round(use * power), round(burn * gas)
                    writer.writerow([site_id, "electricity", start, end, use, "kWh", f"{site_id}-E"])
                    writer.writerow([site_id, "natural_gas", start, end, burn, "m3", f"{site_id}-G"])
    print(f"wrote {ROOT}")


if __name__ == "__main__":
    main()
