"""The warning of cooling estimated as grid electricity / COP says what the COP 4.2 is (issue 14).

No citable published default COP was found in the stored corpora (ENERGY STAR Portfolio Manager's
district chilled-water factors, ASHRAE 90.1 and GB 50189 minimum chiller efficiencies, the GHG
Protocol's cross-sector factors, the LGOP / TCR table itself): the shipped row stays
``recalled-unverified``, and the warning a user reads says so, not only the citation in the ledger.
"""

from __future__ import annotations

from pathlib import Path

from carbon_cli import calculate

SITE = Path(__file__).parent / "data" / "onsite" / "site.yaml"


def test_issue_14_the_cooling_warning_says_the_cop_is_a_recalled_typical_value_not_read_in_its_table() -> None:
    inventory = calculate([SITE])
    warned = [n.message for n in inventory.notices if n.level == "warning" and "COP 4.2" in n.message]
    assert warned
    for message in warned:
        assert "a typical value quoted for LGOP Table 6.1 and TCR's General Reporting Protocol" in message
        assert "recalled, not read in the table" in message
        assert "give the supplier's factor as factors: activity: cooling" in message
        assert "\n" not in message


def test_issue_14_the_cooling_estimate_is_still_grid_over_4_2() -> None:
    inventory = calculate([SITE])
    rows = inventory.ledger[inventory.ledger["activity"].astype(str) == "cooling"]
    # 110,000 ton-hours x 3.516853 kWh (12,000 Btu) / 4.2 x 0.4743 kg CO2/kWh (CN 2021 grid, location-based)
    location = rows[rows["scope"].astype(str) == "scope2_location"]["t_co2e"].sum()
    assert abs(location - 110_000 * 3.516853 / 4.2 * 0.4743 / 1000) < 1e-3
