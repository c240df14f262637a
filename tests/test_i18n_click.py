"""Issue 18: Click's and Typer's own words (usage line, help option, panel titles, the error panel
and its usage errors) are Chinese under ``--lang zh`` or a Chinese locale, English otherwise."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from carbon_cli import i18n
from carbon_cli.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """A run under --lang zh leaves the language chosen: the tests after these read English."""
    yield
    i18n.set_language("en")


ENV = {"COLUMNS": "100", "NO_COLOR": "1", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}

#: A usage error, and the Chinese its panel must hold (the values quoted as typed).
USAGE_ERRORS = [
    (["calc"], "缺少参数 'sites'。"),
    (["calc", "x.yaml", "--bogus"], "没有此选项：--bogus"),
    (["calc", "x.yaml", "--forma", "json"], "没有此选项：--forma（可能的选项：--factors, --force, --format）"),
    (["clac"], "没有命令 'clac'。是否要输入 'calc'？"),
    (["calc", "x.yaml", "--format", "xml"], "'--format' / '-f' 的值无效：'xml' 不是可选值"),
    (["calc", "x.yaml", "--year", "abc"], "'--year' 的值无效：应为整数"),
    (["init", "a", "b"], "多余的参数（b）"),
    (["inspect", "x.csv", "--header-rows", "3"], "'--header-rows' 的值无效：应小于或等于 2"),
    (["factors"], "缺少命令。"),
]


@pytest.mark.parametrize(("args", "chinese"), USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_issue_18_usage_errors_are_chinese_under_lang_zh(args: list[str], chinese: str) -> None:
    result = runner.invoke(app, [*args, "--lang", "zh"], env=ENV, prog_name="carbon")
    assert result.exit_code == 2
    text = result.stderr
    assert chinese in text
    assert "用法：carbon" in text and "查看帮助" in text and "错误" in text
    for english in ("Usage:", "Try '", "Error", "No such", "Missing", "Invalid value", "Got unexpected", "Did you"):
        assert english not in text


def test_issue_18_a_chinese_locale_alone_makes_usage_errors_chinese() -> None:
    result = runner.invoke(app, ["calc", "x.yaml", "--bogus"], env={**ENV, "LANG": "zh_CN.UTF-8"}, prog_name="carbon")
    assert result.exit_code == 2
    assert "没有此选项：--bogus" in result.stderr and "用法：" in result.stderr


def test_issue_18_an_option_missing_its_value_is_chinese() -> None:
    result = runner.invoke(app, ["calc", "x.yaml", "--lang", "zh", "--year"], env=ENV, prog_name="carbon")
    assert result.exit_code == 2
    assert "选项 '--year' 需要一个值。" in result.stderr


@pytest.mark.parametrize("command", [[], ["calc"], ["factors"], ["factors", "coverage"], ["inspect"], ["init"]])
def test_issue_18_help_has_no_click_words_in_english(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help", "--lang", "zh"], env=ENV, prog_name="carbon")
    assert result.exit_code == 0
    for english in ("Usage:", "Show this message", "Options", "Arguments", "Commands", "[default:", "[required]"):
        assert english not in result.stdout
    assert "用法：carbon" in result.stdout and "显示此帮助信息并退出。" in result.stdout


def test_issue_18_click_words_stay_english_after_a_chinese_run_in_the_same_process() -> None:
    chinese = runner.invoke(app, ["calc", "x.yaml", "--bogus", "--lang", "zh"], env=ENV, prog_name="carbon")
    english = runner.invoke(app, ["calc", "x.yaml", "--bogus"], env=ENV, prog_name="carbon")
    assert "没有此选项" in chinese.stderr
    assert "Usage: carbon calc" in english.stderr and "Try 'carbon calc -h' for help." in english.stderr
    assert "No such option: --bogus" in english.stderr and "Error" in english.stderr
    helped = runner.invoke(app, ["calc", "--help"], env=ENV, prog_name="carbon")
    assert "Show this message and exit." in helped.stdout and "Options" in helped.stdout
