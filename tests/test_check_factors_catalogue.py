"""scripts/factors/check_factors.py knows every activity the package knows (issue 14).

The mobile activities (``diesel_road``, ``heavy_truck_diesel_km``, the EPA Hub's model-year and
non-road rows) live in the generated catalogue ``factors/activities_mobile.csv`` as well as
``activities.csv``; the checker read only the latter and called hundreds of shipped rows a
"bad activity".
"""

from __future__ import annotations

import pandas as pd
from script_modules import load_factor_script

from carbon_cli.factors.catalog import activities
from carbon_cli.factors.files import factors_root


def test_issue_14_check_factors_calls_no_shipped_activity_bad() -> None:
    checker = load_factor_script("check_factors")
    sets = pd.read_csv(factors_root() / "factor_sets.csv", dtype=str)
    shipped: set[str] = set()
    for name in [*sets["file"], "properties.csv"]:
        shipped |= set(pd.read_csv(factors_root() / name, dtype=str, usecols=["activity"])["activity"])
    assert shipped - checker.ACTIVITIES == set()
    # the rows it used to refuse: activities of the package's generated mobile catalogue
    for name in ("diesel_road", "heavy_truck_diesel_km", "recreational_equipment_lpg_nonroad", "biodiesel_road_co2"):
        assert name in activities()
        assert name in checker.ACTIVITIES
    checker.errors.clear()
    checker.check_common("us_epa_mobile.csv", _row("heavy_truck_diesel_km"), {"US"}, "ef")
    assert checker.errors == []


def test_issue_14_check_factors_still_calls_an_unknown_activity_bad() -> None:
    checker = load_factor_script("check_factors")
    checker.errors.clear()
    checker.check_common("f.csv", _row("unobtainium"), {"US"}, "ef")
    assert any("bad activity 'unobtainium'" in e for e in checker.errors)


def _row(activity: str) -> pd.DataFrame:
    row = {
        "id": "x-1",
        "activity": activity,
        "region": "US",
        "publisher": "p",
        "document": "d",
        "edition": "e",
        "table": "t",
        "evidence": "primary-via-copy",
        "basis": "",
        "year_from": "2020",
        "year_to": "",
        "value": "1",
        "unit": "kg/kWh",
        "gas": "CO2",
        "method": "",
    }
    return pd.DataFrame([row])
