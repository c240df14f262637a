"""Gas billed by volume with the calorific value printed on the bill (issue 12, item 5).

UK gas bills turn the metered volume into energy by the formula of the Gas (Calculation of
Thermal Energy) Regulations 1996 as amended: kWh = m3 x 1.02264 (volume correction to standard
temperature and pressure) x CV (MJ/m3, gross) / 3.6. Imperial meters read in hundreds of cubic
feet (1 hcf = 100 ft3 = 100 x 0.3048**3 m3). Every expected value is worked by hand here; the
DESNZ factor is read from the shipped CSV, per kWh on a gross calorific value basis.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from carbon_cli import bills, calculate, factors, units
from carbon_cli.cli import app
from carbon_cli.config import BillSource
from carbon_cli.errors import ConfigError, InputDataError

FACTORS = Path(__file__).resolve().parent.parent / "factors" / "uk_desnz.csv"
VCF = 1.02264


def desnz_gas(year: int) -> float:
    """The DESNZ natural gas factor, kg CO2e per kWh (Gross CV), of ``year`` under AR6 (the sites' GWP), from
    the shipped per-gas rows (issue 13.5): kg CO2 + CO2e of CH4 / 28 x 29.8 + CO2e of N2O / 265 x 273 (the
    2023 set weights CH4 and N2O with AR5; AR6 fossil CH4 29.8, N2O 273)."""
    table = pd.read_csv(FACTORS).set_index("id")
    rows = table.loc[[f"uk-desnz-{year}-natural_gas-{gas}" for gas in ("co2", "ch4", "n2o")]]
    assert list(rows["gas"]) == ["CO2", "CH4@AR5", "N2O@AR5"]
    assert set(rows["unit"]) == {"kg/kWh"} and set(rows["basis"]) == {"GCV"}
    co2, ch4, n2o = (float(v) for v in rows["value"])
    return co2 + ch4 / 28 * 29.8 + n2o / 265 * 273


def gas_site(make_site: Callable[..., Path], bill: str, entry: str = "", *, region: str = "GB", head: str = "") -> Path:
    body = head + "bills:\n  - {path: gas.csv, activity: natural_gas, meter: boiler" + entry + "}\n"
    return make_site(
        body, bills={"gas.csv": textwrap.dedent(bill)}, region=region, start="2023-01-01", end="2023-12-31"
    )


ONE_BILL = "start,end,quantity,unit\n2023-01-01,2023-01-31,{}\n"


def kwh_in_ledger(path: Path) -> float:
    ledger = calculate([path]).ledger
    return float(ledger.loc[ledger["scope"] == "scope1", "counted"].sum())  # not the upstream memo line (issue 14)


# --- the UK formula ----------------------------------------------------------------------------


def test_issue_12_uk_gas_in_m3_with_the_bills_cv_takes_the_volume_correction(make_site):
    path = gas_site(make_site, ONE_BILL.format("1000,m3"), ", cv: 39.5")
    inventory = calculate([path])
    kwh = 1000 * 1.02264 * 39.5 / 3.6  # 11,220.633 kWh (gross)
    assert kwh == pytest.approx(11220.6333333, rel=1e-9)
    assert inventory.totals()["scope1"] == pytest.approx(kwh * desnz_gas(2023) / 1000, rel=1e-12)
    ledger = inventory.ledger
    ledger = ledger[ledger["scope"] == "scope1"]  # not the upstream memo line (issue 14)
    assert ledger["counted"].sum() == pytest.approx(kwh, rel=1e-12)
    assert set(ledger["unit"].astype(str)) == {"kWh"}
    assert set(ledger["bill_unit"].astype(str)) == {"m3"}
    assert set(ledger["bill_quantity"]) == {1000.0}
    shown = [n.message for n in inventory.notices if "calorific value" in n.message]
    assert shown == [
        f"natural_gas: 1 bill(s) of {path.parent / 'gas.csv'} in m3/ft3 turned into kWh (gross) with the bill's "
        "calorific value: kWh = m3 x 1.02264 x CV (MJ/m3) / 3.6 (Gas (Calculation of Thermal Energy) "
        "Regulations 1996 as amended; volume correction factor 1.02264)"
    ]


def test_issue_12_cv_with_a_unit_reads_like_the_bare_number(make_site):
    path = gas_site(make_site, ONE_BILL.format("1000,m3"), ", cv: 39.5 MJ/m3")
    assert kwh_in_ledger(path) == pytest.approx(1000 * VCF * 39.5 / 3.6, rel=1e-12)


def test_issue_12_uk_gas_in_hundreds_of_cubic_feet(make_site):
    path = gas_site(make_site, ONE_BILL.format("100,hcf"), ", cv: 39.5")
    kwh = 100 * 2.8316846592 * 1.02264 * 39.5 / 3.6  # 3,177.33 kWh
    assert kwh_in_ledger(path) == pytest.approx(kwh, rel=1e-12)
    assert calculate([path]).totals()["scope1"] == pytest.approx(kwh * desnz_gas(2023) / 1000, rel=1e-12)


def test_issue_12_a_cv_column_gives_each_bill_its_own_calorific_value(make_site):
    bill = """\
        start,end,quantity,unit,Calorific Value
        2023-01-01,2023-01-31,1000,m3,39.5
        2023-02-01,2023-02-28,500,m3,38.9
        """
    path = gas_site(make_site, bill)
    kwh = 1000 * 1.02264 * 39.5 / 3.6 + 500 * 1.02264 * 38.9 / 3.6  # 11,220.633 + 5,524.93
    inventory = calculate([path])
    assert inventory.ledger.query("scope == 'scope1'")["counted"].sum() == pytest.approx(kwh, rel=1e-12)
    assert inventory.totals()["scope1"] == pytest.approx(kwh * desnz_gas(2023) / 1000, rel=1e-12)


def test_issue_12_a_mapped_cv_column_wins_over_the_entrys_cv_and_blank_cells_take_it(make_site):
    bill = """\
        start,end,quantity,unit,CV (MJ/m3)
        2023-01-01,2023-01-31,1000,m3,38.0
        2023-02-01,2023-02-28,500,m3,
        """
    path = gas_site(make_site, bill, ", cv: 40.0, columns: {cv: CV (MJ/m3)}")
    kwh = 1000 * 1.02264 * 38.0 / 3.6 + 500 * 1.02264 * 40.0 / 3.6
    assert kwh_in_ledger(path) == pytest.approx(kwh, rel=1e-12)


def test_issue_12_a_cv_on_a_bill_already_in_kwh_changes_nothing(make_site):
    bill = "start,end,quantity,unit,cv\n2023-01-01,2023-01-31,11220,kWh,39.5\n"
    inventory = calculate([gas_site(make_site, bill)])
    assert inventory.ledger.query("scope == 'scope1'")["counted"].sum() == pytest.approx(
        11220 * 0.0036, rel=1e-12
    )  # GJ, as ever
    assert inventory.totals()["scope1"] == pytest.approx(11220 * desnz_gas(2023) / 1000, rel=1e-12)


# --- refusals ------------------------------------------------------------------------------------


def test_issue_12_a_cv_cell_outside_the_plausible_range_is_refused_naming_the_row(make_site):
    bill = "start,end,quantity,unit,cv\n2023-01-01,2023-01-31,1000,m3,39.5\n2023-02-01,2023-02-28,900,m3,395\n"
    path = gas_site(make_site, bill)
    with pytest.raises(InputDataError) as excinfo:
        calculate([path])
    assert excinfo.value.exit_code == 3
    assert str(excinfo.value) == (
        f"{path.parent / 'gas.csv'} row 3, column 'cv': calorific value 395 MJ/m3 is outside 30-50 MJ/m3, "
        "no natural gas has it (a misplaced decimal point?). "
        "Copy the calorific value (gross, MJ/m3) from the bill, e.g. 39.5"
    )


@pytest.mark.parametrize("cv", ["3.95", "395 MJ/m3", "39.5 kg"])
def test_issue_12_a_yaml_cv_that_is_no_gas_calorific_value_is_refused(make_site, cv):
    path = gas_site(make_site, ONE_BILL.format("1000,m3"), f", cv: {cv}")
    with pytest.raises(ConfigError) as excinfo:
        calculate([path])
    assert excinfo.value.exit_code == 2
    assert "(cv: in the site YAML)" in str(excinfo.value)


def test_issue_12_a_gross_cv_is_refused_where_fuel_energy_is_net(make_site):
    path = gas_site(make_site, ONE_BILL.format("1000,m3"), ", cv: 38.9", region="CN-CQ")
    with pytest.raises(InputDataError) as excinfo:
        calculate([path])
    assert "accounts fuel energy on a net basis" in str(excinfo.value)


def test_issue_12_a_cv_on_another_fuel_is_refused(make_site):
    body = "bills:\n  - {path: oil.csv, activity: diesel, unit: L, cv: 39.5}\n"
    path = make_site(
        body, bills={"oil.csv": ONE_BILL.format("1000,L")}, region="GB", start="2023-01-01", end="2023-12-31"
    )
    with pytest.raises(InputDataError) as excinfo:
        calculate([path])
    assert "only natural gas bills in m3 or ft3 take one" in str(excinfo.value)


# --- outside the UK: no UK rule unless asked -----------------------------------------------------


def test_issue_12_outside_gb_a_cv_converts_without_the_uk_volume_correction(make_site):
    path = gas_site(make_site, ONE_BILL.format("1000,m3"), ", cv: 38.0", region="US-CA")
    assert kwh_in_ledger(path) == pytest.approx(1000 * 38.0 / 3.6, rel=1e-12)


def test_issue_12_volume_correction_in_the_entry_is_applied_once(make_site):
    path = gas_site(make_site, ONE_BILL.format("1000,m3"), ", cv: 38.0, volume_correction: 1.02", region="US-CA")
    assert kwh_in_ledger(path) == pytest.approx(1000 * 1.02 * 38.0 / 3.6, rel=1e-12)
    uk = gas_site(make_site, ONE_BILL.format("1000,m3"), ", cv: 38.0, volume_correction: 1.0")
    assert kwh_in_ledger(uk) == pytest.approx(1000 * 38.0 / 3.6, rel=1e-12)


# --- the old silent error --------------------------------------------------------------------------


def test_issue_12_uk_gas_in_m3_through_a_site_gcv_is_refused_not_2_percent_low(make_site, monkeypatch):
    """Before: conversions.natural_gas.gcv turned 1,000 m3 into 1000 x 39.5 / 3.6 = 10,972.2 kWh,
    without the 1.02264 correction of every UK gas bill (2.2 % low), with exit 0."""
    path = gas_site(
        make_site, ONE_BILL.format("1000,m3"), head="conversions:\n  natural_gas: {gcv: 39.5 MJ/m3, source: bill}\n"
    )
    monkeypatch.chdir(path.parent)
    result = CliRunner().invoke(app, ["calc", path.name], env={"COLUMNS": "1000", "NO_COLOR": "1"})
    assert result.exit_code == 3, result.stdout
    assert result.stderr.strip() == (
        "Error: gas.csv row 2: UK gas billed in m3 would be turned into kWh by conversions.natural_gas without "
        "the volume correction 1.02264 of UK gas bills (2.2 % low). Give the calorific value on the bill as "
        "cv: <MJ/m3> on this bill entry (or a cv column); kWh = m3 x 1.02264 x CV / 3.6"
    )


# --- units -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "m3"),
    [
        ("hcf", 100 * 0.3048**3),
        ("HCF", 100 * 0.3048**3),
        ("ccf", 100 * 0.3048**3),
        ("Mcf", 1000 * 0.3048**3),
        ("ft3", 0.3048**3),
        ("ft³", 0.3048**3),
        ("cf", 0.3048**3),
        ("cu ft", 0.3048**3),
    ],
)
def test_issue_12_cubic_feet_spellings_of_gas_meters(unit, m3):
    assert units.scale(unit, "m3") == pytest.approx(m3, rel=1e-12)


def test_issue_12_a_cv_where_the_volume_correction_is_not_settled_is_refused(tmp_path):
    """A portfolio's shared table names no one site's region: its entry must say the correction."""
    path = tmp_path / "gas.csv"
    path.write_text(ONE_BILL.format("1000,m3"), encoding="utf-8")
    source = BillSource(path=path, activity="natural_gas", cv=39.5)
    with pytest.raises(InputDataError) as excinfo:
        bills.read(source, site="s1", activities=factors.activities(), shown_path="gas.csv")
    assert "volume correction is not settled" in str(excinfo.value)
    assert "volume_correction:" in excinfo.value.fix
    settled = BillSource(path=path, activity="natural_gas", cv=39.5, volume_correction=1.02264)
    table = bills.read(settled, site="s1", activities=factors.activities(), shown_path="gas.csv")
    assert table["quantity"].tolist() == pytest.approx([1000 * 1.02264 * 39.5 / 3.6], rel=1e-12)
    assert (table["unit"].astype(str).tolist(), table["bill_unit"].astype(str).tolist()) == (["kWh"], ["m3"])


def test_issue_13_uk_gas_in_m3_without_any_calorific_value_uses_desnz_per_m3_and_says_so(make_site):
    # Before issue 13 it was refused; DESNZ publishes natural gas per cubic metre (2023: kg CO2 2.03437,
    # kg CO2e of CH4 0.0030688 and of N2O 0.000951510067114094 per m3, AR5-weighted): AR6 per m3 =
    # 2.03437 + 0.0030688 / 28 x 29.8 + 0.000951510067114094 / 265 x 273 = 2.03861631... kg CO2e.
    path = gas_site(make_site, ONE_BILL.format("1000,m3"))
    inventory = calculate([path])
    per_m3 = 2.03437 + 0.0030688 / 28 * 29.8 + 0.000951510067114094 / 265 * 273
    assert inventory.totals()["scope1"] == pytest.approx(1000 * per_m3 / 1000, rel=1e-12)
    assert set(inventory.ledger["factor_id"].astype(str)) == {
        "uk-desnz-2023-natural_gas_m3-co2",
        "uk-desnz-2023-natural_gas_m3-ch4",
        "uk-desnz-2023-natural_gas_m3-n2o",
    }
    (note,) = [n for n in inventory.notices if "per cubic metre" in n.message]
    assert note.level == "info" and "cv:" in note.message


# --- a gross CV where the factors are net --------------------------------------------------------
@pytest.mark.parametrize("region", ["DE", "JP", "CN-CQ"])
def test_issue_13_a_bills_gross_cv_is_refused_where_the_gas_factor_is_net(make_site, region):
    # DE and JP take IPCC's net factor (per TJ on a net calorific value): 1,000 m3 x 39.5 MJ/m3 gross
    # made 10,972 kWh gross, about 10 % above the net energy that factor multiplies, with exit 0
    path = gas_site(make_site, ONE_BILL.format("1000,m3"), ", cv: 39.5", region=region)
    with pytest.raises(InputDataError) as caught:
        calculate([path])
    assert "gross" in caught.value.problem and "net" in caught.value.problem
    assert "conversions: natural_gas: {ncv:" in caught.value.fix


def test_issue_13_a_bills_gross_cv_still_converts_where_the_gas_factor_is_gross(make_site):
    # the US: EPA's natural gas factor is per MMBtu HHV (gross); no volume correction
    path = gas_site(make_site, ONE_BILL.format("1000,m3"), ", cv: 39.5", region="US-NY")
    assert kwh_in_ledger(path) == pytest.approx(1000 * 39.5 / 3.6, rel=1e-12)
