"""Notices: what the user should know about a result, carried as data (JSON ``notices``).

Every stage that falls back, approximates or finds something worth saying returns notices; only
the CLI decides how to show them. Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    """A message for the user that is part of the result (JSON ``notices``), not a print."""

    level: str  # "info" or "warning"
    site: str
    message: str
