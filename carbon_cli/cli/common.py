"""What every command shares: the two consoles, the output formats, the shared argument and
option, :func:`fail` (the one place a CarbonError becomes an exit code), :class:`Guarded` (the
one place any other exception becomes exit 4), :func:`emit` and the progress bar.

Commands import from here, never from :mod:`carbon_cli.cli.main` (which only assembles the
app). This module stays light: no pandas, pint or openpyxl, so that ``carbon --help`` is instant.
Exit codes: 0 ok, 1 data-quality findings (under ``calc --strict``, or ``validate``), 2 usage or
config, 3 input data, 4 an internal error (a bug), 130 interrupted (Ctrl-C); 0 when the reader of
stdout went away (``| head -1``).
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import json
import os
import re
import signal
import sys
import threading
import time
import traceback
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, cast

import typer
from typer.core import TyperGroup

from ..errors import CarbonError, ConfigError

if TYPE_CHECKING:
    from ..render import Output
    from .console import SafeConsole

#: Control characters (C0 but tab and newline, DEL, C1): from a file they could clear the
#: screen or forge output, so they reach a terminal only as visible escapes (``\x1b``).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character written as a visible escape (ESC -> ``\\x1b``)."""
    return CONTROL_CHARACTERS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


#: The width Rich lays out output that is not a terminal: wide enough that no table is squeezed
#: (each table takes the width of its content), where Rich would assume 80.
REDIRECTED_WIDTH = 400


def _may_be_terminal(stream: Any) -> bool:
    """Whether Rich could take ``stream`` for a terminal (its ``Console.is_terminal``: a tty, or
    ``FORCE_COLOR`` or ``TTY_COMPATIBLE=1`` in the environment)."""
    if os.environ.get("TTY_COMPATIBLE") == "1" or os.environ.get("FORCE_COLOR") is not None:
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _Console:
    """Stands for a :class:`~carbon_cli.cli.console.SafeConsole` and makes it on first use."""

    def __init__(self, *, stderr: bool) -> None:
        object.__setattr__(self, "_stderr", stderr)
        object.__setattr__(self, "_made", None)

    def _console(self) -> SafeConsole:
        if self._made is None:
            from .console import SafeConsole

            object.__setattr__(self, "_made", SafeConsole(stderr=self._stderr))
        return self._made  # type: ignore[no-any-return]

    @property
    def is_terminal(self) -> bool:
        """Whether the output goes to a terminal, as Rich decides it; answered without making the
        console where Rich could only say no (not a tty, no ``FORCE_COLOR``, no ``TTY_COMPATIBLE=1``)."""
        if self._made is None and not _may_be_terminal(sys.stderr if self._stderr else sys.stdout):
            return False
        return self._console().is_terminal

    def __getattr__(self, name: str) -> Any:
        return getattr(self._console(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._console(), name, value)


#: The stdout console (Rich tables) and the stderr one (notices, errors), made on first use.
out = cast("SafeConsole", _Console(stderr=False))
err = cast("SafeConsole", _Console(stderr=True))


#: Errors go to stderr as one JSON object a line (``--format json`` or ``jsonl``), for scripts.
_errors_as_json = False


def errors_as_json(value: Any) -> Any:
    """The ``--format`` callback: under ``json`` and ``jsonl`` every error is a JSON line on stderr."""
    global _errors_as_json
    _errors_as_json = str(value) in ("json", "jsonl")
    return value


class Format(StrEnum):
    """The output formats every command offers: a table for people, JSON or CSV for scripts."""

    table = "table"
    json = "json"
    csv = "csv"


class CalcFormat(StrEnum):
    """``carbon calc``'s formats: those of :class:`Format`, and JSON Lines (one site file a line)."""

    table = "table"
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


#: The help panels options are grouped in (the same names on every command).
INPUT_PANEL = "Input and period"
FACTORS_PANEL = "Factors"
OUTPUT_PANEL = "Output"
QUALITY_PANEL = "Quality"

#: The argument and option that ``calc`` and ``validate`` share.
Sites = Annotated[list[Path], typer.Argument(help="Site or portfolio YAML file(s).", show_default=False)]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="Output: table for people, json/csv for scripts (json: errors too, as JSON lines on stderr).",
        callback=errors_as_json,
        is_eager=True,
        rich_help_panel=OUTPUT_PANEL,
    ),
]
KeepGoingOption = Annotated[
    bool,
    typer.Option(
        "--keep-going",
        "-k",
        help="Read each file on its own and go on past a failing one; report every failure, output the "
        "files that worked, exit with the highest failure's code.",
        rich_help_panel=INPUT_PANEL,
    ),
]


def input_size(value: str | None) -> str | None:
    """The ``--max-input-size`` callback: the limit every input file is held to for this command."""
    from ..guards import use_input_size

    return use_input_size(value)


MaxInputSizeOption = Annotated[
    str | None,
    typer.Option(
        "--max-input-size",
        help="Largest input file (and unpacked workbook), e.g. 4G or 500M; default 1G (or CARBON_MAX_INPUT_SIZE).",
        callback=input_size,
        rich_help_panel=INPUT_PANEL,
        show_default=False,
    ),
]


def check_year(value: int | None) -> int | None:
    """The ``--year`` callback of every command: a calendar year the dates can hold (1 to 9999).

    :raises ConfigError: naming the option, so the user sees one ``Error:`` line and exit 2.
    """
    if value is not None and not dt.MINYEAR <= value <= dt.MAXYEAR:
        raise ConfigError(
            f"--year {value} is out of range", fix=f"Give a calendar year from {dt.MINYEAR} to {dt.MAXYEAR}, e.g. 2021"
        )
    return value


#: Python's own collection thresholds, put back once a run's libraries are loaded.
GC_THRESHOLDS = (700, 10, 10)


def imports_done() -> None:
    """The run's libraries are loaded: keep their objects out of every later garbage collection
    (they live as long as the process; walking them again freed nothing and cost start-up time),
    and collect the calculation's own objects at Python's usual pace (see ``cli/__init__.py``)."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def error_line(error: CarbonError, *, file: str | None = None, as_json: bool | None = None) -> None:
    """One line on stderr: ``Error: <message>``, or ``{"error": ..., "file": ..., "exit": ...}`` as JSON.

    :param file: the input file the error is about (default: the file part of the error's ``where``).
    """
    if as_json if as_json is not None else _errors_as_json:
        # the file part of ``where`` (``bills/gas.csv row 5, column 'kWh': ...`` -> ``bills/gas.csv``)
        where = re.split(r": | row \d|,? column '", error.where, maxsplit=1)[0] if error.where else None
        line = {"error": str(error), "file": file if file is not None else where, "exit": error.exit_code}
        sys.stderr.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stderr.flush()
        return
    # The message quotes file names and cell values: escaped, so "[x]" is never read as markup.
    from rich.markup import escape

    from ..i18n import _
    from ..i18n.messages import error_text

    prefix = f"{escape(file)}: " if file is not None and not str(error).startswith(file) else ""
    text = error_text(error)
    err.print(f"[bold red]{_('Error:')}[/] {prefix}{escape(text)}", markup=True, highlight=False, soft_wrap=True)


def fail(error: CarbonError) -> NoReturn:
    """Print ``Error: <message>`` on stderr (JSON under ``--format json``) and exit with the error's code."""
    error_line(error)
    raise typer.Exit(code=error.exit_code)


def _show_flags_as_flags() -> None:
    """Help lists ``--force``, not ``--force <bool>``: a flag takes no value, so it shows no type.

    Typer 0.29 prints a type for every option; its Rich help asks each option for the type to
    show (``display_type_rich``), and this answers "none" for flags.
    """
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        return None if getattr(self, "is_flag", False) and self.metavar is None else shown(self, ctx)

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_show_flags_as_flags()


def _name_arguments_in_capitals() -> None:
    """The usage line names an argument ``SITES...`` (``[NAME]`` when optional), as Click always did.

    Typer 0.29 writes a required argument ``{sites}...``, which reads like a placeholder left unfilled.
    """
    from typer.core import TyperArgument

    def usage_name(self: TyperArgument) -> str:
        name = self.metavar if self.metavar is not None else (self.name or "").upper()
        if not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    TyperArgument._usage_display_name = usage_name  # type: ignore[method-assign]


_name_arguments_in_capitals()


#: Exit code of an internal error: an exception that is not a :class:`CarbonError` is a bug.
INTERNAL_ERROR = 4
#: Exit code of a run stopped with Ctrl-C (128 + SIGINT, as shells report it).
INTERRUPTED = 130
#: Exit code of a run stopped by SIGTERM (128 + SIGTERM).
TERMINATED = 143


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so every half-written temporary is removed on the way."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated


#: The environment variable that turns on ``--debug`` (any value but empty, 0, false, no, off).
DEBUG_ENV = "CARBON_DEBUG"


def debug_from_env() -> bool:
    """``CARBON_DEBUG`` is set to something other than empty, ``0``, ``false``, ``no`` or ``off``."""
    return os.environ.get(DEBUG_ENV, "").strip().lower() not in ("", "0", "false", "no", "off")


def internal_error(error: BaseException, *, debug: bool) -> NoReturn:
    """Report a bug: the traceback only under ``debug``, then one ``Error: internal error`` line; exit 4."""
    if debug:
        sys.stderr.write("".join(traceback.format_exception(error)))
        sys.stderr.flush()
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)  # one line, whatever the message
    if len(text) > 300:
        text = text[:299] + "…"
    hint = "" if debug else " (rerun with --debug for the traceback)"
    if _errors_as_json:
        message = f"internal error: {text}. This is a bug in carbon; please report it with the command you ran{hint}"
        sys.stderr.write(json.dumps({"error": message, "file": None, "exit": INTERNAL_ERROR}) + "\n")
        raise typer.Exit(code=INTERNAL_ERROR)
    from rich.markup import escape

    err.print(
        f"[bold red]Error:[/] internal error: {escape(text)}. This is a bug in carbon; please report it "
        f"with the command you ran{hint}",
        markup=True,
        highlight=False,
        soft_wrap=True,
    )
    raise typer.Exit(code=INTERNAL_ERROR)


class Guarded(TyperGroup):
    """The app's command group: every command runs inside :meth:`invoke`, the one place where
    what a command did not handle becomes an exit code.

    A :class:`CarbonError` goes through :func:`fail`; Ctrl-C is one line and exit 130; any other
    exception is a bug (:func:`internal_error`, exit 4; never 1, which means data-quality
    findings). Typer's own exits, aborts and usage errors (exit 2) pass through untouched.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from . import lang

        lang.add_option(self)  # --lang on the app and, below, on every command (issue 18)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        from . import lang

        command = super().get_command(ctx, cmd_name)
        lang.add_option(command)
        return command

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        from . import lang

        lang.translate_help(self, sys.argv[1:] if args is None else list(args))
        return super().main(args, *rest, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        errors_as_json(None)  # each run starts with text errors; --format json turns them to JSON
        # SIGTERM (a scheduler's timeout, `kill`) unwinds like Ctrl-C: no temporary is left behind.
        handles_sigterm = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _on_sigterm) if handles_sigterm else None
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a reader that went away shows here, not in Python's flush at exit
            return result
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Terminated:
            err.print("Terminated.", markup=False, highlight=False)
            raise typer.Exit(code=TERMINATED) from None
        except CarbonError as error:
            fail(error)
        except KeyboardInterrupt:
            err.print("Interrupted.", markup=False, highlight=False)
            raise typer.Exit(code=INTERRUPTED) from None
        except OSError as error:
            if error.errno == errno.EPIPE:
                reader_gone()
            internal_error(error, debug=bool(ctx.params.get("debug")) or debug_from_env())
        except Exception as error:
            internal_error(error, debug=bool(ctx.params.get("debug")) or debug_from_env())
        finally:
            if handles_sigterm:
                signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def reader_gone() -> NoReturn:
    """The reader of stdout went away (``carbon calc ... | head -1``): exit 0 quietly, as ``rg`` and
    ``gh`` do, never Click's exit 1 (which here means data-quality findings).

    stdout is pointed at the null device first, so that what is still buffered has somewhere to go
    when Python flushes it at exit (else: "Exception ignored ... BrokenPipeError" and exit 120).
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no real stdout (a test runner's capture): nothing to flush
        pass
    raise typer.Exit(code=0)


def emit(output: Output) -> None:
    """Send a renderer's output to stdout: text (JSON, CSV) as it is, past Rich; a Rich table
    through the stdout console."""
    if isinstance(output, str):
        # JSON escapes control characters itself; CSV is data for a pipe, escaped only for a person
        sys.stdout.write(visible(output) if sys.stdout.isatty() else output)
    else:
        from ..render.localized import localized

        out.print(localized(output))  # in the chosen language (issue 18)


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
    def for_output(cls, format: str, *, quiet: bool) -> ProgressBar:
        """The bar a command shows: none under ``--quiet``, nor when JSON/CSV goes to a pipe."""
        return cls(enabled=not quiet and (format == "table" or out.is_terminal))

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
