"""Issue 13, never guess silently: gas billed in kWh is gross or net, and only the bill (or its
country's convention) can say which.

Most European gas bills print kWh on the gross calorific value (Brennwert, PCS, Hs); IPCC 2006's
factors, the ones a German, French or Japanese site falls back on, are per TJ on the net basis. A gross
kWh read as net makes the gas about 11 % high (40.262 / 36.340), with exit 0: the defect fixed here.

Numbers: IPCC 2006 Vol. 2 Table 1.4 natural gas 56,100 kg CO2 per TJ (NCV). DESNZ 2024 UK average gas:
CO2 per m³ 2.0414 kg, per kWh (Net CV) 0.20223 kg, per kWh (Gross CV) 0.18253 kg, so NCV 36.340 and
GCV 40.262 MJ/m³ (``gas-volume-default-`` rows); their ratio is the default net/gross energy ratio.
DESNZ 2023 natural gas 0.18256 kg CO2 per kWh (Gross CV).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from carbon_cli import calculate, factors
from carbon_cli.errors import InputDataError

KWH = 20_000  # two half-year bills of 10,000 kWh
TJ = KWH * 3.6 / 1e6  # 0.072 TJ
IPCC_CO2_KG_PER_TJ = 56_100
NCV, GCV = 36.340, 40.262  # MJ/m3, DESNZ 2024 UK average gas (2.0414 / 0.20223 and / 0.18253, x 3.6)


def _site(tmp_path: Path, region: str, entry: str = "", extra: str = "") -> Path:
    (tmp_path / "gas.csv").write_text(
        "start,end,quantity,unit\n2023-01-01,2023-06-30,10000,kWh\n2023-07-01,2023-12-31,10000,kWh\n",
        encoding="utf-8",
    )
    site = tmp_path / "site.yaml"
    site.write_text(
        textwrap.dedent(
            f"""\
            site: {{id: s, name: S, region: {region}}}
            period: {{start: 2023-01-01, end: 2023-12-31}}
            gwp: AR6
            bills:
              - path: gas.csv
                activity: natural_gas
            """
        )
        + "".join(f"    {line}\n" for line in entry.splitlines())
        + extra,
        encoding="utf-8",
    )
    return site


def _co2_t(inventory: object) -> float:
    facts = inventory.facts  # type: ignore[attr-defined]
    return float(facts.loc[facts["gas"] == "CO2", "t_co2e"].sum())


def test_issue_13_gas_in_kwh_where_no_convention_holds_is_refused_naming_energy_basis(tmp_path: Path) -> None:
    with pytest.raises(InputDataError) as caught:
        calculate([_site(tmp_path, "DE")])
    assert "gross or net is not said" in caught.value.problem and "DE" in caught.value.problem
    assert "energy_basis: gross" in caught.value.fix and "energy_basis: net" in caught.value.fix


def test_gas_in_kwh_said_to_be_net_meets_the_ipcc_net_factor_as_it_is(tmp_path: Path) -> None:
    inventory = calculate([_site(tmp_path, "DE", "energy_basis: net")])
    assert _co2_t(inventory) == pytest.approx(TJ * IPCC_CO2_KG_PER_TJ / 1000, rel=1e-12)  # 4.0392 t
    assert not [n for n in inventory.notices if "turned" in n.message]


def test_issue_13_gas_in_kwh_said_to_be_gross_is_turned_net_by_the_default_pair_with_a_warning(
    tmp_path: Path,
) -> None:
    inventory = calculate([_site(tmp_path, "DE", "energy_basis: gross")])
    expected = TJ * NCV / GCV * IPCC_CO2_KG_PER_TJ / 1000  # 0.072 x 0.902588 x 56,100 = 3.645734 t
    assert expected == pytest.approx(3.645734, rel=1e-6)
    assert _co2_t(inventory) == pytest.approx(expected, rel=1e-12)
    said = [n for n in inventory.notices if "gross energy on the bill turned net" in n.message]
    assert len(said) == 1 and said[0].level == "warning" and "conversions: natural_gas" in said[0].message


def test_a_sites_own_pair_of_calorific_values_turns_gross_kwh_net_exactly(tmp_path: Path) -> None:
    own = "conversions:\n  natural_gas: {gcv: 39.0 MJ/m3, ncv: 35.1 MJ/m3, source: supplier statement}\n"
    inventory = calculate([_site(tmp_path, "DE", "energy_basis: gross", own)])
    assert _co2_t(inventory) == pytest.approx(TJ * 35.1 / 39.0 * IPCC_CO2_KG_PER_TJ / 1000, rel=1e-12)
    said = [n for n in inventory.notices if "turned net" in n.message]
    assert said and all(n.level == "info" for n in said)


def test_a_uk_bill_said_to_be_net_is_turned_gross_for_the_desnz_gross_factor(tmp_path: Path) -> None:
    inventory = calculate([_site(tmp_path, "GB", "energy_basis: net")])
    assert _co2_t(inventory) == pytest.approx(KWH * GCV / NCV * 0.18256 / 1000, rel=1e-12)  # 4.04522 t


def test_a_uk_bill_in_kwh_keeps_the_uk_convention_when_nothing_is_said(tmp_path: Path) -> None:
    inventory = calculate([_site(tmp_path, "GB")])
    assert _co2_t(inventory) == pytest.approx(KWH * 0.18256 / 1000, rel=1e-12)  # 3.6512 t, gross as billed


def test_a_uk_bill_said_to_be_gross_is_the_uk_convention_itself(tmp_path: Path) -> None:
    inventory = calculate([_site(tmp_path, "GB", "energy_basis: gross")])
    assert _co2_t(inventory) == pytest.approx(KWH * 0.18256 / 1000, rel=1e-12)


def test_an_unknown_energy_basis_value_is_a_config_error(tmp_path: Path) -> None:
    from carbon_cli.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        calculate([_site(tmp_path, "DE", "energy_basis: hs")])
    assert "energy_basis" in str(caught.value)


def test_strict_refuses_the_default_pair(tmp_path: Path) -> None:
    with pytest.raises(InputDataError) as caught:
        calculate([_site(tmp_path, "DE", "energy_basis: gross")], exact_factors=True)
    assert "gross energy on the bill turned net" in caught.value.problem


def test_the_default_gross_value_is_desnz_co2_per_m3_over_co2_per_gross_kwh() -> None:
    assert round(2.0414 / 0.18253 * 3.6, 3) == GCV
    rows = factors.properties()
    row = rows[rows["id"] == "gas-volume-default-global-natural_gas-gcv"].iloc[0]
    assert (row["region"], row["property"], row["basis"], float(row["value"])) == ("GLOBAL", "gcv", "GCV", GCV)
    assert "sheet row 84" in row["table"]


def test_a_gross_value_of_one_region_is_never_paired_with_a_net_value_of_another() -> None:
    from carbon_cli.factors.billed_basis import rebase
    from carbon_cli.factors.select import pick

    rows = [
        {"id": "us", "region": "US", "property": "gcv", "basis": "GCV", "value": 1.026, "unit": "MMBtu/1000 scf",
         "year_from": 2024, "year_to": None},
        {"id": "g", "region": "GLOBAL", "property": "ncv", "basis": "NCV", "value": 36.34, "unit": "MJ/m**3",
         "year_from": 1990, "year_to": None},
    ]  # fmt: skip
    assert rebase(rows, ["US", "GLOBAL"], 2024, "GCV", "NCV", pick, "natural_gas") is None
