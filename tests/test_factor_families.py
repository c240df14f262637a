"""A region with both CO2e and per-gas rows for one activity (issue 13, the choice rule).

The year rule chooses between the two families: the one with an edition for the bill's year, else
the nearer earlier one, else the nearer later one; on a tie the per-gas one. Before, a CO2e row
always won: a UK 2021 petrol bill took DESNZ 2025's CO2e (2.06916 kg/L) with a "later year's
factor" warning although DESNZ 2021 publishes petrol per gas.

DESNZ 2021, Fuels > Liquid fuels > Petrol (average biofuel blend), per litre: CO2 2.17972, CH4
0.0072 and N2O 0.0066 kg CO2e (AR4-weighted, the 2021 set's GWPs). Under --gwp AR4 the shares count
as published: 1,000 L x (2.17972 + 0.0072 + 0.0066) = 2,193.52 kg = 2.19352 t CO2e.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import calculate, factors
from carbon_cli.factors.families import edition_distance, per_gas_first


def petrol_site(folder: Path, year: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fuel.csv").write_text(f"start,end,quantity,unit\n{year}-03-01,{year}-03-31,1000,L\n", "utf-8")
    path = folder / "site.yaml"
    path.write_text(
        f"site:\n  id: uk-depot\n  region: GB\nperiod: {{start: {year}-01-01, end: {year}-12-31}}\ngwp: AR4\n"
        "bills:\n  - path: fuel.csv\n    activity: gasoline\n    meter: tank\n",
        encoding="utf-8",
    )
    return path


def scope1(path: Path) -> tuple[float, set[str], list[str]]:
    inventory = calculate([path])
    facts = inventory.facts[inventory.facts["scope"] == "scope1"]
    notes = [f"{n.level}: {n.message}" for n in inventory.notices if "gasoline" in n.message]
    return float(facts["t_co2e"].sum()), set(facts["factor_id"].astype(str)), notes


def test_issue_13_a_uk_2021_petrol_bill_uses_desnz_2021_per_gas_not_2025s_co2e(tmp_path):
    total, ids, notes = scope1(petrol_site(tmp_path, 2021))
    assert total == pytest.approx(1000 * (2.17972 + 0.0072 + 0.0066) / 1000, rel=1e-9)  # 2.19352 t
    assert ids == {"uk-desnz-2021-petrol-co2", "uk-desnz-2021-petrol-ch4", "uk-desnz-2021-petrol-n2o"}
    assert not any(n.startswith("warning") for n in notes), notes


def test_issue_13_a_uk_2025_petrol_bill_keeps_the_2025_co2e_edition(tmp_path):
    total, ids, _ = scope1(petrol_site(tmp_path, 2025))
    assert total == pytest.approx(1000 * 2.06916 / 1000, rel=1e-12)
    assert ids == {"uk-desnz-2025-petrol-co2e"}


def rows(*spans: tuple[str, int, int]) -> list[dict[str, object]]:
    return [{"gas": gas, "year_from": start, "year_to": end} for gas, start, end in spans]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2019, False),  # CO2e has 2019, per gas starts 2020
        (2020, True),  # both exact: the per-gas family wins the tie
        (2024, True),  # both exact
        (2026, True),  # per gas 2024 (2 back) against CO2e 2024 (2 back): a tie
        (1999, False),  # both later: CO2e 2000 is nearer than per gas 2020
    ],
)
def test_issue_13_the_family_nearer_the_bills_year_wins_and_per_gas_wins_a_tie(year, expected):
    here = rows(*[("CO2e", y, y) for y in range(2000, 2025)], *[("CO2", y, y) for y in range(2020, 2025)])
    assert per_gas_first(here, year) is expected


def test_issue_13_edition_distance_counts_years_to_the_nearest_edition():
    spans = rows(("CO2", 2019, 2019), ("CO2", 2021, 2021))
    assert edition_distance(spans, 2021) == (0, 0.0)
    assert edition_distance(spans, 2020) == (1, 1.0)
    assert edition_distance(spans, 2025) == (1, 4.0)
    assert edition_distance(spans, 2017) == (2, 2.0)
    assert edition_distance(rows(("CO2", 2015, None)), 2030) == (0, 0.0)  # open-ended


def test_issue_13_a_region_with_only_one_family_is_unchanged():
    chain, _ = factors.region_chain("DE")
    chosen = factors.select_gases(factors.emission_factors(), "electricity", chain, 2023, "location")
    assert set(chosen) == {"CO2e"} and chosen["CO2e"].row["id"] == "ember-2023-elec-de-co2e"
