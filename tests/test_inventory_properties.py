"""Invariants of the whole pipeline, over generated bill sets (hypothesis).

- totals do not depend on the order of bill rows;
- splitting a bill file in two (two bills: entries) gives the same totals;
- the location-based quantity equals the billed quantity inside the period;
- totals are the sum of the ledger, and the breakdown by any dimension sums to them;
- the facts (the ledger summed per site, month, factor and part) give the full ledger's breakdowns.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carbon_cli import calculate

PERIOD = (dt.date(2021, 1, 1), dt.date(2021, 12, 31))


@st.composite
def bill_rows(draw: st.DrawFn) -> list[tuple[str, str, float, str, str]]:
    """Bills of one or two meters, of electricity in kWh/MWh/度, anywhere around 2021."""
    rows = []
    for _ in range(draw(st.integers(1, 12))):
        start = dt.date(2020, 10, 1) + dt.timedelta(days=draw(st.integers(0, 500)))
        end = start + dt.timedelta(days=draw(st.integers(0, 90)))
        quantity = draw(st.floats(0, 1e6, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 3)))
        unit = draw(st.sampled_from(["kWh", "MWh", "度"]))
        meter = draw(st.sampled_from(["m1", "m2"]))
        rows.append((start.isoformat(), end.isoformat(), quantity, unit, meter))
    return rows


def write_site(folder: Path, files: list[list[tuple[str, str, float, str, str]]]) -> Path:
    entries = []
    for index, rows in enumerate(files):
        lines = ["start,end,quantity,unit,meter"] + [",".join(map(str, row)) for row in rows]
        (folder / f"bills{index}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        # str(float) writes a decimal point; a file of only "1.625"-like values reads both ways, so say so
        entries.append(f'  - {{path: bills{index}.csv, activity: electricity, decimal: "."}}')
    site = folder / "site.yaml"
    site.write_text(
        "site: {id: p, region: CN-CQ}\n"
        f"period: {{start: {PERIOD[0]}, end: {PERIOD[1]}}}\n"
        "instruments:\n  - {type: green_certificate, quantity: 100 MWh}\n"
        "bills:\n" + "\n".join(entries) + "\n",
        encoding="utf-8",
    )
    return site


def totals_of(files: list[list[tuple[str, str, float, str, str]]]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        return calculate([write_site(Path(folder), files)]).totals()


SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(bill_rows(), st.randoms(use_true_random=False))
def test_totals_do_not_depend_on_row_order(rows: list, random: object) -> None:
    shuffled = list(rows)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    expected = totals_of([rows])
    assert totals_of([shuffled]) == {k: pytest.approx(v, rel=1e-12, abs=1e-12) for k, v in expected.items()}


def test_duplicate_dates_do_not_make_the_shared_day_rule_order_dependent() -> None:
    # Two bills of the same dates and a third starting on their end day: whichever of the twins
    # sorts second loses the shared day, so the twins' order must not change the result.
    # The twins straddle the end of the period, so the lost day moves quantity out of (or into) 2021.
    twins = [("2021-12-15", "2022-01-01", 310.0, "kWh", "m1"), ("2021-12-15", "2022-01-01", 620.0, "kWh", "m1")]
    after = [("2022-01-01", "2022-01-20", 280.0, "kWh", "m1")]
    assert totals_of([twins + after]) == totals_of([twins[::-1] + after])


@SETTINGS
@given(bill_rows().filter(lambda rows: len(rows) >= 2), st.data())
def test_splitting_a_bill_file_in_two_changes_nothing(rows: list, data: st.DataObject) -> None:
    # Every example splits for real: both files hold at least one bill.
    cut = data.draw(st.integers(1, len(rows) - 1), label="cut")
    expected = totals_of([rows])
    split = totals_of([rows[:cut], rows[cut:]])
    assert split == {k: pytest.approx(v, rel=1e-12, abs=1e-12) for k, v in expected.items()}


@SETTINGS
@given(bill_rows())
def test_ledger_conserves_the_in_period_quantity(rows: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        inventory = calculate([write_site(Path(folder), [rows])])
    scale = {"kWh": 1.0, "MWh": 1000.0, "度": 1.0}
    bills = inventory.bills
    # In-period share of each bill, by days, after the shared-day rule (effective_end).
    first = bills["period_start"].dt.date.clip(lower=PERIOD[0])
    last = bills["effective_end"].dt.date.clip(upper=PERIOD[1])
    inside = [max((b - a).days + 1, 0) for a, b in zip(first, last, strict=True)]
    days = ((bills["effective_end"] - bills["period_start"]).dt.days + 1).tolist()
    kwh = [q * scale[u] for q, u in zip(bills["bill_quantity"], bills["bill_unit"], strict=True)]
    expected = sum(q * i / d for q, i, d in zip(kwh, inside, days, strict=True))
    location = inventory.ledger[inventory.ledger["scope"] == "scope2_location"]
    assert location["quantity"].sum() == pytest.approx(expected, rel=1e-9, abs=1e-6)
    market = inventory.ledger[inventory.ledger["scope"] == "scope2_market"]
    assert market["quantity"].sum() == pytest.approx(expected, rel=1e-9, abs=1e-6)


@SETTINGS
@given(bill_rows(), st.sampled_from(["site", "scope", "activity", "month", "gas"]))
def test_breakdown_by_any_dimension_sums_to_the_totals(rows: list, dimension: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        inventory = calculate([write_site(Path(folder), [rows])])
    table = inventory.breakdown([dimension])
    for scope, value in inventory.totals().items():
        assert table.loc[table["scope"] == scope, "t_co2e"].sum() == pytest.approx(value, rel=1e-9, abs=1e-12)
    assert (inventory.ledger["t_co2e"] >= 0).all()


@SETTINGS
@given(bill_rows(), st.sampled_from([["site"], ["month"], ["activity", "gas"], ["month", "gas"]]))
def test_facts_and_the_full_ledger_give_the_same_breakdown(rows: list, by: list[str]) -> None:
    from carbon_cli import summary

    with tempfile.TemporaryDirectory() as folder:
        inventory = calculate([write_site(Path(folder), [rows])])
    from_facts = summary.breakdown(inventory.facts, by)
    from_ledger = summary.breakdown(inventory.ledger, by)
    assert (
        from_facts[[*from_facts.columns[:-3], "unit"]].astype(str).values.tolist()
        == from_ledger[[*from_ledger.columns[:-3], "unit"]].astype(str).values.tolist()
    )
    for column in ("quantity", "t_co2e"):
        assert from_facts[column].tolist() == pytest.approx(from_ledger[column].tolist(), rel=1e-12, abs=1e-9)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bill_rows())
def test_json_csv_and_excel_totals_agree(rows: list) -> None:
    import csv
    import io
    import json

    from openpyxl import load_workbook

    from carbon_cli.render import csv_out, excel, json_out

    with tempfile.TemporaryDirectory() as folder:
        inventory = calculate([write_site(Path(folder), [rows])])
        excel.save(inventory, Path(folder) / "report.xlsx")
        summary = {
            row[0]: row[1]
            for row in load_workbook(Path(folder) / "report.xlsx", read_only=True)["Summary"].iter_rows(
                values_only=True
            )
            if len(row) > 1 and row[0]
        }
    totals = json.loads(json_out.render(inventory))["totals"]
    by_scope: dict[str, float] = {}
    for row in csv.DictReader(io.StringIO(csv_out.render(inventory, ["scope"]))):
        by_scope[row["scope"]] = float(row["t_co2e"])
    for scope, label in [
        ("scope1", "Scope 1 (direct emissions)"),
        ("scope2_location", "Scope 2, location-based"),
        ("scope2_market", "Scope 2, market-based"),
    ]:
        assert by_scope.get(scope, 0.0) == pytest.approx(totals[scope], rel=1e-12, abs=1e-9)  # CSV = JSON
        assert summary[label] == pytest.approx(totals[scope], rel=1e-12, abs=1e-9)  # Excel = JSON
