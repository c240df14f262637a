"""Credits (negative, marked bills) in both Scope 2 views (issue 16, item 11).

Factors used (factors/emission_factors.csv): CN-CQ electricity 2021 location-based 0.4743 kg
CO2/kWh (MEE/NBS provincial average); market-based, CN 2021 "excluding market-traded non-fossil"
0.5942 kg CO2/kWh (MEE/NBS; no CN-CQ value). Both are CO2 only, and CO2's GWP is 1.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from carbon_cli import InputDataError, calculate

LOCATION, MARKET = 0.4743, 0.5942  # kg CO2 per kWh
BILLS = "bills:\n  - {path: power.csv, activity: electricity}\n"


def power(*rows: str) -> dict[str, str]:
    return {"power.csv": "start,end,quantity,unit,meter,credit\n" + "".join(f"{row}\n" for row in rows)}


CREDITED_JANUARY = power(
    "2021-01-01,2021-01-31,1000,kWh,main,no",
    "2021-01-01,2021-01-31,-400,kWh,main,yes",
)


def by_scope(path: Path) -> tuple[dict[str, float], dict[str, float]]:
    inventory = calculate([path])
    quantities = inventory.breakdown(["scope"]).set_index("scope")["quantity"].to_dict()
    return inventory.totals(), quantities


def test_issue_16_a_credit_lowers_both_scope2_views_alike(make_site: Callable[..., Path]) -> None:
    totals, quantities = by_scope(make_site(BILLS, bills=CREDITED_JANUARY))
    # 1000 kWh billed, 400 kWh credited: 600 kWh net in both views
    assert quantities["scope2_location"] == pytest.approx(600.0, rel=1e-12)
    assert quantities["scope2_market"] == pytest.approx(600.0, rel=1e-12)
    # 600 kWh x 0.4743 kg/kWh = 284.58 kg; 600 kWh x 0.5942 kg/kWh = 356.52 kg
    assert totals["scope2_location"] == pytest.approx(0.28458, rel=1e-12)
    assert totals["scope2_market"] == pytest.approx(0.35652, rel=1e-12)


def test_issue_16_a_certificate_covers_the_net_of_a_credited_month(make_site: Callable[..., Path]) -> None:
    # January: 1000 kWh billed, 400 kWh credited (600 net); February: 500 kWh. A GO for the
    # first 15 days of January covers at most the net consumption of those days:
    # 600 x 15/31 = 290.32 kWh; left for the market factor: 600 x 16/31 + 500 = 809.68 kWh.
    site = make_site(
        BILLS + "instruments:\n"
        "  - {type: green_certificate, quantity: 5000 kWh, period: {start: 2021-01-01, end: 2021-01-15}}\n",
        bills=power(
            "2021-01-01,2021-01-31,1000,kWh,main,no",
            "2021-01-01,2021-01-31,-400,kWh,main,yes",
            "2021-02-01,2021-02-28,500,kWh,main,no",
        ),
    )
    totals, quantities = by_scope(site)
    assert quantities["scope2_market"] == pytest.approx(1100.0, rel=1e-12)
    assert totals["scope2_location"] == pytest.approx(1100 * LOCATION / 1000, rel=1e-12)
    assert totals["scope2_market"] == pytest.approx((600 * 16 / 31 + 500) * MARKET / 1000, rel=1e-12)
    inventory = calculate([site])
    assert any("5,000.0 kWh but only 290.3 kWh" in n.message for n in inventory.notices)
    assert (inventory.ledger["quantity"][inventory.ledger["scope"] == "scope2_market"] >= 0).all()


def test_issue_16_a_whole_year_certificate_is_shared_by_net_consumption(make_site: Callable[..., Path]) -> None:
    # 300 kWh of certificates over 600 + 500 = 1100 kWh net: 800 kWh left at the market factor
    site = make_site(
        BILLS + "instruments:\n  - {type: green_certificate, quantity: 300 kWh}\n",
        bills=power(
            "2021-01-01,2021-01-31,1000,kWh,main,no",
            "2021-01-01,2021-01-31,-400,kWh,main,yes",
            "2021-02-01,2021-02-28,500,kWh,main,no",
        ),
    )
    totals, _ = by_scope(site)
    assert totals["scope2_market"] == pytest.approx(800 * MARKET / 1000, rel=1e-12)


def test_issue_16_credits_of_one_meter_never_lower_another_meters_month(make_site: Callable[..., Path]) -> None:
    site = make_site(
        BILLS,
        bills=power(
            "2021-01-01,2021-01-31,1000,kWh,main,no",
            "2021-01-01,2021-01-31,300,kWh,annex,no",
            "2021-01-01,2021-01-31,-1200,kWh,main,yes",
        ),
    )
    with pytest.raises(InputDataError) as caught:
        calculate([site])
    assert str(caught.value) == (
        f"{site.parent / 'power.csv'} row 4: meter 'main' of site 's1' nets to -200.0 kWh of electricity "
        "in 2021-01: its credits exceed its bills. A credit corrects a bill of the same meter and month: "
        "check its quantity, its dates and its meter (exported energy is not supported)"
    )


def test_issue_16_a_credit_larger_than_the_bill_is_refused_not_negative(make_site: Callable[..., Path]) -> None:
    site = make_site(
        BILLS, bills=power("2021-01-01,2021-01-31,1000,kWh,main,no", "2021-01-01,2021-01-31,-1400,kWh,main,yes")
    )
    with pytest.raises(
        InputDataError, match=r"row 3: meter 'main' of site 's1' nets to -400\.0 kWh of electricity in 2021-01"
    ):
        calculate([site])


def test_issue_16_a_credit_equal_to_the_bill_nets_to_zero(make_site: Callable[..., Path]) -> None:
    site = make_site(
        BILLS, bills=power("2021-01-01,2021-01-31,1000,kWh,main,no", "2021-01-01,2021-01-31,-1000,kWh,main,yes")
    )
    totals, _ = by_scope(site)
    assert totals["scope2_location"] == pytest.approx(0.0, abs=1e-12)
    assert totals["scope2_market"] == pytest.approx(0.0, abs=1e-12)
