"""Headers of bill files: which column holds each field (start, end, quantity, unit ...).

A field is found by the header the site YAML maps it to (``columns:``), else by the first
known spelling in :data:`DEFAULT_HEADERS`. This module only picks columns; it must not read
their values.
"""

from __future__ import annotations

import unicodedata
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
        "用水量",
        "消耗量",
        "耗量",
        "数量",
        "电量",
        "气量",
        "热量",
    ],
    "unit": ["unit", "units", "uom", "单位", "计量单位"],
    # The gas calorific value printed on a UK bill (gross, MJ/m3).
    "cv": ["cv", "calorific value", "calorific_value", "calorific value (mj/m3)"],
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


def fold(text: Any) -> str:
    """A header as compared: NFKC, trimmed, lower-case ("Start Date" -> "start date")."""
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


def map_columns(
    raw: pd.DataFrame, source: BillSource, name: str, *, need_site: bool = False, need_activity: bool = False
) -> dict[str, Any]:
    """Each field's column in ``raw``: as ``columns:`` maps it, else the first known spelling.

    :param need_site: the file must have a site column (no site id given for it).
    :param need_activity: the file must have an activity column (no ``activity:`` given).
    :returns: field name -> the file's header, for the fields found.
    :raises ConfigError: a mapped header is not in the file, or a needed field has no column.
    """
    found = {fold(column): column for column in raw.columns}
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
    columns = kinds.choose(columns, mapped, name)
    dated = () if {"month", "date"} & set(columns) else ("start", "end")
    required = [*(["site"] if need_site else []), *(["activity"] if need_activity else []), *dated, "quantity"]
    missing = [field for field in required if field not in columns]
    if missing:
        raise ConfigError(
            f"no column for {', '.join(missing)} (columns found: {', '.join(map(str, raw.columns)) or 'none'})",
            where=name,
            fix="Map them in the site YAML, e.g. columns: {" + ", ".join(f"{m}: <header>" for m in missing) + "}",
        )
    return columns
