"""`carbon init` scaffolds every YAML block of issue 14, commented, and each one is valid once uncommented.

The issue's "Done when": "`carbon init` scaffolds the new YAML blocks, commented". Nothing held the
commented blocks to the config model, and some activities had no block at all (district heating,
kerosene / fuel oil / coke / CNG / LNG / propane, steam by pressure and temperature, the cooling
supplier's factor, the opt-in T&D sets).
"""

from __future__ import annotations

import re
from pathlib import Path

from carbon_cli import config, scaffold

#: What the scaffold must show a user, per activity of the issue (a key or value in its YAML).
WANTED = {
    "refrigerants": ["refrigerants:", "method: screening", "mass_balance", "leak_rate:"],
    "mobile fuel and distance": ["vehicle: heavy_truck", "model_year:", "distance_unit:", "engine:"],
    "on-site generation": ["光伏发电", "上网电量", "self_consumed_certificates_sold_kwh:", "view: gbt51366"],
    "steam by the tonne": ["steam_enthalpy:", "steam_pressure:", "steam_temperature:"],
    "purchased cooling": ["activity: cooling", "冷吨时", "activity: cooling, gas: CO2e"],
    "district heating": ["activity: heat", "热力"],
    "biomass and blends": ["wood_pellets", "biogas", "blend: B20"],
    "more fuels": ["activity: kerosene", "fuel_oil", "coke", "cng", "lng", "propane"],
    "scope 3 category 3": ["factor_sets:", "us-egrid-td", "world-td"],
    "water and waste": ["water_supply", "waste_landfill"],
}

_BILL = re.compile(r"^  # (- |  [a-z_]+:)")
_TOP = re.compile(r"^# ([a-z_]+:| +[a-z_#{-])")


def _uncommented(text: str) -> str:
    out = []
    for line in text.splitlines():
        if _BILL.match(line):
            line = "  " + line[4:]
        elif _TOP.match(line):
            line = line[2:]
        out.append(line)
    return "\n".join(out) + "\n"


def test_issue_14_init_shows_a_commented_block_for_every_activity_of_the_issue(tmp_path: Path) -> None:
    scaffold.init(tmp_path / "site", year=2024)
    text = (tmp_path / "site" / "site.yaml").read_text(encoding="utf-8")
    missing = {area: [w for w in words if w not in text] for area, words in WANTED.items()}
    assert {area: words for area, words in missing.items() if words} == {}


def test_issue_14_every_commented_block_is_valid_yaml_for_the_config_once_uncommented(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    scaffold.init(folder, year=2024)
    text = _uncommented((folder / "site.yaml").read_text(encoding="utf-8"))
    for path in re.findall(r"path: (bills/[\w.-]+)", text):
        (folder / path).touch()
    (folder / "site.yaml").write_text(text, encoding="utf-8")
    loaded = config.load(folder / "site.yaml")
    assert len(loaded.bills) > 10
    assert loaded.refrigerants is not None and loaded.onsite is not None
    assert {b.vehicle for b in loaded.bills} >= {"heavy_truck", "construction_equipment", "bus", "aircraft"}
    assert {str(b.activity) for b in loaded.bills} >= {"heat", "cooling", "kerosene", "water_supply"}
    assert [f.activity for f in loaded.factors] == ["cooling"]
    assert "us-egrid-td" in loaded.factor_sets
