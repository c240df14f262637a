"""``carbon calc --keep-going`` calculates each good file once (issue 15): the inventory it shows
joins the files' own runs instead of calculating the good files together a second time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import carbon_cli.inventory as inventory_module
from carbon_cli.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"
AI_PARK = SAMPLES / "ai-park" / "site.yaml"
US = SAMPLES / "us-office" / "site.yaml"

runner = CliRunner()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every call of the library entry ``calculate``, as the list of files it was given."""
    seen: list[list[str]] = []
    real = inventory_module.calculate

    def counted(paths: Any, **options: Any) -> Any:
        paths = list(paths)
        seen.append([Path(p).name if Path(p).name != "site.yaml" else Path(p).parent.name for p in paths])
        return real(paths, **options)

    monkeypatch.setattr(inventory_module, "calculate", counted)
    return seen


def _bad(tmp_path: Path) -> Path:
    bad = tmp_path / "bad.yaml"
    bad.write_text("site:\n  id: bad\n  region: CN-CQ\nnot_a_key: 1\n", encoding="utf-8")
    return bad


@pytest.mark.parametrize("format", ["json", "csv", "table"])
def test_issue_15_keep_going_calculates_each_good_file_once(
    calls: list[list[str]], tmp_path: Path, format: str
) -> None:
    result = runner.invoke(
        app,
        ["calc", str(AI_PARK), str(_bad(tmp_path)), str(US), "--keep-going", "-f", format, "-q"],
        env={"COLUMNS": "160", "NO_COLOR": "1"},
    )
    assert result.exit_code == 2, result.output  # the bad file's config error
    # One call per file, each alone: never the good files together again.
    assert calls == [["ai-park"], ["bad.yaml"], ["us-office"]]


def test_issue_15_keep_going_shows_the_good_files_with_their_own_numbers(
    calls: list[list[str]], tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["calc", str(AI_PARK), str(_bad(tmp_path)), str(US), "--keep-going", "-f", "json", "-q"]
    )
    assert result.exit_code == 2
    shown = json.loads(result.stdout)
    assert [site["id"] for site in shown["sites"]] == ["ai-park", "us-office"]

    # Worked by hand: the US office's 2024 electricity, 124,400 kWh (its twelve bills: 9,800 +
    # 9,100 + 9,400 + 8,900 + 9,600 + 11,200 + 12,900 + 13,100 + 11,600 + 9,900 + 9,200 + 9,700),
    # at eGRID2021's California state rates (lb/MWh: CO2 479.005, CH4 0.025, N2O 0.003; AR6
    # GWP100: fossil CH4 29.8, N2O 273), 0.45359237 kg per lb.
    lb_per_mwh = 479.005 + 0.025 * 29.8 + 0.003 * 273
    us_location = 124.4 * lb_per_mwh * 0.45359237 / 1000
    us = next(site for site in shown["sites"] if site["id"] == "us-office")
    assert us["totals"]["scope2_location"] == pytest.approx(us_location, rel=1e-9)

    # Each site's totals are those of its file run alone; the run's totals are their sums.
    alone = {
        name: json.loads(runner.invoke(app, ["calc", str(path), "-f", "json", "-q"]).stdout)
        for name, path in (("ai-park", AI_PARK), ("us-office", US))
    }
    for site in shown["sites"]:
        assert site["totals"] == alone[site["id"]]["totals"]
    for scope in ("scope1", "scope2_location", "scope2_market"):
        assert shown["totals"][scope] == pytest.approx(
            alone["ai-park"]["totals"][scope] + alone["us-office"]["totals"][scope], rel=1e-12
        )
    assert {n["site"] for n in shown["notices"]} == {"ai-park", "us-office"}


def test_issue_15_keep_going_files_sharing_a_site_id_still_stop_with_the_run_error(
    calls: list[list[str]], tmp_path: Path
) -> None:
    twin = tmp_path / "twin.yaml"
    twin.write_text(AI_PARK.read_text(encoding="utf-8"), encoding="utf-8")
    for bill in (AI_PARK.parent / "bills").iterdir():
        (tmp_path / "bills").mkdir(exist_ok=True)
        (tmp_path / "bills" / bill.name).write_bytes(bill.read_bytes())
    result = runner.invoke(app, ["calc", str(AI_PARK), str(twin), "--keep-going", "-f", "json", "-q"])
    assert result.exit_code == 2
    assert "site id 'ai-park' is also used by" in result.output
