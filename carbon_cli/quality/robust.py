"""Robust statistics per group on whole arrays: medians, the median of the others, and a
robust seasonal curve (iteratively reweighted least squares with Tukey's bisquare weights).

The values of many groups (a meter's bills) are laid out in dense blocks (:class:`Layout`), so
each statistic is whole-array numpy; the results equal the plain per-group pandas / bincount
code to the last bit (the tests hold them to it). Numbers in, numbers out: no bills, no findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import arrays
from .catalog import TWO_PEAK_MIN_BILLS

#: Cells (bills and padding) per block of :func:`lay_out`: small enough for the CPU cache.
BLOCK_CELLS = 16_384


@dataclass(frozen=True)
class Layout:
    """Bills of groups laid out down the columns of dense blocks, one column per group.

    Work per group becomes whole-array numpy on a block: a median sorts down the columns,
    a sum adds down them in row order. Groups of similar size share a block (sizes within a
    factor of two), so padding stays below half of a block; ``valid`` marks the real cells.
    """

    sizes: np.ndarray  #: bills per group
    #: Per block: the group of each column, the bill (position) in each cell, and which cells hold one.
    blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]]


def lay_out(group: Any, groups: int, cells: int = BLOCK_CELLS) -> Layout:
    """The layout of bills by ``group`` (numbers 0..groups-1); a group's bills keep their order."""
    sizes = np.bincount(group, minlength=groups)
    order = np.argsort(group, kind="stable") if (group[1:] < group[:-1]).any() else np.arange(len(group))
    starts = np.cumsum(sizes) - sizes
    size_class = np.frexp(np.maximum(sizes - 1, 0).astype(float))[1]  # sizes 2^(k-1)+1 .. 2^k share class k
    blocks = []
    for size in np.unique(size_class[sizes > 0]):
        members = np.flatnonzero((size_class == size) & (sizes > 0))
        depth = int(sizes[members].max())
        width = max(2, cells // depth)
        for first in range(0, len(members), width):
            columns = members[first : first + width]
            rows = np.arange(depth)[:, None]
            valid = rows < sizes[columns]
            blocks.append((columns, order[np.minimum(starts[columns] + rows, len(order) - 1)], valid))
    return Layout(sizes, blocks)


def _column_medians(values: Any) -> Any:
    """Medians down the columns of a block, missing values (NaN: padding too) left out, as pandas
    has it: the mean of the two middle values of an even count; NaN for none."""
    values = np.sort(values, axis=0)  # missing values last
    depth = values.shape[0]
    if not np.isnan(values[-1]).any():  # full columns
        return (values[(depth - 1) // 2] + values[depth // 2]) / 2
    count = (~np.isnan(values)).sum(axis=0)
    column = np.arange(values.shape[1])
    low = values[np.maximum(count - 1, 0) // 2, column]
    high = values[np.minimum(count // 2, depth - 1), column]
    return np.where(count > 0, (low + high) / 2, np.nan)


def medians(layout: Layout, values: Any) -> Any:
    """The median of ``values`` (one per bill) per group, missing values left out, as pandas has it."""
    out = np.full(len(layout.sizes), np.nan)
    for columns, rows, valid in layout.blocks:
        block = values[rows]
        if not valid.all():
            block[~valid] = np.nan
        out[columns] = _column_medians(block)
    return out


def centre_and_deviation(layout: Layout, residual: Any, history: Any) -> tuple[Any, Any]:
    """Per group: the median residual (0 where ``history`` is false) and the median absolute
    deviation of the residuals from it."""
    centre = np.full(len(layout.sizes), np.nan)
    deviation = np.full(len(layout.sizes), np.nan)
    for columns, rows, valid in layout.blocks:
        block = residual[rows]
        if not valid.all():
            block[~valid] = np.nan
        middle = np.where(history[columns], _column_medians(block), 0.0)
        centre[columns] = middle
        block -= middle
        deviation[columns] = _column_medians(np.abs(block, out=block))
    return centre, deviation


def seasonal_fit(layout: Layout, fit: Any, day_of_year: Any, log_rate: Any, iterations: int = 10) -> Any:
    """A robust seasonal curve per meter: log use per day against the day of the year.

    log use per day = level + a·cos θ + b·sin θ (+ c·cos 2θ + d·sin 2θ when the meter has
    :data:`TWO_PEAK_MIN_BILLS` bills or more, for a winter and a summer peak), θ = 2π × day of
    year / 365.25, fitted by iteratively reweighted least squares with Tukey's bisquare weights
    (c = 4.685 robust spreads), so that a few wild bills do not bend the curve. Meters are
    fitted a block at a time (:func:`lay_out`): the normal equations are sums down the block's
    columns, in bill order (so each sum is the same to the last bit whatever the block), solved
    as a stack.

    :param layout: the bills by meter (the groups).
    :param fit: which meters to fit (the others get NaN).
    :returns: the fitted log use per day of each bill.
    """
    theta = 2 * np.pi * (np.arange(367) - 1) / 365.25  # per day of the year: the same values, computed once
    waves = [np.cos(theta), np.sin(theta), np.cos(2 * theta), np.sin(2 * theta)]
    one_peak = layout.sizes < TWO_PEAK_MIN_BILLS
    eye = np.eye(5)
    fitted = np.full(len(log_rate), np.nan)
    for columns, rows, valid in layout.blocks:
        chosen = fit[columns]
        if not chosen.any():
            continue
        if not chosen.all():  # (copied in row order: sums must run down the columns, see _irls)
            columns, rows, valid = (
                columns[chosen],
                np.ascontiguousarray(rows[:, chosen]),
                np.ascontiguousarray(valid[:, chosen]),
            )
        if len(columns) == 1:  # two identical columns: numpy sums a lone column pairwise, not in order
            columns, rows, valid = np.repeat(columns, 2), np.repeat(rows, 2, axis=1), np.repeat(valid, 2, axis=1)
        single = one_peak[columns]
        day = np.where(valid, day_of_year[rows], 1)
        x = np.stack([np.where(valid, wave[day], 0.0) for wave in waves])
        x[2:, :, single] = 0.0
        unused = np.zeros((len(columns), 5))
        unused[single, 3:] = 1.0
        # Unused terms get a unit diagonal (their coefficient solves to 0); a tiny ridge keeps A regular.
        ridge = np.einsum("mi,ij->mij", unused, eye) + 1e-9 * eye
        block = _irls(x, np.where(valid, log_rate[rows], 0.0), valid, ridge, iterations)
        fitted[rows[valid]] = block[valid]
    return fitted


def _irls(x: Any, y: Any, valid: Any, ridge: Any, iterations: int) -> Any:
    """Iteratively reweighted least squares down the columns of a block (see :func:`seasonal_fit`).

    Each sum of the normal equations adds the products weight * x[i] * x[j] of a meter in bill
    order, as ``np.bincount`` does, so the fit is the same to the last bit however meters are
    grouped into blocks: numpy adds one value after the other along an axis that is not the
    fastest in memory (a block is in row order and has at least two columns; along the fastest
    axis numpy would add pairwise).

    :param x: the four wave terms (the level is 1), stacked: ``(4, bills, meters)``; padding holds 0.
    :param ridge: the diagonal added to each meter's normal matrix, ``(meters, 5, 5)``.
    :returns: the fitted values of the last iteration.
    """
    x, y = np.ascontiguousarray(x), np.ascontiguousarray(y)
    assert y.ndim == 2 and y.shape[1] > 1, "a block needs two columns or more"
    padded = not valid.all()
    ridge = np.ascontiguousarray(ridge.transpose(1, 2, 0))  # (5, 5, meters): whole rows per term
    weight = np.ascontiguousarray(valid, dtype=float)
    weighted = np.empty_like(x)
    product = np.empty_like(x)
    sums = np.empty_like(ridge)
    fitted = y
    for step in range(iterations):
        for i in range(4):  # one multiplication per call: numpy broadcasts slowly
            np.multiply(weight, x[i], out=weighted[i])
        sums[0, 0] = np.add.reduce(weight, axis=0)
        sums[0, 1:] = np.add.reduce(weighted, axis=1)
        for i in range(1, 5):
            for j in range(i, 5):
                np.multiply(weighted[i - 1], x[j - 1], out=product[j - i])
            sums[i, i:] = np.add.reduce(product[: 5 - i], axis=1)
        for i in range(5):
            sums[i + 1 :, i] = sums[i, i + 1 :]
        b = np.empty((5, y.shape[1]))
        b[0] = np.add.reduce(weight * y, axis=0)
        for i in range(4):
            np.multiply(weighted[i], y, out=product[i])
        b[1:] = np.add.reduce(product, axis=1)
        b += 0.0  # a sum of negative zeros is 0.0, as np.bincount (which starts from 0.0) has it
        a = (ridge + sums).transpose(2, 0, 1)  # the ridge is diagonal: adding it after mirroring is the same
        beta = np.ascontiguousarray(np.linalg.solve(a, b.T[..., None])[..., 0].T)
        fitted = x[0] * beta[1]
        fitted += beta[0]
        for i in range(1, 4):
            fitted += np.multiply(x[i], beta[i + 1], out=product[0])
        if step == iterations - 1:
            break
        residual = y - fitted
        size = np.abs(residual)
        if padded:
            size[~valid] = np.nan
        mad = _column_medians(size) * 1.4826
        u = np.divide(residual, 4.685 * np.maximum(mad, 1e-6), out=residual)
        u *= u  # u**2; |u| < 1 exactly when u**2 < 1
        weight = np.subtract(1, u, out=size)
        weight *= weight
        weight = np.where(u < 1, weight, 0.0)
        if padded:
            weight[~valid] = 0.0
    return fitted


def median_of_others(group: Any, values: Any) -> Any:
    """For each value, the median of the other values of its group (NaN when it is alone).

    Sorted within groups, removing the value at rank ``i`` shifts the ranks above it down by
    one, so the middle of the remaining ``m`` values is found by index arithmetic, not a loop.
    """
    number, groups = arrays.dense(group, arrays.count(group))
    out = np.full(len(values), np.nan)
    for _, rows, valid in lay_out(number, groups).blocks:
        column_values = np.where(valid, values[rows], np.nan)
        order = np.argsort(column_values, axis=0, kind="stable")
        ordered = np.take_along_axis(column_values, order, axis=0)
        rank = np.arange(len(rows))[:, None]
        m = valid.sum(axis=0) - 1  # how many others

        def others_at(j: Any, ordered: Any = ordered, m: Any = m, rank: Any = rank) -> Any:
            """The j-th smallest of the others (j is 0-based, below m)."""
            j = np.clip(j, 0, np.maximum(m - 1, 0))
            position = np.minimum(j + (j >= rank), len(ordered) - 1)
            return np.take_along_axis(ordered, position, axis=0)

        low = others_at((m - 1) // 2)
        high = others_at(m // 2)
        median = np.where(m > 0, (low + high) / 2, np.nan)
        bill = np.take_along_axis(rows, order, axis=0)
        real = rank < m + 1
        out[bill[real]] = median[real]
    return out
