"""Headers of bill files: which column holds each field (start, end, quantity, unit ...).

A field is found by the header the site YAML maps it to (``columns:``), else by the first
known spelling in :data:`DEFAULT_HEADERS`. This module only picks columns; it must not read
their values.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..config import BillSource
from ..errors import ConfigError
from . import kinds

#: Header spellings tried, in order, when the YAML does not map a field. Compared after NFKC,
#: trimming and lower-casing, so "Start Date" and "start_date" both match.
DEFAULT_HEADERS: dict[str, list[str]] = {
    "start": [
        "start",
        "period_start",
        "start_date",
        "start date",
        "from",
        "begin",
        "起始日期",
        "开始日期",
        "起始时间",
        "开始时间",
        "起始",
        "开始",
        "起",
        "抄表起始日期",
        "计费开始日期",
        # The first of two reading dates (meter readings, one row per bill).
        "上次抄表日期",
        "上期抄表日期",
        "previous read date",
        "previous reading date",
        "last read date",
    ],
    "end": [
        "end",
        "period_end",
        "end_date",
        "end date",
        "to",
        "until",
        "截止日期",
        "结束日期",
        "终止日期",
        "截止时间",
        "结束时间",
        "截止",
        "结束",
        "止",
        "抄表截止日期",
        "计费结束日期",
        "本次抄表日期",
        "本期抄表日期",
        "current read date",
        "current reading date",
        "present read date",
        "present reading date",
    ],
    "quantity": [
        "quantity",
        "usage",
        "consumption",
        "use",
        "amount used",
        "用量",
        "用电量",
        "用气量",
        "用热量",
        # steam by mass and chilled water (issue 14)
        "用汽量",
        "蒸汽用量",
        "供冷量",
        "用水量",
        "消耗量",
        "耗量",
        "数量",
        "电量",
        "气量",
        "热量",
        # a State Grid bill's settled kWh (抄见电量 + 变损电量), under 电量 in its two-row header
        "结算电量",
    ],
    "unit": ["unit", "units", "uom", "单位", "计量单位"],
    # The gas calorific value printed on a UK bill (gross, MJ/m3).
    "cv": ["cv", "calorific value", "calorific_value", "calorific value (mj/m3)"],
    # A fleet's distance beside its fuel, and its vehicles' model year (issue 14, carbon_cli/mobile_epa.py).
    "distance": ["distance", "miles driven", "vehicle miles", "vehicle-miles", "mileage", "里程", "行驶里程"],
    "model_year": ["model year", "model_year", "vehicle year", "年款", "车辆年款"],
    "meter": ["meter", "meter_id", "meter id", "表号", "电表号", "气表号", "表计", "户号"],
    "cost": ["cost", "charge", "charges", "bill amount", "金额", "费用", "电费", "气费", "热费"],
    "estimated": ["estimated", "estimate", "is_estimated", "估算", "是否估算", "估计"],
    # A portfolio's one table for all sites names the site and activity of each row.
    "site": ["site", "site_id", "site id", "站点", "站点编号", "项目编号", "建筑编号"],
    "activity": ["activity", "energy_type", "energy type", "fuel", "能源类型", "能源品种", "能源"],
    # A credit or correction bill (红冲/冲红 invoice, 退补 refund) may carry a negative quantity.
    "credit": [
        "credit",
        "is_credit",
        "credit_note",
        "credit note",
        "correction",
        "冲红",
        "红冲",
        "是否冲红",
        "是否红冲",
        "退补",
        "是否退补",
        "冲正",
    ],
    # Meter readings (see carbon_cli.bills.readings): previous and current on one row ...
    "previous": [
        "previous",
        "previous reading",
        "previous read",
        "previous_reading",
        "previous meter reading",
        "prev reading",
        "opening reading",
        "last reading",
        "上期示数",
        "上次示数",
        "上月示数",
        "起码",
        "上次读数",
        "上期读数",
        "上月读数",
        "上次抄表示数",
        "起度",
    ],
    "current": [
        "current",
        "current reading",
        "present reading",
        "current read",
        "present read",
        "current_reading",
        "present_reading",
        "current meter reading",
        "closing reading",
        "本期示数",
        "本次示数",
        "本月示数",
        "止码",
        "本次读数",
        "本期读数",
        "本月读数",
        "本次抄表示数",
        "止度",
    ],
    "multiplier": [
        "multiplier",
        "meter multiplier",
        "ct ratio",
        "ct_ratio",
        "multiplying factor",
        "倍率",
        "综合倍率",
        "乘率",
        "互感器倍率",
    ],
    # Energy lost in the customer's transformer, billed on top of the metered energy (State Grid
    # 变损电量): the settled quantity is (current - previous) x multiplier + loss.
    "loss": ["transformer loss", "transformer losses", "transformer loss kwh", "变损电量", "变损", "变压器损耗"],
    # ... or a log of one read per row.
    "reading": ["reading", "meter reading", "meter read", "register reading", "示数", "读数", "抄表示数", "表底数"],
    "read_date": [
        "read date",
        "reading date",
        "read_date",
        "date of reading",
        "meter read date",
        "date",
        "抄表日期",
        "抄表时间",
        "抄表日",
        "日期",
    ],
    # A note beside a read: 换表 / Meter replaced marks a new meter's first read.
    "status": ["status", "remark", "remarks", "note", "notes", "comment", "read type", "备注", "状态", "说明"],
    # A bill for one calendar month, with no start or end (see bills/kinds.py).
    "month": [
        "month",
        "billing month",
        "bill month",
        "billing_month",
        "bill_month",
        "service month",
        "period",
        "电费年月",
        "账期",
        "计费月份",
        "账单月份",
        "抄表年月",
        "年月",
        "月份",
    ],
    # A purchase on one day (a fuel delivery, an LPG invoice), with no start or end.
    "date": [
        "date",
        "delivery date",
        "delivery_date",
        "invoice date",
        "invoice_date",
        "purchase date",
        "日期",
        "送货日期",
        "配送日期",
        "加油日期",
        "购买日期",
        "开票日期",
    ],
}
REQUIRED = ("start", "end", "quantity")
#: The fields each form of meter readings needs instead of :data:`REQUIRED`.
READING_FIELDS = ("previous", "current", "multiplier", "loss", "reading", "read_date", "status")
READING_REQUIRED = {"rows": ("start", "end", "previous", "current"), "log": ("read_date", "reading")}


def reading_form(columns: dict[str, Any]) -> str | None:
    """How a file's columns give its consumption: ``"rows"`` (previous and current reading on
    each row), ``"log"`` (one reading per row and no bill period), or None (a quantity column)."""
    if "previous" in columns and "current" in columns:
        return "rows"
    if "reading" in columns and not ("start" in columns and "end" in columns):
        return "log"
    return None


def fold(text: Any) -> str:
    """A header as compared: NFKC, trimmed, lower-case ("Start Date" -> "start date")."""
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


def map_columns(
    raw: pd.DataFrame,
    source: BillSource,
    name: str,
    *,
    need_site: bool = False,
    need_activity: bool = False,
    parts: Mapping[Any, str] | None = None,
) -> dict[str, Any]:
    """Each field's column in ``raw``: as ``columns:`` maps it, else the first known spelling.

    :param need_site: the file must have a site column (no site id given for it).
    :param need_activity: the file must have an activity column (no ``activity:`` given).
    :param parts: a two-row header's ``top/bottom`` names -> their bottom name, which a spelling
        also matches when no other header has it (``电量/结算电量`` is found as ``结算电量``).
    :returns: field name -> the file's header, for the fields found.
    :raises ConfigError: a mapped header is not in the file, or a needed field has no column.
    """
    found = {fold(column): column for column in raw.columns}
    bottoms = [fold(bottom) for bottom in (parts or {}).values()]
    for column, bottom in (parts or {}).items():
        if fold(bottom) not in found and bottoms.count(fold(bottom)) == 1:
            found[fold(bottom)] = column
    mapped = source.columns.model_dump()
    columns: dict[str, Any] = {}
    for field, guesses in DEFAULT_HEADERS.items():
        explicit = mapped.get(field)
        if explicit:
            if fold(explicit) not in found:
                raise ConfigError(
                    f"column '{explicit}' (columns.{field}) is not in the file",
                    where=name,
                    fix=f"Columns found: {', '.join(map(str, raw.columns))}",
                )
            columns[field] = found[fold(explicit)]
            continue
        for guess in guesses:
            if guess in found:
                columns[field] = found[guess]
                break
    for field in ("previous", "current"):  # one of the pair mapped: the other must be found
        other = "current" if field == "previous" else "previous"
        if mapped.get(field) and other not in columns:
            raise ConfigError(
                f"columns.{field} is mapped but no column for {other} was found",
                where=name,
                fix=f"Map columns.{other} too (columns found: {', '.join(map(str, raw.columns))})",
            )
    if "reading" in columns and "date" in columns and "read_date" not in columns and not mapped.get("date"):
        columns["read_date"] = columns.pop("date")  # a log of reads: its Date column is the read date
    form = reading_form(columns)
    if form is None:  # a bill with a quantity: its reading and note columns are not read
        columns = {field: column for field, column in columns.items() if field not in READING_FIELDS}
        columns = kinds.choose(columns, mapped, name)
        fields: tuple[str, ...] = (*(() if {"month", "date"} & set(columns) else ("start", "end")), "quantity")
    else:
        columns.pop("date", None)
        columns.pop("month", None)
        fields = READING_REQUIRED[form]
    required = [*(["site"] if need_site else []), *(["activity"] if need_activity else []), *fields]
    missing = [field for field in required if field not in columns]
    if missing:
        raise ConfigError(
            f"no column for {', '.join(missing)} (columns found: {', '.join(map(str, raw.columns)) or 'none'})",
            where=name,
            fix="Map them in the site YAML, e.g. columns: {" + ", ".join(f"{m}: <header>" for m in missing) + "}",
        )
    return columns
