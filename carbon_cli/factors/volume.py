"""A factor per the bill's own kind of quantity, where a publisher gives the same fuel per more than one.

DESNZ publishes UK natural gas per kWh (gross CV) and per cubic metre (``uk_desnz.csv`` and
``uk_desnz_volume.csv``): the same region, edition and gas, per a different unit. The choice rule
picks one row per gas; this module first keeps, in such a group, the rows per the bill's dimension
(a gas bill in m³ or ft³ meets the per-m³ row, a bill in kWh the per-kWh one). A group with no row
per the bill's dimension is left whole, so the bill goes on to be converted by calorific values as
before (the per-kWh rows come first in the table, ``factor_sets.csv``, and win a tie of editions).

Chosen rows per a volume carry an ``info`` note naming what they assume (the publisher's average
calorific value) and the bill key that replaces it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from .. import units

#: The note on a per-volume factor chosen for a bill in a volume.
PER_VOLUME = (
    "the publisher's factor per cubic metre (its average calorific value of the gas); give the bill's own "
    "calorific value as cv: on the bill entry to count the energy billed instead"
)


@functools.cache
def _bill_dimension(unit: str) -> str:
    return units.dimension(unit)


class UnitChoice:
    """Factor rows by activity, narrowed per request to the rows per the bill's dimension where that matters."""

    def __init__(self, rows: Mapping[str, list[dict[str, Any]]]) -> None:
        self.rows = rows
        self.mixed = {activity for activity, items in rows.items() if _has_alternatives(items)}

    def for_bill(self, activity: str, unit: str, *, own_conversion: bool = False) -> Mapping[str, list[dict[str, Any]]]:
        """The rows to choose from for a bill of ``activity`` in ``unit`` (the same mapping when nothing differs).

        :param own_conversion: the site gives the fuel's calorific value (``conversions:``): its own energy
            counts, so a publisher's per-volume factor (an average calorific value) is not preferred.
        """
        if activity not in self.mixed or own_conversion:
            return self.rows
        wanted = _bill_dimension(unit)
        groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in self.rows[activity]:
            groups[(row["region"], row["year_from"], row["gas"], row["method"])].append(row)
        kept: list[dict[str, Any]] = []
        for items in groups.values():
            same = [r for r in items if units.per_dimension(r["unit"]) == wanted]
            if same and len(same) < len(items):
                kept += [{**r, "_per_bill_unit": True} if wanted == "volume" else r for r in same]
            else:
                kept += items
        return {**self.rows, activity: kept}


def _has_alternatives(items: list[dict[str, Any]]) -> bool:
    seen: dict[tuple[Any, ...], set[str]] = defaultdict(set)
    for row in items:
        seen[(row["region"], row["year_from"], row["gas"], row["method"])].add(units.per_dimension(row["unit"]))
    return any(len(pers) > 1 for pers in seen.values())


def per_volume_note(row: Mapping[str, Any]) -> str | None:
    """The ``info`` note of a per-volume row chosen for a bill in a volume, None otherwise."""
    return PER_VOLUME if row.get("_per_bill_unit") else None
