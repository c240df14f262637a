"""Refrigerants: their names, their composition and their GWP100 in a set.

``factors/refrigerants.csv`` gives each refrigerant's components by mass (ASHRAE 34) and its
basket (``kyoto``: HFCs, PFCs, SF6, NF3, CO2; ``memo``: HCFCs, outside the Kyoto basket;
``none``: gases with no GWP100 in the IPCC tables, such as propane and ammonia).
``factors/gwp_fgases.csv`` gives the components' GWP100 (IPCC AR4 Table 2.14, AR5 Table 8.A.1,
AR6 Table 7.SM.7); CO2 comes from ``gwp.csv``. A blend's GWP is the mass-weighted sum of its
components' (the method of EU Regulation 517/2014 Annex IV and of the GHG Protocol HFC tool).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..config_refrigerants import OwnRefrigerant
from ..errors import InputDataError
from ..factors.database import gwp_table
from ..factors.files import citation, read_table

#: The scope of the memo line of gases outside the Kyoto basket (HCFCs): never in the totals.
MEMO_SCOPE = "memo_non_kyoto"


@dataclass(frozen=True)
class RefrigerantGwp:
    """A refrigerant's GWP100 in one set, and where every number of it comes from."""

    name: str
    gwp: float
    #: ``kyoto`` (Scope 1), ``memo`` (outside the basket, a memo line) or ``none`` (no GWP published).
    basket: str
    citation: str
    factor_id: str


@functools.cache
def _table() -> pd.DataFrame:
    table = read_table("refrigerants.csv")
    table["mass_fraction"] = pd.to_numeric(table["mass_fraction"])
    return table


@functools.cache
def _names() -> dict[str, str]:
    """Every accepted spelling (name, alias, case-insensitive) -> the refrigerant's name."""
    names: dict[str, str] = {}
    for row in _table().to_dict("records"):
        for spelling in [row["refrigerant"], *str(row["aliases"]).split(";")]:
            if spelling.strip():
                names[spelling.strip().lower()] = row["refrigerant"]
    return names


def refrigerant_name(text: str, own: Sequence[OwnRefrigerant] = ()) -> str | None:
    """The refrigerant ``text`` names (``R410A`` -> ``R-410A``), an own gas's name, or None."""
    for gas in own:
        if gas.name.lower() == text.strip().lower():
            return gas.name
    return _names().get(text.strip().lower())


def known() -> list[str]:
    """The shipped refrigerants' names, in file order."""
    return list(dict.fromkeys(_table()["refrigerant"]))


@functools.cache
def _component_gwps(gwp_set: str) -> dict[str, tuple[float, str]]:
    rows = pd.concat([read_table("gwp_fgases.csv"), gwp_table().astype(str)], ignore_index=True)
    rows = rows[(rows["set"] == gwp_set) & (rows["origin"] == "any")]
    return {row["gas"]: (float(row["value"]), citation(row)) for row in rows.to_dict("records")}


def refrigerant_gwp(name: str, gwp_set: str, own: Sequence[OwnRefrigerant] = (), *, where: str = "") -> RefrigerantGwp:
    """GWP100 of a refrigerant (a blend: its mass-weighted components) in ``gwp_set``.

    :raises InputDataError: a component has no GWP100 in the set (HFO-1234yf in AR4/AR5, whose
        tables give none or only "<1"), naming ``where`` and the keys that settle it.
    """
    for gas in own:
        if gas.name == name:
            return RefrigerantGwp(
                name, gas.gwp, gas.basket, f"site YAML refrigerants.own: {gas.source}", f"user:gwp:{name}"
            )
    parts = _table()[_table()["refrigerant"] == name]
    if parts["basket"].iloc[0] == "none":
        gases = ", ".join(parts["component"])
        text = f"{name} ({gases}): no GWP100 in IPCC {gwp_set} tables (not a Kyoto gas); counted as 0"
        return RefrigerantGwp(name, 0.0, "none", text, f"gwp:{gwp_set}:{name}")
    gwps = _component_gwps(gwp_set)
    total, sources, composition = 0.0, [], []
    for part in parts.to_dict("records"):
        if part["component"] not in gwps:
            raise InputDataError(
                f"{name} ({part['component']}) has no GWP100 in the IPCC {gwp_set} table",
                where=where or "factors/gwp_fgases.csv",
                fix="Use gwp: AR6 (or --gwp AR6), or give the gas under refrigerants.own with its GWP and source",
            )
        value, source = gwps[part["component"]]
        total += float(part["mass_fraction"]) * value
        composition.append(f"{float(part['mass_fraction']):g} {part['component']} (GWP {value:g})")
        sources.append(source)
    blend = citation(parts.iloc[0].to_dict())
    text = f"{name} = {' + '.join(composition)} by mass; GWP: {'; '.join(dict.fromkeys(sources))}"
    if len(parts) > 1 or parts["component"].iloc[0] != name:
        text += f"; composition: {blend}"
    return RefrigerantGwp(name, total, str(parts["basket"].iloc[0]), text, f"gwp:{gwp_set}:{name}")
