"""Interval data: meter intervals summed to meter-days while the file is read.

A file of intervals (:mod:`.interval_layout` finds its shape) is read in blocks of a few MB;
each block is summed to (meter, day) at once, so memory holds the meter-days and one block,
never the rows: a year of 15-minute data for 1,000 meters (35 million rows) is a few hundred
thousand meter-days. Each meter-day becomes one daily bill (``period_start == period_end``,
the canonical table's one-day bill) whose ``source_row`` is the first row of that day.

Beside the daily bills, the reader keeps what the checks of interval data need, per meter-day
(:data:`STAT_COLUMNS`): intervals read and distinct, repeated timestamps, the first missing
interval, the day's largest interval and the meter's mean at that time of day.
:mod:`carbon_cli.quality.interval_checks` turns them into findings.

Timestamps are local clock time. A day's interval is its position in the day: its start time
over the interval length (long form), or its column (wide form).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..config import BillSource
from ..errors import ConfigError, InputDataError
from .cells import Rows
from .dates import parse_dates
from .interval_blocks import (
    TIME_OF_DAY,
    BlankLine,
    Block,
    Codes,
    Text,
    TextStamps,
    clock,
    mode_step,
    plain_stamps,
    read_blocks,
)
from .interval_layout import Layout

#: The most meter x day x interval cells the duplicate/gap grid may hold (2 bytes each).
MAX_CELLS = 1_500_000_000

#: Per meter-day figures the interval checks read (see the module doc).
STAT_COLUMNS = [
    "site",
    "meter",
    "activity",
    "day",
    "quantity",
    "intervals",
    "distinct",
    "repeated",
    "repeat_first",
    "repeat_last",
    "missing_first",
    "peak",
    "peak_slot",
    "slot_mean",
    "slot_days",
    "meter_mean",
    "step",
    "slots",
    "kind",
    "timezone",
    "unit",
    "source_file",
    "source_row",
]


def read_days(source: BillSource, name: str, layout: Layout, site: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read an interval file as daily bills and per meter-day figures.

    :returns: ``(days, stats)``: days with the columns ``start, end, quantity, meter`` (and
        ``unit`` when the file says it), ``_row`` the first file row of each day; stats with
        :data:`STAT_COLUMNS`.
    :raises ConfigError: the bill entry lacks what interval data needs (an activity).
    :raises InputDataError: a value, date or time cannot be read, or the file mixes units.
    """
    if site is None:
        raise ConfigError(
            "interval data belongs to one site, not to a shared table",
            where=name,
            fix="Name the interval file under bills: in the site's own YAML",
        )
    if source.activity is None:
        raise ConfigError(
            "interval data needs the activity of its meters",
            where=f"{name} (activity)",
            fix="Add activity: electricity (or the metered activity) to this bill entry",
        )
    careful, native = False, plain_stamps(source, layout)
    while True:
        reader = _Reader(source, name, layout, careful=careful, native=native)
        try:
            for block in reader.blocks():
                reader.add(block)
            return reader.finish(site, source.activity)
        except BlankLine:  # rows below a blank line would be misnumbered: read again, line by line
            careful = True
        except TextStamps:  # a timestamp pyarrow does not read: as text
            native = False


class _Reader:
    def __init__(self, source: BillSource, name: str, layout: Layout, *, careful: bool, native: bool) -> None:
        self.source, self.name, self.layout, self.careful = source, name, layout, careful
        self.native = native and not careful  # timestamps parsed by pyarrow
        self.meters, self.dates = Codes(), Codes()
        self.units: set[str] = set()
        self.times: dict[str, int] = {}
        self.step = layout.step or 0
        self.slots = len(layout.values) if layout.kind == "wide" else 0
        self.marks = source.timestamps or layout.stamp_marks
        self.parts: list[tuple[np.ndarray, ...]] = []
        self.counts = np.zeros((0, 0), dtype=np.uint16)  # meter x (day code * slots): intervals seen
        self.profile = np.zeros((0, 0)), np.zeros((0, 0))  # meter x slot: sum and count of values

    # -- reading -----------------------------------------------------------------------------
    def _columns(self) -> dict[str, int]:
        lay = self.layout
        named = {"date": lay.date, "time": lay.time, "stamp": lay.stamp, "value": lay.value}
        named |= {"unit": lay.unit, "meter": lay.meter}
        return {k: v for k, v in named.items() if v is not None}

    def blocks(self) -> Iterator[Block]:
        lay = self.layout
        numeric = [lay.value] if lay.value is not None else list(lay.values)
        wanted = sorted(set(self._columns().values()) | set(numeric))
        frames = read_blocks(self.source, self.name, lay, wanted, numeric, careful=self.careful, native=self.native)
        for columns, rows in frames:
            cols = {k: columns[v] for k, v in self._columns().items()}
            meter = self._meter(cols, len(rows))
            if "unit" in cols:
                self.units.update(u for u in cols["unit"].uniques if u)
            if lay.kind == "wide":
                values = np.column_stack([columns[i] for i in lay.values]).astype("float64")
                yield self._wide(values, cols, meter, rows)
            else:
                yield self._long(cols, meter, rows)

    def _meter(self, cols: dict[str, Any], size: int) -> np.ndarray:
        if "meter" not in cols:
            one = self.meters.of([self.source.meter or Path(self.source.path).stem])[0]
            return np.full(size, one, dtype=np.int64)
        text = cols["meter"]
        return self.meters.of(text.uniques)[text.codes]

    def _day_codes(self, dates: Text) -> np.ndarray:
        used = dates.used()
        codes = np.full(len(used), -1, dtype=np.int64)
        codes[used] = self.dates.of([value for value, on in zip(dates.uniques, used, strict=True) if on])
        return codes[dates.codes]

    def _wide(self, values: np.ndarray, cols: dict[str, Any], meter: np.ndarray, rows: np.ndarray) -> Block:
        keep = ~cols["date"].blank()
        values, meter, rows = values[keep], meter[keep], rows[keep]
        day = self._day_codes(cols["date"].take(keep))
        present = ~np.isnan(values)
        at, slot = np.nonzero(present)
        return Block(meter[at], day[at], slot.astype(np.int64), values[present], rows[at])

    def _long(self, cols: dict[str, Any], meter: np.ndarray, rows: np.ndarray) -> Block:
        value = cols["value"]
        where = "stamp" if "stamp" in cols else "date"
        # A blank usage (or a blank line) is a missing interval: the gap check counts it.
        native = isinstance(cols.get("stamp"), np.ndarray)
        keep = ~np.isnan(value) & (~np.isnat(cols["stamp"]) if native else ~cols[where].blank())
        if not keep.all():
            cols = {k: (v[keep] if isinstance(v, np.ndarray) else v.take(keep)) for k, v in cols.items()}
            value, meter, rows = value[keep], meter[keep], rows[keep]
        seconds = self._stamps(cols["stamp"], rows) if "stamp" in cols else self._times(cols["time"], rows)
        if not self.step:
            self._settle_step(seconds)
        if "stamp" in cols:
            day, seconds = np.divmod(seconds - (self.step if self.marks == "end" else 0), 86_400)
            day = self._stamp_days(day)
        else:
            day = self._day_codes(cols["date"])
        off = seconds % self.step != 0
        if off.any():
            at = int(np.flatnonzero(off)[0])
            raise InputDataError(
                f"an interval starts at {clock(int(seconds[at]))}, off the {self.step // 60}-minute grid of the file",
                where=f"{self.name} row {rows[at]}",
                fix="Give every interval of a file the same length",
            )
        return Block(meter, day, seconds // self.step, value, rows)

    def _stamp_days(self, day: np.ndarray) -> np.ndarray:
        codes, uniques = pd.factorize(day)
        return self.dates.of(uniques.tolist())[codes]

    def _stamps(self, text: Text | np.ndarray, rows: np.ndarray) -> np.ndarray:
        if isinstance(text, np.ndarray):  # parsed by pyarrow
            seconds = text.astype("datetime64[s]").view(np.int64)
            if self.marks is None:
                self._settle_marks(seconds)
            return seconds
        uniques = pd.Series(text.uniques, dtype=object)
        parsed = pd.to_datetime(uniques, format="ISO8601", errors="coerce")
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_localize(None)
        bad = parsed.isna().to_numpy() & text.used()
        if bad.any():
            at = int(np.flatnonzero(bad[text.codes])[0])
            raise InputDataError(
                f"cannot read timestamp '{uniques[bad].iloc[0]}'",
                where=f"{self.name} row {rows[at]}",
                fix="Write timestamps as YYYY-MM-DD HH:MM in the meter's local time",
            )
        seconds = parsed.to_numpy("datetime64[s]").view(np.int64)[text.codes]
        if self.marks is None:
            self._settle_marks(seconds)
        return seconds

    def _settle_marks(self, seconds: np.ndarray) -> None:
        """Timestamps mark starts when the earliest falls on midnight, ends when one interval
        after; otherwise the YAML must say (a file that begins mid-day tells nothing)."""
        step = self.step or mode_step(np.unique(seconds))
        first = int(seconds.min()) % 86_400
        if first == 0:
            self.marks = "start"
        elif first == step:
            self.marks = "end"
        else:
            raise InputDataError(
                f"cannot tell whether the timestamps mark the start or the end of each interval "
                f"(the first is at {clock(first)})",
                where=f"{self.name} column '{self.layout.names[self.layout.stamp or 0]}'",
                fix="Add timestamps: start (or timestamps: end) to this bill entry",
            )

    def _times(self, text: Text, rows: np.ndarray) -> np.ndarray:
        new = [u for u in text.uniques if u not in self.times]
        if new:
            found = pd.Series(new, dtype=object).str.extract(TIME_OF_DAY)
            hours = found[0].astype(float)
            pm = found[3].fillna("").str.lower()
            hours = hours.where(pm == "", hours % 12 + np.where(pm == "pm", 12, 0))
            secs = hours * 3600 + found[1].astype(float) * 60 + found[2].fillna("0").astype(float)
            for value, sec in zip(new, secs.tolist(), strict=True):
                self.times[value] = int(sec) if sec == sec and 0 <= sec < 86_400 else -1
        seconds = np.array([self.times[u] for u in text.uniques], dtype=np.int64)[text.codes]
        bad = seconds < 0
        if bad.any():
            at = int(np.flatnonzero(bad)[0])
            raise InputDataError(
                f"cannot read time '{text.uniques[text.codes[at]]}'",
                where=f"{self.name} row {rows[at]}",
                fix="Write start times as HH:MM (00:15 or 12:15 AM)",
            )
        return seconds

    def _settle_step(self, seconds: np.ndarray) -> None:
        step = mode_step(np.unique(seconds % 86_400)) if len(seconds) else 0
        if step <= 0 or 86_400 % step or step < 60:
            raise InputDataError(
                "cannot find the interval length (no two interval starts a regular time apart)",
                where=self.name,
                fix="Give intervals of 1 to 60 minutes that divide the day (15, 30, 60)",
            )
        self.step, self.slots = step, 86_400 // step

    # -- summing -----------------------------------------------------------------------------
    def add(self, block: Block) -> None:
        """Sum a block to meter-days: one sort by (meter, day, interval), then runs of it."""
        if not len(block.value):
            return
        self._grow(int(block.meter.max()) + 1, len(self.dates.index))
        slots, days = self.slots, self.counts.shape[1] // self.slots
        cell = (block.meter * days + block.day) * slots + block.slot
        order = np.argsort(cell, kind="stable")
        cell, value, row = cell[order], block.value[order], block.row[order]
        # Intervals seen per grid cell (a cell seen twice: a repeated timestamp).
        cells = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]])
        grid = self.counts.reshape(-1)
        grid[cell[cells]] += np.diff(np.r_[cells, len(cell)]).astype(np.uint16)
        # Meter-days: runs of cell // slots.
        meter_day = cell // slots
        starts = np.flatnonzero(np.r_[True, meter_day[1:] != meter_day[:-1]])
        sizes = np.diff(np.r_[starts, len(cell)])
        total = np.add.reduceat(value, starts)
        first = np.minimum.reduceat(row, starts)
        peak = np.maximum.reduceat(value, starts)
        at_peak = np.flatnonzero(value == np.repeat(peak, sizes))
        group = np.searchsorted(starts, at_peak, side="right") - 1
        firsts = np.r_[True, group[1:] != group[:-1]]  # in order: the earliest interval at the peak
        peak_slot = (cell[at_peak[firsts]] % slots).astype(np.int64)
        key = (meter_day[starts] // days) * (1 << 32) + meter_day[starts] % days
        self.parts.append((key, total, sizes, first, peak, peak_slot))
        profile = block.meter * slots + block.slot
        size = self.profile[0].size
        self.profile[0].reshape(-1)[:] += np.bincount(profile, weights=block.value, minlength=size)
        self.profile[1].reshape(-1)[:] += np.bincount(profile, minlength=size)

    def _grow(self, meters: int, days: int) -> None:
        have_m, have_cells = self.counts.shape
        have_d = have_cells // self.slots if self.slots else 0
        if meters <= have_m and days <= have_d:
            return
        new_m = have_m if meters <= have_m else max(meters, 2 * have_m)
        new_d = have_d if days <= have_d else max(days, 2 * have_d, 32)
        if new_m * new_d * self.slots > MAX_CELLS:
            raise InputDataError(
                f"{meters:,} meters over {days:,} dates is more interval data than one file may hold",
                where=self.name,
                fix="Split the file by meter or by year",
            )
        counts = np.zeros((new_m, new_d * self.slots), dtype=np.uint16)
        if have_m:
            counts.reshape(new_m, new_d, self.slots)[:have_m, :have_d] = self.counts.reshape(have_m, have_d, self.slots)
        self.counts = counts
        sums, tallies = np.zeros((new_m, self.slots)), np.zeros((new_m, self.slots))
        if have_m:
            sums[:have_m], tallies[:have_m] = self.profile
        self.profile = sums, tallies

    def finish(self, site: str, activity: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        unit = self._unit()
        if not self.parts:
            raise InputDataError("holds no interval values", where=self.name, fix="Export the interval data again")
        key, total, count, first, peak, peak_slot = (np.concatenate(p) for p in zip(*self.parts, strict=True))
        order = np.lexsort((-peak, key))  # per meter-day, the block with the largest interval first
        key, total, count, first, peak, peak_slot = (a[order] for a in (key, total, count, first, peak, peak_slot))
        uniq, start = np.unique(key, return_index=True)
        inv = np.searchsorted(uniq, key)
        total, count = np.bincount(inv, weights=total), np.bincount(inv, weights=count).astype(np.int64)
        first = np.minimum.reduceat(first, start)
        peak, peak_slot = peak[start], peak_slot[start]
        meter, code = uniq >> 32, uniq & 0xFFFFFFFF
        days = self._days(code, first)
        slots = self.slots
        cells = self.counts.reshape(self.counts.shape[0], -1, slots)[meter, code]  # meter-days x slots
        seen = cells > 0
        distinct = seen.sum(axis=1)
        repeated = cells.sum(axis=1, dtype=np.int64) - distinct
        twice = cells > 1
        repeat_first = np.where(repeated > 0, twice.argmax(axis=1), -1)
        repeat_last = np.where(repeated > 0, slots - 1 - twice[:, ::-1].argmax(axis=1), -1)
        missing_first = np.where(distinct < slots, (~seen).argmax(axis=1), -1)
        sums, tallies = self.profile
        slot_days = tallies[meter, peak_slot] - 1
        with np.errstate(invalid="ignore", divide="ignore"):
            slot_mean = (sums[meter, peak_slot] - peak) / slot_days
            meter_mean = sums.sum(axis=1)[meter] / tallies.sum(axis=1)[meter]
        names = np.array(self.meters.values(), dtype=object)
        stats = pd.DataFrame(
            {
                "site": site,
                "meter": names[meter],
                "activity": activity,
                "day": days,
                "quantity": total,
                "intervals": count,
                "distinct": distinct,
                "repeated": repeated,
                "repeat_first": repeat_first,
                "repeat_last": repeat_last,
                "missing_first": missing_first,
                "peak": peak,
                "peak_slot": peak_slot,
                "slot_mean": slot_mean,
                "slot_days": slot_days,
                "meter_mean": meter_mean,
                "step": self.step,
                "slots": slots,
                "kind": self.layout.kind,
                "timezone": self.source.timezone or "",
                "unit": unit or "",
                "source_file": self.name,
                "source_row": first,
            }
        )
        # Two spellings of one date ("2024-01-05", "2024-1-5") are one day.
        if stats.duplicated(["meter", "day"]).any():
            raise InputDataError(
                "one day is written two ways in the date column",
                where=self.name,
                fix="Write every date of the file the same way (YYYY-MM-DD)",
            )
        stats = stats.sort_values(["meter", "day"], kind="stable").reset_index(drop=True)
        days_table = pd.DataFrame(
            {"start": stats["day"], "end": stats["day"], "quantity": stats["quantity"], "meter": stats["meter"]}
        )
        if unit is not None:
            days_table["unit"] = unit
        days_table["_row"] = stats["source_row"].to_numpy()
        return days_table, stats

    def _days(self, code: np.ndarray, first: np.ndarray) -> np.ndarray:
        values = self.dates.values()
        if "stamp" in self._columns():
            day = np.array(values, dtype=np.int64)[code]
            return (day * 86_400).astype("datetime64[s]")
        # Dates are parsed once, all together, so the column's form is settled from every value.
        firsts = pd.Series(first).groupby(code).min().reindex(range(len(values))).fillna(0).astype(np.int64)
        column = self.layout.names[self.layout.date or 0]
        rows = Rows(np.full(len(values), self.name, dtype=object), firsts.to_numpy(), {self.name: {"date": column}})
        parsed = parse_dates(pd.Series(values, dtype=object), rows, "date")
        return parsed.to_numpy("datetime64[s]")[code]

    def _unit(self) -> str | None:
        said = self.units | ({self.layout.unit_name} if self.layout.unit_name else set())
        if len(said) > 1:
            raise InputDataError(
                f"mixes units {', '.join(sorted(said))}",
                where=self.name,
                fix="Export one unit per file, or split the file by unit",
            )
        found = next(iter(said), None)
        if found and self.source.unit and found.casefold() != self.source.unit.casefold():
            raise ConfigError(
                f"unit: {self.source.unit} but the file says {found}",
                where=f"{self.name} (unit)",
                fix=f"Remove unit: from the bill entry, or correct it to {found}",
            )
        return found or self.source.unit
