"""The activity catalogue: what carbon can account for (``activities.csv``) and the calorific bases.

Owns the activity catalogue (scope, label, canonical unit, aliases), which activities a bill
may carry, and the words for the two calorific bases a factor or property may be on.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping

from .files import factors_root

#: Calorific bases of a factor or property: net (lower) and gross (higher heating value).
BASES = ("NCV", "GCV")

#: How a calorific basis is named in messages.
BASIS_WORDS = {"NCV": "net (NCV, lower heating value)", "GCV": "gross (GCV, higher heating value)"}


@functools.cache
def activities() -> dict[str, dict[str, str]]:
    """The activities carbon knows, keyed by name: scope, label, canonical unit, origin."""
    with (factors_root() / "activities.csv").open(encoding="utf-8") as handle:
        return {row["activity"]: row for row in csv.DictReader(handle)}


def billable(table: Mapping[str, Mapping[str, str]] | None = None) -> set[str]:
    """The activities a bill may have: Scope 1 and 2 ones, and on-site generation and export.
    Derived ones (T&D losses, Scope 3, self-consumption sold) are calculated from others, never billed."""
    table = activities() if table is None else table
    kinds = ("scope1", "scope2", "onsite")
    return {name for name, row in table.items() if row["scope"] in kinds and name not in NEVER_BILLED | FROM_YAML}


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
