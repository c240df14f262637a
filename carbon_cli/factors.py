"""Factors: the shipped factor database and the rule that picks a factor for a bill slice.

The data lives in ``factors/`` as CSV files with one citation per row (see factors/README.md).
Nothing is read at import time; each table is loaded once, on first use.

Selection (per activity and gas):

* region: most specific first, following ``regions.csv`` parents
  (province -> grid region -> country -> GLOBAL);
* year: the slice's year inside [year_from, year_to]; else the nearest earlier edition;
  else the earliest later one;
* every step away from the exact region and year is written down as a fallback note, which
  lands in the ledger and in the notices.
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

from . import units
from .errors import InputDataError

if TYPE_CHECKING:
    import pandas as pd

GLOBAL = "GLOBAL"

#: The default factor files, in the order they are read. Alternative sets (China's ETS
#: single national factor, IPCC manufacturing-sector CH4/N2O) ship but are not read by default.
DEFAULT_FACTOR_FILES = ("emission_factors.csv",)

FACTOR_COLUMNS = ("id", "activity", "region", "year_from", "year_to", "gas", "value", "unit",
                  "method", "basis", "publisher", "document", "edition", "table", "evidence", "note")


def factors_root() -> Traversable:
    """The folder holding the factor files: inside the wheel, or the repo's ``factors/``."""
    packaged = resources.files("carbon_cli") / "factors"
    if packaged.is_dir():
        return packaged
    return resources.files("carbon_cli").joinpath("..", "factors")  # editable install


def _read(name: str) -> pd.DataFrame:
    import pandas as pd

    with (factors_root() / name).open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def citation(row: Mapping[str, Any]) -> str:
    """One line naming publisher, document, edition and table of a factor row."""
    parts = [str(row.get(key) or "").strip() for key in ("publisher", "document", "edition", "table")]
    return ", ".join(part for part in parts if part)


@functools.cache
def emission_factors() -> pd.DataFrame:
    """All default emission factors, one row per factor and gas, with a ``citation`` column."""
    import pandas as pd

    table = pd.concat([_read(name) for name in DEFAULT_FACTOR_FILES], ignore_index=True)
    return _prepare(table, "factors")


def _prepare(table: pd.DataFrame, where: str) -> pd.DataFrame:
    import pandas as pd

    table = table.copy()
    for column in ("id", "activity", "region", "gas", "method", "unit"):
        table[column] = table[column].astype(str).str.strip()
    table["region"] = table["region"].str.upper()
    table["value"] = pd.to_numeric(table["value"], errors="raise")
    table["year_from"] = pd.to_numeric(table["year_from"], errors="raise").astype("int64")
    table["year_to"] = pd.to_numeric(table["year_to"].replace("", None), errors="raise").astype("Float64")
    table["citation"] = [citation(row) for row in table.to_dict("records")]
    duplicated = table["id"].duplicated()
    if duplicated.any():
        raise InputDataError(f"duplicate factor id '{table.loc[duplicated, 'id'].iloc[0]}'", where=where,
                             fix="Give every factor row its own id")
    return table


@functools.cache
def properties() -> pd.DataFrame:
    """Fuel properties (net calorific values, densities) used to reach a factor's unit."""
    return _prepare(_read("properties.csv").assign(gas="", method=""), "properties.csv")


@functools.cache
def gwp_table() -> pd.DataFrame:
    """Global warming potentials (100-year) by set, gas and origin."""
    import pandas as pd

    table = _read("gwp.csv")
    table["value"] = pd.to_numeric(table["value"])
    table["citation"] = [citation(row) for row in table.to_dict("records")]
    return table


@functools.cache
def regions() -> dict[str, str]:
    """Map each known region code to its parent code ("" for GLOBAL)."""
    with (factors_root() / "regions.csv").open(encoding="utf-8") as handle:
        return {row["code"].strip().upper(): row["parent"].strip().upper() for row in csv.DictReader(handle)}


@functools.cache
def activities() -> dict[str, dict[str, str]]:
    """The activities carbon knows, keyed by name: scope, label, canonical unit, origin."""
    with (factors_root() / "activities.csv").open(encoding="utf-8") as handle:
        return {row["activity"]: row for row in csv.DictReader(handle)}


@functools.cache
def activity_aliases() -> dict[str, str]:
    """Every accepted spelling of an activity (name, Chinese and English aliases) -> name."""
    names: dict[str, str] = {}
    for name, row in activities().items():
        names[name] = name
        for alias in filter(None, (a.strip() for a in row["aliases"].split(";"))):
            names[alias] = name
    return names


def region_chain(code: str) -> tuple[list[str], str | None]:
    """The regions to try for ``code``, most specific first, and a note when it is unknown.

    >>> region_chain("CN-CQ")[0]  # doctest: +SKIP
    ['CN-CQ', 'CN-GRID-CC', 'CN', 'GLOBAL']
    """
    known = regions()
    code = code.upper()
    chain: list[str] = []
    note = None
    if code not in known:
        country = code.split("-")[0]
        if country in known:
            note = f"region '{code}' is not in the factor database; using its country '{country}'"
            chain.append(code)
            code = country
        else:
            note = f"region '{code}' is not in the factor database; only global defaults apply"
            chain.append(code)
            code = GLOBAL
    while code and code not in chain:
        chain.append(code)
        code = known.get(code, "")
    if GLOBAL not in chain:
        chain.append(GLOBAL)
    return chain, note


@dataclass(frozen=True)
class Choice:
    """A picked table row and the fallback steps taken to reach it (empty when exact)."""

    row: dict[str, Any]
    fallbacks: tuple[str, ...]


def _pick_year(rows: pd.DataFrame, year: int) -> tuple[dict[str, Any], str | None]:
    year_to = rows["year_to"].fillna(math.inf).astype(float)
    exact = rows[(rows["year_from"] <= year) & (year_to >= year)]
    if len(exact):
        # The latest edition; among editions of the same year_from, the narrower range.
        ranked = exact.assign(_to=year_to[exact.index]).sort_values(["year_from", "_to"], ascending=[True, False])
        return ranked.drop(columns="_to").iloc[-1].to_dict(), None
    earlier = rows[rows["year_from"] <= year]
    if len(earlier):
        row = earlier.sort_values("year_from").iloc[-1].to_dict()
        return row, f"no {year} edition, used the latest earlier one ({row['year_from']})"
    row = rows.sort_values("year_from").iloc[0].to_dict()
    return row, f"no edition for {year} or earlier, used the earliest one ({row['year_from']})"


def pick(rows: pd.DataFrame, chain: list[str], year: int) -> Choice | None:
    """Pick the row for the most specific region in ``chain`` and the best year, or None."""
    for depth, region in enumerate(chain):
        here = rows[rows["region"] == region]
        if len(here):
            row, year_note = _pick_year(here, year)
            notes = []
            if depth:
                notes.append(f"no {chain[0]} value, used {region}")
            if year_note:
                notes.append(year_note)
            return Choice(row, tuple(notes))
    return None


def select_gases(table: pd.DataFrame, activity: str, chain: list[str], year: int,
                 method: str) -> dict[str, Choice]:
    """Choose one factor per gas for an activity, region chain, year and Scope 2 method.

    ``method`` is ``location`` or ``market``. Market looks for market-method rows (residual
    mix) along the whole chain first and falls back to location rows, with a note. A region
    that publishes CO2e covers every gas; per-gas rows from a less specific region are then
    not added on top (that would count CH4 and N2O twice).
    """
    rows = table[table["activity"] == activity]
    if method == "market":
        market = rows[(rows["method"] == "market") & rows["region"].isin(chain)]
        if len(market):
            return select_gases(market.assign(method=""), activity, chain, year, "location")
        chosen = select_gases(rows, activity, chain, year, "location")
        note = "no residual-mix (market) factor, used the location-based factor"
        return {gas: Choice(c.row, (note, *c.fallbacks)) for gas, c in chosen.items()}
    rows = rows[rows["method"].isin(["location", ""])]
    chosen: dict[str, Choice] = {}
    for region in chain:
        here = rows[rows["region"] == region]
        if not len(here):
            continue
        if "CO2e" in set(here["gas"]) and not chosen:
            choice = pick(here[here["gas"] == "CO2e"], chain, year)
            assert choice is not None
            return {"CO2e": choice}
        for gas in sorted(set(here["gas"]) - set(chosen) - {"CO2e"}):
            choice = pick(rows[rows["gas"] == gas], chain, year)
            if choice is not None:
                chosen[gas] = choice
    return chosen


def amount_in(quantity_unit: str, denominator: Any, activity: str, chain: list[str], year: int,
              props: pd.DataFrame) -> tuple[float, list[Choice]]:
    """How many factor denominators one ``quantity_unit`` of this activity is.

    Uses pint when the dimensions agree (kWh into MWh), else up to two fuel properties from
    ``props``: a calorific value takes m3 or t into TJ, a density takes L into t (so litres of
    diesel reach a per-TJ factor through density, then NCV).

    :returns: the multiplier and the property rows used, in order (empty when pint sufficed).
    :raises InputDataError: no property bridges the two dimensions.
    """
    ureg = units.registry()
    start = ureg.Quantity(1.0, units.parse(quantity_unit))
    target = denominator.dimensionality
    bridges = _bridges(props[props["activity"] == activity], chain, year)
    frontier: list[tuple[Any, list[Choice]]] = [(start, [])]
    for _ in range(3):  # direct, then one or two properties
        for amount, used in frontier:
            if amount.dimensionality == target:
                return float((amount / denominator).to("").magnitude), used
        frontier = [(amount * ratio, [*used, choice]) for amount, used in frontier
                    for choice, ratio in bridges
                    if choice not in used and (amount * ratio).dimensionality != amount.dimensionality
                    and _reduces_to_one(amount * ratio)]
    raise InputDataError(
        f"no way to turn {units.dimension(quantity_unit)} ('{quantity_unit}') of {activity} into "
        f"{units.dimension(str(denominator.units))} for its emission factor",
        fix=f"Bill {activity} in {denominator.units:~P}, or give conversions: {activity}: "
            "{ncv: ..., density: ...} in the site YAML",
    )


def _bridges(rows: pd.DataFrame, chain: list[str], year: int) -> list[tuple[Choice, Any]]:
    """Each property picked for the region and year, as a ratio usable both ways.

    Properties are told apart by name and by what they are per (a per-volume and a per-mass
    calorific value are different bridges), so China's per-m3 value does not hide IPCC's per-kg one.
    """
    found: list[tuple[Choice, Any]] = []
    per = rows["unit"].map(lambda unit: units.dimension_of(units.ratio(unit)[1]))
    for name, dimension in dict.fromkeys(zip(rows["property"], per, strict=True)):
        choice = pick(rows[(rows["property"] == name) & (per == dimension)], chain, year)
        if choice is not None:
            numerator, denominator = units.ratio(choice.row["unit"])
            ratio = float(choice.row["value"]) * numerator / denominator
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
    rows = table[table["set"] == gwp_set]
    if not len(rows):
        sets = ", ".join(sorted(set(table["set"])))
        raise InputDataError(f"unknown GWP set '{gwp_set}'", fix=f"Use one of: {sets}")
    values: dict[tuple[str, str], tuple[float, str]] = {}
    for gas in set(rows["gas"]):
        for origin in ("fossil", "non_fossil"):
            exact = rows[(rows["gas"] == gas) & (rows["origin"] == origin)]
            match = exact if len(exact) else rows[(rows["gas"] == gas) & (rows["origin"] == "any")]
            if len(match):
                values[(gas, origin)] = (float(match["value"].iloc[0]), str(match["citation"].iloc[0]))
    for origin in ("fossil", "non_fossil"):
        values[("CO2e", origin)] = (1.0, "the factor is already in CO2e")
    return values
