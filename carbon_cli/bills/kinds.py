"""Kinds of bill rows: a bill over a period, a bill for a calendar month, a purchase on a day.

A file says which kind its rows are by its date columns, settled once per file:

- ``start`` and ``end``: a bill over those days (inclusive), calendarized by days;
- ``month`` (``电费年月: 202101``, ``Jan-21``, ``2021年1月``): a bill for that calendar month, the
  1st to its last day (the months are read by :mod:`.months`);
- ``date`` (a fuel delivery log, an LPG invoice): a **purchase** on that day, accounted by the GHG
  Protocol's purchase method: the fuel counts in the month of the date, whole, and the day is
  its start and end. The canonical table marks these rows ``purchase``; the calendar never
  spreads them, the timeline checks (gaps, overlaps, coverage) and ``--fill-gaps`` leave them
  alone, and their amounts are judged against the meter's other purchases
  (:mod:`carbon_cli.quality.purchases`).

A file whose ``start`` and ``end`` are mapped to one column holds one date per row: purchases.
Where a file could be read two ways (a month column and a date column, and no YAML to say
which), the run stops and asks. This module picks kinds and dates; it reads no quantities.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ConfigError
from .cells import Rows
from .dates import parse_date_columns
from .months import parse_months

#: The kinds of rows, as the ``_kind`` of a file in :func:`carbon_cli.bills.read_many`.
PERIOD, MONTH, DATE = "period", "month", "date"
#: How a purchase is accounted, for the ledger and the README.
PURCHASE_METHOD = "GHG Protocol purchase method: fuel counted in the month it was bought, never spread over days"


def _fold(text: Any) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


def choose(columns: dict[str, Any], mapped: Mapping[str, Any], name: str) -> dict[str, Any]:
    """Settle which date columns a file's rows have: start and end, a month, or a date.

    :param columns: field -> header, as found (the YAML's mapping or a known spelling).
    :param mapped: the bill entry's ``columns:`` (field -> header or None).
    :returns: ``columns`` with only the date fields of the file's kind.
    :raises ConfigError: the YAML maps two kinds, or the headers allow two and the YAML none.
    """
    columns = dict(columns)
    explicit = {field for field in ("start", "end", "month", "date") if mapped.get(field)}
    if {"start", "end"} <= explicit and _fold(mapped["start"]) == _fold(mapped["end"]):
        if explicit & {"month", "date"}:
            raise ConfigError(
                "columns.start and columns.end name one column, and columns."
                + ("month" if "month" in explicit else "date")
                + " another",
                where=name,
                fix="Keep one: columns: {date: <header>} for a purchase per row, or start: and end: for bills",
            )
        columns["date"] = columns.pop("start")
        del columns["end"]
        return columns
    if explicit & {"start", "end"} and explicit & {"month", "date"}:
        other = "month" if "month" in explicit else "date"
        raise ConfigError(
            f"columns.{other} and columns.start/end are both given; a row is a bill over a period, "
            "a bill for a month, or a purchase on a date",
            where=name,
            fix=f"Keep columns.{other}, or start: and end:",
        )
    if explicit >= {"month", "date"}:
        raise ConfigError(
            "columns.month and columns.date are both given",
            where=name,
            fix="Keep month: for a bill per calendar month, or date: for a purchase on a day",
        )
    if "start" in columns or "end" in columns:
        for field in ("month", "date"):
            if field not in explicit:
                columns.pop(field, None)
        return columns
    if "month" in columns and "date" in columns:
        if explicit & {"month", "date"}:
            columns.pop("date" if "month" in explicit else "month")
            return columns
        raise ConfigError(
            f"column '{columns['month']}' may be the billing month and column '{columns['date']}' the "
            "date of a purchase, and there is no start or end",
            where=name,
            fix=f"Say which in the site YAML: columns: {{month: {columns['month']}}} for a bill per calendar "
            f"month, or columns: {{date: {columns['date']}}} for a purchase on a day",
        )
    return columns


def periods(raw: pd.DataFrame, rows: Rows) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """Each row's first and last day, and whether it is a purchase, by its file's kind.

    :param raw: the batch of rows with ``_kind`` and the date fields the files have.
    :raises InputDataError: a date or month that cannot be read, naming its row.
    """
    kind = raw["_kind"].astype("str").to_numpy() if "_kind" in raw else np.full(len(raw), PERIOD, dtype=object)
    start = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[s]")
    end = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[s]")
    for which, read in ((PERIOD, _period), (MONTH, _month), (DATE, _date)):
        at = kind == which
        if at.all():
            return (*read(raw, rows), np.full(len(raw), which == DATE))
        if at.any():
            first, last = read(raw.loc[at], rows)
            start[at], end[at] = first.to_numpy(), last.to_numpy()
    return start, end, kind == DATE


def _period(raw: pd.DataFrame, rows: Rows) -> tuple[pd.Series, pd.Series]:
    # Start and end together: day first or month first is settled once per file from both.
    dates = parse_date_columns({"start": raw["start"], "end": raw["end"]}, rows, order=_order(raw))
    return dates["start"], dates["end"]


def _month(raw: pd.DataFrame, rows: Rows) -> tuple[pd.Series, pd.Series]:
    return parse_months(raw["month"], rows, "month")


def _date(raw: pd.DataFrame, rows: Rows) -> tuple[pd.Series, pd.Series]:
    day = parse_date_columns({"date": raw["date"]}, rows, order=_order(raw))["date"]
    return day, day.copy()


def _order(raw: pd.DataFrame) -> pd.Series | None:
    """Each row's ``dates:`` from the YAML (dayfirst, monthfirst), when the batch carries it."""
    return raw.get("_dates")


def kind_of(columns: Mapping[str, Any]) -> str:
    """The kind of a file's rows from its settled columns (see :func:`choose`)."""
    return MONTH if "month" in columns else DATE if "date" in columns else PERIOD
