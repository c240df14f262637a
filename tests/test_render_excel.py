"""The Excel report: what a manager reads on the Summary and what an auditor traces in the Ledger.

Sites are tiny and the numbers checkable by hand: Chongqing electricity at 0.4743 kg CO2/kWh
(location-based, MEE/NBS 2021) and 0.5942 kg CO2/kWh (market-based, China's national factor
excluding market-traded non-fossil power, used when no certificate covers the consumption).
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from carbon_cli import ConfigError, Inventory, calculate
from carbon_cli.quality import FINDING_COLUMNS
from carbon_cli.render import excel, json_out

POWER = "start,end,quantity,unit\n2021-01-01,2021-01-31,1000,kWh\n2021-02-01,2021-02-28,500,kWh\n"
BILLS = "bills:\n  - {path: power.csv, activity: electricity}\n"
GAS = "bills:\n  - {path: gas.csv, activity: natural_gas, unit: m3}\n"


def report(inventory: Inventory, path: Path, **options: Any) -> Workbook:
    excel.save(inventory, path, **options)
    return load_workbook(path)


def rows(ws: Worksheet) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def table(ws: Worksheet) -> list[dict[str, Any]]:
    """A table sheet (caption in row 1, header in row 2) as dicts."""
    header, *body = rows(ws)[1:]
    return [dict(zip(header, row, strict=True)) for row in body]


def summary_value(wb: Workbook, label: str, column: int = 2) -> Any:
    return next(row[column - 1] for row in rows(wb["Summary"]) if row[0] == label)


def ledger_sum(wb: Workbook, scope: str) -> float:
    return sum(row["t_co2e"] for row in table(wb["Ledger"]) if row["scope"] == scope)


@pytest.fixture
def one_site(electricity_site: Path) -> Inventory:
    return calculate([electricity_site])


@pytest.fixture
def two_sites(make_site: Callable[..., Path]) -> Inventory:
    """Site a: 1000 kWh in January; site b: 1000 kWh and 100 m3 of natural gas in March."""
    first = make_site(
        BILLS,
        bills={"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,1000,kWh\n"},
        site_id="a",
        name="a.yaml",
    )
    second = make_site(
        BILLS + "  - {path: gas.csv, activity: natural_gas, unit: m3}\n",
        bills={
            "power.csv": "start,end,quantity,unit\n2021-03-01,2021-03-31,1000,kWh\n",
            "gas.csv": "start,end,quantity\n2021-03-01,2021-03-31,100\n",
        },
        site_id="b",
        name="b.yaml",
    )
    return calculate([first, second])


def test_every_sheet_exists_in_reading_order(one_site: Inventory, tmp_path: Path) -> None:
    wb = report(one_site, tmp_path / "report.xlsx")
    assert wb.sheetnames == ["Summary", "By month", "By site", "By activity", "Ledger", "Factors used", "Data quality"]


def test_summary_totals_are_the_sums_of_the_ledger(one_site: Inventory, tmp_path: Path) -> None:
    wb = report(one_site, tmp_path / "report.xlsx")
    assert summary_value(wb, "Scope 2, location-based") == pytest.approx(ledger_sum(wb, "scope2_location"), abs=1e-12)
    assert summary_value(wb, "Scope 2, market-based") == pytest.approx(ledger_sum(wb, "scope2_market"), abs=1e-12)
    assert summary_value(wb, "Scope 1 (direct emissions)") == 0
    # by hand: 1500 kWh x 0.4743 kg/kWh = 0.71145 t; 1500 kWh x 0.5942 kg/kWh = 0.8913 t
    assert summary_value(wb, "Scope 2, location-based") == pytest.approx(0.71145, abs=1e-12)
    assert summary_value(wb, "Scope 2, market-based") == pytest.approx(0.8913, abs=1e-12)


def test_summary_totals_equal_the_json_output(two_sites: Inventory, tmp_path: Path) -> None:
    wb = report(two_sites, tmp_path / "report.xlsx")
    totals = json.loads(json_out.render(two_sites))["totals"]
    assert summary_value(wb, "Scope 1 (direct emissions)") == pytest.approx(totals["scope1"], abs=1e-12)
    assert summary_value(wb, "Scope 2, location-based") == pytest.approx(totals["scope2_location"], abs=1e-12)
    assert summary_value(wb, "Scope 2, market-based") == pytest.approx(totals["scope2_market"], abs=1e-12)
    assert summary_value(wb, "Scope 1 + 2, location-based") == pytest.approx(
        totals["scope1"] + totals["scope2_location"], abs=1e-12
    )


def test_summary_names_the_site_period_and_gwp(one_site: Inventory, tmp_path: Path) -> None:
    text = " ".join(str(v) for row in rows(report(one_site, tmp_path / "r.xlsx")["Summary"]) for v in row if v)
    assert "Test site" in text
    assert "Reporting period 2021-01-01 to 2021-12-31" in text
    assert "GWP AR6 (100-year)" in text


def test_summary_lists_every_notice_in_words(one_site: Inventory, tmp_path: Path) -> None:
    column_b = [row[1] for row in rows(report(one_site, tmp_path / "r.xlsx")["Summary"])]
    assert one_site.notices
    for notice in one_site.notices:
        assert notice.message in column_b


def test_summary_names_the_factors_and_gwp_values(two_sites: Inventory, tmp_path: Path) -> None:
    summary = rows(report(two_sites, tmp_path / "r.xlsx")["Summary"])
    lines = {row[0]: row[1] for row in summary if row[0]}
    assert lines["Purchased electricity · CO₂"].startswith("cn-mee-nbs-2021-elec-cn")
    assert lines["GWP AR6 (100-year)"].startswith("CH4 29.8, N2O 273. IPCC, Climate Change 2021")


def test_intensity_per_square_metre_and_per_person(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(BILLS, bills={"power.csv": POWER})
    site.write_text(
        site.read_text(encoding="utf-8").replace("region: CN-CQ}", "region: CN-CQ, floor_area_m2: 100, headcount: 3}"),
        encoding="utf-8",
    )
    wb = report(calculate([site]), tmp_path / "r.xlsx")
    # 711.45 kg / 100 m2 = 7.1145 kg/m2; 0.71145 t / 3 people = 0.23715 t/person (location-based)
    assert summary_value(wb, "kg CO2e per m² (100 m²)") == pytest.approx(7.1145)
    assert summary_value(wb, "kg CO2e per m² (100 m²)", 3) == pytest.approx(8.913)
    assert summary_value(wb, "t CO2e per person (3 people)") == pytest.approx(0.23715)


def test_no_intensity_without_a_denominator(one_site: Inventory, tmp_path: Path) -> None:
    labels = [row[0] for row in rows(report(one_site, tmp_path / "r.xlsx")["Summary"])]
    assert "Intensity (Scope 1 + 2)" not in labels


def test_year_over_year_change_between_whole_years(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(
        GAS,
        end="2022-12-31",
        bills={"gas.csv": "start,end,quantity\n2021-01-01,2021-01-31,1000\n2022-01-01,2022-01-31,800\n"},
    )
    wb = report(calculate([site]), tmp_path / "r.xlsx")
    year_2022 = next(row for row in rows(wb["Summary"]) if row[0] == "2022")
    # 800 m3 against 1000 m3 with the same factors (GB/T 32150-2015, IPCC 2006): -20 % in both views
    assert year_2022[5] == pytest.approx(-0.2)
    assert year_2022[7] == pytest.approx(-0.2)
    assert (
        wb["Summary"].cell(row=[r[0] for r in rows(wb["Summary"])].index("2022") + 1, column=6).number_format
        == excel.CHANGE
    )


def test_no_change_against_a_part_year(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(
        GAS,
        start="2021-07-01",
        end="2022-12-31",
        bills={"gas.csv": "start,end,quantity\n2021-07-01,2021-07-31,1000\n2022-01-01,2022-01-31,800\n"},
    )
    summary = rows(report(calculate([site]), tmp_path / "r.xlsx")["Summary"])
    assert next(row for row in summary if row[0] == "2021 (part year, 184 days)")
    assert next(row for row in summary if row[0] == "2022")[5] is None


def test_one_year_has_no_year_over_year_table(one_site: Inventory, tmp_path: Path) -> None:
    labels = [row[0] for row in rows(report(one_site, tmp_path / "r.xlsx")["Summary"])]
    assert "Year" not in labels


def test_month_chart_stacks_scope1_and_scope2_location_with_a_market_line(one_site: Inventory, tmp_path: Path) -> None:
    wb = report(one_site, tmp_path / "r.xlsx")
    bars, line = wb["Summary"]._charts[0]._charts
    assert (bars.tagname, bars.grouping) == ("barChart", "stacked")
    assert [s.tx.strRef.f for s in bars.series] == ["'By month'!B2", "'By month'!C2"]
    assert [s.val.numRef.f for s in bars.series] == ["'By month'!$B$3:$B$4", "'By month'!$C$3:$C$4"]
    assert bars.series[0].cat.numRef.f == "'By month'!$A$3:$A$4"
    assert line.tagname == "lineChart"
    assert [s.val.numRef.f for s in line.series] == ["'By month'!$F$3:$F$4"]
    header = rows(wb["By month"])[1]
    assert (header[1], header[2], header[5]) == ("Scope 1", "Scope 2 location-based", "Scope 1 + 2 market-based")


def test_activity_chart_has_one_series_per_scope_view(two_sites: Inventory, tmp_path: Path) -> None:
    wb = report(two_sites, tmp_path / "r.xlsx")
    chart = wb["Summary"]._charts[1]
    assert (chart.tagname, chart.grouping) == ("barChart", "clustered")
    assert [s.val.numRef.f for s in chart.series] == [
        "'By activity'!$E$3:$E$4",
        "'By activity'!$F$3:$F$4",
        "'By activity'!$G$3:$G$4",
    ]
    assert [row[0] for row in rows(wb["By activity"])[2:]] == ["Purchased electricity", "Natural gas"]


def test_site_chart_only_when_there_are_several_sites(
    one_site: Inventory, two_sites: Inventory, tmp_path: Path
) -> None:
    assert len(report(one_site, tmp_path / "one.xlsx")["Summary"]._charts) == 2
    wb = report(two_sites, tmp_path / "two.xlsx")
    chart = wb["Summary"]._charts[2]
    assert [s.val.numRef.f for s in chart.series] == ["'By site'!$F$3:$F$4", "'By site'!$G$3:$G$4"]
    assert chart.grouping == "stacked"


def test_issue_15_site_chart_labels_every_site_by_name(two_sites: Inventory, tmp_path: Path) -> None:
    chart = report(two_sites, tmp_path / "two.xlsx")["Summary"]._charts[2]
    assert {s.cat.strRef.f if s.cat.strRef else s.cat.numRef.f for s in chart.series} == {"'By site'!$B$3:$B$4"}
    assert chart.x_axis.tickLblSkip == 1


def test_by_site_lists_the_largest_first(two_sites: Inventory, tmp_path: Path) -> None:
    sites = table(report(two_sites, tmp_path / "r.xlsx")["By site"])
    assert [row["Site"] for row in sites] == ["b", "a"]
    # b: 1000 kWh x 0.4743 kg + gas; a: 0.4743 t
    assert sites[1]["Scope 2 location-based"] == pytest.approx(0.4743)


def test_formula_like_site_name_is_stored_as_text(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(BILLS, site_id="'=1+1'", bills={"power.csv": POWER})
    site.write_text(
        site.read_text(encoding="utf-8").replace("name: Test site", "name: '=HYPERLINK(\"x\")'"), encoding="utf-8"
    )
    report(calculate([site]), tmp_path / "r.xlsx")
    wb = load_workbook(tmp_path / "r.xlsx")
    ledger_cell = wb["Ledger"]["A3"]
    assert (ledger_cell.value, ledger_cell.data_type) == ("=1+1", "s")
    by_site = wb["By site"]
    assert [(c.value, c.data_type) for c in by_site[3][:2]] == [("=1+1", "s"), ('=HYPERLINK("x")', "s")]
    title = wb["Summary"]["A1"]
    assert (title.value, title.data_type) == ('Carbon inventory · =HYPERLINK("x")', "s")


def test_error_like_meter_name_is_stored_as_text(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(
        "bills:\n  - {path: power.csv, activity: electricity, meter: '#N/A'}\n", bills={"power.csv": POWER}
    )
    wb = report(calculate([site]), tmp_path / "r.xlsx")
    meter = wb["Ledger"]["C3"]
    assert (rows(wb["Ledger"])[1][2], meter.value, meter.data_type) == ("meter", "#N/A", "s")


def test_table_sheets_have_a_frozen_header_and_an_autofilter(one_site: Inventory, tmp_path: Path) -> None:
    wb = report(one_site, tmp_path / "r.xlsx")
    for name, last in [
        ("By month", "F4"),
        ("By site", "N3"),
        ("By activity", "I3"),  # energy in MWh, then the quantity as billed and its unit (issue 15)
        ("Ledger", "AF6"),  # the ledger gained purchase (issue 12)
        ("Factors used", "H4"),
    ]:
        assert (wb[name].freeze_panes, wb[name].auto_filter.ref) == ("A3", f"A2:{last}"), name


def test_t_co2e_shows_three_decimals_with_thousands_separators(one_site: Inventory, tmp_path: Path) -> None:
    wb = report(one_site, tmp_path / "r.xlsx")
    assert wb["By month"]["C3"].number_format == "#,##0.000"
    assert wb["By site"]["F3"].number_format == "#,##0.000"
    assert wb["By activity"]["B3"].number_format == "#,##0.0"


def test_column_widths_fit_the_longest_value_up_to_a_limit(one_site: Inventory, tmp_path: Path) -> None:
    ledger = report(one_site, tmp_path / "r.xlsx")["Ledger"]
    assert rows(ledger)[1][3] == "activity"
    assert ledger.column_dimensions["D"].width == len("electricity") + 2
    assert rows(ledger)[1][-1] == "citation"
    assert ledger.column_dimensions["AF"].width == 60


def test_ledger_has_one_row_per_bill_slice_view_and_gas(one_site: Inventory, tmp_path: Path) -> None:
    ledger = table(report(one_site, tmp_path / "r.xlsx")["Ledger"])
    assert [(r["month"], r["scope"], r["method"], r["gas"]) for r in ledger] == [
        ("2021-01", "scope2_location", "location", "CO2"),
        ("2021-02", "scope2_location", "location", "CO2"),
        ("2021-01", "scope2_market", "market", "CO2"),
        ("2021-02", "scope2_market", "market", "CO2"),
    ]
    first = ledger[0]
    assert first["source_file"].endswith("power.csv")
    assert (first["source_row"], first["quantity"], first["unit"]) == (2, 1000, "kWh")
    assert (first["factor_id"], first["factor_value"]) == ("cn-mee-nbs-2021-elec-cn-cq-co2", 0.4743)
    assert first["citation"].startswith("Ministry of Ecology and Environment (MEE)")
    assert first["t_co2e"] == pytest.approx(0.4743)


def test_every_table_sums_to_the_ledger(two_sites: Inventory, tmp_path: Path) -> None:
    wb = report(two_sites, tmp_path / "r.xlsx")
    for name in ("By month", "By site", "By activity"):
        for column in ("Scope 1", "Scope 2 location-based", "Scope 2 market-based"):
            total = sum(row[column] for row in table(wb[name]))
            scope = {
                "Scope 1": "scope1",
                "Scope 2 location-based": "scope2_location",
                "Scope 2 market-based": "scope2_market",
            }[column]
            assert total == pytest.approx(ledger_sum(wb, scope), abs=1e-12), (name, column)


def test_ledger_sheet_is_capped_and_points_to_the_full_ledger(one_site: Inventory, tmp_path: Path) -> None:
    wb = report(one_site, tmp_path / "r.xlsx", ledger=tmp_path / "all.csv", ledger_rows=1)
    assert len(table(wb["Ledger"])) == 1
    assert "rows 1 to 1 of 4; the full ledger is in all.csv" in wb["Ledger"]["A1"].value
    with (tmp_path / "all.csv").open(encoding="utf-8") as handle:
        full = list(csv.DictReader(handle))
    assert len(full) == 4
    assert sum(float(r["t_co2e"]) for r in full if r["scope"] == "scope2_location") == pytest.approx(0.71145)


def test_issue_15_a_capped_ledger_sheet_writes_no_file_nobody_asked_for(one_site: Inventory, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    wb = report(one_site, tmp_path / "out" / "r.xlsx", ledger_rows=1)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["r.xlsx"]
    assert "rows 1 to 1 of 4 only: for every row, run again with --ledger FILE" in wb["Ledger"]["A1"].value


def test_a_failed_workbook_leaves_no_ledger_file_either(
    one_site: Inventory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(excel, "write", broken)
    before = set(tmp_path.iterdir())
    with pytest.raises(RuntimeError):
        excel.save(one_site, tmp_path / "r.xlsx", ledger=tmp_path / "ledger.csv")
    assert set(tmp_path.iterdir()) == before


def test_factors_used_sheet_gives_every_full_citation(one_site: Inventory, tmp_path: Path) -> None:
    factors = table(report(one_site, tmp_path / "r.xlsx")["Factors used"])
    expected = one_site.factors_used()
    assert [f["Factor id"] for f in factors] == list(expected["factor_id"])
    assert [f["Citation"] for f in factors] == list(expected["citation"])


def test_data_quality_sheet_renders_findings_with_their_columns(one_site: Inventory, tmp_path: Path) -> None:
    import pandas as pd

    finding = dict(
        zip(
            FINDING_COLUMNS,
            [
                "s1",
                "m1",
                "electricity",
                "2021-03-01",
                "2021-03-31",
                "gap",
                "warning",
                "no bill for 31 days",
                "power.csv",
                3,
            ],
            strict=True,
        )
    )
    checked = dataclasses.replace(one_site, findings=pd.DataFrame([finding], columns=FINDING_COLUMNS))
    wb = report(checked, tmp_path / "r.xlsx")
    sheet = rows(wb["Data quality"])
    assert list(sheet[1]) == FINDING_COLUMNS
    assert sheet[2][5:8] == ("gap", "warning", "no bill for 31 days")
    assert ("warning · s1", "gap: no bill for 31 days (power.csv row 3)") in [row[:2] for row in rows(wb["Summary"])]


def test_data_quality_sheet_lists_the_notices(one_site: Inventory, tmp_path: Path) -> None:
    sheet = rows(report(one_site, tmp_path / "r.xlsx")["Data quality"])
    start = sheet.index(next(row for row in sheet if row[0] == "Notices"))
    assert sheet[start + 1][:3] == ("level", "site", "message")
    assert [row[2] for row in sheet[start + 2 :]] == [n.message for n in one_site.notices]


def test_an_inventory_without_bills_still_makes_a_report(make_site: Callable[..., Path], tmp_path: Path) -> None:
    wb = report(calculate([make_site("bills: []\n")]), tmp_path / "r.xlsx")
    assert summary_value(wb, "Scope 2, location-based") == 0
    assert table(wb["Ledger"]) == []


def test_workbook_name_must_end_in_xlsx(one_site: Inventory, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"unsupported workbook type '\.xls'\. Name the report \.xlsx"):
        excel.save(one_site, tmp_path / "r.xls")


def test_control_characters_in_input_text_do_not_break_the_report(
    make_site: Callable[..., Path], tmp_path: Path
) -> None:
    site = make_site(
        'bills:\n  - {path: power.csv, activity: electricity, meter: "m\\x01"}\n', bills={"power.csv": POWER}
    )
    wb = report(calculate([site]), tmp_path / "r.xlsx")
    assert wb["Ledger"]["C3"].value == "m\ufffd"


def test_real_findings_reach_the_data_quality_sheet(tmp_path: Path) -> None:
    # The sample's gas bill of 2021-07-20 is marked estimated: an `estimated` finding at gas.csv row 9.
    sample = Path(__file__).resolve().parent.parent / "sample_data" / "ai-park" / "site.yaml"
    wb = report(calculate([sample]), tmp_path / "report.xlsx")
    cells = [value for row in rows(wb["Data quality"]) for value in row]
    assert "estimated" in cells
    assert 9 in cells
