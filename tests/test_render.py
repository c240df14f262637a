"""The render registry and the rules every renderer shares (plain values, scope labels)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbon_cli import calculate, summary
from carbon_cli.render import FORMATS, REGISTRY, labels, renderer
from carbon_cli.render.plain import plain, records

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "ai-park" / "site.yaml"


@pytest.mark.parametrize("kind", ["inventory", "findings", "factors", "factor", "sets"])
def test_every_kind_has_every_format(kind: str) -> None:
    assert sorted(REGISTRY[kind]) == sorted(FORMATS)
    assert all(callable(REGISTRY[kind][format]) for format in FORMATS)


def test_inventory_renderers_return_text_or_a_table() -> None:
    inventory = calculate([SAMPLE])
    assert isinstance(renderer("inventory", "json")(inventory, None, width=80, pretty=False), str)
    assert renderer("inventory", "csv")(inventory, ["scope"], width=80, pretty=False).startswith("scope,")
    assert not isinstance(renderer("inventory", "table")(inventory, None, width=80, pretty=True), str)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (float("nan"), None),
        (np.float32("nan"), None),
        (pd.NA, None),
        (pd.NaT, None),
        (pd.Timestamp("2021-03-04 05:06"), "2021-03-04"),
        (np.int64(7), 7),
        (np.float64(1.5), 1.5),
        ("text", "text"),
    ],
)
def test_plain_values_are_ready_for_json_and_csv(value: object, expected: object) -> None:
    got = plain(value)
    assert got == expected and type(got) is type(expected)


def test_records_of_no_table_are_empty() -> None:
    assert records(None) == []
    assert records(pd.DataFrame({"a": [np.nan, 1.0]})) == [{"a": None}, {"a": 1.0}]


def test_every_scope_view_has_its_labels() -> None:
    views = (*summary.SCOPES, *summary.COMBINED)
    assert set(labels.TOTALS) == set(labels.HEADERS) == set(views)
    assert set(labels.TERMINAL_COMBINED) == set(summary.COMBINED)
    assert set(labels.SHORT) == {*summary.SCOPES, *summary.MEMO_SCOPES}
    assert set(labels.METHODS) == set(summary.SCOPES)


def test_the_gas_table_total_is_the_row_over_its_gases() -> None:
    facts = calculate([SAMPLE]).facts
    table = summary.gas_table(facts)
    by_activity = summary.breakdown(facts, ["activity"]).set_index(["scope", "activity"])["t_co2e"]
    for key, total in table["total"].items():
        assert math.isclose(total, by_activity[key], rel_tol=1e-12)
