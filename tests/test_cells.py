"""Issue 12: dates, numbers and units in cells, as real exports write them.

The fixtures under tests/data/cells/ are written by scripts/fixtures/cells.py. Every expected
value is worked by hand here from the fixture's cells, never copied from the program's output.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from carbon_cli import factors
from carbon_cli.bills import parse_date_columns, parse_dates, parse_numbers, read
from carbon_cli.cli import app
from carbon_cli.config import BillSource
from carbon_cli.errors import ConfigError, InputDataError

CELLS = Path(__file__).parent / "data" / "cells"
UK_COLUMNS = {"start": "Start Date", "end": "End Date", "quantity": "Consumption (kWh)", "meter": "MPAN"}
US_COLUMNS = {"start": "Service From", "end": "Service To", "quantity": "Usage", "meter": "Account Number"}
#: One hundred cubic feet: 100 x (0.3048 m)^3, the foot being 0.3048 m exactly (1959 agreement).
CCF_M3 = 100 * 0.3048**3


def bills(path: Path, **entry: object) -> pd.DataFrame:
    return read(BillSource(path=path, **entry), site="s", activities=factors.activities())


def dates(*values: object, order: str | None = None) -> list[str]:
    parsed = parse_dates(pd.Series(list(values), dtype=object), "bills.csv", "start", order=order)
    return [f"{day:%Y-%m-%d}" for day in parsed]


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, yaml: str, files: dict[str, str]) -> tuple[int, str]:
    (tmp_path / "site.yaml").write_text(yaml, encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["calc", "site.yaml", "-q"], env={"COLUMNS": "1000", "NO_COLOR": "1"})
    return result.exit_code, result.stderr.strip()


HEAD = "site: {id: s, name: Test, region: CN-CQ}\nperiod: {start: 2021-01-01, end: 2021-12-31}\n"


# --- dates: one order per file, settled from all its values ---------------------------------


def test_issue_12_day_first_file_is_settled_by_a_day_over_12() -> None:
    # 31/01/2021 can only be day first, so 01/02/2021 in the same file is 1 February.
    frame = bills(CELLS / "uk_electricity_dayfirst.csv", activity="electricity", unit="kWh", columns=UK_COLUMNS)
    assert [f"{d:%Y-%m-%d}" for d in frame["period_start"]] == [
        "2021-01-01",
        "2021-02-01",
        "2021-03-01",
        "2021-03-01",
        "2021-04-01",
    ]
    assert [f"{d:%Y-%m-%d}" for d in frame["period_end"]] == [
        "2021-01-31",
        "2021-02-28",
        "2021-03-31",
        "2021-03-31",
        "2021-04-30",
    ]


def test_issue_12_month_first_file_with_two_digit_years_is_settled_by_a_day_over_12() -> None:
    # Only 05/17/21 settles it; every other date of the file reads both ways.
    frame = bills(CELLS / "us_gas_monthfirst.csv", activity="natural_gas", columns=US_COLUMNS)
    starts = [f"{d:%Y-%m-%d}" for d in frame["period_start"]]
    ends = [f"{d:%Y-%m-%d}" for d in frame["period_end"]]
    assert starts == ["2021-01-05", "2021-02-04", "2021-03-06", "2021-04-06"]
    assert ends == ["2021-02-03", "2021-03-05", "2021-04-05", "2021-05-17"]


def test_issue_12_ambiguous_date_column_is_refused_with_two_values_and_the_key() -> None:
    with pytest.raises(InputDataError) as excinfo:
        bills(CELLS / "ambiguous_dates.csv", activity="electricity")
    message = str(excinfo.value)
    assert "ambiguous_dates.csv column 'start'" in message
    assert "'01/02/2021', '02/03/2021' read both day first and month first" in message
    assert "dates: dayfirst reads '01/02/2021' as 2021-02-01, dates: monthfirst as 2021-01-02" in message


@pytest.mark.parametrize(
    ("order", "starts"),
    [("dayfirst", ["2021-02-01", "2021-03-02"]), ("monthfirst", ["2021-01-02", "2021-02-03"])],
)
def test_issue_12_dates_key_settles_an_ambiguous_file(order: str, starts: list[str]) -> None:
    frame = bills(CELLS / "ambiguous_dates.csv", activity="electricity", dates=order)
    assert [f"{d:%Y-%m-%d}" for d in frame["period_start"]] == starts


def test_issue_12_day_first_and_month_first_in_one_file_is_refused_naming_two_rows() -> None:
    with pytest.raises(InputDataError) as excinfo:
        dates("15/12/2021", "03/04/2021", "12/15/2021")
    assert str(excinfo.value) == (
        "bills.csv row 0, column 'start': '15/12/2021' is day first, but row 2 holds '12/15/2021', which is "
        "month first. A file writes its dates one way: correct the date that is wrong"
    )


def test_issue_12_evidence_in_the_end_column_settles_the_start_column() -> None:
    # start alone reads both ways; 13/01 in end settles the file as day first.
    parsed = parse_date_columns({"start": pd.Series(["02/01/2021"]), "end": pd.Series(["13/01/2021"])}, "bills.csv")
    assert f"{parsed['start'][0]:%Y-%m-%d}" == "2021-01-02"
    assert f"{parsed['end'][0]:%Y-%m-%d}" == "2021-01-13"


def test_issue_12_a_date_that_reads_the_same_both_ways_needs_no_order() -> None:
    assert dates("05/05/2021", "12/12/2021") == ["2021-05-05", "2021-12-12"]


def test_issue_12_a_date_against_the_declared_order_is_refused() -> None:
    with pytest.raises(InputDataError) as excinfo:
        dates("12/15/2021", order="dayfirst")
    assert "cannot read date '12/15/2021'" in str(excinfo.value)
    assert "this bill says dates: dayfirst" in str(excinfo.value)


@pytest.mark.parametrize(
    "written",
    [
        "15-Dec-2021",
        "15 December 2021",
        "15-Dec-21",
        "Dec 15, 2021",
        "December 15th 2021",
        "2021年12月15日",
        "２０２１年１２月１５日",
        "20211215",
        "2021.12.15",
        "2021/12/15",
        "2021-12-15T08:30:00Z",
        "2021-12-15T23:30:00-05:00",
        "2021-12-15 08:30",
        "15/12/2021 00:00:00",
        "12/15/2021 11:59 PM",
        "44545",
        44545,
        44545.0,
        20211215,
    ],
)
def test_issue_12_every_common_form_of_15_december_2021_is_read(written: object) -> None:
    # Excel 1900 system: day 1 is 1900-01-01 and day 60 the fictitious 1900-02-29, so from March
    # 1900 a serial counts days since 1899-12-30: 2021-12-15 is 44545 days after it.
    assert (pd.Timestamp("2021-12-15") - pd.Timestamp("1899-12-30")).days == 44545
    assert dates(written) == ["2021-12-15"]


@pytest.mark.parametrize("serial", [44545.75, 44545.5, 44545.0, 44544.99999999999])
def test_issue_12_excel_serial_with_a_time_is_the_day_of_its_whole_part(serial: float) -> None:
    # 44545 is 2021-12-15; .75 of a day is 18:00 the same day, which rounding read as the 16th.
    assert dates(serial) == ["2021-12-15"]


@pytest.mark.parametrize(("written", "year"), [("15/12/68", "2068"), ("15/12/69", "1969"), ("15/12/21", "2021")])
def test_issue_12_two_digit_years_pivot_at_69_as_posix_strptime(written: str, year: str) -> None:
    assert dates(written) == [f"{year}-12-15"]


def test_issue_12_iso_dates_keep_their_fast_path() -> None:
    # Real date cells and ISO text are not rewritten (no day/month settling on them).
    values = pd.Series(pd.to_datetime(["2021-01-01", "2021-02-01"]))
    assert list(parse_dates(values, "b.csv", "start").astype(str)) == ["2021-01-01", "2021-02-01"]
    assert dates("2021-01-02", "2021-02-03") == ["2021-01-02", "2021-02-03"]


def test_issue_12_chinese_sheet_dates_numbers_and_units() -> None:
    frame = bills(CELLS / "cn_electricity.xlsx", activity="electricity")
    # 起始日期: serial 44197 (= 2021-01-01), 2021年2月1日 in full-width digits, 20210301 as a number,
    # a real date cell; 截止日期: 2021年1月31日, full width, 20210331, 2021.04.30.
    assert [f"{d:%Y-%m-%d}" for d in frame["period_start"]] == ["2021-01-01", "2021-02-01", "2021-03-01", "2021-04-01"]
    assert [f"{d:%Y-%m-%d}" for d in frame["period_end"]] == ["2021-01-31", "2021-02-28", "2021-03-31", "2021-04-30"]
    # 用电量: 352度, １２８０度 (full width), 1096.5千瓦·时, 987 kW·h: all kWh (度 = 千瓦时 = kWh).
    assert list(frame["bill_quantity"]) == [352.0, 1280.0, 1096.5, 987.0]
    assert list(frame["bill_unit"].astype(str)) == ["度", "度", "千瓦·时", "kW·h"]
    assert list(frame["unit"].astype(str)) == ["kWh"] * 4
    assert frame["quantity"].sum() == 352 + 1280 + 1096.5 + 987  # 3715.5 kWh
    # 金额 "-" is an empty cell, not an error.
    assert frame["cost"].isna().tolist() == [False, False, True, False]


# --- numbers and units in cells -------------------------------------------------------------


def test_issue_12_uk_file_thousands_pounds_and_accounting_negative() -> None:
    frame = bills(
        CELLS / "uk_electricity_dayfirst.csv",
        activity="electricity",
        unit="kWh",
        columns={**UK_COLUMNS, "cost": "Charges"},
    )
    assert list(frame["quantity"]) == [1204.5, 1118.0, 1032.25, -25.0, 967.75]
    assert frame["quantity"].sum() == pytest.approx(1204.5 + 1118 + 1032.25 - 25 + 967.75)  # 4297.5 kWh
    assert list(frame["cost"]) == [189.32, 176.10, 163.40, -3.96, 151.88]


def test_issue_12_us_gas_units_in_cells_become_the_rows_unit() -> None:
    frame = bills(CELLS / "us_gas_monthfirst.csv", activity="natural_gas", columns={**US_COLUMNS, "cost": "Amount Due"})
    assert list(frame["bill_unit"].astype(str)) == ["CCF"] * 4
    assert list(frame["bill_quantity"]) == [86.0, 94.0, 71.0, 52.0]
    # 86 + 94 + 71 + 52 = 303 CCF = 303 x 100 ft3 x 0.028316846592 m3/ft3 = 858.0004517376 m3.
    assert frame["quantity"].sum() == pytest.approx(303 * CCF_M3, rel=1e-12)
    assert frame["quantity"].sum() == pytest.approx(858.0004517376, rel=1e-12)
    assert frame["cost"].isna().tolist() == [False, False, True, False]  # "—" is empty


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("1 234,5", 1234.5),  # space between thousands, decimal comma
        ("1\u00a0234,5", 1234.5),  # no-break space
        ("1\u2009234,5", 1234.5),  # thin space
        ("１２３", 123.0),  # full-width digits
        ("(123)", -123.0),
        ("(1.234,5)", -1234.5),
        ("-", None),
        ("—", None),
        ("–", None),
    ],
)
def test_issue_12_number_forms_in_cells(cell: str, number: float | None) -> None:
    parsed = parse_numbers(pd.Series([cell], dtype=object), "b.csv", "cost", required=False)
    assert parsed.isna()[0] if number is None else parsed[0] == number


def test_issue_12_dash_alone_is_an_empty_quantity_not_a_number_error() -> None:
    with pytest.raises(InputDataError) as excinfo:
        parse_numbers(pd.Series(["—"], dtype=object), "b.csv", "quantity")
    assert str(excinfo.value) == "b.csv row 0, column 'quantity': is empty ('—' alone). Fill in the bill's amount"


def test_issue_12_cell_unit_that_differs_from_the_column_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bills.csv"
    path.write_text("start,end,quantity,unit\n2021-01-01,2021-01-31,12 MWh,kWh\n", encoding="utf-8")
    with pytest.raises(InputDataError) as excinfo:
        bills(path, activity="electricity")
    assert str(excinfo.value) == (
        f"{path} row 2, column 'quantity': '12 MWh' is in 'MWh', but its unit column says 'kWh'. Correct the "
        "cell or the unit: a quantity's unit must agree with its column's or the bill's"
    )


def test_issue_12_cell_unit_that_differs_from_the_bills_unit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bills.csv"
    path.write_text("start,end,quantity\n2021-01-01,2021-01-31,1500 m³\n", encoding="utf-8")
    with pytest.raises(InputDataError) as excinfo:
        bills(path, activity="natural_gas", unit="ccf")
    assert "row 2, column 'quantity': '1500 m³' is in 'm3', but the bill's unit: is 'ccf'" in str(excinfo.value)


def test_issue_12_cell_unit_that_names_the_declared_unit_another_way_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bills.csv"
    path.write_text("start,end,quantity,unit\n2021-01-01,2021-01-31,352度,kWh\n", encoding="utf-8")
    frame = bills(path, activity="electricity")
    assert list(frame["quantity"]) == [352.0]


def test_issue_12_unknown_unit_in_a_cell_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "bills.csv"
    path.write_text("start,end,quantity\n2021-01-01,2021-01-31,12 kWx\n", encoding="utf-8")
    with pytest.raises(InputDataError) as excinfo:
        bills(path, activity="electricity", unit="kWh")
    assert "row 2, column 'quantity': '12 kWx' names the unit 'kWx', which carbon does not know" in str(excinfo.value)


def test_issue_12_file_without_any_unit_is_still_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "bills.csv"
    path.write_text("start,end,quantity\n2021-01-01,2021-01-31,12 kWh\n2021-02-01,2021-02-28,13\n", encoding="utf-8")
    with pytest.raises(ConfigError) as excinfo:
        bills(path, activity="electricity")
    assert "no unit column and no default unit" in str(excinfo.value)


# --- through the command line ---------------------------------------------------------------


def test_issue_12_ambiguous_dates_exit_3_and_dates_key_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (CELLS / "ambiguous_dates.csv").read_text(encoding="utf-8")
    code, message = run(
        tmp_path, monkeypatch, HEAD + "bills:\n  - {path: b.csv, activity: electricity}\n", {"b.csv": text}
    )
    assert code == 3
    assert message.startswith("Error: b.csv column 'start': '01/02/2021', '02/03/2021' read both")
    yaml = HEAD + "bills:\n  - {path: b.csv, activity: electricity, dates: dayfirst}\n"
    code, message = run(tmp_path, monkeypatch, yaml, {"b.csv": text})
    assert (code, message) == (0, "")


def test_issue_12_yaml_number_that_reads_two_ways_is_refused_with_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bill = "start,end,quantity,unit\n2021-01-01,2021-01-31,1000,kWh\n"
    yaml = HEAD + "bills:\n  - {path: b.csv, activity: natural_gas}\nconversions:\n  natural_gas: {ncv: 38.120 MJ/m3}\n"
    code, message = run(tmp_path, monkeypatch, yaml, {"b.csv": bill})
    assert code == 2
    assert message == (
        "Error: site.yaml: conversions.natural_gas.ncv: '38.120' reads two ways, 38.12 or 38120 in '38.120 MJ'. "
        "Write 38.12 or 38120, whichever is meant (a decimal point, no thousands separator)"
    )
