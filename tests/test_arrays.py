"""Integer codes and the array helpers (carbon_cli.arrays) against the pandas code they stand for."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbon_cli import arrays


def test_the_table_threshold_is_four_cells_a_key_plus_a_fixed_allowance() -> None:
    assert arrays.fits_a_table(65_536, 0)
    assert not arrays.fits_a_table(65_537, 0)
    assert arrays.fits_a_table(4 * 1000 + 65_536, 1000)
    assert not arrays.fits_a_table(4 * 1000 + 65_537, 1000)


def test_repeated_values_are_those_pandas_calls_duplicated() -> None:
    values = np.random.default_rng(11).integers(0, 500, 1000)
    assert np.array_equal(arrays.repeated(values), pd.Series(values).duplicated(keep=False).to_numpy())


def test_text_codes_follow_the_sorted_text_for_every_column_type() -> None:
    text = pd.Series(["b", "表", "a", "B", "a", "c"])
    order = np.sign(np.array([[(a > b) - (a < b) for b in text] for a in text]))  # by code point: B a b c 表
    for column in (
        text,
        text.astype(object),
        text.astype("category"),
        pd.Series(pd.Categorical(text, categories=["表", "c", "x", "B", "b", "a"])),
    ):
        codes, texts = arrays.codes(column)
        assert np.array_equal(np.sign(codes[:, None] - codes[None, :]), order), column.dtype
        assert texts[codes].tolist() == text.tolist()
