"""The two Rich consoles of the command line, made on first use (issue 15: start-up).

Rich's console module and the styles it loads cost a JSON or CSV run time it does not need: its
output goes to stdout past Rich (:func:`carbon_cli.cli.common.emit`), so :data:`out` and
:data:`err` in :mod:`carbon_cli.cli.common` make their :class:`SafeConsole` when first used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleDimensions
from rich.segment import Segment

from .common import CONTROL_CHARACTERS, REDIRECTED_WIDTH, reader_gone, visible

#: A Chinese character: a text holding one is not translated again.
_CJK = re.compile("[\u3000-\u9fff\uff00-\uffef]")


class SafeConsole(Console):
    """A Rich console that never lets a control character from the data reach the terminal.

    Text from inputs (site names, meters, file names, messages quoting cells) is escaped here,
    once, whatever renderer or message carries it; Rich's own styles and cursor controls are
    added after this and pass as they are.
    """

    @property
    def size(self) -> ConsoleDimensions:
        """The terminal's size; output to a file or pipe takes the width of its content (issue 15.5)."""
        size = super().size
        if self._width is None and not self.is_terminal and not self._environ.get("COLUMNS", "").isdigit():
            return ConsoleDimensions(REDIRECTED_WIDTH, size.height)
        return size

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self._width, self._height = new_size

    def print(self, *objects: Any, **kwargs: Any) -> None:
        """Print, with texts in the chosen language (issue 18): a message, notice or line matched
        against the catalogue; anything it has no entry for is printed as it is."""
        from .. import i18n

        if i18n.language() != "en":
            from ..i18n.messages import translate

            # a text already in Chinese was translated where it was built: not twice
            objects = tuple(translate(o) if isinstance(o, str) and not _CJK.search(o) else o for o in objects)
        super().print(*objects, **kwargs)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        safe = (
            Segment(visible(s.text), s.style) if s.control is None and CONTROL_CHARACTERS.search(s.text) else s
            for s in buffer
        )
        return super()._render_buffer(safe)

    def on_broken_pipe(self) -> None:
        """The reader went away: quiet from here on, and exit 0 (Rich's own exits 1)."""
        self.quiet = True
        reader_gone()
