"""bills.read: bill files of a few rows, written into tmp_path, into the canonical table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from bill_files import write_csv, write_xlsx

from carbon_cli import bills, factors
from carbon_cli.config import BillSource
from carbon_cli.errors import ConfigError, InputDataError


def read(path: Path, *, activity: str = "electricity", **fields: object) -> pd.DataFrame:
    source = BillSource(path=path, activity=activity, **fields)
    return bills.read(source, site="s1", activities=factors.activities())


def read_csv(tmp_path: Path, text: str, **kwargs: object) -> pd.DataFrame:
    return read(write_csv(tmp_path, text), **kwargs)


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# --- columns -------------------------------------------------------------------------------


def test_english_default_headers_are_found(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,1000,kWh
        """,
    )
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["period_start"] == day("2021-01-01")
    assert row["period_end"] == day("2021-01-31")
    assert row["quantity"] == 1000.0
    assert row["unit"] == "kWh"
    assert row["site"] == "s1"
    assert row["activity"] == "electricity"


def test_canonical_columns_in_order(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,1000,kWh
        """,
    )
    assert list(frame.columns) == bills.CANONICAL_COLUMNS


def test_chinese_headers_are_found_without_a_columns_mapping(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        起始日期,截止日期,用电量,单位
        2021-02-01,2021-02-28,500,kWh
        """,
    )
    row = frame.iloc[0]
    assert row["period_start"] == day("2021-02-01")
    assert row["period_end"] == day("2021-02-28")
    assert row["quantity"] == 500.0
    assert row["bill_unit"] == "kWh"


def test_explicit_columns_mapping_is_used(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        Read from,Read to,Total kWh,What
        2021-03-01,2021-03-31,42,kWh
        """,
        columns={"start": "Read from", "end": "Read to", "quantity": "Total kWh", "unit": "What"},
    )
    row = frame.iloc[0]
    assert row["period_start"] == day("2021-03-01")
    assert row["period_end"] == day("2021-03-31")
    assert row["quantity"] == 42.0


def test_explicit_mapping_wins_over_a_default_header(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,net,unit
        2021-03-01,2021-03-31,42,40,kWh
        """,
        columns={"quantity": "net"},
    )
    assert frame.iloc[0]["quantity"] == 40.0


def test_mapped_column_missing_from_file_is_a_config_error_listing_columns_found(tmp_path):
    with pytest.raises(ConfigError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,usage,unit
            2021-03-01,2021-03-31,42,kWh
            """,
            columns={"quantity": "kWh used"},
        )
    message = str(excinfo.value)
    assert "power.csv" in message
    assert "column 'kWh used' (columns.quantity) is not in the file" in message
    assert "Columns found: start, end, usage, unit" in message
    assert excinfo.value.exit_code == 2


def test_missing_required_columns_are_named(tmp_path):
    with pytest.raises(ConfigError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,kwh,unit
            2021-03-01,42,kWh
            """,
        )
    message = str(excinfo.value)
    assert "no column for end, quantity" in message
    assert "columns found: start, kwh, unit" in message
    assert "columns: {end: <header>, quantity: <header>}" in message
    assert excinfo.value.exit_code == 2


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2021-03-01", "2021-03-01"),
        ("2021-3-1", "2021-03-01"),
        ("2021年3月1日", "2021-03-01"),
        ("2021年12月31日", "2021-12-31"),
        ("2021/03/01", "2021-03-01"),
        ("2021.03.01", "2021-03-01"),
        ("20210301", "2021-03-01"),
        ("44197", "2021-01-01"),
        ("44256", "2021-03-01"),
    ],
)
def test_date_text_forms_are_read(tmp_path, written, expected):
    frame = read_csv(
        tmp_path,
        f"""\
        start,end,quantity,unit
        {written},2021-12-31,1,kWh
        """,
    )
    assert frame.iloc[0]["period_start"] == day(expected)


def test_chinese_date_format_is_read(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        起始日期,截止日期,用电量,单位
        2021年1月15日,2021年2月14日,310,度
        """,
    )
    assert frame.iloc[0]["period_start"] == day("2021-01-15")
    assert frame.iloc[0]["period_end"] == day("2021-02-14")


def test_excel_serial_numbers_in_xlsx_are_dates(tmp_path):
    path = write_xlsx(tmp_path, {"Sheet1": [["start", "end", "quantity", "unit"], [44197, 44227, 10, "kWh"]]})
    frame = read(path)
    assert frame.iloc[0]["period_start"] == day("2021-01-01")
    assert frame.iloc[0]["period_end"] == day("2021-01-31")


def test_real_dates_in_xlsx_are_read(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "Sheet1": [
                ["start", "end", "quantity", "unit"],
                [dt.date(2021, 4, 1), dt.datetime(2021, 4, 30, 23, 59), 10, "kWh"],
            ]
        },
    )
    frame = read(path)
    assert frame.iloc[0]["period_start"] == day("2021-04-01")
    assert frame.iloc[0]["period_end"] == day("2021-04-30")  # time of day dropped


def test_unparseable_date_names_file_row_and_column(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity,unit
            2021-01-01,2021-01-31,1,kWh
            2021-02-01,Feb end,1,kWh
            """,
        )
    message = str(excinfo.value)
    assert "power.csv row 3, column 'end'" in message
    assert "cannot read date 'Feb end'" in message
    assert "YYYY-MM-DD" in message
    assert excinfo.value.exit_code == 3


def test_empty_date_is_refused(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity,unit
            ,2021-01-31,1,kWh
            """,
        )
    assert "row 2, column 'start': is empty" in str(excinfo.value)


@pytest.mark.parametrize("written", ["03/01/2021", "01/03/2021", "3/1/21"])
def test_ambiguous_day_month_date_is_refused(tmp_path, written):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            f"""\
            start,end,quantity,unit
            {written},2021-12-31,1,kWh
            """,
        )
    assert f"'{written}' reads both day first and month first" in str(excinfo.value)
    assert "column 'start'" in str(excinfo.value)
    assert "dates: dayfirst" in str(excinfo.value)


def test_bare_year_is_not_read_as_an_excel_serial(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity,unit
            2021,2021-12-31,1,kWh
            """,
        )
    assert "row 2, column 'start'" in str(excinfo.value)


def test_end_before_start_names_the_row(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity,unit
            2021-01-01,2021-01-31,1,kWh
            2021-03-31,2021-03-01,1,kWh
            """,
        )
    message = str(excinfo.value)
    assert "power.csv row 3: end 2021-03-01 is before start 2021-03-31" in message
    assert "Swap the dates" in message
    assert excinfo.value.exit_code == 3


def test_one_day_bill_is_allowed(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-03-01,2021-03-01,1,kWh
        """,
    )
    assert frame.iloc[0]["period_end"] == frame.iloc[0]["period_start"]


# --- numbers -------------------------------------------------------------------------------


def test_thousands_separator_is_dropped(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,"1,234.5",kWh
        """,
    )
    assert frame.iloc[0]["quantity"] == 1234.5


def test_full_width_digits_are_read(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,１２３４．５,kWh
        """,
    )
    assert frame.iloc[0]["quantity"] == 1234.5


def test_currency_sign_in_cost_is_dropped(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit,cost
        2021-01-01,2021-01-31,10,kWh,"¥1,000.50"
        """,
    )
    assert frame.iloc[0]["cost"] == 1000.5


def test_non_numeric_quantity_names_the_row(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity,unit
            2021-01-01,2021-01-31,10,kWh
            2021-02-01,2021-02-28,ten,kWh
            """,
        )
    message = str(excinfo.value)
    assert "power.csv row 3, column 'quantity': 'ten' is not a number" in message
    assert excinfo.value.exit_code == 3


def test_empty_quantity_is_refused(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity,unit
            2021-01-01,2021-01-31,,kWh
            """,
        )
    assert "power.csv row 2, column 'quantity': is empty" in str(excinfo.value)
    assert excinfo.value.exit_code == 3


# --- units ---------------------------------------------------------------------------------


def test_du_is_kwh_with_the_same_number(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,310,度
        """,
    )
    assert frame.iloc[0]["quantity"] == 310.0
    assert frame.iloc[0]["unit"] == "kWh"


def test_mwh_is_converted_to_kwh(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,1.5,MWh
        """,
    )
    assert frame.iloc[0]["quantity"] == pytest.approx(1500.0)
    assert frame.iloc[0]["unit"] == "kWh"


@pytest.mark.parametrize("written", ["方", "m³", "m3", "立方米"])
def test_gas_volume_units_become_m3(tmp_path, written):
    frame = read_csv(
        tmp_path,
        f"""\
        start,end,quantity,unit
        2021-01-01,2021-01-31,250,{written}
        """,
        activity="natural_gas",
    )
    assert frame.iloc[0]["quantity"] == pytest.approx(250.0)
    assert frame.iloc[0]["unit"] == "m3"


def test_mixed_units_in_one_file_are_each_converted(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,2,MWh
        2021-02-01,2021-02-28,300,度
        2021-03-01,2021-03-31,40,kWh
        """,
    )
    assert frame["quantity"].tolist() == pytest.approx([2000.0, 300.0, 40.0])
    assert frame["unit"].tolist() == ["kWh", "kWh", "kWh"]


def test_bill_quantity_and_bill_unit_keep_what_the_bill_said(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,"1,500",MWh
        """,
        decimal=".",  # alone, "1,500" reads both ways (1.5 or 1500): the YAML settles it
    )
    row = frame.iloc[0]
    assert row["bill_quantity"] == 1500.0
    assert row["bill_unit"] == "MWh"
    assert row["quantity"] == pytest.approx(1_500_000.0)


def test_unit_column_wins_over_the_yaml_default(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,2,MWh
        """,
        unit="kWh",
    )
    assert frame.iloc[0]["bill_unit"] == "MWh"
    assert frame.iloc[0]["quantity"] == pytest.approx(2000.0)


def test_blank_unit_cell_falls_back_to_the_yaml_default(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,2,MWh
        2021-02-01,2021-02-28,3,
        """,
        unit="MWh",
    )
    assert frame["bill_unit"].tolist() == ["MWh", "MWh"]
    assert frame["quantity"].tolist() == pytest.approx([2000.0, 3000.0])


def test_blank_unit_cell_without_default_names_the_row(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity,unit
            2021-01-01,2021-01-31,2,kWh
            2021-02-01,2021-02-28,3,
            """,
        )
    assert "power.csv row 3, column 'unit': the unit is empty" in str(excinfo.value)


def test_yaml_default_unit_is_used_without_a_unit_column(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity
        2021-01-01,2021-01-31,2
        """,
        unit="MWh",
    )
    assert frame.iloc[0]["bill_unit"] == "MWh"
    assert frame.iloc[0]["quantity"] == pytest.approx(2000.0)
    assert frame.iloc[0]["unit"] == "kWh"


def test_no_unit_column_and_no_default_unit_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity
            2021-01-01,2021-01-31,2
            """,
        )
    message = str(excinfo.value)
    assert "power.csv: no unit column and no default unit" in message
    assert "unit: kWh" in message
    assert excinfo.value.exit_code == 2


def test_unknown_unit_names_the_row(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity,unit
            2021-01-01,2021-01-31,2,kWh
            2021-02-01,2021-02-28,3,bananas
            """,
        )
    message = str(excinfo.value)
    assert "power.csv row 3, column 'unit': unknown unit 'bananas'" in message
    assert "Use one of: kWh, MWh" in message
    assert excinfo.value.exit_code == 3


def test_unknown_unit_names_the_real_unit_header(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            起始日期,截止日期,用电量,单位
            2021-01-01,2021-01-31,2,bananas
            """,
        )
    assert "power.csv row 2, column '单位': unknown unit 'bananas'" in str(excinfo.value)


def test_unit_of_the_wrong_dimension_is_refused(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity,unit
            2021-01-01,2021-01-31,2,kWh
            2021-02-01,2021-02-28,3,m3
            """,
        )
    message = str(excinfo.value)
    assert "power.csv row 3" in message
    assert "unit 'm3' measures volume, which does not fit electricity" in message
    assert excinfo.value.exit_code == 3


def test_gas_billed_in_energy_is_converted_to_gj(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,2,MWh
        """,
        activity="natural_gas",
    )
    assert frame.iloc[0]["unit"] == "GJ"
    assert frame.iloc[0]["quantity"] == pytest.approx(7.2)  # 1 MWh = 3.6 GJ


# --- layout: header row, blank rows, encodings ---------------------------------------------


def test_header_row_2_skips_a_title_row(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        AI Park electricity bills 2021,,,
        start,end,quantity,unit
        2021-01-01,2021-01-31,1000,kWh
        """,
        header_row=2,
    )
    assert frame["quantity"].tolist() == [1000.0]
    assert frame["source_row"].tolist() == [3]


def test_header_row_2_with_a_one_cell_title_row(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        电费账单
        起始日期,截止日期,用电量,单位
        2021-01-01,2021-01-31,1000,度
        """,
        header_row=2,
    )
    assert frame["quantity"].tolist() == [1000.0]
    assert frame["source_row"].tolist() == [3]


def test_header_row_2_in_xlsx_keeps_spreadsheet_row_numbers(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "Sheet1": [
                ["Electricity 2021"],
                ["start", "end", "quantity", "unit"],
                ["2021-01-01", "2021-01-31", 10, "kWh"],
                ["2021-02-01", "2021-02-28", 20, "kWh"],
            ]
        },
    )
    frame = read(path, header_row=2)
    assert frame["quantity"].tolist() == [10.0, 20.0]
    assert frame["source_row"].tolist() == [3, 4]


def test_blank_rows_are_skipped_and_later_rows_keep_their_row_numbers(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,10,kWh
        ,,,

        2021-02-01,2021-02-28,20,kWh
        """,
    )
    assert frame["quantity"].tolist() == [10.0, 20.0]
    assert frame["source_row"].tolist() == [2, 5]


def test_error_after_blank_rows_names_the_spreadsheet_row(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity,unit
            2021-01-01,2021-01-31,10,kWh
            ,,,
            2021-02-01,2021-02-28,oops,kWh
            """,
        )
    assert "power.csv row 4, column 'quantity'" in str(excinfo.value)


def test_blank_rows_in_xlsx_keep_later_row_numbers(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "Sheet1": [
                ["start", "end", "quantity", "unit"],
                ["2021-01-01", "2021-01-31", 10, "kWh"],
                [],
                ["2021-02-01", "2021-02-28", 20, "kWh"],
            ]
        },
    )
    assert read(path)["source_row"].tolist() == [2, 4]


def test_gb18030_csv_with_chinese_headers_is_read(tmp_path):
    path = write_csv(
        tmp_path,
        """\
        起始日期,截止日期,用电量,单位,表号
        2021年1月1日,2021年1月31日,310,度,一号楼
        """,
        encoding="gb18030",
    )
    frame = read(path)
    row = frame.iloc[0]
    assert row["period_start"] == day("2021-01-01")
    assert row["quantity"] == 310.0
    assert row["bill_unit"] == "度"
    assert row["meter"] == "一号楼"


def test_utf8_csv_with_bom_is_read(tmp_path):
    path = write_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,10,kWh
        """,
        encoding="utf-8-sig",
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = read(path)
    assert frame.iloc[0]["period_start"] == day("2021-01-01")
    assert frame.iloc[0]["quantity"] == 10.0


# --- XLSX and empty files ------------------------------------------------------------------


def test_excel_serial_as_text_in_xlsx_is_a_date(tmp_path):
    path = write_xlsx(tmp_path, {"Sheet1": [["start", "end", "quantity", "unit"], ["44197", "44227", 10, "kWh"]]})
    assert read(path).iloc[0]["period_start"] == day("2021-01-01")


def test_named_sheet_is_read(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "Notes": [["This workbook holds the 2021 bills"]],
            "Bills": [["start", "end", "quantity", "unit"], ["2021-01-01", "2021-01-31", 77, "kWh"]],
        },
    )
    frame = read(path, sheet="Bills")
    assert frame["quantity"].tolist() == [77.0]
    assert frame["source_row"].tolist() == [2]


def test_sheet_by_number_from_zero_is_read(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "Notes": [["notes"]],
            "Bills": [["start", "end", "quantity", "unit"], ["2021-01-01", "2021-01-31", 77, "kWh"]],
        },
    )
    assert read(path, sheet=1)["quantity"].tolist() == [77.0]


def test_missing_sheet_is_a_config_error_listing_the_sheets(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "Notes": [["notes"]],
            "Bills": [["start", "end", "quantity", "unit"], ["2021-01-01", "2021-01-31", 77, "kWh"]],
        },
    )
    with pytest.raises(ConfigError) as excinfo:
        read(path, sheet="2021")
    message = str(excinfo.value)
    assert "power.xlsx: no sheet named '2021'" in message
    assert "Sheets in this file: Notes, Bills" in message
    assert excinfo.value.exit_code == 2


@pytest.mark.parametrize("name", ["power.xlsx", "power.csv"])
def test_empty_file_is_input_data_error(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(InputDataError) as excinfo:
        read(path)
    assert f"{name}: the file is empty" in str(excinfo.value)
    assert excinfo.value.exit_code == 3


def test_header_only_csv_gives_no_rows(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        """,
    )
    assert len(frame) == 0
    assert list(frame.columns) == bills.CANONICAL_COLUMNS


# --- estimated flags -----------------------------------------------------------------------


@pytest.mark.parametrize(("yes", "no"), [("是", "否"), ("yes", "no"), ("1", "0"), ("Y", "N"), ("TRUE", "false")])
def test_estimated_flags_are_read(tmp_path, yes, no):
    frame = read_csv(
        tmp_path,
        f"""\
        start,end,quantity,unit,estimated
        2021-01-01,2021-01-31,10,kWh,{yes}
        2021-02-01,2021-02-28,20,kWh,{no}
        2021-03-01,2021-03-31,30,kWh,
        """,
    )
    assert frame["estimated"].tolist() == [True, False, False]


def test_estimated_flags_from_xlsx_numbers_are_read(tmp_path):
    path = write_xlsx(
        tmp_path,
        {
            "Sheet1": [
                ["start", "end", "quantity", "unit", "估算"],
                ["2021-01-01", "2021-01-31", 10, "kWh", 1],
                ["2021-02-01", "2021-02-28", 20, "kWh", 0],
            ]
        },
    )
    assert read(path)["estimated"].tolist() == [True, False]


def test_unknown_estimated_flag_names_the_row(tmp_path):
    with pytest.raises(InputDataError) as excinfo:
        read_csv(
            tmp_path,
            """\
            start,end,quantity,unit,estimated
            2021-01-01,2021-01-31,10,kWh,yes
            2021-02-01,2021-02-28,20,kWh,maybe
            """,
        )
    message = str(excinfo.value)
    assert "power.csv row 3, column 'estimated': 'maybe' is not yes or no" in message
    assert "是/否" in message
    assert excinfo.value.exit_code == 3


def test_no_estimated_column_means_not_estimated(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,10,kWh
        """,
    )
    assert frame["estimated"].tolist() == [False]


def test_issue_5_credit_flags_are_read_from_a_chinese_header(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        起始日期,截止日期,用电量,单位,冲红
        2021-01-01,2021-01-31,100,kWh,否
        2021-01-01,2021-01-31,-40,kWh,是
        """,
    )
    assert frame["credit"].tolist() == [False, True]


def test_issue_5_credit_column_can_be_mapped_and_defaults_to_no(tmp_path):
    text = """\
        start,end,quantity,unit,refund
        2021-01-01,2021-01-31,-5,kWh,yes
        """
    assert read_csv(tmp_path, text, columns={"credit": "refund"})["credit"].tolist() == [True]
    assert read_csv(tmp_path, text)["credit"].tolist() == [False]


# --- meter, provenance ---------------------------------------------------------------------


def test_meter_comes_from_the_meter_column(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit,meter
        2021-01-01,2021-01-31,10,kWh,M-1
        2021-01-01,2021-01-31,20,kWh,M-2
        """,
        meter="main",
    )
    assert frame["meter"].tolist() == ["M-1", "M-2"]


def test_blank_meter_cell_falls_back_to_the_yaml_meter(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit,meter
        2021-01-01,2021-01-31,10,kWh,M-1
        2021-02-01,2021-02-28,20,kWh,
        """,
        meter="main",
    )
    assert frame["meter"].tolist() == ["M-1", "main"]


def test_meter_comes_from_the_yaml_without_a_meter_column(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,10,kWh
        """,
        meter="main",
    )
    assert frame["meter"].tolist() == ["main"]


def test_meter_defaults_to_the_file_stem(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,10,kWh
        2021-02-01,2021-02-28,20,kWh
        """,
    )
    assert frame["meter"].tolist() == ["power", "power"]


def test_source_file_and_row_are_on_every_row(tmp_path):
    path = write_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,10,kWh
        2021-02-01,2021-02-28,20,kWh
        2021-03-01,2021-03-31,30,kWh
        """,
    )
    frame = read(path)
    assert frame["source_file"].tolist() == [str(path)] * 3
    assert frame["source_row"].tolist() == [2, 3, 4]


def test_shown_path_names_the_file_in_rows_and_errors(tmp_path):
    path = write_csv(
        tmp_path,
        """\
        start,end,quantity,unit
        2021-01-01,2021-01-31,ten,kWh
        """,
    )
    source = BillSource(path=path, activity="electricity")
    with pytest.raises(InputDataError) as excinfo:
        bills.read(source, site="s1", activities=factors.activities(), shown_path="bills/power.csv")
    assert str(excinfo.value).startswith("bills/power.csv row 2, column 'quantity'")
