"""Quantities in the unit the bills used, beside the converted ones (issue 15): the workbook's
By activity sheet shows therms, 度 and kWh (gross) as billed, each activity's share of the period."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carbon_cli.billed import billed_by_activity
from carbon_cli.inventory import calculate
from carbon_cli.render import excel

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"


def _by_activity(path: Path) -> dict[str, dict[str, object]]:
    book = load_workbook(path)
    header, *body = [tuple(row) for row in book["By activity"].iter_rows(min_row=2, values_only=True)]
    return {str(row[0]): dict(zip(header, row, strict=True)) for row in body}


def test_issue_15_by_activity_shows_therms_as_billed_beside_the_gj(tmp_path: Path) -> None:
    excel.save(calculate([SAMPLES / "us-office" / "site.yaml"]), tmp_path / "us.xlsx")
    table = _by_activity(tmp_path / "us.xlsx")
    # The twelve 2024 gas bills: 620 + 540 + 430 + 260 + 120 + 60 + 45 + 45 + 70 + 210 + 410 + 580 therm.
    therms = 620 + 540 + 430 + 260 + 120 + 60 + 45 + 45 + 70 + 210 + 410 + 580
    assert therms == 3390
    gas = table["Natural gas"]
    assert gas["Billed quantity"] == pytest.approx(3390, rel=1e-12)
    assert gas["Billed unit"] == "therm"
    assert gas["Unit"] == "GJ"
    # 1 therm = 100,000 Btu of 1,055.056 J each (pint's Btu) = 0.1055056 GJ
    assert gas["Quantity"] == pytest.approx(3390 * 0.1055056, rel=1e-12)
    electricity = table["Purchased electricity"]
    assert (electricity["Billed quantity"], electricity["Billed unit"]) == (pytest.approx(124_400), "kWh")


def test_issue_15_uk_gas_shows_the_kwh_on_the_bills_beside_the_gj(tmp_path: Path) -> None:
    excel.save(calculate([SAMPLES / "uk-office" / "site.yaml"]), tmp_path / "uk.xlsx")
    gas = _by_activity(tmp_path / "uk.xlsx")["Natural gas"]
    # Four quarterly bills: 38,200 + 14,600 + 6,900 + 29,300 kWh (gross, as billed) = 89,000 kWh = 320.4 GJ.
    assert gas["Billed quantity"] == pytest.approx(89_000, rel=1e-12)
    assert gas["Billed unit"] == "kWh"
    assert gas["Quantity"] == pytest.approx(320.4, rel=1e-12)


def test_issue_15_a_bill_across_the_period_start_counts_its_share_in_du(make_site: Callable[..., Path]) -> None:
    site = make_site(
        """\
        bills:
          - path: power.csv
            activity: electricity
        """,
        bills={
            "power.csv": """\
            start,end,quantity,unit
            2020-12-17,2021-01-15,300,度
            2021-01-16,2021-02-14,450,度
            """
        },
    )
    billed = billed_by_activity(calculate([site]))
    # The first bill's 30 days: 15 of them (Jan 1-15) are in 2021, so 300 x 15/30 = 150 度;
    # the second lies in 2021 whole: 450 度. 度 is kWh, so the canonical quantity is the same number.
    assert billed.to_dict("records") == [
        {"activity": "electricity", "billed_quantity": pytest.approx(600.0, rel=1e-12), "billed_unit": "度"}
    ]


def test_issue_15_an_activity_billed_in_two_units_has_no_billed_sum(make_site: Callable[..., Path]) -> None:
    site = make_site(
        """\
        bills:
          - path: power.csv
            activity: electricity
        """,
        bills={
            "power.csv": """\
            start,end,quantity,unit
            2021-01-01,2021-01-31,1000,kWh
            2021-02-01,2021-02-28,2,MWh
            """
        },
    )
    (row,) = billed_by_activity(calculate([site])).to_dict("records")
    assert row["billed_quantity"] != row["billed_quantity"]  # NaN: 1000 kWh and 2 MWh do not add up as written
    assert row["billed_unit"] == "kWh, MWh"


def test_issue_15_a_workbook_whose_activity_mixes_units_is_written_with_the_unit_blank(tmp_path: Path) -> None:
    """The Chongqing park's gas is in m³, the Oakland office's in GJ (from therms): By activity
    leaves natural gas's quantity and unit blank; this crashed with exit 4 before."""
    inventory = calculate([SAMPLES / "ai-park" / "site.yaml", SAMPLES / "us-office" / "site.yaml"])
    excel.save(inventory, tmp_path / "two.xlsx")
    gas = _by_activity(tmp_path / "two.xlsx")["Natural gas"]
    assert (gas["Quantity"], gas["Unit"], gas["Billed quantity"]) == (None, None, None)
    assert gas["Billed unit"] == "m³, therm"
