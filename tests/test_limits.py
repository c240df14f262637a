"""Issue 16 items 6, 8, 9 and 14: the limits every input is read under (carbon_cli.guards).

Every total here is worked by hand in the test; every refusal is one ``Error:`` line naming the
file and the key or flag that settles it.
"""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from carbon_cli.cli import app

ENV = {"COLUMNS": "1000", "NO_COLOR": "1"}

SITE = """\
site: {{id: s1, name: Test site, region: DE}}
period: {{start: 2023-01-01, end: 2023-12-31}}
bills:
  - path: {bills}
    activity: electricity
{extra}"""


def _site(tmp_path: Path, bills: str, extra: str = "") -> Path:
    site = tmp_path / "site.yaml"
    site.write_text(SITE.format(bills=bills, extra=extra), encoding="utf-8")
    return site


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={**ENV, **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr.strip()


def _kwh(stdout: str) -> float:
    """The electricity kWh of 2023 in a ``--format json`` inventory (the location-based lines)."""
    rows = json.loads(stdout)["breakdown"]
    return sum(r["quantity"] for r in rows if r["scope"] == "scope2_location")


# -- item 6: a bill's length, and no month slice the period does not need -------------------------


def test_issue_16_6_a_bill_longer_than_five_years_is_refused_naming_its_row(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text(
        "start,end,quantity,unit\n2023-01-01,2023-01-31,310,kWh\n2010-01-01,2020-12-31,4018,kWh\n", encoding="utf-8"
    )
    code, out, err = _run("calc", str(_site(tmp_path, "b.csv")))
    assert code == 3 and out == ""
    assert err.startswith(f"Error: {tmp_path / 'b.csv'} row 3: the bill from 2010-01-01 to 2020-12-31 spans 4,018 days")
    assert "longest_bill_days: 4018" in err and len(err.splitlines()) == 1


def test_issue_16_6_longest_bill_days_allows_a_long_bill_and_prorates_it_by_its_full_days(tmp_path: Path) -> None:
    # 2015-01-01..2024-12-31 is 3,653 days (three leap years: 2016, 2020, 2024); 2023 holds 365 of
    # them, so 36,530 kWh puts 36,530 * 365 / 3,653 = 3,650 kWh in the period.
    (tmp_path / "b.csv").write_text("start,end,quantity,unit\n2015-01-01,2024-12-31,36530,kWh\n", encoding="utf-8")
    site = _site(tmp_path, "b.csv", "    longest_bill_days: 3653\n")
    code, out, err = _run("calc", str(site), "-f", "json", "-q")
    assert code == 0, err
    assert _kwh(out) == pytest.approx(3650.0, rel=1e-12)


def test_issue_16_6_a_bill_from_year_1_to_9999_makes_only_the_periods_months() -> None:
    from carbon_cli.calendar import split_by_month

    bills = pd.DataFrame(
        {
            "period_start": np.array(["0001-01-01"] * 20, dtype="datetime64[s]"),
            "effective_end": np.array(["9999-12-31"] * 20, dtype="datetime64[s]"),
            "quantity": np.full(20, 3_652_059.0),
            "site": "s1",
            "activity": "electricity",
            "unit": "kWh",
        }
    )
    tracemalloc.start()
    slices = split_by_month(bills, dt.date(2023, 1, 1), dt.date(2023, 12, 31), carry=["site"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # 3,652,059 days from 0001-01-01 to 9999-12-31, one kWh a day: 365 kWh of each bill in 2023.
    assert len(slices) == 20 * 12
    assert slices["quantity"].sum() == pytest.approx(20 * 365.0, rel=1e-12)
    assert peak < 20 * 1024**2  # not 20 bills x 120,000 months of slices (hundreds of MB)


_DAY0 = dt.date(2018, 1, 1)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 3000), st.integers(0, 1500), st.floats(0, 1e6, allow_nan=False)),
        min_size=1,
        max_size=12,
    ),
    st.integers(0, 2500),
    st.integers(0, 800),
)
def test_issue_16_6_clipping_before_splitting_keeps_every_total_inside_the_period(
    bills: list[tuple[int, int, float]], offset: int, length: int
) -> None:
    from carbon_cli.calendar import split_by_month

    frame = pd.DataFrame(
        {
            "period_start": np.array([_DAY0 + dt.timedelta(days=a) for a, _, _ in bills], dtype="datetime64[s]"),
            "effective_end": np.array([_DAY0 + dt.timedelta(days=a + n) for a, n, _ in bills], dtype="datetime64[s]"),
            "quantity": [q for _, _, q in bills],
        }
    )
    start, end = _DAY0 + dt.timedelta(days=offset), _DAY0 + dt.timedelta(days=offset + length)
    clipped = split_by_month(frame, start, end)
    whole = split_by_month(frame)
    # The whole split, cut to the period by hand: each month slice keeps its days inside it.
    first = np.maximum(whole["slice_start"].to_numpy("datetime64[D]"), np.datetime64(start))
    last = np.minimum(whole["slice_end"].to_numpy("datetime64[D]"), np.datetime64(end))
    inside = np.clip((last - first).astype(int) + 1, 0, None)
    by_hand = whole["quantity"].to_numpy() * inside / whole["days"].to_numpy()
    by_month = pd.Series(by_hand).groupby([whole["bill_id"], whole["month"].astype(str)]).sum()
    got = clipped.groupby([clipped["bill_id"], clipped["month"].astype(str)])["quantity"].sum()
    expected = by_month[by_month.index.isin(got.index) | (by_month > 0)]
    assert got.reindex(expected.index, fill_value=0.0).to_numpy() == pytest.approx(expected.to_numpy(), abs=1e-6)
    assert clipped["days"].sum() == inside.sum()


# -- item 8: the apparent size of every input, before it is read ----------------------------------


def test_issue_16_8_a_sparse_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    bills = tmp_path / "big.csv"
    with bills.open("wb") as handle:
        handle.truncate(50 * 1024**2)  # 50 MiB apparent, nothing on disk
    code, out, err = _run("calc", str(_site(tmp_path, "big.csv")), env={"CARBON_MAX_INPUT_SIZE": "10M"})
    assert (code, out) == (3, "")
    assert err == (
        f"Error: {bills}: is 50 MiB (52,428,800 bytes), over the 10 MiB an input file may be. Check it is the "
        "right file; if it really is this big, raise the limit with --max-input-size (or CARBON_MAX_INPUT_SIZE), "
        "e.g. --max-input-size 50M"
    )


def test_issue_16_8_max_input_size_sets_the_limit_on_calc_validate_inspect_and_init(tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_text("start,end,quantity,unit\n2023-01-01,2023-01-31,310,kWh\n", encoding="utf-8")
    site = _site(tmp_path, "b.csv")
    bills = str(tmp_path / "b.csv")  # 54 bytes
    for command in (
        ["calc", str(site)],
        ["validate", str(site)],
        ["inspect", bills],
        ["init", str(tmp_path / "new"), "--bills", bills],
    ):
        code, _, err = _run(*command, "--max-input-size", "40")
        assert code == 3 and "over the 40 bytes an input file may be" in err, (command, err)
    code, out, err = _run("calc", str(site), "-f", "json", "-q", "--max-input-size", "1K")
    assert code == 0 and _kwh(out) == pytest.approx(310.0)
    code, _, err = _run("calc", str(site), "--max-input-size", "lots")
    assert (code, err) == (
        2,
        "Error: --max-input-size 'lots' is not a size. Give a size such as 2G, 500M or 1048576 to --max-input-size",
    )


def test_issue_16_8_a_2_gib_sparse_bill_file_is_refused_at_once(tmp_path: Path) -> None:
    bills = tmp_path / "big.csv"
    with bills.open("wb") as handle:
        handle.truncate(2 * 1024**3)
    code, _, err = _run("validate", str(_site(tmp_path, "big.csv")))
    assert code == 3 and "is 2.0 GiB (2,147,483,648 bytes), over the 1.0 GiB" in err


# -- item 9: one guard for every workbook: unpacked size and cell count ----------------------------


def _workbook(path: Path, rows: int) -> None:
    """A one-sheet .xlsx of ``rows`` bill rows, written by openpyxl (packs about 10-20x)."""
    frame = pd.DataFrame(
        {"start": ["2023-01-01"] * rows, "end": ["2023-01-31"] * rows, "quantity": [1.0] * rows, "unit": "kWh"}
    )
    frame.to_excel(path, index=False)


def test_issue_16_9_a_workbook_unpacking_past_the_limit_is_refused_at_any_ratio(tmp_path: Path) -> None:
    _workbook(tmp_path / "b.xlsx", 20_000)
    unpacked = sum(m.file_size for m in zipfile.ZipFile(tmp_path / "b.xlsx").infolist())
    packed = (tmp_path / "b.xlsx").stat().st_size
    assert packed < 1024**2 < unpacked and unpacked / packed < 200  # passes the ratio guard
    code, _, err = _run("calc", str(_site(tmp_path, "b.xlsx")), env={"CARBON_MAX_INPUT_SIZE": "1M"})
    assert code == 3 and err.startswith(f"Error: {tmp_path / 'b.xlsx'}: unpacks to ") and "over the 1 MiB" in err


def test_issue_16_9_a_sites_workbook_unpacking_past_the_limit_is_refused(tmp_path: Path) -> None:
    pd.DataFrame({"id": [f"s{i}" for i in range(20_000)], "region": "DE", "name": "x" * 40}).to_excel(
        tmp_path / "sites.xlsx", index=False
    )
    (tmp_path / "bills.csv").write_text("site,activity,start,end,quantity,unit\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "portfolio: {name: G}\nperiod: {start: 2023-01-01, end: 2023-12-31}\nsites: sites.xlsx\n"
        "bills:\n  - path: bills.csv\n",
        encoding="utf-8",
    )
    code, _, err = _run("calc", str(tmp_path / "p.yaml"), env={"CARBON_MAX_INPUT_SIZE": "1M"})
    assert code == 3 and "sites.xlsx: unpacks to " in err and "over the 1 MiB" in err


def test_issue_16_9_a_sheet_holding_more_cells_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from carbon_cli import guards

    monkeypatch.setattr(guards, "DEFAULTS", replace(guards.DEFAULTS, cells=1_000))
    _workbook(tmp_path / "b.xlsx", 300)  # 301 rows x 4 columns = 1,204 cells
    code, _, err = _run("calc", str(_site(tmp_path, "b.xlsx")))
    assert code == 3 and "holds more than 1,000 cells" in err and "b.xlsx" in err


# -- item 14: the encoding from the whole file, a mixed one refused ------------------------------


def test_issue_16_14_one_stray_latin1_byte_in_a_utf8_file_is_refused_naming_its_offset(tmp_path: Path) -> None:
    # Two UTF-8 Chinese characters, then "Résidence" with é as Latin-1 (0xE9, byte 30 + 37 + 31 = 98 from 0).
    data = "start,end,quantity,unit,meter\n2023-01-01,2023-01-31,310,kWh,主表\n".encode() + (
        b"2023-02-01,2023-02-28,280,kWh,R\xe9sidence\n"
    )
    (tmp_path / "b.csv").write_bytes(data)
    assert data.index(b"\xe9") == 98
    code, out, err = _run("calc", str(_site(tmp_path, "b.csv")))
    assert (code, out) == (3, "")
    assert err == (
        f"Error: {tmp_path / 'b.csv'}: is UTF-8 text except 1 byte(s) that are not, the first at byte 98 "
        "(0xE9, line 3). Correct that text and save the file as UTF-8, or give its real encoding: on this bill "
        "entry in the site YAML"
    )


def test_issue_16_14_a_latin1_file_is_refused_and_encoding_reads_it(tmp_path: Path) -> None:
    # é (0xE9) at byte 30 + 30 + 3 = 63
    (tmp_path / "b.csv").write_bytes(b"start,end,quantity,unit,meter\n2023-01-01,2023-01-31,310,kWh,Caf\xe9 Nord\n")
    code, _, err = _run("calc", str(_site(tmp_path, "b.csv")))
    assert code == 3 and "byte 63 (0xE9, line 2) stands alone" in err and "encoding: cp1252" in err
    site = _site(tmp_path, "b.csv", "    encoding: cp1252\n")
    code, out, err = _run("calc", str(site), "-f", "json", "-q")
    assert code == 0 and _kwh(out) == pytest.approx(310.0)


def test_issue_16_14_a_gb18030_file_still_reads_as_gb18030(tmp_path: Path) -> None:
    text = "开始,结束,用量,单位,电表\n2023-01-01,2023-01-31,310,度,主表\n2023-02-01,2023-02-28,280,度,二号表\n"
    (tmp_path / "b.csv").write_bytes(text.encode("gb18030"))
    code, out, err = _run("calc", str(_site(tmp_path, "b.csv")), "-f", "json", "-q")
    assert code == 0, err
    assert _kwh(out) == pytest.approx(310.0 + 280.0)
