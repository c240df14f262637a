"""The command line the flat-file factor builders share: ``extract FILE`` prints the rows a
published file gives, ``build [--check]`` writes (or compares) the shipped CSV from the committed
extracts. Used by ``desnz.py``, ``desnz_memo.py`` and ``epa_hub_memo.py``."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path


def extract_and_build(
    argv: Sequence[str] | None,
    *,
    doc: str | None,
    extract: Callable[[Path], str],
    build: Callable[[], str],
    shipped: Path,
    extract_help: str,
    build_help: str,
    source: str = "extracts",
) -> int:
    """Run ``extract FILE`` or ``build [--check]``; returns the exit code (1: ``--check`` found a difference).

    :param source: what the file is built from, as the ``--check`` message names it.
    """
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0] if doc else "")
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("extract", help=extract_help)
    one.add_argument("file", type=Path)
    two = sub.add_parser("build", help=build_help)
    two.add_argument("--check", action="store_true", help="Write nothing; exit 1 when the shipped file differs.")
    args = parser.parse_args(argv)
    if args.command == "extract":
        print(extract(args.file))
        return 0
    built = build()
    if args.check:
        same = shipped.read_text(encoding="utf-8") == built
        print(f"{shipped.name} is up to date" if same else f"{shipped.name} differs from what the {source} build")
        return 0 if same else 1
    shipped.write_text(built, encoding="utf-8", newline="\n")
    print(f"wrote {shipped}")
    return 0
