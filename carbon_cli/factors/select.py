"""The choice rule: which factor (and which fuel properties) a bill slice uses.

Per activity and gas:

* region: most specific first, along the chain of :func:`.regions.region_chain`;
* year: the slice's year inside [year_from, year_to]; else the nearest earlier edition;
  else the earliest later one;
* every step away from the exact region and year is written down as a fallback note, which
  lands in the ledger and in the notices;
* a calorific basis is never mixed: a factor per gross (GCV/HHV) energy is only reached through
  gross calorific values, a net (NCV) one only through net values, and a fuel billed in energy
  units is on the basis its bills entry or its country says (:mod:`.billed_basis`), else refused.

It chooses among the rows it is given and loads nothing itself, except the GWP table.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import units
from ..errors import InputDataError
from .billed_basis import billed as billed_basis_of
from .billed_basis import missing_pair, pair_only, rebase, unknown_basis
from .catalog import BASES, BASIS_WORDS
from .database import gwp_sets, gwp_table
from .families import per_gas_first
from .fiscal import financial_year_note
from .gas_volume import default_note
from .lifecycle import lifecycle_note
from .regions import region_table
from .residual import residual_year_note, withdrawn_note
from .td_losses import td_year_note


@dataclass(frozen=True)
class Choice:
    """A picked table row and the fallback steps taken to reach it (empty when exact)."""

    row: dict[str, Any]
    fallbacks: tuple[str, ...]


def _records(rows: pd.DataFrame | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Factor rows as plain dicts: choosing among a handful of rows is cheaper in Python than in pandas.

    Built from one object array of the whole table (``to_dict("records")`` boxes every cell of
    an Arrow string column one by one, and a Series per column costs more than the handful of
    rows a run chooses among); a missing value is None where pandas writes ``pd.NA``.
    """
    if isinstance(rows, list):
        return rows
    columns = [str(column) for column in rows.columns]
    return [
        {column: None if value is pd.NA else value for column, value in zip(columns, row, strict=True)}
        for row in rows.to_numpy(dtype=object)
    ]


def _year_to(row: Mapping[str, Any]) -> float:
    value = row.get("year_to")
    return math.inf if value is None or value == "" or value != value else float(value)


def pick_year(rows: pd.DataFrame | list[dict[str, Any]], year: int) -> tuple[dict[str, Any], str | None]:
    """The row of the best edition for ``year`` and a fallback note when it is not for that year."""
    records = _records(rows)
    exact = [r for r in records if r["year_from"] <= year and _year_to(r) >= year]
    if exact:
        # The latest edition; among editions of the same year_from, the narrower range (a stable
        # sort: on a full tie the later row wins).
        return sorted(exact, key=lambda r: (r["year_from"], -_year_to(r)))[-1], None
    earlier = [r for r in records if r["year_from"] <= year]
    if earlier:
        row = sorted(earlier, key=lambda r: r["year_from"])[-1]
        return row, f"no {year} edition, used the latest earlier one ({row['year_from']})"
    row = sorted(records, key=lambda r: r["year_from"])[0]
    return row, f"no edition for {year} or earlier: used the {row['year_from']} edition, {LATER_EDITION}"


#: The words that mark a fallback note as a ``warning``: a bigger approximation than the latest
#: earlier edition of the site's own region (which is ``info``). Every note that carries one is
#: made here or in :mod:`.regions`; :func:`fallback_level` reads them, so a note carries its level.
LATER_EDITION = "a later year's factor"
APPROXIMATION = "an approximation"
UNKNOWN_REGION = "not in the factor database"
_WARNING_MARKS = (LATER_EDITION, APPROXIMATION, UNKNOWN_REGION)

#: The market view's note where no residual mix ships: a ``warning`` (issue 13), since the location
#: factor leaves in the low-carbon power whose certificates were sold to others.
NO_RESIDUAL_MIX = (
    "no residual-mix (market) factor, used the location-based factor "
    f"({APPROXIMATION}: it understates market-based emissions where certificates are sold apart from the energy)"
)


def fallback_level(note: str) -> str:
    """``warning`` for a fallback note (or several joined by "; ") that names a bigger approximation
    (a later year's edition, a region standing in for another, a region not in the database), else ``info``."""
    return "warning" if any(mark in note for mark in _WARNING_MARKS) else "info"


def pick(rows: pd.DataFrame | list[dict[str, Any]], chain: list[str], year: int) -> Choice | None:
    """Pick the row for the most specific region in ``chain`` and the best year, or None."""
    records = _records(rows)
    for depth, region in enumerate(chain):
        here = [r for r in records if r["region"] == region]
        if here:
            row, year_note = pick_year(here, year)
            if year_note and (td_note := td_year_note(row, year, APPROXIMATION, LATER_EDITION)):
                year_note = td_note  # a loss rate of another year is a warning (:mod:`.td_losses`)
            notes = []
            if depth:
                notes.append(_step_note(chain[0], region))
            elif state_note := _state_rate_note(row):
                notes.append(state_note)
            if year_note:
                notes.append(year_note)
            if lifecycle := lifecycle_note(row):
                notes.append(lifecycle)
            if financial := financial_year_note(row):
                notes.append(financial)
            if gas_default := default_note(row):
                notes.append(gas_default)  # a default calorific value per m3 (:mod:`.gas_volume`)
            return Choice(row, tuple(notes))
    return None


def _step_note(start: str, used: str) -> str:
    """The fallback note for using ``used`` instead of ``start``.

    A state whose parent is an eGRID subregion lies wholly in it (``regions.csv``, from EPA Power
    Profiler's ZIP table): the subregion's rate is the state's own grid, an ``info`` note.
    """
    note = f"no {start} value, used {used}"
    table = region_table()
    if (table.get(start) or {}).get("kind") == "state" and (table.get(used) or {}).get("kind") == "grid":
        alias = ((table[used].get("aliases") or "").split(";") or [used])[0] or used
        note += f" (the eGRID subregion {alias} serves all of {start})"
    return note


#: The words of the note on a state's own electricity rate (eGRID's state output emission rate).
STATE_RATE = "state output emission rate"


def _state_rate_note(row: Mapping[str, Any]) -> str | None:
    """A ``warning`` note when the picked row is a shipped electricity rate of a whole state.

    Such a row exists only for a state that more than one eGRID subregion serves: generation inside
    the state's borders stands in for the grid that serves the site, so it is an approximation the
    site settles by naming its subregion or ZIP code. A site's own factor (``user:``) is no such row.
    """
    region = str(row.get("region") or "")
    if (region_table().get(region) or {}).get("kind") != "state" or str(row.get("id", "")).startswith("user:"):
        return None
    if row.get("activity") != "electricity":
        return None
    return (
        f"eGRID's {region} {STATE_RATE} stands in for the site's grid, {APPROXIMATION}: more than one eGRID "
        f"subregion serves {region} (give site.egrid_subregion or site.zip for the exact subregion)"
    )


def select_gases(
    table: pd.DataFrame | ByActivity, activity: str, chain: list[str], year: int, method: str
) -> dict[str, Choice]:
    """Choose one factor per gas for an activity, region chain, year and Scope 2 method.

    ``method`` is ``location`` or ``market``. Market looks for market-method rows (residual
    mix) along the whole chain first and falls back to location rows, with a note. A region
    that publishes CO2e covers every gas; per-gas rows from a less specific region are then
    not added on top (that would count CH4 and N2O twice).
    """
    return _select(_rows_of(table, activity, chain), chain, year, method)


#: A factor or property table as plain rows grouped by activity (see :func:`by_activity`).
ByActivity = Mapping[str, list[dict[str, Any]]]


def by_activity(table: pd.DataFrame, regions: Collection[str] | None = None) -> ByActivity:
    """A factor or property table as plain rows grouped by activity: for choosing among them for
    many requests (:func:`select_gases`, :func:`amount_in`) without a pandas filter each time.

    :param regions: keep only the rows of these regions (every region of the requests' chains:
        only those can be chosen). Turning all 6,000 rows into plain rows, most of them the
        world's electricity, cost more than choosing a run's factors.
    """
    if regions is not None:
        table = table[table["region"].isin(list(regions))]
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in _records(table):
        grouped.setdefault(row["activity"], []).append(row)
    return grouped


def _rows_of(table: pd.DataFrame | ByActivity, activity: str, chain: list[str]) -> list[dict[str, Any]]:
    """The rows of an activity in the chain's regions: only those can be picked."""
    if isinstance(table, Mapping):
        regions = set(chain)
        return [row for row in table.get(activity, ()) if row["region"] in regions]
    return _records(table[(table["activity"] == activity) & table["region"].isin(chain)])


def _text(value: Any) -> str:
    """A cell as text, "" when empty (None or NaN)."""
    return "" if value is None or value != value else str(value)


def _select(rows: list[dict[str, Any]], chain: list[str], year: int, method: str) -> dict[str, Choice]:
    if method == "market":
        market = [{**r, "method": ""} for r in rows if r["method"] == "market"]
        residual = _select(market, chain, year, "location") if market else {}
        why = [w for c in residual.values() if (w := withdrawn_note(c.row, year))][:1]
        if residual and not why:
            return {gas: _residual_year(c, year) for gas, c in residual.items()}
        notes = (NO_RESIDUAL_MIX, *why)
        return {gas: Choice(c.row, (*notes, *c.fallbacks)) for gas, c in _select(rows, chain, year, "location").items()}
    rows = [r for r in rows if r["method"] in ("location", "")]
    chosen: dict[str, Choice] = {}
    for region in chain:
        here = [r for r in rows if r["region"] == region]
        if not here:
            continue
        gases = {r["gas"] for r in here}
        if "CO2e" in gases and not chosen and not per_gas_first(here, year):
            choice = pick([r for r in here if r["gas"] == "CO2e"], chain, year)
            assert choice is not None
            return {"CO2e": choice}
        for gas in sorted(gases - set(chosen) - {"CO2e"}):
            choice = pick([r for r in rows if r["gas"] == gas], chain, year)
            if choice is not None:
                chosen[gas] = choice
    return chosen


def _residual_year(choice: Choice, year: int) -> Choice:
    """A residual mix of another year is a ``warning`` naming both years (:mod:`.residual`), in place of
    the year note of a grid factor (``info`` for an earlier edition)."""
    note = residual_year_note(choice.row, year, APPROXIMATION, LATER_EDITION)
    if note is None:
        return choice
    kept = [n for n in choice.fallbacks if not (n.startswith("no edition for ") or n.startswith(f"no {year} edition"))]
    return Choice(choice.row, (*kept, note))


def amount_in(
    quantity_unit: str,
    denominator: Any,
    activity: str,
    chain: list[str],
    year: int,
    props: pd.DataFrame | ByActivity,
    *,
    basis: str = "",
    factor_id: str = "",
    billed_basis: str = "",
) -> tuple[float, list[Choice]]:
    """How many factor denominators one ``quantity_unit`` of this activity is.

    Uses pint when the dimensions agree (kWh into MWh), else up to two fuel properties from
    ``props``: a calorific value takes m3 or t into TJ, a density takes L into t (so litres of
    diesel reach a per-TJ factor through density, then NCV).

    Calorific bases are never mixed (GHG Protocol and IPCC 2006 Vol.2 Ch.1 1.4.1.2: a factor and
    the energy it multiplies must be on the same basis): a factor with ``basis`` GCV (EPA's
    per-mmBtu HHV factors, DESNZ kWh gross) is reached only through gross calorific values, an
    NCV factor only through net ones. A fuel billed in energy units is on the basis its bills entry
    says, else its country's (:mod:`.billed_basis`); energy on the other basis is turned onto the
    factor's by a net and a gross calorific value of one source, and energy whose basis nobody says
    is refused where the factor has one.

    :param basis: the factor's calorific basis, ``NCV``, ``GCV`` or "" (none: electricity, heat).
    :param factor_id: named in errors.
    :param billed_basis: the bills entry's ``energy_basis:`` as ``GCV``/``NCV`` ("" when not given).
    :returns: the multiplier and the property rows used, in order (empty when pint sufficed).
    :raises InputDataError: no property bridges the two dimensions, or only one on the other basis.
    """
    ureg = units.registry()
    start = ureg.Quantity(1.0, units.parse(quantity_unit))
    target = denominator.dimensionality
    other = {"NCV": "GCV", "GCV": "NCV"}.get(basis)
    name = f"the {activity} factor {factor_id}".replace("  ", " ").strip()
    in_energy = units.dimension_of(start) == "energy"
    billed = billed_basis_of(billed_basis, chain) if in_energy else ""
    if start.dimensionality == target:
        if other and in_energy and billed != basis:
            if not billed:
                raise unknown_basis(activity, quantity_unit, chain, name, basis)
            rebased = rebase(_rows_of(props, activity, chain), chain, year, billed, basis, pick, activity)
            if rebased is None:
                raise missing_pair(activity, quantity_unit, chain, name, billed, basis)
            ratio, used = rebased
            return float((start * ratio / denominator).to("").magnitude), used
        return float((start / denominator).to("").magnitude), []
    rows = [r for r in _rows_of(props, activity, chain) if not pair_only(r)]
    if other:
        rows = [r for r in rows if _text(r.get("basis")) != other]
    if in_energy:  # the first bridge out of billed energy is a calorific value on the bill's basis
        if not billed and any(_text(r.get("basis")) for r in rows):
            raise unknown_basis(activity, quantity_unit, chain, name, basis)
        rows = [r for r in rows if _text(r.get("basis")) in ("", billed)]
    bridges = _bridges(rows, chain, year)
    frontier: list[tuple[Any, list[Choice]]] = [(start, [])]
    for _ in range(3):  # direct, then one or two properties
        for amount, used in frontier:
            if amount.dimensionality == target:
                return float((amount / denominator).to("").magnitude), used
        frontier = [
            (amount * ratio, [*used, choice])
            for amount, used in frontier
            for choice, ratio in bridges
            if choice not in used
            and (amount * ratio).dimensionality != amount.dimensionality
            and _reduces_to_one(amount * ratio)
        ]
    words = f" ({BASIS_WORDS[basis]} basis)" if basis in BASES else ""
    key = {"GCV": "gcv", "NCV": "ncv"}.get(basis, "ncv")
    raise InputDataError(
        f"no way to turn {units.dimension(quantity_unit)} ('{quantity_unit}') of {activity} into "
        f"{units.dimension(str(denominator.units))}{words} for {name}",
        fix=f"Bill {activity} in {denominator.units:~P}, or give conversions: {activity}: "
        f"{{{key}: <value from the supplier or bill, e.g. in MJ/m3>, density: ...}} in the site YAML",
    )


def _bridges(rows: list[dict[str, Any]], chain: list[str], year: int) -> list[tuple[Choice, Any]]:
    """Each property picked for the region and year, as a ratio usable both ways.

    Properties are told apart by name and by what they are per (a per-volume and a per-mass
    calorific value are different bridges), so China's per-m3 value does not hide IPCC's per-kg one.
    """
    found: list[tuple[Choice, Any]] = []
    records = rows
    per = [units.per_dimension(r["unit"]) for r in records]
    for name, dimension in dict.fromkeys((r["property"], d) for r, d in zip(records, per, strict=True)):
        choice = pick(
            [r for r, d in zip(records, per, strict=True) if r["property"] == name and d == dimension], chain, year
        )
        if choice is not None:
            ratio = units.per_unit(choice.row["value"], choice.row["unit"])
            found += [(choice, ratio), (choice, 1 / ratio)]
    return found


def _reduces_to_one(quantity: Any) -> bool:
    """True when a quantity is a plain energy, volume or mass (not e.g. m3**2/kg)."""
    return units.dimension_of(quantity) in ("energy", "volume", "mass")


def gwp_values(gwp_set: str) -> dict[tuple[str, str], tuple[float, str]]:
    """GWP100 by (gas, origin) for a set, with its citation; CO2e counts as 1.

    ``origin`` is ``fossil`` or ``non_fossil``: AR6 gives fossil methane a higher GWP (it adds
    the CO2 from its oxidation); other sets give one value for ``any`` origin.
    """
    table = gwp_table()
    rows = [row for row in _records(table) if row["set"] == gwp_set]
    if not rows:
        sets = ", ".join(sorted(gwp_sets()))
        raise InputDataError(f"unknown GWP set '{gwp_set}'", fix=f"Use one of: {sets}")
    values: dict[tuple[str, str], tuple[float, str]] = {}
    for gas in {row["gas"] for row in rows}:
        for origin in ("fossil", "non_fossil"):
            exact = [r for r in rows if r["gas"] == gas and r["origin"] == origin]
            match = exact or [r for r in rows if r["gas"] == gas and r["origin"] == "any"]
            if match:
                values[(gas, origin)] = (float(match[0]["value"]), str(match[0]["citation"]))
    for origin in ("fossil", "non_fossil"):
        values[("CO2e", origin)] = (1.0, "the factor is already in CO2e")
    return values
