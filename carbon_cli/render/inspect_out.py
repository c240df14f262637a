"""`carbon inspect` renderers: what the importer sees in a bill file, for people (Rich) or scripts (JSON).

They format an :class:`~carbon_cli.bills.inspect.Inspection` and never read or decide anything.
Text from the file goes through ``Text``, never markup.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from .plain import plain

if TYPE_CHECKING:
    from ..bills.inspect import Inspection

_SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def render_json(found: Inspection) -> str:
    data = found.as_dict()
    data["rows"] = [{k: plain(v) for k, v in row.items()} for row in data["rows"]]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_table(found: Inspection) -> Group:
    parts: list[RenderableType] = [Text(f"{found.file} ({found.kind})", style="bold")]
    if found.encoding or found.separator:
        shown = _SEPARATORS.get(found.separator or "", repr(found.separator))
        parts.append(Text(f"encoding {found.encoding}, separator {shown}"))
    if found.sheets:
        sheets = ", ".join(
            s["name"] + (" (hidden)" if s["hidden"] else "") + (" <- read" if s["read"] else "") for s in found.sheets
        )
        parts.append(Text(f"sheets: {sheets}"))
    for note in found.notes:
        parts.append(Text(f"note: {note}", style="yellow"))
    if found.problem is not None:
        parts.append(Text(f"the importer stops: {found.problem}", style="red"))
        top = Table(title=f"top rows of {found.sheet or found.file}", title_justify="left", show_edge=False)
        top.add_column("row", justify="right")
        width = max((len(r) for r in found.top), default=0)
        for column in range(width):
            top.add_column(str(column + 1), overflow="fold")
        for number, row in enumerate(found.top, start=1):
            top.add_row(str(number), *(Text(cell) for cell in row), *([""] * (width - len(row))))
        parts.append(top)
        return Group(*parts)
    rows = found.header_rows
    block = f"rows {rows[0]}-{rows[-1]}" if len(rows) > 1 else f"row {rows[0]}"
    parts.append(Text(f"header: {block} ({found.header_how})"))
    parts.append(Text("columns: " + " | ".join(found.columns)))
    roles = Table(title="columns taken", title_justify="left", show_edge=False)
    for name in ("field", "column", "why", "parsing"):
        roles.add_column(name, overflow="fold")
    for role in found.roles:
        roles.add_row(role.field, Text(role.column), Text(role.why), Text(found.parsing.get(role.field, "")))
    parts.append(roles)
    if found.skipped:
        skipped = Table(title="rows left out", title_justify="left", show_edge=False)
        for name in ("row", "why", "cells"):
            skipped.add_column(name, overflow="fold")
        for skip in found.skipped:
            skipped.add_row(str(skip.row), skip.reason, Text(skip.text))
        parts.append(skipped)
    first = Table(
        title=f"first rows as parsed ({found.data_rows} bill rows in all)", title_justify="left", show_edge=False
    )
    fields = [r.field for r in found.roles]
    first.add_column("row", justify="right")
    for name in fields:
        first.add_column(name, overflow="fold")
    for record in found.rows:
        first.add_row(str(record["row"]), *(Text("" if record[f] is None else str(record[f])) for f in fields))
    parts.append(first)
    return Group(*parts)
