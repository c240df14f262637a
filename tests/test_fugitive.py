"""Refrigerants and other fugitive gases (issue 14): Scope 1 by three methods, HCFCs as a memo line.

Every expected value is worked here by hand from the cited GWP100 values (IPCC AR4 Table 2.14,
AR5 Table 8.A.1, AR6 Table 7.SM.7) and the ASHRAE 34 compositions by mass.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carbon_cli import calculate
from carbon_cli.errors import ConfigError, InputDataError
from carbon_cli.fugitive import refrigerant_gwp, refrigerant_name
from carbon_cli.render import excel

DATA = Path(__file__).resolve().parent / "data" / "fugitive"

# GWP100 of the components (kg CO2e per kg), as the IPCC tables publish them.
AR4 = {"HFC-32": 675, "HFC-125": 3500, "HFC-134a": 1430, "HFC-143a": 4470}
AR5 = {"HFC-134a": 1300}
AR6 = {"HFC-32": 771, "HFC-125": 3740, "HFC-134a": 1530, "HFC-143a": 5810, "HCFC-22": 1960}


def test_issue_14_ghg_protocol_leased_office_example_reproduces_1325_kg() -> None:
    """GHG Protocol, Technical Guidance for Calculating Scope 3 Emissions v1.0 (2013), category 8
    (upstream leased assets), Example [8.1], asset-specific method (read in a reproduction of the
    example: the published inputs and answer as printed):

        Company B leases 200 m2 of a building of 2,000 m2 whose occupancy rate is 75%.
        Natural gas: 200 / (2,000 x 0.75) x 1,500 = 200 kWh, at 0.2 kg CO2e/kWh
        Electricity: 200 / (2,000 x 0.75) x 3,000 = 400 kWh, at 0.7 kg CO2e/kWh
        Refrigerant: 200 / (2,000 x 0.75) x 5 = 0.67 kg, at 1,500 kg CO2e/kg
        Total = (200 x 0.2) + (400 x 0.7) + (0.67 x 1,500) = 1,325 kg CO2e

    Without refrigerants carbon could give only the first two terms, 320 kg.
    """
    inventory = calculate([DATA / "leased-office" / "site.yaml"])
    totals = inventory.totals()
    assert totals["scope1"] == pytest.approx((200 * 0.2 + 0.67 * 1500) / 1000, rel=1e-12)
    assert totals["scope2_location"] == pytest.approx(400 * 0.7 / 1000, rel=1e-12)
    assert (totals["scope1"] + totals["scope2_location"]) * 1000 == pytest.approx(1325, rel=1e-12)
    refrigerant = inventory.facts[inventory.facts["activity"] == "refrigerant"]
    assert refrigerant["t_co2e"].sum() * 1000 == pytest.approx(1005, rel=1e-12)  # 76% of the total
    assert set(refrigerant["gas"].astype(str)) == {"example-refrigerant"}


@pytest.mark.parametrize(
    ("name", "published"),
    [
        # The blends' AR4 GWPs as the EU F-gas Regulation 517/2014 Annex IV and EPA list them.
        ("R-410A", 0.5 * 675 + 0.5 * 3500),  # 2,087.5 (2,088)
        ("R-407C", 0.23 * 675 + 0.25 * 3500 + 0.52 * 1430),  # 1,773.85 (1,774)
        ("R-404A", 0.44 * 3500 + 0.52 * 4470 + 0.04 * 1430),  # 3,921.6 (3,922)
        ("R-507A", 0.5 * 3500 + 0.5 * 4470),  # 3,985
    ],
)
def test_issue_14_blend_gwp_is_the_mass_weighted_sum_of_its_components(name: str, published: float) -> None:
    assert refrigerant_gwp(name, "AR4").gwp == pytest.approx(published, rel=1e-12)
    assert (
        round(refrigerant_gwp(name, "AR4").gwp)
        == {"R-410A": 2088, "R-407C": 1774, "R-404A": 3922, "R-507A": 3985}[name]
    )


def test_issue_14_refrigerant_names_are_read_as_people_write_them() -> None:
    assert refrigerant_name("R410A") == "R-410A"
    assert refrigerant_name("hfc-134a") == "R-134a"
    assert refrigerant_name("R-1234ze(E)") == "R-1234ze"
    assert refrigerant_name("R-999") is None


def test_issue_14_single_gases_and_hfos_take_their_own_gwp_in_each_set() -> None:
    assert refrigerant_gwp("R-32", "AR6").gwp == 771
    assert refrigerant_gwp("R-32", "AR5").gwp == 677
    assert refrigerant_gwp("SF6", "AR6").gwp == 25200
    assert refrigerant_gwp("NF3", "AR4").gwp == 17200
    assert refrigerant_gwp("R-1234yf", "AR6").gwp == pytest.approx(0.501)
    assert refrigerant_gwp("R-744", "AR6").gwp == 1
    assert refrigerant_gwp("R-22", "AR6").basket == "memo"
    assert refrigerant_gwp("R-717", "AR6").gwp == 0 and refrigerant_gwp("R-717", "AR6").basket == "none"


def test_issue_14_an_hfo_without_a_published_ar5_gwp_is_refused_not_guessed() -> None:
    with pytest.raises(InputDataError, match=r"R-1234yf \(HFO-1234yf\) has no GWP100 in the IPCC AR5") as caught:
        refrigerant_gwp("R-1234yf", "AR5")
    assert "gwp: AR6" in str(caught.value)


def test_issue_14_screening_is_charge_times_leak_rate_times_years_in_service() -> None:
    inventory = calculate([DATA / "screening" / "site.yaml"])
    # chiller-1: 120 kg R-410A x 15 %/yr (Table 7.9 chillers 2-15 %, upper bound) x 1 year;
    # R-410A AR6 = 0.5 x 771 + 0.5 x 3,740 = 2,255.5.
    chiller = 120 * 0.15 * (0.5 * AR6["HFC-32"] + 0.5 * AR6["HFC-125"]) / 1000
    # split-ac: 12 units x 2.5 kg R-32 x 4 %/yr, in service from 1 June: 214 of 365 days.
    split = 12 * 2.5 * 0.04 * 214 / 365 * AR6["HFC-32"] / 1000
    # old-freezer was retired before the period: nothing.
    assert inventory.totals()["scope1"] == pytest.approx(chiller + split, rel=1e-12)
    ledger = inventory.ledger
    january = ledger[
        (ledger["month"] == "2021-01")
        & (ledger["meter"].astype(str).str.startswith("refrigerants.equipment[0] (chiller-1): operation"))
    ]
    assert january["quantity"].sum() == pytest.approx(120 * 0.15 * 31 / 365, rel=1e-12)
    assert set(ledger["source_row"]) == {1, 2}
    assert any("default leak rate" in n.message and n.level == "warning" for n in inventory.notices)


def test_issue_14_simplified_material_balance_and_the_hcfc_memo_line() -> None:
    inventory = calculate([DATA / "simplified" / "site.yaml"])
    # R-404A: (P_N - C_N) + P_S = (21 - 20) + 1.5 + 1.5 = 4 kg (the November 2020 top-up is before
    # the period); AR6 R-404A = 0.44 x 3,740 + 0.52 x 5,810 + 0.04 x 1,530 = 4,728.
    r404a = 4 * (0.44 * AR6["HFC-125"] + 0.52 * AR6["HFC-143a"] + 0.04 * AR6["HFC-134a"]) / 1000
    assert inventory.totals()["scope1"] == pytest.approx(r404a, rel=1e-12)
    # R-22 (HCFC): C_D - R_D = 15 - 12 = 3 kg x 1,960, a memo line outside the Kyoto basket.
    from carbon_cli import summary

    assert summary.memo(inventory.facts)["memo_non_kyoto"] == pytest.approx(3 * AR6["HCFC-22"] / 1000, rel=1e-12)
    assert "memo_non_kyoto" not in inventory.totals()


def test_issue_14_mass_balance_counts_stock_transfers_and_capacity() -> None:
    inventory = calculate([DATA / "mass-balance" / "site.yaml"])
    # (I_B - I_E) + (P - S) + (C_D - C_N) = (50 - 30) + (40 - 10) + (0 - 25) = 25 kg R-134a x AR5 1,300.
    assert inventory.totals()["scope1"] == pytest.approx(25 * AR5["HFC-134a"] / 1000, rel=1e-12)
    terms = inventory.ledger.groupby("meter", observed=True)["quantity"].sum()
    assert terms.sum() == pytest.approx(25, rel=1e-12)
    assert len(terms) == 5  # every term of the formula is a ledger row of its own


def _site(tmp_path: Path, block: str, gwp: str = "AR6") -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(
        f"site: {{id: s, region: GLOBAL}}\nperiod: {{start: 2021-01-01, end: 2021-12-31}}\ngwp: {gwp}\n{block}",
        encoding="utf-8",
    )
    return path


def test_issue_14_a_negative_balance_is_refused_naming_the_gas(tmp_path: Path) -> None:
    path = _site(
        tmp_path,
        "refrigerants:\n  method: mass_balance\n  log:\n"
        "    - {date: 2021-01-01, refrigerant: R-32, kg: 5, kind: inventory_start}\n"
        "    - {date: 2021-12-31, refrigerant: R-32, kg: 9, kind: inventory_end}\n",
    )
    with pytest.raises(InputDataError, match=r"mass_balance balance of R-32 is -4.000 kg") as caught:
        calculate([path])
    assert caught.value.exit_code == 3


def test_issue_14_mass_balance_without_a_stock_line_is_refused(tmp_path: Path) -> None:
    path = _site(
        tmp_path,
        "refrigerants:\n  method: mass_balance\n  log:\n"
        "    - {date: 2021-03-01, refrigerant: R-32, kg: 5, kind: purchase}\n",
    )
    with pytest.raises(ConfigError, match="has no inventory_start line"):
        calculate([path])


def test_issue_14_unknown_refrigerant_names_the_key_and_a_close_name(tmp_path: Path) -> None:
    path = _site(
        tmp_path,
        "refrigerants:\n  method: screening\n  equipment:\n"
        "    - {id: a, type: chillers, refrigerant: R-410, charge_kg: 10}\n",
    )
    with pytest.raises(ConfigError, match=r"unknown refrigerant 'R-410'") as caught:
        calculate([path])
    assert "refrigerants.equipment[0].refrigerant" in str(caught.value)


def test_issue_14_a_log_line_the_method_does_not_read_is_refused(tmp_path: Path) -> None:
    path = _site(
        tmp_path,
        "refrigerants:\n  method: simplified\n  log:\n"
        "    - {date: 2021-03-01, refrigerant: R-32, kg: 5, kind: purchase}\n",
    )
    with pytest.raises(ConfigError, match="'purchase' line, which method simplified does not read"):
        calculate([path])


def test_issue_14_a_retired_unit_needs_its_recovered_kg_in_the_simplified_method(tmp_path: Path) -> None:
    path = _site(
        tmp_path,
        "refrigerants:\n  method: simplified\n  equipment:\n"
        "    - {id: old, refrigerant: R-32, charge_kg: 10, retired: 2021-06-30}\n",
    )
    with pytest.raises(ConfigError, match="recovered_kg"):
        calculate([path])


def test_issue_14_screening_needs_a_type_or_a_leak_rate(tmp_path: Path) -> None:
    path = _site(
        tmp_path, "refrigerants:\n  method: screening\n  equipment:\n    - {id: a, refrigerant: R-32, charge_kg: 10}\n"
    )
    with pytest.raises(ConfigError, match="neither a type nor a leak_rate"):
        calculate([path])


def test_issue_14_refrigerant_is_not_an_activity_a_bill_may_have() -> None:
    from carbon_cli import factors

    assert "refrigerant" not in factors.billable()


def test_issue_14_excel_shows_a_scope_1_fugitive_line_and_the_hcfc_memo(tmp_path: Path) -> None:
    inventory = calculate([DATA / "simplified" / "site.yaml"])
    path = tmp_path / "report.xlsx"
    excel.save(inventory, path)
    book = load_workbook(path)
    rows = [row for row in book["By activity"].iter_rows(values_only=True) if row and row[0]]
    fugitive = [row for row in rows if row[0] == "Refrigerants and other fugitive gases"]
    assert fugitive, rows
    memo = [row[1] for row in book["Summary"].iter_rows(values_only=True) if row and row[0] and "HCFC" in str(row[0])]
    assert memo == [pytest.approx(3 * AR6["HCFC-22"] / 1000, rel=1e-12)]


def test_issue_14_equipment_in_service_years_count_leap_days_in_their_own_year() -> None:
    from carbon_cli.fugitive.methods import _years

    assert _years(dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == pytest.approx(1.0)
    assert _years(dt.date(2023, 7, 2), dt.date(2024, 7, 1)) == pytest.approx(183 / 365 + 183 / 366)


@pytest.mark.parametrize("name", ["refrigerants.csv", "refrigerant_leak_rates.csv", "gwp_fgases.csv"])
def test_issue_14_every_refrigerant_data_row_is_cited_with_an_evidence_grade(name: str) -> None:
    import csv

    from carbon_cli.factors.files import factors_root

    with (factors_root() / name).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    grades = {"primary-via-copy", "single-secondary", "recalled-unverified"}
    bad = [row for row in rows if not all(row[f].strip() for f in ("publisher", "document", "edition", "table"))]
    assert bad == [] and {row["evidence"] for row in rows} <= grades


def test_issue_14_blend_compositions_add_up_to_one() -> None:
    import csv

    from carbon_cli.factors.files import factors_root

    with (factors_root() / "refrigerants.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    totals: dict[str, float] = {}
    for row in rows:
        totals[row["refrigerant"]] = totals.get(row["refrigerant"], 0.0) + float(row["mass_fraction"])
    assert {name: round(total, 12) for name, total in totals.items()} == dict.fromkeys(totals, 1.0)


def test_issue_14_a_site_with_refrigerants_and_no_bills_is_not_told_its_totals_are_zero() -> None:
    inventory = calculate([DATA / "mass-balance" / "site.yaml"])
    assert inventory.totals()["scope1"] > 0
    assert not any("every total is 0" in notice.message for notice in inventory.notices)


def test_issue_14_refrigerant_rows_follow_the_runs_gwp_set() -> None:
    ar4 = calculate([DATA / "mass-balance" / "site.yaml"], gwp="AR4")
    assert ar4.totals()["scope1"] == pytest.approx(25 * AR4["HFC-134a"] / 1000, rel=1e-12)
