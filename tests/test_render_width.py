"""Terminal tables never cut or wrap a number, at any width (issue 15.5)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from typer.testing import CliRunner

from carbon_cli import Inventory, calculate
from carbon_cli.cli import app
from carbon_cli.factors.browse import listing
from carbon_cli.inventory import validate
from carbon_cli.render import browse, findings, table

SAMPLES = Path(__file__).resolve().parent.parent / "sample_data"
SITES = [SAMPLES / name / "site.yaml" for name in ("ai-park", "uk-office", "us-office")]
WIDTHS = [60, 80, 120]


def drawn(renderable: RenderableType, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def portfolio() -> Inventory:
    return calculate(SITES)


def totals_as_shown(inventory: Inventory) -> set[str]:
    """Every t CO2e total of the inventory as the tables print it (three decimals)."""
    shown = {f"{value:,.3f}" for value in inventory.totals().values()}
    for per_site in inventory.site_totals().values():
        shown |= {f"{value:,.3f}" for value in per_site.values()}
    return shown


@pytest.mark.parametrize("width", WIDTHS)
def test_issue_15_no_total_is_cut_or_wrapped_at_any_width(portfolio: Inventory, width: int) -> None:
    text = drawn(table.render(portfolio, width=width), width)
    assert "…" not in text
    tokens = set(re.findall(r"[\d,]+\.\d+", text))
    missing = totals_as_shown(portfolio) - tokens
    assert not missing, f"at {width} columns these totals are not printed whole: {missing}"


@pytest.mark.parametrize("width", WIDTHS)
def test_issue_15_no_line_is_wider_than_the_terminal(portfolio: Inventory, width: int) -> None:
    text = drawn(table.render(portfolio, width=width), width)
    assert max(len(line) for line in text.splitlines()) <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_issue_15_quantities_keep_their_unit_on_the_same_line(width: int) -> None:
    text = drawn(table.render(calculate(SITES[:1]), width=width), width)
    # 3,758.311 kWh of electricity at AI PARK (README's hand calculation), shown to one decimal.
    assert re.search(r"3,758\.3 kWh", text)


def test_issue_15_a_narrow_terminal_stacks_a_table_rather_than_cut_it(portfolio: Inventory) -> None:
    text = drawn(table.render(portfolio, width=60), 60)
    assert "  quantity" in text and "  total" in text  # key: value lines of the stacked layout


@pytest.mark.parametrize("width", WIDTHS)
def test_issue_15_factor_values_are_never_broken_in_factors_list(width: int) -> None:
    frame = listing().head(120)  # a short list is drawn as a table; a long one as aligned lines
    text = drawn(browse.list_table(frame), width)
    assert "…" not in text
    for value, unit in zip(frame["value"].head(40), frame["unit"].head(40), strict=True):
        assert f"{value:g} {unit}" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_issue_15_coverage_counts_are_whole_at_any_width(width: int) -> None:
    text = drawn(findings.render_table(validate(SITES)), width)
    assert "365 of 365" in text and "100.0%" in text


def test_issue_15_redirected_output_is_not_squeezed_to_80_columns() -> None:
    # No COLUMNS and no terminal: the table takes the width of its content.
    result = CliRunner().invoke(app, ["calc", str(SITES[0]), "--by", "activity", "--by", "month"], env={"COLUMNS": ""})
    assert result.exit_code == 0
    assert "natural_gas" in result.stdout and "…" not in result.stdout


@pytest.mark.parametrize("width", WIDTHS)
def test_issue_15_a_long_listing_is_aligned_lines_with_every_value_whole(width: int) -> None:
    frame = listing()
    assert len(frame) > 300
    text = drawn(browse.list_table(frame), width)
    assert "…" not in text and "━" not in text  # aligned lines, no box drawing
    for value, unit in zip(frame["value"], frame["unit"], strict=True):
        assert f"{value:g} {unit}" in text
