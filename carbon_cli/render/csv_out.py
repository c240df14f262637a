"""CSV renderer: the ``breakdown`` rows of the JSON contract, with a header line.

Text that a spreadsheet would run as a formula (=, +, -, @ at the start) is prefixed with an
apostrophe, so a site named ``=HYPERLINK(...)`` stays text when the CSV is opened in Excel.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..summary import DIMENSIONS

if TYPE_CHECKING:
    from ..inventory import Inventory

#: What a spreadsheet reads as the start of a formula (CSV injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """Neutralise text that a spreadsheet would read as a formula; other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render(inventory: Inventory, by: Sequence[str] = DIMENSIONS) -> str:
    """The breakdown by ``by`` as CSV text, one line per row."""
    table = inventory.breakdown(by)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.itertuples(index=False):
        writer.writerow(["" if isinstance(v, float) and math.isnan(v) else safe_text(v) for v in row])
    return out.getvalue()


def output(inventory: Inventory, by: Sequence[str] | None, *, width: int, pretty: bool) -> str:
    """``carbon calc --format csv``: :func:`render` by ``by``, or by every dimension (``width``
    and ``pretty`` are for the table and JSON)."""
    return render(inventory, by or DIMENSIONS)
