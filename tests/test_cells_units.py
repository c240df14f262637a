"""Issue 12: the unit spellings of real bills, each checked against a factor worked by hand
from the unit's definition; and numbers in the YAML that read two ways.

Definitions used:
- the international foot is 0.3048 m and the inch 0.0254 m exactly (1959 agreement);
- the US gallon is 231 cubic inches exactly; the imperial gallon is 4.54609 litres exactly
  (UK Weights and Measures Act 1985, Schedule 1);
- 1 kWh = 1000 W x 3600 s = 3.6 MJ; a litre is a cubic decimetre, 0.001 m3;
- the therm is 100,000 Btu and a dekatherm 10 therms (1,000,000 Btu); the Btu is 1055.056 J
  (ISO 31-4, the value pint uses; the International Table Btu, 1055.05585262 J, differs by 4e-7).
"""

from __future__ import annotations

import pytest

from carbon_cli import units
from carbon_cli.errors import InputDataError

FOOT = 0.3048
INCH = 0.0254
BTU_J = 1055.056
KWH_J = 1000 * 3600


@pytest.mark.parametrize(
    ("spelling", "target", "factor"),
    [
        ("升", "m3", 0.001),
        ("公升", "m3", 0.001),
        ("立方", "m3", 1.0),
        ("立方米", "m3", 1.0),
        ("标方", "m3", 1.0),
        ("千瓦时", "kWh", 1.0),
        ("千瓦·时", "kWh", 1.0),
        ("kW·h", "kWh", 1.0),
        ("MWh", "kWh", 1000.0),
        ("GJ", "kWh", 1e9 / KWH_J),  # 277.777... kWh
        ("hcf", "m3", 100 * FOOT**3),  # 2.8316846592 m3
        ("ccf", "m3", 100 * FOOT**3),
        ("CCF", "m3", 100 * FOOT**3),
        ("Mcf", "m3", 1000 * FOOT**3),  # 28.316846592 m3
        ("Dth", "kWh", 10 * 100_000 * BTU_J / KWH_J),  # 293.0711 kWh
        ("dekatherm", "MMBtu", 1.0),
        ("ft³", "m3", FOOT**3),  # 0.028316846592 m3
        ("ft3", "m3", FOOT**3),
        ("MMBtu", "kWh", 1e6 * BTU_J / KWH_J),
        ("US gal", "L", 231 * INCH**3 * 1000),  # 3.785411784 L
        ("imp gal", "L", 4.54609),
        ("imperial gallon", "L", 4.54609),
    ],
)
def test_issue_12_unit_spelling_converts_by_its_definition(spelling: str, target: str, factor: float) -> None:
    assert units.scale(spelling, target) == pytest.approx(factor, rel=1e-12)


def test_issue_12_hand_worked_values_of_the_definitions() -> None:
    # The numbers as published, to check the arithmetic above once more.
    assert pytest.approx(2.8316846592, rel=1e-12) == 100 * FOOT**3
    assert pytest.approx(3.785411784, rel=1e-12) == 231 * INCH**3 * 1000
    assert pytest.approx(293.0711111, rel=1e-9) == 1e6 * BTU_J / KWH_J


@pytest.mark.parametrize(
    ("text", "readings"),
    [("12,000", (12000, 12)), ("12.570", (12.57, 12570)), ("-1.500", (-1.5, -1500)), ("999,999", (999999, 999.999))],
)
def test_issue_12_yaml_number_that_reads_two_ways_is_refused(text: str, readings: tuple[float, float]) -> None:
    with pytest.raises(units.TwoWays) as excinfo:
        units.number(text)
    assert excinfo.value.readings == pytest.approx(readings)


@pytest.mark.parametrize(
    ("text", "value"),
    [("12000", 12000), ("12.57", 12.57), ("0.570", 0.57), ("1,234.5", 1234.5), ("1,234,567", 1234567), ("12.5", 12.5)],
)
def test_issue_12_yaml_numbers_that_read_one_way_are_read(text: str, value: float) -> None:
    assert units.number(text) == value


def test_issue_12_quantity_with_a_two_way_number_says_both_readings_and_the_fix() -> None:
    with pytest.raises(InputDataError) as excinfo:
        units.quantity("12,000 MWh")
    assert str(excinfo.value) == (
        "'12,000' reads two ways, 12000 or 12 in '12,000 MWh'. Write 12000 or 12, whichever is meant "
        "(a decimal point, no thousands separator)"
    )


def test_issue_12_the_fix_for_three_decimals_is_a_form_that_reads_one_way() -> None:
    # 38.931 MJ/m3 could be 38931: the fix offers 38.9310, which only a decimal point allows.
    with pytest.raises(InputDataError) as excinfo:
        units.quantity("38.931 MJ")
    assert excinfo.value.fix == "Write 38.9310 or 38931, whichever is meant (a decimal point, no thousands separator)"
    assert units.number("38.9310") == 38.931
