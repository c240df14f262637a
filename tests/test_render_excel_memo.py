"""Memo lines in the workbook (issue 15.3): T&D losses reported in their own block, never in Scope 1 + 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from carbon_cli import calculate
from carbon_cli.render import excel

UK_SITE = Path(__file__).resolve().parent.parent / "sample_data" / "uk-office" / "site.yaml"
# 55,000 kWh of electricity in 2023 x DESNZ 2023 T&D losses per gas: CO2 0.01773 kg/kWh, CH4 and N2O
# published as kg CO2e at AR5 (28, 265), back to masses and weighted with the sample's AR6 (29.8, 273).
TD_LOSSES_T = 55_000 * (0.01773 + 0.0000784 / 28 * 29.8 + 0.000106711409395973 / 265 * 273) / 1000


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("memo") / "uk.xlsx"
    excel.save(calculate([UK_SITE]), path)
    return load_workbook(path)


def test_issue_15_summary_has_a_memo_block_with_the_td_losses(workbook: Workbook) -> None:
    rows = [tuple(row) for row in workbook["Summary"].iter_rows(values_only=True)]
    header = rows.index(("Memo", "t CO2e", *(None,) * (len(rows[0]) - 2)))
    label, value = rows[header + 1][:2]
    assert label == "Scope 3 memo: T&D losses (not in the totals)"
    assert value == pytest.approx(TD_LOSSES_T, rel=1e-12)


def test_issue_15_td_losses_are_not_in_the_scope_1_and_2_totals_of_the_summary(workbook: Workbook) -> None:
    values = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert values["Scope 1 + 2, location-based"] == pytest.approx(
        values["Scope 1 (direct emissions)"] + values["Scope 2, location-based"], rel=1e-12
    )


def test_issue_15_by_activity_shows_the_td_losses_in_a_memo_column(workbook: Workbook) -> None:
    header, *body = [tuple(row) for row in workbook["By activity"].iter_rows(values_only=True)][1:]
    table = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    losses = table["Electricity T&D losses (memo)"]
    assert losses["Scope 3 memo (not in the totals)"] == pytest.approx(TD_LOSSES_T, rel=1e-12)
    assert (losses["Scope 1"], losses["Scope 2 location-based"], losses["Scope 2 market-based"]) == (0, 0, 0)
    assert table["Purchased electricity"]["Scope 3 memo (not in the totals)"] == 0


def test_a_site_without_memo_lines_has_no_memo_block_or_column(tmp_path: Path) -> None:
    path = tmp_path / "ai.xlsx"
    excel.save(calculate([UK_SITE.parent.parent / "ai-park" / "site.yaml"]), path)
    book = load_workbook(path)
    assert "Memo" not in [row[0] for row in book["Summary"].iter_rows(values_only=True)]
    assert not any(
        "memo" in str(cell).lower() for cell in next(book["By activity"].iter_rows(min_row=2, values_only=True))
    )


def test_issue_15_workbook_shows_activity_labels_and_units_as_people_write_them(workbook: Workbook) -> None:
    _header, *body = [tuple(row) for row in workbook["By activity"].iter_rows(values_only=True)][1:]
    # issue 14: the UK sample's upstream (WTT) memo lines are rows of their own
    upstream = [
        "Electricity T&D losses upstream (WTT memo)",
        "Electricity upstream (WTT memo)",
        "Natural gas",
        "Natural gas upstream (WTT memo)",
    ]
    assert [row[0] for row in body] == ["Purchased electricity", "Electricity T&D losses (memo)", *upstream]
    factors = [tuple(row) for row in workbook["Factors used"].iter_rows(min_row=3, values_only=True)]
    assert {row[1] for row in factors} == {"Purchased electricity", "Electricity T&D losses (memo)", *upstream}


def test_issue_15_small_factor_values_are_never_shown_in_scientific_notation(workbook: Workbook) -> None:
    ledger = workbook["Ledger"]
    header = [c.value for c in ledger[2]]
    cell = ledger.cell(row=3, column=header.index("t_per_unit") + 1)
    assert cell.value == pytest.approx(0.20707e-3) or cell.value < 1e-3
    assert "E" not in cell.number_format and cell.number_format != "General"


def test_issue_15_ledger_and_finding_dates_are_dates_not_text_or_datetimes(workbook: Workbook) -> None:
    ledger = workbook["Ledger"]
    header = [c.value for c in ledger[2]]
    cell = ledger.cell(row=3, column=header.index("slice_start") + 1)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"


@pytest.mark.parametrize(
    ("plain", "shown"), [("kg/m**3", "kg/m³"), ("m3", "m³"), ("kWh", "kWh"), ("CO2e", "CO₂e"), ("t/ft3", "t/ft³")]
)
def test_units_are_shown_as_people_write_them(plain: str, shown: str) -> None:
    from carbon_cli.render.labels import unit

    assert unit(plain) == shown


def test_issue_15_by_activity_gives_each_energy_quantity_in_mwh_beside_it(workbook: Workbook) -> None:
    header, *body = [tuple(row) for row in workbook["By activity"].iter_rows(values_only=True)][1:]
    table = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    # 55,000 kWh = 55 MWh; the UK sample's gas, 89,000 kWh gross on its bills, is 320.4 GJ = 89 MWh
    assert table["Purchased electricity"]["Energy (MWh)"] == pytest.approx(55.0, rel=1e-12)
    assert table["Natural gas"]["Energy (MWh)"] == pytest.approx(320.4 / 3.6, rel=1e-12)


def test_issue_15_summary_gives_the_energy_of_scope_1_and_2_not_the_memo_line(workbook: Workbook) -> None:
    values = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True) if row[0]}
    # 55 MWh of electricity + 89 MWh of gas; the T&D losses' 55 MWh is the electricity counted again
    assert values["Energy billed in energy units (MWh)"] == pytest.approx(55.0 + 89.0, rel=1e-12)
