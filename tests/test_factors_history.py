"""Issue 13 (items 1 and 2): eGRID history, China's national series, US states and ZIP codes.

Every expected number is worked by hand below from the published rate, never from the code's output:
t CO2e = MWh x (CO2 + CH4 x GWP_CH4 + N2O x GWP_N2O) lb/MWh x 0.45359237 kg/lb / 1000, with AR5
(CH4 28, N2O 265). Sources (factors/us_egrid.csv cites each row): EPA eGRID2019 and eGRID2021 Summary
Tables (Table 1 subregions, Table 3 states), eGRID2023 as carried in the EPA GHG Emission Factors Hub
2025 Table 6, and EPA Power Profiler's ZIP code table (factors/us_zip_subregions.csv).
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from carbon_cli import calculate, factors
from carbon_cli.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
LB = 0.45359237  # kg per pound (exact)


def tonnes(mwh: float, co2: float, ch4: float, n2o: float) -> float:
    """t CO2e for ``mwh`` at total output rates in lb/MWh, GWP AR5."""
    return mwh * (co2 + ch4 * 28 + n2o * 265) * LB / 1000


def us_site(folder: Path, year: int, region: str, *extra: str, kwh: float = 10_000) -> Path:
    """A site with one electricity bill of ``kwh`` covering calendar ``year``; ``extra`` site keys."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "electricity.csv").write_text(
        f"start,end,quantity,unit\n{year}-01-01,{year}-12-31,{kwh},kWh\n", encoding="utf-8"
    )
    keys = "".join(f"  {line}\n" for line in extra)
    site = folder / "site.yaml"
    site.write_text(
        f"site:\n  id: s{year}\n  region: {region}\n{keys}"
        f"period: {{start: {year}-01-01, end: {year}-12-31}}\n"
        "gwp: AR5\nbills:\n  - path: electricity.csv\n    activity: electricity\n    meter: main\n",
        encoding="utf-8",
    )
    return site


def location_total(site: Path) -> float:
    facts = calculate([site]).facts
    return float(facts.loc[facts["scope"] == "scope2_location", "t_co2e"].sum())


def electricity_notices(site: Path) -> list:
    return [n for n in calculate([site]).notices if "electricity" in n.message and "scope2_location" in n.message]


# ---------------------------------------------------------------------------------------------
# Regeneration: the shipped CSVs are what the script builds from the committed published tables
# ---------------------------------------------------------------------------------------------


def load_script():
    path = ROOT / "scripts" / "factors" / "build_history.py"
    spec = importlib.util.spec_from_file_location("build_history", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_issue_13_the_shipped_history_csvs_equal_what_the_script_builds_from_its_inputs():
    built = load_script().build()
    assert set(built) == {"us_egrid.csv", "cn_national_electricity.csv"}
    for name, text in built.items():
        assert (ROOT / "factors" / name).read_text(encoding="utf-8") == text, name


def test_issue_13_every_egrid_and_national_row_has_a_citation_an_edition_and_its_years():
    for name in ("us_egrid.csv", "cn_national_electricity.csv"):
        with (ROOT / "factors" / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                assert row["publisher"] and row["document"] and row["table"] and row["note"], row["id"]
                assert row["edition"], row["id"]
                assert int(row["year_from"]) <= int(row["year_to"]), row["id"]


# ---------------------------------------------------------------------------------------------
# eGRID editions: a site uses the edition of its own year
# ---------------------------------------------------------------------------------------------


def test_issue_13_a_us_2019_site_uses_egrid2019(tmp_path: Path):
    # eGRID2019 Table 1, NYUP (NPCC Upstate NY): CO2 232.305, CH4 0.017, N2O 0.002 lb/MWh; 10 MWh
    # = 10 x (232.305 + 0.476 + 0.53) lb = 2,333.11 lb x 0.45359237 = 1,058.2809 kg CO2e (eGRID2022 NYUP is 274.559)
    site = us_site(tmp_path, 2019, "NYUP")
    assert location_total(site) == pytest.approx(tonnes(10, 232.305, 0.017, 0.002), rel=1e-9)
    assert location_total(site) == pytest.approx(1.0582809, abs=1e-7)
    assert electricity_notices(site) == []  # its own edition: nothing to report


def test_issue_13_a_us_2023_site_uses_egrid2023(tmp_path: Path):
    # eGRID2023 (EPA Hub 2025 Table 6), CAMX: CO2 436.655, CH4 0.025, N2O 0.003 lb/MWh; 10 MWh
    site = us_site(tmp_path, 2023, "CAMX")
    assert location_total(site) == pytest.approx(tonnes(10, 436.655, 0.025, 0.003), rel=1e-9)


def test_issue_13_a_us_2024_site_uses_the_2023_edition_at_info(tmp_path: Path):
    # no eGRID2024 shipped: the latest earlier edition, eGRID2023 US average 771.523 / 0.057 / 0.008
    # (this test used 2020 and eGRID2019 until eGRID2020 shipped: tests/test_egrid_2018_2020.py)
    site = us_site(tmp_path, 2024, "US")
    assert location_total(site) == pytest.approx(tonnes(10, 771.523, 0.057, 0.008), rel=1e-9)
    notes = electricity_notices(site)
    assert notes and {n.level for n in notes} == {"info"}
    assert all("latest earlier one (2023)" in n.message for n in notes)


def test_issue_13_a_us_2017_site_gets_the_2018_edition_with_a_warning_naming_both_years(tmp_path: Path):
    # the earliest edition is eGRID2018 (CO2e 952.877 lb/MWh for the U.S.): 10 MWh x 952.877 x 0.45359237 / 1000
    site = us_site(tmp_path, 2017, "US")
    assert location_total(site) == pytest.approx(10 * 952.877 * LB / 1000, rel=1e-9)
    notes = electricity_notices(site)
    assert notes and {n.level for n in notes} == {"warning"}
    assert all("no edition for 2017 or earlier: used the 2018 edition" in n.message for n in notes)


# ---------------------------------------------------------------------------------------------
# China's national series
# ---------------------------------------------------------------------------------------------


def test_issue_13_a_chinese_2020_site_uses_the_national_value_in_force_then_not_the_2021_data_year(tmp_path: Path):
    # 0.6101 t CO2/MWh (MEE carbon-market national grid factor before the 2022 notice): 10 MWh = 6.101 t
    # (today's code: MEE/NBS data year 2021, 0.5568, a later year's factor). CO2 only.
    site = us_site(tmp_path, 2020, "CN")
    assert location_total(site) == pytest.approx(10 * 0.6101, rel=1e-12)
    assert electricity_notices(site) == []


def test_issue_13_a_chinese_2021_site_keeps_the_mee_nbs_data_year_factor(tmp_path: Path):
    # MEE/NBS 2021 national average 0.5568 kg/kWh: 10,000 kWh = 5.568 t
    assert location_total(us_site(tmp_path, 2021, "CN")) == pytest.approx(5.568, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# US states: one subregion -> that subregion; several -> the state rate with a warning
# ---------------------------------------------------------------------------------------------


def test_issue_13_a_new_york_site_is_no_longer_the_us_average(tmp_path: Path):
    # eGRID2021 Table 3, NY: CO2 455.345, CH4 0.027, N2O 0.003 lb/MWh (US average 852.3 in eGRID2021)
    site = us_site(tmp_path, 2021, "US-NY")
    assert location_total(site) == pytest.approx(tonnes(10, 455.345, 0.027, 0.003), rel=1e-9)
    notes = electricity_notices(site)
    assert notes and {n.level for n in notes} == {"warning"}
    assert all("give site.egrid_subregion or site.zip" in n.message for n in notes)


@pytest.mark.parametrize("state", ["AR", "HI", "IL", "OH", "OK", "WI", "WV"])
def test_issue_13_states_once_left_on_the_us_average_use_their_own_state_rate(state: str):
    choice = factors.select_gases(
        factors.emission_factors(), "electricity", factors.region_chain(f"US-{state}")[0], 2021, "location"
    )
    assert choice["CO2"].row["id"] == f"us-egrid2021-state-{state.lower()}-co2"


def test_issue_13_a_state_one_subregion_serves_wholly_uses_it_at_info(tmp_path: Path):
    # every Washington ZIP code lies in NWPP: eGRID2021 NWPP CO2 602.1.. read from Table 1
    site = us_site(tmp_path, 2021, "US-WA")
    nwpp = {
        r["gas"]: float(r["value"])
        for r in csv.DictReader((ROOT / "factors" / "us_egrid.csv").open())
        if r["id"].startswith("us-egrid2021-nwpp-")
    }
    assert location_total(site) == pytest.approx(tonnes(10, nwpp["CO2"], nwpp["CH4"], nwpp["N2O"]), rel=1e-9)
    notes = electricity_notices(site)
    assert notes and {n.level for n in notes} == {"info"}
    assert all("serves all of US-WA" in n.message for n in notes)


def test_issue_13_regions_csv_states_agree_with_the_zip_table():
    # a state is on its subregion exactly when every ZIP code of it lies in that one subregion
    served: dict[str, set[str]] = {}
    with (ROOT / "factors" / "us_zip_subregions.csv").open(encoding="utf-8") as handle:
        for row in filter(lambda r: r["state"], csv.DictReader(handle)):  # a few are published stateless
            served.setdefault(row["state"], set()).update(filter(None, (row[f"subregion_{k}"] for k in (1, 2, 3))))
    table = factors.region_table()
    for state, names in served.items():
        parent = table[f"US-{state}"]["parent"]
        assert parent == (f"US-EGRID-{next(iter(names))}" if len(names) == 1 else "US"), state
    assert table["US-PR"]["parent"] == "US-EGRID-PRMS"
    assert len(served) == 51  # 50 states and DC


def test_issue_13_every_split_state_has_a_state_rate_in_each_edition_with_a_state_table():
    rows = list(csv.DictReader((ROOT / "factors" / "us_egrid.csv").open(encoding="utf-8")))
    split = [c for c, r in factors.region_table().items() if r["kind"] == "state" and r["parent"] == "US"]
    assert len(split) == 38
    for code in split:
        for year in ("2019", "2021"):
            assert sorted(r["gas"] for r in rows if r["region"] == code and r["year_from"] == year) == [
                "CH4",
                "CO2",
                "N2O",
            ]


# ---------------------------------------------------------------------------------------------
# egrid_subregion: and zip: in the site YAML
# ---------------------------------------------------------------------------------------------


def test_issue_13_zip_picks_the_exact_subregion(tmp_path: Path):
    # ZIP 10001 lies in NYCW only: eGRID2019 NYCW CO2 553.801, CH4 0.021, N2O 0.002
    site = us_site(tmp_path, 2019, "US-NY", "zip: '10001'")
    assert location_total(site) == pytest.approx(tonnes(10, 553.801, 0.021, 0.002), rel=1e-9)
    assert electricity_notices(site) == []


def test_issue_13_egrid_subregion_names_the_subregion(tmp_path: Path):
    # eGRID2021 NYUP: CO2 233.081, CH4 0.015, N2O 0.002
    site = us_site(tmp_path, 2021, "US-NY", "egrid_subregion: NYUP")
    assert location_total(site) == pytest.approx(tonnes(10, 233.081, 0.015, 0.002), rel=1e-9)


def test_issue_13_a_zip_in_two_subregions_is_refused_naming_both(tmp_path: Path):
    with pytest.raises(ConfigError) as caught:
        calculate([us_site(tmp_path, 2021, "US-NJ", "zip: '07401'")])
    assert "RFCE, NYUP" in str(caught.value) and "site.egrid_subregion" in str(caught.value)


@pytest.mark.parametrize(
    ("keys", "words"),
    [
        (("zip: '94105'",), "is in US-CA, but site.region is US-NY"),
        (("egrid_subregion: CAMX",), "serves no ZIP code of US-NY"),
        (("egrid_subregion: NYUP", "zip: '10001'"), "disagrees with ZIP code 10001"),
        (("egrid_subregion: XXXX",), "is not an eGRID subregion"),
        (("zip: 2139",), "must be quoted"),
        (("zip: '99999'",), "not in EPA Power Profiler's ZIP table"),
    ],
)
def test_issue_13_contradicting_site_keys_are_refused(tmp_path: Path, keys: tuple[str, ...], words: str):
    with pytest.raises(ConfigError) as caught:
        calculate([us_site(tmp_path, 2021, "US-NY", *keys)])
    assert words in str(caught.value)


def test_issue_13_egrid_subregion_outside_the_us_is_refused(tmp_path: Path):
    with pytest.raises(ConfigError) as caught:
        calculate([us_site(tmp_path, 2021, "GB", "egrid_subregion: NYUP")])
    assert "are for US sites" in str(caught.value)
