"""Issue 18, done-when: the sample's terminal output and workbook in Chinese are Chinese except
ids, units, numbers and citations; sheet names, fonts and column widths of a Chinese report."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from carbon_cli import i18n
from carbon_cli.cli import app
from carbon_cli.factors import gwp_table
from carbon_cli.inventory import Inventory, calculate
from carbon_cli.render import excel, ledger_out, renderer
from carbon_cli.render.localized import localized

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "ai-park" / "site.yaml"
runner = CliRunner()

#: Words a Chinese report keeps in Latin letters: units, gases, GWP sets, the standard's and
#: format's names, and the command a notice tells to run.
KEPT = {
    "tCO2e", "kgCO2e", "CO2", "CH4", "N2O", "CO2e", "CO₂", "CH₄", "N₂O", "CO₂e", "GWP", "AR6", "GHG", "Protocol",
    "YAML", "kWh", "MWh", "GJ", "m3", "m²", "m³", "kg", "TJ", "t", "therm", "ncv", "carbon", "validate",
    "kg/kWh", "kg/TJ", "kg/m", "t/MWh", "kg/m³", "t_co2e", "t_per_unit", "quantity", "gwp", "json", "format",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_./\-\[\]:*²³₂₄]*")


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    return calculate([SAMPLE])


def allowed_words(inventory: Inventory) -> tuple[set[str], list[str]]:
    """The ids of the sample (site, meters, factors, regions, files, certificates) and its citations."""
    words = set(KEPT)
    factors = inventory.factors_used()
    ledger = inventory.ledger
    texts = [
        *(cfg.site.id for cfg in inventory.sites),
        *(cfg.site.name or "" for cfg in inventory.sites),
        *(cfg.site.region for cfg in inventory.sites),
        *(str(i.id) for cfg in inventory.sites for i in cfg.instruments),
        *ledger["meter"].astype(str),
        *ledger["source_file"].astype(str),
        *factors["factor_id"].astype(str),
        *factors["factor_region"].astype(str),
        *ledger["factor_id"].astype(str),
        *ledger["factor_unit"].astype(str),
        *ledger["conversion_id"].dropna().astype(str),
        str(SAMPLE),
        "instruments[0]",
        "site:ai-park:instruments[0]",
    ]
    for text in texts:
        words.update(WORD.findall(text))
        words.add(text)
    gwp = gwp_table()
    quoted = set(ledger["citation"].astype(str)) | set(factors["citation"].astype(str))
    quoted |= set(gwp.loc[gwp["set"] == inventory.gwp, "citation"].astype(str))
    citations = sorted(quoted, key=len)[::-1]
    return words, citations


def english_words(text: str, words: set[str], citations: list[str]) -> list[str]:
    """The Latin-letter words of ``text`` that are not ids, units, numbers or citation text."""
    for citation in citations:
        text = text.replace(citation, " ")
    return [w for w in WORD.findall(text) if w not in words and w.rstrip(".:") not in words]


def test_issue_18_the_sample_in_the_terminal_is_chinese_but_ids_units_and_citations(inventory: Inventory) -> None:
    i18n.set_language("zh")
    console = Console(file=io.StringIO(), width=80, color_system=None, legacy_windows=False)
    console.print(localized(renderer("inventory", "table")(inventory, None, width=80, pretty=True)))
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    result = runner.invoke(app, ["calc", str(SAMPLE), "--lang", "zh"], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0
    lines += result.stderr.splitlines()
    words, citations = allowed_words(inventory)
    flagged = {line: english_words(line, words, citations) for line in lines}
    assert {line: found for line, found in flagged.items() if found} == {}
    assert any("范围一（直接排放）" in line for line in lines)
    assert any("天然气" in line for line in lines) and any("电力" in line for line in lines)


def test_issue_18_chinese_tables_fit_80_columns_and_cut_no_number(inventory: Inventory) -> None:
    i18n.set_language("zh")
    console = Console(file=io.StringIO(), width=80, color_system=None, legacy_windows=False)
    console.print(localized(renderer("inventory", "table")(inventory, None, width=80, pretty=True)))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    # the sample's totals by hand: Scope 1 = 1,291.1 m3 of gas -> 2.800 t; Scope 2 location =
    # 3,758.3 kWh x 0.4743 kg/kWh = 1.783 t; Scope 1 + 2 location = 2.800 + 1.783 = 4.583 t
    for number in ("2.800", "1.783", "4.583", "3,758.3 kWh", "1,291.1 m3", "0.4743 kg/kWh"):
        assert number in text


@pytest.fixture(scope="module")
def chinese_workbook(tmp_path_factory: pytest.TempPathFactory, inventory: Inventory) -> Path:
    path = tmp_path_factory.mktemp("zh") / "report.xlsx"
    i18n.set_language("zh")
    try:
        excel.save(inventory, path)
    finally:
        i18n.set_language("en")
    return path


def test_issue_18_the_chinese_workbook_has_the_chinese_sheet_names(chinese_workbook: Path) -> None:
    book = openpyxl.load_workbook(chinese_workbook)
    assert book.sheetnames == ["汇总", "按月", "按站点", "按活动", "明细账", "排放因子", "数据质量"]


def test_issue_18_every_string_of_the_chinese_workbook_is_chinese_but_ids_units_and_citations(
    chinese_workbook: Path, inventory: Inventory
) -> None:
    words, citations = allowed_words(inventory)
    book = openpyxl.load_workbook(chinese_workbook)
    table = ledger_out.table(inventory)  # the Ledger sheet's id columns hold the ledger's codes
    ledger_ids = {str(v) for c in ("activity", "scope", "method", "part", "gas", "unit", "bill_unit", "factor_unit")
                  for v in table[c].dropna()}  # fmt: skip
    flagged: dict[str, list[str]] = {}
    for sheet in book.worksheets:
        printed = (sheet.oddHeader.center.text, sheet.oddFooter.left.text, sheet.oddFooter.center.text)
        footer = re.sub("&[PNA]", "", " ".join(printed))
        texts = [sheet.title, footer]
        for chart in sheet._charts:
            texts += [chart.title.tx.rich.p[0].r[0].t, chart.y_axis.title.tx.rich.p[0].r[0].t]
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not (sheet.title == "明细账" and cell.value in ledger_ids):
                    texts.append(cell.value)
        for text in texts:
            found = english_words(text, words, citations)
            if found:
                flagged[f"{sheet.title}: {text[:80]}"] = found
    assert flagged == {}


def test_issue_18_the_chinese_workbook_uses_a_cjk_font(chinese_workbook: Path) -> None:
    book = openpyxl.load_workbook(chinese_workbook)
    summary = book["汇总"]
    assert summary["A1"].font.name == "等线" and summary["A1"].font.charset == 134
    assert {font.name for font in book._fonts} == {"等线"}


def test_issue_18_the_english_workbook_keeps_calibri_and_its_english_names(
    tmp_path: Path, inventory: Inventory
) -> None:
    excel.save(inventory, tmp_path / "en.xlsx")
    book = openpyxl.load_workbook(tmp_path / "en.xlsx")
    assert book.sheetnames[0] == "Summary" and book["Summary"]["A1"].font.name == "Calibri"


def test_issue_18_column_widths_count_a_chinese_character_as_two(tmp_path: Path, make_site) -> None:  # type: ignore[no-untyped-def]
    name = "重庆两江新区人工智能产业园一号楼"  # 16 characters, 32 columns wide
    site = make_site(
        "bills:\n  - path: power.csv\n    activity: electricity\n",
        bills={"power.csv": "meter,start,end,quantity,unit\nm1,2021-01-01,2021-01-31,1000,kWh\n"},
    )
    site.write_text(site.read_text(encoding="utf-8").replace("name: Test site", f"name: {name}"), encoding="utf-8")
    inventory = calculate([site])
    for lang in ("en", "zh"):
        i18n.set_language(lang)
        excel.save(inventory, tmp_path / f"{lang}.xlsx")
        book = openpyxl.load_workbook(tmp_path / f"{lang}.xlsx")
        by_site = book.worksheets[2]
        assert by_site["B3"].value == name
        assert by_site.column_dimensions["B"].width >= 32  # len() would give 16 + 2
    ledger = openpyxl.load_workbook(tmp_path / "zh.xlsx").worksheets[4]
    header = [c.value for c in ledger[2]]
    width = ledger.column_dimensions["A"].width
    assert header[0] == "站点" and width >= cell_len("站点")
