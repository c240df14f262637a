"""Residual mixes: the market-based factor of electricity that no instrument or supplier factor covers.

A residual mix (Green-e in the US, AIB in Europe, DCCEEW NGA in Australia; ``residual_mixes.csv``)
is the grid left over once the certificates sold apart from the energy are taken out, so it moves
with each year's certificate sales, not only with the grid. The market view uses the residual mix
of the site's market and year; another year's residual mix is a bigger approximation than another
year's grid factor, so it is a ``warning`` either way, and the note names both years.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Id prefixes of the shipped residual-mix rows (``residual_mixes.csv``); NGA's ids also name
#: its location rows, so only its ``-market-`` ids are residual mixes.
RESIDUAL_PREFIXES = ("green-e-", "aib-")
NGA_MARKET = ("au-nga-", "-market-")


def is_residual_mix(row: Mapping[str, Any]) -> bool:
    """True for a shipped residual-mix row (an id of :data:`RESIDUAL_PREFIXES` or NGA's market one)."""
    ident = str(row.get("id") or "")
    return ident.startswith(RESIDUAL_PREFIXES) or (ident.startswith(NGA_MARKET[0]) and NGA_MARKET[1] in ident)


def residual_year_note(row: Mapping[str, Any], year: int, approximation: str, later: str) -> str | None:
    """The note for a residual mix of another year standing in for ``year``, None for its own year.

    It replaces the choice rule's year note and begins like the note of a market view with no residual
    mix at all ("no residual-mix (market) factor"): under ``--strict`` both are reported, not refused
    (:mod:`.exact`), as no YAML key short of a supplier factor settles either.

    :param approximation: the words that make a fallback note a ``warning`` (``select.APPROXIMATION``).
    :param later: the words of a later year's factor (``select.LATER_EDITION``), also a ``warning``.
    """
    if not is_residual_mix(row) or int(row["year_from"]) == year:
        return None
    edition = int(row["year_from"])
    words = f"{later} ({approximation})" if edition > year else approximation
    return (
        f"no residual-mix (market) factor for {year}: the {edition} residual mix stands in, {words}: "
        "a residual mix changes each year with the certificates sold"
    )


#: Countries for which AIB prints no residual mix ("N/A"/"NA": full disclosure, every supplier
#: discloses its own mix, "hence the residual mix is zero" in AIB's words, which is no zero factor)
#: from that year on, and the editions that say so (as read; factors/README.md). An earlier
#: edition's residual mix does not stand in for those years.
FULL_DISCLOSURE = {
    "AT": (2023, "AIB European Residual Mixes 2023 and 2025 print N/A"),
    "NL": (2024, "AIB European Residual Mixes 2024 (v1.1) and 2025 print NA"),
}


def withdrawn_note(row: Mapping[str, Any], year: int) -> str | None:
    """Why an earlier residual mix of ``row``'s region must not stand in for ``year``, or None.

    :returns: a note for the market view that then uses the location factor (full disclosure).
    """
    region = str(row.get("region") or "")
    if not is_residual_mix(row) or region not in FULL_DISCLOSURE:
        return None
    since, said = FULL_DISCLOSURE[region]
    if year < since:
        return None
    return (
        f"{region} has no residual mix from {since} ({said}: full disclosure, every supplier discloses its "
        "own mix); give the supplier's factor under factors: (method: market)"
    )
