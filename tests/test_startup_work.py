"""What a short run does before and besides its calculation (issue 15: start-up within 1.3x of its
libraries' import).

Timing lives in ``benchmarks/bench_startup.py``; these tests hold the decisions that keep the fixed
cost of a run low, and check that the shortcuts give what the general code gives.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbon_cli.bills import dates

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "ai-park" / "site.yaml"


def _run_python(code: str, tmp_path: Path) -> str:
    env = {"CARBON_CACHE_DIR": str(tmp_path), "NO_COLOR": "1", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    return done.stdout.strip().splitlines()[-1]


def test_issue_15_a_calc_run_never_walks_its_imports_with_the_garbage_collector(tmp_path: Path) -> None:
    """The objects a run imports live as long as the process: every collection before they are
    frozen (``common.imports_done``) walked them and freed next to nothing (0.05 s of CPU)."""
    code = (
        "import contextlib, gc, io, json, sys\n"
        "seen = []  # per collection: the young generation's threshold, and whether nothing is frozen yet\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and seen.append(\n"
        "    [gc.get_threshold()[0], gc.get_freeze_count() == 0]))\n"
        "from carbon_cli.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        app(['calc', {str(SAMPLE)!r}, '-f', 'json', '-q'], prog_name='carbon')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(json.dumps([seen, gc.get_threshold()]))\n"
    )
    seen, threshold = json.loads(_run_python(code, tmp_path))
    # Before the CLI sets its threshold (Python's own start, compiling a changed module) Python
    # collects at 700; from then on, nothing until imports_done has frozen the imports.
    assert not [young for young, unfrozen in seen if unfrozen and young != 700]
    assert [young for young, unfrozen in seen if not unfrozen]  # the calculation is still collected ...
    assert threshold == [700, 10, 10]  # ... at Python's usual pace


YEAR_FIRST = [
    ["2021-01-01", "2021-12-31"],
    ["2020年12月20日", "2021年1月20日", "2021年10月5日", "2021 年 3 月 1 日", "2021年3月1"],
    ["２０２１年１月２０日", " 2021-02-03 "],  # full-width digits, spaces around
    ["2021-02-30", "2021年13月1日", "2021年2月29日", "0000-01-01"],  # not dates: NaT, as before
    [dt.datetime(2021, 1, 15), dt.datetime(2021, 2, 15, 18, 30), dt.date(2021, 3, 1), pd.Timestamp("2021-04-01 06:00")],
    [dt.datetime(2020, 12, 15), "2021年1月20日", "2021-02-20", dt.date(2021, 3, 15)],
    [],
]

OTHER_FORMS = [
    ["2021-01-01", "15/12/2021"],
    ["2021-01-01 08:00", "2021-01-02"],
    ["2021/01/05", "20210106"],
    ["15-Dec-2021", "2021年1月20日"],
    [dt.datetime(2021, 1, 15), 44545.0, "2021-01-01"],
    ["2021-01-01", True],
]


@pytest.mark.parametrize("values", YEAR_FIRST)
def test_issue_15_year_first_dates_are_read_as_the_general_reader_reads_them(values: list[object]) -> None:
    """A column of real dates and year-first texts skips the general reader's dozens of pandas
    calls (most of a short run's date parsing): same dates, same NaT, no day/month evidence."""
    series = pd.Series(values, dtype=object)
    assert dates._year_first(series) is not None
    fast, general = dates._dates(series), dates._any_form(series)
    for quick, full in zip(fast[:3], general[:3], strict=True):
        pd.testing.assert_series_equal(quick, full)
    assert np.array_equal(fast[3], general[3])


def test_issue_15_year_first_dates_worked_by_hand() -> None:
    series = pd.Series(
        ["2020年12月20日", "２０２１年１月２０日", "2021-02-30", dt.datetime(2021, 2, 15, 18, 30)], dtype=object
    )
    read = dates._dates(series)[0]
    assert read.tolist()[:2] == [pd.Timestamp("2020-12-20"), pd.Timestamp("2021-01-20")]
    assert pd.isna(read.iloc[2])  # 30 February is no date
    assert read.iloc[3] == pd.Timestamp("2021-02-15")  # the bill's day, its time dropped


@pytest.mark.parametrize("values", OTHER_FORMS)
def test_issue_15_any_other_form_goes_to_the_general_reader(values: list[object]) -> None:
    assert dates._year_first(pd.Series(values, dtype=object)) is None


def test_issue_15_no_findings_is_a_fresh_table_each_time() -> None:
    """The empty findings table is built once and copied: a caller that adds a column to its
    copy changes no later one."""
    from carbon_cli.quality import findings

    first = findings.concat([])
    first["extra"] = 1
    second = findings.concat([pd.DataFrame()])
    fresh = pd.DataFrame(columns=["bill", *findings.FINDING_COLUMNS])
    pd.testing.assert_frame_equal(second, fresh)
    assert second is not findings.concat([])


def test_issue_15_a_quantity_is_parsed_once_and_stays_what_it_was() -> None:
    """Each distinct text is parsed once a process; arithmetic on it never changes it."""
    from carbon_cli import units

    numerator, denominator = units.ratio("GJ/10000 m**3")
    assert units.ratio("GJ/10000 m**3")[1] is denominator
    scaled = 38.931 * numerator / denominator
    scaled *= 2
    again = units.quantity("10000 m**3")
    assert again is denominator and again.magnitude == 10000 and str(again.units) == "meter ** 3"
    # 38.931 GJ per 10,000 m3 is 0.0038931 GJ per m3, twice that after the *= above
    assert float((scaled * units.quantity("1 m**3")).to("GJ").magnitude) == pytest.approx(2 * 38.931 / 10000)


@pytest.mark.parametrize("name", ["gwp", "regions", "activities"])
def test_issue_15_tables_kept_between_runs_are_the_tables_read_from_the_csv(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GWP table, the regions and the activities come from the factor cache on a later run:
    the same values as read from their CSVs."""
    from carbon_cli.factors import catalog, database, regions

    read = {"gwp": database.gwp_table, "regions": regions.region_table, "activities": catalog.activities}[name]
    monkeypatch.setenv("CARBON_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CARBON_NO_CACHE", raising=False)
    try:
        read.cache_clear()
        built = read()  # nothing saved yet: read from the CSV, then saved
        assert len(list(tmp_path.glob(f"{name}-*.pickle"))) == 1
        read.cache_clear()
        loaded = read()
        monkeypatch.setenv("CARBON_NO_CACHE", "1")
        read.cache_clear()
        fresh = read()
    finally:
        read.cache_clear()
    if isinstance(loaded, pd.DataFrame):
        pd.testing.assert_frame_equal(loaded, built)
        pd.testing.assert_frame_equal(loaded, fresh)
        ar4 = loaded[(loaded["set"] == "AR4") & (loaded["gas"] == "CH4")]
        assert ar4["value"].tolist() == [25.0]  # IPCC AR4 WG1 Table 2.14: methane, 100 years
    else:
        assert loaded == built == fresh
        assert list(loaded) == list(fresh)  # the file's order
    if name == "regions":
        assert loaded["CN-CQ"]["parent"] == "CN" and loaded["CN-CQ"]["kind"] == "province"  # regions.csv row 34
    if name == "activities":
        assert loaded["electricity"]["scope"] == "scope2"


@pytest.mark.parametrize(
    "values", [["gas.csv", "electricity.xlsx", "gas.csv"], [None, None], ["dayfirst", None, "monthfirst"], []]
)
def test_issue_15_a_files_yaml_value_is_spread_over_its_rows_as_pandas_would_number_it(
    values: list[str | None],
) -> None:
    from carbon_cli.bills import canonical

    rows = np.repeat(np.arange(len(values)), 3)
    spread = canonical._per_file(values, rows)
    codes, names = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    expected = pd.Categorical.from_codes(codes[rows], names.astype("str") if len(names) else pd.Index([]))
    pd.testing.assert_extension_array_equal(spread, expected)
    assert [None if pd.isna(v) else v for v in spread] == [values[i] for i in rows]


def _plugins_looked_up(tmp_path: Path, environment: dict[str, str]) -> bool:
    code = (
        "import contextlib, io, json\n"
        "from carbon_cli.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        app(['calc', {str(SAMPLE)!r}, '-f', 'json', '-q'], prog_name='carbon')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "import pydantic.plugin._loader as loader\n"  # None until pydantic has looked for plugins
        "print(json.dumps(loader._plugins is not None))\n"
    )
    env = {"CARBON_CACHE_DIR": str(tmp_path), "NO_COLOR": "1", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**env, **environment}, check=True, cwd=ROOT
    )
    return bool(json.loads(done.stdout.strip().splitlines()[-1]))


def test_issue_15_a_run_does_not_scan_every_installed_package_for_pydantic_plugins(tmp_path: Path) -> None:
    assert not _plugins_looked_up(tmp_path, {})


def test_issue_15_an_environment_that_asks_for_pydantic_plugins_gets_them(tmp_path: Path) -> None:
    assert _plugins_looked_up(tmp_path, {"PYDANTIC_DISABLE_PLUGINS": ""})
