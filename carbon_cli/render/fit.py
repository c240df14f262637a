"""Tables that never cut a number: a narrow terminal wraps text columns first, then stacks.

Rich squeezes every column of a table that does not fit, numbers included (``2.8…``,
``3,758.3`` over ``kWh``). :func:`fitted` wraps a table so that, at the width it is drawn in,
its number columns keep their full width on one line and only text columns wrap; where even
that does not fit, each row is printed as a block of ``column: value`` lines instead (issue 15.5).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Column, Table
from rich.text import Text

#: A table longer than this is printed as aligned lines, not drawn by Rich cell by cell.
PLAIN_ROWS = 300
#: A text column is squeezed down to its longest word, but not past this (a long id folds).
LONGEST_WORD = 16


def fitted(table: Table, numbers: Collection[str] = (), optional: Sequence[str] = ()) -> Fitted:
    """``table``, drawn so that its number columns are never cut or wrapped.

    :param numbers: headers of left-aligned columns that hold numbers too (right-aligned columns
        are numbers already).
    :param optional: headers of text columns to leave out, in this order, where the table would
        otherwise have to be stacked.
    """
    return Fitted(table, numbers, optional)


class Fitted:
    """A Rich renderable: the table when its numbers fit on one line each, else the stacked rows."""

    def __init__(self, table: Table, numbers: Collection[str] = (), optional: Sequence[str] = ()) -> None:
        self.table = table
        self.numbers = set(numbers)
        self.optional = list(optional)

    @property
    def numeric(self) -> list[bool]:
        return [column.justify == "right" or str(column.header) in self.numbers for column in self.table.columns]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = self.table.columns
        widths = [_natural_width(console, column) for column in columns]
        budget = options.max_width - self._overhead()
        for column, number in zip(columns, self.numeric, strict=True):
            if number:
                column.no_wrap = True
        if self.table.row_count > PLAIN_ROWS:  # Rich lays out a table cell by cell: 10 s for 5,000 rows
            if sum(widths) + 2 * (len(widths) - 1) <= options.max_width:
                yield self._plain(console, widths)
            elif self._drop_optional_column():
                yield from self.__rich_console__(console, options)
            else:
                yield from self._stacked(console)
            return
        if sum(widths) <= budget:
            yield self.table
            return
        # The least each text column can take: its longest word, so that words wrap whole.
        least = [
            widths[i] if number else min(widths[i], LONGEST_WORD, _longest_word(console, column))
            for i, (column, number) in enumerate(zip(columns, self.numeric, strict=True))
        ]
        if sum(least) > budget:
            if self._drop_optional_column():
                yield from self.__rich_console__(console, options)
            else:
                yield from self._stacked(console)
            return
        while sum(widths) > budget:  # squeeze the widest text column that still can give
            room = [(w - m, w, i) for i, (w, m) in enumerate(zip(widths, least, strict=True)) if w > m]
            widest = max(room, key=lambda item: (item[1], item[0]))[2]
            widths[widest] -= 1
        for column, width, number in zip(columns, widths, self.numeric, strict=True):
            column.width, column.overflow = width, "fold"
            if not number:
                column.no_wrap = False  # squeezed text wraps; it is never cropped
        yield self.table

    def _plain(self, console: Console, widths: list[int]) -> Text:
        """The table as aligned lines (a header, a rule, a line per row), numbers to the right:
        what a long listing needs, at a fraction of a Rich table's cost."""
        columns = self.table.columns
        cells = [[_plain(console, cell) for cell in column.cells] for column in columns]
        headers = [_plain(console, column.header) for column in columns]

        def line(values: list[str]) -> str:
            padded = [
                _pad(value, width, right=number)
                for value, width, number in zip(values, widths, self.numeric, strict=True)
            ]
            return "  ".join(padded).rstrip()

        lines = [line(headers), "  ".join("─" * width for width in widths)]
        lines += [line([column[row] for column in cells]) for row in range(self.table.row_count)]
        out = Text()
        if self.table.title:
            out.append_text(_text(console, self.table.title, style="bold"))
            out.append("\n")
        out.append("\n".join(lines), style=None)
        out.no_wrap, out.overflow = True, "ignore"
        return out

    def _drop_optional_column(self) -> bool:
        """Leave out the next optional column still in the table; False when none is left."""
        columns = self.table.columns
        for header in self.optional:
            found = [column for column in columns if str(column.header) == header]
            if found:
                columns.remove(found[0])
                for index, column in enumerate(columns):
                    column._index = index  # Rich pads the first and last column by their index
                return True
        return False

    def _overhead(self) -> int:
        """Columns of the terminal a table takes besides its cells: padding, separators, edges."""
        count = len(self.table.columns)
        left, right = self.table.padding[3], self.table.padding[1]
        separators = count - 1 if self.table.box is not None else 0
        edges = 2 if self.table.show_edge and self.table.box is not None else 0
        return (left + right) * count + separators + edges

    def _stacked(self, console: Console) -> Iterator[RenderableType]:
        columns = self.table.columns
        if self.table.title:
            yield _text(console, self.table.title, style="bold")
        headers = [_plain(console, column.header) for column in columns]
        keys = [i for i, number in enumerate(self.numeric) if not number] or [0]
        shown = [i for i in range(len(columns)) if i not in keys]
        label = max((cell_len(headers[i]) for i in shown), default=0)
        cells = [list(column.cells) for column in columns]
        if self.table.row_count > PLAIN_ROWS:  # one text for a long listing: Rich is slow per line
            lines = []
            for row in range(self.table.row_count):
                lines.append(" · ".join(v for v in (_plain(console, cells[i][row]) for i in keys) if v.strip()))
                lines += [
                    f"  {_pad(headers[i], label)}  {value}"
                    for i in shown
                    if (value := _plain(console, cells[i][row])).strip()
                ]
            yield Text("\n".join(lines))
            if self.table.caption:
                yield _text(console, self.table.caption, style="dim")
            return
        for row in range(self.table.row_count):
            heading = [_text(console, cells[i][row]) for i in keys]
            yield Text(" · ").join(part for part in heading if part.plain.strip())
            for i in shown:
                cell = _text(console, cells[i][row])
                if cell.plain.strip():
                    yield Text.assemble("  ", (_pad(headers[i], label), "dim"), "  ", cell)
        if self.table.caption:
            yield _text(console, self.table.caption, style="dim")


def _natural_width(console: Console, column: Column) -> int:
    """The width of the column's widest cell or header, on one line each."""
    return max((_widest_line(_plain(console, cell)) for cell in [column.header, *column.cells]), default=0)


def _longest_word(console: Console, column: Column) -> int:
    cells = [column.header, *column.cells]
    return max((cell_len(word) for cell in cells for word in _plain(console, cell).split()), default=1)


def _widest_line(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


def _text(console: Console, cell: RenderableType, style: str = "") -> Text:
    """A cell as Text: a ``str`` cell is Rich markup, as the table would read it."""
    if isinstance(cell, Text):
        return cell
    text = console.render_str(cell) if isinstance(cell, str) else Text(str(cell))
    if style:
        text.stylize(style)
    return text


def _pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal cells (a Chinese character takes two: str.ljust counts one)."""
    space = " " * max(width - cell_len(text), 0)
    return space + text if right else text + space


def _plain(console: Console, cell: RenderableType) -> str:
    if isinstance(cell, str) and "[" not in cell:
        return cell  # no markup to read: the text as it is (the fast path of long listings)
    return _text(console, cell).plain
