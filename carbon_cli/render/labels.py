"""Labels of the scope views, the one home of how every output names them.

Keys are the ledger's ``scope`` values (:data:`carbon_cli.summary.SCOPES`, the memo line
``scope3``) and the two Scope 1 + 2 totals (:data:`carbon_cli.summary.COMBINED`). Each dict is
one style of naming, used where its comment says; the texts are part of the outputs, so change
one only on purpose. Words only: no numbers are made here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..factors import activities

#: In full, for totals: the terminal's Totals and By site tables, the workbook's Summary.
TOTALS = {
    "scope1": "Scope 1 (direct emissions)",
    "scope2_location": "Scope 2, location-based",
    "scope2_market": "Scope 2, market-based",
    "scope1_2_location": "Scope 1 + 2, location-based",
    "scope1_2_market": "Scope 1 + 2, market-based",
}
#: The Scope 1 + 2 lines of the terminal's Totals table.
TERMINAL_COMBINED = {
    "scope1_2_location": "Scope 1 + 2 (location-based)",
    "scope1_2_market": "Scope 1 + 2 (market-based)",
}
#: Column headers of the workbook's tables (and so the series names of its charts).
HEADERS = {
    "scope1": "Scope 1",
    "scope2_location": "Scope 2 location-based",
    "scope2_market": "Scope 2 market-based",
    "scope1_2_location": "Scope 1 + 2 location-based",
    "scope1_2_market": "Scope 1 + 2 market-based",
}
#: The quantity in the unit the bills used (:mod:`carbon_cli.billed`), beside the converted one.
BILLED = {"billed_quantity": "Billed quantity", "billed_unit": "Billed unit"}
#: Cells of the terminal's breakdown tables, where space is short.
SHORT = {
    "scope1": "Scope 1",
    "scope2_location": "Scope 2 location",
    "scope2_market": "Scope 2 market",
    "scope3": "Scope 3 memo",
    "scope3_wtt": "Scope 3 upstream memo",
    "biogenic": "Biogenic CO2 memo",
    "scope3_water": "Water memo",
    "scope3_waste": "Waste memo",
    "memo_non_kyoto": "HCFC memo",
}
#: Memo lines, reported apart from the totals, one per kind (:data:`carbon_cli.memo.KINDS`; GHG
#: Protocol: Scope 3 category 3, T&D losses and upstream; biogenic CO2 outside the scopes; HCFCs
#: outside the Kyoto basket; issue 14).
MEMO = {
    "scope3": "Scope 3 memo: T&D losses (not in the totals)",
    "scope3_wtt": "Scope 3 memo: upstream, well-to-tank (not in the totals)",
    "biogenic": "Biogenic CO2 memo: outside the scopes (not in the totals)",
    "scope3_water": "Scope 3 memo: water supply and treatment (not in the totals)",
    "scope3_waste": "Scope 3 memo: waste (not in the totals)",
    "memo_non_kyoto": "Memo: HCFC refrigerants, outside the Kyoto basket (not in the totals)",
}
#: The ledger's ``method`` column. GHG Protocol Scope 2 Guidance: the two methods; Scope 1 has none.
METHODS = {"scope1": "", "scope2_location": "location", "scope2_market": "market"}


#: Unit spellings as people write them: pint's powers and bare digits after a length.
_UNIT_TEXT = (("**2", "²"), ("**3", "³"), ("m3", "m³"), ("m2", "m²"), ("ft3", "ft³"), ("CO2", "CO₂"))


def unit(text: str | None) -> str | None:
    """A unit as a person reads it: ``kg/m**3`` -> ``kg/m³``, ``m3`` -> ``m³`` (files keep the plain form)."""
    if not text:
        return text
    for plain, shown in _UNIT_TEXT:
        text = text.replace(plain, shown)
    return text


def activity_labels() -> dict[str, str]:
    """Each activity's label from the activity table: ``natural_gas`` -> ``Natural gas``."""
    return {name: row.get("label") or name for name, row in activities().items()}


#: Gases with their subscripts, for people (files and JSON keep ``CO2``).
GASES = {"CO2": "CO₂", "CH4": "CH₄", "N2O": "N₂O", "CO2e": "CO₂e", "SF6": "SF₆", "NF3": "NF₃"}


_INSTRUMENT_ID = re.compile(r"^site:(?P<site>.+):instruments\[(?P<index>\d+)\]$")


def factor_names(factor_ids: Iterable[str], sites: Iterable[Any]) -> dict[str, str]:
    """How people read a factor id: a contractual instrument by its type and its own id
    (``green_certificate GEC-2021-CQ-000123``), not ``site:ai-park:instruments[0]``; others as they are.

    :param sites: the inventory's site configs (their ``instruments``, numbered as in the YAML).
    """
    owned = {cfg.site.id: list(cfg.instruments) for cfg in sites}
    names = {}
    for factor_id in factor_ids:
        found = _INSTRUMENT_ID.match(str(factor_id))
        instruments = owned.get(found["site"], []) if found else []
        if found and int(found["index"]) < len(instruments):
            instrument = instruments[int(found["index"])]
            names[factor_id] = f"{instrument.type} {instrument.id}" if instrument.id else f"{instrument.type} (no id)"
        else:
            names[factor_id] = str(factor_id)
    return names
