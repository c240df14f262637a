"""Quality: data-quality checks, anomaly detection and coverage of a site's bills.

Pure functions: the canonical bill table (see :mod:`carbon_cli.bills`), the reporting period
and the site's ``quality:`` settings in; a findings table out (columns
:data:`FINDING_COLUMNS`, one row per finding). Nothing here reads files, prints or raises
because of bad data: a problem in the bills is a row, and the caller decides what fails a run
(``carbon validate --fail-on``, ``carbon calc --strict``).

Every check works on whole columns; no Python loop runs per bill row. The text columns are
numbered once (``str``, ``object`` and ``category`` columns alike), and every sort, grouping,
running maximum and median after that is numpy on integers and floats; text is read back only
for the rows that become findings. Severities:

* ``error``: the bills are certainly wrong and the inventory with them (a bill counted twice,
  a negative reading not marked as a credit, a date that cannot be real);
* ``warning``: probably wrong, a person should look (a gap, a near duplicate, an anomaly);
* ``info``: worth knowing (an estimated reading, bills outside the period).

The shared-day rule of ENERGY STAR Portfolio Manager applies throughout: a bill that ends on
the day the next begins is normal (the day belongs to the later bill); more overlap is an error.

The package is a few small modules, each importing only modules listed before it:
:mod:`.catalog` (the checks, severities and thresholds), :mod:`.prepared` (the bills as numpy
arrays), :mod:`.findings` (the findings table and its texts), :mod:`.robust` (the statistics of
the history checks), :mod:`.bill_checks`, :mod:`.timeline` and :mod:`.history` (the checks by
family), :mod:`.estimate` (:func:`fill_gaps`, which makes bills) and :mod:`.assess` (the checks
run together), :mod:`.interval_checks` (interval data, from the reader's per meter-day
figures). Other modules use only the names listed in ``__all__`` here.
"""

from __future__ import annotations

from .assess import assess, at_or_above, check, counts, coverage, summary_line
from .catalog import CHECKS, COVERAGE_COLUMNS, FINDING_COLUMNS, SEVERITIES
from .estimate import FILLED_SOURCE, fill_gaps
from .findings import empty
from .interval_checks import interval_findings

__all__ = [
    "CHECKS",
    "COVERAGE_COLUMNS",
    "FILLED_SOURCE",
    "FINDING_COLUMNS",
    "SEVERITIES",
    "assess",
    "at_or_above",
    "check",
    "counts",
    "coverage",
    "empty",
    "fill_gaps",
    "interval_findings",
    "summary_line",
]
