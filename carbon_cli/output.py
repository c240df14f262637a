"""Output files: written atomically, never over an input, never over a file without --force.

A report is written to a temporary file beside its target and renamed into place, so a failed
run leaves no half-written file and an interrupted run leaves the old one intact. The file gets
the mode a plain ``open()`` would give it (0666 less the umask), not the temporary's 0600.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import ConfigError


def check_target(path: str | Path, *, inputs: Iterable[str | Path] = (), force: bool = False) -> Path:
    """Refuse an output path that is an input, a directory, or an existing file without ``force``.

    :raises ConfigError: with the fix (another name, or ``--force``).
    """
    target = Path(path)
    resolved = target.resolve()
    if any(resolved == Path(source).resolve() for source in inputs):
        raise ConfigError(
            "is one of the inputs of this run",
            where=target,
            fix="Choose another output file; inputs are never overwritten",
        )
    if target.is_dir():
        raise ConfigError("is a directory", where=target, fix="Give a file name for the output")
    if target.exists() and not force:
        raise ConfigError("already exists", where=target, fix="Choose another name, or pass --force to replace it")
    if not target.parent.exists():
        raise ConfigError(f"folder '{target.parent}' does not exist", where=target, fix="Create it first")
    return target


def write_atomic(
    path: str | Path, write: Callable[[Path], None], *, inputs: Iterable[str | Path] = (), force: bool = False
) -> Path:
    """Write a file through ``write(temporary_path)``, then rename it onto ``path``.

    :param write: writes the whole file at the path it is given.
    :param inputs: files this run read; ``path`` may not be one of them.
    :param force: replace an existing ``path``.
    :returns: the path written, with the mode the umask gives a new file (0644 under umask 022).
    :raises ConfigError: see :func:`check_target`; also when the file cannot be written (a folder
        without write permission, a full disk), naming ``path``, never the temporary file.
    """
    target = check_target(path, inputs=inputs, force=force)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _cannot_write(target, error) from error
    os.close(handle)
    try:
        write(Path(temporary))
        # mkstemp makes the file 0600 whatever the umask (issue 15.2): give it a new file's mode.
        os.chmod(temporary, 0o666 & ~current_umask())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _cannot_write(target, error) from error
        raise
    return target


def current_umask() -> int:
    """The process's umask (read by setting it and putting it back: the CLI runs one thread)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _cannot_write(target: Path, error: OSError) -> ConfigError:
    return ConfigError(
        f"cannot write ({error.strerror or error})",
        where=target,
        fix="Choose a folder you can write to, with free space",
    )
