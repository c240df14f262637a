#!/usr/bin/env python3
"""UK natural gas per cubic metre: ``factors/uk_desnz_volume.csv`` from the committed DESNZ extracts.

The extracts in ``scripts/factors/inputs/desnz/`` (written by ``desnz.py extract`` from the
publisher's flat files) keep the natural-gas rows per cubic metre beside the per-kWh (gross CV)
rows ``desnz.py build`` ships. This script ships the per-cubic-metre rows the same way (per gas,
CH4 and N2O as the publisher's CO2e shares with the edition's GWP set), so a UK gas bill in m³
without the bill's calorific value meets DESNZ's own per-m³ factor; the calculator picks a per-m³
row only for a bill in a volume (``carbon_cli/factors/volume.py``).

``--check`` writes nothing and exits 1 when the shipped file differs.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "factors" / "uk_desnz_volume.csv"

#: The flat files' key of natural gas per cubic metre, and how it is shipped.
VOLUME = ("Fuels", "Gaseous fuels", "Natural gas", "cubic metres")
SHIPPED_AS = (
    "natural_gas",
    "natural_gas_m3",
    "kg/m**3",
    "",
    "",
    "Per cubic metre of gas as billed, with the publisher's average UK calorific value; used for a UK gas bill in "
    "m3 (or ft3) that gives no calorific value of its own (cv: on the bill entry turns the volume into kWh "
    "with the bill's value instead).",
)


def _desnz():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("desnz", Path(__file__).with_name("desnz.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build() -> str:
    desnz = _desnz()
    desnz.WANTED = {VOLUME: SHIPPED_AS}
    desnz.SCRIPT = "scripts/factors/desnz_volume.py"
    known = desnz.sources(desnz.INPUTS)
    rows: list[dict[str, str]] = []
    for path in sorted(desnz.INPUTS.glob("desnz-20*.csv")):
        rows += desnz.edition_rows(path, known[path.name])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, desnz.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = build()
    if "--check" in args:
        current = SHIPPED.read_text(encoding="utf-8") if SHIPPED.exists() else None
        if current != text:
            print(f"out of date: {SHIPPED.name} (run python scripts/factors/desnz_volume.py)", file=sys.stderr)
            return 1
        return 0
    SHIPPED.write_text(text, encoding="utf-8")
    print(f"wrote {SHIPPED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
