"""Issue 13: a UK reporting year that is not a calendar year takes one DESNZ set, as DESNZ directs.

The introduction of the government conversion factors (Defra/DECC, then BEIS and DESNZ; read in a
stored public copy of the text): "In the case that companies are reporting on an April to March year
for example, the factors from the calendar year in which the greatest portion of their data falls
should be applied. E.g. the 2014 factors should be applied to data in reporting year 01/04/14 -
31/03/15 [...] Users that operate a July to June reporting year should apply the newest set of
available factors." carbon took each month's own year's set, so January to March of an April-to-March
year met the next year's factors.

DESNZ flat files, 'Factors by Category', UK electricity: Electricity generated, Electricity: UK, kWh
(kg per kWh; CH4 and N2O as CO2e at the set's GWP: AR4 in 2022, AR5 in 2023).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carbon_cli import calculate

DESNZ_2022 = (0.19121, 0.0008, 0.00137)  # CO2, CH4 (AR4 CO2e), N2O (AR4 CO2e): 0.19338 kg CO2e
DESNZ_2023 = (0.20496, 0.000896, 0.00121828859060403)  # CO2, CH4 (AR5), N2O (AR5): 0.20707 kg CO2e
AR4 = {"CH4": 25, "N2O": 298}
AR5 = {"CH4": 28, "N2O": 265}


def _site(tmp_path: Path, start: str, end: str, region: str = "GB") -> Path:
    days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
    (tmp_path / "electricity.csv").write_text(f"start,end,quantity\n{start},{end},{days * 1000}\n", encoding="utf-8")
    path = tmp_path / "site.yaml"
    path.write_text(
        f"site: {{id: office, region: {region}}}\nperiod: {{start: {start}, end: {end}}}\ngwp: AR4\n"
        "bills:\n  - {path: electricity.csv, activity: electricity, unit: kWh}\n",
        encoding="utf-8",
    )
    return path


def _ar4(factors: tuple[float, float, float], published_gwp: dict[str, int]) -> float:
    """kg CO2e per kWh at AR4 of a DESNZ row whose CH4 and N2O are CO2e at ``published_gwp``."""
    co2, ch4, n2o = factors
    return co2 + ch4 / published_gwp["CH4"] * AR4["CH4"] + n2o / published_gwp["N2O"] * AR4["N2O"]


def test_issue_13_uk_april_to_march_year_takes_the_desnz_set_of_the_year_holding_most_of_it(tmp_path: Path) -> None:
    # 2022-04-01 to 2023-03-31: 275 days of 2022, 90 of 2023, 1,000 kWh a day: every kWh at the 2022 set.
    inventory = calculate([_site(tmp_path, "2022-04-01", "2023-03-31")], exact_factors=True)
    assert _ar4(DESNZ_2022, AR4) == pytest.approx(0.19338, abs=1e-12)
    assert inventory.totals()["scope2_location"] * 1000 == pytest.approx(365_000 * 0.19338, rel=1e-12)
    ledger = inventory.ledger[inventory.ledger["scope"] == "scope2_location"]
    march = ledger[ledger["month"] == "2023-03"]
    assert set(march["year"].astype(int)) == {2023}  # the month keeps its year
    assert set(march["factor_id"].astype(str)) == {
        "uk-desnz-2022-elec-co2",
        "uk-desnz-2022-elec-ch4",
        "uk-desnz-2022-elec-n2o",
    }
    said = [n for n in inventory.notices if n.message.startswith("reporting year 2022-04-01 to 2023-03-31")]
    assert len(said) == 1 and said[0].level == "info" and "the 2022 set" in said[0].message


def test_issue_13_uk_july_to_june_year_takes_the_newest_set(tmp_path: Path) -> None:
    # 2022-07-01 to 2023-06-30: 184 and 181 days, DESNZ's July-to-June case: the 2023 set throughout.
    inventory = calculate([_site(tmp_path, "2022-07-01", "2023-06-30")])
    expected = 365_000 * _ar4(DESNZ_2023, AR5)
    assert inventory.totals()["scope2_location"] * 1000 == pytest.approx(expected, rel=1e-12)


def test_issue_13_a_uk_calendar_year_and_other_countries_keep_each_month_its_own_year(tmp_path: Path) -> None:
    calendar = calculate([_site(tmp_path, "2023-01-01", "2023-12-31")])
    assert calendar.totals()["scope2_location"] * 1000 == pytest.approx(365_000 * _ar4(DESNZ_2023, AR5), rel=1e-12)
    assert not [n for n in calendar.notices if n.message.startswith("reporting year")]
    from carbon_cli.factors.reporting_year import desnz_years

    periods = {"uk": (dt.date(2022, 4, 1), dt.date(2023, 3, 31)), "cq": (dt.date(2022, 4, 1), dt.date(2023, 3, 31))}
    assert desnz_years(periods, {"uk": "GB", "cq": "CN-CQ"}) == {"uk": 2022}


@pytest.mark.parametrize(
    ("start", "end", "year"),
    [
        ("2023-04-01", "2024-03-31", 2023),  # DESNZ's own example: 2014 factors for 01/04/14 - 31/03/15
        ("2023-10-01", "2024-09-30", 2024),  # 92 against 274 days
        ("2023-07-01", "2024-06-30", 2024),  # July to June: the newest set
        ("2023-01-01", "2023-12-31", None),  # a calendar year: each month its own (the same) year
        ("2022-04-01", "2024-03-31", None),  # two reporting years: each month its own year
    ],
)
def test_issue_13_the_desnz_edition_of_a_reporting_year(start: str, end: str, year: int | None) -> None:
    from carbon_cli.factors.reporting_year import edition_year

    assert edition_year(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) == year
