"""Contractual instruments held to the GHG Protocol Scope 2 Quality Criteria (issue 13.4).

Scope 2 Guidance (2015), 7.4, Table 7.1: an instrument counts for market-based Scope 2 only in
its own market, for its vintage, once. One that fails is not applied (its consumption takes the
market-based grid factor) unless the YAML accepts it with a reason.

Numbers worked by hand from factors/emission_factors.csv: the test site (conftest ``make_site``)
is in Chongqing (CN-CQ), 2021, with 1000 kWh in January and 500 kWh in February. Its market-based
factor without instruments is China's 2021 national average excluding market-traded non-fossil
electricity, 0.5942 kg CO2/kWh (MEE/NBS): 1500 kWh x 0.5942 = 891.3 kg = 0.8913 t.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli import ConfigError, calculate
from carbon_cli.cli import app

BILLS = "bills:\n  - {path: power.csv, activity: electricity}\ninstruments:\n"
POWER = {
    "power.csv": """\
    start,end,quantity,unit
    2021-01-01,2021-01-31,1000,kWh
    2021-02-01,2021-02-28,500,kWh
    """
}
UNCOVERED = 1500 * 0.5942 / 1000  # t: no instrument applied


def site_with(make_site: Callable[..., Path], *instruments: str, **kwargs: object) -> Path:
    return make_site(BILLS + "".join(f"  - {x}\n" for x in instruments), bills=POWER, **kwargs)


def notices(path: Path, level: str) -> list[str]:
    return [n.message for n in calculate([path]).notices if n.level == level]


def test_issue_13_a_us_rec_is_not_applied_to_a_chongqing_site(make_site: Callable[..., Path]) -> None:
    site = site_with(make_site, "{type: rec, id: GREEN-E-2024-0001, quantity: 2 MWh}")
    inventory = calculate([site])
    assert inventory.totals()["scope2_market"] == pytest.approx(UNCOVERED, abs=1e-12)
    warnings = [n.message for n in inventory.notices if n.level == "warning"]
    assert any(
        m.startswith("instruments[0] (rec GREEN-E-2024-0001) not applied (GHG Protocol Scope 2 Quality Criteria)")
        and "a rec is valid in the US or Canada, the site is in CN (market boundary)" in m
        and 'write accept: "<reason>"' in m
        for m in warnings
    ), warnings


def test_issue_13_an_accepted_rec_is_applied_with_its_reason_in_the_ledger(make_site: Callable[..., Path]) -> None:
    site = site_with(
        make_site, "{type: rec, id: GREEN-E-2024-0001, quantity: 2 MWh, accept: 'bought by the US parent'}"
    )
    inventory = calculate([site])
    assert inventory.totals()["scope2_market"] == 0.0
    assert not [n for n in inventory.notices if n.level == "warning" and "not applied" in n.message]
    info = [n.message for n in inventory.notices if n.level == "info"]
    assert any("(rec GREEN-E-2024-0001) applied outside" in m and '"bought by the US parent"' in m for m in info)
    citation = (
        "contractual instrument: rec GREEN-E-2024-0001 (site YAML); "
        "accepted outside the Scope 2 Quality Criteria: bought by the US parent"
    )
    assert set(inventory.ledger.loc[inventory.ledger["part"] == "instrument:0", "citation"]) == {citation}
    result = CliRunner().invoke(app, ["calc", str(site), "--format", "json"])
    assert result.exit_code == 0, result.output
    factors = {f["id"]: f for f in json.loads(result.stdout)["factors"]}
    assert factors["site:s1:instruments[0]"]["citation"] == citation


def test_issue_13_a_chinese_green_certificate_applies_as_before(make_site: Callable[..., Path]) -> None:
    site = site_with(make_site, "{type: green_certificate, id: GEC-2021-CQ-1, quantity: 1200 kWh}")
    # 1200 of 1500 kWh covered; 300 kWh x 0.5942 = 178.26 kg
    assert calculate([site]).totals()["scope2_market"] == pytest.approx(0.17826, abs=1e-12)
    assert notices(site, "warning") == []


def test_issue_13_a_certificate_of_2019_to_2021_does_not_cover_a_2021_inventory(
    make_site: Callable[..., Path],
) -> None:
    period = "period: {start: 2019-01-01, end: 2021-12-31}"
    site = site_with(make_site, f"{{type: green_certificate, id: GEC-1, quantity: 1500 kWh, {period}}}")
    inventory = calculate([site])
    assert inventory.totals()["scope2_market"] == pytest.approx(UNCOVERED, abs=1e-12)
    assert any(
        "instruments[0] (green_certificate GEC-1) not applied" in n.message
        and "its period 2019-01-01..2021-12-31 reaches outside the reporting period 2021-01-01..2021-12-31" in n.message
        for n in inventory.notices
        if n.level == "warning"
    )


def test_issue_13_a_certificate_inside_the_reporting_year_applies(make_site: Callable[..., Path]) -> None:
    period = "period: {start: 2021-01-01, end: 2021-06-30}"
    site = site_with(make_site, f"{{type: green_certificate, id: GEC-1, quantity: 1500 kWh, {period}}}")
    # January and February (1500 kWh) lie inside its period: all covered
    assert calculate([site]).totals()["scope2_market"] == 0.0
    assert notices(site, "warning") == []


def test_issue_13_a_vintage_window_lets_last_years_certificate_cover_this_year(
    make_site: Callable[..., Path],
) -> None:
    period = "period: {start: 2020-07-01, end: 2020-12-31}"
    late = f"{{type: green_certificate, id: GEC-1, quantity: 1200 kWh, {period}"
    refused = site_with(make_site, late + "}", name="refused.yaml")
    assert calculate([refused]).totals()["scope2_market"] == pytest.approx(UNCOVERED, abs=1e-12)
    widened = site_with(make_site, late + ", vintage_window_months: 6}", name="widened.yaml")
    # Allowed by the window, it covers the reporting year: 300 kWh x 0.5942 = 178.26 kg remain
    assert calculate([widened]).totals()["scope2_market"] == pytest.approx(0.17826, abs=1e-12)
    short = site_with(make_site, late + ", vintage_window_months: 5}", name="short.yaml")
    assert calculate([short]).totals()["scope2_market"] == pytest.approx(UNCOVERED, abs=1e-12)


def test_issue_13_a_stated_market_must_be_the_sites_country(make_site: Callable[..., Path]) -> None:
    site = site_with(make_site, "{type: ppa, id: PPA-1, quantity: 1500 kWh, market: US}")
    assert calculate([site]).totals()["scope2_market"] == pytest.approx(UNCOVERED, abs=1e-12)
    assert any("market: US is not the site's country CN" in m for m in notices(site, "warning"))
    home = site_with(make_site, "{type: ppa, id: PPA-1, quantity: 1500 kWh, market: cn}", name="home.yaml")
    assert calculate([home]).totals()["scope2_market"] == 0.0


def test_issue_13_a_site_in_no_known_country_cannot_have_its_certificate_checked(
    make_site: Callable[..., Path],
) -> None:
    own = "factors:\n  - {activity: electricity, gas: CO2e, value: 0.1, unit: kg/kWh, source: x}\n"
    body = own + BILLS + "  - {type: green_certificate, id: GEC-1, quantity: 1500 kWh}\n"
    site = make_site(body, bills=POWER, region="XK")  # Kosovo: no ISO 3166-1 code, no country here
    inventory = calculate([site])
    # Not applied: the market view keeps the site's own factor, 1500 kWh x 0.1 kg/kWh = 150 kg
    assert inventory.totals()["scope2_market"] == pytest.approx(0.15, abs=1e-12)
    assert any("'XK' lies in no country" in n.message for n in inventory.notices if n.level == "warning")


def test_issue_13_the_same_certificate_id_twice_is_refused(make_site: Callable[..., Path]) -> None:
    twice = site_with(
        make_site,
        "{type: green_certificate, id: GEC-1, quantity: 1 kWh}",
        "{type: green_certificate, id: gec-1, quantity: 1 kWh}",
    )
    with pytest.raises(ConfigError, match=r"instruments\[1\]\.id: 'gec-1' is also the id of .*instruments\[0\]\.id"):
        calculate([twice])
    first = site_with(make_site, "{type: green_certificate, id: GEC-1, quantity: 1 kWh}", name="a.yaml", site_id="a")
    second = site_with(make_site, "{type: green_certificate, id: GEC-1, quantity: 1 kWh}", name="b.yaml", site_id="b")
    with pytest.raises(ConfigError, match=r"b\.yaml: instruments\[0\]\.id: 'GEC-1' is also the id of .*a\.yaml"):
        calculate([first, second])


def test_issue_13_an_instrument_without_id_is_noticed_as_untraceable(make_site: Callable[..., Path]) -> None:
    site = site_with(make_site, "{type: green_certificate, quantity: 1200 kWh}")
    assert "instruments[0] (green_certificate) cannot be traced: give id: the certificate's serial number" in notices(
        site, "info"
    )


def test_issue_13_accept_on_a_conforming_instrument_is_dropped(make_site: Callable[..., Path]) -> None:
    site = site_with(make_site, "{type: green_certificate, id: GEC-1, quantity: 1200 kWh, accept: not needed}")
    inventory = calculate([site])
    assert inventory.totals()["scope2_market"] == pytest.approx(0.17826, abs=1e-12)
    citation = inventory.factors_used().set_index("factor_id").loc["site:s1:instruments[0]", "citation"]
    assert citation == "contractual instrument: green_certificate GEC-1 (site YAML)"
