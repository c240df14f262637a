"""Write sample_data/ai-park: the AI PARK site (Chongqing) with 2021 bills.

Bills run from the 15th (electricity) and the 20th (gas) of one month to the same day of the
next, so they never align with calendar months, and the first and last bills straddle the
reporting year. Re-run with: python scripts/make_sample_ai_park.py
"""

import datetime as dt
import itertools
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent / "sample_data" / "ai-park"
ELECTRICITY_KWH = [352, 341, 298, 276, 254, 301, 362, 389, 355, 287, 263, 289, 347]
GAS_M3 = [168, 182, 149, 111, 78, 62, 55, 54, 60, 83, 128, 162, 171]


def month_steps(day: int, count: int) -> list[tuple[dt.date, dt.date]]:
    """(start, end) pairs from 2020-12-<day>, each ending on the day the next begins."""
    starts = [dt.date(2020 + (11 + i) // 12, (11 + i) % 12 + 1, day) for i in range(count + 1)]
    return list(itertools.pairwise(starts))


def main() -> None:
    (ROOT / "bills").mkdir(parents=True, exist_ok=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "电费"
    sheet.append(["AI PARK 2021年电费明细（国网重庆市电力公司）"])
    sheet.append(["起始日期", "截止日期", "用电量", "单位", "表号", "电费（元）"])
    for (start, end), kwh in zip(month_steps(15, 13), ELECTRICITY_KWH, strict=True):
        sheet.append([start, end, kwh, "度", "3100-2207-01", round(kwh * 0.6578, 2)])
    for row in sheet.iter_rows(min_row=3, max_col=2):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    workbook.save(ROOT / "bills" / "electricity.xlsx")

    lines = ["起始日期,截止日期,用气量,是否估算"]
    for (start, end), m3 in zip(month_steps(20, 13), GAS_M3, strict=True):
        estimated = "是" if start == dt.date(2021, 7, 20) else "否"
        lines.append(
            f"{start.year}年{start.month}月{start.day}日,{end.year}年{end.month}月{end.day}日,{m3},{estimated}"
        )
    (ROOT / "bills" / "gas.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")


if __name__ == "__main__":
    main()
