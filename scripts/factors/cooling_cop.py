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

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the shipped CSV differs")
    args = parser.parse_args(argv)
    text = build()
    if OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text:
        print(f"{OUTPUT.relative_to(ROOT)} is up to date")
        return 0
    if args.check:
        print(f"{OUTPUT.relative_to(ROOT)} differs from what the inputs build")
        return 1
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
