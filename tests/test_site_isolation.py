"""A site's own conversions and factors apply to that site only (issue 16, item 19).

Factors used (factors/emission_factors.csv, gwp.csv): DE has no natural-gas factor of its own,
so the chain DE -> GLOBAL picks IPCC 2006 Vol.2 Ch.1 Table 1.4 natural gas CO2 56,100 kg/TJ and
Ch.2 Table 2.4 (commercial/institutional) CH4 5 kg/TJ, N2O 0.1 kg/TJ, all per TJ on an NCV
basis; GWP100 AR6 fossil CH4 29.8, N2O 273.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carbon_cli import calculate

GAS_BILLS = "bills:\n  - {path: gas.csv, activity: natural_gas, unit: m3}\n"
GAS = {"gas.csv": "start,end,quantity\n2021-03-01,2021-03-31,1000\n"}
#: kg CO2e per TJ of natural gas burnt: 56,100 CO2 + 5 x 29.8 CH4 + 0.1 x 273 N2O.
KG_CO2E_PER_TJ = 56_100 + 5 * 29.8 + 0.1 * 273


def gas_site(make_site: Callable[..., Path], site_id: str, ncv: str) -> Path:
    body = GAS_BILLS + f"conversions:\n  natural_gas: {{ncv: {ncv}, source: supplier}}\n"
    bills = {f"{site_id}/gas.csv": GAS["gas.csv"]}
    return make_site(
        body.replace("gas.csv", f"{site_id}/gas.csv"), bills=bills, region="DE", site_id=site_id, name=f"{site_id}.yaml"
    )


def test_issue_16_each_site_burns_its_gas_at_its_own_calorific_value(make_site: Callable[..., Path]) -> None:
    low = gas_site(make_site, "low", "30 MJ/m3")
    high = gas_site(make_site, "high", "45 MJ/m3")
    # 1000 m3 x 30 MJ/m3 = 30 GJ = 0.030 TJ x 56,276.3 kg/TJ = 1,688.289 kg CO2e
    # 1000 m3 x 45 MJ/m3 = 45 GJ = 0.045 TJ x 56,276.3 kg/TJ = 2,532.4335 kg CO2e
    expected = {"low": 0.030 * KG_CO2E_PER_TJ / 1000, "high": 0.045 * KG_CO2E_PER_TJ / 1000}
    assert expected["low"] == pytest.approx(1.688289, abs=1e-9)
    for paths in ([low, high], [high, low]):
        inventory = calculate(paths)
        per_site = inventory.site_totals()
        assert per_site["low"]["scope1"] == pytest.approx(expected["low"], rel=1e-12)
        assert per_site["high"]["scope1"] == pytest.approx(expected["high"], rel=1e-12)
        conversions = inventory.ledger.drop_duplicates("site").set_index("site")["conversion_id"].astype(str)
        assert conversions["low"] == "site:low:conversions.natural_gas.ncv"
        assert conversions["high"] == "site:high:conversions.natural_gas.ncv"


def test_issue_16_a_site_without_a_conversion_never_borrows_another_sites(make_site: Callable[..., Path]) -> None:
    # DE ships no calorific value per m3 of its own (IPCC's is per kg), so a site billing m3 without its
    # own NCV takes the shipped default (36.340 MJ/m3, with a warning; issue 13), alone or next to a site
    # that has one: never the other site's 30 MJ/m3.
    own = gas_site(make_site, "own", "30 MJ/m3")
    plain = make_site(
        GAS_BILLS.replace("gas.csv", "plain/gas.csv"),
        bills={"plain/gas.csv": GAS["gas.csv"]},
        region="DE",
        site_id="plain",
        name="plain.yaml",
    )
    for paths in ([plain], [own, plain], [plain, own]):
        inventory = calculate(paths)
        assert inventory.site_totals()["plain"]["scope1"] == pytest.approx(0.03634 * KG_CO2E_PER_TJ / 1000, rel=1e-12)
        ledger = inventory.ledger
        used = set(ledger.loc[ledger["site"].astype(str) == "plain", "conversion_id"].astype(str))
        assert used == {"gas-volume-default-global-natural_gas-ncv"}


def write_gas_site(
    folder: Path, site_id: str, region: str, ncv: float | None, factor: float | None, quantities: list[int]
) -> Path:
    """A site with monthly gas bills in m3, optionally its own NCV and its own CO2 factor (a DE
    site always has an NCV: nothing shipped turns its m3 into energy)."""
    ncv = 38.0 if ncv is None and region == "DE" else ncv
    (folder / f"{site_id}.csv").write_text(
        "start,end,quantity\n"
        + "".join(f"{dt.date(2021, m + 1, 1)},{dt.date(2021, m + 1, 28)},{q}\n" for m, q in enumerate(quantities)),
        encoding="utf-8",
    )
    body = (
        f"site: {{id: {site_id}, region: {region}}}\nperiod: {{start: 2021-01-01, end: 2021-12-31}}\n"
        f"bills:\n  - {{path: {site_id}.csv, activity: natural_gas, unit: m3}}\n"
    )
    if ncv is not None:
        body += f"conversions:\n  natural_gas: {{ncv: {ncv} MJ/m3}}\n"
    if factor is not None:
        body += f"factors:\n  - {{activity: natural_gas, gas: CO2, value: {factor}, unit: kg/TJ, source: own}}\n"
    path = folder / f"{site_id}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


site_specs = st.lists(
    st.tuples(
        st.sampled_from(["DE", "CN-CQ"]),
        st.one_of(st.none(), st.integers(20, 60).map(float)),
        st.one_of(st.none(), st.integers(40_000, 70_000).map(float)),
        st.lists(st.integers(0, 5000), min_size=1, max_size=3),
    ),
    min_size=2,
    max_size=4,
)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(site_specs)
def test_issue_16_a_portfolios_site_totals_equal_each_site_run_alone(
    specs: list[tuple[str, float | None, float | None, list[int]]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = [write_gas_site(Path(folder), f"s{i}", *spec) for i, spec in enumerate(specs)]
        together = calculate(paths).site_totals()
        for index, path in enumerate(paths):
            alone = calculate([path]).site_totals()[f"s{index}"]
            for view, value in alone.items():
                assert together[f"s{index}"][view] == pytest.approx(value, rel=1e-12, abs=1e-15)
