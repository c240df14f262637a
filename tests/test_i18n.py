"""Issue 18: the catalogue, the choice of language, and messages translated at the render boundary."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli import i18n
from carbon_cli.cli import app
from carbon_cli.errors import InputDataError
from carbon_cli.i18n.messages import error_text, translate
from carbon_cli.i18n.po import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "carbon_cli" / "locale" / "zh" / "LC_MESSAGES" / "carbon.po"
SAMPLE = ROOT / "sample_data" / "ai-park" / "site.yaml"
sys.path.insert(0, str(ROOT / "scripts" / "i18n"))
import extract  # noqa: E402

runner = CliRunner()
PLACEHOLDER = re.compile(r"\{\d+\}")


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


def run(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    environment = {"COLUMNS": "160", "NO_COLOR": "1", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
    result = runner.invoke(app, [str(a) for a in args], env={**environment, **(env or {})})
    return result.exit_code, result.stdout, result.stderr


# --- the catalogue ------------------------------------------------------------------------------


def test_issue_18_every_message_template_in_the_code_has_a_chinese_entry() -> None:
    """A new error or notice (an f-string given to a CarbonError or a Notice) fails here until
    carbon.po has its Chinese text: run scripts/i18n/extract.py --check for the list."""
    catalogue = read_po(PO)
    templates = extract.extract()
    assert len(templates) > 300  # the walk finds the library's messages (359 when written)
    missing = [text for text in templates if not catalogue.get(text)]
    assert missing == []


def test_issue_18_the_catalogue_check_fails_on_a_message_without_translation(tmp_path: Path) -> None:
    package = tmp_path / "carbon_cli"
    package.mkdir()
    (package / "new.py").write_text(
        "def f(path, n):\n"
        '    raise ConfigError(f"{n} meters share one serial number", where=path, fix="Give each its own")\n',
        encoding="utf-8",
    )
    found = extract.extract(package)
    assert list(found) == ["{0} meters share one serial number", "Give each its own"]
    assert [text for text in found if not read_po(PO).get(text)] == list(found)


def test_issue_18_translations_keep_every_placeholder_of_their_template() -> None:
    for msgid, msgstr in read_po(PO).items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_issue_18_the_po_file_passes_msgfmt_check() -> None:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(PO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_po_reader_joins_continued_strings_and_skips_fuzzy_and_empty(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "a "\n"b"\nmsgstr "甲"\n"乙"\n\n'
        '#, fuzzy\nmsgid "c"\nmsgstr "丙"\n\n'
        'msgid "d \\"q\\""\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert read_po(po) == {"a b": "甲乙"}


# --- translating messages -----------------------------------------------------------------------


def test_issue_18_a_message_is_matched_against_its_template_and_keeps_its_values() -> None:
    i18n.set_language("zh")
    assert translate("--year 20210 is out of range") == "--year 20210 超出范围"
    assert translate("column 'kWh' (columns.quantity) is not in the file") == "文件中没有列 'kWh'（columns.quantity）"


def test_issue_18_terms_inside_a_message_take_the_standard_chinese_names() -> None:
    i18n.set_language("zh")
    text = "natural_gas CH4, N2O (scope1): no CN-CQ value, used GLOBAL; ncv: no CN-CQ value, used CN"
    assert translate(text) == (
        "天然气 CH4, N2O（范围一）：没有 CN-CQ 的值，使用了 GLOBAL；低位热值 (ncv)：没有 CN-CQ 的值，使用了 CN"
    )


def test_issue_18_a_file_column_named_like_a_label_is_not_translated_inside_a_message() -> None:
    i18n.set_language("zh")
    assert translate("quantity") == "活动数据"  # a table header on its own
    assert translate("column 'quantity' (columns.quantity) is not in the file").startswith("文件中没有列 'quantity'")


def test_issue_18_a_row_placeholder_matches_a_row_number_only() -> None:
    i18n.set_language("zh")
    assert translate("estimated: 54 m3 estimated, not read; replace it when the actual bill comes (gas.csv row 9)") == (
        "估算：54 m3 为估算值，非实际抄表；实际账单到达后请替换（gas.csv 第 9 行）"
    )
    prose = "header: row 1 (row 1: the first row whose headers name every needed column)"
    assert "第" not in translate(prose)  # not read as "{0}: {1} ({2} row {3})"


def test_issue_18_a_text_without_entry_stays_english() -> None:
    i18n.set_language("zh")
    assert translate("a sentence nobody wrote a template for") == "a sentence nobody wrote a template for"


def test_issue_18_english_is_the_text_itself() -> None:
    i18n.set_language("en")
    assert translate("--year 20210 is out of range") == "--year 20210 is out of range"


def test_issue_18_an_error_line_is_translated_part_by_part_and_keeps_its_file_and_row() -> None:
    i18n.set_language("zh")
    error = InputDataError(
        "quantity is negative", where="bills/gas.csv row 5, column 'kWh'", fix="Give the quantity bought"
    )
    assert error_text(error) == "bills/gas.csv 第 5 行 列 'kWh': 数量为负。给出购买的数量"
    i18n.set_language("en")
    assert error_text(error) == str(error)


# --- choosing the language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL decides first
        ({"LC_MESSAGES": "zh_CN", "LANG": "en_GB"}, "zh"),
        ({}, "en"),
    ],
)
def test_issue_18_the_default_language_comes_from_the_locale(environ: dict[str, str], expected: str) -> None:
    assert i18n.from_environment(environ) == expected


def test_issue_18_lang_option_and_locale_choose_chinese_for_an_error() -> None:
    code, _, err = run("calc", "missing.yaml", "--lang", "zh")
    assert code == 2
    assert err.startswith("错误： missing.yaml: 找不到文件。检查站点 YAML 的路径")
    code, _, err = run("calc", "missing.yaml", env={"LANG": "zh_CN.UTF-8"})
    assert code == 2 and "找不到文件" in err
    code, _, err = run("calc", "missing.yaml", "--lang", "en", env={"LANG": "zh_CN.UTF-8"})
    assert code == 2 and "file not found" in err


def test_issue_18_lang_before_the_command_holds_for_it() -> None:
    code, _, err = run("--lang", "zh", "calc", "missing.yaml")
    assert code == 2 and "找不到文件" in err
    code, _, err = run("calc", "missing.yaml")  # the next run starts again from the locale
    assert code == 2 and "file not found" in err


def test_issue_18_lang_in_the_site_yaml_chooses_chinese_and_the_option_overrides_it(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text(SAMPLE.read_text(encoding="utf-8").replace("gwp: AR6", "gwp: AR6\nlang: zh"), encoding="utf-8")
    for name in ("electricity.xlsx", "gas.csv"):
        (tmp_path / "bills").mkdir(exist_ok=True)
        shutil.copy(SAMPLE.parent / "bills" / name, tmp_path / "bills" / name)
    code, out, _ = run("calc", site)
    assert code == 0 and "范围一（直接排放）" in out
    code, out, _ = run("calc", site, "--lang", "en")
    assert code == 0 and "Scope 1 (direct emissions)" in out and "范围" not in out


def test_issue_18_lang_in_the_yaml_must_be_zh_or_en(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("site: {id: s, region: CN}\nperiod: {start: 2021-01-01, end: 2021-12-31}\nlang: fr\n")
    code, _, err = run("calc", site)
    assert code == 2 and "lang" in err


def test_issue_18_every_command_takes_lang() -> None:
    for command in (["calc"], ["validate"], ["init"], ["inspect"], ["factors", "list"], ["factors", "sets"]):
        code, out, _ = run(*command, "--help")
        assert code == 0 and "--lang" in out, command


def test_issue_18_json_and_csv_are_byte_identical_in_both_languages() -> None:
    for fmt in ("json", "csv"):
        _, english, _ = run("calc", SAMPLE, "--format", fmt, "--lang", "en")
        _, chinese, _ = run("calc", SAMPLE, "--format", fmt, "--lang", "zh")
        assert english == chinese and len(english) > 100
    _, english, _ = run("validate", SAMPLE, "--format", "json", "--lang", "en")
    _, chinese, _ = run("validate", SAMPLE, "--format", "json", "--lang", "zh")
    assert english == chinese


def help_texts() -> list[str]:
    """Every help text of the app: commands' help, options' help, panel names."""
    import typer

    texts: dict[str, None] = {}

    def walk(command: object) -> None:
        for name in ("help", "short_help", "rich_help_panel"):
            if getattr(command, name, None):
                texts[getattr(command, name)] = None
        for param in getattr(command, "params", []):
            for name in ("help", "rich_help_panel"):
                if getattr(param, name, None):
                    texts[getattr(param, name)] = None
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    return list(texts)


def test_issue_18_every_help_text_has_a_chinese_entry() -> None:
    """A new option's help fails here until carbon.po has it (help is translated as a whole)."""
    catalogue = read_po(PO)
    texts = help_texts()
    assert len(texts) > 40
    assert [text for text in texts if not catalogue.get(text)] == []


def test_issue_18_help_is_in_chinese_when_asked() -> None:
    from carbon_cli.cli import lang

    assert lang.from_arguments(["calc", "--lang", "zh", "--help"]) == "zh"
    assert lang.from_arguments(["calc", "--lang=zh"]) == "zh"
    result = subprocess.run(
        [sys.executable, "-m", "carbon_cli", "calc", "--help", "--lang", "zh"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"COLUMNS": "120", "NO_COLOR": "1", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0
    assert "选项" in result.stdout and "输出" in result.stdout and "示例：" in result.stdout


def test_issue_18_validate_findings_are_chinese(make_site) -> None:  # type: ignore[no-untyped-def]
    """A gap (February: 28 days without a bill) and a zero reading (April), in both languages."""
    site = make_site(
        "bills:\n  - path: power.csv\n    activity: electricity\n",
        bills={
            "power.csv": "meter,start,end,quantity,unit\n"
            "m1,2021-01-01,2021-01-31,1000,kWh\n"
            "m1,2021-03-01,2021-03-31,900,kWh\n"
            "m1,2021-04-01,2021-04-30,0,kWh\n"
            "m1,2021-05-01,2021-12-31,8000,kWh\n"
        },
    )
    _, english, _ = run("validate", site, "--lang", "en", "--fail-on", "error", env={"COLUMNS": "300"})
    assert "no bill from 2021-02-01 to 2021-02-28 (28 days)" in english
    _, chinese, err = run("validate", site, "--lang", "zh", "--fail-on", "error", env={"COLUMNS": "300"})
    assert "2021-02-01 至 2021-02-28（28 天）没有账单" in chinese
    assert "0 kWh；电表读数为零：空置、停用，还是漏抄？" in chinese
    # coverage by hand: 365 days of 2021 less February's 28 = 337 (the zero bill covers April)
    assert "2021-01-01 至 2021-12-31" in chinese and "337 / 365" in chinese
    assert "没有电力账单覆盖；账单覆盖了报告期 365 天中的 337 天（92.3%）" in chinese
    assert "245 天，超过 quality.max_bill_days（100）" in chinese  # May 1 to Dec 31: 31+30+31+31+30+31+30+31
    assert "no bill" not in chinese and "缺口" in chinese and "零值" in chinese
    assert err.startswith("4 条警告（覆盖、缺口、周期过长、零值）（没有达到或高于“错误”级别的问题：退出码 0）")
