"""Every country's electricity (issue 13, coverage): Ember's per-country intensities, the ISO
country rows of regions.csv, the life-cycle warning, and the build script that makes both.

Hand-checked values are read in the committed source file
scripts/factors/inputs/owid_carbon_intensity_elec.csv (column carbon_intensity_elec, g CO2e/kWh).
"""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli import factors
from carbon_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "countries"
INPUT = ROOT / "scripts" / "factors" / "inputs" / "owid_carbon_intensity_elec.csv"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def electricity(region: str, year: int) -> dict[str, factors.Choice]:
    chain, _ = factors.region_chain(region)
    return factors.select_gases(factors.emission_factors(), "electricity", chain, year, "location")


# Ten values as the source file gives them (country, alpha-3 in the file, year, g CO2e/kWh).
SPOT_CHECKS = [
    ("DE", "DEU", 2023, 371.311),
    ("FR", "FRA", 2023, 55.275),
    ("JP", "JPN", 2024, 482.324),
    ("IN", "IND", 2019, 714.876),
    ("BR", "BRA", 2023, 96.396),
    ("ZA", "ZAF", 2024, 708.876),
    ("AU", "AUS", 2019, 670.102),
    ("PL", "POL", 2023, 655.275),
    ("NO", "NOR", 2024, 30.746),
    ("KE", "KEN", 2019, 102.941),
]


@pytest.mark.parametrize(("code", "alpha3", "year", "expected"), SPOT_CHECKS)
def test_issue_13_country_electricity_equals_the_source_file_as_read(code, alpha3, year, expected):
    with INPUT.open(encoding="utf-8") as handle:
        source = {(r["iso_code"], int(r["year"])): r["carbon_intensity_elec"] for r in csv.DictReader(handle)}
    assert float(source[(alpha3, year)]) == expected  # the committed input holds the value
    chosen = electricity(code, year)
    assert set(chosen) == {"CO2e"}
    row = chosen["CO2e"].row
    assert (row["region"], row["year_from"], row["value"], row["unit"]) == (code, year, expected, "g/kWh")
    assert "Ember" in row["citation"] and "Our World in Data" in row["citation"]


def test_issue_13_at_least_150_countries_get_a_cited_electricity_factor():
    countries = [code for code, row in factors.region_table().items() if row["kind"] == "country"]
    covered = []
    for code in countries:
        chosen = electricity(code, 2023)
        if chosen:
            assert all(choice.row["citation"] for choice in chosen.values())
            covered.append(code)
    assert len(covered) >= 150
    # Every ISO 3166-1 country is a region (a site may name any of them), 249 in all.
    assert len(countries) == 249


def test_issue_13_national_factors_of_cn_us_gb_are_not_replaced_by_ember():
    assert electricity("US", 2022)["CO2"].row["id"] == "us-egrid2022-us-co2"
    assert electricity("GB", 2023)["CO2"].row["id"] == "uk-desnz-2023-elec-co2"
    assert electricity("CN", 2022)["CO2"].row["id"].startswith("cn-mee-nbs-2022")
    assert not any(row["id"].startswith("ember-") and row["region"] in {"CN", "US", "GB"} for row in rows())


def rows() -> list[dict[str, str]]:
    with (factors.factors_root() / "world_electricity.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("written", ["DE", "de", "DEU", "Germany", "germany", "Ｇｅｒｍａｎｙ"])
def test_issue_13_a_country_is_found_by_alpha2_alpha3_or_name(written):
    assert factors.canonical_region(written) == "DE"


def test_issue_13_common_names_resolve_to_their_iso_code():
    assert factors.canonical_region("South Korea") == "KR"
    assert factors.canonical_region("Korea, Republic of") == "KR"
    assert factors.canonical_region("Viet Nam") == "VN"
    assert factors.canonical_region("Taiwan") == "TW"


def test_issue_13_life_cycle_factor_is_reported_as_an_approximation_at_warning_level():
    choice = electricity("FR", 2023)["CO2e"]
    note = "; ".join(choice.fallbacks)
    assert "life-cycle" in note and "an approximation" in note
    assert factors.fallback_level(note) == "warning"


def test_issue_13_a_later_year_uses_the_latest_earlier_ember_year_and_says_so():
    choice = electricity("DE", 2025)["CO2e"]
    assert choice.row["year_from"] == 2024 and choice.row["value"] == 344.14
    assert "no 2025 edition, used the latest earlier one (2024)" in choice.fallbacks


def test_issue_13_unknown_subdivision_of_a_country_uses_the_country_with_a_warning():
    chain, note = factors.region_chain("DE-BY")
    assert chain == ["DE-BY", "DE", "GLOBAL"]
    assert note and "using its country 'DE'" in note


def test_issue_13_germany_site_gets_scope2_from_the_ember_2023_value():
    # Old code: exit 3, "no emission factor for electricity in region GERMANY".
    code, out, err = run("calc", str(DATA / "berlin.yaml"), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    # 55,000 kWh x 371.311 g/kWh = 20,422,105 g = 20.422105 t CO2e.
    assert result["totals"]["scope2_location"] == pytest.approx(55_000 * 371.311 / 1e6, rel=1e-12)
    assert result["sites"][0]["totals"]["scope2_location"] == pytest.approx(20.422105, rel=1e-12)
    # The market view uses AIB's 2023 residual mix for Germany (issue 13, residual mixes).
    assert {f["id"] for f in result["factors"]} == {"ember-2023-elec-de-co2e", "aib-2023-elec-de-co2"}
    (used,) = [f for f in result["factors"] if f["id"].startswith("ember-")]
    assert (used["id"], used["region"], used["value"]) == ("ember-2023-elec-de-co2e", "DE", 371.311)
    warnings = [n["message"] for n in result["notices"] if n["level"] == "warning"]
    assert any("scope2_location" in m and "life-cycle" in m for m in warnings)


def test_issue_13_japan_site_in_chinese_headers_uses_2024_and_the_2024_value_for_2025():
    code, out, err = run("calc", str(DATA / "osaka.yaml"), "--format", "json")
    assert code == 0, err
    result = json.loads(out)
    # 2024: 12 x 1,000 kWh x 482.324 g; January 2025 (no 2025 data): 1,200 kWh x 482.324 g.
    assert result["totals"]["scope2_location"] == pytest.approx(13_200 * 482.324 / 1e6, rel=1e-12)
    assert any("no 2025 edition" in n["message"] for n in result["notices"] if n["level"] == "warning")


def _build_module():
    spec = importlib.util.spec_from_file_location("build_countries", ROOT / "scripts/factors/build_countries.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_issue_13_shipped_country_files_equal_what_the_build_script_makes():
    for path, text in _build_module().outputs().items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: run scripts/factors/build_countries.py"


def test_issue_13_no_alias_names_two_regions():
    seen: dict[str, str] = {}
    for code, row in factors.region_table().items():
        for alias in filter(None, (a.strip().upper() for a in row["aliases"].split(";"))):
            assert alias not in factors.region_table(), f"alias {alias} of {code} is itself a region code"
            assert seen.setdefault(alias, code) == code, f"alias {alias} names {seen[alias]} and {code}"


def test_issue_13_a_name_shared_with_a_us_state_is_no_country_alias():
    # "Georgia" is a US state (US-GA) and a country (GE): read two ways, so neither is guessed.
    assert factors.canonical_region("Georgia") == "GEORGIA"
    assert factors.canonical_region("GEO") == "GE"


def test_issue_13_market_view_without_a_residual_mix_warns_that_it_understates():
    # Old code: the same note at `info`. No Green-e (US) or AIB (Europe) residual mix ships.
    from carbon_cli.inventory import calculate

    inventory = calculate([ROOT / "sample_data" / "us-office" / "site.yaml"])
    market = [n for n in inventory.notices if "scope2_market" in n.message and "no residual-mix" in n.message]
    assert market and {n.level for n in market} == {"warning"}
    assert all("understates market-based emissions" in n.message for n in market)
    # China ships a market factor (MEE/NBS national excluding traded non-fossil power): no such notice.
    assert not electricity("CN", 2022)["CO2"].fallbacks


def test_issue_13_a_guarantee_of_origin_now_applies_to_a_german_site(tmp_path):
    # Old code: 'DE' lay in no country of the database, so no GO could be checked or applied.
    (tmp_path / "bills.csv").write_text((DATA / "berlin_electricity.csv").read_text(encoding="utf-8"))
    (tmp_path / "site.yaml").write_text(
        (DATA / "berlin.yaml").read_text(encoding="utf-8").replace("berlin_electricity.csv", "bills.csv")
        + "instruments:\n  - {type: go, id: GO-DE-2023-0001, quantity: 15400 kWh, "
        "period: {start: 2023-01-01, end: 2023-12-31}}\n",
        encoding="utf-8",
    )
    code, out, err = run("calc", str(tmp_path / "site.yaml"), "--format", "json")
    assert code == 0, err
    # 55,000 - 15,400 = 39,600 kWh x 719.90 g CO2/kWh (AIB's 2023 residual mix for DE) = 28.508040 t
    assert json.loads(out)["totals"]["scope2_market"] == pytest.approx(39_600 * 719.90 / 1e6, rel=1e-12)
