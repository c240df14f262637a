"""The printed workbook (issue 15): titles, page numbers, repeated headers, one page wide."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from carbon_cli import calculate
from carbon_cli.render import excel

SITE = Path(__file__).resolve().parent.parent / "sample_data" / "ai-park" / "site.yaml"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("print") / "report.xlsx"
    excel.save(calculate([SITE]), path)
    return load_workbook(path)


def test_every_sheet_prints_the_report_title_above_and_page_x_of_y_below(workbook: Workbook) -> None:
    for ws in workbook.worksheets:
        assert ws.oddHeader.center.text == "Carbon inventory · AI PARK, Chongqing", ws.title
        assert ws.oddFooter.center.text == "Page &P of &N", ws.title
        assert ws.oddFooter.left.text.startswith("carbon · generated "), ws.title


def test_table_sheets_repeat_their_caption_and_header_rows_on_every_page(workbook: Workbook) -> None:
    for ws in workbook.worksheets[1:]:
        assert ws.print_title_rows == "$1:$2", ws.title


def test_every_sheet_prints_landscape_one_page_wide_the_ledger_too(workbook: Workbook) -> None:
    summary, *tables = workbook.worksheets
    assert summary.page_setup.orientation == "landscape"
    assert summary.page_setup.scale == 66  # page 1: headline figures, charts and largest sources
    for ws in tables:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title


def test_workbook_properties_carry_the_title_and_carbon_as_creator(workbook: Workbook) -> None:
    assert workbook.properties.title == "Carbon inventory · AI PARK, Chongqing"
    assert workbook.properties.creator == "carbon"


def test_an_ampersand_in_a_site_name_prints_as_itself(tmp_path: Path) -> None:
    from openpyxl import Workbook as NewBook

    from carbon_cli.render.excel.cells import set_print

    ws = NewBook().active
    set_print(ws, "Carbon inventory · Smith & Sons", "2026-01-01")
    assert ws.oddHeader.center.text == "Carbon inventory · Smith && Sons"


def test_issue_15_progress_is_reported_while_the_workbook_is_written(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    inventory = calculate([SITE])
    excel.save(inventory, tmp_path / "r.xlsx", progress=lambda what, done, total: calls.append((what, done, total)))
    total = len(inventory.ledger) + 7  # every ledger row, and one step per other sheet and the save
    assert calls[0] == ("Writing the report", 0, total)
    assert calls[-1] == ("Writing the report", total, total)
    assert [done for _, done, _ in calls] == sorted(done for _, done, _ in calls)


def test_issue_15_summary_has_a_per_gas_table(workbook: Workbook) -> None:
    rows = {row[0]: row[1:3] for row in workbook["Summary"].iter_rows(values_only=True) if row[0]}
    assert rows["By gas, Scope 1 + 2 location-based"] == ("t of the gas", "t CO2e")
    # README's hand calculation: gas 2,791.343 kg CO2 + electricity 3,758.311 kWh x 0.4743 kg = 1,782.567 kg
    assert rows["CO₂"][0] == pytest.approx((2791.343 + 3758.311 * 0.4743) / 1000, abs=1e-6)
    assert rows["CO₂"][1] == rows["CO₂"][0]
    # CH4 counts at its GWP: t CO2e = t CH4 x 29.8 (AR6)
    assert rows["CH₄"][1] == pytest.approx(rows["CH₄"][0] * 29.8, rel=1e-9)


def test_issue_15_an_instrument_is_named_by_its_type_and_own_id_not_its_yaml_index(workbook: Workbook) -> None:
    factors = [row[0] for row in workbook["Factors used"].iter_rows(min_row=3, values_only=True)]
    assert "green_certificate GEC-2021-CQ-000123" in factors  # sample_data/ai-park/site.yaml instruments[0]
    assert not any(str(name).startswith("site:") for name in factors)
    summary = " ".join(str(row[1]) for row in workbook["Summary"].iter_rows(values_only=True) if row[1])
    assert "green_certificate GEC-2021-CQ-000123 (CN-CQ, 2021)" in summary
