"""UK (BEIS/DESNZ) factors per gas, so --gwp applies (issue 13.5), and the editions importer (13, item 1).

DESNZ publishes, beside each CO2e factor, each gas's share in CO2e: kg CO2, and kg CO2e of CH4 and of
N2O weighted with the set's GWP100 (AR4 up to the 2022 set, AR5 from 2023: from 2022 to 2023 every
fuel's CH4 share rose by 28/25 and its N2O share fell by 265/298). Before, the CO2e total was used
whatever the run's --gwp, and the report's "GWP AR6" header was untrue for UK sites. Every expected
value below is worked by hand from the published cells (scripts/factors/inputs/desnz/), with IPCC
GWP100: AR4 CH4 25, N2O 298; AR5 28, 265; AR6 fossil CH4 29.8, N2O 273.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from carbon_cli import calculate
from carbon_cli.errors import InputDataError
from carbon_cli.factors.database import gwp_table
from carbon_cli.factors.weighted import unweighted

ROOT = Path(__file__).resolve().parent.parent
SPEC = importlib.util.spec_from_file_location("desnz_importer", ROOT / "scripts" / "factors" / "desnz.py")
assert SPEC and SPEC.loader
desnz = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(desnz)

# DESNZ 2023 electricity generated, kg per kWh: CO2, CO2e of CH4 (AR5), CO2e of N2O (AR5); total 0.207074288590604
CO2, CH4_AR5, N2O_AR5 = 0.20496, 0.000896, 0.00121828859060403
CH4_KG, N2O_KG = CH4_AR5 / 28, N2O_AR5 / 265  # the masses of the gases
HAND = {
    "AR4": CO2 + CH4_KG * 25 + N2O_KG * 298,  # 0.2071300 kg CO2e/kWh
    "AR5": CO2 + CH4_AR5 + N2O_AR5,  # 0.2070743: the published total
    "AR6": CO2 + CH4_KG * 29.8 + N2O_KG * 273,  # 0.2071687
}


def uk_site(make_site, year: int, gwp: str) -> Path:
    return make_site(
        "bills:\n  - {path: e.csv, activity: electricity}\n",
        bills={"e.csv": f"start,end,quantity,unit\n{year}-01-01,{year}-12-31,10000,kWh\n"},
        region="GB",
        start=f"{year}-01-01",
        end=f"{year}-12-31",
        gwp=gwp,
    )


@pytest.mark.parametrize("gwp", ["AR4", "AR5", "AR6"])
def test_issue_13_uk_electricity_follows_the_chosen_gwp(make_site, gwp):
    inventory = calculate([uk_site(make_site, 2023, gwp)])
    assert inventory.gwp == gwp
    # 10,000 kWh x the hand factor, kg -> t
    assert inventory.totals()["scope2_location"] == pytest.approx(10_000 * HAND[gwp] / 1000, rel=1e-12)


def test_issue_13_uk_gwp_sets_give_different_totals_as_they_should(make_site):
    totals = {gwp: calculate([uk_site(make_site, 2023, gwp)]).totals()["scope2_location"] for gwp in HAND}
    assert totals["AR6"] > totals["AR4"] > totals["AR5"]
    assert totals["AR5"] == pytest.approx(2.07074288590604, rel=1e-12)  # DESNZ's own CO2e (AR5) for 10 MWh


def test_issue_13_beis_2019_shares_are_ar4_weighted(make_site):
    # BEIS 2019: 0.25358 kg CO2 + 0.00065 kg CO2e of CH4 + 0.00137 kg CO2e of N2O (AR4) = 0.2556 published
    masses = 0.00065 / 25, 0.00137 / 298
    ar6 = 0.25358 + masses[0] * 29.8 + masses[1] * 273  # 0.2556117 kg CO2e/kWh
    assert calculate([uk_site(make_site, 2019, "AR6")]).totals()["scope2_location"] == pytest.approx(
        10_000 * ar6 / 1000, rel=1e-12
    )
    assert calculate([uk_site(make_site, 2019, "AR4")]).totals()["scope2_location"] == pytest.approx(2.556, rel=1e-12)


def test_issue_13_uk_ledger_names_each_gas(make_site):
    ledger = calculate([uk_site(make_site, 2023, "AR6")]).ledger
    location = ledger[ledger["scope"] == "scope2_location"]
    assert set(location["gas"].astype(str)) == {"CH4", "CO2", "N2O"}
    ch4 = location[location["gas"] == "CH4"]
    assert ch4["factor_value"].iloc[0] == pytest.approx(CH4_KG, rel=1e-12)  # kg CH4 per kWh, not CO2e


def test_issue_13_uk_2024_gas_and_td_editions_are_shipped(make_site):
    path = make_site(
        "bills:\n  - {path: e.csv, activity: electricity}\n  - {path: g.csv, activity: natural_gas}\n",
        bills={
            "e.csv": "start,end,quantity,unit\n2024-01-01,2024-12-31,10000,kWh\n",
            "g.csv": "start,end,quantity,unit\n2024-01-01,2024-12-31,20000,kWh\n",
        },
        region="GB",
        start="2024-01-01",
        end="2024-12-31",
        gwp="AR5",
    )
    inventory = calculate([path])
    # DESNZ 2024 natural gas, kWh gross: 0.18253 + 0.00028 + 0.00009 = 0.1829 kg CO2e/kWh x 20,000 kWh = 3.658 t
    assert inventory.totals()["scope1"] == pytest.approx(3.658, rel=1e-12)
    # T&D 2024: 0.01811 + 0.00008 + 0.00011 = 0.0183 x 10,000 kWh = 0.183 t; before, 2023's 0.01792 with a notice
    td = inventory.ledger[inventory.ledger["scope"] == "scope3"]
    assert td["t_co2e"].sum() == pytest.approx(0.183, rel=1e-12)
    assert not [n for n in inventory.notices if "edition" in n.message]


def test_issue_13_shipped_uk_csv_is_what_the_importer_builds_from_the_committed_inputs():
    assert (ROOT / "factors" / "uk_desnz.csv").read_text(encoding="utf-8") == desnz.build()


def test_issue_13_importer_reads_both_flat_file_layouts(tmp_path):
    # 2019-2021 layout: GHG column with kg CO2e / kg CO2 / kg CH4 / kg N2O; 2023+ layout: ID, GHG/Unit "of ... per unit"
    old = [
        {"Scope": "Scope 2", "Level 1": "UK electricity", "Level 2": "Electricity generated",
         "Level 3": "Electricity: UK", "Level 4": "", "Column Text": "", "UOM (simple)": "kWh", "UOM": "kWh",
         "GHG": ghg, "Lookup": "Electricity: UK", "GHG Conversion Factor 2021": value}
        for ghg, value in (("kg CO2e", 0.21233), ("kg CH4", 0.0008), ("kg CO2", 0.21016), ("kg N2O", 0.00137))
    ]  # fmt: skip
    new = [
        {"ID": f"7_400_4000_5_{k}", "Scope": "Scope 2", "Level 1": "UK electricity",
         "Level 2": "Electricity generated", "Level 3": "Electricity: UK", "Level 4": "kWh", "Column Text": "",
         "UOM": "kWh", "GHG/Unit": ghg, "GHG Conversion Factor 2023": value}
        for k, ghg, value in ((1, "kg CO2e", 0.20707428859060403), (2, "kg CO2e of CO2 per unit", 0.20496),
                              (3, "kg CO2e of CH4 per unit", 0.0008960000000000001),
                              (4, "kg CO2e of N2O per unit", 0.0012182885906040267))
    ]  # fmt: skip
    for name, records in (("old.json", old), ("new.json", new)):
        (tmp_path / name).write_text(json.dumps(records), encoding="utf-8")
        desnz.extract(tmp_path / name, tmp_path)
    meta = {"file": "f", "publisher": "BEIS", "evidence": "primary-via-copy", "obtained": "test."}
    rows2021 = {r["gas"]: r["value"] for r in desnz.edition_rows(tmp_path / "desnz-2021.csv", meta)}
    rows2023 = {r["gas"]: r["value"] for r in desnz.edition_rows(tmp_path / "desnz-2023.csv", meta)}
    assert rows2021 == {"CO2": "0.21016", "CH4@AR4": "0.0008", "N2O@AR4": "0.00137"}
    # float artefacts of the cells are dropped (0.0008960000000000001 -> 0.000896), nothing else
    assert rows2023 == {"CO2": "0.20496", "CH4@AR5": "0.000896", "N2O@AR5": "0.00121828859060403"}


def test_issue_13_a_share_weighted_with_a_set_without_one_gwp_is_refused():
    table = pd.DataFrame({"id": ["x"], "gas": ["CH4@AR6"], "value": [0.001]})
    with pytest.raises(InputDataError, match="CH4@AR6"):
        unweighted(table, gwp_table(), "f.csv")  # AR6 has fossil and non-fossil CH4: ambiguous


def test_issue_13_weighted_share_becomes_the_mass_of_the_gas():
    table = pd.DataFrame(
        {"id": ["a", "b", "c"], "gas": ["CH4@AR4", "N2O@AR5", "CO2"], "value": [0.00065, 0.00265, 1.0]}
    )
    out = unweighted(table, gwp_table(), "f.csv")
    assert list(out["gas"]) == ["CH4", "N2O", "CO2"]
    assert list(out["value"]) == pytest.approx([0.00065 / 25, 0.00265 / 265, 1.0], rel=1e-15)
