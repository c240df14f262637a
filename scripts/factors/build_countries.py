#!/usr/bin/env python3
"""Build every country's grid electricity factors and region rows from the committed inputs.

Reads (all under ``scripts/factors/inputs/``, see its README.md for where each was read):

* ``owid_carbon_intensity_elec.csv``: Ember's yearly carbon intensity of electricity generation
  (g CO2e per kWh, life-cycle) per country and year, as republished in Our World in Data's
  energy dataset (column ``carbon_intensity_elec``);
* ``iso3166_1.csv``: ISO 3166-1 alpha-2 and alpha-3 codes and names.

Writes:

* ``factors/world_electricity.csv`` (factor set ``world-ember``): one location-based CO2e row
  per country and data year, value as published, unit g/kWh;
* the country rows of ``factors/regions.csv``: every ISO 3166-1 country that is not already a
  hand-maintained region (CN, US, GB keep their own national factors and rows), with its alpha-3
  code and names as aliases. Every other line of regions.csv stays byte for byte.

``--check`` writes nothing and exits 1 when a shipped file differs from what would be built.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from carbon_cli.factors import FACTOR_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
INPUTS = ROOT / "scripts" / "factors" / "inputs"
FACTORS = ROOT / "factors"
OUTPUT = "world_electricity.csv"

#: Countries that keep their own national factors (MEE/NBS, eGRID, DESNZ): no Ember rows, and
#: their regions.csv rows are maintained by hand.
OWN_FACTORS = ("CN", "US", "GB")

#: The id prefix of the rows written here: the selection rule reports them as an approximation
#: (life-cycle, not combustion-only); see carbon_cli/factors/lifecycle.py.
ID_PREFIX = "ember-"

REGION_COLUMNS = ("code", "name", "parent", "kind", "aliases", "energy_basis", "note")

PUBLISHER = "Ember (CC BY 4.0), via Our World in Data"
DOCUMENT = "OWID energy dataset (owid-energy-data.csv), carbon_intensity_elec"
EDITION = "OWID release with data to 2024"
NOTE = (
    "Life-cycle g CO2e per kWh generated: an approximation of a combustion-only factor. "
    "How it was read: factors/README.md, Every country's electricity."
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def iso_countries() -> list[dict[str, str]]:
    return read_csv(INPUTS / "iso3166_1.csv")


def factor_rows() -> list[dict[str, str]]:
    """One row per country (by alpha-2) and data year, in ISO order then year order."""
    alpha2 = {row["alpha_3"]: row["alpha_2"] for row in iso_countries()}
    order = {row["alpha_2"]: number for number, row in enumerate(iso_countries())}
    found: list[tuple[int, int, dict[str, str]]] = []
    for row in read_csv(INPUTS / "owid_carbon_intensity_elec.csv"):
        code = alpha2.get(row["iso_code"])
        if code is None or code in OWN_FACTORS or not row["carbon_intensity_elec"]:
            continue
        year = int(row["year"])
        found.append(
            (
                order[code],
                year,
                {
                    "id": f"{ID_PREFIX}{year}-elec-{code.lower()}-co2e",
                    "activity": "electricity",
                    "region": code,
                    "year_from": str(year),
                    "year_to": str(year),
                    "gas": "CO2e",
                    "value": row["carbon_intensity_elec"],
                    "unit": "g/kWh",
                    "method": "location",
                    "basis": "",
                    "publisher": PUBLISHER,
                    "document": DOCUMENT,
                    "edition": EDITION,
                    "table": f"{row['country']} ({row['iso_code']}), {year}",
                    "evidence": "single-secondary",
                    "note": NOTE,
                },
            )
        )
    return [row for _, _, row in sorted(found, key=lambda item: item[:2])]


def owid_names() -> dict[str, str]:
    """The country name OWID uses, by alpha-3 code."""
    return {row["iso_code"]: row["country"] for row in read_csv(INPUTS / "owid_carbon_intensity_elec.csv")}


def region_rows(taken: set[str]) -> list[dict[str, str]]:
    """A regions.csv row for every ISO country not in ``OWN_FACTORS``.

    :param taken: codes, names and aliases (upper case) of the hand-maintained regions: an alias
        that would name one of them is left out, so no spelling means two regions.
    """
    names = owid_names()
    countries = [row for row in iso_countries() if row["alpha_2"] not in OWN_FACTORS]
    spellings: dict[str, set[str]] = {}
    candidates: dict[str, list[str]] = {}
    for row in countries:
        forms = [row["alpha_3"], row["name"], row["common_name"], row["official_name"], names.get(row["alpha_3"], "")]
        candidates[row["alpha_2"]] = list(dict.fromkeys(form for form in forms if form and ";" not in form))
        for form in candidates[row["alpha_2"]]:
            spellings.setdefault(form.upper(), set()).add(row["alpha_2"])
    codes = {row["alpha_2"] for row in countries}
    rows = []
    for row in countries:
        code = row["alpha_2"]
        aliases = [
            form
            for form in candidates[code]
            if form.upper() not in taken and form.upper() not in codes and spellings[form.upper()] == {code}
        ]
        rows.append(
            {
                "code": code,
                "name": row["common_name"] or row["name"],
                "parent": "GLOBAL",
                "kind": "country",
                "aliases": ";".join(aliases),
                "energy_basis": "",
                "note": f"ISO 3166-1 alpha-2 {code} (alpha-3 {row['alpha_3']}); country row built by "
                "scripts/factors/build_countries.py.",
            }
        )
    return rows


def render(rows: list[dict[str, str]], columns: tuple[str, ...], header: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def built_regions(text: str) -> str:
    """regions.csv with its built country rows replaced by freshly built ones (appended at the end)."""
    iso = {row["alpha_2"] for row in iso_countries()} - set(OWN_FACTORS)
    lines = text.splitlines(keepends=True)
    records = list(csv.DictReader(io.StringIO(text)))
    # Line i+1 holds record i only while no field spans lines; regions.csv has none.
    if len(records) != len(lines) - 1:
        raise SystemExit("regions.csv has a field spanning lines; this script cannot keep it byte for byte")
    kept = [lines[0]] + [line for line, row in zip(lines[1:], records, strict=True) if row["code"] not in iso]
    taken: set[str] = set()
    for row in records:
        if row["code"] not in iso:
            # A hand-maintained region's name is taken too: "Georgia" names the US state as well,
            # so it is no alias of the country (a site writes GE or GEO).
            taken.update((row["code"].upper(), row["name"].strip().upper()))
            taken.update(alias.strip().upper() for alias in row["aliases"].split(";") if alias.strip())
    return "".join(kept) + render(region_rows(taken), REGION_COLUMNS, header=False)


def outputs() -> dict[Path, str]:
    regions = FACTORS / "regions.csv"
    return {
        FACTORS / OUTPUT: render(factor_rows(), FACTOR_COLUMNS),
        regions: built_regions(regions.read_text(encoding="utf-8")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="Write nothing; exit 1 when a shipped file differs.")
    args = parser.parse_args(argv)
    status = 0
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        if args.check:
            print(f"{path.relative_to(ROOT)} differs from what the inputs build", file=sys.stderr)
            status = 1
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
