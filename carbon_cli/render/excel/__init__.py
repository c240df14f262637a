"""Excel renderer: the workbook a manager opens and an auditor traces to every bill.

Sheets, in order: **Summary** (sites, period, totals by scope view, intensities, year-over-year
change, factor sets, GWP, every notice and finding in words, and native charts), **By month**,
**By site**, **By activity** (tables with a frozen header, autofilter and number formats),
**Ledger** (the audit trail: every number on the other sheets is a sum of its ``t_co2e``),
**Factors used** (each with its full citation) and **Data quality** (findings and notices).

It formats and never computes: every number comes from :mod:`carbon_cli.summary` or the
:class:`~carbon_cli.inventory.Inventory` over the ledger. openpyxl is used in write-only mode and
the ledger rows go to it as plain values, without per-cell styles, so that a 100,000-row ledger
costs about what openpyxl itself needs for those cells (``benchmarks/bench_excel.py``).

Text from inputs is always stored as text: openpyxl would store a string starting with ``=`` as
a formula and ``#N/A`` as an error value, so such strings get cells typed as strings.

This package holds :func:`save` (checks, then an atomic write) and :func:`write` (the sheets in
order); each sheet is written by a module of its own: :mod:`.summary_sheet` with :mod:`.charts`,
:mod:`.tables` (By month, By site, By activity, Factors used, Data quality) and
:mod:`.ledger_sheet`, on the styles and text-safe cells of :mod:`.cells`. It imports openpyxl and
pandas at the top: import it only where a workbook is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook

from ... import summary
from ...errors import ConfigError
from ...i18n import language
from ...i18n.messages import translate
from ...output import check_target, write_atomic
from ...trends.report import trend_report
from .. import ledger_out
from .cells import CHANGE, INTEGER, INTENSITY, QUANTITY, T_CO2E, set_print, use_cjk_font
from .charts import CHART_SITES
from .ledger_sheet import write_ledger
from .summary_sheet import report_title, write_summary
from .tables import (
    site_rows,
    write_by_activity,
    write_by_group,
    write_by_month,
    write_by_site,
    write_data_quality,
    write_factors,
)
from .trend_sheets import trend_sheets, write_change, write_targets, write_trend

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...inventory import Inventory

    #: ``progress(what, done, total)``, as the CLI's progress bar takes it.
    Progress = Callable[[str, int, int], None]

__all__ = [
    "CHANGE",
    "CHART_SITES",
    "DEFAULT_LEDGER_ROWS",
    "INTEGER",
    "INTENSITY",
    "MAX_LEDGER_ROWS",
    "QUANTITY",
    "SHEETS",
    "T_CO2E",
    "save",
    "write",
]

SHEETS = ("Summary", "By month", "By site", "By activity", "Ledger", "Factors used", "Data quality")
#: Rows of the Ledger sheet by default; the full ledger then goes to a CSV beside the workbook.
DEFAULT_LEDGER_ROWS = 100_000
#: Excel's row limit less the caption and header rows.
MAX_LEDGER_ROWS = 1_048_576 - 2


def save(
    inventory: Inventory,
    path: str | Path,
    *,
    ledger: str | Path | None = None,
    ledger_rows: int = DEFAULT_LEDGER_ROWS,
    force: bool = False,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the workbook atomically, and the full ledger when asked (``ledger``).

    When the ledger has more rows than ``ledger_rows``, the Ledger sheet holds the first
    ``ledger_rows`` and says so; the rest is written only to a ``ledger`` file asked for (no file
    nobody asked for: a million-row ledger is hundreds of MB). Both files are checked before
    either is written; if writing either fails, neither is left.

    :param path: the ``.xlsx`` file to write.
    :param ledger: also write the full ledger here (``.csv`` or ``.parquet``).
    :param ledger_rows: the most rows the Ledger sheet holds (0 to :data:`MAX_LEDGER_ROWS`).
    :param force: replace existing output files (inputs are never replaced).
    :param progress: called as ``progress(what, done, total)`` while the sheets are written.
    :returns: the files written, the workbook first.
    :raises ConfigError: an output is an input, exists without ``force``, has the wrong type, or
        cannot be written.

    >>> save(calculate(["site.yaml"]), "report.xlsx")  # doctest: +SKIP
    [PosixPath('report.xlsx')]
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ConfigError(
            f"unsupported workbook type '{target.suffix or target.name}'", where=target, fix="Name the report .xlsx"
        )
    if not 0 <= ledger_rows <= MAX_LEDGER_ROWS:
        raise ConfigError(
            f"--ledger-rows {ledger_rows} is out of range", fix=f"Give 0 to {MAX_LEDGER_ROWS:,} (Excel's row limit)"
        )
    inputs = inventory.inputs()
    full = Path(ledger) if ledger is not None else None
    check_target(target, inputs=inputs, force=force)
    if full is not None:
        ledger_out.check_format(full)
        check_target(full, inputs=inputs, force=force)
        if full.resolve() == target.resolve():
            raise ConfigError(
                "is both the workbook and the ledger file", where=target, fix="Give --ledger another name"
            )
    shown = None if full is None else (full.name if full.resolve().parent == target.resolve().parent else str(full))

    def workbook(temporary: Path) -> None:
        write(inventory, temporary, ledger_rows=ledger_rows, full_ledger=shown, progress=progress)

    # write_atomic names the file that cannot be written (the workbook or the ledger), never its temporary.
    if full is None:
        write_atomic(target, workbook, inputs=inputs, force=force)
        return [target]
    suffix = full.suffix

    def both(temporary: Path) -> None:
        # The ledger is written first but renamed last: a failed workbook removes it too.
        ledger_out.write(inventory, temporary, suffix=suffix)
        write_atomic(target, workbook, inputs=inputs, force=force)

    write_atomic(full, both, inputs=inputs, force=force)
    return [target, full]


def write(
    inventory: Inventory,
    path: str | Path,
    *,
    ledger_rows: int = DEFAULT_LEDGER_ROWS,
    full_ledger: str | None = None,
    progress: Progress | None = None,
) -> None:
    """Write the workbook to ``path`` as it is (no checks, not atomic: see :func:`save`).

    :param ledger_rows: the most rows the Ledger sheet holds.
    :param full_ledger: where the full ledger is written, named in the Ledger sheet's caption.
    :param progress: called as ``progress(what, done, total)``, in rows: the Ledger's, and one per other sheet.
    """
    what = "Writing the report"
    shown = min(len(inventory.ledger), ledger_rows)
    total = shown + len(SHEETS)

    def step(done: int) -> None:
        if progress is not None:
            progress(what, done, total)

    book = Workbook(write_only=True)
    grouped = any(cfg.site.group for cfg in inventory.sites)
    names = [*SHEETS[:3], "By group", *SHEETS[3:]] if grouped else list(SHEETS)
    years = trend_report(inventory) if inventory.period.end.year > inventory.period.start.year else None
    extra = trend_sheets(years) if years is not None else []
    names = [*names[: names.index("Ledger")], *extra, *names[names.index("Ledger") :]]
    # sheets keep their English keys here; their names are in the report's language (issue 18)
    sheets = {name: book.create_sheet(translate(name)) for name in names}
    if language() == "zh":
        use_cjk_font(book)
    title = report_title(inventory)
    generated = dt.date.today().isoformat()
    for name, sheet in sheets.items():
        set_print(sheet, title, generated, title_rows=None if name == "Summary" else "1:2")
    book.properties.title = translate(title)
    book.properties.subject = translate(f"GHG inventory {inventory.period.start} to {inventory.period.end}")
    book.properties.creator = "carbon"
    months = summary.scope_table(inventory.facts, ["month"])
    sites = site_rows(inventory)
    activities = summary.activity_table(inventory.facts)
    step(0)
    write_summary(inventory, sheets["Summary"], sheets, months=len(months), sites=len(sites), activities=activities)
    write_by_month(sheets["By month"], months)
    write_by_site(sheets["By site"], sites)
    if grouped:
        write_by_group(sheets["By group"], inventory)
    from ...billed import billed_by_activity

    write_by_activity(sheets["By activity"], activities, billed_by_activity(inventory))
    if years is not None:
        for name, writer in (("Trend", write_trend), ("Targets", write_targets), ("Change", write_change)):
            if name in sheets:
                writer(sheets[name], years)
    step(4)
    write_ledger(sheets["Ledger"], inventory, ledger_rows, full_ledger, progress=lambda rows: step(4 + rows))
    write_factors(sheets["Factors used"], inventory)
    write_data_quality(sheets["Data quality"], inventory)
    step(total - 1)
    book.save(path)
    step(total)
