"""Shared fixtures: tiny sites written into tmp_path."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "ai-park" / "site.yaml"


# Tests see output as a pipe sees it: no COLUMNS/LINES from the runner (pytest-xdist's workers
# set COLUMNS=80, and Rich reads it once, when the CLI's consoles are made at import); a test
# about a width sets its own.
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)


@pytest.fixture(autouse=True)
def _fresh_consoles() -> Iterator[None]:
    """Each test's CLI run makes its own consoles, from the environment it runs in (the CLI makes
    them on first use; one made under another test's COLUMNS would keep that width)."""
    yield
    from carbon_cli.cli import common

    for console in (common.out, common.err):
        object.__setattr__(console, "_made", None)


SITE_HEAD = """\
site: {{id: {site_id}, name: Test site, region: {region}}}
period: {{start: {start}, end: {end}}}
gwp: {gwp}
"""


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Write a site YAML and its bill files; returns the YAML path.

    ``bills`` maps a file name to its text; ``body`` is YAML appended after the header
    (``bills:`` list, instruments ...).
    """

    def make(
        body: str = "",
        *,
        bills: dict[str, str] | None = None,
        region: str = "CN-CQ",
        start: str = "2021-01-01",
        end: str = "2021-12-31",
        gwp: str = "AR6",
        site_id: str = "s1",
        name: str = "site.yaml",
    ) -> Path:
        for file_name, text in (bills or {}).items():
            path = tmp_path / file_name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        head = SITE_HEAD.format(site_id=site_id, region=region, start=start, end=end, gwp=gwp)
        site = tmp_path / name
        site.write_text(head + textwrap.dedent(body), encoding="utf-8")
        return site

    return make


@pytest.fixture
def electricity_site(make_site: Callable[..., Path]) -> Path:
    """One Chongqing meter, two whole-month 2021 bills: 1000 kWh in January, 500 kWh in February."""
    return make_site(
        """\
        bills:
          - path: power.csv
            activity: electricity
        """,
        bills={
            "power.csv": """\
            start,end,quantity,unit
            2021-01-01,2021-01-31,1000,kWh
            2021-02-01,2021-02-28,500,kWh
            """
        },
    )
