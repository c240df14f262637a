"""The default calorific value of natural gas billed by volume, and the note every use of it carries.

A gas bill in m³ outside China, the US and the UK (which ship their own per-volume values) reaches the
IPCC factor per TJ (net basis) only through a calorific value per m³. The site's own value wins: ``cv:``
on the bills entry (read with the bill) or ``conversions: natural_gas: {ncv: ...}`` (a property of the
site's region, more specific than the default). Without one, the shipped default
(``factors/properties.csv``, ids ``gas-volume-default-...``, built by ``scripts/factors/gas_volume.py``
from two cells of the DESNZ flat file) stands in, and the choice rule (:mod:`.select`) adds this module's
note: a ``warning`` naming the value, its source, its reference conditions and the keys that replace it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The id prefix of the shipped default rows (see ``scripts/factors/gas_volume.py``).
ID_PREFIX = "gas-volume-default-"


def default_note(row: Mapping[str, Any]) -> str | None:
    """The ``warning`` note of the shipped default calorific value per m³ (its words "an approximation"
    make it one: ``select.fallback_level``), None for any other row. The reference conditions of the
    default's cubic metre, 15 °C and 101.325 kPa, are said in it."""
    if not str(row.get("id") or "").startswith(ID_PREFIX):
        return None
    value, unit, edition = row.get("value"), str(row.get("unit") or "").replace("**3", "3"), row.get("edition")
    note = (
        f"no calorific value of the site's own for gas billed by volume: the default net calorific value "
        f"{value} {unit} (m3 at 15 degC, 101.325 kPa, DESNZ {edition} UK average natural gas) stands in, "
        "an approximation: give the supplier's net value as conversions: natural_gas: {ncv: <value> MJ/m3}"
    )
    return note
