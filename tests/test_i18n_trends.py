"""Issue 18 after issues 13-17: the multi-year workbook (Trend, Targets, Change sheets, the
summary of several years), the By activity caption with memo lines and billed quantities, and
the new help texts are Chinese under --lang zh, but for ids, names, units and citations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from rich.cells import cell_len

from carbon_cli import i18n
from carbon_cli.factors import gwp_table
from carbon_cli.i18n.messages import translate
from carbon_cli.inventory import Inventory, calculate
from carbon_cli.render import excel
from carbon_cli.render.excel.tables import VIEWS_NOTE

ROOT = Path(__file__).resolve().parent.parent
CAMPUS = ROOT / "sample_data" / "campus-5y" / "portfolio.yaml"
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_./\-\[\]:*²³₂₄]*")
#: Words a Chinese report keeps in Latin letters: units, gases, standards and names of formats.
KEPT = {
    "tCO2e", "kgCO2e", "CO2", "CH4", "N2O", "CO2e", "CO₂", "CH₄", "N₂O", "GWP", "AR6", "GHG", "Protocol",
    "YAML", "README", "LMDI-I", "kWh", "MWh", "GJ", "m3", "m²", "m³", "kg", "TJ", "t", "CO2e/m²",
    "quality.end_gap_days:", "CCER", "therm", "ncv", "t_per_unit", "GLOBAL", "kg/m³",
}  # fmt: skip


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.fixture(scope="module")
def campus() -> Inventory:
    return calculate([CAMPUS])


@pytest.fixture(scope="module")
def campus_workbook(tmp_path_factory: pytest.TempPathFactory, campus: Inventory) -> Path:
    path = tmp_path_factory.mktemp("zh-trend") / "report.xlsx"
    i18n.set_language("zh")
    try:
        excel.save(campus, path)
    finally:
        i18n.set_language("en")
    return path


def allowed(inventory: Inventory) -> tuple[set[str], list[str]]:
    """The sample's own words (site ids and names, regions, meters, files, factor ids, target
    names from the YAML) and the citation texts, which a Chinese report quotes as published."""
    words = set(KEPT)
    ledger, factors = inventory.ledger, inventory.factors_used()
    texts = [
        *(cfg.site.id for cfg in inventory.sites),
        *(cfg.site.name or "" for cfg in inventory.sites),
        *(cfg.site.region for cfg in inventory.sites),
        *ledger["meter"].astype(str),
        *ledger["source_file"].astype(str),
        *ledger["factor_id"].astype(str),
        *ledger["factor_unit"].astype(str),
        *factors["factor_id"].astype(str),
        *factors["factor_region"].astype(str),
        *ledger["conversion_id"].dropna().astype(str),
        # group paths and each of their levels (China, China/Beijing, ...): the YAML's own names
        *(path[:i] for cfg in inventory.sites for path in [cfg.site.group or ""] for i in range(len(path) + 1)
          if i == len(path) or path[i] == "/"),
        "China/Chongqing/AI PARK", "China", "China/Chongqing",  # the By group caption's example
        "Example Campus (5 years)",  # the portfolio's name
        # the targets' names are the YAML's own text
        "-42% by 2030 (SBTi 1.5 °C)", "4.2%/year linear", "-30% kg/m² by 2030",
    ]  # fmt: skip
    for text in texts:
        words.update(WORD.findall(text))
    gwp = gwp_table()
    quoted = set(ledger["citation"].astype(str)) | set(factors["citation"].astype(str))
    quoted |= set(gwp.loc[gwp["set"] == inventory.gwp, "citation"].astype(str))
    return words, sorted(quoted, key=len)[::-1]


def english_words(text: str, words: set[str], citations: list[str]) -> list[str]:
    for citation in citations:
        text = text.replace(citation, " ")
    return [w for w in WORD.findall(text) if w not in words and w.rstrip(".:,;") not in words]


def test_issue_18_the_multi_year_sheets_have_chinese_names(campus_workbook: Path) -> None:
    book = openpyxl.load_workbook(campus_workbook)
    assert book.sheetnames == [
        "汇总", "按月", "按站点", "按组", "按活动", "趋势", "目标", "变化", "明细账", "排放因子", "数据质量",
    ]  # fmt: skip


def test_issue_18_every_string_of_the_chinese_multi_year_workbook_is_chinese(
    campus_workbook: Path, campus: Inventory
) -> None:
    """Trend, Targets, Change, the summary of several years (month names, the lead year's
    headings, coverage findings) and the base-year reasons: no English word is left but ids."""
    words, citations = allowed(campus)
    book = openpyxl.load_workbook(campus_workbook)
    flagged: dict[str, list[str]] = {}
    for sheet in book.worksheets:
        if sheet.title == "明细账":  # the ledger's id columns hold codes; tests/test_i18n_reports.py reads it
            continue
        texts = [sheet.title]
        for chart in sheet._charts:
            texts.append(chart.title.tx.rich.p[0].r[0].t)
        for row in sheet.iter_rows():
            texts += [cell.value for cell in row if isinstance(cell.value, str)]
        for text in texts:
            found = english_words(text, words, citations)
            if found:
                flagged[f"{sheet.title}: {text[:80]}"] = found
    assert flagged == {}


def test_issue_18_the_trend_sheet_reads_in_chinese(campus_workbook: Path) -> None:
    book = openpyxl.load_workbook(campus_workbook)
    cells = [c for row in book["趋势"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert {"年份", "站点数", "年份类型", "范围二（基于位置）", "整年"} <= set(cells)
    assert "碳达峰（基于位置），按 README 中的规则判定" in cells
    assert any(re.fullmatch(r"自 \d{4} 年起下降|已于 \d{4} 年达峰|仍在上升|自 \d{4} 年起处于平台期", c) for c in cells)
    change = [c for row in book["变化"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert {"步骤", "累计", "结构（站点、建筑面积）", "天气", "排放因子"} <= set(change)
    targets = [c for row in book["目标"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert {"目标", "实际", "轨迹", "差距", "状态"} <= set(targets) and "符合轨迹" in targets


def test_issue_18_peak_status_and_base_year_lines_translate_with_their_values() -> None:
    i18n.set_language("zh")
    assert translate("too short to tell (1 whole year)") == "年数太少，无法判断（1 个整年）"
    assert translate("too short to tell (3 whole years)") == "年数太少，无法判断（3 个整年）"
    assert translate("peaked in 2023") == "已于 2023 年达峰"
    assert translate("Base year 2020 (market-based): 1,492.332 t CO2e, recalculated") == (
        "基准年 2020（基于市场）：1,492.332 tCO2e，已重新计算"
    )
    assert translate("  bj-h2 acquired 2023-01-01: adds its 2020 231.569 t") == (
        "  bj-h2 于 2023-01-01 收购：计入其 2020 年的 231.569 t"
    )
    assert (
        translate("no 2024 edition, used the latest earlier one (2022)")
        == "没有 2024 年版本，使用了最近的较早版本（2022）"
    )


def test_issue_18_by_activity_caption_with_memo_lines_and_billed_quantities_is_chinese() -> None:
    """The caption as write_by_activity builds it when the sheet has memo columns and billed
    quantities: three notes after the first sentence, each translated."""
    head = (
        "Quantity consumed and t CO2e by activity, summed from the Ledger sheet (quantity is blank "
        "where units differ; energy in MWh where the quantity is energy, blank for fuels billed by "
        "volume or mass). "
    )
    memo = (
        " Memo lines (Scope 3: T&D losses, upstream, water, waste; biogenic CO2) have a column each, never added "
        "to Scope 1 or 2."
    )
    billed = " Billed quantity: the same slices in the unit the bills used, as read."
    i18n.set_language("zh")
    for caption in (head + VIEWS_NOTE + memo + billed, head + VIEWS_NOTE + billed, head + VIEWS_NOTE + memo):
        shown = translate(caption)
        assert english_words(shown, set(KEPT) | {"GHG", "Protocol"}, []) == [], shown
        assert "范围一只与其中之一相加" in shown
    assert "备忘行" in translate(head + VIEWS_NOTE + memo + billed)
    assert "账单数量" in translate(head + VIEWS_NOTE + memo + billed)


def test_issue_18_citations_in_the_chinese_workbook_are_quoted_as_published(
    campus_workbook: Path, campus: Inventory
) -> None:
    """A citation such as 'Ministry of Ecology and Environment (MEE) & ... (annex title not seen):
    ...' once matched the template '{0} {1} ({2}): {3}' and came out with full-width brackets."""
    book = openpyxl.load_workbook(campus_workbook)
    sheet = book["排放因子"]
    shown = {row[-1] for row in sheet.iter_rows(min_row=3, values_only=True) if row[-1]}
    published = set(campus.factors_used()["citation"].astype(str))
    assert shown == published
    assert any("(annex title not seen): " in text for text in shown)


NUMBER = re.compile(r"[-+]?\d[\d,]*\.\d+%?|\d{4}")


@pytest.mark.parametrize("command", ["trend", "forecast"])
def test_issue_18_trend_and_forecast_tables_in_chinese_fit_80_columns(command: str) -> None:
    """`carbon trend` / `carbon forecast` at 80 columns in Chinese: labels in Chinese, no line wider
    than 80 cells, and the same numbers as the English run (translation never cuts or changes one)."""
    from typer.testing import CliRunner

    from carbon_cli.cli import app

    env = {"COLUMNS": "80", "NO_COLOR": "1"}
    english = CliRunner().invoke(app, [command, str(CAMPUS), "--lang", "en"], env=env)
    chinese = CliRunner().invoke(app, [command, str(CAMPUS), "--lang", "zh"], env=env)
    assert english.exit_code == 0 and chinese.exit_code == 0
    lines = chinese.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert sorted(NUMBER.findall(chinese.stdout)) == sorted(NUMBER.findall(english.stdout))
    labels = {
        "trend": [
            "范围一 + 范围二（按年，tCO2e）",
            "碳达峰（基于位置）",
            "峰值年份",
            "基准年 2020",
            "目标",
            "运营净零",
        ],
        "forecast": [
            "各计量表的模型",
            "平衡点 °C",
            "基础负荷/天",
            "常年天气下的范围一 + 范围二",
            "变化（基于位置）",
            "预测",
        ],
    }[command]
    for label in labels:
        assert label in chinese.stdout, label
    # a stacked row's values line up: each label is padded to the same width in terminal cells
    pair = re.compile(r"^  (\S.*?) {2,}(\S.*)$")
    first_block = []
    for line in lines:
        found = pair.match(line)
        if found is None and first_block:
            break
        if found is not None:
            first_block.append(cell_len(line[: found.start(2)]))
    assert len(first_block) >= 5 and len(set(first_block)) == 1, first_block
