"""Issue 18: the rarest finding details read wholly in Chinese (a mistyped year's length and its
probable date, an anomaly's calendar-month norm)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from carbon_cli import i18n
from carbon_cli.i18n.messages import translate


@pytest.fixture(autouse=True)
def chinese() -> Iterator[None]:
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def english_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", text)


def test_a_mistyped_years_length_and_its_probable_date_read_in_chinese() -> None:
    text = (
        "2017-05-15 to 2071-06-15 is 19,755 days long; end 2071-06-15 is probably 2017-06-15; "
        "the other checks read it so"
    )
    said = translate(text)
    assert (
        said
        == "2017-05-15 至 2071-06-15 长达 19,755 天；结束日期 2071-06-15 应为 2017-06-15；其他检查按更正后的日期读取"
    )


def test_a_mistyped_start_reads_in_chinese() -> None:
    said = translate("2071-12-20 to 2018-01-19 is 19,388 days long; start 2071-12-20 is probably 2017-12-20")
    assert "开始日期 2071-12-20 应为 2017-12-20" in said and not english_words(said)


@pytest.mark.parametrize("month", ["January", "May", "December"])
def test_an_anomalys_calendar_month_norm_names_the_month_in_chinese(month: str) -> None:
    said = translate(f"norm 12.5 kWh/day, median of the meter's {month} bills in other years")
    assert english_words(said) == ["kWh"]
    assert {"January": "1月", "May": "5月", "December": "12月"}[month] in said
