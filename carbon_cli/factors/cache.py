"""The prepared default factor table, kept between runs in the user's cache folder (issue 15).

Reading and typing the shipped factor CSVs (5,800 rows, most of them the world's electricity)
took about 0.2 s of every ``carbon calc``; loading the table prepared by an earlier run takes
3 ms. pint keeps its parsed unit definitions the same way (:func:`carbon_cli.units.registry`).

The cache can never be stale: its file is named by a SHA-256 of everything the table is built
from (the bytes of every factor file read, of ``factor_sets.csv`` and ``gwp.csv``, the source of
the modules that read and type them, and the carbon, pandas and pyarrow versions), so an edited
factor file or a new release builds the table again. A cache folder that cannot be read or
written is no error: the table is built as without a cache. ``CARBON_CACHE_DIR`` names another
folder; ``CARBON_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from . import files as factor_files

T = TypeVar("T")

#: Modules whose code shapes the prepared table: a change to any of them is a new cache key.
_CODE = ("database.py", "files.py", "weighted.py", "cache.py", "regions.py", "catalog.py")


def folder() -> Path | None:
    """Where the cache lives (None: no cache)."""
    if os.environ.get("CARBON_NO_CACHE", "") not in ("", "0"):
        return None
    named = os.environ.get("CARBON_CACHE_DIR")
    if named:
        return Path(named)
    from platformdirs import user_cache_path

    return user_cache_path("carbon", appauthor=False)


def key(files: Sequence[str]) -> str:
    """A SHA-256 of the files the table is read from, the code that reads them and the versions."""
    digest = _code_and_versions().copy()
    root = factor_files.factors_root()  # looked up at call time: the folder read_table reads
    for name in files:
        for part in (name.encode(), b"\0", (root / name).read_bytes(), b"\0"):  # no copy of a big file
            digest.update(part)
    return digest.hexdigest()


@functools.cache
def _code_and_versions() -> Any:
    """The part of every key that is the same for all tables of a process: carbon's version (as
    ``carbon --version`` prints it; asking the installed package's metadata cost 5 ms a table),
    pandas' and pyarrow's, and the source of the modules in :data:`_CODE`."""
    import pyarrow

    from .. import __version__

    digest = hashlib.sha256()
    for part in (__version__, pd.__version__, pyarrow.__version__):
        digest.update(part.encode() + b"\0")
    here = Path(__file__).parent
    for name in _CODE:
        digest.update((here / name).read_bytes() + b"\0")
    return digest


def cached_table(name: str, files: Sequence[str], build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """The table ``build()`` returns, from the cache when one was saved for these ``files``.

    :param name: the table's name, the start of its cache file's name (older files of that name
        are removed when a new one is saved).
    :param files: every file under the factor folder that ``build`` reads.
    """
    return cached(name, files, build, pd.DataFrame)


def cached(name: str, files: Sequence[str], build: Callable[[], T], kind: type[T]) -> T:
    """:func:`cached_table` for any value of type ``kind`` (the rows of ``regions.csv`` as a dict:
    a few ms to parse, under 1 ms to load; issue 15). The code that builds it is in :data:`_CODE`."""
    where = folder()
    if where is None:
        return build()
    try:
        path = where / f"{name}-{key(files)[:32]}.pickle"
    except OSError:  # a factor file that cannot be read: build() says which
        return build()
    with contextlib.suppress(OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        with path.open("rb") as handle:
            table = pickle.load(handle)  # our own file, named by the hash of what it holds
        if isinstance(table, kind):
            return table
    table = build()
    _save(table, path, name)
    return table


def _save(table: object, path: Path, name: str) -> None:
    """Write the cache file atomically (another run may be reading it) and drop older ones."""
    with contextlib.suppress(OSError, pickle.PicklingError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(table, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        for old in path.parent.glob(f"{name}-*.pickle"):
            if old != path:
                with contextlib.suppress(OSError):
                    old.unlink()
