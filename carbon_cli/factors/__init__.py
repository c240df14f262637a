"""Factors: the shipped factor database and the rule that picks a factor for a bill slice.

The data lives in the repo's ``factors/`` folder (shipped in the wheel as
``carbon_cli/data/factors``) as CSV files with one citation per row (see factors/README.md).
Nothing is read at import time; each table is loaded once, on first use.

The package, one room per module, each importing only those before it:

* :mod:`.files`: where the CSVs live and how one is read;
* :mod:`.regions`: the one home of region -> chain -> country (codes and aliases);
* :mod:`.catalog`: the activities carbon knows and the calorific bases;
* :mod:`.database`: the factor sets, fuel properties and GWP sets as tables;
* :mod:`.select`: the choice rule (region chain, year, calorific basis);
* :mod:`.site`: a site's own factors and conversions, laid over the shipped table;
* :mod:`.browse`: ``carbon factors list|show``;
* :mod:`.lifecycle`: life-cycle rows (Ember) and the approximation note they carry;
* :mod:`.coverage`: ``carbon factors coverage`` (exact, fallback or missing per region, activity, year).

The names below are the ones other modules use; import them from ``carbon_cli.factors``.
"""

from __future__ import annotations

from .browse import listing, lookup
from .catalog import BASES, activities, activity_aliases, billable, derived_from
from .coverage import COVERAGE_COLUMNS, coverage
from .database import (
    all_factor_rows,
    emission_factors,
    factor_sets,
    factor_table,
    gases,
    gwp_sets,
    gwp_table,
    optional_sets,
    properties,
)
from .exact import check_exact
from .files import FACTOR_COLUMNS, citation, factors_root
from .regions import GLOBAL, canonical_region, country_of, energy_basis, region_aliases, region_chain, region_table
from .select import ByActivity, Choice, amount_in, by_activity, fallback_level, gwp_values, pick, select_gases
from .site import (
    USER_PREFIX,
    check_conversions,
    override_notices,
    own_factors,
    read_factor_file,
    site_properties,
    td_sites,
    user_rows,
    with_overrides,
)

__all__ = [
    "BASES",
    "COVERAGE_COLUMNS",
    "FACTOR_COLUMNS",
    "GLOBAL",
    "USER_PREFIX",
    "ByActivity",
    "Choice",
    "activities",
    "activity_aliases",
    "all_factor_rows",
    "amount_in",
    "billable",
    "by_activity",
    "canonical_region",
    "check_conversions",
    "check_exact",
    "citation",
    "country_of",
    "coverage",
    "derived_from",
    "emission_factors",
    "energy_basis",
    "factor_sets",
    "factor_table",
    "factors_root",
    "fallback_level",
    "gases",
    "gwp_sets",
    "gwp_table",
    "gwp_values",
    "listing",
    "lookup",
    "optional_sets",
    "override_notices",
    "own_factors",
    "pick",
    "properties",
    "read_factor_file",
    "region_aliases",
    "region_chain",
    "region_table",
    "select_gases",
    "site_properties",
    "td_sites",
    "user_rows",
    "with_overrides",
]
