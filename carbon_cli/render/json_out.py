"""JSON renderer: the stable ``carbon.inventory/1`` contract (see DESIGN.md).

Keys may be added, never renamed. Numbers are not rounded: rounding is for display.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import summary
from ..summary import DIMENSIONS
from . import onsite_out
from .plain import plain, records

if TYPE_CHECKING:
    from ..inventory import Inventory

SCHEMA = "carbon.inventory/1"


def document(inventory: Inventory, by: Sequence[str] = DIMENSIONS, *, breakdown: bool = True) -> dict[str, Any]:
    """The inventory as a JSON-ready dict (``breakdown=False`` leaves a placeholder there)."""
    totals = inventory.site_totals()
    facts = inventory.facts
    memos = summary.memo(facts) if len(facts) else {}
    site_memos = summary.site_memo(facts, [cfg.site.id for cfg in inventory.sites]) if memos else {}
    sites = []
    for cfg in inventory.sites:
        site = cfg.site
        entry: dict[str, Any] = {
            "id": site.id,
            "name": site.name or site.id,
            "region": site.region,
            "totals": totals[site.id],
        }
        if site.floor_area_m2:
            entry["floor_area_m2"] = site.floor_area_m2
        if site.id in site_memos:  # added for issue 14: memo lines, never part of "totals"
            entry["memo"] = site_memos[site.id]
        sites.append(entry)
    rows: Any = _PLACEHOLDER
    if breakdown:
        table = inventory.breakdown(by)
        rows = [{key: plain(value) for key, value in row.items()} for row in table.to_dict("records")]
    factors = [
        {
            "id": row["factor_id"],
            "activity": row["activity"],
            "region": row["factor_region"],
            "year": int(row["factor_year"]),
            "gas": row["gas"],
            "value": row["factor_value"],
            "unit": row["factor_unit"],
            "citation": row["citation"],
        }
        for row in inventory.factors_used().to_dict("records")
    ]
    return {
        "schema": SCHEMA,
        "unit": "t CO2e",
        "gwp": inventory.gwp,
        "period": {"start": inventory.period.start.isoformat(), "end": inventory.period.end.isoformat()},
        "totals": inventory.totals(),
        # Added for issue 14: t CO2e per memo kind (scope3: T&D losses, scope3_wtt: upstream, biogenic:
        # biogenic CO2, scope3_water, scope3_waste), never part of "totals"; only when there are any.
        **({"memo": memos} if memos else {}),
        "sites": sites,
        "breakdown": rows,
        "factors": factors,
        "notices": [{"level": n.level, "site": n.site, "message": n.message} for n in inventory.notices],
        # Added for data quality (issue 5): the findings table and each activity's coverage.
        "findings": records(inventory.quality_findings()),
        "coverage": records(inventory.coverage),
        # Added for portfolios (issue 15): the portfolio's name; only when a portfolio YAML was given.
        **({"portfolio": inventory.portfolio} if inventory.portfolio else {}),
        # Added for on-site generation (issue 14): only when a site has generation or export bills.
        **({"onsite": onsite_out.records(inventory)} if onsite_out.has_onsite(inventory) else {}),
    }


def render(inventory: Inventory, by: Sequence[str] = DIMENSIONS, *, indent: int | None = None) -> str:
    """The inventory as one JSON object (UTF-8 text, Chinese kept as is).

    Compact by default, for scripts and speed: the breakdown, which can hold a million rows,
    is encoded by pandas (floats to 15 significant digits) and the rest by json's C encoder.
    ``indent`` pretty-prints the whole document, for a person at a terminal.
    """
    text = json.dumps(document(inventory, by, breakdown=False), ensure_ascii=False, separators=(",", ":"))
    rows = inventory.breakdown(by).to_json(orient="records", double_precision=15, force_ascii=False)
    text = text.replace(json.dumps(_PLACEHOLDER), rows, 1)
    if indent is not None:
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=indent)
    return text + "\n"


def output(inventory: Inventory, by: Sequence[str] | None, *, width: int, pretty: bool) -> str:
    """``carbon calc --format json``: :func:`render` by ``by`` (default: every dimension).

    :param pretty: indented, for a person at a terminal; else compact (and much faster), for a
        pipe or a file.
    :param width: unused (JSON has no width).
    """
    return render(inventory, by or DIMENSIONS, indent=2 if pretty else None)


_PLACEHOLDER = "\u0000breakdown\u0000"
