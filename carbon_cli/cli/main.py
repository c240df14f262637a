"""The front door: the Typer app and the registration of its commands, nothing else.

Each command lives in a module of its own in this package (fastapi/typer docs, "one file per
command"); a group of commands is a sub-app joined with ``add_typer``. What the commands share
(consoles, formats, :func:`~carbon_cli.cli.common.fail`) is in :mod:`carbon_cli.cli.common`.
Commands are thin: parse options, call the library, pick a renderer. They import the library
inside the command, so that ``carbon --help`` stays instant.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .. import __version__
from . import calc, factors, init, inspect, trend, validate
from .common import DEBUG_ENV, Guarded, out
from .only import OneCommandTyper

#: What each command's help ends with: real commands, on the bundled samples where they run as is.
EXAMPLES = {
    "calc": [
        "carbon calc sample_data/ai-park/site.yaml",
        "carbon calc sites/*.yaml --by site --format csv > by-site.csv",
        "carbon calc site.yaml --year 2023 --excel report.xlsx",
        "carbon calc portfolio.yaml --format json | jq .totals",
    ],
    "validate": [
        "carbon validate sample_data/uk-office/site.yaml",
        "carbon validate sites/*.yaml --format json --fail-on warning",
    ],
    "init": ["carbon init my-site", "carbon init my-site --year 2024 --force"],
    "trend": [
        "carbon trend sample_data/campus-5y/portfolio.yaml",
        "carbon trend sample_data/campus-5y/portfolio.yaml --years 2019-2025 --view market",
        "carbon trend sites/*.yaml --format json | jq .peak",
    ],
    "diff": [
        "carbon diff sample_data/campus-5y/portfolio.yaml --from 2023 --to 2024",
        "carbon diff last-year.json this-year.json --view market",
    ],
    "forecast": [
        "carbon forecast sample_data/campus-5y/portfolio.yaml",
        "carbon forecast sample_data/campus-5y/portfolio.yaml --format json | jq .scenarios",
    ],
    "inspect": [
        "carbon inspect sample_data/ai-park/bills/electricity.xlsx",
        "carbon inspect export.xlsx --sheet 2021 --format json",
        "carbon inspect bills.csv --delimiter ';' -c quantity=Verbrauch",
    ],
}


def examples(command: str) -> str:
    """The ``Examples`` block of a command's help (one line each, kept apart by Rich's markup)."""
    return "Examples:\n\n" + "\n\n".join(f"  $ {line}" for line in EXAMPLES[command])


app = OneCommandTyper(
    cls=Guarded,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,
    help="Carbon footprint calculator: utility bills in, a cited Scope 1 + 2 inventory out.",
    epilog="Exit codes: 0 success, 1 data-quality findings (calc --strict, validate), 2 usage or config "
    "error, 3 unreadable or invalid input data, 4 an internal error (a bug: rerun with --debug for the "
    "traceback), 130 interrupted, 143 terminated. Shell completion: carbon --install-completion.",
)


def _version(value: bool) -> None:
    if value:
        out.print(f"carbon {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help=f"On an internal error (exit 4), print the full traceback (also: {DEBUG_ENV}=1). "
            "Give it before the command: carbon --debug calc ...",
        ),
    ] = False,
) -> None:
    """Carbon footprint calculator: utility bills in, a cited Scope 1 + 2 inventory out."""


app.command(name="calc", epilog=examples("calc"))(calc.calc)
app.command(name="validate", epilog=examples("validate"))(validate.validate)
app.command(name="init", epilog=examples("init"))(init.init)
app.command(name="inspect", epilog=examples("inspect"))(inspect.inspect)
app.command(name="trend", epilog=examples("trend"))(trend.trend)
app.command(name="diff", epilog=examples("diff"))(trend.diff)
app.command(name="forecast", epilog=examples("forecast"))(trend.forecast)
app.add_typer(factors.app, name="factors")
