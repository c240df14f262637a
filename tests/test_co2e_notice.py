"""Issue 13 (item 5, the GWP header tells the truth): a factor published only in CO2e carries its
publisher's GWP values, which ``--gwp`` cannot re-weight; each site says which ones it used (``info``).

eGRID2018 ships as eGRID's own CO2e rate (NYUP 253.889 lb/MWh): 10 MWh give 2,538.89 lb x 0.45359237 =
1,151.6211 kg CO2e under any GWP set. eGRID2020 ships per gas, which the set does weight.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import calculate

LB = 0.45359237  # kg per pound (exact)


def _site(folder: Path, year: int, gwp: str = "AR4", own: str = "") -> Path:
    (folder / "electricity.csv").write_text(
        f"start,end,quantity,unit\n{year}-01-01,{year}-12-31,10000,kWh\n", encoding="utf-8"
    )
    site = folder / "site.yaml"
    site.write_text(
        f"site: {{id: s, name: S, region: NYUP}}\nperiod: {{start: {year}-01-01, end: {year}-12-31}}\n"
        f"gwp: {gwp}\nbills:\n  - path: electricity.csv\n    activity: electricity\n" + own,
        encoding="utf-8",
    )
    return site


def _co2e_notices(inventory: object) -> list:
    return [n for n in inventory.notices if "published in CO2e" in n.message]  # type: ignore[attr-defined]


def test_issue_13_a_co2e_only_factor_used_is_named_since_the_gwp_set_cannot_reweight_it(tmp_path: Path) -> None:
    inventory = calculate([_site(tmp_path, 2018)])
    assert inventory.totals()["scope2_location"] == pytest.approx(10 * 253.889 * LB / 1000, rel=1e-12)
    said = _co2e_notices(inventory)
    assert len(said) == 1 and said[0].level == "info" and said[0].site == "s"
    assert "us-egrid2018-nyup-co2e" in said[0].message and "AR4 re-weights only" in said[0].message


def test_per_gas_factors_alone_give_no_co2e_notice(tmp_path: Path) -> None:
    assert _co2e_notices(calculate([_site(tmp_path, 2020)])) == []


def test_a_sites_own_co2e_factor_is_its_own_word_and_not_named(tmp_path: Path) -> None:
    own = "factors:\n  - {activity: electricity, gas: CO2e, value: 0.4, unit: kg/kWh, source: supplier disclosure}\n"
    inventory = calculate([_site(tmp_path, 2018, own=own)])
    assert inventory.totals()["scope2_location"] == pytest.approx(4.0, rel=1e-12)
    assert _co2e_notices(inventory) == []
