"""Factors published per financial year, applied to calendar years, and the note that says so.

India's CEA publishes its grid emission rate per financial year (April to March). A calendar year's
bills take the financial year that starts in it (FY 2023-24 for 2023: nine of its twelve months),
so every use says which months the value covers (an ``info`` notice: the rate moves about 1% a
year, the offset is a quarter).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Id prefixes of rows whose ``year_from`` is the first calendar year of an April-to-March financial year.
APRIL_TO_MARCH = ("in-cea-",)


def financial_year_note(row: Mapping[str, Any]) -> str | None:
    """The note of a financial-year row used for a calendar year, None for any other row."""
    if not str(row.get("id") or "").startswith(APRIL_TO_MARCH):
        return None
    first = int(row["year_from"])
    note = (
        f"financial year {first}-{(first + 1) % 100:02d} (April {first} to March {first + 1}) "
        f"stands for calendar {first}"
    )
    return note


def is_financial_year_note(note: str) -> bool:
    """Whether a note is :func:`financial_year_note`'s (a caveat on an exact factor, not a fallback)."""
    return note.startswith("financial year ") and " stands for calendar " in note
