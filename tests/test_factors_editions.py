"""Issue 13 item 1 (UK): the BEIS 2019-2021 editions, and a later edition for an earlier year is a warning.

Every expected number is worked by hand below from the published factor, never from the code's output.
Sources (factors/uk_desnz.csv cites each row): BEIS "Greenhouse gas reporting: conversion factors"
2019, 2020 and 2021, flat files, sheet "Factors by Category", GHG "kg CO2e" (read as republished in
the public repository TEC-Toolkit/cfkg); the electricity values also in Camden Climate Change
Alliance's articles on the 2020 and 2021 factors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import calculate

# BEIS conversion factors, kg CO2e per kWh: UK electricity generated, by edition (= reporting year)
BEIS_ELECTRICITY = {2019: 0.2556, 2020: 0.23314, 2021: 0.21233}


def site_for(
    folder: Path, year: int, electricity_kwh: float = 10_000, gas_kwh: float = 0, region: str = "GB", gwp: str = "AR6"
) -> Path:
    """A site (GB unless ``region`` says otherwise) with one electricity bill, and a gas bill when
    ``gas_kwh`` is given, both covering calendar ``year``. BEIS 2019-2022 weight CH4 and N2O with AR4, DESNZ
    2023+ with AR5 (issue 13.5): under that ``gwp`` the per-gas factors add up to the published CO2e."""
    folder.mkdir(parents=True, exist_ok=True)
    bills = f"start,end,quantity,unit\n{year}-01-01,{year}-12-31,{electricity_kwh},kWh\n"
    (folder / "electricity.csv").write_text(bills, encoding="utf-8")
    gas = ""
    if gas_kwh:
        (folder / "gas.csv").write_text(
            f"start,end,quantity,unit\n{year}-01-01,{year}-12-31,{gas_kwh},kWh\n", encoding="utf-8"
        )
        gas = "  - path: gas.csv\n    activity: natural_gas\n    meter: boiler\n"
    site = folder / "site.yaml"
    site.write_text(
        "site:\n"
        f"  id: uk-{year}\n"
        f"  name: UK office {year}\n"
        f"  region: {region}\n"
        f"period: {{start: {year}-01-01, end: {year}-12-31}}\n"
        f"gwp: {gwp}\n"
        "bills:\n"
        "  - path: electricity.csv\n"
        "    activity: electricity\n"
        "    meter: main\n" + gas,
        encoding="utf-8",
    )
    return site


@pytest.mark.parametrize(
    ("year", "expected_t"),
    [
        # 10,000 kWh x 0.2556 kg CO2e/kWh (BEIS 2019) = 2,556 kg = 2.556 t
        (2019, 2.556),
        # 10,000 kWh x 0.23314 kg CO2e/kWh (BEIS 2020) = 2,331.4 kg = 2.3314 t
        (2020, 2.3314),
        # 10,000 kWh x 0.21233 kg CO2e/kWh (BEIS 2021) = 2,123.3 kg = 2.1233 t
        (2021, 2.1233),
    ],
)
def test_issue_13_uk_base_year_uses_its_own_beis_edition(tmp_path: Path, year: int, expected_t: float) -> None:
    inventory = calculate([site_for(tmp_path / str(year), year, gwp="AR4")])
    assert inventory.totals()["scope2_location"] == pytest.approx(expected_t, rel=1e-12)
    assert expected_t == pytest.approx(10_000 * BEIS_ELECTRICITY[year] / 1000, rel=1e-12)
    # The edition of the reporting year itself: no fallback notice for electricity.
    assert not [n for n in inventory.notices if "electricity" in n.message and "edition" in n.message]


def test_issue_13_uk_2020_td_losses_and_gas_use_the_beis_2020_edition(tmp_path: Path) -> None:
    inventory = calculate([site_for(tmp_path, 2020, electricity_kwh=10_000, gas_kwh=20_000, gwp="AR4")])
    # Natural gas, kWh (Gross CV), BEIS 2020: 0.18387 kg CO2e/kWh x 20,000 kWh = 3,677.4 kg = 3.6774 t
    assert inventory.totals()["scope1"] == pytest.approx(3.6774, rel=1e-12)
    # T&D losses, BEIS 2020: 0.02005 kg CO2e/kWh x 10,000 kWh = 200.5 kg = 0.2005 t (Scope 3 memo line)
    ledger = inventory.ledger
    td = ledger[ledger["scope"] == "scope3"]
    assert set(td["factor_id"].astype(str)) == {"uk-desnz-2020-td-co2", "uk-desnz-2020-td-ch4", "uk-desnz-2020-td-n2o"}
    assert td["t_co2e"].sum() == pytest.approx(0.2005, rel=1e-12)


def test_issue_13_a_year_before_every_edition_uses_the_earliest_with_a_warning_naming_both_years(
    tmp_path: Path,
) -> None:
    inventory = calculate([site_for(tmp_path, 2018, gwp="AR4")])
    # No UK edition for 2018 is shipped: the earliest, BEIS 2019 (0.2556), is used for 2018's
    # 10,000 kWh = 2,556 kg = 2.556 t (the old code used DESNZ 2022, 0.19338: 1.9338 t)
    assert inventory.totals()["scope2_location"] == pytest.approx(2.556, rel=1e-12)
    later = [n for n in inventory.notices if "electricity" in n.message and "2018" in n.message]
    assert later, [n.message for n in inventory.notices]
    assert {n.level for n in later} == {"warning"}
    assert all("2019" in n.message and "later year" in n.message for n in later)


def test_issue_13_a_year_after_every_edition_uses_the_latest_earlier_one_at_info(tmp_path: Path) -> None:
    inventory = calculate([site_for(tmp_path, 2026, gwp="AR5")])
    # DESNZ 2025 for 2026, an expected lag (info): 10,000 kWh x (0.17489 kg CO2 + 0.0009 + 0.00122 kg CO2e of CH4
    # and N2O under AR5) = 1,770.1 kg = 1.7701 t (the published total 0.177 rounds the shares' sum 0.17701)
    assert inventory.totals()["scope2_location"] == pytest.approx(1.7701, rel=1e-12)
    # (the market view's notice is a warning for another reason: no residual mix ships for GB)
    earlier = [n for n in inventory.notices if "electricity" in n.message and "(scope2_location): no 2026" in n.message]
    assert earlier, [n.message for n in inventory.notices]
    assert {n.level for n in earlier} == {"info"}
    assert all("latest earlier one (2025)" in n.message for n in earlier)


def test_issue_13_a_later_edition_for_an_earlier_year_is_a_warning_in_any_region(tmp_path: Path) -> None:
    # Chongqing 2019: the earliest MEE/NBS edition shipped is data year 2021, a later year's factor
    inventory = calculate([site_for(tmp_path, 2019, region="CN-CQ")])
    later = [n for n in inventory.notices if "electricity" in n.message and "2019" in n.message]
    assert later, [n.message for n in inventory.notices]
    assert {n.level for n in later} == {"warning"}
    assert all("used the 2021 edition, a later year's factor" in n.message for n in later)


@pytest.mark.parametrize(
    ("note", "level"),
    [
        ("no 2024 edition, used the latest earlier one (2022)", "info"),
        ("no edition for 2018 or earlier: used the 2019 edition, a later year's factor", "warning"),
        (
            "no residual-mix (market) factor, used the location-based factor; no 2026 edition, used the latest "
            "earlier one (2025)",
            "info",
        ),
        (
            "no residual-mix (market) factor, used the location-based factor (an approximation: it understates "
            "market-based emissions where certificates are sold apart from the energy); no 2026 edition, used the "
            "latest earlier one (2025)",
            "warning",
        ),
        (
            "no residual-mix (market) factor, used the location-based factor; no edition for 2018 or earlier: "
            "used the 2019 edition, a later year's factor",
            "warning",
        ),
        ("region 'XX-YY' is not in the factor database; only global defaults apply", "warning"),
    ],
)
def test_issue_13_a_fallback_note_carries_its_level(note: str, level: str) -> None:
    from carbon_cli import factors

    assert factors.fallback_level(note) == level
