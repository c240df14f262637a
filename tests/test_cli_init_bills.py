"""`carbon init DIR --bills FILE...` (issue 12): a site YAML holding the mapping `carbon inspect`
settled on, commented; `carbon validate` reads it, once its FILL_IN keys are filled, to the same
totals as the hand-written YAML of tests/test_layout.py and tests/test_kinds.py.

The fixtures are those of ``scripts/fixtures/layout.py`` and ``scripts/fixtures/kinds.py``; every
total below is added up by hand from the values those scripts write.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli import calculate
from carbon_cli.cli.main import app
from carbon_cli.config import load
from carbon_cli.safe_yaml import read_yaml
from carbon_cli.scaffold_bills import activity_of

DATA = Path(__file__).resolve().parent / "data"


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def init_site(tmp_path: Path, *files: str, region: str = "CN-CQ") -> tuple[Path, str]:
    """Copy fixtures into a site folder's bills/, run init --bills on them, set the region."""
    folder = tmp_path / "site"
    (folder / "bills").mkdir(parents=True)
    names = []
    for name in files:
        shutil.copy(DATA / name, folder / "bills" / Path(name).name)
        names += ["--bills", folder / "bills" / Path(name).name]
    code, _, stderr = run("init", folder, "--year", "2021", *names)
    assert code == 0, stderr
    path = folder / "site.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("region: CN ", f"region: {region} "), encoding="utf-8")
    return path, text


def fill(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_issue_12_state_grid_two_row_header_is_mapped_and_validate_finds_the_settled_kwh(tmp_path: Path) -> None:
    path, text = init_site(tmp_path, "layout/state_grid.xlsx")
    assert '  - path: "bills/state_grid.xlsx"' in text  # relative to the site folder
    assert "    header_row: 2 " in text and "    header_rows: 2 " in text
    assert 'quantity: "电量/结算电量"' in text and 'loss: "电量/变损电量"' in text
    assert "activity: electricity" in text
    assert "row 1 (title: 国网重庆市电力公司" in text and "row 16 (total: 合计" in text
    assert "first row as read (row 4)" in text and "quantity 12666.0" in text  # (4824 - 4512) x 40 + 186
    # no unit column: the user is asked, never given kWh silently
    assert "unit: FILL_IN" in text
    code, _, stderr = run("validate", path)
    assert code == 3 and "(unit: in the site YAML): unknown unit 'FILL_IN'" in stderr
    fill(path, "unit: FILL_IN", "unit: kWh")
    code, _, stderr = run("validate", path)
    assert code == 0, stderr
    # 本次示数 - 上次示数 per month: 4144 in all, x the CT ratio 40, + transformer loss 2486 = 168,246 kWh
    assert calculate([path]).bills["bill_quantity"].sum() == 4144 * 40 + 2486 == 168_246


def test_issue_12_billing_months_workbook_gives_the_hand_written_yamls_total(tmp_path: Path) -> None:
    path, text = init_site(tmp_path, "kinds/state_grid_monthly.xlsx")
    assert 'month: "电费年月"' in text and 'sheet: "电费明细"' in text
    fill(path, "unit: FILL_IN", "unit: kWh")
    assert run("validate", path)[0] == 0
    # 38520 + 35110 + 31240 + 29870 + 33460 + 41280 + 48930 + 50120 + 42310 + 33870 + 31950 + 37640
    # = 454,300 kWh x 0.4743 kg/kWh (Chongqing) = 215,474.49 kg
    assert calculate([path]).totals()["scope2_location"] == pytest.approx(215.47449, rel=1e-12)


def test_issue_12_sheets_all_is_written_when_every_month_has_its_own_sheet(tmp_path: Path) -> None:
    path, text = init_site(tmp_path, "layout/gas_2021.xlsx", region="GB")
    assert "    sheets: all " in text and "header_row: 3" in text
    assert "activity: natural_gas" in text  # from the file name
    assert "unit: FILL_IN" not in text  # a unit column
    assert run("validate", path)[0] == 0
    gas = [14210, 12876, 11020, 7935, 5104, 3012, 2550, 2610, 4125, 7740, 11385, 13990]
    assert calculate([path]).bills["bill_quantity"].sum() == sum(gas) == 96_557  # not Workings' 999,999


def test_issue_12_a_csvs_separator_and_encoding_are_written_and_read_back(tmp_path: Path) -> None:
    path, text = init_site(tmp_path, "layout/unicode_text.txt", "layout/tab.txt")
    assert text.count('delimiter: "tab"') == 2 and text.count('encoding: "utf-16"') == 1
    assert "activity: electricity   # '用电量' names electricity" in text
    # tab.txt: Start Date, End Date, Usage, Unit: nothing names a fuel
    fill(path, "activity: FILL_IN", "activity: electricity")
    assert run("validate", path)[0] == 0
    assert calculate([path]).bills["bill_quantity"].sum() == (3520 + 3187 + 3345) + (842 + 790)


def test_issue_12_english_month_export_and_diesel_deliveries_read_as_by_hand(tmp_path: Path) -> None:
    path, text = init_site(tmp_path, "kinds/monthly_export.csv", region="GB")
    assert 'month: "Bill month"' in text
    fill(path, "activity: FILL_IN", "activity: electricity")
    assert run("validate", path)[0] == 0
    # 4812 + 4390 + 4105 + 3620 + 3310 + 3150 + 3480 + 3520 + 3290 + 3760 + 4230 + 4655 = 46,322 kWh
    # x BEIS 2021 UK electricity: CO2 0.21016, CH4 0.0008 (AR4 25 -> AR6 29.8), N2O 0.00137 (298 -> 273)
    per_kwh = 0.21016 + 0.0008 / 25 * 29.8 + 0.00137 / 298 * 273
    assert calculate([path]).totals()["scope2_location"] == pytest.approx(46_322 * per_kwh / 1000, rel=1e-12)

    path, text = init_site(tmp_path / "diesel", "kinds/diesel_deliveries.csv")
    assert "activity: diesel" in text and 'date: "送货日期"' in text
    with path.open("a", encoding="utf-8") as handle:
        handle.write("conversions:\n  diesel: {ncv: 43.0 MJ/kg, density: 0.84 kg/L, source: supplier delivery note}\n")
    assert run("validate", path)[0] == 0
    ledger = calculate([path]).ledger
    # 2000 + 1500 + 2500 + 1800 + 2200 + 1600 + 2400 + 2000 = 16,000 L x 0.84 kg/L = 13,440 kg
    # x the site's own NCV 43.0 MJ/kg x 20.2 t C/TJ x 98 % x 44/12 = 3.12117 kg CO2/kg (issue 13: a Chinese site's
    # NCV sets its CO2 per kg; the default coefficient 3.0959 is for the default NCV 42,652 kJ/kg)
    per_kg = 43.0e-3 * 20.2 * 0.98 * 44 / 12
    assert ledger[ledger["gas"] == "CO2"]["t_gas"].sum() == pytest.approx(13_440 * per_kg / 1000, rel=1e-9)


def test_issue_12_a_file_inspect_refuses_gets_an_entry_with_the_refusal_and_keys_to_fill(tmp_path: Path) -> None:
    path, text = init_site(tmp_path, "layout/unbalanced_quote.csv", "layout/pipe.csv")
    assert "carbon cannot read this file as it is:" in text and "row 3 opens a quote" in text
    assert "columns: {start: FILL_IN, end: FILL_IN, quantity: FILL_IN, unit: FILL_IN}" in text
    assert 'delimiter: "|"' in text  # the other file is still mapped
    config = load(path)  # the YAML loads; the placeholders stop validate naming the key
    assert [b.path.name for b in config.bills] == ["unbalanced_quote.csv", "pipe.csv"]
    assert read_yaml(path)["bills"][0]["activity"] == "FILL_IN"
    code, _, stderr = run("validate", path)
    assert code == 2 and "bills[0].activity" in stderr


def test_issue_12_an_existing_site_yaml_is_kept_without_force_and_a_link_is_replaced_not_followed(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    bill = DATA / "layout" / "pipe.csv"
    (folder / "site.yaml").write_text("mine\n", encoding="utf-8")
    code, _, stderr = run("init", folder, "--bills", bill)
    assert code == 2 and "already exists" in stderr and "--force" in stderr
    assert (folder / "site.yaml").read_text(encoding="utf-8") == "mine\n"
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("keep\n", encoding="utf-8")
    (folder / "site.yaml").unlink()
    os.symlink(outside, folder / "site.yaml")
    assert run("init", folder, "--bills", bill, "--force")[0] == 0
    assert outside.read_text(encoding="utf-8") == "keep\n"
    assert not (folder / "site.yaml").is_symlink()
    # a file outside the folder is named by its absolute path
    assert f'path: "{bill}"' in (folder / "site.yaml").read_text(encoding="utf-8")
    assert not (folder / "bills").exists()  # no templates with --bills


def test_issue_12_a_missing_bill_file_is_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    code, _, stderr = run("init", tmp_path / "s", "--bills", tmp_path / "nope.csv")
    assert code == 2 and "nope.csv" in stderr and "bill file not found" in stderr
    assert not (tmp_path / "s" / "site.yaml").exists()


@pytest.mark.parametrize(
    ("texts", "activity"),
    [
        (["电费明细"], "electricity"),
        (["用气量"], "natural_gas"),
        (["gas_2021"], "natural_gas"),
        (["Gasoline receipts"], "gasoline"),  # not natural gas
        (["0#柴油"], "diesel"),
        (["煤油"], "kerosene"),
        (["Start Date", "Usage"], None),
        (["柴油发电机"], None),  # diesel and 电: two activities settle none
    ],
)
def test_issue_12_activity_is_settled_only_when_one_fuel_is_named(texts: list[str], activity: str | None) -> None:
    assert activity_of(texts)[0] == activity
