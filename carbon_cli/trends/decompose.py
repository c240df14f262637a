"""Why a total changed: additive LMDI-I decomposition of the change between two periods.

Each item (a site's activity in one Scope view) is written as a product of drivers

    E = area × days × weather × use × factor

``area`` the floor area (1 when not given for both periods), ``days`` the days its bills
cover, ``weather`` an index of the weather's pull on use (degree days or a weather model's
prediction; 1 when not given), ``use`` what is left of the quantity (quantity per m², billed day
and unit of weather) and ``factor`` the emissions per unit (t CO2e / quantity). The log-mean
Divisia index, first form (Ang 2005, "The LMDI approach to decomposition analysis: a practical
guide", Energy Policy 33), gives each driver the effect ``L(E1, E0) × ln(x1 / x0)`` with
``L(a, b) = (a - b) / (ln a - ln b)``; the effects of an item sum exactly to ``E1 - E0``.

Effects reported: ``structure`` (items that exist in one period only, sites opened or closed,
and floor area), ``coverage`` (days billed), ``weather``, ``activity`` (more or less energy
for the same area, days and weather) and ``factor`` (a cleaner grid, a new edition, an
instrument). An item whose emissions are zero in one period while it used energy in both (a
factor of zero, e.g. a fully covered market-based view) moves wholly to ``factor``: that is
the limit of the LMDI formula as the zero is approached.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

EFFECTS = ("structure", "coverage", "weather", "activity", "factor")
#: Columns each period's table gives per item, besides its keys.
DRIVERS = ("quantity", "t_co2e", "days", "area", "weather")


def log_mean(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``(a - b) / (ln a - ln b)``, and ``a`` where ``a == b``; both positive."""
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (a - b) / (np.log(a) - np.log(b))
    return np.where(np.isclose(a, b, rtol=1e-12, atol=0.0), a, mean)


def decompose(before: pd.DataFrame, after: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """The effects of each driver on the change of ``t_co2e`` from ``before`` to ``after``.

    :param before, after: one row per item: ``keys``, ``quantity``, ``t_co2e``, and optionally
        ``days`` (days billed), ``area`` (m²) and ``weather`` (an index); a missing or
        non-positive optional driver counts as unchanged.
    :returns: one row per item: ``keys``, ``t_before``, ``t_after``, ``change`` and a column
        ``<effect>_effect`` per :data:`EFFECTS`, which sum to ``change`` exactly (to
        floating-point rounding).
    """
    keys = list(keys)
    merged = pd.merge(
        _items(before, keys), _items(after, keys), on=keys, how="outer", suffixes=("_0", "_1"), sort=True
    ).fillna({f"{c}_{i}": 0.0 for c in ("quantity", "t_co2e") for i in (0, 1)})
    e0, e1 = merged["t_co2e_0"].to_numpy(float), merged["t_co2e_1"].to_numpy(float)
    q0, q1 = merged["quantity_0"].to_numpy(float), merged["quantity_1"].to_numpy(float)
    out = merged[keys].copy()
    out["t_before"], out["t_after"], out["change"] = e0, e1, e1 - e0
    effects = {name: np.zeros(len(merged)) for name in EFFECTS}
    both = (q0 > 0) & (q1 > 0)
    lmdi = both & (e0 > 0) & (e1 > 0)
    # an item in one period only is a structural change (a site opened, closed, an activity added)
    effects["structure"] += np.where(~both, e1 - e0, 0.0)
    # emissions zero in one period only, energy used in both: the limit of LMDI puts it all on the factor
    effects["factor"] += np.where(both & ~lmdi, e1 - e0, 0.0)
    weight = log_mean(np.where(lmdi, e1, 1.0), np.where(lmdi, e0, 1.0))
    ratios = {}
    for driver, effect in (("area", "structure"), ("days", "coverage"), ("weather", "weather")):
        x0, x1 = merged[f"{driver}_0"].to_numpy(float), merged[f"{driver}_1"].to_numpy(float)
        known = lmdi & (x0 > 0) & (x1 > 0)
        ratio = np.where(known, x1 / np.where(known, x0, 1.0), 1.0)
        ratios[driver] = ratio
        effects[effect] += np.where(lmdi, weight * np.log(ratio), 0.0)
    safe_q0, safe_q1 = np.where(lmdi, q0, 1.0), np.where(lmdi, q1, 1.0)
    use_ratio = (safe_q1 / safe_q0) / (ratios["area"] * ratios["days"] * ratios["weather"])
    factor_ratio = (np.where(lmdi, e1, 1.0) / safe_q1) / (np.where(lmdi, e0, 1.0) / safe_q0)
    effects["activity"] += np.where(lmdi, weight * np.log(use_ratio), 0.0)
    effects["factor"] += np.where(lmdi, weight * np.log(factor_ratio), 0.0)
    for name in EFFECTS:
        out[f"{name}_effect"] = effects[name]
    return out


def waterfall(change: pd.DataFrame) -> list[tuple[str, float, float]]:
    """The steps of a :func:`decompose` table summed over its items, as ``(step, t CO2e, running
    total)``: ``before``, then each of :data:`EFFECTS`, then ``after``."""
    before, after = float(change["t_before"].sum()), float(change["t_after"].sum())
    steps, running = [("before", before, before)], before
    for effect in EFFECTS:
        value = float(change[f"{effect}_effect"].sum())
        running += value
        steps.append((effect, value, running))
    return [*steps, ("after", after, after)]


def _items(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per item, the drivers summed (quantity, t CO2e, days: the largest, area and weather: first)."""
    frame = table.copy()
    for driver in DRIVERS:
        if driver not in frame:
            frame[driver] = np.nan
    grouped = frame.groupby(keys, observed=True, sort=True, dropna=False)
    return grouped.agg(
        quantity=("quantity", "sum"),
        t_co2e=("t_co2e", "sum"),
        days=("days", "max"),
        area=("area", "first"),
        weather=("weather", "first"),
    ).reset_index()
