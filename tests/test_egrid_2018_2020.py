"""Issue 13 (item 1): the eGRID editions 2018 and 2020, so a US bill of 2018 or 2020 uses its own year.

Before, a 2020 bill took eGRID2019 (an ``info`` notice) and a 2018 bill eGRID2019 (a later year's
factor, a ``warning``). Every expected number below is worked by hand from the published value:

* eGRID2020 (data year 2020): subregion and U.S. total output emission rates in lb/MWh as EPA displays
  them (CO2 to 0.1, CH4 and N2O to 0.001), read in one public copy (RickWangPerth/Infosys-EcoTrak-Project,
  ecotrackdatabase.sql, table us_emissions) whose edition is settled by eGRID2020's own CO2e rate of
  every row (louisg1337/e-mission-common, egrid2020_intensities.json: kg/MWh = lb/MWh x 0.45359237);
* eGRID2018 (data year 2018): eGRID's CO2-equivalent rate only (SRC2ERTA and the U.S. row), read in
  louisg1337/e-mission-common (egrid2018_intensities.json) in kg/MWh, each value a 3-decimal lb/MWh cell
  x 0.45359237: that cell is shipped, as CO2e (no per-gas eGRID2018 table was found).

t CO2e = MWh x lb/MWh x 0.45359237 / 1000; per gas with AR5 (CH4 28, N2O 265) as the site says.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from carbon_cli import calculate, factors

ROOT = Path(__file__).resolve().parent.parent
LB = 0.45359237  # kg per pound (exact)


def us_site(folder: Path, year: int, region: str, gwp: str = "AR5", kwh: float = 10_000) -> Path:
    """A site with one electricity bill of ``kwh`` covering calendar ``year``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "electricity.csv").write_text(
        f"start,end,quantity,unit\n{year}-01-01,{year}-12-31,{kwh},kWh\n", encoding="utf-8"
    )
    site = folder / "site.yaml"
    site.write_text(
        f"site:\n  id: s{year}\n  region: {region}\n"
        f"period: {{start: {year}-01-01, end: {year}-12-31}}\n"
        f"gwp: {gwp}\nbills:\n  - path: electricity.csv\n    activity: electricity\n    meter: main\n",
        encoding="utf-8",
    )
    return site


def location(site: Path) -> tuple[float, set[str], list]:
    """The site's location-based t CO2e, the factor ids it used and its electricity notices."""
    inventory = calculate([site])
    facts = inventory.facts
    rows = facts[facts["scope"] == "scope2_location"]
    notes = [n for n in inventory.notices if "electricity" in n.message and "scope2_location" in n.message]
    return float(rows["t_co2e"].sum()), set(rows["factor_id"]), notes


def chosen(region: str, year: int) -> dict[str, tuple[str, float, str]]:
    """Gas -> (factor id, value, unit) the choice rule picks for a location-based electricity factor."""
    choice = factors.select_gases(
        factors.emission_factors(), "electricity", factors.region_chain(region)[0], year, "location"
    )
    return {gas: (c.row["id"], float(c.row["value"]), c.row["unit"]) for gas, c in choice.items()}


def load_builder():
    path = ROOT / "scripts" / "factors" / "build_history.py"
    spec = importlib.util.spec_from_file_location("build_history_2018_2020", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def inputs(name: str) -> list[dict[str, str]]:
    with (ROOT / "scripts" / "factors" / "inputs" / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------------------------------------
# Regressions: a 2020 or 2018 bill uses its own edition (old code: eGRID2019, with a notice)
# ---------------------------------------------------------------------------------------------


def test_issue_13_a_us_2020_bill_in_nyup_uses_egrid2020_not_egrid2019(tmp_path: Path):
    # eGRID2020 NYUP: CO2 233.5, CH4 0.016, N2O 0.002 lb/MWh; 10 MWh at AR5
    # = 10 x (233.5 + 0.016 x 28 + 0.002 x 265) = 2,344.78 lb x 0.45359237 = 1,063.5743 kg
    # (old code: eGRID2019 NYUP 232.305 / 0.017 / 0.002 = 1,058.2809 kg, "no 2020 edition" at info)
    total, ids, notes = location(us_site(tmp_path, 2020, "NYUP"))
    assert total == pytest.approx(1.0635743173, abs=1e-9)
    assert ids == {"us-egrid2020-nyup-co2", "us-egrid2020-nyup-ch4", "us-egrid2020-nyup-n2o"}
    assert notes == []


def test_issue_13_a_us_2018_bill_in_nyup_uses_egrid2018_not_a_later_edition(tmp_path: Path):
    # eGRID2018 NYUP CO2e 253.889 lb/MWh (115.16211322693 kg/MWh as read = 253.889 x 0.45359237); 10 MWh
    # = 2,538.89 lb x 0.45359237 = 1,151.6211 kg CO2e (old code: eGRID2019 with a later-year warning)
    total, ids, notes = location(us_site(tmp_path, 2018, "NYUP"))
    assert total == pytest.approx(1.1516211323, abs=1e-9)
    assert ids == {"us-egrid2018-nyup-co2e"}
    assert notes == []


def test_issue_13_the_2018_co2e_is_not_reweighted_by_the_gwp_set(tmp_path: Path):
    # eGRID weighted CH4 and N2O itself: the same 1,151.6211 kg CO2e under AR4 and AR6
    for gwp in ("AR4", "AR6"):
        total, _, _ = location(us_site(tmp_path / gwp, 2018, "NYUP", gwp=gwp))
        assert total == pytest.approx(10 * 253.889 * LB / 1000, rel=1e-12)


def test_issue_13_a_2018_puerto_rico_bill_takes_egrid2019_with_a_warning_naming_both_years(tmp_path: Path):
    # the eGRID2018 copy has no PRMS row: Puerto Rico keeps eGRID2019 PRMS, a later year's factor, loud
    # eGRID2019 PRMS 1,537.308 / 0.084 / 0.013 lb/MWh: 10 x (1,537.308 + 2.352 + 3.445)
    # = 15,431.05 lb x 0.45359237 = 6,999.4065 kg
    total, ids, notes = location(us_site(tmp_path, 2018, "PRMS"))
    assert total == pytest.approx(6.9994065, abs=1e-6)
    assert ids == {"us-egrid2019-prms-co2", "us-egrid2019-prms-ch4", "us-egrid2019-prms-n2o"}
    assert notes and {n.level for n in notes} == {"warning"}
    assert all("no edition for 2018 or earlier: used the 2019 edition" in n.message for n in notes)


# ---------------------------------------------------------------------------------------------
# Spot checks against the published values
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "key", "co2", "ch4", "n2o"),
    [
        ("CAMX", "camx", 513.5, 0.032, 0.004),
        ("ERCT", "erct", 818.6, 0.052, 0.007),
        ("NYCW", "nycw", 634.6, 0.022, 0.003),
        ("PRMS", "prms", 1602.2, 0.085, 0.014),
        ("SRMW", "srmw", 1480.7, 0.156, 0.023),
        ("US", "us", 818.3, 0.065, 0.009),
    ],
)
def test_issue_13_egrid2020_rates_are_the_published_ones(region: str, key: str, co2: float, ch4: float, n2o: float):
    picked = chosen(region, 2020)
    assert picked == {
        "CO2": (f"us-egrid2020-{key}-co2", co2, "lb/MWh"),
        "CH4": (f"us-egrid2020-{key}-ch4", ch4, "lb/MWh"),
        "N2O": (f"us-egrid2020-{key}-n2o", n2o, "lb/MWh"),
    }


def test_issue_13_a_us_average_2020_bill_worked_by_hand(tmp_path: Path):
    # eGRID2020 U.S.: 818.3 / 0.065 / 0.009 lb/MWh; 10 MWh at AR5 = 10 x (818.3 + 1.82 + 2.385) lb
    # = 8,225.05 lb x 0.45359237 = 3,730.8199 kg
    total, _, notes = location(us_site(tmp_path, 2020, "US"))
    assert total == pytest.approx(3.7308199229, abs=1e-9)
    assert notes == []


@pytest.mark.parametrize(
    ("region", "key", "lb", "kg_as_read"),
    [
        # lb/MWh = kg/MWh as read / 0.45359237, worked: 473.99903713393 / 0.45359237 = 1,044.989
        ("AKGD", "akgd", 1044.989, 473.99903713393),
        ("CAMX", "camx", 498.686, 226.20016462582),
        ("ERCT", "erct", 936.082, 424.59965289434),
        ("RFCE", "rfce", 719.979, 326.57698096023006),
        ("SRVC", "srvc", 747.513, 339.06619327581),
        ("US", "us", 952.877, 432.21773674849),
    ],
)
def test_issue_13_egrid2018_co2e_rates_are_the_published_cells(region: str, key: str, lb: float, kg_as_read: float):
    assert chosen(region, 2018) == {"CO2e": (f"us-egrid2018-{key}-co2e", lb, "lb/MWh")}
    assert lb * LB == pytest.approx(kg_as_read, abs=1e-9)


def test_issue_13_a_2019_bill_keeps_the_per_gas_egrid2019_and_2018_stays_co2e_only():
    # the choice rule (factors/families.py): the family with the bill's own edition; 2019 is per gas
    assert set(chosen("NYUP", 2019)) == {"CO2", "CH4", "N2O"}
    assert set(chosen("NYUP", 2018)) == {"CO2e"}
    # 2017: no edition that early; the nearest later one is eGRID2018 (CO2e), named in the warning
    assert chosen("NYUP", 2017) == {"CO2e": ("us-egrid2018-nyup-co2e", 253.889, "lb/MWh")}


# ---------------------------------------------------------------------------------------------
# The build: the edition of the per-gas copy is settled, a value that is not EPA's is refused
# ---------------------------------------------------------------------------------------------


def test_issue_13_egrid2020_per_gas_rows_match_egrid2020_co2e_and_not_the_neighbouring_editions():
    rates = inputs("egrid_rates.csv")
    co2e = {(r["data_year"], r["code"]): float(r["co2e_kg_per_mwh"]) / LB for r in inputs("egrid_co2e_rates.csv")}
    gas2020 = [r for r in rates if r["edition"] == "eGRID2020"]
    assert len(gas2020) == 28  # 27 subregions and the U.S.

    def misses(year: str) -> int:
        total = {r["code"]: float(r["co2"]) + 25 * float(r["ch4"]) + 298 * float(r["n2o"]) for r in gas2020}
        return sum(abs(total[code] - co2e[(year, code)]) > 0.3 for code in total)

    # e.g. NYUP: 233.5 + 0.4 + 0.596 = 234.496 against eGRID2020's 234.499 (2019: 233.0, 2021: 234.026)
    assert misses("2020") == 0
    assert misses("2019") >= 27 and misses("2021") >= 27


def test_issue_13_the_build_refuses_a_co2e_value_that_is_no_lb_cell():
    builder = load_builder()
    assert builder.lb_cell("115.16211322693", "x") == "253.889"
    with pytest.raises(ValueError, match="is not a 3-decimal lb/MWh value"):
        builder.lb_cell("115.1621", "egrid_co2e_rates.csv eGRID2018 NYUP")


def test_issue_13_the_build_refuses_per_gas_rows_of_another_edition():
    builder = load_builder()
    rates = inputs("egrid_rates.csv")
    co2e = inputs("egrid_co2e_rates.csv")
    assert builder.check_co2e(rates, co2e) == 28 * 3  # 2019, 2020 and 2021, each 27 subregions and the U.S.
    # eGRID2019's NYUP rows relabelled as eGRID2020: caught (233.326 against 234.499 lb CO2e/MWh)
    nyup2019 = next(r for r in rates if r["edition"] == "eGRID2019" and r["code"] == "NYUP")
    swapped = [
        {**nyup2019, "edition": "eGRID2020"} if r["edition"] == "eGRID2020" and r["code"] == "NYUP" else r
        for r in rates
    ]
    with pytest.raises(ValueError, match=r"eGRID2020 NYUP: per-gas rows give 233\.326 lb CO2e/MWh"):
        builder.check_co2e(swapped, co2e)


# ---------------------------------------------------------------------------------------------
# carbon factors coverage shows both editions as exact
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "factor_id"), [(2018, "us-egrid2018-nyup-co2e"), (2020, "us-egrid2020-nyup-co2")])
def test_issue_13_coverage_shows_egrid2018_and_egrid2020_exact(year: int, factor_id: str):
    frame = factors.coverage(region="US-EGRID-NYUP", years=[year], activity="electricity")
    row = frame[frame["method"] == "location"].to_dict("records")[0]
    assert (row["status"], row["factor_year"]) == ("exact", year)
    assert factor_id in row["factor_id"]


def test_issue_13_egrid2018_is_corroborated_by_a_second_copy_and_a_disagreeing_one_is_refused():
    builder = load_builder()
    co2e = inputs("egrid_co2e_rates.csv")
    assert builder.check_corroboration(co2e) == 27  # 26 subregions and the U.S.
    # djaopsp's U.S. AR4 CO2e 0.432220 kg/kWh = 432.220 / 0.45359237 = 952.882 lb/MWh, the shipped cell 952.877
    us = next(r for r in co2e if r["role"] == "corroborate" and r["code"] == "US")
    assert float(us["co2e_kg_per_mwh"]) / LB == pytest.approx(952.882, abs=1e-3)
    off = [{**r, "co2e_kg_per_mwh": "433.220"} if r is us else r for r in co2e]  # 955.087 lb/MWh: 2.2 apart
    with pytest.raises(ValueError, match=r"eGRID2018 US \(djaopsp-egrid2018\): 955\.087 lb CO2e/MWh"):
        builder.check_corroboration(off)
