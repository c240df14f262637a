"""The command line the flat-file factor builders share: ``extract FILE`` prints the rows a
published file gives, ``build [--check]`` writes (or compares) the shipped CSV from the committed
extracts. Used by ``desnz.py``, ``desnz_memo.py`` and ``epa_hub_memo.py``; ``write_or_check`` is the
command line of a builder with nothing to extract (``transcribed.py``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence
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


def write_or_check(argv: Sequence[str] | None, *, doc: str | None, outputs: Mapping[Path, str], script: str) -> int:
    """Write each output file that differs from its built text, or with ``--check`` write nothing and
    return 1 when one differs (naming it and ``script``)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0] if doc else "")
    parser.add_argument("--check", action="store_true", help="Write nothing; exit 1 when a shipped file differs.")
    args = parser.parse_args(argv)
    stale = [path for path, text in outputs.items() if not path.exists() or path.read_bytes() != text.encode("utf-8")]
    if args.check:
        for path in stale:
            print(f"{path.name} differs from what its inputs build (run python {script})")
        return 1 if stale else 0
    for path in stale:
        path.write_text(outputs[path], encoding="utf-8", newline="\n")
        print(f"wrote {path}")
    return 0
