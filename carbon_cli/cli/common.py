"""What every command shares: the two consoles, the output formats, the shared argument and
option, :func:`fail` (the one place a CarbonError becomes an exit code), :func:`emit` and the
progress bar.

Commands import from here, never from :mod:`carbon_cli.cli.main` (which only assembles the
app). This module stays light: no pandas, pint or openpyxl, so that ``carbon --help`` is instant.
Exit codes: 0 ok, 1 data-quality findings (under ``calc --strict``, or ``validate``), 2 usage or
config, 3 input data.
"""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from ..errors import CarbonError

if TYPE_CHECKING:
    from ..render import Output

out = Console()
err = Console(stderr=True)


class Format(StrEnum):
    """The output formats every command offers: a table for people, JSON or CSV for scripts."""

    table = "table"
    json = "json"
    csv = "csv"


#: The argument and option that ``calc`` and ``validate`` share.
Sites = Annotated[list[Path], typer.Argument(help="Site or portfolio YAML file(s).", show_default=False)]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output: table for people, json/csv for scripts.")]


def fail(error: CarbonError) -> NoReturn:
    """Print ``Error: <message>`` on stderr and exit with the error's code."""
    # The message quotes file names and cell values: escaped, so "[x]" is never read as markup.
    err.print(f"[bold red]Error:[/] {escape(str(error))}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code=error.exit_code)


def emit(output: Output) -> None:
    """Send a renderer's output to stdout: text (JSON, CSV) as it is, past Rich; a Rich table
    through the stdout console."""
    if isinstance(output, str):
        sys.stdout.write(output)
    else:
        out.print(output)


class ProgressBar:
    """A progress bar on stderr for work that takes longer than a second.

    Pass it to the library as its ``progress`` callback. It draws nothing until a second has
    passed, nothing when stderr is not a terminal (Rich leaves out animation there too), and
    nothing when ``enabled`` is false (``--quiet``, or JSON/CSV piped to another program).
    """

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled and err.is_terminal
        self.began = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    @classmethod
    def for_output(cls, format: Format, *, quiet: bool) -> ProgressBar:
        """The bar a command shows: none under ``--quiet``, nor when JSON/CSV goes to a pipe."""
        return cls(enabled=not quiet and (format is Format.table or out.is_terminal))

    def __call__(self, what: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.began < 1.0:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=err,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task(what)
        self.bar.update(self.task, description=what, completed=done, total=total or None)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
