"""Bills: CSV, XLSX and Parquet files into one canonical table of activity records.

Canonical columns: ``site, meter, activity, period_start, period_end, quantity, unit, cost,
estimated, source_file, source_row, bill_quantity, bill_unit, credit, purchase``. ``quantity`` is in the
activity's canonical unit (``unit``); ``bill_quantity``/``bill_unit`` keep what the bill said.
``source_row`` is the row number a spreadsheet shows (the header is row ``header_row``).

The stage in rooms:

- :mod:`~carbon_cli.spreadsheets` (beside this package, shared with the portfolio's sites
  table): the guarded reader of CSV, workbook and Parquet files;
- :mod:`.layout` (with :mod:`.header_block`): where the table is (sheets, header block, title,
  total and blank rows), on the cells :mod:`~carbon_cli.grids` reads; :mod:`.inspect` reports it;
- :mod:`.headers`: which column holds each field;
- :mod:`.kinds`: whether a file's rows are bills over start..end, bills for a calendar month
  (:mod:`.months` reads the months) or purchases on one date;
- :mod:`.credits`: credit rows marked by the text of a column;
- :mod:`.cells`: blank cells, trimmed text, where a row came from;
- :mod:`.dates` (with :mod:`.date_forms`), :mod:`.numbers`: dates, numbers and yes/no flags;
- :mod:`.cell_units`: a unit written in a quantity cell (``352度``), checked against the row's;
- :mod:`.quantities`: activities and units, and the quantity in the activity's unit (gas by volume
  with a calorific value: kWh);
- :mod:`.readings`: meter readings (one row per bill, or a log of reads) into period and quantity;
- :mod:`.interval_layout`, :mod:`.interval_blocks`, :mod:`.interval`: interval data (long or
  wide meter files) summed to meter-days while read, then daily bills;
- :mod:`.canonical`: the canonical table, and :func:`read_many`, which puts the rooms together.

Bills are read and checked for form here; whether they make sense (gaps, overlaps, anomalies)
is :mod:`carbon_cli.quality`'s question.
"""

from __future__ import annotations

from ..spreadsheets import check_spreadsheet
from .canonical import BASIS_COLUMN, CANONICAL_COLUMNS, TEXT_COLUMNS, empty, read, read_many
from .cells import Rows, blank_cells
from .dates import parse_date_columns, parse_dates
from .headers import DEFAULT_HEADERS
from .numbers import parse_flags, parse_numbers
from .quantities import CV_CITATION, DIMENSION_UNITS, UK_VOLUME_CORRECTION

__all__ = [
    "BASIS_COLUMN",
    "CANONICAL_COLUMNS",
    "CV_CITATION",
    "DEFAULT_HEADERS",
    "DIMENSION_UNITS",
    "TEXT_COLUMNS",
    "UK_VOLUME_CORRECTION",
    "Rows",
    "blank_cells",
    "check_spreadsheet",
    "empty",
    "parse_date_columns",
    "parse_dates",
    "parse_flags",
    "parse_numbers",
    "read",
    "read_many",
]
