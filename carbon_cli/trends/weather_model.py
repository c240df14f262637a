"""A meter's monthly use against the weather: the CalTRACK monthly method (after PRISM).

Use per day of a month is a baseload plus a heating slope on heating degree days per day and a
cooling slope on cooling degree days per day, each at a balance point searched over a grid:

    use/day = b0 + bh × HDD(th)/day + bc × CDD(tc)/day

The candidates are baseload only, heating only, cooling only and both, at every balance point
of :data:`HEATING_BASES` / :data:`COOLING_BASES` (°C, with ``tc >= th``); a candidate counts only
when its slopes are positive and significant (p < 0.1 by a t test, as CalTRACK asks), and the one
with the highest adjusted R² wins. Without weather, a seasonal model (a level per calendar month
and a linear trend) takes its place.

The fit is reported as ASHRAE Guideline 14 asks, on monthly totals with ``p`` parameters:
``CV(RMSE) = sqrt(Σ(y - ŷ)² / (n - p)) / ȳ`` and ``NMBE = Σ(y - ŷ) / ((n - p) × ȳ)``; the
guideline's limits for monthly data are 15% and ±5%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..weather import DegreeDays

HEATING_BASES = tuple(float(t) for t in range(10, 23))
COOLING_BASES = tuple(float(t) for t in range(16, 29))
CV_RMSE_LIMIT = 0.15
NMBE_LIMIT = 0.05
#: Two-sided 10% critical values of Student's t by degrees of freedom (31-59 take 30's, 60 and
#: over take 60's: each a little stricter than the exact value).
_T90 = dict(
    enumerate(
        [
            *(6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761),
            *(1.753, 1.746, 1.740, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701),
            *(1.699, 1.697),
        ],
        start=1,
    )
)


@dataclass(frozen=True)
class Fit:
    """A fitted model of one meter's monthly use; ``predict`` takes a design row per month."""

    kind: str
    heating_base: float | None
    cooling_base: float | None
    coefficients: np.ndarray
    covariance: np.ndarray
    sigma: float
    months: int
    cv_rmse: float
    nmbe: float
    r2_adjusted: float

    @property
    def parameters(self) -> int:
        return len(self.coefficients)

    @property
    def within_guideline_14(self) -> bool:
        return self.cv_rmse <= CV_RMSE_LIMIT and abs(self.nmbe) <= NMBE_LIMIT

    def slopes(self) -> dict[str, float]:
        """``baseload`` (use/day) and, where the model has them, the ``hdd`` and ``cdd`` slopes."""
        if self.kind == "seasonal":
            return {"baseload": float(np.mean(self.coefficients[:12]))}
        names = ["baseload", *(["hdd"] if "heating" in self.kind else []), *(["cdd"] if "cooling" in self.kind else [])]
        return dict(zip(names, map(float, self.coefficients), strict=True))


def _t_critical(dof: int) -> float:
    return _T90.get(dof, 1.697 if dof < 60 else 1.671) if dof >= 1 else math.inf


def _ols(x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float] | None:
    """Weighted least squares: coefficients, their covariance, residual sigma and adjusted R²."""
    n, p = x.shape
    if n <= p or (p > 1 and np.ptp(x[:, 1:], axis=0).min() <= 1e-12):
        return None  # a degree-day column that never changes (no day beyond the balance point)
    w = np.sqrt(weights)
    xw, yw = x * w[:, None], y * w
    gram = xw.T @ xw
    try:
        beta = np.linalg.solve(gram, xw.T @ yw)
        inverse = np.linalg.inv(gram)
    except np.linalg.LinAlgError:
        return None
    resid = yw - xw @ beta
    sigma2 = float(resid @ resid) / (n - p)
    mean = float(weights @ y / weights.sum())
    total = float(weights @ (y - mean) ** 2)
    r2 = 1 - float(resid @ resid) / total if total > 0 else 0.0
    r2_adj = 1 - (1 - r2) * (n - 1) / (n - p)
    return beta, sigma2 * inverse, math.sqrt(sigma2), r2_adj


def fit_degree_days(usage: pd.DataFrame, table: DegreeDays) -> Fit | None:
    """The CalTRACK monthly model of ``usage`` (``month``, ``days``, ``quantity``; whole months).

    :param table: the site's monthly degree days at every balance point
        (:func:`carbon_cli.weather.degree_days`); months with weather on fewer than 90% of their
        days are left out.
    :returns: the best candidate, or None when fewer than 4 months have both use and weather.
    """
    position = {month: i for i, month in enumerate(table.months.tolist())}
    found = usage["month"].map(position)
    usage = usage[found.notna()]
    index = found.dropna().to_numpy(int)
    weather_days = table.weather_days[index]
    keep = weather_days >= 0.9 * usage["days"].to_numpy(float)
    usage, index, weather_days = usage[keep], index[keep], weather_days[keep]
    if len(usage) < 4:
        return None
    days = usage["days"].to_numpy(float)
    totals = usage["quantity"].to_numpy(float)
    y = totals / days
    hdd = table.hdd[:, index] / weather_days
    cdd = table.cdd[:, index] / weather_days
    best: tuple[float, Fit] | None = None
    candidates: list[tuple[str, float | None, float | None, list[np.ndarray]]] = [("baseload", None, None, [])]
    for i, heat in enumerate(table.heating_bases):
        candidates.append(("heating", heat, None, [hdd[i]]))
    for j, cool in enumerate(table.cooling_bases):
        candidates.append(("cooling", None, cool, [cdd[j]]))
    for i, heat in enumerate(table.heating_bases):
        for j, cool in enumerate(table.cooling_bases):
            if cool >= heat or math.isnan(cool):
                candidates.append(("heating+cooling", heat, cool, [hdd[i], cdd[j]]))
    for kind, th, tc, columns in candidates:
        x = np.column_stack([np.ones(len(y)), *columns])
        solved = _ols(x, y, days)
        if solved is None:
            continue
        beta, cov, sigma, r2_adj = solved
        dof = len(y) - x.shape[1]
        if not all(
            beta[i] > 0 and (cov[i, i] <= 0 or beta[i] / math.sqrt(cov[i, i]) > _t_critical(dof))
            for i in range(1, x.shape[1])
        ):
            continue
        if best is None or r2_adj > best[0] + 1e-12:
            best = (r2_adj, _scored(kind, th, tc, beta, cov, sigma, x, totals, days))
    return None if best is None else best[1]


def fit_seasonal(usage: pd.DataFrame) -> Fit | None:
    """A level per calendar month and a linear trend (per year), for a meter without weather;
    None with fewer than 15 whole months (12 levels, a trend and two degrees of freedom)."""
    if len(usage) < 15:
        return None
    x = seasonal_design(usage["month"])
    days = usage["days"].to_numpy(float)
    solved = _ols(x, usage["quantity"].to_numpy(float) / days, days)
    if solved is None:
        return None
    beta, cov, sigma, _ = solved
    return _scored("seasonal", None, None, beta, cov, sigma, x, usage["quantity"].to_numpy(float), days)


def seasonal_design(months: pd.Series, origin: int | None = None) -> np.ndarray:
    """Twelve month-of-year indicators and the time in years from January of ``origin``."""
    parsed = pd.to_datetime(months.astype(str), format="%Y-%m")
    month_of_year = parsed.dt.month.to_numpy() - 1
    first = origin if origin is not None else int(parsed.dt.year.min())
    years = (parsed.dt.year.to_numpy() - first) + month_of_year / 12.0
    x = np.zeros((len(months), 13))
    x[np.arange(len(months)), month_of_year] = 1.0
    x[:, 12] = years
    return x


def _scored(
    kind: str,
    th: float | None,
    tc: float | None,
    beta: np.ndarray,
    cov: np.ndarray,
    sigma: float,
    x: np.ndarray,
    totals: np.ndarray,
    days: np.ndarray,
) -> Fit:
    """The fit with its ASHRAE Guideline 14 scores on monthly totals."""
    n, p = x.shape
    predicted = (x @ beta) * days
    mean = float(totals.mean())
    residual = totals - predicted
    cv = math.sqrt(float(residual @ residual) / (n - p)) / mean if mean else math.inf
    nmbe = float(residual.sum()) / ((n - p) * mean) if mean else math.inf
    ss_tot = float(((totals - mean) ** 2).sum())
    r2 = 1 - float(residual @ residual) / ss_tot if ss_tot else 0.0
    return Fit(kind, th, tc, beta, cov, sigma, n, cv, nmbe, 1 - (1 - r2) * (n - 1) / (n - p))
