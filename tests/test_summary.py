"""Summaries: the roll-up along group paths gives text paths and integer levels whatever the
ledger's dtypes (issue 15: a categorical site column turned the paths into lists).

Numbers are made up and small so that every sum is worked by hand in the test.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from carbon_cli import calculate
from carbon_cli.summary import by_group, group_levels


def by_site(sites: list[str], t_co2e: list[float]) -> pd.DataFrame:
    """A by-site breakdown as :func:`carbon_cli.summary.breakdown` gives it from the ledger:
    ``site``, ``scope`` and ``unit`` are categorical there."""
    return pd.DataFrame(
        {
            "site": pd.Categorical(sites),
            "scope": pd.Categorical(["scope2_location"] * len(sites)),
            "quantity": [1000.0] * len(sites),
            "unit": pd.Categorical(["kWh"] * len(sites)),
            "t_co2e": t_co2e,
        }
    )


def rolled(table: pd.DataFrame) -> dict[str, tuple[int, float]]:
    """``group -> (level, t CO2e)``, after checking the types of the two columns."""
    assert all(isinstance(group, str) for group in table["group"])
    assert table["level"].dtype == "int64"
    return {row.group: (row.level, row.t_co2e) for row in table.itertuples()}


def test_issue_15_groups_of_the_same_depth_roll_up_as_text_paths() -> None:
    table = by_group(by_site(["b1", "b2"], [1.0, 2.0]), {"b1": "China/Chongqing", "b2": "China/Beijing"})
    assert rolled(table) == {
        "China": (1, 3.0),  # 1.0 + 2.0
        "China/Beijing": (2, 2.0),
        "China/Chongqing": (2, 1.0),
    }


def test_issue_15_groups_of_mixed_depths_roll_up_every_level() -> None:
    table = by_group(
        by_site(["b1", "b2", "b3"], [1.0, 2.0, 4.0]),
        {"b1": "China/Chongqing/Park A", "b2": "China/Chongqing/Park B", "b3": "China/Beijing"},
    )
    assert rolled(table) == {
        "China": (1, 7.0),  # 1 + 2 + 4
        "China/Beijing": (2, 4.0),
        "China/Chongqing": (2, 3.0),  # 1 + 2
        "China/Chongqing/Park A": (3, 1.0),
        "China/Chongqing/Park B": (3, 2.0),
    }


def test_issue_15_a_single_site_without_a_group_stands_under_its_id() -> None:
    assert rolled(by_group(by_site(["ai-park"], [2.5]), {"ai-park": None})) == {"ai-park": (1, 2.5)}


def test_issue_15_a_single_site_with_a_group_counts_at_each_level() -> None:
    table = by_group(by_site(["ai-park"], [2.5]), {"ai-park": "Chongqing/AI PARK"})
    assert rolled(table) == {"Chongqing": (1, 2.5), "Chongqing/AI PARK": (2, 2.5)}


def test_issue_15_a_site_keeps_its_id_as_text_next_to_its_groups() -> None:
    table = by_group(by_site(["b1", "b2"], [1.0, 2.0]), {"b1": "A", "b2": "B"}, keep_site=True)
    assert [(r.group, r.level, r.site, r.t_co2e) for r in table.itertuples()] == [
        ("A", 1, "b1", 1.0),
        ("B", 1, "b2", 2.0),
    ]


@pytest.mark.parametrize(
    ("group", "levels"),
    [
        ("China/Chongqing", ["China", "China/Chongqing"]),
        ("/China//Chongqing/", ["China", "China/Chongqing"]),
        (" China / Chongqing ", ["China", "China/Chongqing"]),
        (None, ["s1"]),
        ("", ["s1"]),
        ("/", ["s1"]),
    ],
)
def test_group_levels_drop_empty_parts_and_fall_back_to_the_site(group: str | None, levels: list[str]) -> None:
    assert group_levels(group, "s1") == levels


OWN_FACTOR = (
    "factors:\n  - {activity: electricity, gas: CO2, value: 0.5, unit: kg/kWh, source: supplier letter}\n"
    "bills:\n  - {path: power.csv, activity: electricity}\n"
)


def test_issue_15_consecutive_whole_years_of_the_same_site_get_a_change(make_site: Callable[..., Path]) -> None:
    bills = "start,end,quantity,unit\n2021-01-01,2021-01-31,1000,kWh\n2022-01-01,2022-01-31,1500,kWh\n"
    site = make_site(OWN_FACTOR, bills={"power.csv": bills}, start="2021-01-01", end="2022-12-31")
    years = calculate([site]).by_year().set_index("year")
    assert years.loc[2021, "scope2_location"] == pytest.approx(1000 * 0.5 / 1000)  # 0.5 t
    assert years.loc[2022, "change_location"] == pytest.approx(1500 / 1000 - 1)  # +50 %
    assert years.loc[2022, "no_change"] == ""


def test_issue_15_two_sites_in_two_different_years_are_not_a_year_over_year_change(tmp_path: Path) -> None:
    bills = "start,end,quantity,unit\n{year}-01-01,{year}-01-31,1000,kWh\n"
    paths = []
    for site_id, year in (("uk", 2021), ("us", 2022)):
        folder = tmp_path / site_id
        folder.mkdir()
        (folder / "power.csv").write_text(bills.format(year=year), encoding="utf-8")
        (folder / "site.yaml").write_text(
            f"site: {{id: {site_id}, region: CN-CQ}}\nperiod: {{start: {year}-01-01, end: {year}-12-31}}\n"
            + OWN_FACTOR,
            encoding="utf-8",
        )
        paths.append(folder / "site.yaml")
    years = calculate(paths).by_year().set_index("year")
    assert bool(years.loc[2021, "whole_year"]) and bool(years.loc[2022, "whole_year"])
    assert math.isnan(years.loc[2022, "change_location"]) and math.isnan(years.loc[2022, "change_market"])
    assert years.loc[2022, "no_change"] == "not the same sites as 2021"


def test_a_part_year_gets_no_change_and_says_so(make_site: Callable[..., Path]) -> None:
    bills = "start,end,quantity,unit\n2021-01-01,2021-01-31,1000,kWh\n2022-01-01,2022-01-31,1500,kWh\n"
    site = make_site(OWN_FACTOR, bills={"power.csv": bills}, start="2021-01-01", end="2022-06-30")
    years = calculate([site]).by_year().set_index("year")
    assert not bool(years.loc[2022, "whole_year"]) and years.loc[2022, "days"] == 181
    assert math.isnan(years.loc[2022, "change_location"]) and years.loc[2022, "no_change"] == "part year"
