"""Regions: the one home of region -> chain -> country.

Owns ``regions.csv`` (codes, aliases, parents, kinds, the energy basis of bills) and the rules
that turn what a site writes (a code or an alias such as ``CAMX``, ``UK`` or ``华中``) into the
region chain a factor is looked up along and the country it lies in. Everyone who needs a
region's chain or country asks here; nobody splits region strings.

The chain runs most specific first, following ``regions.csv`` parents (province -> grid region
-> country -> GLOBAL; a US state -> its eGRID subregion -> US).
"""

from __future__ import annotations

import csv
import functools
import unicodedata

from .cache import cached
from .files import factors_root

GLOBAL = "GLOBAL"


@functools.cache
def region_table() -> dict[str, dict[str, str]]:
    """Each region of ``regions.csv`` by code: name, parent, kind, aliases, energy_basis, note."""

    def build() -> dict[str, dict[str, str]]:
        with (factors_root() / "regions.csv").open(encoding="utf-8") as handle:
            return {row["code"].strip().upper(): row for row in csv.DictReader(handle)}

    return cached("regions", ["regions.csv"], build, dict)  # kept between runs (issue 15)


@functools.cache
def regions() -> dict[str, str]:
    """Map each known region code to its parent code ("" for GLOBAL)."""
    return {code: row["parent"].strip().upper() for code, row in region_table().items()}


@functools.cache
def region_aliases() -> dict[str, str]:
    """Other accepted spellings of region codes: ``CAMX`` -> ``US-EGRID-CAMX``, ``UK`` -> ``GB``, ``华中``."""
    names: dict[str, str] = {}
    for code, row in region_table().items():
        for alias in filter(None, (a.strip() for a in (row.get("aliases") or "").split(";"))):
            names[alias.upper()] = code
    return names


def canonical_region(code: str) -> str:
    """The region code for a code or alias as a site writes it (case and width folded)."""
    text = unicodedata.normalize("NFKC", str(code)).strip().upper()
    return text if text in regions() else region_aliases().get(text, text)


def energy_basis(chain: list[str]) -> str:
    """The calorific basis of fuel energy on bills in the chain's country (``NCV``, ``GCV`` or "")."""
    table = region_table()
    for code in chain:
        basis = (table.get(code) or {}).get("energy_basis", "")
        if basis:
            return basis
    return ""


def region_chain(code: str) -> tuple[list[str], str | None]:
    """The regions to try for ``code``, most specific first, and a note when it is unknown.

    >>> region_chain("CN-CQ")[0]  # doctest: +SKIP
    ['CN-CQ', 'CN-GRID-CC', 'CN', 'GLOBAL']
    """
    known = regions()
    code = canonical_region(code)
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


def country_of(region: str | None) -> str | None:
    """The country code of a region given as a code or an alias (``CN-CQ``, ``华中`` -> ``CN``;
    ``UK`` -> ``GB``), found along the parent chain :func:`region_chain` walks; None when the
    region is None, GLOBAL or lies in no known country.
    """
    if region is None:
        return None
    table = region_table()
    for code in region_chain(region)[0]:
        if (table.get(code) or {}).get("kind") == "country":
            return code
    return None
