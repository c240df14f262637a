#!/usr/bin/env python3
"""Build the residual mixes and the sub-national grid factors from the committed inputs.

Reads (all under ``scripts/factors/inputs/``, each file as read from its source; where each was
read is in ``inputs/README.md``):

* ``residual/green_e_2018.csv``: Green-e Residual Mix Emissions Rates, 2018 release (data year
  2016), kg CO2 per kWh per eGRID subregion and Canadian province;
* ``residual/aib_2018.csv``: AIB European Residual Mixes 2018 (v1.2), Table 2, direct CO2, kg per kWh;
* ``residual/aib_2023_2025.csv``: AIB European Residual Mixes 2023 (v1.0) and 2025 (v1.0), sheet
  "Residual Mixes", column Q "CO2 (gCO2/kWh)"; "N/A"/"NA" (full disclosure) are left out, never 0;
* ``residual/aib_2024.csv``: AIB European Residual Mixes 2024, the same column (g CO2 per kWh) of the
  2025-05-30 results workbook; Austria and the Netherlands (full disclosure) left out, never 0;
* ``residual/green_e_2025.csv``: Green-e Residual Mix Emissions Rates, 2025 release (data year 2023),
  CO2 lb per MWh per eGRID subregion;
* ``subnational/nga_2024_table_1.csv``: DCCEEW National Greenhouse Accounts Factors 2024, Table 1,
  scope 2 per state (kg CO2-e per kWh), and the national residual mix factor of Table 2;
* ``subnational/eccc_2026_table_5_4.csv``: ECCC Emission factors and reference values v4.0, Table 5.4,
  electricity consumption intensity per province and territory (g CO2e per kWh), data year 2024.

* ``eea/eea_ghg_intensity_2024_release.csv``: EEA "Greenhouse gas emission intensity of electricity
  generation", country level, the release with data to 2024 (g CO2e per kWh), data years 2023 and 2024.

Writes ``factors/residual_mixes.csv`` (set ``residual-mix``: ``method`` market),
``factors/subnational_electricity.csv`` (set ``subnational``: ``method`` location) and
``factors/eea_electricity.csv`` (opt-in set ``eea``: ``method`` location), in the columns of every
factor file. ``--check`` writes nothing and exits 1 when a shipped file differs.
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


#: Green-e's Canadian rows (by NERC region, one value per province) -> ISO 3166-2 codes.
CANADA = {
    "Newfoundland and Labrador": "CA-NL",
    "Quebec": "CA-QC",
    "Ontario": "CA-ON",
    "Manitoba": "CA-MB",
    "Saskatchewan": "CA-SK",
    "Alberta": "CA-AB",
    "British Columbia": "CA-BC",
}

#: AIB 2018's country names (as in the copy read) -> ISO 3166-1 alpha-2.
AIB_COUNTRIES = {
    "Austria": "AT",
    "Belgium": "BE",
    "Bulgaria": "BG",
    "Croatia": "HR",
    "Cyprus": "CY",
    "Czech Republic": "CZ",
    "Denmark": "DK",
    "Estonia": "EE",
    "Finland": "FI",
    "France": "FR",
    "Germany": "DE",
    "United Kingdom": "GB",
    "Greece": "GR",
    "Hungary": "HU",
    "Iceland": "IS",
    "Ireland": "IE",
    "Italy": "IT",
    "Latvia": "LV",
    "Lithuania": "LT",
    "Luxembourg": "LU",
    "Malta": "MT",
    "Netherlands": "NL",
    "Norway": "NO",
    "Poland": "PL",
    "Portugal": "PT",
    "Romania": "RO",
    "Slovakia": "SK",
    "Slovenia": "SI",
    "Spain": "ES",
    "Sweden": "SE",
    "Switzerland": "CH",
}

#: Rows read but not loaded, and why (factors/README.md, "Left out, and why").
NOT_LOADED = {
    "GB": "AIB's 2018 figure for the United Kingdom is the only GB residual mix read; as the closest earlier "
    "edition it would stand in for every later year (2023: five years of grid change and certificate sales), "
    "and it would change the uk-office sample's market-based total: left for the maintainers to decide",
}

RESIDUAL_NOTE = (
    "Residual mix for market-based Scope 2: the emissions of the energy left after the certificates "
    "sold apart from it are taken out; applied to electricity no instrument or supplier factor covers."
)

GREEN_E = {
    "publisher": "Center for Resource Solutions (CRS), Green-e Energy",
    "document": "Green-e Residual Mix Emissions Rates (2018 release, data year 2016)",
    "edition": "2018",
    "table": "Green-e residual mix emissions rate per eGRID subregion (U.S.) and NERC region (Canada), CO2",
    "evidence": "single-secondary",
}
GREEN_E_HOW = (
    "kg CO2 per kWh as in the copy read: the table 'Green-e Energy Residual Mix Emissions Rates (2018)' "
    "republished in the public repository djaodjin/djaopsp (djaopsp/static/js/ef-residual-mix-market-based.js, "
    "CO2 column; CH4 and N2O are not given there, so the residual mix counts CO2 only). Data year 2016: "
    "green-e.org's residual-mix pages say each release uses the data of two calendar years before "
    "('2021 ... Rates (2019 Data)'), and the NYUP value, 294.7 lb/MWh, equals eGRID2016's NYUP rate."
)

AIB_2018 = {
    "publisher": "Association of Issuing Bodies (AIB), calculation by Grexel Systems",
    "document": "European Residual Mixes 2018, v1.2 (July 2019)",
    "edition": "2018",
    "table": "Table 2, residual mix, direct GWP (g CO2/kWh)",
    "evidence": "single-secondary",
}
AIB_2018_HOW = (
    "kg CO2 per kWh as in the copy read (Table 2's g/kWh / 1000): the public repository djaodjin/djaopsp "
    "(djaopsp/static/js/ef-residual-mix-market-based.js), whose source field reads 'European Residual Mixes "
    "2018 v1.2 (published July 2019) - Table 2, Direct GWP (gCO2/kWh)'. Direct emissions, CO2."
)

AIB_LATER = {
    "2023": {
        "publisher": "Association of Issuing Bodies (AIB), calculation by Grexel Systems",
        "document": "European Residual Mixes 2023, Version 1.0 (2024-05-30): AIB-2023-residual-mix-results.xlsx",
        "edition": "2023",
        "table": "sheet 'Residual Mixes', column Q 'CO2 (gCO2/kWh)' (PDF Table 2, pp. 7-8)",
        "evidence": "single-secondary",
    },
    "2025": {
        "publisher": "Association of Issuing Bodies (AIB), calculation by Grexel Systems",
        "document": "European Residual Mixes 2025, Version 1.0 (2026-05-26): "
        "AIB-2025-residual-mix-results-25052026.xlsx",
        "edition": "2025",
        "table": "sheet 'Residual Mixes', column Q 'CO2 (gCO2/kWh)' (PDF Table 2, pp. 7-8)",
        "evidence": "single-secondary",
    },
}
AIB_2024 = {
    "publisher": "Association of Issuing Bodies (AIB), calculation by Grexel Systems",
    "document": "European Residual Mixes 2024 (results of 2025-05-30: AIB-2024-residual-mix-results-30052025.xlsx; "
    "Version 1.1 of 2025-08-11)",
    "edition": "2024",
    "table": "sheet 'Residual Mixes', column Q 'CO2 (gCO2/kWh)' (PDF Table 2)",
    "evidence": "single-secondary",
}
AIB_2024_HOW = (
    "As held ({how}) in the public repository themisiqco/themisiq, lib/ghg/engine.ts, whose comment names 'AIB "
    "European Residual Mixes 2024 (publ. 2025-05-30)' as the source, g CO2 per kWh; lib/ghg/factors/aib-2024.ts "
    "says these 2024 values come from the 'Residual Mixes' sheet's CO2 column (Q). The EU members only."
)

GREEN_E_2025 = {
    "publisher": "Center for Resource Solutions (CRS), Green-e Energy",
    "document": "Green-e Residual Mix Emissions Rates, 2025 release (data year 2023), published 2026-01-29",
    "edition": "2025 (data year 2023)",
    "table": "Green-e residual mix ('Adjusted System Mix') CO2 emission rate per eGRID subregion (lb/MWh)",
    "evidence": "single-secondary",
}
GREEN_E_2025_HOW = (
    "lb CO2 per MWh as held in the public repository themisiqco/themisiq (lib/ghg/engine.ts, RESIDUAL_US, the co2 "
    'field, whose comment reads \'Green-e "2025 Residual Mix" (2023 data, publ. 2026-01-29, CRS) supplies '
    "residual CO2 (\"Adjusted System Mix\", lb/MWh)'). Its CH4 and N2O fields are eGRID2023's grid rates, not a "
    "residual mix, so they are not loaded: the residual mix counts CO2 only. Data year 2023."
)

AIB_LATER_HOW = (
    "As printed (g CO2 per kWh; '{printed}' in the source), cell {cell}, read in the public repository "
    "themisiqco/themisiq (lib/ghg/factors/aib-{edition}.ts), which states each value was checked against "
    "the PDF's Table 2. AIB covers the EU members only in that copy."
)

NGA = {
    "publisher": "Department of Climate Change, Energy, the Environment and Water (DCCEEW), Australia",
    "document": "National Greenhouse Accounts Factors 2024 (August 2024)",
    "edition": "2024",
    "evidence": "single-secondary",
}
NGA_HOW = (
    "kg CO2-e per kWh as printed (gases combined on AR5 GWPs by the publisher), read in the public repository "
    "themisiqco/themisiq (lib/ghg/factors/nga-2024.ts), which transcribes the PDF page by page. NGA states its "
    "electricity data are for financial years ending in June; the row carries the edition (reporting) year, "
    "as DESNZ rows do."
)

ECCC = {
    "publisher": "Environment and Climate Change Canada (ECCC)",
    "document": "Emission factors and reference values, Version 4.0 (September 2026)",
    "edition": "v4.0 (data year 2024)",
    "table": "Table 5.4: Electricity consumption intensities (g CO2e/kWh electricity consumed)",
    "evidence": "single-secondary",
}
ECCC_HOW = (
    "g CO2e per kWh consumed, as printed, read in the public repository themisiqco/themisiq "
    "(lib/ghg/factors/eccc-2026.ts). Data year 2024: the table's footnote cites the National Inventory "
    "Report 1990-2024, Part 3, Tables A7-2 to A7-14 (as that copy quotes footnote 42). Per kWh consumed, "
    "as the table's title says."
)


EEA = {
    "publisher": "European Environment Agency (EEA)",
    "document": "Greenhouse gas emission intensity of electricity generation, country level "
    "(indicator data, temporal coverage 1990-2024, published 2025-11-06)",
    "edition": "2025 (data to 2024)",
    "evidence": "single-secondary",
}
EEA_HOW = (
    "g CO2e per kWh generated as printed, read in the public repository themisiqco/themisiq "
    "(lib/ghg/factors/eea-2023.ts and eea-2024.ts, from the CSV export of the indicator's chart, the "
    "comma-separated block; the 2023 column of this release revises the earlier release's 2023 values). "
    "Greenhouse gas emissions of electricity generation (combustion at the plants, no upstream emissions) "
    "per kWh generated: a combustion-based grid factor, unlike Ember's life-cycle intensity."
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _row(**fields: str) -> dict[str, str]:
    row = dict.fromkeys(FACTOR_COLUMNS, "")
    row.update(activity="electricity", **fields)
    return row


def residual_rows() -> list[dict[str, str]]:
    """The market-method rows: Green-e, AIB and the NGA national residual mix factor."""
    rows = []
    for item in read_csv(INPUTS / "residual" / "green_e_2018.csv"):
        name = item["subregion"]
        region = CANADA.get(name) or f"US-EGRID-{name}"
        slug = region.lower().removeprefix("us-egrid-")
        rows.append(
            _row(
                id=f"green-e-2016-elec-{slug}-co2",
                region=region,
                year_from="2016",
                year_to="2016",
                gas="CO2",
                value=item["co2_kg_per_kwh"],
                unit="kg/kWh",
                method="market",
                **GREEN_E,
                note=f"{RESIDUAL_NOTE} Row '{name}'. {GREEN_E_HOW}",
            )
        )
    for item in read_csv(INPUTS / "residual" / "green_e_2025.csv"):
        name = item["subregion"]
        rows.append(
            _row(
                id=f"green-e-2023-elec-{name.lower()}-co2",
                region=f"US-EGRID-{name}",
                year_from="2023",
                year_to="2023",
                gas="CO2",
                value=item["co2_lb_per_mwh"],
                unit="lb/MWh",
                method="market",
                **GREEN_E_2025,
                note=f"{RESIDUAL_NOTE} Row '{name}'. {GREEN_E_2025_HOW}",
            )
        )
    for item in read_csv(INPUTS / "residual" / "aib_2018.csv"):
        code = AIB_COUNTRIES[item["country"]]
        if code in NOT_LOADED:
            continue
        rows.append(
            _row(
                id=f"aib-2018-elec-{code.lower()}-co2",
                region=code,
                year_from="2018",
                year_to="2018",
                gas="CO2",
                value=item["co2_kg_per_kwh"],
                unit="kg/kWh",
                method="market",
                **AIB_2018,
                note=f"{RESIDUAL_NOTE} Row '{item['country']}'. {AIB_2018_HOW}",
            )
        )
    for item in read_csv(INPUTS / "residual" / "aib_2023_2025.csv"):
        if not item["co2_g_per_kwh"]:
            continue  # full disclosure: AIB publishes no residual mix ("N/A"), which is not a zero
        edition = item["edition"]
        how = AIB_LATER_HOW.format(printed=item["printed"], cell=item["cell"], edition=edition)
        rows.append(
            _row(
                id=f"aib-{edition}-elec-{item['country'].lower()}-co2",
                region=item["country"],
                year_from=edition,
                year_to=edition,
                gas="CO2",
                value=item["co2_g_per_kwh"],
                unit="g/kWh",
                method="market",
                **AIB_LATER[edition],
                note=f"{RESIDUAL_NOTE} Row {item['country']} (GR for Greece). {how}",
            )
        )
    for item in read_csv(INPUTS / "residual" / "aib_2024.csv"):
        if not item["co2_g_per_kwh"]:
            continue  # full disclosure (Austria, the Netherlands): no residual mix, which is not a zero
        code = item["country"]
        rows.append(
            _row(
                id=f"aib-2024-elec-{code.lower()}-co2",
                region=code,
                year_from="2024",
                year_to="2024",
                gas="CO2",
                value=item["co2_g_per_kwh"],
                unit="g/kWh",
                method="market",
                **AIB_2024,
                note=f"{RESIDUAL_NOTE} Row {code} (GR for Greece, EL in the copy). "
                f"{AIB_2024_HOW.format(how=item['how'])}",
            )
        )
    rows.append(
        _row(
            id="au-nga-2024-elec-au-market-co2e",
            region="AU",
            year_from="2024",
            year_to="2024",
            gas="CO2e",
            value="0.81",
            unit="kg/kWh",
            method="market",
            **NGA,
            table="Table 2: market-based method, national residual mix factor (scope 2, kg CO2-e/kWh), p. 9",
            note=f"{RESIDUAL_NOTE} Australia publishes one national residual mix factor. {NGA_HOW}",
        )
    )
    return rows


def subnational_rows() -> list[dict[str, str]]:
    """The location-method rows of Canadian provinces and Australian states."""
    rows = []
    for item in read_csv(INPUTS / "subnational" / "nga_2024_table_1.csv"):
        region = item["region"]
        rows.append(
            _row(
                id=f"au-nga-2024-elec-{region.lower()}-co2e",
                region=region,
                year_from="2024",
                year_to="2024",
                gas="CO2e",
                value=item["kg_co2e_per_kwh"],
                unit="kg/kWh",
                method="location",
                **NGA,
                table=f"Table 1: scope 2 emission factors, row '{item['row']}', p. {item['page']}",
                note=f"Location-based Scope 2 of the state's grid. {NGA_HOW}",
            )
        )
    for item in read_csv(INPUTS / "subnational" / "eccc_2026_table_5_4.csv"):
        region = f"CA-{item['province']}"
        rows.append(
            _row(
                id=f"ca-eccc-2024-elec-{region.lower()}-co2e",
                region=region,
                year_from="2024",
                year_to="2024",
                gas="CO2e",
                value=item["g_co2e_per_kwh"],
                unit="g/kWh",
                method="location",
                **ECCC,
                note=f"Location-based Scope 2 of the province's grid, row {item['province']}. {ECCC_HOW}",
            )
        )
    return rows


def eea_rows() -> list[dict[str, str]]:
    """The EEA's per-country intensities of the EU members (location method, CO2e)."""
    rows = []
    for item in read_csv(INPUTS / "eea" / "eea_ghg_intensity_2024_release.csv"):
        code, year = item["country"], item["year"]
        rows.append(
            _row(
                id=f"eea-{year}-elec-{code.lower()}-co2e",
                region=code,
                year_from=year,
                year_to=year,
                gas="CO2e",
                value=item["g_co2e_per_kwh"],
                unit="g/kWh",
                method="location",
                **EEA,
                table=f"country level, column {year}, row of country {code} (Greece is EL at the EEA)",
                note=f"Location-based Scope 2 of an EU member's grid. {EEA_HOW}",
            )
        )
    return rows


def render(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FACTOR_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def outputs() -> dict[Path, str]:
    return {
        FACTORS / "residual_mixes.csv": render(residual_rows()),
        FACTORS / "subnational_electricity.csv": render(subnational_rows()),
        FACTORS / "eea_electricity.csv": render(eea_rows()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="Write nothing; exit 1 when a shipped file differs.")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print(f"out of date: {', '.join(stale)} (run python scripts/factors/build_markets.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
