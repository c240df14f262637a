"""Unit spellings from real bills, and the one lazily built pint registry (carbon_cli/units.py).

Reference values are exact definitions unless said otherwise:
1 kWh = 3.6 MJ; 1 ft = 0.3048 m; 1 US gal = 231 in**3 = 3.785411784 L;
1 Btu = 1055.056 J. That last one is pint's ``Btu`` (``british_thermal_unit = 1055.056 * joule
= Btu = BTU = Btu_iso`` in pint/default_en.txt): the International Table Btu rounded as in
ISO 31-4. pint's unrounded IT Btu is ``Btu_it`` = 1055.05585262 J, 1.4e-7 smaller.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from carbon_cli import units
from carbon_cli.errors import InputDataError

REL = 1e-12


@pytest.mark.parametrize("spelling", ["度", "千瓦时", "kWh"])
def test_chinese_kwh_spellings_are_one_kwh(spelling):
    assert units.scale(spelling, "kWh") == pytest.approx(1.0, rel=REL)


def test_wan_kwh_is_ten_thousand_kwh():
    # 万 = 10^4
    assert units.scale("万千瓦时", "kWh") == pytest.approx(10_000.0, rel=REL)


def test_mwh_is_1000_kwh():
    assert units.scale("MWh", "kWh") == pytest.approx(1000.0, rel=REL)


def test_gj_in_kwh():
    # 1 GJ = 1e9 J; 1 kWh = 3.6e6 J -> 1e9 / 3.6e6 = 277.777...
    assert units.scale("GJ", "kWh") == pytest.approx(1e9 / 3.6e6, rel=REL)
    assert units.scale("GJ", "kWh") == pytest.approx(277.7777777777778, rel=REL)


def test_pint_btu_is_1055_056_joule():
    # pint: british_thermal_unit = 1055.056 * joule = Btu (ISO 31-4 rounding of the IT Btu)
    assert units.scale("Btu", "J") == pytest.approx(1055.056, rel=REL)


def test_mmbtu_in_gj():
    # 1 MMBtu = 1e6 Btu = 1e6 * 1055.056 J = 1.055056e9 J = 1.055056 GJ
    assert units.scale("MMBtu", "GJ") == pytest.approx(1.055056, rel=REL)


def test_therm_in_mj():
    # pint: therm = 1e5 * Btu (the EC therm) = 1e5 * 1055.056 J = 105.5056 MJ
    assert units.scale("therm", "MJ") == pytest.approx(105.5056, rel=REL)


@pytest.mark.parametrize("spelling", ["方", "立方米", "m3", "m³", "Nm3", "Nm³"])
def test_cubic_metre_spellings_are_one_m3(spelling):
    assert units.scale(spelling, "m**3") == pytest.approx(1.0, rel=REL)


def test_scf_in_m3():
    # 1 ft = 0.3048 m -> 1 ft**3 = 0.3048**3 m**3 = 0.028316846592 m**3
    assert units.scale("scf", "m3") == pytest.approx(0.028316846592, rel=REL)


def test_litre_in_m3():
    assert units.scale("L", "m3") == pytest.approx(0.001, rel=REL)


def test_us_gallon_in_litres():
    # 1 US gal = 231 in**3 = 231 * 2.54**3 cm**3 = 3785.411784 cm**3 = 3.785411784 L
    assert units.scale("gal", "L") == pytest.approx(3.785411784, rel=REL)


@pytest.mark.parametrize("spelling", ["吨", "t"])
def test_tonne_spellings_are_1000_kg(spelling):
    assert units.scale(spelling, "kg") == pytest.approx(1000.0, rel=REL)


@pytest.mark.parametrize("spelling", ["KWH", "kwh", "Kwh", " kWh "])
def test_kwh_case_and_spaces_are_folded(spelling):
    assert units.normalise(spelling) == "kWh"
    assert units.scale(spelling, "kWh") == pytest.approx(1.0, rel=REL)


def test_lower_case_mwh_means_megawatt_hour_not_milli():
    # pint alone would read "mwh" as milliwatt-hour (1e-6 kWh); on a bill it means MWh.
    assert units.scale("mwh", "kWh") == pytest.approx(1000.0, rel=REL)


@pytest.mark.parametrize("spelling", units.ACCEPTED.split(", "))
def test_every_spelling_promised_in_the_error_message_parses(spelling):
    units.parse(spelling)


def test_unknown_unit_raises_input_data_error_with_exit_code_3():
    with pytest.raises(InputDataError) as caught:
        units.parse("bananas")
    assert caught.value.exit_code == 3


def test_unknown_unit_message_names_it_and_lists_accepted_units():
    with pytest.raises(InputDataError) as caught:
        units.parse("bananas")
    message = str(caught.value)
    assert "'bananas'" in message
    assert units.ACCEPTED in message
    for spelling in ("kWh", "MMBtu", "scf", "度", "方", "吨"):
        assert spelling in message


def test_scale_between_dimensions_raises_input_data_error():
    with pytest.raises(InputDataError) as caught:
        units.scale("m3", "kWh")
    assert caught.value.exit_code == 3
    assert "volume" in str(caught.value)
    assert "energy" in str(caught.value)


def test_ratio_keeps_a_scaled_denominator():
    numerator, denominator = units.ratio("GJ/10000 m**3")
    assert numerator.magnitude == 1
    assert numerator.units == units.parse("GJ")
    assert denominator.magnitude == 10000
    assert denominator.units == units.parse("m**3")
    # 389.31 GJ per 10^4 m3 is 0.038931 GJ per m3
    per_m3 = (389.31 * numerator / denominator).to("GJ/m**3").magnitude
    assert per_m3 == pytest.approx(0.038931, rel=REL)


def test_ratio_without_slash_raises_input_data_error():
    with pytest.raises(InputDataError):
        units.ratio("kg")


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("kWh", "energy"),
        ("度", "energy"),
        ("MMBtu", "energy"),
        ("GJ", "energy"),
        ("m3", "volume"),
        ("方", "volume"),
        ("scf", "volume"),
        ("gal", "volume"),
        ("t", "mass"),
        ("吨", "mass"),
        ("kg", "mass"),
    ],
)
def test_dimension_names(spelling, expected):
    assert units.dimension(spelling) == expected


def test_registry_is_built_once():
    assert units.registry() is units.registry()


def test_importing_units_does_not_import_pint():
    code = "import carbon_cli.units, sys; print('pint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_number_allows_thousands_separators() -> None:
    assert units.number("1,234.5") == 1234.5
    assert units.number("12,000.5") == 12000.5  # "12,000" alone reads two ways (issue 12): test_cells_units


@pytest.mark.parametrize("text", ["1,5", "1.234,5", "0,84"])
def test_number_refuses_a_decimal_comma(text: str) -> None:
    # Dropping the comma would read 1,5 as 15 and 0,84 as 84.
    with pytest.raises(ValueError):
        units.number(text)


def test_quantity_refuses_a_decimal_comma_that_pint_would_read_as_thousands() -> None:
    with pytest.raises(InputDataError, match=r"'1,5' has a comma that may be a decimal comma"):
        units.quantity("1,5 MWh")
    assert units.quantity("1,500.0 MWh").magnitude == 1500.0  # "1,500" alone reads two ways (issue 12)


EXPRESSIONS = ["9**9**9", "kWh**10**10**6", "kWh*9**9**9", "(" * 5000 + "kWh" + ")" * 5000, "kWh" + "*1" * 1000]


@pytest.mark.parametrize("text", EXPRESSIONS, ids=["power tower", "huge power", "times power", "parens", "many *1"])
def test_issue_16_a_unit_is_a_name_never_an_expression_pint_would_evaluate(text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(InputDataError, match="unknown unit"):
        units.parse(text)
    with pytest.raises(InputDataError, match="cannot read quantity"):
        units.quantity(f"1 {text}" if not text.startswith("(") else text)
    assert time.perf_counter() - started < 5  # refused by its shape, not after evaluating it


def test_issue_16_a_refused_unit_is_quoted_short_in_the_message() -> None:
    with pytest.raises(InputDataError) as caught:
        units.quantity("(" * 5000 + "kWh" + ")" * 5000)
    assert len(str(caught.value)) < 400


@pytest.mark.parametrize(
    ("text", "kwh"), [("4000 kWh", 4000.0), ("4000kWh", 4000.0), ("4 MWh", 4000.0), ("1,234.5 度", 1234.5)]
)
def test_quantities_as_people_write_them_still_read(text: str, kwh: float) -> None:
    assert units.quantity(text).to("kWh").magnitude == pytest.approx(kwh)


def test_issue_16_an_expression_in_a_bill_unit_cell_is_one_line_exit_3(tmp_path: Path) -> None:
    (tmp_path / "power.csv").write_text(
        "start,end,quantity,unit\n2021-01-01,2021-01-31,100,9**9**9\n", encoding="utf-8"
    )
    site = tmp_path / "site.yaml"
    site.write_text(
        "site: {id: s1, region: CN-CQ}\nperiod: {start: 2021-01-01, end: 2021-12-31}\n"
        "bills:\n  - {path: power.csv, activity: electricity}\n"
        "instruments:\n  - {type: green_certificate, id: G-1, quantity: '1 kWh*9**9**9'}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "carbon_cli", "calc", str(site), "-f", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (2, 3)
    assert done.stderr.startswith("Error: ") and len(done.stderr.strip().splitlines()) == 1
    assert "9**9**9" in done.stderr
