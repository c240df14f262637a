"""Write the binary fixtures under tests/data/ that the test suite cannot easily make itself.

Needs (not project dependencies): pip install openpyxl xlwt msoffcrypto-tool
Run: python scripts/make_test_fixtures.py
"""

import datetime as dt
import io
from pathlib import Path

import msoffcrypto.format.ooxml
import openpyxl
import xlwt

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
ROWS = [("start", "end", "quantity", "unit"), (dt.date(2021, 1, 1), dt.date(2021, 1, 31), 1000, "kWh")]


def legacy_xls() -> None:
    """An Excel 97-2003 .xls file with one bill (1000 kWh in January 2021)."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("bills")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value, dates) if isinstance(value, dt.date) else sheet.write(r, c, value)
    book.save(str(DATA / "bills_legacy.xls"))


def password_protected_xlsx() -> None:
    """The same bill in an .xlsx encrypted with the password 'secret'."""
    plain = io.BytesIO()
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    book.save(plain)
    plain.seek(0)
    with (DATA / "bills_password.xlsx").open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("secret", out)


if __name__ == "__main__":
    DATA.mkdir(parents=True, exist_ok=True)
    legacy_xls()
    password_protected_xlsx()
