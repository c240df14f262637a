"""A Chinese site's own NCV changes its fuel's CO2, not only its CH4/N2O (issue 13, item 4).

China's default coefficients are CO2 per kg (per Nm3 for natural gas) built from the default
NCV: NCV x carbon content per unit heat x oxidation rate x 44/12 (GB/T 32150-2015, the enterprise
accounting guidelines). A site that gives its own NCV (``conversions: {diesel: {ncv: ...}}``)
used to keep the default-NCV coefficient for CO2, silently. Every expected value is worked by
hand here from the site's NCV and the published carbon content and oxidation rate (diesel
20.2 tC/TJ, 98 %; natural gas 15.3 tC/TJ, 99 %). Fixture: tests/data/cn_ncv/ (written by
scripts/fixtures/cn_ncv.py), January 2022, GWP AR5.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from carbon_cli import calculate
from carbon_cli.errors import ConfigError

DATA = Path(__file__).resolve().parent / "data" / "cn_ncv"
C_TO_CO2 = 44 / 12
DIESEL_T = 12.5
GAS_M3 = 18000


def by_activity_gas(path: Path) -> pd.Series:
    return calculate([path]).facts.groupby(["activity", "gas"], observed=True)["t_co2e"].sum()


def test_issue_13_chinese_diesel_co2_follows_the_sites_own_ncv():
    # 43.33 GJ/t = 0.04333 TJ/t; x 20.2 t C/TJ x 0.98 x 44/12 = 3.14512 t CO2 per t; x 12.5 t
    expected = DIESEL_T * 0.04333 * 20.2 * 0.98 * C_TO_CO2
    assert expected == pytest.approx(39.314, abs=1e-3)
    got = by_activity_gas(DATA / "site_own_ncv.yaml")
    assert got[("diesel", "CO2")] == pytest.approx(expected, rel=1e-12)
    assert got[("diesel", "CO2")] != pytest.approx(DIESEL_T * 3.0959, rel=1e-3)  # the default-NCV coefficient


def test_issue_13_chinese_natural_gas_co2_follows_the_sites_own_ncv():
    # 18,000 m3 x 35.6 MJ/m3 = 0.6408 TJ; x 15.3 t C/TJ x 0.99 x 44/12
    expected = GAS_M3 * 35.6e-6 * 15.3 * 0.99 * C_TO_CO2
    assert expected == pytest.approx(35.589, abs=1e-3)
    got = by_activity_gas(DATA / "site_own_ncv.yaml")
    assert got[("natural_gas", "CO2")] == pytest.approx(expected, rel=1e-12)


def test_issue_13_the_sites_ncv_still_sets_the_ipcc_ch4_n2o():
    # 12.5 t x 0.04333 TJ/t = 0.541625 TJ x 10 kg CH4/TJ x 28 (AR5) and x 0.6 kg N2O/TJ x 265
    got = by_activity_gas(DATA / "site_own_ncv.yaml")
    assert got[("diesel", "CH4")] == pytest.approx(DIESEL_T * 0.04333 * 10 * 28 / 1000, rel=1e-12)
    assert got[("diesel", "N2O")] == pytest.approx(DIESEL_T * 0.04333 * 0.6 * 265 / 1000, rel=1e-12)


def test_issue_13_without_an_own_ncv_the_default_coefficient_stays():
    got = by_activity_gas(DATA / "site_default.yaml")
    assert got[("diesel", "CO2")] == pytest.approx(DIESEL_T * 3.0959, rel=1e-12)  # 38.69875 t
    assert got[("natural_gas", "CO2")] == pytest.approx(GAS_M3 * 2.162 / 1000, rel=1e-12)  # 38.916 t


def test_issue_13_the_recomputed_coefficient_is_said_and_cited():
    inventory = calculate([DATA / "site_own_ncv.yaml"])
    messages = [n.message for n in inventory.notices if n.level == "info"]
    diesel = [m for m in messages if m.startswith("diesel CO2: 3.1451 kg/kg")]
    assert diesel, messages
    assert "conversions.diesel.ncv" in diesel[0] and "not the default 3.0959 kg/kg" in diesel[0]
    ledger = inventory.facts
    ids = set(ledger.loc[ledger["activity"].astype(str) == "diesel", "factor_id"].astype(str))
    assert "cn-guidelines-diesel-co2@site-ncv" in ids


def test_issue_13_a_sites_own_co2_factor_wins_over_the_recomputation():
    got = by_activity_gas(DATA / "site_own_factor.yaml")
    assert got[("diesel", "CO2")] == pytest.approx(DIESEL_T * 3.2, rel=1e-12)  # its own 3.2 kg/kg


def test_issue_13_an_ncv_that_is_not_an_energy_is_refused_naming_the_key(tmp_path):
    text = (DATA / "site_own_ncv.yaml").read_text(encoding="utf-8").replace("43.33 GJ/t", "0.84 kg/L")
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "fuels.csv").write_bytes((DATA / "fuels.csv").read_bytes())
    with pytest.raises(ConfigError, match=r"conversions\.diesel\.ncv"):
        calculate([tmp_path / "site.yaml"])
