#!/usr/bin/env python3
"""Regenerate the eGRID history and China's national series from the published tables they were read from.

Inputs (small CSVs of the published tables, committed under ``scripts/factors/inputs/``):

* ``egrid_rates.csv``: EPA eGRID total output emission rates (CO2, CH4, N2O in lb/MWh, the cell values
  as published) for every subregion, the U.S. and every state, one row per edition and region, each with
  the ``source`` it was read from and the cell;
* ``egrid_co2e_rates.csv``: eGRID's CO2-equivalent total output rates (SRC2ERTA and the U.S. row) as
  read, in kg/MWh: role ``ship`` (eGRID2018, for which no per-gas table was found) becomes CO2e rows in
  lb/MWh, each value first proved to be a 3-decimal lb/MWh cell x 0.45359237; role ``check`` rows (2019,
  2020, 2021) are held against the per-gas rows of the same edition (CO2 + 25 CH4 + 298 N2O within
  0.3 lb/MWh), which settles the edition of the eGRID2020 per-gas copy and shows the CO2e copy faithful;
  role ``corroborate`` (eGRID2018 from a second, rounded copy) is held against the shipped cells the same way;
* ``egrid_sources.csv``: each source's document, edition, table, evidence grade and how it was read;
* ``cn_national_electricity.csv``: China's national grid factors for the years before the MEE/NBS
  data-year series, as read, with their citation;
* ``factors/us_zip_subregions.csv`` (shipped as it is): EPA Power Profiler's ZIP code to eGRID
  subregion table, which says which states one subregion serves wholly.

Outputs (in ``factors/``): ``us_egrid.csv`` (every edition's subregion and U.S. rows, and the state
rows of the states more than one subregion serves) and ``cn_national_electricity.csv``. The state
rows are written only for split states: a state one subregion serves wholly takes that subregion's
rate through ``regions.csv``, never a state rate.

    python scripts/factors/build_history.py            # write the CSVs
    python scripts/factors/build_history.py --check    # exit 1 when a shipped CSV differs

``tests/test_factors_history.py`` checks that the shipped CSVs are what this script builds.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from carbon_cli.factors import FACTOR_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
INPUTS = Path(__file__).resolve().parent / "inputs"
FACTORS = ROOT / "factors"

COLUMNS = list(FACTOR_COLUMNS)
EPA = "US Environmental Protection Agency (EPA)"
GASES = (("CO2", "co2"), ("CH4", "ch4"), ("N2O", "n2o"))
LEVEL_ORDER = {"subregion": 0, "us": 1, "state": 2}
LB = 0.45359237  # kg per pound (exact)
#: How far CO2 + 25 CH4 + 298 N2O of an edition's per-gas rows may lie from its CO2e rate, lb/MWh: the
#: per-gas rates are rounded (CH4 and N2O to 0.001 lb/MWh: up to 0.16 of CO2e) and eGRID computes its
#: CO2e rate from unrounded emissions.
CO2E_TOLERANCE = 0.3
TABLE_NAMES = {
    "subregion": ("Table 1", "Table 1. Subregion Output Emission Rates"),
    "us": ("Table 1", "Table 1. Subregion Output Emission Rates (U.S. row)"),
    "state": ("Table 3", "Table 3. State Output Emission Rates"),
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def split_states(zip_rows: Sequence[dict[str, str]]) -> set[str]:
    """The states whose ZIP codes lie in more than one eGRID subregion (EPA Power Profiler ZIP table)."""
    served: dict[str, set[str]] = {}
    for row in zip_rows:
        if not row["state"]:  # a few ZIP codes are published without a state
            continue
        names = {row[f"subregion_{k}"] for k in (1, 2, 3)} - {""}
        served.setdefault(row["state"], set()).update(names)
    return {state for state, names in served.items() if len(names) > 1}


def egrid_rows(rates: Sequence[dict[str, str]], sources: dict[str, dict[str, str]], split: set[str]) -> list[dict]:
    """One factor row per edition, region and gas; state rows only for the ``split`` states."""
    out = []
    ordered = sorted(rates, key=lambda r: (int(r["data_year"]), LEVEL_ORDER[r["level"]], r["code"]))
    for rate in ordered:
        level, code, year = rate["level"], rate["code"], rate["data_year"]
        if level == "state" and code not in split:
            continue
        source = sources[rate["source"]]
        sheet, table = TABLE_NAMES[level]
        if level == "us":
            region, key = "US", "us"
        elif level == "state":
            region, key = f"US-{code}", f"state-{code.lower()}"
        else:
            region, key = f"US-EGRID-{code}", code.lower()
        fill = {"table": table, "sheet": sheet, "cell": rate["cell"], "code": code, "name": rate["name"] or code}
        for gas, column in GASES:
            out.append(
                {
                    "id": f"us-egrid{year}-{key}-{gas.lower()}",
                    "activity": "electricity",
                    "region": region,
                    "year_from": year,
                    "year_to": year,
                    "gas": gas,
                    "value": rate[column],
                    "unit": "lb/MWh",
                    "method": "location",
                    "basis": "",
                    "publisher": EPA,
                    "document": source["document"],
                    "edition": source["edition"],
                    "table": source["table"].format(**fill) + (f": {code}" if level == "state" else ""),
                    "evidence": source["evidence"],
                    "note": _note(level, code) + source["how_read"].format(**fill),
                }
            )
    return out


def lb_cell(kg_per_mwh: str, where: str) -> str:
    """The 3-decimal lb/MWh cell a kg/MWh value was converted from (kg = lb x 0.45359237), as text.

    :raises ValueError: the value is no such cell (then it is not EPA's number converted, and is not shipped).
    """
    kg = float(kg_per_mwh)
    lb = round(kg / LB, 3)
    if abs(lb * LB - kg) > 1e-9 * max(kg, 1.0):
        raise ValueError(f"{where}: {kg_per_mwh} kg/MWh is not a 3-decimal lb/MWh value x {LB}")
    return f"{lb:.3f}"


def check_co2e(rates: Sequence[dict[str, str]], co2e: Sequence[dict[str, str]]) -> int:
    """Hold each ``check`` CO2e rate against the per-gas rows of its edition; the number of rows checked.

    :raises ValueError: a check row without per-gas rows, or CO2 + 25 CH4 + 298 N2O off by more than
        :data:`CO2E_TOLERANCE` lb/MWh (the per-gas copy would then not be that edition).
    """
    per_gas = {(r["edition"], r["level"], r["code"]): r for r in rates}
    checked = 0
    for row in (r for r in co2e if r["role"] == "check"):
        where = f"egrid_co2e_rates.csv {row['edition']} {row['code']}"
        rate = per_gas.get((row["edition"], row["level"], row["code"]))
        if rate is None:
            raise ValueError(f"{where}: no per-gas row of that edition in egrid_rates.csv to check")
        total = float(rate["co2"]) + 25 * float(rate["ch4"]) + 298 * float(rate["n2o"])
        published = float(lb_cell(row["co2e_kg_per_mwh"], where))
        if abs(total - published) > CO2E_TOLERANCE:
            raise ValueError(f"{where}: per-gas rows give {total:.3f} lb CO2e/MWh, eGRID's CO2e rate is {published}")
        checked += 1
    return checked


def check_corroboration(co2e: Sequence[dict[str, str]]) -> int:
    """Hold each ``corroborate`` CO2e rate (a second copy, rounded) against the ``ship`` cell of its edition
    and region; the number of rows checked.

    :raises ValueError: a corroborating row without a shipped one, or more than :data:`CO2E_TOLERANCE` apart.
    """
    shipped = {(r["edition"], r["level"], r["code"]): r for r in co2e if r["role"] == "ship"}
    checked = 0
    for row in (r for r in co2e if r["role"] == "corroborate"):
        where = f"egrid_co2e_rates.csv {row['edition']} {row['code']} ({row['source']})"
        ship = shipped.get((row["edition"], row["level"], row["code"]))
        if ship is None:
            raise ValueError(f"{where}: no shipped CO2e row of that edition and region to corroborate")
        other, cell = float(row["co2e_kg_per_mwh"]) / LB, float(lb_cell(ship["co2e_kg_per_mwh"], where))
        if abs(other - cell) > CO2E_TOLERANCE:
            raise ValueError(f"{where}: {other:.3f} lb CO2e/MWh against the shipped {cell}")
        checked += 1
    return checked


def co2e_rows(
    co2e: Sequence[dict[str, str]], rates: Sequence[dict[str, str]], sources: dict[str, dict[str, str]]
) -> list[dict]:
    """One CO2e factor row per ``ship`` row (eGRID2018): the lb/MWh cell, region named as in later editions."""
    names = {r["code"]: r["name"] for r in rates if r["level"] != "state"}
    out = []
    for row in (r for r in co2e if r["role"] == "ship"):
        level, code, year = row["level"], row["code"], row["data_year"]
        source = sources[row["source"]]
        region, key = ("US", "us") if level == "us" else (f"US-EGRID-{code}", code.lower())
        fill = {"code": code, "name": "U.S." if level == "us" else names.get(code, code), "cell": row["cell"]}
        out.append(
            {
                "id": f"us-egrid{year}-{key}-co2e",
                "activity": "electricity",
                "region": region,
                "year_from": year,
                "year_to": year,
                "gas": "CO2e",
                "value": lb_cell(row["co2e_kg_per_mwh"], f"egrid_co2e_rates.csv {row['edition']} {code}"),
                "unit": "lb/MWh",
                "method": "location",
                "basis": "",
                "publisher": EPA,
                "document": source["document"],
                "edition": source["edition"],
                "table": source["table"].format(**fill),
                "evidence": source["evidence"],
                "note": "CO2-equivalent total output emission rate (generation-weighted, no T&D losses), lb CO2e per "
                "MWh; no per-gas rate of this edition was found, so its gases are not split. "
                + source["how_read"].format(**fill),
            }
        )
    return out


def _note(level: str, code: str) -> str:
    if level == "state":
        return (
            f"State output emission rate of {code}: generation inside the state's borders. Used only for a site "
            f"in {code} that names neither its subregion nor its ZIP code, because more than one eGRID subregion "
            "serves the state (EPA Power Profiler ZIP table): an approximation, reported as a warning. "
        )
    if level == "us":
        return "U.S. total output emission rate (generation-weighted, no T&D losses), lb per MWh. "
    return "Total output emission rate (generation-weighted, no T&D losses), lb per MWh. "


def _level_of(region: str) -> int:
    """Subregions, then the U.S., then states, as :func:`egrid_rows` orders an edition."""
    return LEVEL_ORDER["us"] if region == "US" else LEVEL_ORDER["state" if len(region) == 5 else "subregion"]


def cn_rows(rows: Sequence[dict[str, str]]) -> list[dict]:
    """China's national series rows: CO2, location-based, region CN."""
    fixed = {"activity": "electricity", "region": "CN", "gas": "CO2", "method": "location", "basis": ""}
    return [{c: {**fixed, **row}.get(c, "") for c in COLUMNS} for row in rows]


def render(rows: Sequence[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def build(inputs: Path = INPUTS, factors: Path = FACTORS) -> dict[str, str]:
    """Each generated CSV's name and its text, from the inputs."""
    sources = {row["source"]: row for row in read(inputs / "egrid_sources.csv")}
    split = split_states(read(factors / "us_zip_subregions.csv"))
    rates, co2e = read(inputs / "egrid_rates.csv"), read(inputs / "egrid_co2e_rates.csv")
    check_co2e(rates, co2e)
    check_corroboration(co2e)
    rows = co2e_rows(co2e, rates, sources) + egrid_rows(rates, sources, split)
    rows.sort(key=lambda r: (int(r["year_from"]), _level_of(r["region"])))  # stable: each edition as built
    return {
        "us_egrid.csv": render(rows),
        "cn_national_electricity.csv": render(cn_rows(read(inputs / "cn_national_electricity.csv"))),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a shipped CSV differs")
    args = parser.parse_args(argv)
    differ = 0
    for name, text in build().items():
        path = FACTORS / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            print(f"{name}: up to date")
            continue
        differ += 1
        if args.check:
            print(f"{name}: differs from what the inputs build")
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"{name}: written")
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
