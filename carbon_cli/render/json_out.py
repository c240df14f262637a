"""JSON renderer: the stable ``carbon.inventory/1`` contract (see DESIGN.md).

Keys may be added, never renamed. Numbers are not rounded: rounding is for display.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from ..inventory import Inventory
from ..summary import DIMENSIONS
from . import findings

SCHEMA = "carbon.inventory/1"


def document(inventory: Inventory, by: Sequence[str] = DIMENSIONS) -> dict[str, Any]:
    """The inventory as a JSON-ready dict."""
    totals = inventory.site_totals()
    sites = []
    for cfg in inventory.sites:
        site = cfg.site
        entry: dict[str, Any] = {"id": site.id, "name": site.name or site.id, "region": site.region,
                                 "totals": totals[site.id]}
        if site.floor_area_m2:
            entry["floor_area_m2"] = site.floor_area_m2
        sites.append(entry)
    breakdown = [{key: _plain(value) for key, value in row.items()}
                 for row in inventory.breakdown(by).to_dict("records")]
    factors = [{"id": row["factor_id"], "activity": row["activity"], "region": row["factor_region"],
                "year": int(row["factor_year"]), "gas": row["gas"], "value": row["factor_value"],
                "unit": row["factor_unit"], "citation": row["citation"]}
               for row in inventory.factors_used().to_dict("records")]
    return {
        "schema": SCHEMA,
        "unit": "t CO2e",
        "gwp": inventory.gwp,
        "period": {"start": inventory.period.start.isoformat(), "end": inventory.period.end.isoformat()},
        "totals": inventory.totals(),
        "sites": sites,
        "breakdown": breakdown,
        "factors": factors,
        "notices": [{"level": n.level, "site": n.site, "message": n.message} for n in inventory.notices],
        # Added for data quality (issue 5): the findings table and each activity's coverage.
        "findings": findings.records(inventory.quality_findings()),
        "coverage": findings.records(inventory.coverage),
    }


def render(inventory: Inventory, by: Sequence[str] = DIMENSIONS) -> str:
    """The inventory as one JSON object (UTF-8 text, Chinese kept as is)."""
    return json.dumps(document(inventory, by), ensure_ascii=False, indent=2) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    return value
