"""A Rich renderable in the chosen language, translated where it is shown (issue 18).

The table renderers build their tables in English; :func:`localized` walks what they built (a
``Group``, its ``Table``s: title, caption, column headers, cells; ``Text``) and puts each text
through the catalogue (:func:`carbon_cli.i18n.messages.translate`: an exact entry or a
template). Texts with no entry (ids, numbers, site names, file names) are kept as they are,
with their styles; a :class:`Verbatim` text is never looked up. English returns the renderable
untouched.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..i18n import language
from ..i18n.messages import translate
from .fit import Fitted


class Verbatim(Text):
    """A text from the data (a file's header or cell, an id, a YAML key): shown as it is in every
    language, even where it reads like a label the catalogue has (a bill column named ``quantity``)."""


def _text(value: Any) -> Any:
    if isinstance(value, Verbatim):
        return value
    if isinstance(value, str):
        return translate(value)
    if isinstance(value, Text):
        lines = value.plain.split("\n")
        shown = [translate(line) for line in lines]
        if shown == lines:
            return value
        if len(value.spans) <= 1 and len(lines) == 1:
            return Text(shown[0], style=value.style, justify=value.justify, no_wrap=value.no_wrap)
        # several styled parts: each line becomes one part, in the style of its first character
        out = Text(style=value.style, justify=value.justify, no_wrap=value.no_wrap)
        offset = 0
        for index, (line, new) in enumerate(zip(lines, shown, strict=True)):
            style = value.get_style_at_offset(_NO_CONSOLE, offset) if line else ""
            out.append(new, style=style)
            if index < len(lines) - 1:
                out.append("\n")
            offset += len(line) + 1
        return out
    return value


class _Console:
    """Enough of a console for ``Text.get_style_at_offset`` (it only parses style names)."""

    def get_style(self, name: Any, default: Any = None) -> Any:
        from rich.style import Style

        return Style.parse(name) if isinstance(name, str) else name


_NO_CONSOLE: Any = _Console()


def localized(renderable: Any) -> Any:
    """``renderable`` with its texts in the chosen language (the same object, changed, or a new Text)."""
    if language() == "en":
        return renderable
    if isinstance(renderable, Group):
        parts = [localized(part) for part in renderable.renderables]
        renderable._renderables = tuple(parts)
        renderable._render = parts
        return renderable
    if isinstance(renderable, Fitted):  # its column names follow their headers
        renderable.numbers = {translate(name) for name in renderable.numbers}
        renderable.optional = [translate(name) for name in renderable.optional]
        renderable.table = localized(renderable.table)
        return renderable
    if isinstance(renderable, Table):
        renderable.title = _text(renderable.title)
        renderable.caption = _text(renderable.caption)
        for column in renderable.columns:
            column.header = _text(column.header)
            column._cells = [localized(cell) for cell in column._cells]
        return renderable
    return _text(renderable)
