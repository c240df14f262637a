"""The prepared factor table kept between runs (issue 15: start-up): the same table as built
from the CSVs, and never a stale one."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from carbon_cli.factors import database, files

SHIPPED = Path(__file__).resolve().parent.parent / "factors"


def _clear() -> None:
    for cached in (database.emission_factors, database.factor_table, database.factor_sets, database.gwp_table):
        cached.cache_clear()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CARBON_CACHE_DIR", str(folder))
    monkeypatch.delenv("CARBON_NO_CACHE", raising=False)
    _clear()
    yield folder
    _clear()  # the next test reads the shipped table again, not one of ours


@pytest.fixture
def own_factors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped factor folder that the test may edit, read in place of it."""
    folder = tmp_path / "factors"
    shutil.copytree(SHIPPED, folder)
    for module in (files, database):
        monkeypatch.setattr(module, "factors_root", lambda: folder)
    return folder


def _built() -> pd.DataFrame:
    """The table as built from the CSVs, without any cache."""
    names = [row["file"] for row in database.factor_sets().values() if row["default"] == "yes"]
    return database.prepare(pd.concat([files.read_table(name) for name in names], ignore_index=True), "factors")


def test_issue_15_the_cached_factor_table_is_the_table_built_from_the_csvs(cache_dir: Path) -> None:
    first = database.emission_factors()  # built, and saved
    saved = list(cache_dir.glob("emission_factors-*.pickle"))
    assert len(saved) == 1
    database.emission_factors.cache_clear()
    second = database.emission_factors()  # loaded: another object, the same table
    assert second is not first
    pd.testing.assert_frame_equal(second, _built(), check_exact=True)
    assert list(second.dtypes) == list(_built().dtypes)


def test_issue_15_an_edited_factor_file_is_read_again_never_the_cached_value(
    cache_dir: Path, own_factors: Path
) -> None:
    csv = own_factors / "world_electricity.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].startswith("ember-2000-elec-aw-co2e,") and ",653.846,g/kWh," in lines[1]
    before = database.emission_factors()
    assert before.loc[before["id"] == "ember-2000-elec-aw-co2e", "value"].tolist() == [653.846]

    lines[1] = lines[1].replace(",653.846,g/kWh,", ",700.5,g/kWh,")
    csv.write_text("".join(lines), encoding="utf-8")
    database.emission_factors.cache_clear()
    after = database.emission_factors()
    assert after.loc[after["id"] == "ember-2000-elec-aw-co2e", "value"].tolist() == [700.5]
    # The older file was replaced, not kept beside the new one.
    assert len(list(cache_dir.glob("emission_factors-*.pickle"))) == 1


def test_issue_15_a_damaged_cache_file_is_built_again(cache_dir: Path) -> None:
    database.emission_factors()
    (saved,) = cache_dir.glob("emission_factors-*.pickle")
    saved.write_bytes(b"not a pickle")
    database.emission_factors.cache_clear()
    pd.testing.assert_frame_equal(database.emission_factors(), _built(), check_exact=True)


def test_issue_15_an_unwritable_cache_folder_or_carbon_no_cache_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("CARBON_CACHE_DIR", str(blocker / "cache"))  # a folder inside a file
    _clear()
    try:
        pd.testing.assert_frame_equal(database.emission_factors(), _built(), check_exact=True)
        monkeypatch.setenv("CARBON_CACHE_DIR", str(tmp_path / "off"))
        monkeypatch.setenv("CARBON_NO_CACHE", "1")
        database.emission_factors.cache_clear()
        database.emission_factors()
        assert not (tmp_path / "off").exists()
    finally:
        _clear()
