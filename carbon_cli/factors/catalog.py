"""The activity catalogue: what carbon can account for (``activities.csv``) and the calorific bases.

Owns the activity catalogue (scope, label, canonical unit, aliases), which activities a bill
may carry, and the words for the two calorific bases a factor or property may be on.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping

from .cache import cached
from .files import factors_root

#: Calorific bases of a factor or property: net (lower) and gross (higher heating value).
BASES = ("NCV", "GCV")

#: How a calorific basis is named in messages.
BASIS_WORDS = {"NCV": "net (NCV, lower heating value)", "GCV": "gross (GCV, higher heating value)"}


@functools.cache
def activities() -> dict[str, dict[str, str]]:
    """The activities carbon knows, keyed by name: scope, label, canonical unit, origin; then those
    of the generated catalogues (:data:`GENERATED`)."""

    def build() -> dict[str, dict[str, str]]:
        known: dict[str, dict[str, str]] = {}
        for name in ("activities.csv", *GENERATED):
            with (factors_root() / name).open(encoding="utf-8") as handle:
                known.update({row["activity"]: row for row in csv.DictReader(handle) if row["activity"] not in known})
        return known

    return cached("activities", ["activities.csv", *GENERATED], build, dict)  # kept between runs (issue 15)


#: Activity catalogues built by a script rather than kept by hand: the EPA Hub's vehicles by model
#: year and non-road equipment (issue 14, ``scripts/factors/epa_mobile.py``).
GENERATED = ("activities_mobile.csv",)


#: Derived activities (issue 14): a name ending so is calculated from the activity before the
#: suffix (``natural_gas_wtt`` from ``natural_gas`` bills, ``heat_td_losses`` from ``heat`` bills),
#: never billed. ``electricity_td_losses_wtt`` ends in ``_wtt``: it is derived from the T&D losses.
DERIVED_SUFFIXES = ("_wtt", "_biogenic", "_td_losses")


def derived_from(name: str) -> str | None:
    """The activity a derived one is calculated from (``electricity_td_losses`` and ``natural_gas_wtt``
    from ``electricity`` and ``natural_gas``), or None for an activity that is billed."""
    for suffix in DERIVED_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def billable(table: Mapping[str, Mapping[str, str]] | None = None) -> set[str]:
    """The activities a bill may have: Scope 1 and 2 ones, on-site generation and export, and the
    memo activities billed as such (water, waste). Derived ones (T&D losses, upstream, biogenic CO2,
    self-consumption sold) are calculated from others, and refrigerants come from the YAML: never billed."""
    table = activities() if table is None else table
    return {
        name
        for name, row in table.items()
        if (row["scope"] in ("scope1", "scope2", "onsite") or (derived_from(name) is None and row["scope"]))
        and name not in NEVER_BILLED | FROM_YAML
        and not name.endswith(VEHICLE_SUFFIXES)
    }


#: A fleet's activities (issue 14, carbon_cli/mobile.py): reached through a bills entry's vehicle:, never named.
VEHICLE_SUFFIXES = ("_road", "_km", "_road_co2", "_nonroad")


#: Scope 2 activities made from other data, never billed (carbon_cli/onsite.py).
NEVER_BILLED = frozenset({"self_consumption"})
#: Scope 1 activities that come from a block of the site YAML, never from a bill: refrigerant
#: leaks (``refrigerants:``, :mod:`carbon_cli.fugitive`).
FROM_YAML = frozenset({"refrigerant"})


@functools.cache
def activity_aliases() -> dict[str, str]:
    """Every accepted spelling of an activity (name, Chinese and English aliases) -> name."""
    names: dict[str, str] = {}
    for name, row in activities().items():
        names[name] = name
        for alias in filter(None, (a.strip() for a in row["aliases"].split(";"))):
            names[alias] = name
    return names
