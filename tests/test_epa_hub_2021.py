"""Issue 13: a US fuel bill of 2021 meets the EPA Hub edition of its year, not a later one; 2022 and 2023
bills the latest earlier edition (2021), saying so (the Hub 2022 and 2023 workbooks were not read).

Until now the only EPA Hub stationary-combustion edition shipped was 2024 (Table 1), so a 2021 US gas
or diesel bill took "the 2024 edition, a later year's factor" with a ``warning`` and ``--strict``
refused a US base year although EPA published the very same values for it. The Hub 2021 workbook's
Table 1 (EPA's ``ghg-emission-factors-hub-2021.xlsx``, 'Last Modified: 15 September 2021', sheet
'Emission Factors Hub', read cell by cell) now ships: every expected value below is that workbook's
cell, as printed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import calculate, factors

#: EPA GHG Emission Factors Hub 2021, Table 1: (HHV heat content, kg CO2, g CH4, g N2O per mmBtu).
HUB_2021 = {
    "natural_gas": (0.001026, 53.06, 1.0, 0.10),  # row 38 'Natural Gas', mmBtu per scf
    "diesel": (0.138, 73.96, 3.0, 0.60),  # row 55 'Distillate Fuel Oil No. 2', mmBtu per gallon
    "gasoline": (0.125, 70.22, 3.0, 0.60),  # row 66 'Motor Gasoline'
    "lpg": (0.092, 61.71, 3.0, 0.60),  # row 64 'Liquefied Petroleum Gases (LPG)'
    "coal": (24.93, 93.28, 11.0, 1.6),  # row 18 'Bituminous Coal', mmBtu per short ton
}


def _hub_2021_choice(activity: str, year: int) -> dict[str, factors.Choice]:
    chain = factors.region_chain("US-TX")[0]
    chosen = factors.select_gases(factors.factor_table(()), activity, chain, year, "location")
    _, co2, ch4, n2o = HUB_2021[activity]
    assert {gas: (c.row["id"], float(c.row["value"])) for gas, c in chosen.items()} == {
        "CO2": (f"us-epa-hub2021-{activity}-co2", co2),
        "CH4": (f"us-epa-hub2021-{activity}-ch4", ch4),
        "N2O": (f"us-epa-hub2021-{activity}-n2o", n2o),
    }
    return chosen


@pytest.mark.parametrize("activity", sorted(HUB_2021))
def test_issue_13_a_us_fuel_of_2021_takes_the_hub_2021_edition_exactly(activity: str) -> None:
    chosen = _hub_2021_choice(activity, 2021)
    assert not any("edition" in note for c in chosen.values() for note in c.fallbacks)


@pytest.mark.parametrize("activity", sorted(HUB_2021))
@pytest.mark.parametrize("year", [2022, 2023])
def test_a_us_fuel_of_2022_or_2023_takes_hub_2021_as_the_latest_earlier_edition_and_says_so(
    activity: str, year: int
) -> None:
    chosen = _hub_2021_choice(activity, year)
    for choice in chosen.values():
        assert f"no {year} edition, used the latest earlier one (2021)" in choice.fallbacks
        assert factors.fallback_level("; ".join(choice.fallbacks)) == "info"


def test_issue_13_a_us_2024_bill_keeps_the_hub_2024_edition() -> None:
    chosen = factors.select_gases(
        factors.factor_table(()), "natural_gas", factors.region_chain("US")[0], 2024, "location"
    )
    assert chosen["CO2"].row["id"] == "us-epa-hub2024-natural_gas-co2"


def test_issue_13_a_us_2021_inventory_of_gas_and_diesel_has_no_later_edition_warning_and_passes_strict(
    tmp_path: Path,
) -> None:
    (tmp_path / "gas.csv").write_text("start,end,quantity\n2021-01-01,2021-12-31,1000\n", encoding="utf-8")
    (tmp_path / "diesel.csv").write_text("start,end,quantity\n2021-01-01,2021-12-31,1000\n", encoding="utf-8")
    site = tmp_path / "site.yaml"
    site.write_text(
        "site: {id: tx-plant, region: US-TX}\n"
        "period: {start: 2021-01-01, end: 2021-12-31}\n"
        "gwp: AR6\n"
        "bills:\n"
        "  - {path: gas.csv, activity: natural_gas, unit: therm}\n"
        "  - {path: diesel.csv, activity: diesel, unit: gal}\n",
        encoding="utf-8",
    )
    inventory = calculate([site], exact_factors=True)
    assert not [n for n in inventory.notices if n.level == "warning" and "edition" in n.message]
    # 1,000 therm = 100 mmBtu of gas; 1,000 gal x 0.138 mmBtu/gal = 138 mmBtu of diesel (HHV);
    # AR6: CH4 29.8 (fossil), N2O 273.
    gas = 100 * (53.06 + 1.0e-3 * 29.8 + 0.10e-3 * 273)
    diesel = 138 * (73.96 + 3.0e-3 * 29.8 + 0.60e-3 * 273)
    assert inventory.totals()["scope1"] * 1000 == pytest.approx(gas + diesel, rel=1e-12)
    assert set(inventory.ledger["conversion_id"].dropna()) >= {"us-epa-hub2021-diesel-gcv"}
