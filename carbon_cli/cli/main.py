"""The front door: the Typer app, its two consoles and the one place errors become exit codes.

Each command lives in a module of its own in this package and is registered at the bottom of
this file. Commands are thin: parse options, call the library, pick a renderer. Heavy imports
happen inside commands so that ``carbon --help`` stays instant. :func:`fail` turns a
CarbonError into ``Error: ...`` on stderr and its exit code (0 ok, 1 data-quality findings
under ``calc --strict`` or ``validate``, 2 usage/config, 3 input data).
"""

from __future__ import annotations

import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from .. import __version__
from ..errors import CarbonError

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    help="Carbon footprint calculator: utility bills in, a cited Scope 1 + 2 inventory out.",
)
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


def _version(value: bool) -> None:
    if value:
        out.print(f"carbon {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Carbon footprint calculator: utility bills in, a cited Scope 1 + 2 inventory out."""


# Registration: one module per command (fastapi/typer docs, "one file per command"); a group
# of commands is a sub-app joined with add_typer.
from . import calc as _calc  # noqa: E402
from . import factors as _factors  # noqa: E402
from . import init as _init  # noqa: E402
from . import validate as _validate  # noqa: E402

app.command(name="calc")(_calc.calc)
app.command(name="validate")(_validate.validate)
app.command(name="init")(_init.init)
app.add_typer(_factors.app, name="factors")
