"""Meter readings (issue 12): one row per bill or a log of reads, into bills checked by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from bill_files import write_csv
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from carbon_cli import bills, factors
from carbon_cli.cli import app
from carbon_cli.config import BillSource
from carbon_cli.errors import ConfigError, InputDataError

DATA = Path(__file__).resolve().parent / "data" / "readings"


def read(path: Path, **fields: object) -> pd.DataFrame:
    source = BillSource(path=path, activity="electricity", unit=fields.pop("unit", "kWh"), **fields)
    return bills.read(source, site="s1", activities=factors.activities())


def read_csv(tmp_path: Path, text: str, **fields: object) -> pd.DataFrame:
    return read(write_csv(tmp_path, text, name="reads.csv"), **fields)


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# --- one row per bill: the State Grid sheet ---------------------------------------------------


def test_issue_12_state_grid_sheet_keeps_each_bills_printed_quantity_which_agrees_with_its_readings():
    frame = read(DATA / "state_grid_readings.xlsx", header_row=2)
    # (本期示数 - 上期示数) x 倍率 80, printed by the bill in whole kWh:
    # Jan (2643.79 - 2456.37) x 80 = 187.42 x 80 = 14993.6 -> 14994; Feb 150.18 x 80 = 12014.4 -> 12014;
    # Mar 171.05 x 80 = 13684; Apr 165.90 x 80 = 13272; May 182.33 x 80 = 14586.4 -> 14586;
    # Jun 210.47 x 80 = 16837.6 -> 16838; Jul 245.81 x 80 = 19664.8 -> 19665; Aug 251.06 x 80 = 20084.8
    # -> 20085; Sep 208.64 x 80 = 16691.2 -> 16691; Oct 176.29 x 80 = 14103.2 -> 14103;
    # Nov 169.93 x 80 = 13594.4 -> 13594; Dec 190.12 x 80 = 15209.6 -> 15210.
    expected = [14994, 12014, 13684, 13272, 14586, 16838, 19665, 20085, 16691, 14103, 13594, 15210]
    assert frame["quantity"].tolist() == expected
    assert frame["quantity"].sum() == 184736  # = (4765.57 - 2456.37) x 80 = 2309.20 x 80 exactly
    assert set(frame["meter"]) == {"5001234567"}  # 户号
    assert frame["period_start"].iloc[0] == day("2021-01-01")  # 上次抄表日期
    assert frame["period_end"].iloc[0] == day("2021-02-01")  # 本次抄表日期
    assert frame["source_row"].tolist() == list(range(3, 15))  # title row 1, header row 2
    assert frame["cost"].iloc[0] == pytest.approx(9719.11)  # 电费


def test_issue_12_readings_without_a_quantity_column_give_the_difference_times_the_multiplier(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        户号,上次抄表日期,本次抄表日期,起码,止码,综合倍率
        5001234567,2021-01-01,2021-02-01,2456.37,2643.79,80
        5001234567,2021-02-01,2021-03-01,2643.79,2793.97,80
        """,
    )
    # (2643.79 - 2456.37) x 80 = 14993.6; (2793.97 - 2643.79) x 80 = 150.18 x 80 = 12014.4
    assert frame["quantity"].tolist() == pytest.approx([14993.6, 12014.4], abs=1e-9)


def test_issue_12_english_reading_headers_and_a_ct_ratio_are_found(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        Previous read date,Current read date,Previous reading,Present reading,CT ratio
        2021-01-04,2021-02-03,10450,10712,120
        """,
    )
    assert frame["quantity"].tolist() == [(10712 - 10450) * 120]  # 262 x 120 = 31440
    assert frame["period_end"].tolist() == [day("2021-02-03")]


def test_issue_12_multiplier_from_the_yaml_when_the_file_has_none(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,上期示数,本期示数
        2021-01-01,2021-01-31,100.5,112.0
        """,
        multiplier=30,
    )
    assert frame["quantity"].tolist() == pytest.approx([345.0])  # (112.0 - 100.5) x 30


def test_issue_12_a_quantity_that_disagrees_with_its_readings_is_refused_naming_the_row(tmp_path):
    with pytest.raises(InputDataError) as caught:
        read_csv(
            tmp_path,
            """\
            start,end,上期示数,本期示数,倍率,电量
            2021-01-01,2021-02-01,2456.37,2643.79,80,14994
            2021-02-01,2021-03-01,2643.79,2793.97,80,12104
            """,
        )
    text = str(caught.value)
    assert "reads.csv row 3, column '电量'" in text
    assert "12104" in text and "12014.4" in text  # 150.18 x 80 = 12014.4, not 12104


def test_issue_12_one_row_rollover_counts_past_the_top_of_the_dials(tmp_path):
    text = """\
        start,end,previous reading,current reading
        2021-05-01,2021-06-01,99478,731
        """
    frame = read_csv(tmp_path, text, rollover=99999)
    assert frame["quantity"].tolist() == [1253]  # 99999 + 1 - 99478 + 731
    with pytest.raises(InputDataError) as caught:
        read_csv(tmp_path, text)
    message = str(caught.value)
    assert "reads.csv row 2, column 'current reading'" in message
    assert "goes backwards from 99478 to 731" in message
    assert "rollover:" in message and "replaced:" in message


def test_issue_12_one_row_replacement_adds_the_old_meters_end_and_the_new_meters_start(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,previous reading,current reading
        2021-08-01,2021-09-01,3702,781
        """,
        replaced=[{"date": "2021-08-17", "old_final": 4498, "new_start": 2}],
    )
    assert frame["quantity"].tolist() == [(4498 - 3702) + (781 - 2)]  # 796 + 779 = 1575


def test_issue_12_replaced_entry_outside_every_bill_is_refused(tmp_path):
    with pytest.raises(ConfigError, match=r"replaced\[0\]"):
        read_csv(
            tmp_path,
            """\
            start,end,previous reading,current reading
            2021-08-01,2021-09-01,3702,4781
            """,
            replaced=[{"date": "2021-10-17", "old_final": 4498, "new_start": 2}],
        )


def test_issue_12_text_in_a_reading_column_is_one_clear_line(tmp_path):
    with pytest.raises(InputDataError) as caught:
        read_csv(
            tmp_path,
            """\
            start,end,上期示数,本期示数
            2021-01-01,2021-02-01,2456.37,表坏
            """,
        )
    assert "reads.csv row 2, column '本期示数': '表坏' is not a number" in str(caught.value)


@pytest.mark.parametrize("value", ["0", "-80"])
def test_issue_12_a_multiplier_of_zero_or_less_is_refused(tmp_path, value):
    with pytest.raises(InputDataError, match=rf"row 2, column '倍率': multiplier {value} is not above zero"):
        read_csv(
            tmp_path,
            f"""\
            start,end,上期示数,本期示数,倍率
            2021-01-01,2021-02-01,2456.37,2643.79,{value}
            """,
        )


def test_issue_12_yaml_multiplier_and_rollover_must_be_above_zero():
    assert BillSource(path=Path("x.csv"), multiplier=80, rollover=99999).multiplier == 80
    with pytest.raises(ValidationError, match=r"multiplier\n  Input should be greater than 0"):
        BillSource(path=Path("x.csv"), multiplier=0)
    with pytest.raises(ValidationError, match=r"rollover\n  Input should be greater than 0"):
        BillSource(path=Path("x.csv"), rollover=-1)


def test_issue_12_a_reading_beyond_the_rollover_is_refused(tmp_path):
    with pytest.raises(
        InputDataError, match=r"reading 123456 is beyond the meter's largest reading \(rollover: 99999\)"
    ):
        read_csv(
            tmp_path,
            """\
            start,end,previous reading,current reading
            2021-05-01,2021-06-01,99478,123456
            """,
            rollover=99999,
        )


def test_issue_12_a_bill_with_a_quantity_and_one_reading_column_stays_a_bill(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        start,end,quantity,reading,date,remarks
        2021-01-01,2021-01-31,1000,55120,2021-02-01,
        ,,,,,see note
        """,
    )
    assert frame["quantity"].tolist() == [1000]


# --- the log: one read per row -----------------------------------------------------------------


def test_issue_12_english_log_with_a_rollover_and_a_meter_replacement():
    frame = read(DATA / "meter_log.csv", rollover=99999)
    e1001 = frame[frame["meter"] == "E-1001"]
    # Each read minus the read before it (multiplier 1); the first read opens the meter.
    expected = [
        95108 - 93412,  # 1696
        96655 - 95108,  # 1547
        98120 - 96655,  # 1465
        99478 - 98120,  # 1358
        99999 + 1 - 99478 + 731,  # 1253: rolled over
        2187 - 731,  # 1456
        3702 - 2187,  # 1515
        4498 - 3702,  # 796: to the old meter's final read on 17 August
        781 - 2,  # 779: from the new meter's first read ("Meter replaced"), which makes no bill
        2240 - 781,  # 1459
        3851 - 2240,  # 1611
        5570 - 3851,  # 1719
        7398 - 5570,  # 1828
    ]
    assert e1001["quantity"].tolist() == expected
    # Across the year: old meter 100000 - 93412 + 4498 = 11086, new meter 7398 - 2 = 7396.
    assert sum(expected) == 18482 == (100000 - 93412 + 4498) + (7398 - 2)
    assert e1001["period_start"].tolist()[7:9] == [day("2021-08-01"), day("2021-08-17")]
    assert e1001["period_end"].tolist()[7:9] == [day("2021-08-17"), day("2021-09-01")]
    e1002 = frame[frame["meter"] == "E-1002"]
    assert len(e1002) == 12
    assert e1002["quantity"].sum() == (1581 - 1204) * 40  # 15080: no rollover, multiplier 40
    assert e1002["quantity"].iloc[0] == (1236 - 1204) * 40
    # Bills point at the read that closes them: E-1001's June bill is the 2021-06-01 read, row 12.
    assert e1001["source_row"].iloc[4] == 12


def test_issue_12_log_going_backwards_without_rollover_names_both_rows_and_the_keys():
    with pytest.raises(InputDataError) as caught:
        read(DATA / "meter_log.csv")
    message = str(caught.value)
    # E-1001's 2021-05-01 read is file row 10, its 2021-06-01 read row 12 (E-1002 interleaved).
    assert "meter_log.csv rows 10 and 12, column 'Reading': the reading goes backwards" in message
    assert "rollover:" in message and "replaced:" in message


def test_issue_12_log_replacement_from_the_yaml(tmp_path):
    lines = (DATA / "meter_log.csv").read_text().splitlines()
    kept = [line for line in lines if not line.startswith("2021-08-17")]
    path = tmp_path / "log.csv"
    path.write_text("\n".join(kept) + "\n")
    frame = read(
        path, rollover=99999, replaced=[{"date": "2021-08-17", "meter": "E-1001", "old_final": 4498, "new_start": 2}]
    )
    august = frame[(frame["meter"] == "E-1001") & (frame["period_start"] == day("2021-08-01"))]
    assert august["quantity"].tolist() == [(4498 - 3702) + (781 - 2)]  # 1575, to 2021-09-01
    assert august["period_end"].tolist() == [day("2021-09-01")]


def test_issue_12_replaced_entry_must_name_the_meter_when_the_log_has_several(tmp_path):
    with pytest.raises(ConfigError, match=r"replaced\[0\].*Add meter:"):
        read(
            DATA / "meter_log.csv", rollover=99999, replaced=[{"date": "2021-08-17", "old_final": 4498, "new_start": 2}]
        )


def test_issue_12_new_meter_mark_without_the_old_meters_final_read_is_refused(tmp_path):
    with pytest.raises(InputDataError, match="old meter's final reading is not known"):
        read_csv(
            tmp_path,
            """\
            Read Date,Reading,Status
            2021-08-01,3702,
            2021-08-17,2,换表
            2021-09-01,781,
            """,
        )


def test_issue_12_status_marks_are_configurable(tmp_path):
    text = """\
        抄表日期,示数,备注
        2021-08-01,3702,
        2021-08-17,4498,
        2021-08-17,2,新装表计
        2021-09-01,781,
        """
    frame = read_csv(tmp_path, text, replacement_marks=["新装表计"])
    assert frame["quantity"].tolist() == [796, 779]
    with pytest.raises(InputDataError, match="read twice on 2021-08-17"):
        read_csv(tmp_path, text)


def test_issue_12_log_multiplier_change_without_a_new_meter_is_refused(tmp_path):
    with pytest.raises(InputDataError, match="multiplier changes from 40 to 80"):
        read_csv(
            tmp_path,
            """\
            date,meter reading,multiplier
            2021-01-01,1204,40
            2021-02-01,1236,80
            """,
        )


def test_issue_12_log_rows_out_of_order_are_sorted_by_date_per_meter(tmp_path):
    frame = read_csv(
        tmp_path,
        """\
        date,meter,reading
        2021-03-01,B,50
        2021-02-01,A,130
        2021-01-01,A,100
        2021-01-01,B,20
        2021-03-01,A,175
        """,
    )
    got = {
        (m, str(s.date()), q) for m, s, q in zip(frame["meter"], frame["period_start"], frame["quantity"], strict=True)
    }
    assert got == {("A", "2021-01-01", 30), ("A", "2021-02-01", 45), ("B", "2021-01-01", 30)}


def test_issue_12_log_quantity_column_must_agree(tmp_path):
    with pytest.raises(InputDataError, match=r"row 3, column 'consumption': quantity 40 does not agree"):
        read_csv(
            tmp_path,
            """\
            date,reading,consumption
            2021-01-01,100,
            2021-02-01,130,40
            """,
        )


@settings(max_examples=60, deadline=None)
@given(
    first=st.integers(0, 10**6),
    advances=st.lists(st.integers(0, 10**5), min_size=1, max_size=30),
    multiplier=st.sampled_from([1, 2.5, 40, 80, 600]),
    shuffle=st.randoms(use_true_random=False),
)
def test_log_consumption_adds_up_to_last_minus_first_reading_times_multiplier(
    tmp_path_factory, first, advances, multiplier, shuffle
):
    readings = [first]
    for advance in advances:
        readings.append(readings[-1] + advance / 100)  # two decimals, as registers show
    days = pd.date_range("2021-01-01", periods=len(readings), freq="7D")
    lines = [f"{d:%Y-%m-%d},{r:.2f},{multiplier}" for d, r in zip(days, readings, strict=True)]
    shuffle.shuffle(lines)
    path = write_csv(tmp_path_factory.mktemp("log"), "date,reading,multiplier\n" + "\n".join(lines) + "\n")
    frame = read(path)
    assert len(frame) == len(advances)
    assert frame["quantity"].sum() == pytest.approx((round(readings[-1], 2) - first) * multiplier, rel=1e-9, abs=1e-6)


# --- the command line -------------------------------------------------------------------------


def test_issue_12_readings_site_runs_and_a_backwards_log_exits_3(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(DATA / "site.yaml")], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    site = tmp_path / "site.yaml"
    site.write_text((DATA / "site.yaml").read_text().replace("rollover: 99999", "meter: main"))
    for name in ("state_grid_readings.xlsx", "meter_log.csv"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    result = runner.invoke(app, ["calc", str(site)], env={"NO_COLOR": "1"})
    assert result.exit_code == 3
    assert "meter_log.csv rows 10 and 12" in result.stderr and "rollover:" in result.stderr


def test_issue_12_a_shared_log_follows_each_sites_meter_on_its_own(tmp_path):
    source = BillSource(
        path=write_csv(
            tmp_path,
            "site,date,meter,reading\n"
            "a,2021-01-01,M1,100\nb,2021-01-01,M1,5000\n"
            "a,2021-02-01,M1,160\nb,2021-02-01,M1,5250\n",
            name="shared.csv",
        ),
        activity="electricity",
        unit="kWh",
    )
    frame = bills.read(source, site=None, activities=factors.activities())
    assert dict(zip(frame["site"], frame["quantity"], strict=True)) == {"a": 60, "b": 250}  # 160-100, 5250-5000
