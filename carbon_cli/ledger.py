"""Ledger: the columns of the emissions ledger and of its facts, and how their rows are built.

A *part* is a month slice in one view (location or market) and, in the market view, one
instrument's share or the uncovered rest. The ledger has one row per part and gas; the facts are
the same parts summed per site, month, factor and part first. Both are built here, from integer
row numbers into the slices and the factor table, so the text is gathered once at the end.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

#: The ledger's columns that say how a part's number was made: the factor, its conversion and the result.
HOW_MADE = [
    "part",
    "gas",
    "factor_id",
    "factor_value",
    "factor_unit",
    "factor_region",
    "factor_year",
    "conversion_id",
    "t_per_unit",
    "t_gas",
    "gwp",
    "t_co2e",
    "fallback",
    "citation",
]

LEDGER_COLUMNS = [
    "site",
    "region",
    "meter",
    "activity",
    "scope",
    "month",
    "year",
    "slice_start",
    "slice_end",
    "days",
    "quantity",
    "unit",
    "estimated",
    "purchase",
    "source_file",
    "source_row",
    "bill_id",
    "bill_quantity",
    "bill_unit",
    *HOW_MADE,
]
#: Columns of a month slice that the ledger carries, gathered once at the end.
SLICE_COLUMNS = [
    "site",
    "region",
    "meter",
    "activity",
    "month",
    "year",
    "slice_start",
    "slice_end",
    "days",
    "unit",
    "estimated",
    "purchase",
    "source_file",
    "source_row",
    "bill_quantity",
    "bill_unit",
]
#: The calorific basis (``GCV``, ``NCV``, "" not said) a bills entry's ``energy_basis:`` gives its energy
#: quantities: a column of the bills (after their canonical columns) and of their slices only when some
#: entry says one; the factor's conversion depends on it (:mod:`carbon_cli.factors.billed_basis`).
BASIS_COLUMN = "energy_basis"
FACTOR_COLUMNS = [
    "gas",
    "factor_id",
    "factor_value",
    "factor_unit",
    "factor_region",
    "factor_year",
    "conversion_id",
    "t_per_unit",
    "fallback",
    "citation",
    "gwp",
]
#: The ledger summed over the bills of a site, month, factor and instrument part: what every
#: total and breakdown is built from. ``counted`` is the quantity on the first gas row of each
#: part only, so that a sum over gases counts the consumption once.
FACT_COLUMNS = [
    "site",
    "region",
    "activity",
    "scope",
    "month",
    "year",
    "unit",
    "part",
    *FACTOR_COLUMNS,
    "quantity",
    "counted",
    "t_gas",
    "t_co2e",
]
#: Columns of few distinct values, stored as pandas categories.
CATEGORICAL = (
    "site",
    "region",
    "meter",
    "activity",
    "month",
    "unit",
    "source_file",
    "bill_unit",
    "gas",
    "factor_id",
    "factor_unit",
    "factor_region",
    "scope",
    "citation",
    "fallback",
    "conversion_id",
)
LOCATION, MARKET = 0, 1  # the two views of a slice; Scope 1 slices only have the first


def with_factors(
    out: pd.DataFrame, lean: pd.DataFrame, own_scope: Any, factor_table: pd.DataFrame, labels: list[str]
) -> pd.DataFrame:
    """Add the factor columns, scope view, part label, quantity and emissions of ``lean`` rows."""
    import pandas as pd

    texts = factor_table[FACTOR_COLUMNS].astype({c: "category" for c in ("citation", "fallback", "conversion_id")})
    out[FACTOR_COLUMNS] = texts.take(lean["factor_row"].to_numpy()).reset_index(drop=True)
    view = lean["view"].to_numpy()
    out["scope"] = np.where(
        view == MARKET, "scope2_market", np.where(own_scope == "scope2", "scope2_location", own_scope)
    )
    part = lean["part"].to_numpy()
    out["part"] = pd.Categorical.from_codes(part + 1, pd.Index(labels))
    # An instrument's factor belongs to the market of the site that holds it.
    out["factor_region"] = out["factor_region"].astype("str").where(part < 0, out["region"].astype("str"))
    out["quantity"] = lean["quantity"].to_numpy()
    out["t_gas"] = out["quantity"] * out["t_per_unit"]
    out["t_co2e"] = out["t_gas"] * out["gwp"]
    return out


def by_gas(parts: pd.DataFrame, factor_table: pd.DataFrame, resolved: int) -> pd.DataFrame:
    """One row per part and gas, with ``factor_row`` and ``counted`` (the quantity on the first gas only)."""
    import pandas as pd

    parts = parts.assign(part_id=np.arange(len(parts)))
    keyed = factor_table.iloc[:resolved][["key", "view"]].astype("int64").assign(factor_row=np.arange(resolved))
    by_gas = parts[parts["part"] < 0].merge(keyed, on=["key", "view"])
    covered = parts[parts["part"] >= 0]
    covered = covered.assign(factor_row=resolved + covered["part"].to_numpy())
    lean = pd.concat([by_gas, covered], ignore_index=True)
    once = ~lean["part_id"].duplicated().to_numpy()
    lean["counted"] = np.where(once, lean["quantity"].to_numpy(), 0.0)
    return lean
