#!/usr/bin/env python3
"""Rebuild every generated factor CSV from the cited inputs under ``scripts/factors/inputs/``.

The one entry point over the builders, each of which reads only committed inputs (the published
tables as transcribed or extracted, each row with its source and table/cell):

* ``build_core.py``: ``emission_factors.csv`` (MEE/NBS electricity by data year, IPCC 2006,
  GB/T 32151 natural gas, China's heat default) and ``cn_ets_electricity.csv``;
* ``build_history.py``: ``us_egrid.csv`` (eGRID editions, subregions, US, split states; eGRID2018 as CO2e) and
  ``cn_national_electricity.csv``;
* ``cn_fuels.py``: ``cn_fuels.csv`` and ``cn_fuel_parameters.csv`` (each coefficient checked to be
  NCV x carbon content x oxidation x 44/12 of its published parameters);
* ``desnz.py``: ``uk_desnz.csv`` from the DESNZ/BEIS flat-file extracts;
* ``epa_mobile.py``: ``us_epa_mobile.csv`` and ``activities_mobile.csv`` (EPA Hub 2025 mobile tables);
* ``egrid_td_losses.py``: ``us_egrid_td_losses.csv`` (eGRID grid gross loss x the edition's rates);
* ``build_countries.py``: ``world_electricity.csv`` and the ISO country rows of ``regions.csv``;
* ``build_india.py``: ``in_cea_electricity.csv`` (India's CEA CO2 Baseline Database, per financial year);
* ``desnz_memo.py``: ``uk_desnz_memo.csv`` (DESNZ WTT, bioenergy, more fuels, ship and aircraft fuels,
  water, waste) and
  ``desnz_volume.py``: ``uk_desnz_volume.csv`` (UK gas per m3), both from the DESNZ extracts;
* ``epa_hub_memo.py``: ``us_epa_hub_memo.csv`` (EPA Hub 2025 Table 1, issue 14's fuels);
* ``mobile.py``: ``mobile.csv`` (IPCC Table 3.2.2 and DESNZ 2023 road rows, from ``inputs/mobile.csv``);
* ``build_markets.py``: ``residual_mixes.csv``, ``subnational_electricity.csv`` and ``eea_electricity.csv``;
* ``transcribed.py``: the files whose sources are read by eye, from their transcriptions in
  ``inputs/transcribed/`` (printed value, printed unit, cell): ``us_epa_hub.csv``,
  ``ipcc2006_manufacturing.csv``, ``district_heat.csv``, ``properties.csv``, ``gwp.csv``,
  ``gwp_fgases.csv``, ``refrigerants.csv`` and ``refrigerant_leak_rates.csv``.
* ``gas_volume.py``: the default calorific value of natural gas per m³ (its row of ``properties.csv``,
  added after ``transcribed.py``'s rows);
* ``world_td_losses.py``: ``world_td_losses.csv`` (World Bank loss rates x Ember intensities, per country);
* ``cooling_cop.py``: ``cooling_cop.csv`` (the typical chiller COP of purchased cooling without a supplier factor).

    python scripts/factors/regenerate.py            # write what differs
    python scripts/factors/regenerate.py --check    # write nothing; exit 1 when a shipped CSV differs

Shipped and built files are compared byte for byte (line ends too). No file in ``factors/`` that
carries a publisher's number is edited by hand. Not built here: the lookup tables that carry none
(``activities.csv``, ``factor_sets.csv``, the hand-kept rows of ``regions.csv``: codes, parents,
aliases) and ``us_zip_subregions.csv``, EPA's ZIP-to-subregion table as read (``build_history.py``
reads it). ``scripts/factors/inputs/README.md`` has the table of every file, its builder and inputs;
``tests/test_factors_regenerate.py`` holds the shipped files equal to what this script builds.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FACTORS = ROOT / "factors"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"factor_builders.{name}", HERE / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build() -> dict[Path, str]:
    """Every generated file's path and the text the inputs build for it."""
    out: dict[Path, str] = {}
    for name in ("build_core", "build_history", "cn_fuels"):
        out.update({FACTORS / file: text for file, text in _module(name).build().items()})
    out[FACTORS / "uk_desnz.csv"] = _module("desnz").build()
    out[FACTORS / "in_cea_electricity.csv"] = _module("build_india").build()
    mobile, mobile_activities = _module("epa_mobile").build()
    out[FACTORS / "us_epa_mobile.csv"], out[FACTORS / "activities_mobile.csv"] = mobile, mobile_activities
    out[FACTORS / "us_egrid_td_losses.csv"] = _module("egrid_td_losses").build()
    out.update(_module("build_countries").outputs())
    out[FACTORS / "uk_desnz_memo.csv"] = _module("desnz_memo").build()
    out[FACTORS / "uk_desnz_volume.csv"] = _module("desnz_volume").build()
    out[FACTORS / "us_epa_hub_memo.csv"] = _module("epa_hub_memo").build()
    out[FACTORS / "mobile.csv"] = _module("mobile").build()
    out.update(_module("build_markets").outputs())
    out.update({FACTORS / file: text for file, text in _module("transcribed").build().items()})
    out[FACTORS / "properties.csv"] = _module("gas_volume").build(out[FACTORS / "properties.csv"])
    out[FACTORS / "world_td_losses.csv"] = _module("world_td_losses").build()
    out[FACTORS / "cooling_cop.csv"] = _module("cooling_cop").build()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a shipped CSV differs")
    args = parser.parse_args(argv)
    differ = []
    for path, text in build().items():
        if path.exists() and path.read_bytes() == text.encode("utf-8"):  # byte for byte: line ends too
            continue
        differ.append(path)
        if not args.check:
            path.write_text(text, encoding="utf-8", newline="\n")
    for path in differ:
        print(f"{path.relative_to(ROOT)}: {'differs from what the inputs build' if args.check else 'written'}")
    if not differ:
        print("every generated factor CSV is up to date")
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
