"""Issue 14, Scope 3 category 3 outside the UK: US T&D losses by the GHG Protocol's method (electricity
consumed x the grid's loss rate x its generation factor), with eGRID's grid gross loss per subregion and
edition. Worked by hand from the eGRID2021 Summary Tables, Table 1 (WECC California, CAMX: CO2 531.678,
CH4 0.031, N2O 0.004 lb/MWh; grid gross loss 0.044, cell R8).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from carbon_cli import calculate, summary
from carbon_cli.factors.files import factors_root

ROOT = Path(__file__).resolve().parent.parent
LB = 0.45359237  # kg per lb
CAMX_2021 = 531.678 + 0.031 * 29.8 + 0.004 * 273  # lb CO2e/MWh at AR6 (fossil CH4 29.8, N2O 273)


def _site(tmp_path: Path, year: int, kwh: float) -> Path:
    (tmp_path / "power.csv").write_text(
        f"start,end,quantity,unit\n{year}-01-01,{year}-12-31,{kwh},kWh\n", encoding="utf-8"
    )
    (tmp_path / "site.yaml").write_text(
        "site: {id: sf-office, name: SF office, region: US-CA, egrid_subregion: CAMX}\n"
        f"period: {{start: {year}-01-01, end: {year}-12-31}}\ngwp: AR6\n"
        "bills:\n  - path: power.csv\n    activity: electricity\n",
        encoding="utf-8",
    )
    return tmp_path / "site.yaml"


def test_issue_14_us_td_losses_are_consumption_x_grid_gross_loss_x_generation_factor(tmp_path: Path) -> None:
    inventory = calculate([_site(tmp_path, 2021, 10_000)], factor_sets=["us-egrid-td"])
    assert pytest.approx(533.6938) == CAMX_2021
    scope2 = 10 * CAMX_2021 * LB / 1000  # 10 MWh x 533.6938 lb = 5,336.938 lb = 2.42080 t
    td = 10 * 0.044 * CAMX_2021 * LB / 1000  # x 4.4 % = 234.825272 lb = 0.10651495 t
    assert td == pytest.approx(0.1065149517, rel=1e-9)
    assert inventory.totals()["scope2_location"] == pytest.approx(scope2, rel=1e-12)
    assert summary.memo(inventory.facts)["scope3"] == pytest.approx(td, rel=1e-12)
    used = inventory.ledger.loc[inventory.ledger["activity"].astype(str) == "electricity_td_losses", "factor_id"]
    assert set(used) == {"us-egrid2021-td-camx-co2", "us-egrid2021-td-camx-ch4", "us-egrid2021-td-camx-n2o"}
    assert not any("T&D loss rate" in n.message for n in inventory.notices)


def test_issue_14_a_us_loss_rate_of_another_edition_is_a_warning(tmp_path: Path) -> None:
    # eGRID2022 rates exist for the grid (Scope 2), but no eGRID2022 loss rate was read: 2021's stands in.
    inventory = calculate([_site(tmp_path, 2022, 10_000)], factor_sets=["us-egrid-td"])
    said = [n for n in inventory.notices if "electricity_td_losses" in n.message]
    assert len(said) == 1 and said[0].level == "warning"
    assert "no 2022 T&D loss rate: the 2021 edition's stands in" in said[0].message
    assert summary.memo(inventory.facts)["scope3"] == pytest.approx(10 * 0.044 * CAMX_2021 * LB / 1000, rel=1e-12)


def test_issue_14_us_td_losses_are_opt_in_so_the_default_run_and_strict_are_unchanged(tmp_path: Path) -> None:
    inventory = calculate([_site(tmp_path, 2022, 10_000)], exact_factors=True)  # no 2022 loss rate: opt-in only
    assert "scope3" not in summary.memo(inventory.facts)


def test_issue_14_the_shipped_us_td_losses_are_what_the_builder_makes_of_the_published_cells() -> None:
    spec = importlib.util.spec_from_file_location("egrid_td", ROOT / "scripts" / "factors" / "egrid_td_losses.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (factors_root() / "us_egrid_td_losses.csv").read_text(encoding="utf-8") == module.build()
    text = (factors_root() / "us_egrid_td_losses.csv").read_text(encoding="utf-8")
    assert "US-EGRID-PRMS" not in text  # Puerto Rico: no loss rate published (0 or blank), so no row


def test_issue_14_a_split_state_site_takes_its_state_rate_times_the_us_loss_rate() -> None:
    # sample_data/us-office: region US-CA (three subregions serve California), 124,400 kWh in 2024. Its
    # Scope 2 uses eGRID2021's California state rate (479.005 lb CO2, 0.025 CH4, 0.003 N2O per MWh); the
    # memo line the same rate x eGRID2021's U.S. grid gross loss 0.045 (Table 1, cell R32).
    inventory = calculate([ROOT / "sample_data" / "us-office" / "site.yaml"], factor_sets=["us-egrid-td"])
    lb = 124.4 * 0.045 * (479.005 + 0.025 * 29.8 + 0.003 * 273)
    assert lb == pytest.approx(2_690.2251, rel=1e-7)
    assert summary.memo(inventory.facts)["scope3"] == pytest.approx(lb * LB / 1000, rel=1e-12)  # 1.22027 t
    assert inventory.totals()["scope2_location"] == pytest.approx(27.11701, rel=1e-6)  # unchanged, README
    said = [n for n in inventory.notices if "electricity_td_losses" in n.message]
    assert [n.level for n in said] == ["warning"] and "the 2021 edition's stands in" in said[0].message
