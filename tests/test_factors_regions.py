"""carbon_cli.factors.regions: a region, written as a code or an alias, to its chain and country."""

from __future__ import annotations

import pytest

from carbon_cli import factors


@pytest.mark.parametrize(
    ("region", "country"),
    [
        ("CN-CQ", "CN"),  # a province: CN-CQ -> CN-GRID-CC -> CN
        ("CN", "CN"),  # a country is its own country
        ("US-CA", "US"),  # a state: US-CA -> US-EGRID-CAMX -> US
        ("GB", "GB"),
        ("cn-cq", "CN"),  # codes are case-insensitive
    ],
)
def test_country_of_a_code(region, country):
    assert factors.country_of(region) == country


@pytest.mark.parametrize(
    ("alias", "country"),
    [
        ("华中", "CN"),  # the Central China grid, written as its Chinese alias
        ("UK", "GB"),
        ("CAMX", "US"),  # an eGRID subregion by its acronym
    ],
)
def test_country_of_an_alias_follows_the_same_resolution_as_region_chain(alias, country):
    assert factors.country_of(alias) == country
    assert country in factors.region_chain(alias)[0]


def test_country_of_an_alias_is_not_found_by_splitting_the_string():
    # The bug of issue 11: "华中".split("-")[0] is "华中", not a country.
    assert factors.country_of("华中") == factors.country_of("CN-CQ") == "CN"


def test_country_of_an_unknown_province_of_a_known_country_is_that_country():
    assert factors.country_of("CN-XX") == "CN"


def test_country_of_an_unknown_region_is_none():
    assert factors.country_of("ATLANTIS") is None


def test_country_of_global_and_of_no_region_is_none():
    assert factors.country_of("GLOBAL") is None
    assert factors.country_of(None) is None
