"""``carbon calc`` over many site files, one at a time: ``--output-dir``, ``--keep-going`` and
``--format jsonl``.

Each file named on the command line is calculated on its own, exactly as ``carbon calc FILE``
would: its ``--output-dir`` file, and its ``jsonl`` line, are that run's JSON (or CSV, or
workbook). Under ``--keep-going`` without ``--output-dir`` or ``jsonl``, the files that worked
are then calculated together and shown as one inventory, as without the option.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError
from . import batch
from .common import CalcFormat, ProgressBar, emit, err, out

if TYPE_CHECKING:
    from ..inventory import Inventory

#: The file each --format writes in --output-dir (a person's table becomes the Excel report).
SUFFIX = {"json": ".json", "jsonl": ".json", "csv": ".csv", "table": ".xlsx"}


@dataclass(frozen=True)
class Options:
    """The options of ``carbon calc`` that every file's run shares."""

    year: int | None
    gwp: str | None
    factor_sets: tuple[str, ...]
    fill_gaps: bool
    strict: bool
    quiet: bool
    force: bool
    #: A factor fallback is an error (``--strict`` / ``--factors exact``).
    exact_factors: bool = False
    #: ``--view gbt51366``: China's building view of on-site generation (issue 14).
    view: str | None = None


def calc_each(
    sites: list[Path],
    format: CalcFormat,
    dims: list[str] | None,
    options: Options,
    output_dir: Path | None,
    files: tuple[Path | None, Path | None, int],
    *,
    keep_going: bool,
) -> int:
    """Run ``carbon calc`` on each file alone; :returns: the exit code (see :func:`batch.exit_code`).

    :param files: ``--excel``, ``--ledger`` and ``--ledger-rows``.
    :raises CarbonError: without ``keep_going``, the first failure (the files before it are written).
    """
    from .calc import print_notices, quality_error, write_files

    excel, ledger, ledger_rows = files
    as_json = format in (CalcFormat.json, CalcFormat.jsonl)
    streamed = output_dir is not None or format is CalcFormat.jsonl
    if output_dir is not None:
        _check_dir(output_dir, excel, ledger)
    elif format is CalcFormat.jsonl and (excel is not None or ledger is not None):
        raise ConfigError("--format jsonl writes no --excel or --ledger", fix="Drop them, or use --output-dir")
    names: dict[str, Path] = {}

    def one(path: Path) -> Inventory:
        inventory = _calculate([path], format, options)
        if options.strict:
            from ..quality import at_or_above

            errors = at_or_above(inventory.quality_findings(), "error")
            if len(errors):
                raise quality_error(errors, [path])
        if output_dir is not None:
            name = _name(inventory, path, format)
            if name in names:
                raise ConfigError(
                    f"writes {output_dir / name}, as {names[name]} does",
                    where=path,
                    fix="Give each site its own site.id",
                )
            names[name] = path
            written = _save(inventory, output_dir / name, format, dims, options.force, path)
            if not options.quiet:
                err.print(f"wrote {written}", markup=False, highlight=False, soft_wrap=True)
        elif format is CalcFormat.jsonl:
            _line(inventory, dims)
        if streamed:
            print_notices(inventory, inventory.quality_findings(), [path], options.quiet)
        return inventory

    done, failures = batch.run_each(sites, one, as_json=as_json, keep_going=keep_going)
    if not streamed and done:
        good = [path for path, _ in done]
        from ..inventory_merge import join

        # Each good file was calculated once above: join those runs (files that meet, as two with
        # one site id, are run together again, for the error a run over all of them gives).
        inventory = join([result for _, result in done]) or _calculate(good, format, options)
        with ProgressBar.for_output(format, quiet=options.quiet) as bar:
            written = write_files(
                inventory, excel=excel, ledger=ledger, ledger_rows=ledger_rows, force=options.force, progress=bar
            )
        from ..render import renderer

        width = out.width if out.is_terminal else 80
        emit(renderer("inventory", format)(inventory, dims, width=width, pretty=out.is_terminal))
        print_notices(inventory, inventory.quality_findings(), good, options.quiet)
        if not options.quiet:
            for path in written:
                err.print(f"wrote {path}", markup=False, highlight=False, soft_wrap=True)
    batch.report(failures, len(sites), as_json=as_json)
    return batch.exit_code(failures)


def _calculate(paths: list[Path], format: str, options: Options) -> Inventory:
    from ..inventory import calculate

    with ProgressBar.for_output(format, quiet=options.quiet) as bar:
        return calculate(
            paths,
            year=options.year,
            gwp=options.gwp,
            factor_sets=options.factor_sets,
            fill_gaps=options.fill_gaps,
            progress=bar,
            exact_factors=options.exact_factors,
            view=options.view,
        )


def _check_dir(output_dir: Path, excel: Path | None, ledger: Path | None) -> None:
    if excel is not None or ledger is not None:
        raise ConfigError(
            "--output-dir writes each site's file itself; --excel and --ledger name one file",
            fix="Drop --excel/--ledger (under --format table --output-dir writes <site-id>.xlsx)",
        )
    if not output_dir.is_dir():
        raise ConfigError("is not a folder", where=output_dir, fix="Create it first (mkdir), or name another")


def _name(inventory: Inventory, path: Path, format: str) -> str:
    """``<site-id>.<ext>``; a portfolio file (several sites) is named for the file: ``<stem>.<ext>``."""
    sites = inventory.sites
    site_id = sites[0].site.id if len(sites) == 1 else path.stem
    return batch.output_name(site_id, SUFFIX[format], path)


def _save(inventory: Inventory, target: Path, format: str, dims: list[str] | None, force: bool, source: Path) -> Path:
    """One site's file, atomically: the JSON or CSV ``carbon calc FILE`` prints, or its workbook."""
    if format == "table":
        from ..render import excel as workbook

        return workbook.save(inventory, target, force=force)[0]
    from ..output import write_atomic
    from ..render import renderer

    text = renderer("inventory", "json" if format == "jsonl" else format)(inventory, dims, width=80, pretty=False)
    assert isinstance(text, str)
    return write_atomic(
        target, lambda temporary: temporary.write_text(text, encoding="utf-8"), inputs=[source], force=force
    )


def _line(inventory: Inventory, dims: list[str] | None) -> None:
    """The inventory's JSON as one line on stdout, flushed at once (a reader sees each site as it is done)."""
    from ..render import renderer

    text = renderer("inventory", "json")(inventory, dims, width=80, pretty=False)
    assert isinstance(text, str)
    sys.stdout.write(text.replace("\n", " ").strip() + "\n")
    sys.stdout.flush()
