"""Output files: written atomically, never over an input, never over a file without --force.

A report is written to a temporary file beside its target and moved into place, so a failed
run leaves no half-written file and an interrupted run leaves the old one intact. Without
``force`` the move is exclusive (a hard link, which fails if the target appeared meanwhile), so
of two runs writing the same new file at once the second fails instead of silently replacing the
first. Temporaries are named ``.<name>.carbon-<host>-<pid>-<random>.tmp``: one left by a killed
run (SIGKILL cannot be caught) is removed by the next run writing the same file, once its process
is gone. The file gets the mode a plain ``open()`` would give it (0666 less the umask), not the
temporary's 0600.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
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
    path: str | Path, write: Callable[[Path], object], *, inputs: Iterable[str | Path] = (), force: bool = False
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
    remove_stale_temporaries(target)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=_temporary_prefix(target) + f"{os.getpid()}-", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise _cannot_write(target, error) from error
    os.close(handle)
    try:
        write(Path(temporary))
        # mkstemp makes the file 0600 whatever the umask (issue 15.2): give it a new file's mode.
        os.chmod(temporary, 0o666 & ~current_umask())
        if force:
            os.replace(temporary, target)
        else:
            _move_exclusively(Path(temporary), target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, FileExistsError):
            raise _already_exists(target) from None
        if isinstance(error, OSError):
            raise _cannot_write(target, error) from error
        raise
    return target


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporaries of ``target`` left by runs of this host whose process is gone.

    :returns: the files removed.
    """
    prefix = _temporary_prefix(target)
    removed = []
    with contextlib.suppress(OSError):
        for candidate in target.parent.glob(f"{glob_escape(prefix)}*.tmp"):
            pid_text = candidate.name[len(prefix) :].split("-", 1)[0]
            if pid_text.isdigit() and not _process_alive(int(pid_text)):
                with contextlib.suppress(OSError):
                    candidate.unlink()
                    removed.append(candidate)
    return removed


def glob_escape(text: str) -> str:
    """``text`` with the glob wildcards ``*``, ``?`` and ``[`` matched literally."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _temporary_prefix(target: Path) -> str:
    host = "".join(c if c.isalnum() else "_" for c in socket.gethostname())[:40] or "host"
    return f".{target.name}.carbon-{host}-"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def _move_exclusively(temporary: Path, target: Path) -> None:
    """Move ``temporary`` onto ``target`` only if ``target`` does not exist (FileExistsError if it does)."""
    try:
        os.link(temporary, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: reserve the name, then rename over the reservation.
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.replace(temporary, target)
    else:
        os.unlink(temporary)


def _already_exists(target: Path) -> ConfigError:
    return ConfigError(
        "already exists (another run wrote it meanwhile)",
        where=target,
        fix="Choose another name, or pass --force to replace it",
    )


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
