"""T&D losses of purchased electricity (``electricity_td_losses``, a Scope 3 category 3 memo line).

Each shipped row is a grid's loss rate applied to its generation factor (DESNZ's T&D factor in the UK;
eGRID's grid gross loss x the subregion's total output emission rate in the US,
``factors/us_egrid_td_losses.csv``). The choice rule (:mod:`.select`) takes the latest earlier edition
for a later bill, an ``info`` for a grid factor; a loss rate of another year is a ``warning`` instead:
it is one year's losses on one year's grid, and the memo line says which edition stands in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ACTIVITY = "electricity_td_losses"


def td_year_note(row: Mapping[str, Any], year: int, approximation: str, later: str) -> str | None:
    """The note for a shipped T&D-loss row of another year standing in for ``year``, None otherwise.

    :param approximation: the words that make a note a ``warning`` (``select.APPROXIMATION``).
    :param later: the words of a later year's factor (``select.LATER_EDITION``), kept for a later edition.
    """
    if row.get("activity") != ACTIVITY or str(row.get("id", "")).startswith("user:"):
        return None
    edition = int(row["year_from"])
    if edition == year:
        return None
    words = f"{later} ({approximation})" if edition > year else approximation
    note = f"no {year} T&D loss rate: the {edition} edition's stands in, {words}"
    return note
