#!/usr/bin/env python3
"""Build ``factors/us_egrid_td_losses.csv`` (set ``us-egrid-td``): US T&D losses of purchased electricity.

The GHG Protocol's Scope 3 Calculation Guidance, category 3, activity C (transmission and distribution
losses): emissions = electricity consumed x the grid's T&D loss rate x the grid's generation emission
factor. EPA's eGRID publishes that loss rate as the **grid gross loss** (%) of each subregion (the rate
of its interconnection, from EIA's state electricity profiles) and of the U.S., in Table 1 of its
summary tables, next to the subregion's total output emission rates; the GHG Emission Factors Hub
reprints both in Table 6 ("Grid gross loss % factors provide the Transmission & Distribution loss rates
for electricity only, and should not be applied to scope 2 emissions for an end-user. They can assist in
calculating one component of Scope 3 Category 3").

Inputs (``scripts/factors/inputs/``): ``egrid_grid_gross_loss.csv`` (edition, region, the loss rate as a
fraction, as stored in the workbook cell it names), ``egrid_rates.csv`` (the same edition's total output
emission rates, lb/MWh) and ``egrid_sources.csv`` (how each workbook was read). One row per edition,
region and gas: ``electricity_td_losses`` = loss rate x rate, lb per MWh consumed; for each state
several subregions serve, the U.S. loss rate x eGRID's state output emission rate (the rate its Scope 2
uses). An edition whose loss rate is blank or 0 (Puerto Rico: eGRID2019 prints 0, later editions
nothing) gets no row.

    python scripts/factors/egrid_td_losses.py            # write the CSV
    python scripts/factors/egrid_td_losses.py --check    # exit 1 when the shipped CSV differs

Run through ``scripts/factors/regenerate.py``; ``tests/test_td_losses_us.py`` holds shipped = built.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_history

from carbon_cli.factors import FACTOR_COLUMNS

sys.path.insert(0, str(Path(__file__).resolve().parent))
import builder_cli

ROOT = Path(__file__).resolve().parents[2]
INPUTS = Path(__file__).resolve().parent / "inputs"
OUTPUT = ROOT / "factors" / "us_egrid_td_losses.csv"
EPA = "US Environmental Protection Agency (EPA)"
COLUMNS = list(FACTOR_COLUMNS)
GASES = (("CO2", "co2"), ("CH4", "ch4"), ("N2O", "n2o"))
TABLES = {"egrid2019-summary": "Table 1", "egrid2021-summary": "Table 1", "hub2025-table6": "Table 6 Electricity"}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rows(
    losses: Sequence[dict[str, str]], rates: Sequence[dict[str, str]], sources: dict[str, dict[str, str]]
) -> list[dict]:
    """One factor row per edition, region (subregion or U.S.) and gas with a published loss rate."""
    rate_of = {(r["edition"], r["level"], r["code"]): r for r in rates}
    out = []
    for loss in losses:
        share = float(loss["grid_gross_loss"] or 0)
        if share <= 0:
            continue
        edition, level, code = loss["edition"], loss["level"], loss["code"]
        rate = rate_of[(edition, level, code)]
        source = sources[loss["source"]]
        region, key = ("US", "us") if level == "us" else (f"US-EGRID-{code}", code.lower())
        where = "the U.S." if level == "us" else f"{code} ({loss['name']})"
        for gas, column in GASES:
            published = float(rate[column])
            out.append(
                {
                    "id": f"us-egrid{loss['data_year']}-td-{key}-{gas.lower()}",
                    "activity": "electricity_td_losses",
                    "region": region,
                    "year_from": loss["data_year"],
                    "year_to": loss["data_year"],
                    "gas": gas,
                    "value": repr(round(share * published, 12)),
                    "unit": "lb/MWh",
                    "method": "",
                    "basis": "",
                    "publisher": EPA,
                    "document": source["document"],
                    "edition": source["edition"],
                    "table": f"{TABLES[loss['source']]}: grid gross loss (%) x total output emission rate, {where}",
                    "evidence": source["evidence"],
                    "note": (
                        f"T&D losses of purchased electricity (GHG Protocol Scope 3 category 3, activity C: "
                        f"consumption x loss rate x generation factor): grid gross loss {share:g} ({loss['cell']}) "
                        f"x {gas} total output emission rate {rate[column]} lb/MWh of {edition}, lb per MWh consumed. "
                        f"A memo line, never Scope 2. Workbook read as egrid_sources.csv says for {loss['source']}."
                    ),
                }
            )
    return out


def state_rows(
    losses: Sequence[dict[str, str]],
    rates: Sequence[dict[str, str]],
    sources: dict[str, dict[str, str]],
    split: set[str],
) -> list[dict]:
    """Rows for the states several subregions serve, whose electricity is eGRID's state output emission rate:
    that rate x the U.S. grid gross loss of the same edition (eGRID prints no loss rate per state, and such a
    state can span interconnections), so the memo line follows the site's own Scope 2 factor."""
    us = {r["edition"]: r for r in losses if r["level"] == "us" and float(r["grid_gross_loss"] or 0) > 0}
    out = []
    for rate in rates:
        if rate["level"] != "state" or rate["code"] not in split or rate["edition"] not in us:
            continue
        loss, code = us[rate["edition"]], rate["code"]
        share, source = float(loss["grid_gross_loss"]), sources[rate["source"]]
        for gas, column in GASES:
            out.append(
                {
                    "id": f"us-egrid{rate['data_year']}-td-state-{code.lower()}-{gas.lower()}",
                    "activity": "electricity_td_losses",
                    "region": f"US-{code}",
                    "year_from": rate["data_year"],
                    "year_to": rate["data_year"],
                    "gas": gas,
                    "value": repr(round(share * float(rate[column]), 12)),
                    "unit": "lb/MWh",
                    "method": "",
                    "basis": "",
                    "publisher": EPA,
                    "document": source["document"],
                    "edition": source["edition"],
                    "table": f"Table 1 U.S. grid gross loss (%) x Table 3 state output emission rate: {code}",
                    "evidence": source["evidence"],
                    "note": (
                        "T&D losses of purchased electricity (GHG Protocol Scope 3 category 3, activity C) for a "
                        f"site in {code} that names neither its subregion nor its ZIP code: the U.S. grid gross "
                        f"loss {share:g} "
                        f"({loss['cell']}; eGRID prints none per state) x {code}'s {gas} state output emission rate "
                        f"{rate[column]} lb/MWh of {rate['edition']}, the rate its Scope 2 uses: an approximation, as "
                        "that rate is. A memo line, never Scope 2."
                    ),
                }
            )
    return out


def build(inputs: Path = INPUTS) -> str:
    sources = {row["source"]: row for row in read(inputs / "egrid_sources.csv")}
    losses, rates = read(inputs / "egrid_grid_gross_loss.csv"), read(inputs / "egrid_rates.csv")
    split = build_history.split_states(read(ROOT / "factors" / "us_zip_subregions.csv"))
    table = rows(losses, rates, sources) + state_rows(losses, rates, sources, split)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    return builder_cli.write_or_check(
        argv, doc=__doc__, outputs={OUTPUT: build()}, script="scripts/factors/egrid_td_losses.py"
    )


if __name__ == "__main__":
    sys.exit(main())
