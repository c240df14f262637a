"""Meter readings: a file's reading columns turned into the bill period and quantity.

Two forms (:func:`carbon_cli.bills.headers.reading_form` tells which a file has):

* **one row per bill**: previous and current reading, the two reading dates (``start``,
  ``end``) and a multiplier (CT ratio, 倍率): quantity = (current - previous) x multiplier;
* **a log**: one read per row (read date, reading, meter). Sorted by date per meter, each read
  makes a bill from the read before it to itself: (reading - reading before) x multiplier. The
  first read of a meter opens it and makes no bill.

A reading below the one before it is a **rollover** where the bill entry says ``rollover:`` (the
largest reading the dials show, 99999): rollover + 1 - previous + current. A **meter
replacement** is either a read whose status cell says so (换表, Meter replaced: in a log it is
the new meter's first read, opening it, after the old meter's final read on the same day) or a
``replaced:`` entry (date, the old meter's final and the new meter's start reading): the bill
across it is (old final - previous) + (current - new start). Any other backwards step is refused,
naming the rows and the keys that would explain it. A quantity column beside the readings must
agree with them within half a unit (a quantity printed rounded to whole kWh); the bill's own
quantity is kept.

Everything is column-wise: one sort and one shift per file; the only loop is over the YAML's
``replaced:`` entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..config import BillSource, Replacement
from ..errors import ConfigError, InputDataError
from . import cells
from .cells import Rows, blank_cells
from .dates import parse_dates
from .headers import fold
from .numbers import parse_numbers

__all__ = ["AGREEMENT", "REPLACEMENT_MARKS", "to_bills"]

#: Status cells (compared folded: NFKC, trimmed, lower-case) that mark a read as a new meter's
#: first; ``replacement_marks:`` in the bill entry replaces them.
REPLACEMENT_MARKS = (
    "换表",
    "更换表计",
    "换新表",
    "新表",
    "meter replaced",
    "meter replacement",
    "replacement",
    "replaced",
    "meter exchange",
    "new meter",
)
#: How far a quantity column may be from its readings: half a unit, a quantity rounded to whole units.
AGREEMENT = 0.5
_EXPLAIN = (
    "If the meter rolled over, give rollover: <its largest reading, e.g. 99999> on this bill in the "
    "site YAML; if it was replaced, mark the new meter's first read in the status column (换表, "
    "Meter replaced) or add replaced: [{date: ..., old_final: ..., new_start: ...}]; else correct the reading"
)


def to_bills(
    part: pd.DataFrame,
    form: str,
    source: BillSource,
    name: str,
    first_row: int | np.ndarray,
    headers: Mapping[str, Any],
) -> pd.DataFrame:
    """One file's cells (columns named by field) with ``start``, ``end`` and ``quantity`` made
    from its readings, and ``_opens``: True on the reads that make no bill (a log's first read
    of a meter or of a new meter), which :func:`~carbon_cli.bills.read_many` drops.

    :param form: ``"rows"`` (previous and current on each row) or ``"log"`` (one read per row).
    :param first_row: the file row of ``part``'s first row, or the file row of each of its rows
        (a table whose blank or total rows were left out), to name rows in messages.
    :param headers: field -> the file's header, to name columns in messages.
    :raises InputDataError: a reading or multiplier that is not a number, a multiplier of zero or
        less, a negative reading or one beyond ``rollover:``, a reading that goes backwards with
        nothing to explain it, a quantity that disagrees with its readings.
    :raises ConfigError: a ``replaced:`` entry that matches no bill of the file.
    """
    part = part.reset_index(drop=True)
    numbers = np.asarray(first_row) if np.ndim(first_row) else np.arange(len(part)) + first_row
    rows = Rows(np.full(len(part), name, dtype=object), numbers, {name: headers})
    filled = ~blank_cells(part).all(axis=1).to_numpy()
    sub = part[filled]
    start = pd.Series(pd.NaT, index=part.index, dtype="datetime64[s]")
    end, quantity = start.copy(), pd.Series(np.nan, index=part.index)
    opens = np.zeros(len(part), dtype=bool)
    if len(sub):
        read = _Read(sub, rows, source)
        made = _per_bill(read, sub, rows, source) if form == "rows" else _log(read, sub, rows, source, name)
        used, starts, ends, opened = made
        quantity[filled] = _agreed(sub, rows, source, used, opened)
        start[filled], end[filled], opens[filled] = starts, ends, opened
    return part.drop(columns=["start", "end", "quantity"], errors="ignore").assign(
        start=start, end=end, quantity=quantity, _opens=opens
    )


class _Read:
    """What every form reads: the meter of each row, its multiplier, its replacement mark."""

    def __init__(self, sub: pd.DataFrame, rows: Rows, source: BillSource) -> None:
        meter = cells.text(sub["meter"]) if "meter" in sub else pd.Series("", index=sub.index)
        meter = meter.where(meter != "", source.meter or source.path.stem)
        self.meter = meter.to_numpy(dtype=object)
        # A log's reads are followed per meter of each site and activity (a portfolio's shared table).
        for field in ("site", "activity"):
            if field in sub:
                meter = cells.text(sub[field]) + "\x1f" + meter
        self.key = meter.to_numpy(dtype=object)
        self.multiplier = _multiplier(sub, rows, source)
        marks = {fold(mark) for mark in (source.replacement_marks or REPLACEMENT_MARKS)}
        status = cells.text(sub["status"]) if "status" in sub else pd.Series("", index=sub.index)
        codes, uniques = pd.factorize(status)  # each distinct status folded once
        self.marked = np.array([fold(value) in marks for value in uniques], dtype=bool)[codes]
        self.status = status.to_numpy(dtype=object)


def _multiplier(sub: pd.DataFrame, rows: Rows, source: BillSource) -> np.ndarray:
    """Each row's multiplier: its cell (a blank one takes ``multiplier:``), else ``multiplier:``, else 1."""
    default = source.multiplier
    if "multiplier" not in sub:
        return np.full(len(sub), default or 1.0)
    values = parse_numbers(sub["multiplier"], rows, "multiplier", required=default is None, decimal=source.decimal)
    values = values.fillna(default if default is not None else np.nan)
    bad = ~(values > 0).to_numpy()
    if bad.any():
        label = int(sub.index[bad][0])
        raise InputDataError(
            f"multiplier {values[label]:g} is not above zero",
            where=rows.at(label, "multiplier"),
            fix="Write the meter's multiplier (CT ratio x PT ratio; 1 for a meter connected directly)",
        )
    return values.to_numpy(dtype="float64")


def _readings(sub: pd.DataFrame, rows: Rows, source: BillSource, field: str) -> np.ndarray:
    """A reading column as numbers: never empty, never negative, never beyond ``rollover:``."""
    values = parse_numbers(sub[field], rows, field, decimal=source.decimal)
    top = source.rollover
    bad = (values < 0) | (values > top if top is not None else False)
    if bad.any():
        label = int(sub.index[bad.to_numpy()][0])
        value = values[label]
        problem = (
            f"reading {value:g} is negative"
            if value < 0
            else f"reading {value:g} is beyond the meter's largest reading (rollover: {top:g})"
        )
        raise InputDataError(problem, where=rows.at(label, field), fix="Correct the reading or rollover:")
    return values.to_numpy(dtype="float64")


def _per_bill(read: _Read, sub: pd.DataFrame, rows: Rows, source: BillSource) -> tuple[Any, Any, Any, Any]:
    """One bill per row: (current - previous) x multiplier, over a rollover or a replacement."""
    start = parse_dates(sub["start"], rows, "start").to_numpy()
    end = parse_dates(sub["end"], rows, "end").to_numpy()
    previous = _readings(sub, rows, source, "previous")
    current = _readings(sub, rows, source, "current")
    step = current - previous
    across = np.full(len(sub), np.nan)  # the quantity across a replacement, where one is
    for number, entry in enumerate(source.replaced):
        # The bill whose previous read is the old meter's and current read the new one's.
        day = np.datetime64(entry.date, "s")
        inside = np.flatnonzero(_of_meter(read.meter, entry, number, source) & (start <= day) & (day < end))
        if len(inside) != 1:
            raise ConfigError(
                f"{'no bill' if not len(inside) else f'{len(inside)} bills'} of meter "
                f"{_meter_name(read.meter, entry)} run across {entry.date} (reading dates from start to "
                "the day before end)",
                where=f"{source.path.name}: replaced[{number}]",
                fix="Give the date of the replacement inside the one bill that spans it",
            )
        row = int(inside[0])
        _check_replacement(entry, number, previous[row], current[row], rows.at(int(sub.index[row])))
        across[row] = (entry.old_final - previous[row]) + (current[row] - entry.new_start)
    backwards = (step < 0) & np.isnan(across)
    labels = sub.index.to_numpy()
    _refuse_backwards(backwards, source, lambda i: rows.at(int(labels[i]), "current"), previous, current, read)
    rolled = backwards & (source.rollover is not None)
    used = np.where(~np.isnan(across), across, np.where(rolled, (source.rollover or 0) + 1 + step, step))
    return used * read.multiplier, start, end, np.zeros(len(sub), dtype=bool)


def _log(read: _Read, sub: pd.DataFrame, rows: Rows, source: BillSource, name: str) -> tuple[Any, Any, Any, Any]:
    """A log of reads: sorted by date per meter, each read's bill runs from the read before it."""
    date = parse_dates(sub["read_date"], rows, "read_date").to_numpy()
    reading = _readings(sub, rows, source, "reading")
    meter_code = np.unique(read.key, return_inverse=True)[1]
    order = np.lexsort((np.arange(len(sub)), date, meter_code))
    meters = read.meter[order]  # each sorted read's meter, as messages name it
    m, d, r, k = meter_code[order], date[order], reading[order], read.multiplier[order]
    marked = read.marked[order]
    row_of = (np.asarray(rows.rows)[sub.index.to_numpy()])[order]  # file row of each sorted read
    same = np.r_[False, m[1:] == m[:-1]]
    before = np.r_[0, np.arange(len(m) - 1)]
    prev_d, prev_r, prev_k = d[before], r[before], k[before]

    def pair(i: int) -> str:
        return f"{name} rows {row_of[before[i]]} and {row_of[i]}, column '{rows.headers[name]['reading']}'"

    def first(mask: Any) -> int | None:
        found = np.flatnonzero(mask)
        return int(found[0]) if len(found) else None

    if (i := first(marked & same & (prev_d != d))) is not None:
        raise InputDataError(
            f"row {row_of[i]} reads a new meter ('{read.status[order][i]}') on {_day(d[i])}, but meter "
            f"{meters[i]}'s read before it (row {row_of[before[i]]}) is on {_day(prev_d[i])}: the old "
            "meter's final reading is not known",
            where=name,
            fix=f"Add the old meter's final reading on {_day(d[i])} as a row before it, or clear the mark and "
            "give replaced: [{date: ..., old_final: ..., new_start: ...}] on this bill in the site YAML",
        )
    if (i := first(same & ~marked & (d == prev_d))) is not None:
        raise InputDataError(
            f"meter {meters[i]} is read twice on {_day(d[i])}",
            where=pair(i),
            fix="Remove the duplicate read, or mark the second as a new meter's first read in the status "
            "column (换表, Meter replaced)",
        )
    if (i := first(same & ~marked & (k != prev_k))) is not None:
        raise InputDataError(
            f"meter {meters[i]}'s multiplier changes from {prev_k[i]:g} to {k[i]:g} between two reads",
            where=f"{name} rows {row_of[before[i]]} and {row_of[i]}",
            fix="A new multiplier starts a new meter: read it on the day of the change and mark that read "
            "as a new meter's first (换表, Meter replaced)",
        )
    opens = ~same | marked
    step = r - prev_r
    across = np.full(len(m), np.nan)
    for number, entry in enumerate(source.replaced):
        after = d > np.datetime64(entry.date, "s")
        ours = np.flatnonzero(_of_meter(read.meter[order], entry, number, source) & after)
        if not len(ours):
            raise ConfigError(
                f"meter {_meter_name(read.meter, entry)} has no read after {entry.date}, so the replacement "
                "closes no bill",
                where=f"{source.path.name}: replaced[{number}]",
                fix="Give the date of the replacement before the new meter's first read in the file",
            )
        i = int(ours[0])
        if opens[i]:
            continue  # the old meter was never read in this file: the new one's first read opens it
        _check_replacement(entry, number, prev_r[i], r[i], f"{name} row {row_of[i]}")
        across[i] = (entry.old_final - prev_r[i]) * prev_k[i] + (r[i] - entry.new_start) * k[i]
    backwards = ~opens & (step < 0) & np.isnan(across)
    _refuse_backwards(backwards, source, pair, prev_r, r, read, order=order)
    rolled = backwards & (source.rollover is not None)
    used = np.where(rolled, (source.rollover or 0) + 1 + step, step) * k
    used = np.where(np.isnan(across), used, across)
    used[opens] = 0.0
    # Back to the file's order.
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return used[back], np.where(opens, d, prev_d)[back], d[back], opens[back]


def _of_meter(meter: np.ndarray, entry: Replacement, number: int, source: BillSource) -> np.ndarray:
    """The rows of the meter a ``replaced:`` entry names (its only meter when it names none)."""
    if entry.meter is None:
        names = np.unique(meter)
        if len(names) > 1:
            raise ConfigError(
                f"the file reads {len(names)} meters ({', '.join(map(str, names[:5]))}) and the entry names none",
                where=f"{source.path.name}: replaced[{number}]",
                fix="Add meter: <the meter replaced> to the entry",
            )
        return np.ones(len(meter), dtype=bool)
    return meter == entry.meter


def _meter_name(meter: np.ndarray, entry: Replacement) -> str:
    return entry.meter if entry.meter is not None else str(meter[0])


def _check_replacement(entry: Replacement, number: int, previous: float, current: float, where: str) -> None:
    """The old meter ran forward to its final reading, the new one forward from its start."""
    if entry.old_final < previous or current < entry.new_start:
        low = entry.old_final < previous
        raise InputDataError(
            f"replaced[{number}]: {'old_final' if low else 'new_start'} "
            f"{entry.old_final if low else entry.new_start:g} is "
            f"{'below the previous' if low else 'above the current'} reading {previous if low else current:g}",
            where=where,
            fix="Correct old_final (the old meter's last reading) or new_start (the new one's first) in the site YAML",
        )


def _refuse_backwards(
    backwards: np.ndarray,
    source: BillSource,
    where: Any,
    previous: np.ndarray,
    current: np.ndarray,
    read: _Read,
    order: np.ndarray | None = None,
) -> None:
    """Refuse the first reading below the one before it, unless ``rollover:`` explains it."""
    if source.rollover is not None or not backwards.any():
        return
    i = int(np.flatnonzero(backwards)[0])
    marked = read.marked if order is None else read.marked[order]
    said = " (its status marks a replacement, but gives neither reading)" if marked[i] and order is None else ""
    problem = f"the reading goes backwards from {previous[i]:g} to {current[i]:g}{said}"
    raise InputDataError(problem, where=where(i), fix=_EXPLAIN)


def _agreed(sub: pd.DataFrame, rows: Rows, source: BillSource, used: np.ndarray, opens: np.ndarray) -> np.ndarray:
    """The bill's quantity where its quantity column has one (checked against the readings), else the
    readings'; a transformer-loss column (State Grid 变损电量) is billed on top of the metered energy."""
    if "loss" in sub:
        loss = parse_numbers(sub["loss"], rows, "loss", required=False, decimal=source.decimal).to_numpy()
        used = used + np.where(np.isnan(loss) | opens, 0.0, loss)
    if "quantity" not in sub:
        return used
    said = parse_numbers(sub["quantity"], rows, "quantity", required=False, decimal=source.decimal).to_numpy()
    given = ~np.isnan(said)
    off = given & ~opens & (np.abs(said - used) > AGREEMENT + 1e-9 * np.abs(used))
    off |= given & opens & (said != 0)
    if off.any():
        i = int(np.flatnonzero(off)[0])
        problem = (
            f"quantity {said[i]:g} is on a meter's first read, which opens the meter and makes no bill"
            if opens[i]
            else f"quantity {said[i]:g} does not agree with the readings, which give {used[i]:g}"
            + (" with the transformer loss" if "loss" in sub else "")
        )
        raise InputDataError(
            problem,
            where=rows.at(int(sub.index[i]), "quantity"),
            fix="Correct the reading, the multiplier or the quantity (or clear the quantity: the readings give it)",
        )
    return np.where(given, said, used)


def _day(value: Any) -> str:
    return str(np.datetime64(value, "D"))
