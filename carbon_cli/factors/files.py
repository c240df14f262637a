"""The factor files: where the shipped CSVs live, how one is read, and the columns they share.

Owns the location of the data (in the wheel or the repo's ``factors/`` folder) and the plain
reading of a file; it knows nothing of regions, activities or the selection rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import pandas as pd

#: The columns of a factor file (see factors/README.md).
FACTOR_COLUMNS = (
    "id",
    "activity",
    "region",
    "year_from",
    "year_to",
    "gas",
    "value",
    "unit",
    "method",
    "basis",
    "publisher",
    "document",
    "edition",
    "table",
    "evidence",
    "note",
)


def factors_root() -> Traversable:
    """The folder holding the factor files: ``carbon_cli/data/factors`` inside the wheel, else
    the repo's ``factors/`` beside the package (an editable install or a source checkout)."""
    packaged = resources.files("carbon_cli") / "data" / "factors"
    if packaged.is_dir():
        return packaged
    return resources.files("carbon_cli").joinpath("..", "factors")  # editable install


def read_table(name: str) -> pd.DataFrame:
    """A factor file as text columns, empty cells as ""."""
    with (factors_root() / name).open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def citation(row: Mapping[Any, Any]) -> str:
    """One line naming publisher, document, edition and table of a factor row."""
    parts = [str(row.get(key) or "").strip() for key in ("publisher", "document", "edition", "table")]
    return ", ".join(part for part in parts if part)
