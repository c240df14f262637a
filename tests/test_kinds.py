"""Kinds of bill rows (issue 12): billing-month rows, purchases on one date, credits by a text column.

Fixtures: tests/data/kinds/, written by scripts/fixtures/kinds.py. Every expected number is
worked by hand here from the values in those files.

Factors used: CN-CQ electricity 2021, location-based 0.4743 kg CO2/kWh (MEE/NBS provincial
average, factors/emission_factors.csv); GB electricity 2021, 0.21233 kg CO2e/kWh (DESNZ 2021,
factors/uk_desnz.csv).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from carbon_cli import ConfigError, InputDataError, calculate
from carbon_cli.cli.main import app
from carbon_cli.inventory import validate

DATA = Path(__file__).resolve().parent / "data" / "kinds"
HEAD = "site: {{id: {id}, region: {region}}}\nperiod: {{start: 2021-01-01, end: {end}}}\n"
DIESEL_CONVERSION = "conversions:\n  diesel: {ncv: 43.0 MJ/kg, density: 0.84 kg/L, source: supplier delivery note}\n"
#: The deliveries of diesel_deliveries.csv, litres by month.
DELIVERED_L = {
    "2021-01": 2000,
    "2021-02": 1500,
    "2021-03": 2500,
    "2021-05": 1800,
    "2021-07": 2200,
    "2021-08": 1600,
    "2021-10": 2400,
    "2021-12": 2000,
}


def site(tmp_path: Path, body: str, *files: str, region: str = "CN-CQ", end: str = "2021-12-31") -> Path:
    for name in files:
        shutil.copy(DATA / name, tmp_path / name)
    path = tmp_path / "site.yaml"
    path.write_text(HEAD.format(id="s1", region=region, end=end) + body, encoding="utf-8")
    return path


def run(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def by_month(path: Path, *, fill_gaps: bool = False, scope: str | None = None) -> dict[str, float]:
    inventory = calculate([path], fill_gaps=fill_gaps)
    rows = inventory.breakdown(["scope", "month"])
    if scope is not None:
        rows = rows[rows["scope"] == scope]
    return {str(m): float(q) for m, q in rows.groupby("month", observed=True)["quantity"].sum().items()}


# -- 12.3: --fill-gaps and one date per row ------------------------------------------------------


def test_issue_12_3_fill_gaps_does_not_inflate_deliveries_given_as_start_and_end(tmp_path: Path) -> None:
    # The old way to read a delivery log: start and end both mapped to the one date column. Each
    # delivery was a one-day bill and --fill-gaps "filled" the days between at the average
    # delivery per day (749 m3 for 16 m3 delivered, 47x).
    path = site(
        tmp_path,
        "bills:\n  - {path: diesel_deliveries.csv, activity: diesel, columns: {start: 送货日期, end: 送货日期}}\n"
        + DIESEL_CONVERSION,
        "diesel_deliveries.csv",
    )
    filled = by_month(path, fill_gaps=True)
    # 2000 + 1500 + 2500 + 1800 + 2200 + 1600 + 2400 + 2000 = 16,000 L = 16 m3, each in its month
    assert sum(filled.values()) == pytest.approx(16.0, rel=1e-12)
    assert filled == pytest.approx({month: litres / 1000 for month, litres in DELIVERED_L.items()}, rel=1e-12)
    assert calculate([path], fill_gaps=True).notices == calculate([path]).notices  # nothing was filled


def test_issue_12_3_purchases_are_never_gap_filled_and_say_so_in_no_notice(tmp_path: Path) -> None:
    path = site(
        tmp_path,
        "bills:\n  - {path: diesel_deliveries.csv, activity: diesel}\n" + DIESEL_CONVERSION,
        "diesel_deliveries.csv",
    )
    code, out, err = run("calc", path, "--fill-gaps", "--format", "json", "--by", "month")
    assert code == 0, err
    assert "--fill-gaps added" not in err
    rows = json.loads(out)["breakdown"]
    assert sum(r["quantity"] for r in rows if r["scope"] == "scope1") == pytest.approx(16.0, rel=1e-12)


# -- purchases: one date per row -----------------------------------------------------------------


def test_a_delivery_log_with_one_date_column_is_read_as_purchases_in_their_month(tmp_path: Path) -> None:
    path = site(
        tmp_path,
        "bills:\n  - {path: diesel_deliveries.csv, activity: diesel}\n" + DIESEL_CONVERSION,
        "diesel_deliveries.csv",
    )
    inventory = calculate([path])
    assert by_month(path) == pytest.approx({m: litres / 1000 for m, litres in DELIVERED_L.items()}, rel=1e-12)
    bills = inventory.bills
    assert bills["purchase"].all()
    assert (bills["period_start"] == bills["period_end"]).all()
    ledger = inventory.ledger
    assert ledger["purchase"].all()
    assert (ledger["days"] == 1).all()  # never spread over days
    # The fuel: 16 m3 x 840 kg/m3 = 13,440 kg; a Chinese site's diesel CO2 per kg is the Chinese
    # method on the site's own NCV (DIESEL_CONVERSION, issue 13): 43.0 MJ/kg x 20.2 tC/TJ x 98 % x 44/12
    # = 3.12117 kg CO2/kg (the default 3.0959 is for the default NCV 42,652 kJ/kg), so 13,440 kg x 3.12117
    co2 = ledger[ledger["gas"] == "CO2"]["t_gas"].sum()
    assert co2 == pytest.approx(13_440 * (43.0e-3 * 20.2 * 0.98 * 44 / 12) / 1000, rel=1e-9)


def test_purchases_are_not_judged_for_gaps_coverage_or_end_gaps(tmp_path: Path) -> None:
    path = site(
        tmp_path,
        "bills:\n  - {path: diesel_deliveries.csv, activity: diesel}\n" + DIESEL_CONVERSION,
        "diesel_deliveries.csv",
    )
    checked = validate([path])
    assert checked.findings.empty
    assert checked.coverage.empty  # days covered mean nothing for deliveries


def test_a_delivered_quantity_far_from_the_meters_other_purchases_is_implausible(tmp_path: Path) -> None:
    text = (DATA / "diesel_deliveries.csv").read_text(encoding="utf-8")
    (tmp_path / "diesel_deliveries.csv").write_text(
        text.replace("2021-07-03,0号柴油,2200", "2021-07-03,0号柴油,22000"), encoding="utf-8"
    )
    path = site(tmp_path, "bills:\n  - {path: diesel_deliveries.csv, activity: diesel}\n" + DIESEL_CONVERSION)
    findings = validate([path]).findings
    assert findings[["check", "source_row"]].values.tolist() == [["implausible", 6]]
    # The median of 2000, 1500, 2500, 1800, 22000, 1600, 2400, 2000 is (2000 + 2000) / 2 = 2000 L;
    # 22,000 L is 11x that, beyond quality.implausible_factor 5.
    assert (
        "a purchase of 22,000 L on 2021-07-03 is 11× the median purchase of this meter (2,000 L"
        in (findings.at[0, "detail"])
    )


def test_the_same_delivery_entered_twice_is_a_duplicate(tmp_path: Path) -> None:
    text = (DATA / "diesel_deliveries.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    (tmp_path / "diesel_deliveries.csv").write_text("\n".join([*lines, lines[3]]) + "\n", encoding="utf-8")
    path = site(tmp_path, "bills:\n  - {path: diesel_deliveries.csv, activity: diesel}\n" + DIESEL_CONVERSION)
    findings = validate([path]).findings
    assert findings[["check", "source_row"]].values.tolist() == [["duplicate", 10]]


def test_a_month_column_and_a_date_column_without_start_or_end_ask_which(make_site: Callable[..., Path]) -> None:
    path = make_site(
        "bills:\n  - {path: fuel.csv, activity: diesel}\n",
        bills={"fuel.csv": "Date,Month,Quantity,Unit\n2021-01-06,2021-01,2000,L\n"},
    )
    with pytest.raises(ConfigError) as caught:
        calculate([path])
    assert str(caught.value).replace(f"{path.parent}/", "") == (
        "fuel.csv: column 'Month' may be the billing month and column 'Date' the date of a purchase, and there is "
        "no start or end. Say which in the site YAML: columns: {month: Month} for a bill per calendar month, "
        "or columns: {date: Date} for a purchase on a day; see `carbon inspect fuel.csv`"
    )


def test_a_date_column_beside_start_and_end_is_not_read_as_a_purchase(make_site: Callable[..., Path]) -> None:
    path = make_site(
        "bills:\n  - {path: power.csv, activity: electricity}\n",
        bills={"power.csv": "start,end,date,quantity,unit\n2021-01-01,2021-01-31,2021-02-03,310,kWh\n"},
    )
    inventory = calculate([path])
    assert not inventory.bills["purchase"].any()
    assert by_month(path, scope="scope2_location") == {"2021-01": 310.0}


# -- billing-month rows --------------------------------------------------------------------------

STATE_GRID_KWH = [38_520, 35_110, 31_240, 29_870, 33_460, 41_280, 48_930, 50_120, 42_310, 33_870, 31_950, 37_640]


def test_a_state_grid_sheet_with_billing_months_gives_each_month_its_own_bill(tmp_path: Path) -> None:
    path = site(
        tmp_path,
        "bills:\n  - {path: state_grid_monthly.xlsx, activity: electricity, unit: kWh}\n",
        "state_grid_monthly.xlsx",
    )
    inventory = calculate([path])
    months = by_month(path, scope="scope2_location")
    assert months == {f"2021-{m:02d}": float(kwh) for m, kwh in enumerate(STATE_GRID_KWH, start=1)}
    # 38520 + 35110 + 31240 + 29870 + 33460 + 41280 + 48930 + 50120 + 42310 + 33870 + 31950 + 37640 = 454,300 kWh
    # x 0.4743 kg/kWh = 215,474.49 kg
    assert inventory.totals()["scope2_location"] == pytest.approx(215.47449, rel=1e-12)
    bills = inventory.bills
    assert bills["period_start"].dt.day.eq(1).all()
    assert bills.loc[1, ["period_start", "period_end"]].tolist() == [
        pd.Timestamp(2021, 2, 1),
        pd.Timestamp(2021, 2, 28),
    ]
    assert not bills["purchase"].any()
    assert bills["meter"].astype(str).eq("5001234567").all()  # 户号
    assert validate([path]).findings.empty


def test_an_english_export_with_jan_21_months_reads_each_month(tmp_path: Path) -> None:
    path = site(
        tmp_path, "bills:\n  - {path: monthly_export.csv, activity: electricity}\n", "monthly_export.csv", region="GB"
    )
    export = [4_812, 4_390, 4_105, 3_620, 3_310, 3_150, 3_480, 3_520, 3_290, 3_760, 4_230, 4_655]
    assert by_month(path, scope="scope2_location") == {f"2021-{m:02d}": float(k) for m, k in enumerate(export, 1)}
    # 4812 + 4390 + 4105 + 3620 + 3310 + 3150 + 3480 + 3520 + 3290 + 3760 + 4230 + 4655 = 46,322 kWh
    # x BEIS 2021 UK electricity per gas: CO2 0.21016 kg/kWh, CH4 0.0008 and N2O 0.00137 kg CO2e/kWh
    # weighted with AR4 (25, 298), back to masses and weighted with the site's AR6 (29.8, 273)
    per_kwh = 0.21016 + 0.0008 / 25 * 29.8 + 0.00137 / 298 * 273
    assert calculate([path]).totals()["scope2_location"] == pytest.approx(46_322 * per_kwh / 1000, rel=1e-12)


@pytest.mark.parametrize(
    "cell",
    [
        "202103",
        "2021-03",
        "2021-3",
        "2021/3",
        "2021.03",
        "2021年3月",
        "2021年03月份",
        "Mar-21",
        "Mar 2021",
        "March 2021",
        "03/2021",
        "2021-Mar",
        "2021-03-01",
    ],
)
def test_every_common_spelling_of_a_billing_month_reads_as_that_month(
    make_site: Callable[..., Path], cell: str
) -> None:
    path = make_site(
        "bills:\n  - {path: power.csv, activity: electricity, columns: {month: 账期}}\n",
        bills={"power.csv": f"账期,用电量,单位\n{cell},3100,kWh\n"},
    )
    bills = calculate([path]).bills
    assert bills[["period_start", "period_end"]].values.tolist() == [
        [pd.Timestamp(2021, 3, 1), pd.Timestamp(2021, 3, 31)]
    ]


def test_a_day_in_a_month_column_is_refused_with_one_line(make_site: Callable[..., Path]) -> None:
    path = make_site(
        "bills:\n  - {path: power.csv, activity: electricity}\n",
        bills={"power.csv": "电费年月,电量,单位\n2021-01,3100,kWh\n2021-02-15,2800,kWh\n"},
    )
    code, _, err = run("calc", path)
    assert code == 3
    assert err.strip().replace(f"{path.parent}/", "") == (
        "Error: power.csv row 3, column '电费年月': '2021-02-15' is a day, not a billing month. Write the month the "
        "bill is for (2021-01 or 202101), or map the bill's dates as columns: {start: <header>, end: <header>} in "
        "the site YAML"
    )


def test_a_month_that_cannot_be_read_is_refused_naming_the_row(make_site: Callable[..., Path]) -> None:
    path = make_site(
        "bills:\n  - {path: power.csv, activity: electricity}\n",
        bills={"power.csv": "Billing month,Usage,Unit\n2021-13,3100,kWh\n"},
    )
    with pytest.raises(InputDataError) as caught:
        calculate([path])
    assert str(caught.value).replace(f"{path.parent}/", "") == (
        "power.csv row 2, column 'Billing month': cannot read billing month '2021-13'. "
        "Write billing months as 2021-01, 202101, 2021年1月 or Jan-21"
    )


def test_month_and_period_files_read_together_in_one_run(make_site: Callable[..., Path]) -> None:
    path = make_site(
        "bills:\n  - {path: a.csv, activity: electricity, meter: a}\n"
        "  - {path: b.csv, activity: electricity, meter: b}\n",
        bills={
            "a.csv": "month,quantity,unit\n2021-01,310,kWh\n",
            "b.csv": "start,end,quantity,unit\n2021-01-15,2021-02-14,310,kWh\n",
        },
    )
    # a: 310 kWh in January; b: 310 x 17/31 = 170 kWh in January, 140 kWh in February
    assert by_month(path, scope="scope2_location") == pytest.approx({"2021-01": 480.0, "2021-02": 140.0}, rel=1e-12)


# -- credits marked by a text column ---------------------------------------------------------------

CREDIT_RULE = "    credit: {column: 备注, values: [退补, 冲红]}\n"


def test_credit_rows_marked_in_a_remark_column_net_against_their_month(tmp_path: Path) -> None:
    path = site(
        tmp_path,
        "bills:\n  - path: credits.csv\n    activity: electricity\n    meter: main\n" + CREDIT_RULE,
        "credits.csv",
        end="2021-04-30",
    )
    inventory = calculate([path])
    assert inventory.bills["credit"].tolist() == [False, False, False, True, False, True, False]
    # January 12,400; February 11,050 - 1,200 (退补) = 9,850; March 11,880;
    # April 10,920 - 10,920 (冲红) + 10,290 (reissued) = 10,290 kWh
    months = by_month(path, scope="scope2_location")
    assert months == pytest.approx({"2021-01": 12400, "2021-02": 9850, "2021-03": 11880, "2021-04": 10290}, rel=1e-12)
    # 44,420 kWh x 0.4743 kg/kWh = 21,068.406 kg
    assert inventory.totals()["scope2_location"] == pytest.approx(21.068406, rel=1e-12)
    # The reversed April bill and its reissue are not an overlap; the credits are not negatives.
    assert validate([path]).findings.empty


def test_without_the_credit_rule_the_negative_rows_are_errors(tmp_path: Path) -> None:
    path = site(
        tmp_path,
        "bills:\n  - {path: credits.csv, activity: electricity, meter: main}\n",
        "credits.csv",
        end="2021-04-30",
    )
    findings = validate([path]).findings
    assert sorted(findings.loc[findings["check"] == "negative", "source_row"].tolist()) == [5, 7]


def test_credit_values_match_whole_after_case_and_width_folding(make_site: Callable[..., Path]) -> None:
    path = make_site(
        "bills:\n  - path: power.csv\n    activity: electricity\n"
        "    credit: {column: Type, values: [Credit, Adjustment]}\n",
        bills={
            "power.csv": "start,end,quantity,unit,Type\n"
            "2021-01-01,2021-01-31,1000,kWh,Invoice\n"
            "2021-01-01,2021-01-31,-100,kWh, CREDIT \n"
            "2021-01-01,2021-01-31,-50,kWh,adjustment\n"
            "2021-01-01,2021-01-31,20,kWh,Credit note\n"
        },
    )
    bills = calculate([path]).bills
    assert bills["credit"].tolist() == [False, True, True, False]
    # 1000 - 100 - 50 + 20 = 870 kWh
    assert by_month(path, scope="scope2_location") == pytest.approx({"2021-01": 870.0}, rel=1e-12)


def test_a_credit_rule_naming_a_missing_column_is_a_config_error(make_site: Callable[..., Path]) -> None:
    path = make_site(
        "bills:\n  - path: power.csv\n    activity: electricity\n    credit: {column: 备注, values: [退补]}\n",
        bills={"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,1000,kWh\n"},
    )
    code, _, err = run("calc", path)
    assert code == 2
    assert err.strip().replace(f"{path.parent}/", "") == (
        "Error: power.csv: column '备注' (credit.column) is not in the file. Columns found: start, end, quantity, unit"
    )


def test_a_credit_rule_and_a_credit_flag_column_together_are_refused(make_site: Callable[..., Path]) -> None:
    path = make_site(
        "bills:\n  - path: power.csv\n    activity: electricity\n    columns: {credit: 冲红}\n"
        "    credit: {column: 备注, values: [退补]}\n",
        bills={"power.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,1000,kWh\n"},
    )
    code, _, err = run("calc", path)
    assert code == 2
    assert "give columns.credit (a yes/no column) or credit: {column: ..., values: [...]}" in err


def test_the_yes_no_credit_column_still_works(make_site: Callable[..., Path]) -> None:
    path = make_site(
        "bills:\n  - {path: power.csv, activity: electricity, columns: {credit: 是否冲红}}\n",
        bills={
            "power.csv": "start,end,quantity,unit,是否冲红\n2021-01-01,2021-01-31,1000,kWh,否\n"
            "2021-01-01,2021-01-31,-400,kWh,是\n"
        },
    )
    assert by_month(path, scope="scope2_location") == pytest.approx({"2021-01": 600.0}, rel=1e-12)


@pytest.mark.parametrize(("day", "ok"), [(1, True), (15, False)])
def test_a_real_date_cell_in_a_month_column_means_its_month_only_on_the_first(
    tmp_path: Path, day: int, ok: bool
) -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Bill month", "Usage", "Unit"])
    sheet.append([dt.datetime(2021, 1, 1), 3100, "kWh"])
    sheet.append([dt.datetime(2021, 2, day), 2800, "kWh"])
    book.save(tmp_path / "power.xlsx")
    path = site(tmp_path, "bills:\n  - {path: power.xlsx, activity: electricity}\n")
    if ok:
        assert by_month(path, scope="scope2_location") == {"2021-01": 3100.0, "2021-02": 2800.0}
        return
    with pytest.raises(InputDataError) as caught:
        calculate([path])
    assert "power.xlsx row 3, column 'Bill month': '2021-02-15' is a day, not a billing month" in str(caught.value)
