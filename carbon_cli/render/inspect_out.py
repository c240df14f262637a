"""`carbon inspect` renderers: what the importer sees in a bill file, for people (Rich) or scripts (JSON).

They format an :class:`~carbon_cli.bills.inspect.Inspection` and never read or decide anything.
Text from the file goes through ``Text``, never markup. The table is built in English; lines that
join labels and the file's own text are put in the chosen language here (the file's text as
:class:`~carbon_cli.render.localized.Verbatim`), the rest where it is shown.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..i18n import _, kind, label
from ..i18n.messages import error_text, translate
from .localized import Verbatim
from .plain import plain

if TYPE_CHECKING:
    from ..bills.inspect import Inspection

_SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def render_json(found: Inspection) -> str:
    data = found.as_dict()
    data["rows"] = [{k: plain(v) for k, v in row.items()} for row in data["rows"]]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _message(found: Inspection, text: str) -> str:
    """A note or the problem in the chosen language (an error: its parts, as an error line shows it)."""
    error = found.errors.get(text)
    return error_text(error) if error is not None else translate(text)


def _parsing(found: Inspection, text: str) -> Text:
    """What parsing a field settled; a refusal it would give in the chosen language."""
    stop = "would stop: "
    if text.startswith(stop) and text[len(stop) :] in found.errors:
        return Verbatim(label("would stop: {problem}", problem=error_text(found.errors[text[len(stop) :]])))
    return Text(text)


def render_table(found: Inspection) -> Group:
    parts: list[RenderableType] = [Verbatim(f"{found.file} ({_(found.kind)})", style="bold")]
    if found.encoding or found.separator:
        shown = _(_SEPARATORS[found.separator]) if found.separator in _SEPARATORS else repr(found.separator)
        parts.append(
            Verbatim(label("encoding {encoding}, separator {separator}", encoding=found.encoding, separator=shown))
        )
    if found.sheets:
        sheets = ", ".join(
            s["name"] + (f" ({_('hidden')})" if s["hidden"] else "") + (f" {_('<- read')}" if s["read"] else "")
            for s in found.sheets
        )
        parts.append(Verbatim(label("sheets: {sheets}", sheets=sheets)))
    for note in found.notes:
        parts.append(Verbatim(label("note: {note}", note=_message(found, note)), style="yellow"))
    if found.problem is not None:
        problem = _message(found, found.problem)
        parts.append(Verbatim(label("the importer stops: {problem}", problem=problem), style="red"))
        top = Table(
            title=Verbatim(label("top rows of {name}", name=found.sheet or found.file)),
            title_justify="left",
            show_edge=False,
        )
        top.add_column("row", justify="right")
        width = max((len(r) for r in found.top), default=0)
        for column in range(width):
            top.add_column(str(column + 1), overflow="fold")
        for number, row in enumerate(found.top, start=1):
            top.add_row(str(number), *(Verbatim(cell) for cell in row), *([""] * (width - len(row))))
        parts.append(top)
        return Group(*parts)
    rows = found.header_rows
    block = label("rows {first}-{last}", first=rows[0], last=rows[-1]) if len(rows) > 1 else label("row {n}", n=rows[0])
    parts.append(Verbatim(label("header: {rows} ({how})", rows=block, how=translate(found.header_how))))
    parts.append(Verbatim(label("columns: {names}", names=" | ".join(found.columns))))
    roles = Table(title="columns taken", title_justify="left", show_edge=False)
    for name in ("field", "column", "why", "parsing"):
        roles.add_column(name, overflow="fold")
    for role in found.roles:
        roles.add_row(
            Verbatim(role.field),
            Verbatim(role.column),
            Text(role.why),
            _parsing(found, found.parsing.get(role.field, "")),
        )
    parts.append(roles)
    if found.skipped:
        skipped = Table(title="rows left out", title_justify="left", show_edge=False)
        for name in ("row", "why", "cells"):
            skipped.add_column(name, overflow="fold")
        for skip in found.skipped:
            skipped.add_row(str(skip.row), Verbatim(kind("row left out", skip.reason)), Verbatim(skip.text))
        parts.append(skipped)
    first = Table(
        title=f"first rows as parsed ({found.data_rows} bill rows in all)", title_justify="left", show_edge=False
    )
    fields = [r.field for r in found.roles]
    first.add_column("row", justify="right")
    for name in fields:
        first.add_column(Verbatim(name), overflow="fold")
    for record in found.rows:
        first.add_row(str(record["row"]), *(Verbatim("" if record[f] is None else str(record[f])) for f in fields))
    parts.append(first)
    return Group(*parts)
