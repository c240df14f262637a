"""Issue 18: the Chinese tables at 60, 80 and 120 columns. A Chinese character takes two cells,
so labels grow; no line may grow past the terminal, and no number may be cut (``…``) or wrapped:
every number the English run prints whole, the Chinese run prints whole too, and the inventory's
totals are there as computed (the English tests of this are tests/test_render_width.py)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from carbon_cli import Inventory, calculate, i18n
from carbon_cli.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
SITES = [str(SAMPLES / name / "site.yaml") for name in ("ai-park", "uk-office", "us-office")]
WIDTHS = [60, 80, 120]


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """A run under --lang zh leaves the language chosen: the tests after these read English."""
    yield
    i18n.set_language("en")


#: A number as the tables print it, with thousands commas or a decimal part (``1,291.1``, ``0.4743``,
#: ``87.8%``): small whole numbers are left out, since labels hold them in English (Scope 1 + 2) and
#: not in Chinese (范围一 + 范围二). A number joined to a hyphen is a piece of an id folded over two
#: lines (``ipcc2006-t`` / ``2.4-biogas-ch4``), which both languages fold where their widths fall.
NUMBER = re.compile(r"(?<![\w.,-])-?\d{1,3}(?:(?:,\d{3})+(?:\.\d+)?|\.\d+)%?(?![\w.,-])")

COMMANDS = {
    "calc": ["calc", *SITES],
    "calc by activity and month": ["calc", SITES[0], "--by", "activity", "--by", "month"],
    "validate": ["validate", *SITES],
    "factors list": ["factors", "list", "--region", "CN-CQ"],
    "factors coverage": ["factors", "coverage", "--region", "CN-CQ"],
    "factors show": ["factors", "show", "cn-mee-nbs-2021-elec-cn-cq-co2"],
    "inspect": ["inspect", str(SAMPLES / "ai-park" / "bills" / "electricity.xlsx")],
}


def run(args: list[str], width: int, lang: str) -> str:
    env = {"COLUMNS": str(width), "NO_COLOR": "1", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
    result = CliRunner().invoke(app, [*args, "--lang", lang], env=env, prog_name="carbon")
    assert result.exit_code in (0, 1), result.output[-500:]
    return result.stdout


@pytest.fixture(scope="module")
def portfolio() -> Inventory:
    return calculate([Path(site) for site in SITES])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_issue_18_chinese_tables_fit_the_terminal_and_cut_no_number(name: str, width: int) -> None:
    chinese = run(COMMANDS[name], width, "zh")
    english = run(COMMANDS[name], width, "en")
    assert max(cell_len(line) for line in chinese.splitlines()) <= width
    assert "…" not in chinese or "…" in english  # only where the English cuts a long text too
    # each number whole, as often as in English: a wrapped or cut number would be two others
    assert Counter(NUMBER.findall(chinese)) == Counter(NUMBER.findall(english))


@pytest.mark.parametrize("width", WIDTHS)
def test_issue_18_every_total_is_whole_in_the_chinese_table(portfolio: Inventory, width: int) -> None:
    text = run(COMMANDS["calc"], width, "zh")
    shown = {f"{value:,.3f}" for value in portfolio.totals().values()}
    for per_site in portfolio.site_totals().values():
        shown |= {f"{value:,.3f}" for value in per_site.values()}
    # the sample's hand figures (README): AI PARK Scope 1 = 1,291.1 m3 of gas -> 2.800 t; Scope 2
    # location = 3,758.3 kWh x 0.4743 kg/kWh = 1.783 t
    assert {"2.800", "1.783"} <= shown
    assert shown <= set(NUMBER.findall(text))
