"""Factor-database renderers: what ``carbon factors list|show|sets`` print, as a Rich table,
JSON or CSV.

They format the rows :mod:`carbon_cli.factors` selects (``listing``, ``lookup``,
``factor_sets``) and never select or compute. Text from the factor files goes through ``Text``,
never markup; ids and citations are :class:`~carbon_cli.render.localized.Verbatim`
(data, in their own language), the labels are translated where the table is shown.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..factors import FACTOR_COLUMNS
from ..i18n import _, kind, label, language
from .fit import Fitted, fitted
from .localized import Verbatim
from .plain import plain

#: Columns of ``list --format csv|json``: the factor-file schema, then the set and the citation.
COLUMNS = [*FACTOR_COLUMNS, "set", "citation"]
#: Fields of ``show``, in reading order (a property row has no gas or method).
SHOWN = (
    "id",
    "activity",
    "region",
    "year_from",
    "year_to",
    "gas",
    "property",
    "value",
    "unit",
    "method",
    "basis",
    "set",
    "publisher",
    "document",
    "edition",
    "table",
    "evidence",
    "note",
    "citation",
)
SET_COLUMNS = ("set", "default", "file", "replaces", "description")


def years(row: Mapping[Any, Any]) -> str:
    """``2021``, ``2019-2021`` or ``2021-`` (open-ended) from a row's ``year_from`` and ``year_to``."""
    start, end = plain(row["year_from"]), plain(row["year_to"])
    if end is None:
        return f"{int(start)}-"
    return str(int(start)) if int(start) == int(end) else f"{int(start)}-{int(end)}"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The :data:`COLUMNS` of each row, JSON-ready, years as integers."""
    out = []
    for row in frame.to_dict("records"):
        item = {column: plain(row.get(column)) for column in COLUMNS}
        for key in ("year_from", "year_to"):
            if item[key] is not None:
                item[key] = int(item[key])
        out.append(item)
    return out


def to_json(rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows as an indented JSON array."""
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows with a header line (the first row's keys, or :data:`COLUMNS` when there is none)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
    return buffer.getvalue()


# --- carbon factors list -------------------------------------------------------------------------


def list_table(frame: pd.DataFrame) -> Fitted:
    """One line per factor row: id, region, years, gas, value and unit, method/basis, evidence, set."""
    table = Table(
        title=f"{len(frame)} factor rows (full citation: carbon factors show ID)", title_justify="left", show_edge=False
    )
    table.add_column("id", no_wrap=True)
    for column in ("region", "years", "gas", "value", "method/basis", "evidence", "set"):
        table.add_column(column, justify="right" if column == "value" else "left", overflow="fold")
    for row in frame.to_dict("records"):
        method_basis = "/".join(part for part in (row["method"], row["basis"]) if part)
        table.add_row(
            Verbatim(row["id"]),
            Verbatim(row["region"]),
            years(row),
            row["gas"],
            f"{row['value']:g} {escape(row['unit'])}",
            method_basis,
            Verbatim(row["evidence"]),
            Verbatim(row["set"]),
        )
    return fitted(table, numbers=("years",), optional=("evidence", "set", "method/basis"))


def list_json(frame: pd.DataFrame) -> str:
    return to_json(records(frame))


def list_csv(frame: pd.DataFrame) -> str:
    return to_csv(records(frame))


# --- carbon factors show -------------------------------------------------------------------------


def record(row: Mapping[str, Any]) -> dict[str, Any]:
    """One factor or property row, every field JSON-ready."""
    return {key: plain(value) for key, value in row.items()}


def show_table(row: Mapping[str, Any]) -> Table:
    """Every field of one row, one per line: the full citation last."""
    fields = record(row)
    table = Table(show_header=False, show_edge=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for key in SHOWN:
        if key in fields:
            value = fields[key]
            shown = (
                "open-ended"
                if key == "year_to" and value is None
                else f"{value:g}"
                if key == "value"
                else str(value if value is not None else "")
            )
            # a label, the row's words the catalogue has (activity, method), the rest as published
            translated = key in ("activity", "method", "basis", "gas") or shown == "open-ended"
            table.add_row(kind("field", key), Text(shown) if translated else Verbatim(shown))
    return table


def show_json(row: Mapping[str, Any]) -> str:
    return to_json([record(row)])


def show_csv(row: Mapping[str, Any]) -> str:
    return to_csv([record(row)])


# --- carbon factors sets -------------------------------------------------------------------------


def sets_table(sets: Sequence[Mapping[str, str]]) -> Table:
    """The factor sets: name, default, file, what it replaces, description."""
    table = Table(title="Factor sets", title_justify="left", show_edge=False)
    for column in SET_COLUMNS:
        table.add_column(column, overflow="fold")
    for row in sets:
        # A set's description is carbon's own words (the catalogue has it); its name and file are ids.
        table.add_row(
            *(Text(row[c]) if c in ("default", "replaces", "description") else Verbatim(row[c]) for c in SET_COLUMNS)
        )
    return table


def sets_json(sets: Sequence[Mapping[str, str]]) -> str:
    return to_json([dict(row) for row in sets])


def sets_csv(sets: Sequence[Mapping[str, str]]) -> str:
    return to_csv([dict(row) for row in sets])


# --- carbon factors coverage ---------------------------------------------------------------------

#: The style of each coverage status in the table (and of a fallback's notice level).
_STATUS_STYLES = {"exact": "green", "missing": "bold red", "warning": "yellow", "info": ""}


def coverage_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The coverage rows, JSON-ready (``factor_year`` an integer, or None where nothing was found)."""
    out = []
    for row in frame.to_dict("records"):
        item = {str(key): plain(value) for key, value in row.items()}
        item["year"] = int(item["year"])
        item["factor_year"] = int(item["factor_year"]) if item["factor_year"] not in ("", None) else None
        out.append(item)
    return out


def coverage_table(frame: pd.DataFrame) -> Table:
    """One line per region, activity, method and year: status, the fallback taken and the factor used."""
    counts = frame["status"].value_counts()
    summary = ", ".join(
        f"{int(counts.get(status, 0))} {kind('coverage', status)}" for status in ("exact", "fallback", "missing")
    )
    title = label("Factor coverage: {summary} (why, for each: --format json or csv, field note)", summary=summary)
    table = Table(title=Verbatim(title), title_justify="left", show_edge=False)
    for column in ("region", "activity", "method", "year", "status"):
        table.add_column(column, no_wrap=True)
    for column in ("fallback", "level", "factor used", "why missing"):
        table.add_column(column, overflow="fold")
    for row in coverage_records(frame):
        status = row["status"]
        style = _STATUS_STYLES["missing" if status == "missing" else row["level"] or status]
        ids = row["factor_id"].replace(" + ", "\n")
        used = f"{ids}\n({row['factor_region']}, {row['factor_year']})" if row["factor_id"] else ""
        table.add_row(
            Verbatim(row["region"]),
            row["activity"],
            row["method"],
            str(row["year"]),
            Verbatim(kind("coverage", status), style=style),
            _kinds(row["fallback"]),
            Text(row["level"], style=style),
            Verbatim(used),
            Text(row["note"] if status == "missing" else ""),
        )
    return table


def _kinds(text: str) -> str | Verbatim:
    """The kinds of a fallback (``region, year``) in the chosen language, each a word of its own."""
    if language() == "en" or not text:
        return text
    return Verbatim("、".join(_(part) for part in text.split(", ")))


def coverage_json(frame: pd.DataFrame) -> str:
    return to_json(coverage_records(frame))


def coverage_csv(frame: pd.DataFrame) -> str:
    rows = coverage_records(frame)
    if not rows:
        return ",".join(frame.columns) + "\n"
    return to_csv(rows)
