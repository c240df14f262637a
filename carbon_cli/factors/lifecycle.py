"""Life-cycle factors: rows that stand in for a combustion-only factor, and the note that says so.

Location-based Scope 2 multiplies electricity by the grid's combustion emissions per kWh. Ember's
per-country intensities (``world_electricity.csv``, ids ``ember-...``) are life-cycle: they
include each source's upstream emissions (fuel supply, plant construction), so they overstate a
combustion-only factor, most for grids with much gas or solar. Where no national factor ships they
are the best cited value, and every use is reported as an approximation (a ``warning``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Id prefixes of the shipped rows that are life-cycle rather than combustion-only.
LIFE_CYCLE_PREFIXES = ("ember-",)
#: Id prefix of the T&D-loss rows built on those intensities (``world_td_losses.csv``, set ``world-td``).
LIFE_CYCLE_TD_PREFIX = "wb-ember-"

LIFE_CYCLE_NOTE = (
    "life-cycle grid intensity (Ember, g CO2e per kWh generated, upstream emissions included), "
    "an approximation of the combustion-only factor location-based Scope 2 uses; "
    "give the national grid factor in the site YAML (factors:) where one is published"
)


LIFE_CYCLE_TD_NOTE = (
    "T&D losses as the World Bank loss rate x the life-cycle grid intensity (Ember), an approximation of "
    "the combustion-only generation factor the memo line asks for; give the grid's own T&D factor in the "
    "site YAML (factors: activity: electricity_td_losses) where one is published"
)


def lifecycle_note(row: Mapping[str, Any]) -> str | None:
    """The approximation note for a life-cycle factor row, None for any other row."""
    row_id = str(row.get("id") or "")
    if row_id.startswith(LIFE_CYCLE_TD_PREFIX):
        return LIFE_CYCLE_TD_NOTE
    return LIFE_CYCLE_NOTE if row_id.startswith(LIFE_CYCLE_PREFIXES) else None
