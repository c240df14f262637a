"""Guards: the one home of the limits every input file is read under.

Every reader (bill files and their sheets, a portfolio's sites table, interval files, a site's
own factor file, the site and portfolio YAML) asks :func:`check_input` before it opens a file:
a regular file (a FIFO would block forever), and an apparent size (``st_size``, which a sparse
file of 0 bytes on disk reports whole) within :attr:`Limits.input_bytes`. Workbooks are then held
to the unpacked size, the packing ratio, the extent and the count of cells
(:mod:`carbon_cli.spreadsheets`); CSV to the column count; YAML to its values and characters
(:mod:`carbon_cli.safe_yaml`); a bill to its length in days (:mod:`carbon_cli.bills.canonical`).

The limits are one frozen :class:`Limits`; :func:`limits` gives the ones in force: the defaults,
the environment variable :data:`INPUT_SIZE_ENV`, then ``--max-input-size`` (set by the CLI
through :func:`use_input_size`). Stdlib only: the CLI imports this at start-up.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import CarbonError, ConfigError, InputDataError

__all__ = [
    "INPUT_SIZE_ENV",
    "Limits",
    "check_input",
    "limits",
    "parse_size",
    "shown_size",
    "use_input_size",
]

#: The environment variable that raises (or lowers) the input size limit, as ``--max-input-size``.
INPUT_SIZE_ENV = "CARBON_MAX_INPUT_SIZE"

_GIB = 1024**3


@dataclass(frozen=True)
class Limits:
    """The limits an input is read under; each is a refusal naming the file, never a truncation.

    :param input_bytes: the apparent size of any input file, and the unpacked size of a workbook
        (raised by ``--max-input-size`` / :data:`INPUT_SIZE_ENV`).
    :param packing_ratio: how much more a large workbook member may unpack to than it takes packed.
    :param sheet_cells: the cells a sheet spans from A1 to its last cell (a reader lays out that
        rectangle).
    :param cells: the cells a sheet holds.
    :param columns: the columns of a CSV table.
    :param yaml_values: the values a YAML file expands to through aliases.
    :param yaml_characters: the characters of text a YAML file expands to through aliases.
    :param yaml_bytes: the size of a site or portfolio YAML file.
    :param yaml_depth: how deep a YAML file's mappings and lists nest.
    :param bill_days: the default longest bill, in days (a bills entry's or site's
        ``longest_bill_days:`` raises it).
    """

    input_bytes: int = 1 * _GIB
    packing_ratio: int = 200
    sheet_cells: int = 50_000_000
    cells: int = 20_000_000
    columns: int = 2_000
    yaml_values: int = 100_000
    yaml_characters: int = 16 * 1024**2
    yaml_bytes: int = 64 * 1024**2
    yaml_depth: int = 100
    bill_days: int = 5 * 366


DEFAULTS = Limits()

#: ``--max-input-size`` of the command running (None: not given).
_given: int | None = None


def limits() -> Limits:
    """The limits in force: ``--max-input-size``, else :data:`INPUT_SIZE_ENV`, else the defaults.

    :raises ConfigError: the environment variable is not a size.
    """
    if _given is not None:
        return replace(DEFAULTS, input_bytes=_given)
    env = os.environ.get(INPUT_SIZE_ENV, "").strip()
    if env:
        return replace(DEFAULTS, input_bytes=parse_size(env, INPUT_SIZE_ENV))
    return DEFAULTS


def use_input_size(value: str | None) -> str | None:
    """Set (or, with None, clear) ``--max-input-size`` for the command running; the option's callback.

    :raises ConfigError: the value is not a size.
    """
    global _given
    _given = None if value is None else parse_size(value, "--max-input-size")
    return value


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?", re.IGNORECASE)
_POWERS = {"": 0, "k": 1, "m": 2, "g": 3, "t": 4}


def parse_size(text: str, key: str) -> int:
    """A size as bytes: ``2G``, ``500M``, ``1.5GiB``, ``64KB`` (powers of 1024) or a byte count.

    :raises ConfigError: naming ``key`` (the option or variable) when ``text`` is not a size.
    """
    match = _SIZE.fullmatch(text.strip())
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(f"{key} {text!r} is not a size", fix=f"Give a size such as 2G, 500M or 1048576 to {key}")
    return int(float(match.group(1)) * 1024 ** _POWERS[match.group(2).lower()])


def shown_size(size: int) -> str:
    """A byte count for a message: ``2.0 GiB``, ``512 MiB``, ``1,000 bytes``."""
    if size >= _GIB:
        return f"{size / _GIB:,.1f} GiB"
    if size >= 1024**2:
        return f"{size / 1024**2:,.0f} MiB"
    return f"{size:,} bytes"


def check_input(
    path: Path,
    name: str | Path,
    *,
    error: type[CarbonError] = InputDataError,
    largest: int | None = None,
) -> int:
    """Refuse an input that is not a regular file or whose apparent size is over the limit.

    Only ``stat`` is asked: nothing is opened, so a FIFO never blocks and a sparse file is never read.

    :param path: the file (a symbolic link is followed, as reading it would).
    :param name: how messages name the file.
    :param error: the error to raise (a YAML is a :class:`ConfigError`, data an :class:`InputDataError`).
    :param largest: the size limit (default: :attr:`Limits.input_bytes` in force).
    :returns: the file's apparent size in bytes.
    :raises ConfigError: a directory, pipe, socket or device is named where a file is expected.
    :raises CarbonError: ``error``, one line naming the file and the fix (missing, too big).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise error("file not found", where=name, fix="Check the path") from exc
    except OSError as exc:
        raise error(f"cannot be read ({exc.strerror})", where=name, fix="Check the path and its permissions") from exc
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError("is a directory, not a file", where=name, fix="Name a file inside it")
    if not stat.S_ISREG(info.st_mode):  # a FIFO, socket or device: reading it could block forever
        raise ConfigError(
            "is not a regular file (a pipe, socket or device)", where=name, fix="Save the data to a file and name that"
        )
    limit = limits().input_bytes if largest is None else largest
    if info.st_size > limit:
        raise error(
            f"is {shown_size(info.st_size)} ({info.st_size:,} bytes), over the {shown_size(limit)} an input file "
            "may be",
            where=name,
            fix=f"Check it is the right file; if it really is this big, raise the limit with --max-input-size "
            f"(or {INPUT_SIZE_ENV}), e.g. --max-input-size {_suggest(info.st_size)}",
        )
    return info.st_size


def _suggest(size: int) -> str:
    return f"{-(-size // _GIB)}G" if size >= _GIB else f"{-(-size // 1024**2)}M"
