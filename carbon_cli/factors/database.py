"""The factor database: the shipped factor sets, fuel properties and GWP sets as tables.

Owns loading and checking the tables (each loaded once, on first use) and applying opt-in
factor sets. It does not choose a factor for a bill (that is :mod:`.select`) and knows
nothing of a site's own factors (:mod:`.site`).

Factor sets are listed in ``factor_sets.csv``: the default ones are always loaded; the others
(China's ETS national factor, IPCC manufacturing-sector CH4/N2O) are opt-in and replace the
default rows they cover (:func:`factor_table`).
"""

from __future__ import annotations

import csv
import functools

import pandas as pd

from ..errors import ConfigError, InputDataError
from .cache import cached_table
from .files import citation, factors_root, read_table
from .regions import region_chain
from .weighted import unweighted

#: The fields a citation names, in order (see :func:`.files.citation`).
CITATION_KEYS = ("publisher", "document", "edition", "table")


@functools.cache
def factor_sets() -> dict[str, dict[str, str]]:
    """The factor sets of ``factor_sets.csv`` by name: file, default (yes/no), replaces, description."""
    with (factors_root() / "factor_sets.csv").open(encoding="utf-8") as handle:
        return {row["set"]: row for row in csv.DictReader(handle)}


def optional_sets() -> list[str]:
    """Names of the sets a site or the command line may opt into (``factor_sets:``, ``--factor-set``)."""
    return [name for name, row in factor_sets().items() if row["default"] != "yes"]


@functools.cache
def emission_factors() -> pd.DataFrame:
    """All default emission factors, one row per factor and gas, with a ``citation`` column."""
    files = [row["file"] for row in factor_sets().values() if row["default"] == "yes"]

    def build() -> pd.DataFrame:
        return prepare(pd.concat([read_table(name) for name in files], ignore_index=True), "factors")

    # Kept between runs (0.2 s to build, 3 ms to load), keyed by every file read and the code.
    return cached_table("emission_factors", [*files, "factor_sets.csv", "gwp.csv"], build)


@functools.cache
def factor_table(sets: tuple[str, ...] = ()) -> pd.DataFrame:
    """The default factors with the opt-in ``sets`` applied, in the order given.

    An opt-in set replaces the default rows with the same activity, gas and method: in the
    region of each of its rows and every region below it (``replaces: subtree``, e.g. China's
    ETS national factor replaces provincial and grid factors too), or in that region only
    (``replaces: region``, e.g. IPCC Table 2.3 replacing Table 2.4 at GLOBAL).

    :raises ConfigError: a set name is unknown or is a default set.
    """
    table = emission_factors()
    known = factor_sets()
    for name in sets:
        row = known.get(name)
        if row is None or row["default"] == "yes":
            raise ConfigError(
                f"unknown factor set '{name}'",
                fix=f"Use one of: {', '.join(optional_sets())} (see `carbon factors sets`)",
            )
        extra = prepare(read_table(row["file"]), row["file"])
        drop = pd.Series(False, index=table.index)
        for (activity, gas, method), regions_ in extra.groupby(["activity", "gas", "method"])["region"]:
            same = (table["activity"] == activity) & (table["gas"] == gas) & (table["method"] == method)
            if row["replaces"] == "subtree":
                covered = table["region"].map(lambda code, tops=set(regions_): bool(tops & set(region_chain(code)[0])))
            else:
                covered = table["region"].isin(set(regions_))
            drop |= same & covered
        table = pd.concat([table[~drop], extra], ignore_index=True)
    return table


def prepare(table: pd.DataFrame, where: str) -> pd.DataFrame:
    """A factor or property table read as text, typed: codes trimmed, regions upper case, values
    and years numbers, a ``citation`` column added.

    :raises InputDataError: two rows share an id (``where`` names the file).
    """
    table = table.copy()
    for column in ("id", "activity", "region", "gas", "method", "unit"):
        table[column] = table[column].astype(str).str.strip()
    table["region"] = table["region"].str.upper()
    table["value"] = pd.to_numeric(table["value"], errors="raise")
    table = unweighted(table, gwp_table(), where)  # CH4@AR4 (CO2e as published) -> kg of CH4
    table["year_from"] = pd.to_numeric(table["year_from"], errors="raise").astype("int64")
    table["year_to"] = pd.to_numeric(table["year_to"].replace("", None), errors="raise").astype("Float64")
    # Column by column: to_dict("records") is slow on Arrow strings (thousands of country rows).
    fields = [table[key].tolist() for key in CITATION_KEYS]
    table["citation"] = [citation(dict(zip(CITATION_KEYS, parts, strict=True))) for parts in zip(*fields, strict=True)]
    duplicated = table["id"].duplicated()
    if duplicated.any():
        raise InputDataError(
            f"duplicate factor id '{table.loc[duplicated, 'id'].iloc[0]}'",
            where=where,
            fix="Give every factor row its own id",
        )
    return table


@functools.cache
def properties() -> pd.DataFrame:
    """Fuel properties (net calorific values, densities) used to reach a factor's unit."""

    def build() -> pd.DataFrame:
        return prepare(read_table("properties.csv").assign(gas="", method=""), "properties.csv")

    return cached_table("properties", ["properties.csv", "gwp.csv"], build)


@functools.cache
def gwp_table() -> pd.DataFrame:
    """Global warming potentials (100-year) by set, gas and origin."""

    def build() -> pd.DataFrame:
        table = read_table("gwp.csv")
        table["value"] = pd.to_numeric(table["value"])
        table["citation"] = [citation(row) for row in table.to_dict("records")]
        return table

    # Kept between runs like the factor table (12 ms to build, under 1 ms to load; issue 15).
    return cached_table("gwp", ["gwp.csv"], build)


@functools.cache
def gwp_sets() -> tuple[str, ...]:
    """The GWP sets of ``gwp.csv`` (``AR4``, ``AR5``, ``AR6``), in file order."""
    return tuple(dict.fromkeys(gwp_table()["set"]))


@functools.cache
def gases() -> tuple[str, ...]:
    """The gases a factor may be for: those ``gwp.csv`` gives a GWP (``CO2``, ``CH4``, ``N2O``),
    then ``CO2e`` (a factor already summed over gases)."""
    return (*dict.fromkeys(gwp_table()["gas"]), "CO2e")


@functools.cache
def all_factor_rows() -> pd.DataFrame:
    """Every shipped factor row of every set, default or opt-in, with ``set`` and ``citation``."""
    frames = [prepare(read_table(row["file"]), row["file"]).assign(set=name) for name, row in factor_sets().items()]
    return pd.concat(frames, ignore_index=True)
