"""Issue 14 (onsite): steam enthalpy by IAPWS-IF97, checked against the release's own
verification values (IAPWS R7-97(2012), table 15 for region 2 and table 35 for region 4), and
steam bills given by pressure and temperature."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli.bills import steam_tables
from carbon_cli.errors import ConfigError
from carbon_cli.inventory import calculate

DATA = Path(__file__).parent / "data" / "onsite"


@pytest.mark.parametrize(
    ("kelvin", "mpa", "published"),
    [(300, 0.0035, 2549.91145), (700, 0.0035, 3335.68375), (700, 30, 2631.49474)],
)
def test_issue_14_region_2_enthalpy_matches_the_iapws_verification_table(kelvin, mpa, published) -> None:
    assert steam_tables.steam_enthalpy(kelvin, mpa) == pytest.approx(published, abs=5e-6)


@pytest.mark.parametrize(("mpa", "published"), [(0.1, 372.755919), (1, 453.035632), (10, 584.149488)])
def test_issue_14_saturation_temperature_matches_the_iapws_verification_table(mpa, published) -> None:
    assert steam_tables.saturation_temperature(mpa) == pytest.approx(published, abs=5e-7)


def test_issue_14_water_below_saturation_is_not_steam() -> None:
    with pytest.raises(ValueError, match="below the saturation temperature"):
        steam_tables.enthalpy_of(1.0, 150.0)  # Ts(1 MPa) = 179.9 degC


def test_issue_14_steam_bill_by_saturation_pressure_takes_the_steam_tables_enthalpy() -> None:
    inventory = calculate([DATA / "site_steam_saturated.yaml"])
    table = inventory.breakdown(["scope", "activity"])
    heat = table[(table["scope"] == "scope2_location") & (table["activity"] == "heat")].iloc[0]
    # dry saturated steam at 1.0 MPa: h'' = 2777.1 kJ/kg (steam tables); 80.5 t x (2777.1 - 83.74) / 1000
    assert heat["quantity"] == pytest.approx(80.5 * (2777.1 - 83.74) / 1000, abs=80.5 * 0.05 / 1000)
    said = [n.message for n in inventory.notices if "IAPWS-IF97" in n.message]
    assert said and "1 MPa absolute, dry saturated" in said[0]


def test_issue_14_a_gauge_pressure_is_the_absolute_less_one_atmosphere() -> None:
    table = calculate([DATA / "site_steam_gauge.yaml"]).breakdown(["scope", "activity"])
    heat = table[(table["scope"] == "scope2_location") & (table["activity"] == "heat")].iloc[0]
    # 0.898675 MPa gauge + 0.101325 = 1.0 MPa absolute, 250 degC: IAPWS-IF97 h = 2943.2 kJ/kg
    assert heat["quantity"] == pytest.approx(80.5 * (2943.2 - 83.74) / 1000, abs=80.5 * 0.05 / 1000)


def test_issue_14_a_pressure_that_does_not_say_absolute_or_gauge_is_refused(tmp_path: Path) -> None:
    for name in ("electricity.csv", "pv.csv", "steam.csv", "cooling.csv"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    text = (DATA / "site_steam_saturated.yaml").read_text(encoding="utf-8")
    (tmp_path / "site.yaml").write_text(text.replace("1.0 MPa absolute", "1.0 MPa"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        calculate([tmp_path / "site.yaml"])
    assert "steam_pressure" in str(caught.value) and "absolute or gauge" in str(caught.value)
