"""Layout of bill files (issue 12): the header block, two-row headers, total rows, sheets, CSV dialects.

Fixtures are written by ``scripts/fixtures/layout.py`` into ``tests/data/layout/``; every total
below is added up by hand from the values that script writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from carbon_cli import factors
from carbon_cli.bills import read_many
from carbon_cli.bills.layout import read_tables, total_rows
from carbon_cli.cli.main import app
from carbon_cli.config import BillSource
from carbon_cli.errors import ConfigError, InputDataError
from carbon_cli.notices import Notice

DATA = Path(__file__).parent / "data" / "layout"


def read(name: str, folder: Path = DATA, **entry: object) -> tuple[pd.DataFrame, list[Notice]]:
    notices: list[Notice] = []
    bills = read_many(
        [("site", BillSource(path=folder / name, **entry), name)], activities=factors.activities(), notices=notices
    )
    return bills, notices


# -- title rows, two-row headers, totals ---------------------------------------------------------


def test_issue_12_state_grid_export_reads_settled_kwh_under_a_two_row_header() -> None:
    # 本次示数 - 上次示数 per month, times the CT ratio 40, plus the transformer loss 变损电量.
    rises = [312, 298, 305, 287, 334, 402, 455, 448, 376, 310, 296, 321]  # sum 4144
    losses = [186, 179, 183, 172, 200, 241, 273, 269, 226, 186, 178, 193]  # sum 2486
    settled = 4144 * 40 + 2486  # 165,760 + 2,486 = 168,246 kWh
    assert sum(rises) == 4144 and sum(losses) == 2486
    bills, notices = read(
        "state_grid.xlsx",
        activity="electricity",
        unit="kWh",
        columns={"start": "上次抄表日期", "end": "本次抄表日期"},
    )
    assert len(bills) == 12
    assert bills["bill_quantity"].sum() == settled == 168_246
    assert bills["bill_quantity"].iloc[0] == 312 * 40 + 186
    assert bills["source_row"].tolist() == list(range(4, 16))  # title row 1, header rows 2-3
    assert set(bills["meter"].astype(str)) == {"5010123456"}  # 户号
    assert [n.level for n in notices] == ["info"]
    assert "row 16 ('合计" in notices[0].message


def test_issue_12_two_row_header_is_flattened_to_top_slash_bottom_names() -> None:
    source = BillSource(
        path=DATA / "state_grid.xlsx", activity="electricity", columns={"start": "上次抄表日期", "end": "本次抄表日期"}
    )
    (table,) = read_tables(source, "state_grid.xlsx")
    assert (table.header.first, table.header.depth) == (2, 2)
    assert table.header.names[:3] == ["户号", "户名", "电费年月"]  # merged down over both rows
    assert table.header.names[8:12] == ["电量/抄见电量", "电量/变损电量", "电量/结算电量", "电费(元)"]
    assert table.columns["quantity"] == "电量/结算电量"
    assert [(s.row, s.reason) for s in table.skipped] == [(1, "title"), (16, "total")]


def test_issue_12_merged_quantity_header_in_row_1_is_not_read_from_its_first_column(tmp_path: Path) -> None:
    # Before: the header row 1 alone was read, 电量 (merged over three columns) named the column of
    # 抄见电量, and the totals were silently 100 + 200 instead of the settled 103 + 206.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["起始日期", "截止日期", "电量", None, None, "单位"])
    sheet.append([None, None, "抄见电量", "变损电量", "结算电量", None])
    for column in "ABF":
        sheet.merge_cells(f"{column}1:{column}2")
    sheet.merge_cells("C1:E1")
    sheet.append(["2021-01-01", "2021-01-31", 100, 3, 103, "kWh"])
    sheet.append(["2021-02-01", "2021-02-28", 200, 6, 206, "kWh"])
    book.save(tmp_path / "merged.xlsx")
    bills, _ = read("merged.xlsx", tmp_path, activity="electricity")
    assert bills["bill_quantity"].tolist() == [103, 206]
    assert bills["source_row"].tolist() == [3, 4]


def test_issue_12_two_row_header_in_a_csv_spreads_the_top_label_to_the_right(tmp_path: Path) -> None:
    (tmp_path / "two.csv").write_text(
        "Period,,Energy,,Unit\nstart,end,metered,settled,\n"
        "2021-01-01,2021-01-31,500,512,kWh\n2021-02-01,2021-02-28,450,461,kWh\n",
        encoding="utf-8",
    )
    bills, _ = read("two.csv", tmp_path, activity="electricity", header_rows=2, columns={"quantity": "Energy/settled"})
    assert bills["bill_quantity"].sum() == 512 + 461
    (table,) = read_tables(
        BillSource(
            path=tmp_path / "two.csv", activity="electricity", header_rows=2, columns={"quantity": "Energy/settled"}
        ),
        "two.csv",
    )
    assert table.header.names == ["Period/start", "Period/end", "Energy/metered", "Energy/settled", "Unit"]


def test_issue_12_english_export_with_title_block_and_total_row() -> None:
    usage = [1520, 1388, 1402, 1210, 1105, 990, 1043, 1061, 1150, 1287, 1436, 1598]
    bills, notices = read("utility_export.csv", activity="electricity")
    assert bills["bill_quantity"].sum() == sum(usage) == 15_190
    assert bills["source_row"].tolist() == list(range(6, 18))  # header on row 5
    assert bills["cost"].iloc[0] == pytest.approx(231.04)
    assert len(notices) == 1 and "row 18 ('Total | 15190" in notices[0].message


def test_issue_12_header_row_in_yaml_overrides_the_search() -> None:
    bills, _ = read("utility_export.csv", activity="electricity", header_row=5)
    assert bills["bill_quantity"].sum() == 15_190
    with pytest.raises(ConfigError, match=r"no column for .*see `carbon inspect utility_export.csv`"):
        read("utility_export.csv", activity="electricity", header_row=2)


@pytest.mark.parametrize(
    "label", ["合计", "合 计", "总计", "小计", "Total", "TOTAL:", "Subtotal", "Sub-total", "Grand Total"]
)
def test_issue_12_total_and_subtotal_rows_are_recognised(label: str) -> None:
    body = pd.DataFrame({"a": ["2021-01-01", label, "Totally estimated"], "q": ["5", "5", "5"]})
    assert total_rows(body).tolist() == [False, True, False]


def test_issue_12_subtotal_rows_in_a_csv_are_left_out_with_a_notice(tmp_path: Path) -> None:
    (tmp_path / "sub.csv").write_text(
        "start,end,quantity,unit\n2021-01-01,2021-01-31,100,kWh\n小计,,100,kWh\n\n"
        "2021-02-01,2021-02-28,200,kWh\nSubtotal,,200,kWh\nGrand total,,300,kWh\n",
        encoding="utf-8",
    )
    bills, notices = read("sub.csv", tmp_path, activity="electricity")
    assert bills["bill_quantity"].tolist() == [100, 200]
    assert bills["source_row"].tolist() == [2, 5]
    assert "3 total row(s)" in notices[0].message and "row 3 ('小计" in notices[0].message


def test_issue_12_a_file_with_no_header_row_is_refused_naming_header_row(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("Energy report\nprepared by facilities\nsee attached\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read("notes.csv", tmp_path, activity="electricity")
    assert "\n" not in str(caught.value)
    assert "no header row found in the first 30 rows" in str(caught.value)
    assert "Give header_row: <row>" in str(caught.value)
    assert "see `carbon inspect notes.csv`" in str(caught.value)


def test_issue_12_header_below_a_preamble_is_named_in_the_refusal_when_a_column_is_missing(tmp_path: Path) -> None:
    (tmp_path / "pre.csv").write_text("Account,123\n\nMeter,Start Date,Usage\nE1,2021-01-01,5\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"no header row found in the first 30 rows \(the closest, row 3: no column for end"
    ):
        read("pre.csv", tmp_path, activity="electricity")


# -- workbooks ---------------------------------------------------------------------------------------

GAS = [14210, 12876, 11020, 7935, 5104, 3012, 2550, 2610, 4125, 7740, 11385, 13990]


def test_issue_12_one_sheet_per_month_read_with_sheets_all_and_the_hidden_sheet_skipped() -> None:
    bills, _ = read("gas_2021.xlsx", activity="natural_gas", sheets="all")
    assert bills["bill_quantity"].sum() == sum(GAS) == 96_557  # not the hidden Workings' 999,999
    assert bills["source_file"].astype(str).tolist()[:2] == ["gas_2021.xlsx[Jan]", "gas_2021.xlsx[Feb]"]
    assert set(bills["source_row"]) == {4}  # a title row and a blank row above each header


def test_issue_12_sheets_by_list_and_glob_and_a_hidden_sheet_read_when_named() -> None:
    bills, _ = read("gas_2021.xlsx", activity="natural_gas", sheets=["Jan", "Workings"])
    assert bills["bill_quantity"].sum() == 14_210 + 999_999
    bills, _ = read("gas_2021.xlsx", activity="natural_gas", sheets="J*")
    assert bills["source_file"].astype(str).tolist() == [
        "gas_2021.xlsx[Jan]",
        "gas_2021.xlsx[Jun]",
        "gas_2021.xlsx[Jul]",
    ]
    assert bills["bill_quantity"].sum() == 14_210 + 3_012 + 2_550


def test_issue_12_a_sheet_that_does_not_exist_lists_the_sheets() -> None:
    with pytest.raises(
        ConfigError, match=r"no sheet named 'Janvier'.*Sheets in this file: Jan, Feb, .*Workings \(hidden\)"
    ):
        read("gas_2021.xlsx", activity="natural_gas", sheets=["Janvier"])


def test_issue_12_several_sheets_holding_bills_are_never_read_one_silently() -> None:
    with pytest.raises(ConfigError, match=r"12 sheets hold a bill table .*sheets: all"):
        read("gas_2021.xlsx", activity="natural_gas")


def test_issue_16_hidden_first_sheet_is_not_read_and_the_table_is_found_after_a_cover() -> None:
    # Before: the hidden first sheet 'Old' (850,000 kWh) was read instead of 'Bills'.
    bills, _ = read("hidden_first.xlsx", activity="electricity")
    assert bills["bill_quantity"].sum() == 1200 + 1100 + 1300
    assert set(bills["source_file"].astype(str)) == {"hidden_first.xlsx[Bills]"}


def test_issue_16_merged_unit_cell_applies_to_every_row_it_covers() -> None:
    bills, _ = read("hidden_first.xlsx", activity="electricity", sheet="Bills")
    assert bills["bill_unit"].astype(str).tolist() == ["kWh", "kWh", "kWh"]


def test_issue_16_formula_cell_without_a_saved_value_is_refused_naming_the_cell() -> None:
    with pytest.raises(InputDataError, match=r"formula_uncached.xlsx row 3: cell C3 holds a formula saved without"):
        read("formula_uncached.xlsx", activity="electricity")


# -- CSV dialects ----------------------------------------------------------------------------------


def test_issue_12_semicolon_csv_with_decimal_commas() -> None:
    bills, _ = read("semicolon.csv", activity="electricity", decimal=",")
    assert bills["bill_quantity"].tolist() == [1234.5, 1108.25, 987.75]
    assert bills["bill_quantity"].sum() == 3330.5


def test_issue_12_tab_and_pipe_separated_files() -> None:
    bills, _ = read("tab.txt", activity="electricity")
    assert bills["bill_quantity"].sum() == 842 + 790
    bills, _ = read("pipe.csv", activity="electricity")
    assert bills["bill_quantity"].sum() == 615 + 587
    assert bills["cost"].sum() == pytest.approx(92.25 + 88.05)


def test_issue_12_utf16_unicode_text_from_excel() -> None:
    bills, _ = read("unicode_text.txt", activity="electricity")
    assert bills["bill_quantity"].sum() == 3520 + 3187 + 3345
    assert set(bills["bill_unit"].astype(str)) == {"度"}


def test_issue_12_gb18030_csv_with_chinese_headers() -> None:
    bills, _ = read("gb18030.csv", activity="natural_gas")
    assert bills["bill_quantity"].sum() == 1291 + 1164
    assert set(bills["meter"].astype(str)) == {"Q-1001"}


def test_issue_12_delimiter_and_encoding_in_yaml_override_the_sniffing(tmp_path: Path) -> None:
    (tmp_path / "odd.csv").write_bytes("start:end:quantity:unit\n2021-01-01:2021-01-31:77:kWh\n".encode("cp1252"))
    bills, _ = read("odd.csv", tmp_path, activity="electricity", delimiter=":", encoding="cp1252")
    # ':' also sits in nothing else here; the file reads as four columns
    assert bills["bill_quantity"].tolist() == [77]


def test_issue_12_mis_split_csv_says_which_separator_it_saw_and_how_to_set_delimiter() -> None:
    with pytest.raises(InputDataError) as caught:
        read("semicolon.csv", activity="electricity", delimiter=",")
    message = str(caught.value)
    assert "with the separator ','" in message and "split by ';'" in message
    assert 'delimiter: ";"' in message


def test_issue_16_unbalanced_quote_is_one_line_naming_the_row() -> None:
    with pytest.raises(InputDataError, match=r'unbalanced_quote.csv: row 3 opens a quote \("\) that is never closed'):
        read("unbalanced_quote.csv", activity="electricity")


def test_issue_16_quote_that_swallows_lines_into_a_number_cell_is_refused(tmp_path: Path) -> None:
    (tmp_path / "swallow.csv").write_text(
        'start,end,quantity,unit\n2021-01-01,2021-01-31,"100\n2021-02-01,2021-02-28,200",kWh\n', encoding="utf-8"
    )
    with pytest.raises(InputDataError, match=r"swallow.csv row 2, column 'quantity': holds a line break"):
        read("swallow.csv", tmp_path, activity="electricity")


def test_issue_12_bad_delimiter_and_encoding_keys_are_config_errors() -> None:
    with pytest.raises(ValueError, match="delimiter is one character"):
        BillSource(path=DATA / "pipe.csv", delimiter=";;")
    with pytest.raises(ValueError, match="unknown encoding 'utf-99'"):
        BillSource(path=DATA / "pipe.csv", encoding="utf-99")
    assert BillSource(path=DATA / "pipe.csv", delimiter="tab").delimiter == "\t"


def test_issue_12_workbook_keys_on_a_csv_and_csv_keys_on_a_workbook_are_refused() -> None:
    with pytest.raises(ConfigError, match="sheets: is for workbooks"):
        read("pipe.csv", activity="electricity", sheets="all")
    with pytest.raises(ConfigError, match="delimiter: is for CSV files"):
        read("hidden_first.xlsx", activity="electricity", delimiter=";")


# -- through the CLI ---------------------------------------------------------------------------------


def test_issue_12_calc_names_the_total_row_in_an_info_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(
        "site: {id: cq, name: Chongqing office, region: CN-CQ}\n"
        "period: {start: 2021-01-01, end: 2021-12-31}\n"
        f"bills:\n  - {{path: {DATA / 'utility_export.csv'}, activity: electricity}}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["calc", "site.yaml", "--format", "json"], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    said = [n for n in data["notices"] if "total row" in n["message"]]
    assert said and said[0]["level"] == "info" and "row 18" in said[0]["message"]
    quantity = sum(row["quantity"] for row in data["breakdown"] if row["scope"] == "scope2_location")
    assert quantity == pytest.approx(15_190)
