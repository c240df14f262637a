"""A fix names what to type into the site YAML: under ``--lang zh`` the value after ``conversions:`` or
``activity:`` stays as the YAML needs it (``natural_gas``), while the same activity in prose reads 天然气."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from carbon_cli import i18n
from carbon_cli.i18n.messages import translate


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def test_the_activity_after_conversions_stays_a_yaml_key_in_chinese() -> None:
    said = translate(
        "gross energy on the bill turned net x 0.9026 (ncv / gcv = 36.34 / 40.262 MJ/m3, the default pair of "
        "DESNZ 2024 UK average natural gas), an approximation: give the supplier's values as conversions: "
        "natural_gas: {gcv: <value> MJ/m3, ncv: <value> MJ/m3}"
    )
    assert "conversions: natural_gas: {gcv:" in said and "天然气: {gcv" not in said
    assert "近似值" in said


def test_the_activity_after_activity_stays_a_yaml_value_in_chinese() -> None:
    said = translate(
        "Write activity: natural_gas on this entry, or the blend of its fuel (B20 on diesel, E85 on gasoline)"
    )
    assert "activity: natural_gas" in said


def test_the_same_activity_in_prose_is_still_translated() -> None:
    said = translate(
        "natural_gas billed in energy units in DE: whether that energy is gross or net is not said, and the "
        "natural_gas factor x is per net (NCV, lower heating value) energy (gross is about 10 % above net for gas)"
    )
    assert said.startswith("DE 的天然气")
