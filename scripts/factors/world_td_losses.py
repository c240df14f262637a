#!/usr/bin/env python3
"""Build ``factors/world_td_losses.csv`` (set ``world-td``): T&D losses of purchased electricity outside the
UK and the US, per country and data year (issue 14, Scope 3 category 3 memo line).

The GHG Protocol's Scope 3 Calculation Guidance, category 3, activity C (transmission and distribution
losses): emissions = electricity consumed x the grid's T&D loss rate x the grid's generation emission
factor; the same rule as DESNZ's T&D factor (GB) and ``egrid_td_losses.py`` (US). Here:

* the loss rate is the World Bank's World Development Indicator EG.ELC.LOSS.ZS, "Electric power
  transmission and distribution losses (% of output)" (source: IEA; data CC BY 4.0), per country and year,
  committed as ``scripts/factors/inputs/wdi_td_losses.csv`` (see the inputs README for the copy read);
* the generation factor is the country's row of ``factors/world_electricity.csv`` for the same year
  (Ember's life-cycle g CO2e per kWh generated, via Our World in Data), as ``build_countries.py`` builds it.

One CO2e row per country and year where both exist: loss % / 100 x the intensity, g CO2e per kWh
consumed. CN, US and GB have no Ember row (they keep their national factors; GB and US ship their own
T&D factors), so no row here. Ids ``wb-ember-<year>-td-<country>-co2e``: the selection rule reports each
use as the approximation a life-cycle factor is (``carbon_cli/factors/lifecycle.py``), and a loss rate of
another year as a ``warning`` (``carbon_cli/factors/td_losses.py``).

    python scripts/factors/world_td_losses.py            # write the CSV
    python scripts/factors/world_td_losses.py --check    # exit 1 when the shipped CSV differs

Run through ``scripts/factors/regenerate.py``; ``tests/test_td_losses_world.py`` holds shipped = built.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from carbon_cli.factors import FACTOR_COLUMNS

sys.path.insert(0, str(Path(__file__).resolve().parent))
import builder_cli

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
INPUTS = HERE / "inputs"
OUTPUT = ROOT / "factors" / "world_td_losses.csv"
ID_PREFIX = "wb-ember-"
PUBLISHER = "World Bank WDI (from IEA) x Ember via OWID, both CC BY 4.0"
DOCUMENT = "WDI EG.ELC.LOSS.ZS (% of output) x OWID carbon_intensity_elec"
NOTE = (
    "Scope 3 cat. 3 memo: consumption x loss rate (incl. pilferage) x life-cycle generation intensity; "
    "see factors/README.md, T&D losses outside the UK and the US."
)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _countries() -> ModuleType:
    spec = importlib.util.spec_from_file_location("factor_builders.build_countries_td", HERE / "build_countries.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(losses: Sequence[dict[str, str]], grid: Sequence[dict[str, str]], alpha2: dict[str, str]) -> list[dict]:
    """One CO2e row per country and year with both a loss rate and a grid intensity, in the grid's order."""
    loss_of = {(alpha2[r["iso_code"]], r["year"]): r for r in losses if r["iso_code"] in alpha2 and r["loss_pct"]}
    out = []
    for factor in grid:
        code, year = factor["region"], factor["year_from"]
        loss = loss_of.get((code, year))
        if loss is None:
            continue
        share = float(loss["loss_pct"]) / 100
        out.append(
            {
                "id": f"{ID_PREFIX}{year}-td-{code.lower()}-co2e",
                "activity": "electricity_td_losses",
                "region": code,
                "year_from": year,
                "year_to": year,
                "gas": "CO2e",
                "value": repr(round(share * float(factor["value"]), 9)),
                "unit": "g/kWh",
                "method": "",
                "basis": "",
                "publisher": PUBLISHER,
                "document": DOCUMENT,
                "edition": "WDI 2026-02-24",
                "table": (
                    f"{loss['iso_code']} {year}: {loss['loss_pct']} % x {factor['value']} g/kWh ({factor['id']})"
                ),
                "evidence": "single-secondary",
                "note": NOTE,
            }
        )
    return out


def build(inputs: Path = INPUTS) -> str:
    countries = _countries()
    alpha2 = {row["alpha_3"]: row["alpha_2"] for row in read(inputs / "iso3166_1.csv")}
    table = rows(read(inputs / "wdi_td_losses.csv"), countries.factor_rows(), alpha2)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(FACTOR_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    return builder_cli.write_or_check(
        argv, doc=__doc__, outputs={OUTPUT: build()}, script="scripts/factors/world_td_losses.py"
    )


if __name__ == "__main__":
    sys.exit(main())
