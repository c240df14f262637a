#!/usr/bin/env python3
"""Build ``factors/cooling_cop.csv``: the typical coefficient of performance (kWh of cooling per kWh of
electricity) that estimates purchased cooling when the supplier gives no factor (issue 14).

``carbon_cli/factors/derived.py`` divides the site's grid electricity factor by this COP (the GHG Protocol
/ TCR / LGOP simplified approach for district cooling) and reports every use as a ``warning``. Input:
``scripts/factors/inputs/cooling_cop.csv`` (the value, its publisher, document, table, evidence and how
it was read). One row per input row; the builder checks the value is a positive number.

    python scripts/factors/cooling_cop.py            # write the CSV
    python scripts/factors/cooling_cop.py --check    # exit 1 when the shipped CSV differs

Run through ``scripts/factors/regenerate.py``.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import builder_cli

ROOT = Path(__file__).resolve().parents[2]
INPUTS = Path(__file__).resolve().parent / "inputs"
OUTPUT = ROOT / "factors" / "cooling_cop.csv"
COLUMNS = (
    "id",
    "activity",
    "region",
    "year_from",
    "year_to",
    "chiller",
    "value",
    "unit",
    "publisher",
    "document",
    "edition",
    "table",
    "evidence",
    "note",
)


def build(inputs: Path = INPUTS) -> str:
    with (inputs / "cooling_cop.csv").open(encoding="utf-8", newline="") as handle:
        specs = list(csv.DictReader(handle))
    out = []
    for spec in specs:
        if not float(spec["value"]) > 0:
            raise SystemExit(f"cooling_cop.csv {spec['id']}: the COP must be a positive number")
        out.append(
            {
                **{key: spec[key] for key in COLUMNS if key in spec},
                "year_to": "",
                "note": f"{spec['how_read']} Built by scripts/factors/cooling_cop.py.",
            }
        )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(out)
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    return builder_cli.write_or_check(
        argv, doc=__doc__, outputs={OUTPUT: build()}, script="scripts/factors/cooling_cop.py"
    )


if __name__ == "__main__":
    sys.exit(main())
