"""Issue 14: memo lines of several kinds (upstream WTT, T&D losses, biogenic CO2, water, waste), biomass and
biogas, more fuels: every value worked by hand from the DESNZ flat files (the sheet rows are named).

The fixture (``tests/data/memo/``, written by ``scripts/fixtures/memo.py``) is a UK site in 2024: 38.0 t of
wood pellets, 42.0 t of biogas, 1.8 t of burning oil (kerosene), 5,000 m3 of water supplied, 4,500 m3 of
waste water, 14.2 t of commercial and industrial waste to landfill and 9.6 t incinerated.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from carbon_cli import calculate, summary
from carbon_cli.errors import ConfigError
from carbon_cli.render import excel, json_out

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "data" / "memo" / "site.yaml"
UK_OFFICE = ROOT / "sample_data" / "uk-office" / "site.yaml"

# DESNZ 2024 flat file ('Factors by Category'), kg per unit, as published:
PELLETS_S1 = 54.33654  # row 522  Bioenergy: Biomass, Wood pellets, tonnes, kg CO2e (the CH4 and N2O)
PELLETS_BIO = 1677.18  # row 8738 Outside of scopes: Biomass, Wood pellets, tonnes, kg CO2e of CO2
PELLETS_WTT = 177.0  # row 3619 WTT- bioenergy: WTT- biomass, Wood pellets, tonnes
BIOGAS_S1 = 1.26431  # row 526  Bioenergy: Biogas, Biogas, tonnes
BIOGAS_BIO = 1105.6695  # row 8742 Outside of scopes: Biogas, Biogas, tonnes
BIOGAS_WTT = 102.85714  # row 3623 WTT- bioenergy: WTT- biogas, Biogas, tonnes
KERO_CO2, KERO_CH4_AR5, KERO_N2O_AR5 = 3149.67, 8.4, 6.97181  # rows 168-170 Fuels: Burning oil, tonnes
KERO_WTT = 660.82605  # row 3498 WTT- fuels: Liquid fuels, Burning oil, tonnes
WATER_SUPPLY = 0.15311  # row 3944 Water supply, cubic metres
WATER_TREATMENT = 0.18574  # row 3946 Water treatment, cubic metres
LANDFILL = 520.3342  # row 4261 Waste disposal: Refuse, Commercial and industrial waste, Landfill
INCINERATION = 6.41061  # row 4259 ... Commercial and industrial waste, Combustion

PELLETS_T, BIOGAS_T, KERO_T = 38.0, 42.0, 1.8
# The CH4 and N2O shares are published as CO2e at AR5 (28, 265): back to masses, then AR6 (fossil 29.8, 273).
KEROSENE = KERO_T * (KERO_CO2 + KERO_CH4_AR5 / 28 * 29.8 + KERO_N2O_AR5 / 265 * 273) / 1000
SCOPE1 = (PELLETS_T * PELLETS_S1 + BIOGAS_T * BIOGAS_S1) / 1000 + KEROSENE
UPSTREAM = (PELLETS_T * PELLETS_WTT + BIOGAS_T * BIOGAS_WTT + KERO_T * KERO_WTT) / 1000
BIOGENIC = (PELLETS_T * PELLETS_BIO + BIOGAS_T * BIOGAS_BIO) / 1000
WATER = (5000 * WATER_SUPPLY + 4500 * WATER_TREATMENT) / 1000
WASTE = (14.2 * LANDFILL + 9.6 * INCINERATION) / 1000


@pytest.fixture(scope="module")
def inventory():
    return calculate([SITE])


def test_issue_14_biomass_and_biogas_ch4_n2o_are_scope_1_and_their_co2_is_a_biogenic_memo(inventory) -> None:
    # 1.8 t x (3,149.67 + 0.3 kg CH4 x 29.8 + 0.026309 kg N2O x 273) = 1.8 x 3,165.7923 = 5,698.426 kg
    assert pytest.approx(2.06478852 + 0.05310102 + 5.698426, rel=1e-6) == SCOPE1  # the sums, once by hand
    assert inventory.totals()["scope1"] == pytest.approx(SCOPE1, rel=1e-12)
    assert inventory.totals()["scope2_location"] == 0.0
    memo = summary.memo(inventory.facts)
    assert pytest.approx(63.73284 + 46.438119, rel=1e-12) == BIOGENIC
    assert memo["biogenic"] == pytest.approx(BIOGENIC, rel=1e-12)


def test_issue_14_every_memo_kind_is_its_own_line_in_order_and_never_in_the_totals(inventory) -> None:
    memo = summary.memo(inventory.facts)
    assert list(memo) == ["scope3_wtt", "biogenic", "scope3_water", "scope3_waste"]
    assert memo["scope3_wtt"] == pytest.approx(UPSTREAM, rel=1e-12)
    assert pytest.approx(6.726 + 4.31999988 + 1.18948689, rel=1e-9) == UPSTREAM
    assert memo["scope3_water"] == pytest.approx(WATER, rel=1e-12)
    assert pytest.approx(0.76555 + 0.83583, rel=1e-12) == WATER
    assert memo["scope3_waste"] == pytest.approx(WASTE, rel=1e-12)
    assert pytest.approx(7.38874564 + 0.061541856, rel=1e-12) == WASTE
    ledger = inventory.ledger
    in_totals = ledger[ledger["scope"].isin(summary.SCOPES)]
    assert set(in_totals["activity"].astype(str)) == {"wood_pellets", "biogas", "kerosene"}
    assert float(in_totals["t_co2e"].sum()) == pytest.approx(SCOPE1, rel=1e-12)


def test_issue_14_a_memo_row_traces_to_its_bill_row_and_its_own_factor(inventory) -> None:
    ledger = inventory.ledger
    rows = ledger[ledger["activity"] == "wood_pellets_biogenic"]
    assert set(rows["factor_id"].astype(str)) == {"uk-desnz-2024-wood_pellets_biogenic-co2"}
    assert set(rows["source_file"].astype(str).map(lambda p: Path(p).name)) == {"pellets.csv"}
    assert sorted(set(rows["source_row"])) == [2, 3, 4, 5]
    water = ledger[ledger["activity"] == "water_supply"]
    assert float(water["counted"].sum()) == pytest.approx(5000.0, rel=1e-12)  # 方 read as m3


def test_issue_14_json_has_a_memo_key_per_kind_and_per_site(inventory) -> None:
    doc = json_out.document(inventory)
    assert doc["memo"]["biogenic"] == pytest.approx(BIOGENIC, rel=1e-12)
    assert doc["memo"]["scope3_waste"] == pytest.approx(WASTE, rel=1e-12)
    assert doc["sites"][0]["memo"]["scope3_water"] == pytest.approx(WATER, rel=1e-12)
    assert set(doc["totals"]) == {"scope1", "scope2_location", "scope2_market"}


def test_issue_14_excel_summary_memo_block_and_by_activity_columns(inventory, tmp_path: Path) -> None:
    path = tmp_path / "park.xlsx"
    excel.save(inventory, path)
    book = load_workbook(path)
    values = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert values["Biogenic CO2 memo: outside the scopes (not in the totals)"] == pytest.approx(BIOGENIC, rel=1e-12)
    assert values["Scope 3 memo: upstream, well-to-tank (not in the totals)"] == pytest.approx(UPSTREAM, rel=1e-12)
    assert values["Scope 3 memo: water supply and treatment (not in the totals)"] == pytest.approx(WATER, rel=1e-12)
    assert values["Scope 3 memo: waste (not in the totals)"] == pytest.approx(WASTE, rel=1e-12)
    assert values["Scope 1 + 2, location-based"] == pytest.approx(SCOPE1, rel=1e-12)
    header, *body = [tuple(row) for row in book["By activity"].iter_rows(values_only=True)][1:]
    table = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    pellets = table["Wood pellets biogenic CO2 (memo)"]
    assert pellets["Biogenic CO2 memo (not in the totals)"] == pytest.approx(PELLETS_T * PELLETS_BIO / 1000, rel=1e-12)
    assert pellets["Scope 1"] == 0
    assert table["Wood pellets"]["Scope 1"] == pytest.approx(PELLETS_T * PELLETS_S1 / 1000, rel=1e-12)


def test_issue_14_terminal_shows_each_memo_line(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "carbon_cli", "calc", str(SITE)],
        capture_output=True,
        text=True,
        env={"COLUMNS": "160", "NO_COLOR": "1", "PATH": ""},
        check=True,
    ).stdout
    for label, value in (
        ("Scope 3 memo: upstream, well-to-tank (not in the totals)", UPSTREAM),
        ("Biogenic CO2 memo: outside the scopes (not in the totals)", BIOGENIC),
        ("Scope 3 memo: water supply and treatment (not in the totals)", WATER),
        ("Scope 3 memo: waste (not in the totals)", WASTE),
    ):
        line = next(line for line in out.splitlines() if label in line)
        assert f"{value:,.3f}" in line


def test_issue_14_uk_electricity_and_gas_get_their_upstream_memo_and_keep_td_losses() -> None:
    # DESNZ 2023 (the sample's year): WTT- UK electricity (generation) 0.0459 kg/kWh (row 3723), (T&D) 0.00397
    # (row 3724), WTT- fuels natural gas 0.03021 kg/kWh gross CV (row 3261). Bills: 55,000 kWh electricity
    # (15,400 + 12,800 + 12,100 + 14,700), 89,000 kWh gas (38,200 + 14,600 + 6,900 + 29,300).
    inventory = calculate([UK_OFFICE])
    upstream = (55_000 * (0.0459 + 0.00397) + 89_000 * 0.03021) / 1000
    memo = summary.memo(inventory.facts)
    assert list(memo) == ["scope3", "scope3_wtt"]
    assert memo["scope3_wtt"] == pytest.approx(upstream, rel=1e-12)
    by = inventory.ledger.groupby(inventory.ledger["activity"].astype(str))["t_co2e"].sum()
    assert by["electricity_wtt"] == pytest.approx(55_000 * 0.0459 / 1000, rel=1e-12)
    assert by["electricity_td_losses_wtt"] == pytest.approx(55_000 * 0.00397 / 1000, rel=1e-12)
    assert by["natural_gas_wtt"] == pytest.approx(89_000 * 0.03021 / 1000, rel=1e-12)


def test_issue_14_a_site_outside_the_uk_gets_no_upstream_line_without_a_factor() -> None:
    inventory = calculate([ROOT / "sample_data" / "ai-park" / "site.yaml"])
    assert summary.memo(inventory.facts) == {}
    assert "memo" not in json_out.document(inventory)


def test_issue_14_a_derived_memo_activity_cannot_be_billed(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text("start,end,quantity,unit\n2024-01-01,2024-01-31,1,t\n", encoding="utf-8")
    site = tmp_path / "site.yaml"
    site.write_text(
        "site: {id: s, region: GB}\nperiod: {start: 2024-01-01, end: 2024-12-31}\n"
        "bills:\n  - path: b.csv\n    activity: wood_pellets_biogenic\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="'wood_pellets_biogenic' is derived from other activities, not billed"):
        calculate([site])


def test_issue_14_memo_sums_every_kind_and_keeps_unknown_kinds_after_the_known_ones() -> None:
    ledger = pd.DataFrame(
        {
            "site": ["a", "a", "a", "a", "b"],
            "scope": ["scope1", "hcfc", "biogenic", "scope3", "biogenic"],
            "t_co2e": [1.0, 0.25, 2.0, 0.5, 4.0],
        }
    )
    assert summary.memo(ledger) == {"scope3": 0.5, "biogenic": 6.0, "hcfc": 0.25}
    assert summary.totals(ledger) == {"scope1": 1.0, "scope2_location": 0.0, "scope2_market": 0.0}
    assert summary.site_memo(ledger, ["a", "b", "c"]) == {
        "a": {"scope3": 0.5, "biogenic": 2.0, "hcfc": 0.25},
        "b": {"biogenic": 4.0},
    }


def test_issue_14_shipped_memo_factors_are_what_the_extracts_build() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "factors" / "desnz_memo.py"), "build", "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_14_json_output_of_the_fixture_is_valid_and_keeps_the_contract(inventory) -> None:
    doc = json.loads(json_out.render(inventory))
    assert doc["schema"] == "carbon.inventory/1"
    scopes = {row["scope"] for row in doc["breakdown"]}
    assert scopes == {"scope1", "scope3_wtt", "biogenic", "scope3_water", "scope3_waste"}
