#!/usr/bin/env python3
"""Build ``emission_factors.csv`` (set ``core``) and ``cn_ets_electricity.csv`` from their transcribed inputs.

Inputs (``scripts/factors/inputs/``), each value as published with the text it was read in:

* ``cn_mee_nbs_announcements.csv``: the MEE/NBS electricity CO2 factor announcements, one per data
  year (publisher, document, date, annex);
* ``cn_mee_nbs_electricity.csv``: one row per published value of those announcements (data year,
  variant: ``national``, ``national-market`` (excluding market-traded non-fossil electricity),
  ``grid`` or ``province``, region code, the name as printed, value in kg CO2/kWh as printed,
  evidence grade and how it was read);
* ``core_factors.csv``: the other rows of the core set (IPCC 2006 Tables 1.4 and 2.4, GB/T 32151
  natural gas, China's purchased-heat default), already in the factor schema, each with its
  publisher, document, edition, table and how it was read;
* ``cn_ets_electricity.csv``: China's carbon-market (ETS) national grid factors, in the factor schema.

Outputs (in ``factors/``): ``emission_factors.csv`` (the MEE/NBS rows by data year, then the
core rows) and ``cn_ets_electricity.csv``. Run through ``python scripts/factors/regenerate.py``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from carbon_cli.factors import FACTOR_COLUMNS

INPUTS = Path(__file__).resolve().parent / "inputs"

COLUMNS = list(FACTOR_COLUMNS)
VARIANTS = {
    "national": ("national average electricity CO2 emission factor (全国电力平均二氧化碳排放因子)", "location"),
    "national-market": (
        "national average electricity CO2 emission factor excluding market-traded non-fossil electricity "
        "(不包括市场化交易的非化石能源电量)",
        "market",
    ),
    "grid": ("regional average electricity CO2 emission factors (区域电力平均二氧化碳排放因子)", "location"),
    "province": ("provincial average electricity CO2 emission factors (省级电力平均二氧化碳排放因子)", "location"),
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def mee_nbs_rows(announcements: Sequence[dict[str, str]], values: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """One factor row per published MEE/NBS value (data year = the years it is for)."""
    by_year = {row["data_year"]: row for row in announcements}
    out = []
    for row in values:
        year, variant, region = row["data_year"], row["variant"], row["region"]
        source = by_year[year]
        what, method = VARIANTS[variant]
        key = "cn-market" if variant == "national-market" else region.lower()
        out.append(
            {
                "id": f"cn-mee-nbs-{year}-elec-{key}-co2",
                "activity": "electricity",
                "region": region,
                "year_from": year,
                "year_to": year,
                "gas": "CO2",
                "value": row["value"],
                "unit": "kg/kWh",
                "method": method,
                "basis": "",
                "publisher": source["publisher"],
                "document": source["document"],
                "edition": source["edition"],
                "table": f"{source['annex']}: {what}" + (f", {row['name']}" if row["name"] else ""),
                "evidence": row["evidence"],
                "note": (
                    f"{row['how_read']} Data year {year}; MEE/NBS factors are published ~2 years later and are "
                    f"typically applied to reporting year {int(year) + 2}.{row['after']}"
                ),
            }
        )
    return out


def render(rows: Sequence[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows([{c: row.get(c, "") for c in COLUMNS} for row in rows])
    return buffer.getvalue()


def build(inputs: Path = INPUTS) -> dict[str, str]:
    """Each generated CSV's name and its text."""
    mee = mee_nbs_rows(read(inputs / "cn_mee_nbs_announcements.csv"), read(inputs / "cn_mee_nbs_electricity.csv"))
    return {
        "emission_factors.csv": render(mee + read(inputs / "core_factors.csv")),
        "cn_ets_electricity.csv": render(read(inputs / "cn_ets_electricity.csv")),
    }
