"""The guarded reader of tabular files: a workbook is checked before a spreadsheet engine lays it out."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from carbon_cli.errors import InputDataError
from carbon_cli.spreadsheets import MAX_COLUMNS, MAX_SHEET_CELLS, check_spreadsheet, read_table


def workbook_with(path: Path, cells: dict[str, object], title: str = "电费") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["start", "end", "quantity", "unit"])
    sheet.append(["2021-01-01", "2021-01-31", 100, "kWh"])
    for ref, value in cells.items():
        sheet[ref] = value
    book.save(path)
    return path


def test_issue_16_one_stray_cell_at_the_end_of_the_sheet_is_refused_before_it_is_laid_out(tmp_path: Path) -> None:
    # A 5 KB file: laid out from A1 to XFD1048576 it asks for 17 billion cells (the reader aborted).
    path = workbook_with(tmp_path / "power.xlsx", {"XFD1048576": 1})
    with pytest.raises(InputDataError) as caught:
        check_spreadsheet(path, "power.xlsx")
    assert str(caught.value) == (
        "power.xlsx: sheet '电费' reaches column XFD and row 1,048,576: 1,048,576 rows by 16,384 columns counted "
        "from A1, far more than a bill workbook holds. Delete the stray cells past the table in Excel and save, "
        "or export the bills as CSV"
    )


def test_issue_16_a_far_cell_in_a_site_run_is_one_line_and_exit_3_not_a_crash(tmp_path: Path) -> None:
    workbook_with(tmp_path / "power.xlsx", {"XFD1048576": 1})
    (tmp_path / "site.yaml").write_text(
        "site: {id: s1, region: CN-CQ}\nperiod: {start: 2021-01-01, end: 2021-12-31}\n"
        "bills:\n  - {path: power.xlsx, activity: electricity}\n",
        encoding="utf-8",
    )
    # A separate process: were the guard to miss, the spreadsheet engine would abort the whole process.
    done = subprocess.run(
        [sys.executable, "-m", "carbon_cli", "calc", str(tmp_path / "site.yaml"), "-f", "csv"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr.startswith("Error: ") and "reaches column XFD and row 1,048,576" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("ref", "rows", "columns"), [("AZ1048576", 1_048_576, 52), ("ALL40000", 99_999, 1_000)])
def test_issue_16_a_far_row_or_a_wide_column_counts_alone(tmp_path: Path, ref: str, rows: int, columns: int) -> None:
    # Rows are counted from the sheet's last row (at least 99,999 assumed), columns from its last column.
    path = workbook_with(tmp_path / "power.xlsx", {ref: 1})
    assert rows * columns > MAX_SHEET_CELLS
    with pytest.raises(InputDataError, match=f"{rows:,} rows by {columns:,} columns"):
        check_spreadsheet(path, "power.xlsx")


def test_a_sheet_of_every_excel_row_up_to_column_z_is_read(tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "power.xlsx", {"Z1048576": "note"})
    check_spreadsheet(path, "power.xlsx")  # 1,048,576 rows by 26 columns: 27 million cells


def test_issue_16_a_csv_line_of_200000_columns_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "power.csv"
    path.write_text(",".join(["x"] * 200_000) + "\n" + ",".join(["1"] * 200_000) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputDataError) as caught:
        read_table(path, "power.csv")
    assert time.perf_counter() - started < 10  # pandas alone took minutes de-duplicating the names
    assert str(caught.value) == (
        "power.csv: line 1 holds 200,000 columns, far more than a bill table has. Check the file is a bill "
        f"table saved as CSV (one row per line); at most {MAX_COLUMNS:,} columns are read"
    )


def test_a_csv_of_a_few_dozen_columns_is_read(tmp_path: Path) -> None:
    path = tmp_path / "power.csv"
    path.write_text(",".join(f"c{i}" for i in range(60)) + "\n" + ",".join("1" * 60) + "\n", encoding="utf-8")
    assert read_table(path, "power.csv").shape == (1, 60)


def test_only_the_sheet_read_is_checked_for_its_extent(tmp_path: Path) -> None:
    # The engine lays out the sheet it reads, not the others: a far cell elsewhere does no harm.
    path = workbook_with(tmp_path / "power.xlsx", {})
    book = openpyxl.load_workbook(path)
    book.create_sheet("notes")["XFD1048576"] = "stray"
    book.save(path)
    assert read_table(path, "power.xlsx", sheet="电费").shape == (1, 4)
    with pytest.raises(InputDataError, match="sheet 'notes' reaches column XFD"):
        read_table(path, "power.xlsx", sheet="notes")
    with pytest.raises(InputDataError, match="sheet 'notes' reaches column XFD"):
        check_spreadsheet(path, "power.xlsx")  # no sheet named: every sheet is checked
