"""The issue's "more fuels" in the UK (DESNZ) and the US (EPA Hub), worked by hand (issue 14 audit).

Shipped since issue 14, but only burning oil had a hand-worked test: CNG, LNG, fuel oil and propane
by volume in the UK, kerosene, residual fuel oil, propane and coal coke in the US are checked here
against the published values (DESNZ 2024 flat file, 'Factors by Category', kg CO2e per unit with
AR5; EPA GHG Emission Factors Hub 2025 Table 1, heat content (HHV) x CO2, CH4, N2O per mmBtu).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import calculate

#: DESNZ 2024, Fuels: the kg CO2e per unit the flat file prints (CO2 + CH4 + N2O, AR5)
UK = {
    "cng": (4.0, "t", 2568.16441),  # Gaseous fuels, CNG, tonnes
    "lng": (6.0, "t", 2590.46441),  # Gaseous fuels, LNG, tonnes
    "propane": (5000.0, "L", 1.54357),  # Gaseous fuels, Propane, litres
    "fuel_oil": (10.0, "t", 3228.89019),  # Liquid fuels, Fuel oil, tonnes
}
#: EPA Hub 2025 Table 1: (quantity, unit, heat content mmBtu per unit, CO2 kg, CH4 g, N2O g per mmBtu)
US = {
    "kerosene": (1000.0, "gal", 0.135, 75.2, 3.0, 0.6),
    "propane": (2000.0, "gal", 0.091, 62.87, 3.0, 0.6),
    "fuel_oil": (500.0, "gal", 0.15, 75.1, 3.0, 0.6),  # Residual Fuel Oil No. 6
    "coke": (20.0, "short_ton", 24.8, 113.67, 11.0, 1.6),  # Coal Coke
}


def _site(tmp_path: Path, region: str, year: int, gwp: str, bills: dict[str, tuple[float, str]]) -> Path:
    entries = []
    for activity, (quantity, unit) in bills.items():
        (tmp_path / f"{activity}.csv").write_text(
            f"start,end,quantity,unit\n{year}-01-01,{year}-12-31,{quantity},{unit}\n", encoding="utf-8"
        )
        entries.append(f"  - {{path: {activity}.csv, activity: {activity}}}\n")
    site = tmp_path / "site.yaml"
    site.write_text(
        f"site: {{id: s, name: S, region: {region}}}\nperiod: {{start: {year}-01-01, end: {year}-12-31}}\n"
        f"gwp: {gwp}\nbills:\n{''.join(entries)}",
        encoding="utf-8",
    )
    return site


def _scope1_by_activity(site: Path) -> dict[str, float]:
    ledger = calculate([site]).ledger
    scope1 = ledger[ledger["scope"].astype(str) == "scope1"]
    return {str(k): float(v) for k, v in scope1.groupby(scope1["activity"].astype(str))["t_co2e"].sum().items()}


def test_issue_14_uk_cng_lng_fuel_oil_and_propane_by_volume_are_desnz_2024(tmp_path: Path) -> None:
    got = _scope1_by_activity(_site(tmp_path, "GB", 2024, "AR5", {a: (q, u) for a, (q, u, _) in UK.items()}))
    for activity, (quantity, _, per_unit) in UK.items():
        assert got[activity] * 1000 == pytest.approx(quantity * per_unit, rel=1e-6), activity
    # 5,000 L of propane x 1.54357 = 7,717.85 kg CO2e
    assert got["propane"] * 1000 == pytest.approx(7717.85, rel=1e-6)


def test_issue_14_us_kerosene_fuel_oil_propane_and_coke_are_epa_hub_2025(tmp_path: Path) -> None:
    bills = {a: (q, u) for a, (q, u, *_) in US.items()}
    got = _scope1_by_activity(_site(tmp_path, "US", 2025, "AR6", bills))
    for activity, (quantity, _, heat, co2, ch4, n2o) in US.items():
        mmbtu = quantity * heat
        expected = mmbtu * (co2 + ch4 / 1000 * 29.8 + n2o / 1000 * 273)  # AR6, fossil methane
        assert got[activity] * 1000 == pytest.approx(expected, rel=1e-9), activity
    # 20 short tons of coal coke = 496 mmBtu x 113.67 kg CO2 = 56,380.32 kg of CO2 alone
    assert got["coke"] * 1000 == pytest.approx(496 * (113.67 + 0.011 * 29.8 + 0.0016 * 273), rel=1e-9)
