"""Interval data (issue 12): long and wide files summed to meter-days while read, then daily
bills; the interval checks (gaps, repeated timestamps, clock-change days, spikes).

Fixtures come from scripts/fixtures/interval.py; every expected figure is worked by hand here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from carbon_cli.bills import interval_blocks
from carbon_cli.cli import app
from carbon_cli.errors import ConfigError, InputDataError
from carbon_cli.inventory import calculate, validate
from carbon_cli.sources import load_configs, read_all

DATA = Path(__file__).resolve().parent / "data" / "interval"
TODAY = dt.date(2025, 6, 1)
INTERVAL_CHECKS = {"interval_gap", "duplicate_interval", "dst_day", "interval_spike"}


def site(tmp_path: Path, path: Path, *, period: str, extra: str = "", region: str = "US-CA") -> Path:
    yaml = tmp_path / "site.yaml"
    yaml.write_text(
        f"site: {{id: s1, name: Site, region: {region}}}\n"
        f"period: {period}\n"
        f"bills:\n  - path: {path}\n    activity: electricity\n"
        + "".join(f"    {line}\n" for line in extra.splitlines())
    )
    return yaml


def bills_of(yaml: Path) -> pd.DataFrame:
    return read_all(load_configs([yaml]), None)


def findings_of(yaml: Path) -> pd.DataFrame:
    return validate([yaml], today=TODAY).findings


def by_day(bills: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {
        (str(r.meter), f"{r.period_start:%Y-%m-%d}"): round(float(r.quantity), 9)
        for r in bills.itertuples()
        if r.period_start == r.period_end
    }


# -- Green Button (long form, preamble) ----------------------------------------------------------


def test_issue_12_green_button_with_preamble_is_three_daily_bills(tmp_path: Path) -> None:
    bills = bills_of(site(tmp_path, DATA / "green_button.csv", period="{start: 2024-01-01, end: 2024-01-03}"))
    # Each day: 24 quarter hours (00:00-05:59) x 0.25 + 48 x 0.50 (06:00-17:59) + 24 x 0.30 (18:00-23:59)
    day = 24 * 0.25 + 48 * 0.50 + 24 * 0.30
    assert day == pytest.approx(37.2)
    assert len(bills) == 3
    assert (bills["period_start"] == bills["period_end"]).all()
    assert bills["quantity"].tolist() == pytest.approx([day, day, day])
    assert set(bills["unit"].astype(str)) == {"kWh"}
    # The header is line 6 (four account lines and a blank line above it): day 1 starts on line 7,
    # each day is 96 lines.
    assert bills["source_row"].tolist() == [7, 7 + 96, 7 + 2 * 96]
    assert bills["period_start"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01", "2024-01-02", "2024-01-03"]


def test_issue_12_green_button_ledger_points_to_the_file_and_day(tmp_path: Path) -> None:
    inventory = calculate(
        [site(tmp_path, DATA / "green_button.csv", period="{start: 2024-01-01, end: 2024-01-03}")], today=TODAY
    )
    ledger = inventory.ledger
    # One row per day (slice) and gas in the location-based view: take one gas.
    location = ledger[(ledger["scope"] == "scope2_location") & (ledger["gas"] == ledger["gas"].iloc[0])]
    location = location[location["part"] == location["part"].iloc[0]]
    assert location["quantity"].sum() == pytest.approx(3 * 37.2)
    assert sorted(location["source_row"].astype(int).tolist()) == [7, 103, 199]
    assert all(str(name).endswith("green_button.csv") for name in location["source_file"])
    assert location["slice_start"].astype(str).tolist() == location["slice_end"].astype(str).tolist()
    assert not INTERVAL_CHECKS & set(inventory.findings["check"])


# -- UK half-hourly (wide form) -------------------------------------------------------------------

UK_DAYS = {  # periods in the day x the first 14 at 0.4 kWh, the others 1.2 kWh
    "2024-03-30": 14 * 0.4 + 34 * 1.2,  # 46.4
    "2024-03-31": 14 * 0.4 + 32 * 1.2,  # 44.0: 23 hours, 46 periods
    "2024-04-01": 14 * 0.4 + 34 * 1.2,
    "2024-10-26": 14 * 0.4 + 34 * 1.2,
    "2024-10-27": 14 * 0.4 + 36 * 1.2,  # 48.8: 25 hours, 50 periods
    "2024-10-28": 14 * 0.4 + 34 * 1.2,
}


def test_issue_12_uk_half_hourly_wide_rows_are_daily_bills_with_23_and_25_hour_days(tmp_path: Path) -> None:
    yaml = site(
        tmp_path,
        DATA / "uk_halfhourly.csv",
        period="{start: 2024-03-30, end: 2024-10-28}",
        extra="unit: kWh\ntimezone: Europe/London",
        region="GB",
    )
    bills = bills_of(yaml)
    assert by_day(bills) == pytest.approx({("1900012345678", d): q for d, q in UK_DAYS.items()})
    assert sum(UK_DAYS.values()) == pytest.approx(278.4)
    assert bills["source_row"].tolist() == [2, 3, 4, 5, 6, 7]  # one row per day below the header
    # Europe/London has 23 hours on 31 March 2024 and 25 on 27 October: accepted, nothing reported.
    assert not INTERVAL_CHECKS & set(findings_of(yaml)["check"])


def test_issue_12_clock_change_days_without_a_timezone_are_noted(tmp_path: Path) -> None:
    yaml = site(tmp_path, DATA / "uk_halfhourly.csv", period="{start: 2024-03-30, end: 2024-10-28}", extra="unit: kWh")
    found = findings_of(yaml)
    dst = found[found["check"] == "dst_day"]
    assert dst["period_start"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-31", "2024-10-27"]
    assert dst["severity"].tolist() == ["info", "info"]
    assert dst["detail"].str.startswith("23 hours").tolist() == [True, False]
    assert "timezone:" in dst["detail"].iloc[0]
    assert not {"interval_gap", "duplicate_interval"} & set(found["check"])


def test_issue_12_a_23_hour_day_is_a_gap_where_the_timezone_says_24(tmp_path: Path) -> None:
    text = (DATA / "uk_halfhourly.csv").read_text().replace("2024-03-31", "2024-03-29")
    path = tmp_path / "hh.csv"
    path.write_text(text)
    yaml = site(
        tmp_path, path, period="{start: 2024-03-29, end: 2024-10-28}", extra="unit: kWh\ntimezone: Europe/London"
    )
    found = findings_of(yaml)
    gap = found[found["check"] == "interval_gap"]
    assert gap["period_start"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-29"]
    assert gap["detail"].iloc[0].startswith("2 of 48 30-minute intervals missing (the first at column 47)")


# -- the generic long form: one duplicate timestamp, one gap ------------------------------------


def test_issue_12_long_form_with_one_duplicate_and_one_gap(tmp_path: Path) -> None:
    yaml = site(tmp_path, DATA / "meters_long.csv", period="{start: 2024-05-01, end: 2024-05-02}")
    bills = bills_of(yaml)
    assert by_day(bills) == pytest.approx(
        {
            ("E1", "2024-05-01"): 24 * 1.5,  # 36
            ("E1", "2024-05-02"): 23 * 1.5,  # 34.5: 13:00 missing
            ("E2", "2024-05-01"): 25 * 2.0,  # 50: 09:00 given twice, both counted (and reported)
            ("E2", "2024-05-02"): 24 * 2.0,  # 48
        }
    )
    found = findings_of(yaml)
    assert sorted(found["check"]) == ["duplicate_interval", "interval_gap"]
    dup = found[found["check"] == "duplicate_interval"].iloc[0]
    assert (dup["meter"], f"{dup['period_start']:%Y-%m-%d}", dup["severity"]) == ("E2", "2024-05-01", "error")
    assert "09:00" in dup["detail"]
    assert dup["source_row"] == 2 + 47  # E2's first row: below the header (line 1) and E1's 47 rows
    gap = found[found["check"] == "interval_gap"].iloc[0]
    assert (gap["meter"], f"{gap['period_start']:%Y-%m-%d}") == ("E1", "2024-05-02")
    assert gap["detail"].startswith("1 of 24 60-minute intervals missing (the first at 13:00)")


def test_issue_12_equal_values_are_never_duplicates(tmp_path: Path) -> None:
    """A flat 15-minute profile (every interval 0.5 kWh) for two meters over ten days: 1,920
    equal values, no finding at all (not one 'duplicate')."""
    lines = ["timestamp,kWh,meter"]
    for meter in ("A", "B"):
        for step in range(10 * 96):
            at = dt.datetime(2024, 6, 1) + dt.timedelta(minutes=15 * step)
            lines.append(f"{at:%Y-%m-%d %H:%M},0.5,{meter}")
    path = tmp_path / "flat.csv"
    path.write_text("\n".join(lines) + "\n")
    yaml = site(tmp_path, path, period="{start: 2024-06-01, end: 2024-06-10}")
    assert findings_of(yaml).empty
    assert bills_of(yaml)["quantity"].tolist() == pytest.approx([96 * 0.5] * 20)


def test_issue_12_reading_in_small_blocks_gives_the_same_days(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Days and repeats that straddle blocks are summed across them (memory holds one block)."""
    yaml = site(tmp_path, DATA / "meters_long.csv", period="{start: 2024-05-01, end: 2024-05-02}")
    whole = by_day(bills_of(yaml))
    monkeypatch.setattr(interval_blocks, "BLOCK_BYTES", 256)
    assert by_day(bills_of(yaml)) == whole
    assert sorted(findings_of(yaml)["check"]) == ["duplicate_interval", "interval_gap"]


def test_issue_12_a_blank_line_keeps_the_row_numbers(tmp_path: Path) -> None:
    text = (DATA / "meters_long.csv").read_text().splitlines()
    text.insert(10, "")  # a blank line among E1's first day
    path = tmp_path / "blank.csv"
    path.write_text("\n".join(text) + "\n")
    bills = bills_of(site(tmp_path, path, period="{start: 2024-05-01, end: 2024-05-02}"))
    rows = {(str(r.meter), f"{r.period_start:%Y-%m-%d}"): int(r.source_row) for r in bills.itertuples()}
    # header line 1; E1 day 1 from line 2; its 24 rows + the blank line: day 2 from line 27.
    assert rows[("E1", "2024-05-01")] == 2
    assert rows[("E1", "2024-05-02")] == 27
    assert by_day(bills)[("E1", "2024-05-01")] == pytest.approx(36.0)


# -- timestamps: start or end of the interval -----------------------------------------------------


def _stamps(tmp_path: Path, first: dt.datetime, count: int, name: str = "ends.csv") -> Path:
    lines = ["timestamp,kWh"]
    lines += [f"{first + dt.timedelta(minutes=30 * i):%Y-%m-%d %H:%M},{1 + i % 2}" for i in range(count)]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def test_issue_12_timestamps_one_interval_after_midnight_mark_interval_ends(tmp_path: Path) -> None:
    # 96 half hours stamped 00:30 .. 00:00 two days later: interval ends, so two whole days.
    path = _stamps(tmp_path, dt.datetime(2024, 2, 1, 0, 30), 96)
    bills = bills_of(site(tmp_path, path, period="{start: 2024-02-01, end: 2024-02-02}"))
    # Values alternate 1, 2, 1, 2 ...: 24 ones and 24 twos a day = 72 kWh.
    assert by_day(bills) == pytest.approx({("ends", "2024-02-01"): 72.0, ("ends", "2024-02-02"): 72.0})


def test_issue_12_timestamps_starting_mid_day_must_be_settled_in_yaml(tmp_path: Path) -> None:
    path = _stamps(tmp_path, dt.datetime(2024, 2, 1, 13, 0), 48)
    yaml = site(tmp_path, path, period="{start: 2024-02-01, end: 2024-02-02}")
    with pytest.raises(InputDataError, match="timestamps: start"):
        bills_of(yaml)
    yaml = site(tmp_path, path, period="{start: 2024-02-01, end: 2024-02-02}", extra="timestamps: start")
    # 13:00 .. 23:30 on day 1 (22 half hours: 11 ones, 11 twos), 00:00 .. 12:30 on day 2 (26: 13 + 13).
    assert by_day(bills_of(yaml)) == pytest.approx({("ends", "2024-02-01"): 33.0, ("ends", "2024-02-02"): 39.0})


# -- clock changes in the long form ---------------------------------------------------------------


def _hourly(tmp_path: Path, day: dt.date, hours: list[int], value: float = 1.0) -> Path:
    lines = ["timestamp,kWh"] + [f"{day:%Y-%m-%d} {h:02d}:00,{value}" for h in hours]
    path = tmp_path / "clock.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_issue_12_repeated_hour_of_a_fall_back_day_is_accepted_with_a_timezone(tmp_path: Path) -> None:
    # America/Los_Angeles, 3 November 2024: 01:00-01:59 happens twice (25 hours).
    path = _hourly(tmp_path, dt.date(2024, 11, 3), [0, 1, 1, *range(2, 24)])
    zoned = site(tmp_path, path, period="{start: 2024-11-03, end: 2024-11-03}", extra="timezone: America/Los_Angeles")
    assert bills_of(zoned)["quantity"].tolist() == pytest.approx([25.0])
    assert not INTERVAL_CHECKS & set(findings_of(zoned)["check"])
    plain = site(tmp_path, path, period="{start: 2024-11-03, end: 2024-11-03}")
    assert findings_of(plain)[["check", "severity"]].values.tolist() == [["dst_day", "info"]]


def test_issue_12_skipped_hour_of_a_spring_day_is_not_a_gap_with_a_timezone(tmp_path: Path) -> None:
    # America/Los_Angeles, 10 March 2024: 02:00-02:59 does not exist (23 hours).
    path = _hourly(tmp_path, dt.date(2024, 3, 10), [h for h in range(24) if h != 2])
    zoned = site(tmp_path, path, period="{start: 2024-03-10, end: 2024-03-10}", extra="timezone: America/Los_Angeles")
    assert not INTERVAL_CHECKS & set(findings_of(zoned)["check"])
    plain = site(tmp_path, path, period="{start: 2024-03-10, end: 2024-03-10}")
    assert findings_of(plain)["check"].tolist() == ["dst_day"]
    # The same hours missing on an ordinary day of that zone: a gap.
    other = _hourly(tmp_path, dt.date(2024, 3, 12), [h for h in range(24) if h != 2])
    found = findings_of(
        site(tmp_path, other, period="{start: 2024-03-12, end: 2024-03-12}", extra="timezone: America/Los_Angeles")
    )
    assert found["check"].tolist() == ["interval_gap"]


# -- spikes ---------------------------------------------------------------------------------------


def test_issue_12_a_spike_against_the_meters_own_profile_is_reported(tmp_path: Path) -> None:
    # Ten days, hourly: 2 kWh in working hours (08:00-17:59), 0.5 kWh otherwise; day 6 at 14:00 reads 60.
    lines = ["timestamp,kWh,meter"]
    for day in range(1, 11):
        for hour in range(24):
            value = 2.0 if 8 <= hour < 18 else 0.5
            if day == 6 and hour == 14:
                value = 60.0
            lines.append(f"2024-09-{day:02d} {hour:02d}:00,{value},M1")
    path = tmp_path / "spike.csv"
    path.write_text("\n".join(lines) + "\n")
    found = findings_of(site(tmp_path, path, period="{start: 2024-09-01, end: 2024-09-10}"))
    assert found["check"].tolist() == ["interval_spike"]
    spike = found.iloc[0]
    assert f"{spike['period_start']:%Y-%m-%d}" == "2024-09-06"
    # The meter's 14:00 mean over its other nine days is 2.0 kWh: 60 is 30x that.
    assert "at 14:00 used 60 kWh, 30x the meter's usual 2" in spike["detail"]
    assert spike["source_row"] == 2 + 5 * 24  # the first row of 6 September


# -- shapes and settings refused ------------------------------------------------------------------


def test_issue_12_interval_wide_on_a_long_file_names_the_key(tmp_path: Path) -> None:
    yaml = site(
        tmp_path, DATA / "meters_long.csv", period="{start: 2024-05-01, end: 2024-05-02}", extra="interval: wide"
    )
    with pytest.raises(ConfigError, match="interval: long"):
        bills_of(yaml)


def test_issue_12_interval_key_on_an_ordinary_bill_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bills.csv"
    path.write_text("start,end,quantity,unit\n2024-01-01,2024-01-31,100,kWh\n")
    yaml = site(tmp_path, path, period="{start: 2024-01-01, end: 2024-01-31}", extra="interval: long")
    with pytest.raises(ConfigError, match="no header line"):
        bills_of(yaml)
    # Without the key the file is an ordinary bill, not interval data.
    plain = site(tmp_path, path, period="{start: 2024-01-01, end: 2024-01-31}")
    assert bills_of(plain)["quantity"].tolist() == [100.0]


def test_issue_12_unknown_timezone_is_a_config_error_exit_2(tmp_path: Path) -> None:
    yaml = site(
        tmp_path,
        DATA / "meters_long.csv",
        period="{start: 2024-05-01, end: 2024-05-02}",
        extra="timezone: Europe/Londres",
    )
    result = CliRunner().invoke(app, ["validate", str(yaml)], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 2
    assert "Europe/Londres" in result.stderr


def test_issue_12_validate_cli_fails_on_the_duplicate_timestamp(tmp_path: Path) -> None:
    yaml = site(tmp_path, DATA / "meters_long.csv", period="{start: 2024-05-01, end: 2024-05-02}")
    result = CliRunner().invoke(app, ["validate", str(yaml)], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 1
    assert "duplicate_interval" in result.stdout


def test_issue_12_trailing_blank_lines_shift_no_row(tmp_path: Path) -> None:
    path = tmp_path / "tail.csv"
    path.write_text((DATA / "meters_long.csv").read_text() + "\n\n")
    bills = bills_of(site(tmp_path, path, period="{start: 2024-05-01, end: 2024-05-02}"))
    assert bills["source_row"].tolist() == [2, 26, 49, 74]  # E1 24 + 23 rows, E2 25 + 24 rows
    assert bills["quantity"].sum() == pytest.approx(36 + 34.5 + 50 + 48)


def test_issue_12_green_button_hourly_with_am_pm_times(tmp_path: Path) -> None:
    lines = ["Name,JOHN DOE", "Account Number,1234", "", "TYPE,DATE,START TIME,END TIME,USAGE,UNITS,NOTES"]
    for hour in range(24):
        clock = f"{(hour % 12) or 12}:00 {'AM' if hour < 12 else 'PM'}"
        lines.append(f"Electric usage,2023-07-04,{clock},{clock[:-6]}:59 {clock[-2:]},{0.8 if hour < 12 else 1.6},kWh,")
    path = tmp_path / "gb_hourly.csv"
    path.write_text("\n".join(lines) + "\n")
    bills = bills_of(site(tmp_path, path, period="{start: 2023-07-04, end: 2023-07-04}"))
    # 12 morning hours x 0.8 + 12 afternoon hours x 1.6 = 28.8 kWh; header on line 4, data from line 5.
    assert bills[["quantity", "source_row"]].values.tolist() == [[pytest.approx(28.8), 5]]
    assert findings_of(site(tmp_path, path, period="{start: 2023-07-04, end: 2023-07-04}")).empty
