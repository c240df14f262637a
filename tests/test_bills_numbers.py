"""Sheets of bill files that read two ways (issue 12).

A sheet name that matches wins over a position, and a number that is both is refused.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from carbon_cli import bills, factors
from carbon_cli.cli import app
from carbon_cli.config import BillSource
from carbon_cli.errors import ConfigError, InputDataError

HEAD = "site: {id: s, name: Test, region: CN-CQ}\nperiod: {start: 2021-01-01, end: 2021-12-31}\n"
AMBIGUOUS_FIX = (
    "could have a decimal comma or a thousands separator, and no value in the column settles which. "
    "Say which on this bill in the site YAML: "
)


def write_csv(tmp_path: Path, text: str, name: str = "power.csv") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, sheets: dict[str, list[list[object]]], name: str = "power.xlsx") -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def read(path: Path, **fields: object) -> pd.DataFrame:
    source = BillSource(path=path, activity="electricity", **fields)
    return bills.read(source, site="s1", activities=factors.activities(), shown_path=path.name)


def refusal(path: Path, **fields: object) -> str:
    with pytest.raises(InputDataError) as excinfo:
        read(path, **fields)
    assert excinfo.value.exit_code == 3
    return str(excinfo.value)


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, bill: str) -> tuple[int, str]:
    """`carbon COMMAND site.yaml` over one bill file already in tmp_path."""
    (tmp_path / "site.yaml").write_text(
        HEAD + f"bills:\n  - {{path: {bill}, activity: electricity}}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [command, "site.yaml"], env={"COLUMNS": "1000", "NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr.strip()


BILL_ROWS = "start,end,quantity,unit\n2021-01-01,2021-01-31,{}\n2021-02-01,2021-02-28,{}\n"


# --- issue 12.4: a sheet named "1" --------------------------------------------------------

MONTHS = {
    str(month): [["start", "end", "quantity", "unit"], [f"2021-{month:02d}-01", f"2021-{month:02d}-28", month, "kWh"]]
    for month in range(1, 4)
}


def test_issue_12_sheet_number_that_is_a_name_and_another_position_is_refused(tmp_path):
    path = write_xlsx(tmp_path, MONTHS)
    with pytest.raises(ConfigError) as excinfo:
        read(path, sheet=1)
    assert str(excinfo.value) == (
        "power.xlsx: sheet: 1 could mean the sheet named '1' or the sheet at position 1 from 0 ('2'). "
        'Write sheet: "1" for the sheet named 1, or sheet_index: 1 for the position, in the site YAML'
    )
    assert excinfo.value.exit_code == 2


def test_issue_12_sheet_name_as_text_reads_the_sheet_of_that_name(tmp_path):
    path = write_xlsx(tmp_path, MONTHS)
    assert read(path, sheet="1")["quantity"].tolist() == [1.0]


def test_issue_12_sheet_index_reads_by_position_from_zero(tmp_path):
    path = write_xlsx(tmp_path, MONTHS)
    assert read(path, sheet_index=0)["quantity"].tolist() == [1.0]
    assert read(path, sheet_index=2)["quantity"].tolist() == [3.0]


def test_issue_12_sheet_number_that_is_only_a_name_reads_that_sheet(tmp_path):
    # sheets "Notes" and "2021": 2021 is no position, so it is the name
    path = write_xlsx(tmp_path, {"Notes": [["notes"]], "2021": MONTHS["2"]})
    assert read(path, sheet=2021)["quantity"].tolist() == [2.0]


def test_issue_12_sheet_number_that_is_the_same_sheet_both_ways_is_read(tmp_path):
    path = write_xlsx(tmp_path, {"0": [["notes"]], "1": MONTHS["3"]})
    assert read(path, sheet=1)["quantity"].tolist() == [3.0]


def test_issue_12_sheet_index_beyond_the_sheets_lists_them(tmp_path):
    path = write_xlsx(tmp_path, MONTHS)
    with pytest.raises(ConfigError) as excinfo:
        read(path, sheet_index=3)
    assert str(excinfo.value) == "power.xlsx: no sheet at sheet_index 3. Sheets in this file (from 0): 0: 1, 1: 2, 2: 3"


def test_issue_12_sheet_and_sheet_index_together_are_refused(tmp_path):
    with pytest.raises(ValueError, match=r"give sheet \(a name\) or sheet_index \(a position from 0\), not both"):
        BillSource(path=tmp_path / "x.xlsx", sheet="1", sheet_index=0)


def test_issue_12_sheet_named_1_through_the_site_yaml(tmp_path, monkeypatch):
    write_xlsx(tmp_path, MONTHS, name="bills.xlsx")
    (tmp_path / "site.yaml").write_text(
        HEAD + "bills:\n  - {path: bills.xlsx, sheet: 1, activity: electricity}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["calc", "site.yaml"], env={"COLUMNS": "1000", "NO_COLOR": "1"})
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("Error: bills.xlsx: sheet: 1 could mean the sheet named '1'")
