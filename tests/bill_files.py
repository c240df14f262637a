"""Tiny bill files written into a test's tmp_path: a CSV from text, a workbook from rows."""

from __future__ import annotations

import textwrap
from pathlib import Path

import openpyxl


def write_csv(tmp_path: Path, text: str, name: str = "power.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding=encoding)
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
