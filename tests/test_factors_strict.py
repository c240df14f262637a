"""Issue 13 (item 1, last sentence): ``--strict`` / ``--factors exact`` make a factor fallback an error.

Through the library (``calculate(..., exact_factors=True)``, ``validate(..., exact_factors=True)``) and
the CLI (``carbon calc|validate --strict`` or ``--factors exact``, exit 3). The error names the site YAML,
the factor, the years or regions, and the YAML key that settles it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_factors_history import tonnes, us_site
from typer.testing import CliRunner

from carbon_cli import calculate
from carbon_cli.cli import app
from carbon_cli.errors import InputDataError
from carbon_cli.inventory import validate

runner = CliRunner()


def test_issue_13_exact_factors_refuse_a_state_rate_naming_the_key_that_settles_it(tmp_path: Path):
    site = us_site(tmp_path, 2021, "US-NY")
    with pytest.raises(InputDataError) as caught:
        calculate([site], exact_factors=True)
    text = str(caught.value)
    assert text.startswith(f"{site}: site.egrid_subregion: no exact electricity factor for site s2021 in 2021")
    assert "us-egrid2021-state-ny-" in text and "state output emission rate" in text
    assert "Give site.egrid_subregion (or site.zip)" in text


def test_issue_13_exact_factors_refuse_an_earlier_edition_naming_both_years(tmp_path: Path):
    # no eGRID2024 is shipped: a 2024 bill would use eGRID2023 (2020 and eGRID2019 until eGRID2020 shipped)
    site = us_site(tmp_path, 2024, "NYUP")
    with pytest.raises(InputDataError) as caught:
        calculate([site], exact_factors=True)
    text = str(caught.value)
    assert f"{site}: factors: no exact electricity factor for site s2024 in 2024" in text
    assert "us-egrid2023-nyup-" in text and "no 2024 edition, used the latest earlier one (2023)" in text


def test_issue_13_exact_factors_refuse_a_later_edition_for_an_earlier_year(tmp_path: Path):
    with pytest.raises(InputDataError) as caught:
        calculate([us_site(tmp_path, 2017, "US")], exact_factors=True)
    assert "no edition for 2017 or earlier: used the 2018 edition" in str(caught.value)


def test_issue_13_an_exact_factor_passes_with_the_same_total(tmp_path: Path):
    # eGRID2019 NYUP 232.305 / 0.017 / 0.002 lb/MWh, 10 MWh, AR5
    facts = calculate([us_site(tmp_path, 2019, "NYUP")], exact_factors=True).facts
    total = facts.loc[facts["scope"] == "scope2_location", "t_co2e"].sum()
    assert total == pytest.approx(tonnes(10, 232.305, 0.017, 0.002), rel=1e-9)


def test_issue_13_a_state_wholly_in_one_subregion_is_exact(tmp_path: Path):
    # Washington lies wholly in NWPP: not a fallback, so --strict accepts it
    calculate([us_site(tmp_path, 2021, "US-WA")], exact_factors=True)


def test_issue_13_fuel_defaults_of_the_country_and_ipcc_pass_under_exact_factors():
    # ai-park (Chongqing 2021): natural gas CO2 from CN, CH4/N2O from IPCC at GLOBAL: by design, exact
    calculate(["sample_data/ai-park/site.yaml"], exact_factors=True)


def test_issue_13_validate_exact_factors_checks_the_factors_too(tmp_path: Path):
    site = us_site(tmp_path, 2021, "US-NY")
    assert validate([site]).findings is not None  # without: no factor is chosen
    with pytest.raises(InputDataError):
        validate([site], exact_factors=True)
    exact = us_site(tmp_path / "exact", 2021, "US-NY", "egrid_subregion: NYUP")
    checked = validate([exact], exact_factors=True)
    assert list(checked.findings["check"]) == list(validate([exact]).findings["check"])


@pytest.mark.parametrize("command", ["calc", "validate"])
@pytest.mark.parametrize("option", [["--strict"], ["--factors", "exact"]])
def test_issue_13_cli_strict_and_factors_exact_exit_3_naming_the_key(tmp_path: Path, command: str, option: list[str]):
    site = us_site(tmp_path, 2021, "US-NY")
    result = runner.invoke(app, [command, str(site), *option])
    assert result.exit_code == 3, result.output
    assert "site.egrid_subregion" in result.output
    assert runner.invoke(app, [command, str(site)]).exit_code == 0


def test_issue_13_cli_factors_exact_accepts_an_exact_site(tmp_path: Path):
    site = us_site(tmp_path, 2021, "US-NY", "zip: '10001'")
    assert runner.invoke(app, ["calc", str(site), "--factors", "exact", "--format", "json"]).exit_code == 0


def test_issue_13_a_province_using_the_national_residual_mix_is_exact(tmp_path: Path):
    # China publishes its residual-type factor (0.5942 for 2021) for the whole country: a Chongqing
    # site's market-based view uses it as its own market's factor; location uses CQ's own 0.4743
    inventory = calculate([us_site(tmp_path, 2021, "CN-CQ")], exact_factors=True)
    by_scope = inventory.facts.groupby("scope", observed=True)["t_co2e"].sum()
    assert by_scope["scope2_location"] == pytest.approx(10 * 0.4743, rel=1e-12)
    assert by_scope["scope2_market"] == pytest.approx(10 * 0.5942, rel=1e-12)
