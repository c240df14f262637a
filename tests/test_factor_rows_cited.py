"""Every factor row has a citation, an edition and the years it applies to (issue 13, Done when).

Checked over every file in ``factors/``: a file of factors (the factor columns) or of properties
names its publisher, document, edition (with its year) and table on every row, the first year it
applies to, and a last year wherever a later edition of the same factor follows it. GWP sets,
blend compositions and leak-rate ranges are chosen by the user rather than by year: they carry the
citation and the edition. Every file is either built by ``scripts/factors/regenerate.py`` or one
of the lookup tables named below, which carry no publisher's number.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import defaultdict
from pathlib import Path

import pytest

from carbon_cli.factors import FACTOR_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
FACTORS = ROOT / "factors"
CITATION = ("publisher", "document", "edition", "table", "evidence")
#: Tables that map names and codes and carry no publisher's number; us_zip_subregions.csv is EPA's
#: ZIP-to-subregion table as read (its builder input, see scripts/factors/build_history.py).
LOOKUPS = {"activities.csv", "factor_sets.csv", "us_zip_subregions.csv"}
#: Chosen by the user (a GWP set, a refrigerant, an equipment type), not by year.
YEARLESS = {"gwp.csv", "gwp_fgases.csv", "refrigerants.csv", "refrigerant_leak_rates.csv"}
#: The published parameters of cn_fuels.csv's rows, keyed by their factor id (built with them).
PARAMETERS = {"cn_fuel_parameters.csv"}
#: Built activity catalogue and region tree: names and codes, no numbers.
CATALOGUES = {"activities_mobile.csv", "regions.csv"}
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (FACTORS / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def files() -> list[str]:
    return sorted(path.name for path in FACTORS.glob("*.csv"))


def dated_files() -> list[str]:
    return [name for name in files() if "year_from" in read(name)[0]]


def test_issue_13_every_factor_file_is_built_from_its_inputs_or_a_lookup_table():
    spec = importlib.util.spec_from_file_location("rows_cited.regenerate", ROOT / "scripts/factors/regenerate.py")
    assert spec and spec.loader
    regenerate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(regenerate)
    built = {path.name for path in regenerate.build()}
    assert set(files()) - built - LOOKUPS == set(), "a factor file neither built by regenerate.py nor a lookup"


def test_issue_13_every_factor_file_is_of_a_known_kind():
    kinds = set(dated_files()) | YEARLESS | LOOKUPS | PARAMETERS | CATALOGUES
    assert set(files()) - kinds == set()
    # the two property tables (calorific values; the chiller COP) have columns of their own
    own_columns = {"properties.csv", "cooling_cop.csv"}
    assert {name for name in dated_files() if read(name)[0] == list(FACTOR_COLUMNS)} | own_columns == set(dated_files())


@pytest.mark.parametrize("name", sorted(set(files()) - LOOKUPS - PARAMETERS - CATALOGUES))
def test_issue_13_every_row_names_its_publisher_document_edition_year_and_table(name):
    columns, rows = read(name)
    assert rows
    label = columns[0]
    for line, row in enumerate(rows, start=2):
        where = f"{name} row {line} ({row[label]})"
        for field in CITATION:
            assert row[field].strip(), f"{where}: no {field}"
        assert YEAR.search(row["edition"]), f"{where}: edition {row['edition']!r} names no year"


@pytest.mark.parametrize("name", dated_files())
def test_issue_13_every_row_says_the_years_it_applies_to_and_a_superseded_one_ends(name):
    columns, rows = read(name)
    kind = "gas" if "gas" in columns else "property"
    groups: dict[tuple[str, ...], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        assert row["year_from"].isdigit() and 1990 <= int(row["year_from"]) <= 2100, f"{name} {row['id']}: year_from"
        if row["year_to"]:
            assert int(row["year_to"]) >= int(row["year_from"]), f"{name} {row['id']}: year_to before year_from"
        groups[tuple(row.get(k, "") for k in ("activity", "region", kind, "method", "basis", "unit"))].append(row)
    for group in groups.values():
        for row in group:
            later = [other["id"] for other in group if int(other["year_from"]) > int(row["year_from"])]
            assert not (later and row["year_to"] == ""), f"{name} {row['id']}: open-ended though {later[0]} follows it"


def test_issue_13_a_factor_a_later_edition_in_another_default_set_follows_is_not_open_ended():
    # e.g. a region's electricity CO2 in two default files: the earlier one must end.
    _, sets = read("factor_sets.csv")
    groups: dict[tuple[str, ...], list[tuple[str, dict[str, str]]]] = defaultdict(list)
    for entry in sets:
        if entry["default"] == "yes":
            for row in read(entry["file"])[1]:
                key = (row["activity"], row["region"], row["gas"].split("@")[0], row["method"])
                groups[key].append((entry["file"], row))
    for group in groups.values():
        for name, row in group:
            later = [
                f"{other_name} {other['id']}"
                for other_name, other in group
                if other_name != name and int(other["year_from"]) > int(row["year_from"])
            ]
            assert not (later and row["year_to"] == ""), f"{name} {row['id']}: open-ended though {later[0]} follows it"


def test_issue_13_fuel_parameters_belong_to_cited_factor_rows():
    _, parameters = read("cn_fuel_parameters.csv")
    cited = {row["id"] for name in ("cn_fuels.csv", "emission_factors.csv") for row in read(name)[1]}
    assert {row["factor_id"] for row in parameters} <= cited


def test_issue_13_chinas_purchased_heat_default_cites_the_guideline_it_is_printed_in():
    # 0.11 t CO2/GJ: "外购的蒸汽和热水的排放因子 ... 现可采用0.11tCO2/GJ" in the NDRC guideline for public
    # building operators (third batch, 2015); it had no edition ("not verified") and no document.
    row = next(r for r in read("emission_factors.csv")[1] if r["id"] == "cn-heat-default-co2")
    assert (row["value"], row["unit"], row["year_from"]) == ("0.11", "t/GJ", "2015")
    assert row["edition"].startswith("2015")
    assert "公共建筑运营单位" in row["document"]
    assert "National Development and Reform Commission" in row["publisher"]
