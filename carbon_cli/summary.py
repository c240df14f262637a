"""Summaries: the ledger grouped by site, scope, month, activity and gas.

Every number here is a sum over ledger rows, so all outputs agree by construction.
``scope`` is always kept as a dimension: ``scope2_location`` and ``scope2_market`` are two
views of the same consumption and must never be added together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

DIMENSIONS = ("site", "scope", "activity", "month", "gas")
SCOPES = ("scope1", "scope2_location", "scope2_market")
#: Memo lines: in the ledger and the breakdown, never in :func:`totals` (GHG Protocol: Scope 3
#: category 3, T&D losses of purchased electricity, is reported apart from Scopes 1 and 2).
MEMO_SCOPES = ("scope3",)


def totals(ledger: pd.DataFrame) -> dict[str, float]:
    """t CO2e by scope view: ``scope1``, ``scope2_location``, ``scope2_market``."""
    sums = ledger.groupby("scope")["t_co2e"].sum()
    return {scope: float(sums.get(scope, 0.0)) for scope in SCOPES}


def memo(ledger: pd.DataFrame) -> dict[str, float]:
    """t CO2e of the memo lines present (``scope3``: T&D losses); empty when there are none."""
    rows = ledger[ledger["scope"].isin(MEMO_SCOPES)]
    return {str(scope): float(value) for scope, value in rows.groupby("scope")["t_co2e"].sum().items()}


def site_totals(ledger: pd.DataFrame, sites: Sequence[str]) -> dict[str, dict[str, float]]:
    """t CO2e by scope view for each site (sites without bills get zeros)."""
    return {site: totals(ledger[ledger["site"] == site]) for site in sites}


def breakdown(ledger: pd.DataFrame, by: Sequence[str] = DIMENSIONS) -> pd.DataFrame:
    """Group the ledger by the chosen dimensions (``scope`` is always one of them).

    :returns: the dimensions in canonical order, then ``quantity`` and ``unit`` (the activity
        quantity; empty where the group mixes units, e.g. kWh with m3), and ``t_co2e``.
    """
    import pandas as pd

    unknown = set(by) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown breakdown dimension(s): {', '.join(sorted(unknown))}")
    keys = [d for d in DIMENSIONS if d in by or d == "scope"]
    if not len(ledger):
        return pd.DataFrame(columns=[*keys, "quantity", "unit", "t_co2e"])
    emissions = ledger.groupby(keys, sort=True)["t_co2e"].sum()
    # Quantity counts each slice part once, not once per gas.
    once = ledger if "gas" in keys else ledger.drop_duplicates(["bill_id", "site", "scope", "month", "part"])
    grouped = once.groupby(keys, sort=True)
    quantity = grouped["quantity"].sum()
    unit_count = grouped["unit"].nunique()
    unit = grouped["unit"].first().where(unit_count == 1)
    out = pd.concat({"quantity": quantity.where(unit_count == 1), "unit": unit, "t_co2e": emissions},
                    axis=1).reset_index()
    return out


def by_gas(ledger: pd.DataFrame, keys: Sequence[str] = ("scope", "activity")) -> pd.DataFrame:
    """t CO2e pivoted with one column per gas (CO2, CH4, N2O, CO2e), rows by ``keys``.

    A gas with no ledger row in a group (no factor for it) is NaN, not 0.
    """
    return ledger.pivot_table(index=list(keys), columns="gas", values="t_co2e", aggfunc="sum", sort=True)
