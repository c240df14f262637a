"""The calorific basis of energy on a bill, and turning it onto the basis of its factor (issue 13).

A fuel factor per unit of energy is on one calorific basis: gross (GCV, HHV: EPA's per-mmBtu factors,
DESNZ's "kWh (Gross CV)") or net (NCV, LHV: IPCC 2006, the Chinese guidelines). Natural gas's net energy
is about a tenth below its gross (IPCC 2006 Vol. 2 Ch. 1, 1.4.1.2), so a kWh read on the wrong basis makes
the fuel about 10 % high or low. The basis of a bill's energy is, in order:

* the bills entry's ``energy_basis:`` (``gross`` or ``net``: the supplier says which on the bill);
* the convention of the site's country (``energy_basis`` of ``regions.csv``: gross in the US and the UK,
  net in China).

Where neither says (most countries: European gas bills are mostly gross, Brennwert, PCS, Hs, but not
all), the bill is refused naming ``energy_basis:``. Energy on the other basis than its factor's is
turned onto it by the ratio of a net and a gross calorific value of the fuel taken from one source: the
site's own ``conversions:`` or one region's published pair, most specific region first. Only the shipped
default pair for natural gas (DESNZ's UK average gas, ``gas_volume``) stands in where nothing nearer
holds one, with a ``warning``; with no pair at all the bill is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from .. import units
from ..errors import InputDataError
from .catalog import BASES, BASIS_WORDS
from .gas_volume import ID_PREFIX, default_note
from .regions import energy_basis

#: The calorific-value property of each basis in ``properties.csv``.
PROPERTY = {"GCV": "gcv", "NCV": "ncv"}
#: What a basis change does, by (bill's basis, factor's basis): whole phrases, each a Chinese entry.
TURNED = {
    ("GCV", "NCV"): "gross energy on the bill turned net",
    ("NCV", "GCV"): "net energy on the bill turned gross",
}


def billed(declared: str, chain: list[str]) -> str:
    """The calorific basis of a bill's energy: the entry's ``energy_basis:`` (``GCV``/``NCV``), else its
    country's convention, else "" (not known)."""
    return declared if declared in BASES else energy_basis(chain)


def unknown_basis(activity: str, quantity_unit: str, chain: list[str], factor: str, basis: str) -> InputDataError:
    """The refusal of fuel energy whose basis nobody states, for a factor on ``basis`` ("": a factor per
    mass or volume, reached through a calorific value)."""
    if basis in BASES:
        detail = f"{factor} is per {BASIS_WORDS[basis]} energy"
    else:
        detail = f"{factor} is reached from it only through a calorific value, gross or net"
    return InputDataError(
        f"{activity} billed in energy units in {chain[0]}: whether that energy is gross or net is not "
        f"said, and {detail} (gross is about 10 % above net for gas)",
        fix="Add energy_basis: gross (the bill's kWh are on the gross calorific value: GCV, HHV, Hs, Brennwert, "
        "PCS, as most European gas bills) or energy_basis: net (NCV, LHV, Hi) to the bills entry in the site YAML",
    )


def rebase(
    rows: Sequence[Mapping[str, Any]],
    chain: list[str],
    year: int,
    have: str,
    want: str,
    pick: Callable[[list[dict[str, Any]], list[str], int], Any],
    activity: str,
) -> tuple[Any, list[Any]] | None:
    """The ratio that turns energy on basis ``have`` into energy on ``want``, and the two property
    choices it comes from (the ``have`` one first), or None where no region holds both.

    Both values are per the same amount of fuel and from the same region, most specific first, so a
    site's own pair wins and a US gross value is never divided by a UK net one.

    :param pick: :func:`.select.pick` (passed in: that module imports this one).
    """
    calorific = [r for r in rows if r.get("property") in (PROPERTY[have], PROPERTY[want]) and r.get("basis")]
    for region in chain:
        here = [r for r in calorific if r["region"] == region]
        for dimension in dict.fromkeys(units.per_dimension(r["unit"]) for r in here):
            same = [dict(r) for r in here if units.per_dimension(r["unit"]) == dimension]
            sides = [pick([r for r in same if r["property"] == PROPERTY[b]], chain, year) for b in (have, want)]
            if sides[0] is None or sides[1] is None:
                continue
            ratio = units.per_unit(sides[1].row["value"], sides[1].row["unit"]) / units.per_unit(
                sides[0].row["value"], sides[0].row["unit"]
            )
            note = _note(sides[0].row, sides[1].row, float(ratio.to("").magnitude), have, want, activity)
            chosen = [replace(side, fallbacks=_without_default(side)) for side in sides]
            chosen[0] = replace(chosen[0], fallbacks=(*chosen[0].fallbacks, note))
            return ratio, chosen
    return None


def pair_only(row: Mapping[str, Any]) -> bool:
    """The shipped default gross value of natural gas serves the net/gross ratio only, never as a bridge
    from a volume: a gross factor meets gas in m3 through the bill's own CV (``cv:``, with the UK's volume
    correction in GB) or DESNZ's own factor per m3, not through an average standing in for the bill."""
    return str(row.get("id") or "").startswith(ID_PREFIX) and row.get("property") == PROPERTY["GCV"]


def missing_pair(
    activity: str, quantity_unit: str, chain: list[str], factor: str, have: str, want: str
) -> InputDataError:
    """The refusal of energy on ``have`` for a factor on ``want`` where no pair of values converts it."""
    return InputDataError(
        f"{factor} is per {BASIS_WORDS[want]} energy, but {activity} energy billed in {chain[0]} ('{quantity_unit}') "
        f"is {BASIS_WORDS[have]}, and no pair of gross and net calorific values of it converts one into the other",
        fix=f"Bill {activity} in mass or volume so a calorific value on the factor's basis converts it, give "
        f"conversions: {activity}: {{gcv: <value>, ncv: <value>}} (both, per m3 or per kg) in the site YAML, or "
        f"a factor on the {BASIS_WORDS[have]} basis (factors:)",
    )


def _without_default(choice: Any) -> tuple[str, ...]:
    """A choice's notes without the per-m3 default's own note (it speaks of gas billed by volume)."""
    own = default_note(choice.row)
    return tuple(n for n in choice.fallbacks if n != own)


def _note(
    first: Mapping[str, Any], second: Mapping[str, Any], ratio: float, have: str, want: str, activity: str
) -> str:
    """What the basis change did; a ``warning`` (its words "an approximation") on the shipped default pair."""
    said = TURNED[(have, want)]
    values = f"{second['value']} / {first['value']} {str(first['unit']).replace('**3', '3')}"
    if any(str(row.get("id") or "").startswith(ID_PREFIX) for row in (first, second)):
        note = (
            f"{said} x {ratio:.4f} ({PROPERTY[want]} / {PROPERTY[have]} = {values}, the default pair of DESNZ "
            f"{first.get('edition')} UK average natural gas), an approximation: give the supplier's values as "
            f"conversions: {activity}: {{gcv: <value> MJ/m3, ncv: <value> MJ/m3}}"
        )
    else:
        note = (
            f"{said} x {ratio:.4f} ({PROPERTY[want]} / {PROPERTY[have]} = {values}, "
            "a pair of calorific values of one source)"
        )
    return note
