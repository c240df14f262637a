"""Checks of purchases: rows with one date each (a fuel delivery, an LPG invoice; see
:mod:`carbon_cli.bills.kinds`).

A purchase covers no days, so the timeline checks (gap, overlap, end_gap, coverage) and
``--fill-gaps`` leave it alone (:func:`carbon_cli.quality.bill_checks.screen` sets purchases
aside); copies are found as for any bill (duplicate, near_duplicate, by meter). Its amount is
judged here against the meter's other purchases: one ``implausible_factor`` times their median
or more (or that fraction or less) is a slipped decimal point or a wrong unit. Use per day
means nothing for a delivery, so purchases are not judged against the meter's seasonal norm.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..config import Period, Quality
from .catalog import IMPLAUSIBLE_MIN_BILLS
from .findings import concat, day_text, finding_rows, number_text
from .prepared import Prepared


def purchase_only(work: Prepared, purchase: Any, activities: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``activities`` (site, activity pairs) without those billed by purchases alone: coverage
    of the period's days means nothing for them."""
    pairs = list(activities)
    if not purchase.any():
        return pairs
    keys = work.frame[["site", "activity"]].astype(str).assign(purchase=purchase)
    kinds = keys.groupby(["site", "activity"], observed=True)["purchase"].agg(["min", "max"])
    only = set(kinds.index[kinds["min"].astype(bool)])
    return [pair for pair in pairs if (str(pair[0]), str(pair[1])) not in only]


def implausible_purchases(work: Prepared, purchase: Any, copy: Any, period: Period, settings: Quality) -> pd.DataFrame:
    """implausible: a purchase of ``implausible_factor`` times the median purchase of its meter
    (and unit) or more, or that fraction or less; the meter needs :data:`IMPLAUSIBLE_MIN_BILLS`
    purchases. Only purchases in the period are reported; every purchase makes the median.

    :param purchase: mask of the purchases; ``copy``: mask of the copies of another bill.
    """
    judged = np.flatnonzero(purchase & ~copy & ~work.credit & (work.quantity > 0))
    if not len(judged):
        return concat([])
    group = pd.Series(work.meter[judged] * max(len(work.units), 1) + work.unit[judged])
    size = group.map(group.value_counts()).to_numpy()
    quantity = pd.Series(work.quantity[judged])
    median = quantity.groupby(group.to_numpy()).transform("median").to_numpy()
    ratio = quantity.to_numpy() / median
    inside = (work.start[judged] >= np.datetime64(period.start, "s")) & (
        work.start[judged] <= np.datetime64(period.end, "s")
    )
    factor = settings.implausible_factor
    wild = (size >= IMPLAUSIBLE_MIN_BILLS) & inside & ((ratio >= factor) | (ratio <= 1 / factor))
    if not wild.any():
        return concat([])
    rows = work.rows(judged[wild])
    unit = " " + rows["bill_unit"].astype(str).to_numpy()
    times = np.where(
        ratio[wild] >= 1,
        number_text(ratio[wild]).to_numpy() + "×",
        "1/" + number_text(1 / ratio[wild]).to_numpy() + " of",
    )
    median_billed = median[wild] * rows["bill_quantity"].to_numpy() / rows["quantity"].to_numpy()
    detail = (
        "a purchase of "
        + number_text(rows["bill_quantity"]).to_numpy()
        + unit
        + " on "
        + day_text(rows["period_start"]).to_numpy()
        + " is "
        + times
        + " the median purchase of this meter ("
        + number_text(median_billed).to_numpy()
        + unit
        + " of "
        + size[wild].astype(str)
        + f" purchases), beyond quality.implausible_factor ({factor:g}): a slipped decimal point or a wrong unit?"
    )
    return finding_rows(rows, "implausible", detail)
