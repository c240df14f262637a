#!/usr/bin/env python3
"""Build China's default fuel coefficients from the published parameters they are the product of.

Input: ``scripts/factors/inputs/cn_fuel_parameters.csv``, the Chinese default fossil-fuel
parameters as published (per fuel: net calorific value, carbon content per unit heat, oxidation
rate, and the CO2 coefficient the table prints), each with the source and row it was read from.

Outputs (in ``factors/``):

* ``cn_fuels.csv``: one CO2 row per fuel, value = NCV x carbon content x oxidation x 44/12, which
  must equal the published coefficient to the decimals it is printed with (else the build stops);
* ``cn_fuel_parameters.csv``: the parameters themselves, read at run time to recompute a fuel's
  CO2 coefficient from a Chinese site's own NCV (``conversions: {diesel: {ncv: ...}}``; see
  ``carbon_cli/factors/cn_ncv.py``). It holds natural gas too, whose coefficient ships in
  ``emission_factors.csv``.

Run through ``python scripts/factors/regenerate.py`` (or alone: ``--check`` exits 1 on a difference).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from carbon_cli.factors import FACTOR_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
INPUTS = Path(__file__).resolve().parent / "inputs"
FACTORS = ROOT / "factors"

COLUMNS = list(FACTOR_COLUMNS)
PARAMETER_COLUMNS = [
    *("factor_id", "activity", "ncv", "ncv_unit", "carbon_content", "carbon_content_unit", "oxidation_pct"),
    *("published", "unit", "source"),
]
C_TO_CO2 = Decimal(44) / Decimal(12)

PUBLISHER = (
    "National Development and Reform Commission (NDRC), China; "
    "the enterprise guidelines are now administered by the Ministry of Ecology and Environment (MEE)"
)
DOCUMENT = (
    "Chinese enterprise GHG accounting and reporting guidelines (企业温室气体排放核算方法与报告指南, 24 industry "
    "guidelines, NDRC 2013-2015, e.g. 工业其他行业企业温室气体排放核算方法与报告指南(试行)), appendix table of default "
    "fossil-fuel parameters; the same method in GB/T 32150-2015 (工业企业温室气体排放核算和报告通则)"
)
EDITION = "not verified (2013-2015 guidelines; GB/T 32150-2015)"
SOURCES = {
    "cn-reference-coefficients": (
        "the widely reproduced Chinese reference-coefficient table (book118 document 'various energy standard-coal "
        "and CO2 reference coefficients', table text read; its NCV column follows GB/T 2589)"
    ),
    "gbt32151-defaults": (
        "a public repository function citing the GB/T 32151 defaults and the Chinese reference-coefficient table "
        "(2.1622 there)"
    ),
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def product(row: dict[str, str]) -> Decimal:
    """NCV x carbon content x oxidation x 44/12, in kg CO2 per unit of fuel (kJ/kg -> kg/kg; GJ/10^4 m3 -> kg/m3)."""
    ncv = Decimal(row["ncv"])
    if row["ncv_unit"] == "kJ/kg":
        tj_per_unit = ncv / Decimal(10**9)  # kJ per kg -> TJ per kg
    elif row["ncv_unit"] == "GJ/10000 m**3":
        tj_per_unit = ncv / Decimal(10**7)  # GJ per 10^4 m3 -> TJ per m3
    else:
        raise ValueError(f"{row['factor_id']}: NCV unit {row['ncv_unit']!r} is not handled")
    tonnes_c = tj_per_unit * Decimal(row["carbon_content"]) * Decimal(row["oxidation_pct"]) / 100
    return tonnes_c * C_TO_CO2 * 1000  # t CO2 -> kg CO2


def checked(row: dict[str, str]) -> dict[str, str]:
    """The row, once its published coefficient is the product of its parameters to the decimals printed."""
    published = Decimal(row["published"])
    places = Decimal(1).scaleb(published.as_tuple().exponent)  # type: ignore[arg-type]
    if product(row).quantize(places) != published:
        raise ValueError(f"{row['factor_id']}: {product(row)} does not round to the published {published}")
    return row


def fuel_rows(parameters: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    for row in parameters:
        if row["shipped_in"] != "cn_fuels.csv":
            continue
        ncv, cc, ox = row["ncv"], row["carbon_content"], row["oxidation_pct"]
        value, name = row["published"], row["name"]
        out.append(
            {
                "id": row["factor_id"],
                "activity": row["activity"],
                "region": "CN",
                "year_from": "2015",
                "year_to": "",
                "gas": "CO2",
                "value": value,
                "unit": row["unit"],
                "method": "",
                "basis": "NCV",
                "publisher": PUBLISHER,
                "document": DOCUMENT,
                "edition": EDITION,
                "table": (
                    f"Default parameters for fossil fuels: {name}, NCV {ncv} kJ/kg, carbon content per unit heat "
                    f"{cc} tC/TJ, oxidation rate {ox}%; appendix table not read"
                ),
                "evidence": "single-secondary",
                "note": (
                    f"CO2 per kg of fuel burnt, Chinese method: NCV x carbon content x oxidation x 44/12 = {ncv} kJ/kg "
                    f"x {cc} tC/TJ x {ox}% x 44/12 = {value} kg CO2/kg (recomputed from the inputs; agrees to the 4 "
                    f"decimals published). Read in {SOURCES[row['source']]}, which lists NCV, carbon content, "
                    "oxidation rate and the resulting factor. CO2 only: Chinese guidelines count no CH4/N2O for "
                    "combustion; whether IPCC 2006 Table 2.4 CH4/N2O are added on top is the site's choice "
                    f"(cn_combustion_non_co2, default ipcc). The NCV {ncv} kJ/kg used for energy bills and for IPCC "
                    f"CH4/N2O is properties.csv row cn-gbt2589-{row['activity']}-ncv."
                ),
            }
        )
    return out


def render(rows: Sequence[dict[str, str]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def build(inputs: Path = INPUTS) -> dict[str, str]:
    """Each generated CSV's name and its text."""
    parameters = [checked(row) for row in read(inputs / "cn_fuel_parameters.csv")]
    return {
        "cn_fuels.csv": render(fuel_rows(parameters), COLUMNS),
        "cn_fuel_parameters.csv": render(parameters, PARAMETER_COLUMNS),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a shipped CSV differs")
    args = parser.parse_args(argv)
    differ = 0
    for name, text in build().items():
        path = FACTORS / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        differ += 1
        print(f"{name}: {'differs from what the inputs build' if args.check else 'written'}")
        if not args.check:
            path.write_text(text, encoding="utf-8", newline="\n")
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
