"""Numbers and sheets of bill files that read two ways, and numbers no bill holds (issues 12, 16).

A decimal mark is settled once per file and column from all its text cells, or by the bill's
``decimal:``; a column where every value reads both ways is refused. A sheet name that matches
wins over a position, and a number that is both is refused. Infinite and absurd quantities are
refused naming the row, never dropped. Every total here is worked by hand in the test.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from bill_files import write_csv, write_xlsx
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


# --- issue 12.1 and 12.2: a decimal mark is never guessed ------------------------------------


def test_issue_12_three_decimal_comma_is_refused_when_ambiguous(tmp_path):
    path = write_csv(tmp_path, BILL_ROWS.format('"45,123",kWh', "300,kWh"))
    assert refusal(path) == (
        f"power.csv column 'quantity': '45,123' {AMBIGUOUS_FIX}"
        'decimal: "," reads \'45,123\' as 45.123, decimal: "." as 45123'
    )


def test_issue_12_dot_thousands_in_xlsx_text_cells_is_refused_when_ambiguous(tmp_path):
    # a German workbook: the quantities are text cells; 300 is a number cell and settles nothing
    path = write_xlsx(
        tmp_path,
        {
            "Sheet1": [
                ["start", "end", "quantity", "unit"],
                ["2021-01-01", "2021-01-31", "12.570", "kWh"],
                ["2021-02-01", "2021-02-28", 300, "kWh"],
                ["2021-03-01", "2021-03-31", "1.234", "kWh"],
            ]
        },
    )
    assert refusal(path) == (
        f"power.xlsx column 'quantity': '12.570', '1.234' {AMBIGUOUS_FIX}"
        'decimal: "," reads \'12.570\' as 12570, decimal: "." as 12.57'
    )


@pytest.mark.parametrize("command", ["calc", "validate"])
def test_issue_12_calc_and_validate_both_stop_on_an_ambiguous_column(tmp_path, monkeypatch, command):
    write_csv(tmp_path, BILL_ROWS.format('"12,570",kWh', '"1,234",kWh'), name="bills.csv")
    code, stderr = run(tmp_path, monkeypatch, command, "bills.csv")
    assert code == 3
    assert stderr == (
        f"Error: bills.csv column 'quantity': '12,570', '1,234' {AMBIGUOUS_FIX}"
        'decimal: "," reads \'12,570\' as 12.57, decimal: "." as 12570'
    )


def test_issue_12_one_decimal_comma_value_settles_the_column(tmp_path):
    # "1.234,5" only reads with a decimal comma, so "45,123" is 45.123: 45.123 + 1234.5 = 1279.623
    path = write_csv(tmp_path, BILL_ROWS.format('"45,123",kWh', '"1.234,5",kWh'))
    frame = read(path)
    assert frame["quantity"].tolist() == pytest.approx([45.123, 1234.5])
    assert frame["quantity"].sum() == pytest.approx(1279.623)


def test_issue_12_space_thousands_and_two_decimals_settle_a_decimal_comma(tmp_path):
    # "1 234,5" and "45,12" only read with a decimal comma: 12.57 + 1234.5 + 45.12 = 1292.19
    text = BILL_ROWS.format('"12,570",kWh', '"1 234,5",kWh') + '2021-03-01,2021-03-31,"45,12",kWh\n'
    frame = read(write_csv(tmp_path, text))
    assert frame["quantity"].tolist() == pytest.approx([12.57, 1234.5, 45.12])


def test_issue_12_dot_thousands_in_xlsx_settled_by_a_decimal_comma_value(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "Sheet1": [
                ["start", "end", "quantity", "unit"],
                ["2021-01-01", "2021-01-31", "12.570", "kWh"],
                ["2021-02-01", "2021-02-28", "980,5", "kWh"],
                ["2021-03-01", "2021-03-31", 300, "kWh"],
            ]
        },
    )
    # 12570 + 980.5 + 300 = 13850.5
    assert read(path)["quantity"].sum() == pytest.approx(13850.5)


def test_issue_12_a_decimal_point_value_settles_thousands_commas(tmp_path):
    # "1,291.5" only reads with a decimal point, so "12,570" is 12570: 12570 + 1291.5 = 13861.5
    frame = read(write_csv(tmp_path, BILL_ROWS.format('"12,570",kWh', '"1,291.5",kWh')))
    assert frame["quantity"].tolist() == pytest.approx([12570.0, 1291.5])


def test_issue_12_a_value_like_0_5_settles_a_dot_as_decimal(tmp_path):
    frame = read(write_csv(tmp_path, BILL_ROWS.format("12.570,kWh", "0.5,kWh")))
    assert frame["quantity"].tolist() == pytest.approx([12.57, 0.5])


def test_issue_12_yaml_decimal_comma_reads_dots_as_thousands(tmp_path):
    text = BILL_ROWS.format('"45,123",kWh', "12.570,kWh") + '2021-03-01,2021-03-31,"1.234.567,8",kWh\n'
    frame = read(write_csv(tmp_path, text), decimal=",")
    assert frame["quantity"].tolist() == pytest.approx([45.123, 12570.0, 1234567.8])


def test_issue_12_yaml_decimal_point_reads_commas_as_thousands(tmp_path):
    frame = read(write_csv(tmp_path, BILL_ROWS.format('"12,570",kWh', "12.570,kWh")), decimal=".")
    assert frame["quantity"].tolist() == pytest.approx([12570.0, 12.57])


def test_issue_12_yaml_decimal_comma_applies_to_the_cost_column_too(tmp_path):
    text = 'start,end,quantity,unit,cost\n2021-01-01,2021-01-31,"1.500",kWh,"1.234,56"\n'
    frame = read(write_csv(tmp_path, text), decimal=",")
    assert frame.iloc[0]["quantity"] == 1500.0
    assert frame.iloc[0]["cost"] == pytest.approx(1234.56)


def test_issue_12_a_decimal_point_in_a_decimal_comma_bill_is_refused_naming_the_row(tmp_path):
    path = write_csv(tmp_path, BILL_ROWS.format('"45,123",kWh', "0.5,kWh"))
    assert refusal(path, decimal=",") == (
        "power.csv row 3, column 'quantity': '0.5' is not a number. "
        'Write a number with a decimal comma such as 1234,5 or 1.234,5 (the bill says decimal: ",")'
    )


def test_issue_12_a_column_with_both_decimal_marks_is_refused(tmp_path):
    path = write_csv(tmp_path, BILL_ROWS.format('"1.234,5",kWh', '"1,234.5",kWh'))
    assert refusal(path) == (
        "power.csv column 'quantity': holds decimal commas ('1.234,5') and decimal points ('1,234.5'). "
        'Correct the values that are wrong, or say which mark is meant with decimal: "," or decimal: "." '
        "on this bill in the site YAML"
    )


def test_issue_12_numeric_cells_are_numbers_whatever_the_decimal_mark(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "Sheet1": [
                ["start", "end", "quantity", "unit"],
                ["2021-01-01", "2021-01-31", 12.57, "kWh"],
                ["2021-02-01", "2021-02-28", "12,5", "kWh"],
            ]
        },
    )
    # the number cell stays 12.57; the text cell "12,5" reads with a decimal comma: 25.07
    assert read(path, decimal=",")["quantity"].tolist() == pytest.approx([12.57, 12.5])


def test_issue_12_each_file_settles_its_own_decimal_mark(tmp_path):
    german = write_csv(tmp_path, BILL_ROWS.format("12.570,kWh", '"0,5",kWh'), name="de.csv")
    english = write_csv(tmp_path, BILL_ROWS.format('"12,570",kWh', "0.5,kWh"), name="en.csv")
    jobs = [("s1", BillSource(path=path, activity="electricity"), path.name) for path in (german, english)]
    frame = bills.read_many(jobs, activities=factors.activities())
    # de.csv: 12570 + 0.5; en.csv: 12570 + 0.5
    assert frame["quantity"].tolist() == pytest.approx([12570.0, 0.5, 12570.0, 0.5])


def test_issue_12_plain_numbers_and_full_width_digits_need_no_decimal_key(tmp_path):
    text = BILL_ROWS.format("1234,kWh", "１２３４．５,kWh") + "2021-03-01,2021-03-31,-2e3,kWh\n"
    assert read(write_csv(tmp_path, text))["quantity"].tolist() == pytest.approx([1234.0, 1234.5, -2000.0])


def test_issue_12_a_large_file_of_plain_numbers_still_refuses_an_ambiguous_dot(tmp_path):
    # the fast reader of plain numbers must not take "12.570" as 12.57 either
    rows = "".join(f"2021-01-01,2021-01-31,{n},kWh\n" for n in range(1, 1000)) + "2021-01-01,2021-01-31,12.570,kWh\n"
    path = write_csv(tmp_path, "start,end,quantity,unit\n" + rows)
    assert refusal(path).startswith(f"power.csv column 'quantity': '12.570' {AMBIGUOUS_FIX}")


def test_issue_12_decimal_must_be_a_comma_or_a_point(tmp_path):
    with pytest.raises(ValueError, match="decimal"):
        BillSource(path=tmp_path / "x.csv", decimal=";")


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


# --- issue 16.10: numbers no bill holds ----------------------------------------------------


@pytest.mark.parametrize("value", ["inf", "-inf", "Infinity", "1e309", "1" * 400])
def test_issue_16_an_infinite_quantity_is_refused_naming_the_row(tmp_path, value):
    path = write_csv(tmp_path, BILL_ROWS.format("300,kWh", f"{value},kWh"))
    shown = value if len(value) <= 40 else value[:39] + "…"
    assert refusal(path) == (
        f"power.csv row 3, column 'quantity': '{shown}' is infinite or too large for a number. "
        "Write the bill's real amount as a plain number"
    )


def test_issue_16_one_inf_bill_stops_the_run_instead_of_lowering_the_total(tmp_path, monkeypatch):
    write_csv(tmp_path, BILL_ROWS.format("300,kWh", "inf,kWh"), name="bills.csv")
    code, stderr = run(tmp_path, monkeypatch, "calc", "bills.csv")
    assert (code, stderr) == (
        3,
        "Error: bills.csv row 3, column 'quantity': 'inf' is infinite or too large for a number. "
        "Write the bill's real amount as a plain number",
    )


def test_issue_16_a_1e400_number_cell_in_xlsx_is_refused(tmp_path):
    path = write_xlsx(
        tmp_path,
        {"Sheet1": [["start", "end", "quantity", "unit"], ["2021-01-01", "2021-01-31", 1.5e300, "kWh"]]},
    )
    # openpyxl writes no 1e400 (no float holds it): put it into the sheet's XML as Excel would
    with zipfile.ZipFile(path) as archive:
        members = {item.filename: archive.read(item.filename) for item in archive.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    assert b"<v>1.5e+300</v>" in members[sheet]
    members[sheet] = members[sheet].replace(b"<v>1.5e+300</v>", b"<v>1e400</v>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    path.write_bytes(buffer.getvalue())
    assert refusal(path) == (
        "power.xlsx row 2, column 'quantity': 'inf' is infinite or too large for a number. "
        "Write the bill's real amount as a plain number"
    )


@pytest.mark.parametrize("bad", [float("inf"), float("-inf")])
def test_issue_16_infinity_in_a_parquet_quantity_is_refused(tmp_path, bad):
    path = tmp_path / "power.parquet"
    pd.DataFrame(
        {
            "start": ["2021-01-01", "2021-02-01"],
            "end": ["2021-01-31", "2021-02-28"],
            "quantity": [300.0, bad],
            "unit": ["kWh", "kWh"],
        }
    ).to_parquet(path)
    assert refusal(path) == (
        f"power.parquet row 3, column 'quantity': '{bad}' is infinite or too large for a number. "
        "Write the bill's real amount as a plain number"
    )


def test_issue_16_nan_in_a_parquet_quantity_is_refused_not_dropped(tmp_path):
    path = tmp_path / "power.parquet"
    pd.DataFrame(
        {"start": ["2021-01-01"], "end": ["2021-01-31"], "quantity": [float("nan")], "unit": ["kWh"]}
    ).to_parquet(path)
    assert refusal(path).startswith("power.parquet row 2, column 'quantity': is empty.")


def test_issue_16_a_quantity_beyond_1e15_in_the_activitys_unit_is_refused(tmp_path):
    # 2e12 MWh is 2e15 kWh, beyond the bound; 1e12 MWh (1e15 kWh) is still read
    assert read(write_csv(tmp_path, BILL_ROWS.format("1e12,MWh", "300,kWh")))["quantity"].sum() == pytest.approx(
        1e15 + 300
    )
    path = write_csv(tmp_path, BILL_ROWS.format("300,kWh", "2e12,MWh"))
    assert refusal(path) == (
        "power.csv row 3, column 'quantity': 2e+12 MWh is 2e+15 kWh, beyond the 1e15 any bill holds. "
        "Check the quantity and its unit"
    )


def test_issue_16_an_infinite_cost_is_refused(tmp_path):
    path = write_csv(tmp_path, "start,end,quantity,unit,cost\n2021-01-01,2021-01-31,300,kWh,inf\n")
    assert refusal(path) == (
        "power.csv row 2, column 'cost': 'inf' is infinite or too large for a number. "
        "Write the bill's real amount as a plain number"
    )


def test_issue_16_only_fully_blank_rows_are_skipped(tmp_path):
    # the blank line is skipped; the row with a blank quantity is refused, never dropped
    text = "start,end,quantity,unit\n2021-01-01,2021-01-31,300,kWh\n,,,\n2021-03-01,2021-03-31,,kWh\n"
    assert refusal(write_csv(tmp_path, text)).startswith("power.csv row 4, column 'quantity': is empty.")
