"""Which family of rows a region's factor comes from when it has both a CO2e and a per-gas one.

A region may hold, for one activity and method, rows published as CO2e (a total over gases) and rows
per gas (CO2, CH4, N2O), from different publishers or editions: India's electricity has CEA's CO2
(official, combustion-only, financial years 2020-21 onward) beside Ember's life-cycle CO2e (2000
onward); the UK's petrol has DESNZ per gas for 2019-2024 and CO2e only for 2025. The two families
are never added together (the CO2e total already holds every gas), so one is chosen, by the year
rule itself: the family with an edition for the bill's year, else the nearer earlier edition, else
the nearer later one. On a tie the per-gas family wins: its gases follow the run's ``--gwp``, and
where an official combustion factor stands beside a life-cycle proxy it is the official one.

Called from :func:`.select._select`; it loads nothing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any


def _year_to(row: Mapping[str, Any]) -> float:
    value = row.get("year_to")
    return math.inf if value is None or value == "" or value != value else float(value)


def edition_distance(rows: Sequence[Mapping[str, Any]], year: int) -> tuple[int, float]:
    """How far the rows' best edition is from ``year``: ``(0, 0)`` when one is for that year,
    ``(1, years back)`` to the nearest earlier one, ``(2, years ahead)`` to the earliest later one."""
    if any(r["year_from"] <= year <= _year_to(r) for r in rows):
        return (0, 0.0)
    earlier = [year - _year_to(r) for r in rows if _year_to(r) < year]
    if earlier:
        return (1, min(earlier))
    return (2, min(float(r["year_from"]) - year for r in rows))


def per_gas_first(here: Sequence[Mapping[str, Any]], year: int) -> bool:
    """True when a region's per-gas rows fit ``year`` at least as well as its CO2e rows (so the
    per-gas family is chosen); False when it has no per-gas rows or its CO2e rows fit better."""
    per_gas = [r for r in here if r["gas"] != "CO2e"]
    co2e = [r for r in here if r["gas"] == "CO2e"]
    if not per_gas or not co2e:
        return bool(per_gas)
    return edition_distance(per_gas, year) <= edition_distance(co2e, year)
