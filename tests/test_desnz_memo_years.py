"""Scope 3 category 3 of UK electricity for every DESNZ edition shipped, 2019-2025 (issue 14).

The issue's "Done when" asks for DESNZ WTT and T&D "for every year shipped". Each edition's T&D
losses and upstream (WTT) of electricity are checked here against the published cells of that
edition's flat file ('Factors by Category': "T&D- UK electricity" and "WTT- UK electricity
(generation)" / "(T&D)", kg CO2e per kWh), with the GWP set the edition weighted its gases with
(AR4 up to 2022, AR5 from 2023), so the CO2e of each line is the published total.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli import calculate

#: year: (GWP set of the edition, T&D kg CO2e/kWh, WTT generation kg CO2e/kWh, WTT of T&D kg CO2e/kWh)
PUBLISHED = {
    2019: ("AR4", 0.0217, 0.03565, 0.00303),
    2020: ("AR4", 0.02005, 0.03217, 0.00277),
    2021: ("AR4", 0.01879, 0.05529, 0.00489),
    2022: ("AR4", 0.01769, 0.04625, 0.00423),
    2023: ("AR5", 0.017915111409396, 0.0459, 0.00397),
    2024: ("AR5", 0.0183, 0.0459, 0.00397),
    2025: ("AR5", 0.01853, 0.0459, 0.00397),
}
KWH = 48_000.0


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_issue_14_uk_electricity_has_its_editions_td_and_wtt_memo_lines(tmp_path: Path, year: int) -> None:
    gwp, td, wtt, td_wtt = PUBLISHED[year]
    (tmp_path / "power.csv").write_text(
        f"start,end,quantity,unit\n{year}-01-01,{year}-06-30,{KWH / 2},kWh\n{year}-07-01,{year}-12-31,{KWH / 2},kWh\n",
        encoding="utf-8",
    )
    (tmp_path / "site.yaml").write_text(
        f"site: {{id: uk, name: UK office, region: GB}}\nperiod: {{start: {year}-01-01, end: {year}-12-31}}\n"
        f"gwp: {gwp}\nbills:\n  - {{path: power.csv, activity: electricity}}\n",
        encoding="utf-8",
    )
    inventory = calculate([tmp_path / "site.yaml"])
    ledger = inventory.ledger
    memo = ledger.groupby(ledger["scope"].astype(str))["t_co2e"].sum()
    assert memo["scope3"] * 1000 == pytest.approx(KWH * td, rel=1e-9)
    assert memo["scope3_wtt"] * 1000 == pytest.approx(KWH * (wtt + td_wtt), rel=1e-9)
    # each line from its own year's edition, never another year's
    memo_ids = set(ledger.loc[ledger["scope"].astype(str).isin(["scope3", "scope3_wtt"]), "factor_id"].astype(str))
    assert memo_ids and all(f"-{year}-" in i for i in memo_ids), memo_ids
    assert not [n for n in inventory.notices if n.level == "warning" and "edition" in n.message]
