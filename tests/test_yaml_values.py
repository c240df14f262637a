"""YAML values that used to be accepted silently (issue 16, item 13): each is refused with one
line naming the file, the key path (or the lines) and the fix."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from carbon_cli import ConfigError, calculate
from carbon_cli.inventory import validate
from carbon_cli.safe_yaml import MAX_YAML_CHARACTERS, read_yaml

GAS = {"gas.csv": "start,end,quantity\n2021-03-01,2021-03-31,1000\n"}
GAS_BILLS = "bills:\n  - {path: gas.csv, activity: natural_gas, unit: m3}\n"
POWER = {"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,1000,kWh\n"}
POWER_BILLS = "bills:\n  - {path: power.csv, activity: electricity}\n"
README = "See the YAML reference in the README"


def refused(site: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        calculate([site])
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_issue_16_a_second_bills_key_is_refused_not_silently_replacing_the_first(
    make_site: Callable[..., Path],
) -> None:
    # make_site writes three header lines: bills: is on line 4, and again on line 7.
    site = make_site(
        POWER_BILLS + "# the gas bills\nbills:\n  - {path: gas.csv, activity: natural_gas, unit: m3}\n",
        bills={**POWER, **GAS},
    )
    message = f"{site} line 7: key 'bills' is given twice (lines 4 and 7); YAML would silently keep only the second. "
    message += "Keep one 'bills:' and put everything it holds under it"
    assert refused(site) == message
    with pytest.raises(ConfigError, match="key 'bills' is given twice"):
        validate([site])


def test_issue_16_a_key_given_twice_in_a_nested_mapping_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text("conversions:\n  natural_gas:\n    ncv: 30 MJ/m3\n    ncv: 45 MJ/m3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_yaml(path)
    assert str(caught.value) == (
        f"{path} line 4: key 'ncv' is given twice (lines 3 and 4); YAML would silently keep only the second. "
        "Keep one 'ncv:' and put everything it holds under it"
    )
    path.write_text("site: {id: a, id: b}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"line 1: key 'id' is given twice \(both on line 1\)"):
        read_yaml(path)


def test_issue_16_a_key_next_to_a_yaml_merge_still_overrides_it(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text("base: &base {x: 1, y: 2}\nsite:\n  <<: *base\n  x: 3\n", encoding="utf-8")
    assert read_yaml(path)["site"] == {"x": 3, "y": 2}


@pytest.mark.parametrize(
    ("conversion", "problem"),
    [
        ("ncv: 0 MJ/m3", "conversions.natural_gas.ncv: must be above zero (got '0 MJ/m3')"),
        ("ncv: -30 MJ/m3", "conversions.natural_gas.ncv: must be above zero (got '-30 MJ/m3')"),
        ("gcv: nan MJ/m3", "conversions.natural_gas.gcv: not a finite number; write e.g. '38 MJ/m3' (got 'nan MJ/m3')"),
        ("density: -0.7 kg/m3", "conversions.natural_gas.density: must be above zero (got '-0.7 kg/m3')"),
        ("density: 0 kg/m3", "conversions.natural_gas.density: must be above zero (got '0 kg/m3')"),
    ],
)
def test_issue_16_a_zero_negative_or_nan_conversion_is_refused_with_its_key_path(
    make_site: Callable[..., Path], conversion: str, problem: str
) -> None:
    site = make_site(GAS_BILLS + f"conversions:\n  natural_gas: {{{conversion}}}\n", bills=GAS, region="DE")
    assert refused(site) == f"{site}: {problem}. {README}"


@pytest.mark.parametrize(
    ("instrument", "problem"),
    [
        (
            "{type: supplier_factor, factor: -0.3 kg/kWh}",
            "instruments[0].factor: must be zero or more (got '-0.3 kg/kWh')",
        ),
        (
            "{type: supplier_factor, factor: nan kg/kWh}",
            "instruments[0].factor: not a finite number; write e.g. '0.45 kg/kWh' (got 'nan kg/kWh')",
        ),
        (
            "{type: rec, quantity: nan kWh}",
            "instruments[0].quantity: not a finite number; write e.g. '4000 kWh' (got 'nan kWh')",
        ),
        (
            "{type: go, quantity: inf MWh}",
            "instruments[0].quantity: not a finite number; write e.g. '4000 kWh' (got 'inf MWh')",
        ),
        (
            "{type: green_certificate, quantity: 1e400 kWh}",
            "instruments[0].quantity: not a finite number; write e.g. '4000 kWh' (got '1e400 kWh')",
        ),
    ],
)
def test_issue_16_a_negative_or_non_finite_instrument_is_refused_with_its_key_path(
    make_site: Callable[..., Path], instrument: str, problem: str
) -> None:
    site = make_site(POWER_BILLS + f"instruments:\n  - {instrument}\n", bills=POWER)
    assert refused(site) == f"{site}: {problem}. {README}"


def test_issue_16_a_zero_supplier_factor_and_a_zero_certificate_are_allowed(make_site: Callable[..., Path]) -> None:
    # 0 kg/kWh (a wholly renewable supplier) is a real factor: 1000 kWh x 0 = 0 t
    site = make_site(
        POWER_BILLS + "instruments:\n  - {type: rec, quantity: 0 kWh}\n  - {type: supplier_factor, factor: 0 kg/kWh}\n",
        bills=POWER,
    )
    assert calculate([site]).totals()["scope2_market"] == 0.0


@pytest.mark.parametrize("value", [".nan", ".inf", "nan", "-.inf"])
def test_issue_16_a_non_finite_own_factor_value_is_refused_with_its_key_path(
    make_site: Callable[..., Path], value: str
) -> None:
    site = make_site(
        GAS_BILLS + f"factors:\n  - {{activity: natural_gas, gas: CO2, value: {value}, unit: kg/TJ, source: own}}\n",
        bills=GAS,
        region="DE",
    )
    shown = {".nan": "nan", "nan": "'nan'", ".inf": "inf", "-.inf": "-inf"}[value]
    assert refused(site) == f"{site}: factors[0].value: Input should be a finite number (got {shown}). {README}"


def test_issue_16_one_long_string_aliased_thousands_of_times_is_refused(tmp_path: Path) -> None:
    # 1 MB of text, 20,000 aliases: few values (the alias count passes) but 20 GB written out.
    aliases = ", ".join(["*big"] * 20_000)
    site = tmp_path / "site.yaml"
    site.write_text(
        f"note: &big {'x' * 1_000_000}\nsite: {{id: s1, region: CN-CQ}}\nnotes: [{aliases}]\n", encoding="utf-8"
    )
    started = time.perf_counter()
    with pytest.raises(ConfigError) as caught:
        read_yaml(site)
    assert time.perf_counter() - started < 30
    # 20,001 copies of the string (the anchor and its aliases) plus the keys' few characters
    message = str(caught.value)
    assert message.startswith(f"{site}: expands to 20,001,000,0")
    assert message.endswith(
        f"characters of text through aliases, more than the {MAX_YAML_CHARACTERS:,} a site or portfolio YAML may "
        "hold. Remove the repeated anchors (&) and aliases (*), or shorten the long values"
    )


HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    ("site_line", "bill_extra", "factor_extra", "expected"),
    [
        (f"site: {{id: s1, region: CN-CQ, headcount: {HUGE}}}", "", "", "site.headcount: Input should be less"),
        ("site: {id: s1, region: CN-CQ}", f", header_row: {HUGE}", "", "bills[0].header_row: Input should be less"),
        ("site: {id: s1, region: CN-CQ}", "", f", year_from: {HUGE}", "factors[0].year_from: Input should be less"),
    ],
    ids=["headcount", "header_row", "year_from"],
)
def test_issue_16_huge_integers_in_the_yaml_are_one_line_exit_2(
    tmp_path: Path, site_line: str, bill_extra: str, factor_extra: str, expected: str
) -> None:
    from typer.testing import CliRunner

    from carbon_cli.cli import app

    (tmp_path / "power.csv").write_text("start,end,quantity,unit\n2021-01-01,2021-01-31,100,kWh\n", encoding="utf-8")
    site = tmp_path / "site.yaml"
    site.write_text(
        f"{site_line}\nperiod: {{start: 2021-01-01, end: 2021-12-31}}\n"
        f"bills:\n  - {{path: power.csv, activity: electricity{bill_extra}}}\n"
        f"factors:\n  - {{activity: electricity, gas: CO2, value: 0.5, unit: kg/kWh, source: own{factor_extra}}}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["calc", str(site)])
    assert result.exit_code == 2
    assert expected in result.stderr and "internal error" not in result.stderr


def test_issue_16_a_date_in_year_0000_is_one_line_exit_2(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("site: {id: s1, region: CN-CQ}\nperiod: {start: 0000-01-01, end: 2021-12-31}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_yaml(site)
    assert str(caught.value) == (
        f"{site}: cannot read a value (year 0 is out of range). Write dates as YYYY-MM-DD with a year from 1 to "
        "9999, or quote the value"
    )
