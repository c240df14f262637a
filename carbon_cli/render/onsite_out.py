"""On-site generation, export and self-consumption in the outputs (issue 14): the rows the
terminal table, the JSON ``onsite`` key and the workbook's Summary block show.

It formats the :attr:`carbon_cli.inventory.Inventory.onsite` table and never computes: the
figures come from :func:`carbon_cli.onsite.report`. Nothing is shown when no site has
generation or export bills, so other reports are unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..inventory import Inventory

#: The block's rows: (column of the onsite table, label, unit).
ROWS = [
    ("generated_kwh", "On-site generation", "kWh"),
    ("self_consumed_kwh", "Self-consumed (no Scope 2 emissions)", "kWh"),
    ("self_consumption_share", "Self-consumption share of generation", "%"),
    ("exported_kwh", "Exported (reported, never subtracted)", "kWh"),
    ("certificates_sold_kwh", "Certificates of self-consumption sold (market-based at residual mix)", "kWh"),
    ("gbt51366_t_co2e", "GB/T 51366-2019 view: electricity less export (not a scope total)", "t CO2e"),
]
TITLE = "On-site generation and export"


def has_onsite(inventory: Inventory) -> bool:
    return inventory.onsite is not None and len(inventory.onsite) > 0


def records(inventory: Inventory) -> list[dict[str, Any]]:
    """One JSON object per site with generation or export; NaN (no view, no generation) as null."""
    if not has_onsite(inventory):
        return []
    assert inventory.onsite is not None
    out = []
    for row in inventory.onsite.to_dict("records"):
        out.append({str(k): (None if isinstance(v, float) and v != v else v) for k, v in row.items()})
    return out


def lines(inventory: Inventory) -> list[tuple[str, str, float, str]]:
    """(site, label, value, unit) for each row shown; the share as a fraction, the view only when asked."""
    out = []
    for row in records(inventory):
        for key, label, unit in ROWS:
            value = row[key]
            if value is None or (key == "certificates_sold_kwh" and not value):
                continue
            out.append((str(row["site"]), label, float(value), unit))
    return out


def shown(value: float, unit: str) -> str:
    """A value of :func:`lines` as text: kWh whole, the share in percent, t CO2e to the kilogram."""
    if unit == "%":
        return f"{value * 100:.1f}%"
    if unit == "t CO2e":
        return f"{value:,.3f} t CO2e"
    return f"{value:,.0f} kWh"
