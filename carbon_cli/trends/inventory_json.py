"""Two ``carbon.inventory/1`` documents (``carbon calc --format json``) as the items of a
decomposition: one per site and activity, its quantity, t CO2e and days billed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..errors import InputDataError
from . import decompose


def items(document: Mapping[str, Any], view: str) -> pd.DataFrame:
    """Scope 1 and the Scope 2 ``view`` of a document's breakdown, per site and activity.

    The breakdown repeats an activity's quantity on each gas row: the quantity is taken once per
    site, scope, activity and month (the largest of its gas rows), then summed over months.

    :raises InputDataError: the breakdown lacks a column the items need (a ``--by`` that left
        out the site, activity, scope or month).
    """
    rows = pd.DataFrame(document.get("breakdown") or [])
    needed = {"site", "scope", "activity", "month", "quantity", "t_co2e"}
    if len(rows) and not needed <= set(rows.columns):
        raise InputDataError(
            f"the breakdown has no {', '.join(sorted(needed - set(rows.columns)))} column",
            where="breakdown",
            fix="Write the inventory with carbon calc --format json and no --by",
        )
    if not len(rows):
        return pd.DataFrame(columns=["site", "activity", "quantity", "t_co2e", "days"])
    rows = rows[rows["scope"].isin(["scope1", f"scope2_{view}"])]
    keys = ["site", "scope", "activity", "month"]
    monthly = rows.groupby(keys, sort=True).agg(quantity=("quantity", "max"), t_co2e=("t_co2e", "sum")).reset_index()
    out = monthly.groupby(["site", "activity"], sort=True)[["quantity", "t_co2e"]].sum().reset_index()
    coverage = pd.DataFrame(document.get("coverage") or [])
    if len(coverage) and {"site", "activity", "covered_days"} <= set(coverage.columns):
        days = coverage.groupby(["site", "activity"])["covered_days"].sum()
        out["days"] = [days.get((s, a), 0) for s, a in out[["site", "activity"]].itertuples(index=False)]
    return out


def change_of_documents(
    before: Mapping[str, Any], after: Mapping[str, Any], *, view: str = "location"
) -> tuple[pd.DataFrame, tuple[str, str]]:
    """The decomposition from ``before`` to ``after``, labelled by their periods."""
    labels = (_label(before), _label(after))
    return decompose.decompose(items(before, view), items(after, view), ["site", "activity"]), labels


def _label(document: Mapping[str, Any]) -> str:
    period = document.get("period") or {}
    start, end = str(period.get("start", "")), str(period.get("end", ""))
    if start[5:] == "01-01" and end[5:] == "12-31" and start[:4] == end[:4]:
        return start[:4]
    return f"{start}..{end}"
