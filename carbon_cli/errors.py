"""The one error hierarchy of carbon.

The library raises these; only the CLI turns them into a message and an exit code.
Each error names where the problem is (file, key path or row), what was wrong, and the fix,
so that the message alone tells a user what to do.
"""

from __future__ import annotations

from pathlib import Path


class CarbonError(Exception):
    """Base of every error carbon raises on purpose.

    :param problem: what is wrong, in a few words.
    :param where: the file, optionally followed by a key path or row (``site.yaml: bills[0].path``).
    :param fix: what the user can do about it.
    """

    exit_code = 1

    def __init__(self, problem: str, *, where: str | Path | None = None, fix: str | None = None):
        self.problem = problem
        self.where = str(where) if where is not None else None
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}: {self.problem}" if self.where else self.problem
        if self.fix:
            text = f"{text}. {self.fix}"
        # Always one line: a newline inside a cell value or a library message is shown escaped.
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class ConfigError(CarbonError, ValueError):
    """The site YAML or the command line is wrong (exit code 2)."""

    exit_code = 2


class InputDataError(CarbonError, ValueError):
    """A bill or factor file cannot be read or holds invalid data (exit code 3)."""

    exit_code = 3


class QualityError(CarbonError):
    """Data-quality findings made a ``--strict`` run fail (exit code 1)."""

    exit_code = 1


def at_row(path: str | Path, row: int | None = None, column: str | None = None) -> str:
    """Format a location inside a bill file: ``bills/gas.csv row 5, column 'quantity'``."""
    text = str(path)
    if row is not None:
        text += f" row {row}"
    if column is not None:
        text += f", column '{column}'" if row is not None else f" column '{column}'"
    return text


def quoted(value: object, limit: int = 40) -> str:
    """A value from an input file, quoted for a message; long text shortened (CarbonError
    escapes control characters, so a newline in a cell never breaks the line)."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"
