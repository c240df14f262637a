"""Issue 14, Scope 3 category 3 outside the UK and the US (opt-in set ``world-td``): T&D losses = electricity
consumed x the World Bank's loss rate (WDI EG.ELC.LOSS.ZS, % of output) x the country's Ember intensity of
the same year. Japan 2022: 4.09696967314841 % x 519.619 g CO2e/kWh; 2023: 4.93403467617748 % x 493.585
g/kWh. Germany 2023: 5.03515465508585 % x 371.311 g/kWh.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from script_modules import load_factor_script

from carbon_cli import calculate, factors, summary
from carbon_cli.factors.files import factors_root

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "energy_defaults"


def test_issue_14_a_japanese_site_gets_td_losses_as_loss_rate_x_grid_intensity() -> None:
    inventory = calculate([DATA / "tokyo_power.yaml"])
    g_per_kwh = 4.09696967314841 / 100 * 519.619  # 21.288632846 g CO2e per kWh consumed
    td = 120_000 * g_per_kwh / 1e6  # 2.554636 t
    assert td == pytest.approx(2.5546359, rel=1e-7)
    assert summary.memo(inventory.facts)["scope3"] == pytest.approx(td, rel=1e-9)
    assert inventory.totals()["scope2_location"] == pytest.approx(120_000 * 519.619 / 1e6, rel=1e-12)
    used = set(inventory.ledger.loc[inventory.ledger["activity"].astype(str) == "electricity_td_losses", "factor_id"])
    assert used == {"wb-ember-2022-td-jp-co2e"}
    said = [n for n in inventory.notices if "electricity_td_losses" in n.message and "in CO2e" not in n.message]
    assert len(said) == 1 and said[0].level == "warning" and "life-cycle grid intensity (Ember)" in said[0].message


def test_issue_14_a_year_after_the_last_loss_rate_takes_2023s_with_a_warning() -> None:
    inventory = calculate([DATA / "tokyo_power_2024.yaml"])
    td = 120_000 * (4.93403467617748 / 100 * 493.585) / 1e6  # 2023's row: 24.353655 g/kWh
    assert summary.memo(inventory.facts)["scope3"] == pytest.approx(td, rel=1e-9)
    said = [n for n in inventory.notices if "electricity_td_losses" in n.message and "in CO2e" not in n.message]
    assert said and all(n.level == "warning" for n in said)
    assert "no 2024 T&D loss rate: the 2023 edition's stands in" in said[0].message


def test_issue_14_world_td_losses_are_opt_in() -> None:
    inventory = calculate([DATA / "tokyo_power_default.yaml"])
    assert "scope3" not in summary.memo(inventory.facts)
    assert inventory.totals()["scope2_location"] == pytest.approx(120_000 * 519.619 / 1e6, rel=1e-12)
    assert factors.factor_sets()["world-td"]["default"] == "no"
    opted = calculate([DATA / "tokyo_power_default.yaml"], factor_sets=["world-td"])  # or --factor-set
    assert summary.memo(opted.facts)["scope3"] == pytest.approx(120_000 * 4.09696967314841 / 100 * 519.619 / 1e6)


def test_issue_14_world_td_losses_spot_check_against_the_published_values() -> None:
    # WDI EG.ELC.LOSS.ZS (% of output) and Ember's g CO2e/kWh of the same year, as published.
    published = {
        ("DE", 2023): (5.03515465508585, 371.311),
        ("JP", 2022): (4.09696967314841, 519.619),
        ("JP", 2023): (4.93403467617748, 493.585),
        ("FR", 2023): (6.95849027888749, None),
        ("IN", 2023): (14.1614425387877, None),
        ("BR", 2023): (15.1096105687426, None),
        ("ZA", 2023): (10.2490525884287, None),
        ("AU", 2022): (4.91140974695339, None),
        ("AT", 2022): (4.68689029237062, None),
        ("BE", 2022): (3.4977643907574, None),
    }
    table = factors.factor_table(("world-td",))
    grid = factors.emission_factors()
    for (region, year), (loss, intensity) in published.items():
        td = table[(table["id"] == f"wb-ember-{year}-td-{region.lower()}-co2e")].iloc[0]
        ember = grid[grid["id"] == f"ember-{year}-elec-{region.lower()}-co2e"].iloc[0]
        if intensity is not None:
            assert float(ember["value"]) == intensity
        assert float(td["value"]) == pytest.approx(loss / 100 * float(ember["value"]), rel=1e-9), (region, year)
        assert (td["unit"], td["gas"], int(td["year_from"])) == ("g/kWh", "CO2e", year)
    assert len(set(table.loc[table["activity"] == "electricity_td_losses", "region"])) >= 140


def test_issue_14_the_shipped_world_td_losses_are_what_the_builder_makes() -> None:
    text = (factors_root() / "world_td_losses.csv").read_text(encoding="utf-8")
    assert load_factor_script("world_td_losses").build() == text
    assert ",GB," not in text and ",US," not in text and ",CN," not in text  # they keep their own
