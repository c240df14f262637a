#!/usr/bin/env python3
"""Validate the CSV factor database in factors/.

Checks:
  * exact column lists per file, UTF-8, header first
  * ids unique across all factor/property files
  * publisher/document/edition/table non-empty
  * every unit: numerator and denominator (split at the FIRST '/') parse with pint
  * every region code is in regions.csv; regions.csv parents exist
  * enumerations (activity, gas, method, basis, evidence, kind, property)
  * years are integers; year_to empty or >= year_from
  * value is numeric
  * no two rows of one file share (activity, region, gas, method) with overlapping
    year ranges, except pairs listed in KNOWN_OVERLAPS
  * with --reference DIR: every numeric value appears in that folder's
    emission-factors.csv/.md (the compiled reference) or in SEARCH_READ
    (values read in other texts), unless build_factors.py imported the row
    from a published file (its note says which)

Usage: python scripts/factors/check_factors.py [--factors DIR] [--reference DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd
import pint

from carbon_cli.factors import FACTOR_COLUMNS
from carbon_cli.factors.catalog import GENERATED as GENERATED_CATALOGUES

ROOT = Path(__file__).resolve().parents[2]
F = ROOT / "factors"  # --factors
REF: Path | None = None  # --reference

EF_COLUMNS = list(FACTOR_COLUMNS)  # the factor-file schema the package reads
PROP_COLUMNS = [
    "id",
    "activity",
    "region",
    "year_from",
    "year_to",
    "property",
    "value",
    "unit",
    "basis",
    "publisher",
    "document",
    "edition",
    "table",
    "evidence",
    "note",
]
GWP_COLUMNS = ["set", "gas", "origin", "value", "publisher", "document", "edition", "table", "evidence"]
REGION_COLUMNS = ["code", "name", "parent", "kind", "aliases", "energy_basis", "note"]
SET_COLUMNS = ["set", "file", "default", "replaces", "description"]

ACTIVITIES = {
    "electricity",
    "electricity_td_losses",
    "heat",
    "natural_gas",
    "diesel",
    "gasoline",
    "lpg",
    "coal",
    "fuel_oil",
    "kerosene",
    "coke",
}
# issue 14: every activity of the catalogue (new fuels, bioenergy, derived memo activities, water, waste)
ACTIVITIES |= set(pd.read_csv(ROOT / "factors" / "activities.csv", dtype=str)["activity"])
# and those of the generated catalogues the package reads beside it (the EPA Hub's vehicles and equipment)
for _name in GENERATED_CATALOGUES:
    ACTIVITIES |= set(pd.read_csv(ROOT / "factors" / _name, dtype=str)["activity"])
GASES = {"CO2", "CH4", "N2O", "CO2e"}
METHODS = {"", "location", "market"}
BASES = {"", "NCV", "GCV"}
EVIDENCE = {"primary-via-copy", "press-confirmed", "single-secondary"}
KINDS = {"global", "country", "grid", "province", "state"}
PROPERTIES = {"ncv", "gcv", "density"}
KNOWN_OVERLAPS = {frozenset({"cn-ets-2021-elec-cn-co2", "cn-ets-2022-elec-cn-co2"})}

# Numbers read in texts found via the search tool that are not literally in the
# reference files (each with where it was read).
SEARCH_READ: set[str] = {
    # UK: ITP Energised "New UK Grid Emissions Factors 2023": generation 2022/2023, T&D 2022/2023, gas 2022/2023
    "0.19338",
    "0.20707",
    "0.01769",
    "0.01792",
    "0.18254",
    "0.18293",
    # UK: public code file with flat-file cells: T&D 2025, petrol (average biofuel blend) per litre 2024/2025
    "0.01853",
    "2.0844",
    "2.06916",
    # UK: BEIS flat files 2019/2020/2021 ('Factors by Category', kg CO2e), as republished in the public repository
    # TEC-Toolkit/cfkg (BEIS-UK/data_raw): electricity generated, T&D, natural gas kWh (Gross CV), petrol per litre.
    # Electricity 2019-2021 also in Camden Climate Change Alliance's 2020/2021 factor articles; electricity and gas
    # 2019/2020 also in a public code file of UK factors by year (Open Carbon, backend/conversionfactors.py).
    "0.2556",
    "0.23314",
    "0.21233",
    "0.0217",
    "0.02005",
    "0.01879",
    "0.18385",
    "0.18387",
    "0.18316",
    "2.20904",
    "2.16802",
    "2.19352",
    # US: 40 CFR 98 Table C-1 (web copy): motor gasoline and bituminous coal CO2, default high heat values
    "70.22",
    "93.28",
    "1.026",
    "0.138",
    "0.125",
    "0.092",
    "24.93",
    # US: 40 CFR 98 Table C-2 (web copies): coal CH4 1.1E-02 and N2O 1.6E-03 kg/mmBtu = 11 and 1.6 g/mmBtu
    "11",
    "1.6",
}

# Rows written by build_factors.py name the published file they were read from in their note.
# Notes of rows an importer wrote from a published file (their values need no reference entry).
IMPORTED = (
    "Imported by scripts/factors/build_factors.py from the published file",
    "Read by scripts/factors/desnz.py from",
)
# Files scripts/factors/build_history.py writes from the published tables under scripts/factors/inputs/
# (each row cites its source and cell; tests/test_factors_history.py holds them equal to the script's build).
GENERATED = {"us_egrid.csv", "cn_national_electricity.csv"}

errors: list[str] = []
ureg = pint.UnitRegistry()
ureg.load_definitions(str(ROOT / "carbon_cli" / "units.txt"))  # carbon's aliases: MMBtu, scf, 度 ...


def err(msg: str) -> None:
    errors.append(msg)


def read(name: str, columns: list[str]) -> pd.DataFrame:
    path = F / name
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        err(f"{name}: not UTF-8 ({e})")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if list(df.columns) != columns:
        err(f"{name}: columns {list(df.columns)} != {columns}")
    return df


def check_unit(fname: str, rid: str, unit: str) -> None:
    if "/" not in unit:
        err(f"{fname}:{rid}: unit {unit!r} has no '/'")
        return
    num, den = unit.split("/", 1)
    for part in (num, den):
        try:
            ureg.Quantity(part)
        except Exception as e:
            err(f"{fname}:{rid}: unit part {part!r} does not parse with pint ({e})")


def check_common(fname: str, df: pd.DataFrame, regions: set[str], kind: str) -> None:
    for _, r in df.iterrows():
        rid = r["id"]
        if rid != rid.lower() or not re.fullmatch(r"[a-z0-9][a-z0-9._\-]*", rid):
            err(f"{fname}:{rid}: id must be lowercase [a-z0-9._-]")
        for c in ("publisher", "document", "edition", "table"):
            if not r[c].strip():
                err(f"{fname}:{rid}: empty {c}")
        if r["activity"] not in ACTIVITIES:
            err(f"{fname}:{rid}: bad activity {r['activity']!r}")
        if r["region"] not in regions:
            err(f"{fname}:{rid}: region {r['region']!r} not in regions.csv")
        if r["evidence"] not in EVIDENCE:
            err(f"{fname}:{rid}: bad evidence {r['evidence']!r}")
        if r["basis"] not in BASES:
            err(f"{fname}:{rid}: bad basis {r['basis']!r}")
        try:
            yf = int(r["year_from"])
        except ValueError:
            err(f"{fname}:{rid}: year_from {r['year_from']!r} not an integer")
            yf = None
        if r["year_to"] != "":
            try:
                yt = int(r["year_to"])
                if yf is not None and yt < yf:
                    err(f"{fname}:{rid}: year_to < year_from")
            except ValueError:
                err(f"{fname}:{rid}: year_to {r['year_to']!r} not an integer or empty")
        try:
            float(r["value"])
        except ValueError:
            err(f"{fname}:{rid}: value {r['value']!r} not numeric")
        check_unit(fname, rid, r["unit"])
        if kind == "ef":
            # CH4@AR4: the CO2e of CH4 as published, weighted with AR4 (the loader turns it into kg of CH4)
            if r["gas"] not in GASES and not re.fullmatch(r"(CH4|N2O)@AR[45]", r["gas"]):
                err(f"{fname}:{rid}: bad gas {r['gas']!r}")
            if r["method"] not in METHODS:
                err(f"{fname}:{rid}: bad method {r['method']!r}")
            if r["activity"] == "electricity" and r["method"] == "":
                err(f"{fname}:{rid}: electricity row needs method")
            if r["activity"] != "electricity" and r["method"] != "":
                err(f"{fname}:{rid}: method must be empty for fuels/heat")
        else:
            if r["property"] not in PROPERTIES:
                err(f"{fname}:{rid}: bad property {r['property']!r}")


def check_overlaps(fname: str, df: pd.DataFrame, key: list[str]) -> None:
    def rng(r):
        return int(r["year_from"]), (int(r["year_to"]) if r["year_to"] else 10**9)

    for _, grp in df.groupby(key):
        rows = list(grp.iterrows())
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                a, b = rows[i][1], rows[j][1]
                (a0, a1), (b0, b1) = rng(a), rng(b)
                if a0 <= b1 and b0 <= a1 and frozenset({a["id"], b["id"]}) not in KNOWN_OVERLAPS:
                    err(f"{fname}: overlapping year ranges {a['id']} / {b['id']}")


def reference_numbers() -> set[str] | None:
    if REF is None:
        return None
    texts = []
    for n in ("emission-factors.csv", "emission-factors.md"):
        p = REF / n
        if p.exists():
            texts.append(p.read_text(encoding="utf-8"))
    if not texts:
        return None
    nums = set(re.findall(r"\d[\d ,]*\.?\d*", "\n".join(texts)))
    out = set()
    for n in nums:
        n = n.replace(",", "").replace(" ", "").rstrip(".")
        if n:
            out.add(n)
    return out


def canon(v: str) -> set[str]:
    """Forms a number may take in the reference text (e.g. 56100 vs '56 100')."""
    forms = {v}
    try:
        f = float(v)
        forms.add(repr(f))
        forms.add(f"{f:g}")
        forms.add(str(int(f)) if f == int(f) else v)
    except ValueError:
        pass
    return forms


def main(argv: list[str] | None = None) -> int:
    global F, REF
    parser = argparse.ArgumentParser(description="Validate the factor CSVs (columns, ids, units, regions, years).")
    parser.add_argument("--factors", type=Path, default=F, metavar="DIR", help="The factor folder (default: factors/).")
    parser.add_argument(
        "--reference",
        type=Path,
        metavar="DIR",
        help=(
            "A folder holding the compiled reference emission-factors.csv and emission-factors.md: every value must "
            "appear there or in SEARCH_READ. Without it that check is skipped."
        ),
    )
    args = parser.parse_args(argv)
    F, REF = args.factors, args.reference
    regions = read("regions.csv", REGION_COLUMNS)
    codes = set(regions["code"])
    if len(codes) != len(regions):
        err("regions.csv: duplicate codes")
    for _, r in regions.iterrows():
        if r["kind"] not in KINDS:
            err(f"regions.csv:{r['code']}: bad kind {r['kind']!r}")
        if r["parent"] and r["parent"] not in codes:
            err(f"regions.csv:{r['code']}: parent {r['parent']!r} unknown")
        if (r["code"] == "GLOBAL") != (r["parent"] == ""):
            err(f"regions.csv:{r['code']}: only GLOBAL may have an empty parent")
        if r["energy_basis"] not in ("", "NCV", "GCV"):
            err(f"regions.csv:{r['code']}: energy_basis must be NCV, GCV or empty")
    aliases = [a.strip().upper() for v in regions["aliases"] for a in v.split(";") if a.strip()]
    if len(aliases) != len(set(aliases)) or set(aliases) & codes:
        err("regions.csv: an alias is repeated or equals a region code")

    sets = read("factor_sets.csv", SET_COLUMNS)
    for _, r in sets.iterrows():
        if r["default"] not in ("yes", "no"):
            err(f"factor_sets.csv:{r['set']}: default must be yes or no")
        if r["replaces"] not in (("",) if r["default"] == "yes" else ("subtree", "region")):
            err(f"factor_sets.csv:{r['set']}: replaces must be empty for default sets, subtree|region otherwise")
        if not (F / r["file"]).exists():
            err(f"factor_sets.csv:{r['set']}: file {r['file']} missing")
    if sets["set"].duplicated().any() or sets["file"].duplicated().any():
        err("factor_sets.csv: duplicate set or file")
    ef_files = list(sets["file"])
    frames = {n: read(n, EF_COLUMNS) for n in ef_files}
    props = read("properties.csv", PROP_COLUMNS)
    gwp = read("gwp.csv", GWP_COLUMNS)

    all_ids: list[str] = []
    for n, df in frames.items():
        check_common(n, df, codes, "ef")
        check_overlaps(n, df, ["activity", "region", "gas", "method"])
        all_ids += list(df["id"])
    check_common("properties.csv", props, codes, "prop")
    check_overlaps("properties.csv", props, ["activity", "region", "property"])
    all_ids += list(props["id"])
    defaults = pd.concat([frames[f] for f in sets.loc[sets["default"] == "yes", "file"]], ignore_index=True)
    # Rows per a different kind of quantity (UK gas per kWh and per m3) are alternatives the bill's unit
    # chooses between (carbon_cli/factors/volume.py), no overlap: the denominator's unit is part of the key.
    defaults["per"] = defaults["unit"].astype(str).str.split("/", n=1).str[1]
    check_overlaps("default sets (together)", defaults, ["activity", "region", "gas", "method", "per"])
    dups = {i for i in all_ids if all_ids.count(i) > 1}
    if dups:
        err(f"duplicate ids: {sorted(dups)}")
    if not all(i for i in all_ids):
        err("empty id")
    if not any("t2.3" in i for i in frames["ipcc2006_manufacturing.csv"]["id"]):
        err("ipcc2006_manufacturing.csv: ids should contain t2.3")
    if frames["emission_factors.csv"]["id"].str.contains("t2.3").any():
        err("emission_factors.csv must not contain Table 2.3 rows")
    if not frames["cn_ets_electricity.csv"]["id"].str.startswith("cn-ets-").all():
        err("cn_ets_electricity.csv: ids must start with cn-ets-")

    for _, r in gwp.iterrows():
        for c in ("publisher", "document", "edition", "table", "evidence"):
            if not r[c].strip():
                err(f"gwp.csv:{r['set']}/{r['gas']}: empty {c}")
        if r["evidence"] not in EVIDENCE:
            err(f"gwp.csv:{r['set']}/{r['gas']}: bad evidence")
        float(r["value"])
    if gwp.duplicated(["set", "gas", "origin"]).any():
        err("gwp.csv: duplicate (set, gas, origin)")

    ref = reference_numbers()
    if ref is None:
        print("note: no --reference folder (or no emission-factors files in it); skipped the provenance check")
    else:
        values = [
            (n, r["id"], r["value"])
            for n, df in [*list(frames.items()), ("properties.csv", props)]
            for _, r in df.iterrows()
        ]
        values += [("gwp.csv", f"{r['set']}/{r['gas']}/{r['origin']}", r["value"]) for _, r in gwp.iterrows()]
        imported = {
            r["id"]
            for df in [*frames.values(), props]
            for _, r in df.iterrows()
            if any(mark in r["note"] for mark in IMPORTED)
        }
        imported |= {r["id"] for name in GENERATED & set(frames) for _, r in frames[name].iterrows()}
        for n, rid, v in values:
            if rid not in imported and not (canon(v) & (ref | SEARCH_READ)):
                err(f"{n}:{rid}: value {v} not found in the reference or SEARCH_READ")

    counts = {n: len(df) for n, df in frames.items()}
    counts.update({"properties.csv": len(props), "gwp.csv": len(gwp), "regions.csv": len(regions)})
    for n, c in counts.items():
        print(f"{n}: {c} rows")
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  -", e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
