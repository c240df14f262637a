"""Interval data layouts: which bill files hold meter intervals, and where in them.

Two shapes are recognised from the header line (found among the first lines, below a preamble
of account lines such as a US Green Button download has), or named by ``interval:`` in the
bill entry:

- **long**: one row per interval. Either a date and a start time column (Green Button:
  ``TYPE,DATE,START TIME,END TIME,USAGE,UNITS,COST,NOTES``), or one timestamp column
  (``timestamp, kWh, meter``);
- **wide**: one row per day, with 24 hourly or 48 half-hourly columns (``00:00``, ``00:30`` ...
  or ``HH1`` ... ``HH48``, up to ``HH50`` for the 25-hour day), as UK suppliers export.

This module only reads the header; the values are read by :mod:`.interval`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import BillSource
from ..errors import ConfigError
from ..guards import check_input
from .headers import fold

#: Lines searched for the header of an interval file (a Green Button preamble has 4 to 10).
HEAD_LINES = 60
_HEAD_BYTES = 256 * 1024

_DATE = ("date", "day", "reading date", "read date", "settlement date", "usage date", "日期")
_START_TIME = ("start time", "interval start time", "from time", "开始时间", "起始时间")
_END_TIME = ("end time", "interval end time", "to time", "结束时间", "截止时间")
_STAMP_START = ("timestamp", "datetime", "date time", "date/time", "interval start", "interval_start")
_STAMP_END = ("interval end", "interval_end", "interval ending", "period ending")
# Usage headers of meter data only: a "quantity" beside a timestamp is more likely a delivery log
# (columns.quantity names it for interval data).
_VALUE = ("usage", "import (kwh)", "import", "consumption", "value", "kwh", "用电量")
_UNIT = ("units", "unit", "uom", "单位")
_METER = ("meter", "meter_id", "meter id", "meter number", "mpan", "mprn", "esiid", "表号", "电表号")
_HH = re.compile(r"^(?:hh|h|period)\s*_?0*(\d{1,2})$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*-\s*\d{1,2}:\d{2})?$")
_UNIT_IN_NAME = re.compile(r"\(([^)]+)\)\s*$")
_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Layout:
    """Where an interval file's fields are (column positions from 0 in the header line)."""

    kind: str  # "long" or "wide"
    header_line: int  # the header's line in the file, from 1
    names: list[str]
    encoding: str
    date: int | None = None  # a date column (Green Button, wide)
    time: int | None = None  # a start-time column (Green Button)
    stamp: int | None = None  # one timestamp column (generic long form)
    stamp_marks: str | None = None  # "start" or "end" when the header says which
    value: int | None = None  # the usage column (long form)
    values: list[int] = field(default_factory=list)  # the interval columns (wide form), in order
    unit: int | None = None  # a unit column
    unit_name: str | None = None  # a unit given by the usage header (``kWh``, ``Usage (kWh)``)
    meter: int | None = None
    step: int | None = None  # seconds per interval when the header says (wide form)


def detect(source: BillSource, name: str) -> Layout | None:
    """The interval layout of a bill file, or None for an ordinary bill file.

    :raises ConfigError: ``interval:`` names a shape the file's header does not have, or the
        file is a workbook (interval data is read from CSV).
    """
    path = Path(source.path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".tsv"):
        if source.interval is not None:
            raise ConfigError(
                f"interval data is read from CSV files, not '{suffix}'",
                where=f"{name} (interval: {source.interval})",
                fix="Save the sheet as CSV (UTF-8) and name that file in the site YAML",
            )
        return None
    if not path.is_file() or path.stat().st_size == 0:
        return None  # the ordinary reader says what is wrong
    check_input(path, name)  # an interval file is read whole here: its size is held to the limit first
    if source.interval is None and (source.columns.start is not None or source.columns.end is not None):
        return None  # the YAML maps bill periods: an ordinary bill file
    head, encoding = _head(path)
    if head is None:
        return None
    sep = "\t" if suffix == ".tsv" else ","
    lines = head.splitlines()[:HEAD_LINES]
    numbers = [source.header_row] if source.header_row != 1 else range(1, len(lines) + 1)
    for number in numbers:
        if number > len(lines):
            break
        cells = next(csv.reader([lines[number - 1]], delimiter=sep), [])
        layout = _layout(cells, number, encoding, source, name)
        if layout is not None:
            if source.interval is not None and layout.kind != source.interval:
                raise ConfigError(
                    f"interval: {source.interval} but line {number} is the header of {layout.kind} interval data",
                    where=name,
                    fix=f"Write interval: {layout.kind} in the bill entry (or remove the key)",
                )
            return layout
    if source.interval is not None:
        shape = (
            "a date column and 24 or 48 interval columns (00:00, 00:30 ... or HH1 ... HH48)"
            if source.interval == "wide"
            else "a timestamp column (or DATE and START TIME) and a usage column"
        )
        raise ConfigError(
            f"interval: {source.interval} but no header line with {shape} in the first {HEAD_LINES} lines",
            where=name,
            fix="Set header_row: to the header's line, or columns.quantity: to the usage header; "
            "`carbon inspect` shows what the file holds",
        )
    return None


def _head(path: Path) -> tuple[str | None, str]:
    with path.open("rb") as handle:
        data = handle.read(_HEAD_BYTES)
    if len(data) == _HEAD_BYTES:  # a cut line or character at the end: drop the last line
        data = data[: data.rfind(b"\n") + 1] or data
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None, "utf-8"


def _find(folded: list[str], names: tuple[str, ...], wanted: str | None = None) -> int | None:
    if wanted is not None:
        return folded.index(fold(wanted)) if fold(wanted) in folded else None
    for spelling in names:
        if spelling in folded:
            return folded.index(spelling)
    return None


def _layout(cells: list[str], line: int, encoding: str, source: BillSource, name: str) -> Layout | None:
    folded = [fold(cell) for cell in cells]
    given = source.columns
    for key in ("start", "end", "cost", "estimated", "site", "activity", "credit", "cv"):
        if getattr(given, key) is not None and source.interval is not None:
            raise ConfigError(
                f"columns.{key} is not used for interval data",
                where=f"{name} (columns.{key})",
                fix="Interval files take columns.quantity, columns.unit and columns.meter only; remove the key",
            )
    meter = _find(folded, _METER, given.meter)
    unit = _find(folded, _UNIT, given.unit)
    common = {"header_line": line, "names": cells, "encoding": encoding, "meter": meter, "unit": unit}
    date = _find(folded, _DATE)
    wide = _wide_columns(folded)
    if date is not None and wide is not None:
        columns, step = wide
        return Layout("wide", date=date, values=columns, step=step, **common)  # type: ignore[arg-type]
    value = _find(folded, _VALUE, given.quantity)
    if value is None:
        return None
    unit_name = _unit_in_name(cells[value])
    time = _find(folded, _START_TIME)
    if date is not None and time is not None:
        return Layout("long", date=date, time=time, value=value, unit_name=unit_name, **common)  # type: ignore[arg-type]
    stamp, marks = _find(folded, _STAMP_START), "start"
    if stamp is None:
        stamp, marks = _find(folded, _STAMP_END), "end"
    if stamp is None:
        return None
    # "timestamp"/"datetime" say nothing about start or end: settled from the data (or timestamps:).
    said = marks if folded[stamp] not in ("timestamp", "datetime", "date time", "date/time") else None
    return Layout("long", stamp=stamp, stamp_marks=said, value=value, unit_name=unit_name, **common)  # type: ignore[arg-type]


def _unit_in_name(header: str) -> str | None:
    found = _UNIT_IN_NAME.search(header)
    if found:
        return found.group(1).strip()
    return "kWh" if fold(header) == "kwh" else None


def _wide_columns(folded: list[str]) -> tuple[list[int], int] | None:
    """The interval columns of a wide row and the seconds per interval, or None."""
    numbered = [(int(m.group(1)), i) for i, c in enumerate(folded) if (m := _HH.match(c))]
    if len(numbered) >= 24 and [n for n, _ in numbered] == list(range(1, len(numbered) + 1)):
        count = len(numbered)
        if count in (46, 48, 50):
            return [i for _, i in numbered], 1800
        if count in (23, 24, 25):
            return [i for _, i in numbered], 3600
    found = [(m, i) for i, c in enumerate(folded) if (m := _CLOCK.match(c))]
    clocks = [(int(m.group(1)) * 3600 + int(m.group(2)) * 60, i) for m, i in found]
    if len(clocks) in (24, 48):
        step = 86_400 // len(clocks)
        if [s for s, _ in clocks] == list(range(0, 86_400, step)):
            return [i for _, i in clocks], step
    return None
