"""Page 1 of a report over several years: the latest whole year against the one before.

A two-year (or longer) inventory has no single figure a manager should read: the Summary leads
with the latest whole calendar year (else the latest year, marked as a part year), the year
before and the change in t and %, its largest sources and sites, and a 12-month trend with the
year before behind it. Every number comes from :mod:`carbon_cli.summary`; this lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ... import summary

if TYPE_CHECKING:
    from ...inventory import Inventory

#: Rows of the largest sources and sites on page 1 (the sheets list them all).
TOP = 5


@dataclass(frozen=True)
class Headline:
    """The year page 1 leads with, the year before it (if any) and why there is no change (if none)."""

    year: int
    whole: bool
    days: int
    totals: dict[str, float]
    previous: int | None
    previous_totals: dict[str, float] | None
    no_change: str


def headline(inventory: Inventory) -> Headline | None:
    """The latest whole calendar year and the year before; None for a one-year inventory."""
    years = inventory.by_year()
    if len(years) < 2:
        return None
    whole = years[years["whole_year"]]
    latest = (whole if len(whole) else years).iloc[-1]
    year = int(latest["year"])
    before = years[years["year"] == year - 1]
    keys = [*summary.SCOPES, *summary.COMBINED]
    return Headline(
        year=year,
        whole=bool(latest["whole_year"]),
        days=int(latest["days"]),
        totals={key: float(latest[key]) for key in keys},
        previous=year - 1 if len(before) else None,
        previous_totals={key: float(before.iloc[0][key]) for key in keys} if len(before) else None,
        no_change=str(latest["no_change"]),
    )


def change(now: float, before: float | None, comparable: bool) -> tuple[float | None, float | None]:
    """Change in t and as a fraction of the year before; None where the years are not comparable."""
    if not comparable or before is None:
        return None, None
    return now - before, (now / before - 1) if before > 0 else None


def of_year(inventory: Inventory, year: int) -> pd.DataFrame:
    """The facts of one calendar year."""
    facts = inventory.facts
    return facts[facts["year"].astype("int64") == year] if len(facts) else facts


def top_activities(inventory: Inventory, year: int | None) -> list[tuple[str, float, float]]:
    """The largest activities by Scope 1 + 2 (location-based): (activity, t CO2e, share of the total)."""
    facts = of_year(inventory, year) if year is not None else inventory.facts
    table = summary.scope_table(facts, ["activity"]).sort_values("scope1_2_location", ascending=False)
    total = float(table["scope1_2_location"].sum())
    return [
        (
            str(row["activity"]),
            float(row["scope1_2_location"]),
            float(row["scope1_2_location"]) / total if total else 0.0,
        )
        for row in table.head(TOP).to_dict("records")
        if row["scope1_2_location"] > 0
    ]


def top_sites(inventory: Inventory, year: int | None) -> list[tuple[str, float, float]]:
    """The largest sites by Scope 1 + 2 (location-based), by name: (name, t CO2e, share of the total)."""
    facts = of_year(inventory, year) if year is not None else inventory.facts
    table = summary.scope_table(facts, ["site"]).sort_values("scope1_2_location", ascending=False)
    names = {cfg.site.id: cfg.site.name or cfg.site.id for cfg in inventory.sites}
    total = float(table["scope1_2_location"].sum())
    return [
        (
            names.get(str(row["site"]), str(row["site"])),
            float(row["scope1_2_location"]),
            float(row["scope1_2_location"]) / total if total else 0.0,
        )
        for row in table.head(TOP).to_dict("records")
    ]


def trend(inventory: Inventory, year: int, previous: int | None) -> list[list[Any]]:
    """Scope 1 + 2 (location-based) per calendar month: [month name, previous year, year] x 12."""
    by_month = summary.scope_table(inventory.facts, ["month"]) if len(inventory.facts) else None
    values: dict[str, float] = (
        {} if by_month is None else dict(zip(by_month["month"].astype(str), by_month["scope1_2_location"], strict=True))
    )
    rows = []
    for month in range(1, 13):
        name = pd.Timestamp(year=year, month=month, day=1).strftime("%b")
        before = values.get(f"{previous}-{month:02d}") if previous is not None else None
        rows.append([name, before, values.get(f"{year}-{month:02d}")])
    return rows
