"""Quantities in the unit the bills used (issue 15): therms, kWh (gross), 度, 方, m³, as read.

The ledger and the totals work in each activity's canonical unit (kWh, GJ, m³ ...); a reader
checking the report against the bills wants the figures the bills print. Each month slice
carries its share of its bill's canonical quantity; the same share of the bill's quantity as
billed (``bill_quantity``, in ``bill_unit``) is the slice in the bill's own unit, because every
conversion from a bill's unit is one factor per bill (a unit's scale, or the bill's calorific
value). Pure functions over the inventory's slices; nothing here prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .inventory import Inventory

#: The columns of :func:`billed_by_activity`.
BILLED_COLUMNS = ["activity", "billed_quantity", "billed_unit"]


def billed_by_activity(inventory: Inventory) -> pd.DataFrame:
    """Each activity's quantity in the reporting period in the unit its bills used.

    :returns: :data:`BILLED_COLUMNS`, one row per activity; where an activity's bills use more
        than one unit, ``billed_quantity`` is NaN and ``billed_unit`` lists the units (``度, kWh``)
        in the order first met, as the canonical quantity is blank where units differ.
    """
    frames = []
    for done in inventory.calculations:
        slices, bills = done.slices, done.bills if done.bills is not None else inventory.bills
        if not len(slices) or "bill_quantity" not in bills or not pd.api.types.is_integer_dtype(slices["bill_id"]):
            continue  # no bills behind these slices (refrigerants come from the YAML: their ids are its keys)
        at = slices["bill_id"].to_numpy()
        whole = bills["quantity"].to_numpy("float64")[at]
        billed = bills["bill_quantity"].to_numpy("float64")[at]
        part = slices["quantity"].to_numpy("float64")
        share = np.divide(part, whole, out=np.zeros_like(part), where=whole != 0)
        frames.append(
            pd.DataFrame(
                {
                    "activity": slices["activity"].astype("str").to_numpy(),
                    "billed_quantity": share * billed,
                    "billed_unit": bills["bill_unit"].astype("str").to_numpy()[at],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=BILLED_COLUMNS)
    rows = pd.concat(frames, ignore_index=True)
    units = rows.groupby("activity", sort=False)["billed_unit"].unique()
    sums = rows.groupby("activity", sort=False)["billed_quantity"].sum()
    one = units.map(len) == 1
    return pd.DataFrame(
        {
            "activity": sums.index.astype("str"),
            "billed_quantity": sums.where(one).to_numpy("float64"),
            "billed_unit": [", ".join(map(str, names)) for names in units.reindex(sums.index)],
        }
    )
