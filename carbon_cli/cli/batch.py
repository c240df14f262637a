"""Batch runs of ``calc`` and ``validate``: each site file on its own (``--keep-going``,
``--output-dir``, ``--format jsonl``), the failures collected and reported at the end.

A batch run treats every file named on the command line as one unit (a site YAML, or a
portfolio YAML with all its sites): it is read and calculated alone, exactly as if it were the
only argument, so one bad file cannot stop the others. The run's exit code is the highest
exit code of the files that failed (2 config before 3 input data, 1 data quality), 0 when none
did.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..errors import CarbonError, ConfigError
from .common import ProgressBar, err, error_line

if TYPE_CHECKING:
    from ..inventory import Validation

T = TypeVar("T")

#: What a site id may not be, as a file name: a path separator, a control character, a name
#: starting with a dot (hidden, or ``..``), or characters Windows refuses in a name.
_UNSAFE = re.compile(r'[/\\\x00-\x1f\x7f<>:"|?*]|^\.|[ .]$')
#: The longest file name most file systems take is 255 bytes; the extension takes up to 5.
_MAX_NAME_BYTES = 250


@dataclass(frozen=True)
class Failure:
    """A file of a batch run that failed: the file, the one-line error and its exit code."""

    file: Path
    error: str
    exit: int

    def as_dict(self) -> dict[str, str | int]:
        return {"file": str(self.file), "error": self.error, "exit": self.exit}


def run_each(
    paths: Sequence[Path], run: Callable[[Path], T], *, as_json: bool, keep_going: bool
) -> tuple[list[tuple[Path, T]], list[Failure]]:
    """``run(path)`` for every path in order, each failure reported on stderr as it happens.

    :param keep_going: go on after a failure; else the first failure is raised again.
    :returns: the results of the files that worked, and the failures.
    """
    done: list[tuple[Path, T]] = []
    failures: list[Failure] = []
    for path in paths:
        try:
            done.append((path, run(path)))
        except CarbonError as error:
            if not keep_going:
                raise
            failure = Failure(path, str(error), error.exit_code)
            failures.append(failure)
            error_line(error, file=str(path), as_json=as_json)
    return done, failures


def exit_code(failures: Sequence[Failure]) -> int:
    """The exit code of a batch run: the highest of its failures, 0 when there are none."""
    return max((f.exit for f in failures), default=0)


def report(failures: Sequence[Failure], total: int, *, as_json: bool) -> None:
    """The per-file error table on stderr at the end of a run (JSON under ``--format json``)."""
    if not failures:
        return
    if as_json:
        summary = {
            "failed": len(failures),
            "files": total,
            "exit": exit_code(failures),
            "failures": [f.as_dict() for f in failures],
        }
        err.file.write(json.dumps(summary, ensure_ascii=False) + "\n")
        err.file.flush()
        return
    from rich.table import Table

    table = Table(title=f"{len(failures)} of {total} file(s) failed (exit {exit_code(failures)})", title_justify="left")
    table.add_column("file", overflow="fold")
    table.add_column("exit", justify="right")
    table.add_column("error", overflow="fold")
    for failure in failures:
        table.add_row(str(failure.file), str(failure.exit), failure.error)
    err.print(table)


def output_name(site_id: str, suffix: str, source: Path) -> str:
    """The file name of a site's output in ``--output-dir``: ``<site-id><suffix>``.

    Site ids are refused, never rewritten, when they are not a safe file name: an escaped name
    could meet another site's, and a reader could not tell which site a file holds.

    :raises ConfigError: naming the site YAML's ``site.id`` and the characters to avoid.
    """
    if _UNSAFE.search(site_id) or len(site_id.encode()) > _MAX_NAME_BYTES:
        raise ConfigError(
            f"site.id '{site_id}' is not a safe file name for --output-dir",
            where=source,
            fix='Use an id without / \\ : * ? " < > |, control characters, a leading dot or a trailing dot '
            f"or space, at most {_MAX_NAME_BYTES} bytes (e.g. 'ai-park')",
        )
    return site_id + suffix


def each_validation(
    sites: Sequence[Path], year: int | None, format: str, *, quiet: bool, exact_factors: bool = False
) -> tuple[Validation | None, list[Failure]]:
    """``carbon validate --keep-going``: each file checked alone, the findings of those that worked
    together (the checks work per site, so the findings are those of one run over them all).

    :returns: the validation of the files that worked (None when none did), and the failures.
    """
    import pandas as pd

    from ..inventory import Validation, validate

    def one(path: Path) -> Validation:
        with ProgressBar.for_output(format, quiet=quiet) as bar:
            return validate([path], year=year, progress=bar, exact_factors=exact_factors)

    done, failures = run_each(sites, one, as_json=format == "json", keep_going=True)
    if not done:
        return None, failures
    parts = [validation for _, validation in done]
    return Validation(
        sites=[cfg for part in parts for cfg in part.sites],
        periods={site: period for part in parts for site, period in part.periods.items()},
        findings=pd.concat([p.findings for p in parts], ignore_index=True),
        coverage=pd.concat([p.coverage for p in parts], ignore_index=True),
    ), failures
