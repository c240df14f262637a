"""The shipped factor database (factors/) and the rule that picks a factor (the carbon_cli.factors package).

Three parts:

* a schema test over every row of every shipped CSV, read through ``factors_root()`` so it
  checks what the package ships (compare mlco2/codecarbon tests/test_package_integrity.py);
* hand-checked values, each with its source beside it;
* the selection rule (region, then year, then method, gas by gas) on tiny hand-made tables,
  and on the shipped table.
"""

from __future__ import annotations

import csv
import math
import re
from typing import Any

import pandas as pd
import pytest

from carbon_cli import factors, units
from carbon_cli.errors import ConfigError, InputDataError
from carbon_cli.factors.select import NO_RESIDUAL_MIX

FACTOR_FILES = (
    "emission_factors.csv",
    "us_epa_hub.csv",
    "us_egrid.csv",
    "uk_desnz.csv",
    "uk_desnz_memo.csv",
    "us_egrid_td_losses.csv",
    "us_epa_hub_memo.csv",
    "cn_fuels.csv",
    "cn_ets_electricity.csv",
    "ipcc2006_manufacturing.csv",
    "cn_national_electricity.csv",
    "world_electricity.csv",
    "in_cea_electricity.csv",
    "district_heat.csv",
    "residual_mixes.csv",
    "uk_desnz_volume.csv",
    "eea_electricity.csv",
    "subnational_electricity.csv",
    "mobile.csv",
    "us_epa_mobile.csv",  # issue 14: EPA Hub mobile tables, built by scripts/factors/epa_mobile.py
    "world_td_losses.csv",  # issue 14: World Bank loss rates x Ember, built by scripts/factors/world_td_losses.py
)
PROPERTY_FILES = ("properties.csv",)
ID_FILES = FACTOR_FILES + PROPERTY_FILES
CITED_FILES = (*ID_FILES, "gwp.csv", "gwp_fgases.csv", "cooling_cop.csv")  # cooling_cop: scripts/factors/cooling_cop.py
LOOKUP_FILES = (
    "regions.csv",
    "activities.csv",
    "activities_mobile.csv",  # issue 14: generated with us_epa_mobile.csv
    "factor_sets.csv",
    "us_zip_subregions.csv",
    "cn_fuel_parameters.csv",
    "refrigerants.csv",  # issue 14: cited, checked in tests/test_fugitive.py
    "refrigerant_leak_rates.csv",
)
CITATION_FIELDS = ("publisher", "document", "edition", "table")
GASES = {"CO2", "CH4", "N2O", "CO2e"}


def read_rows(name: str) -> list[dict[str, str]]:
    """Every row of a shipped CSV, opened through the package's own factors_root()."""
    with (factors.factors_root() / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def row_label(name: str, number: int, row: dict[str, str]) -> str:
    return f"{name} row {number + 2} ({row.get('id') or row.get('set', '')})"  # +2: header is line 1


# ---------------------------------------------------------------------------------------------
# Schema over the whole shipped database
# ---------------------------------------------------------------------------------------------


def test_every_shipped_csv_is_checked_here():
    # A new CSV must be added to one of the lists above, so the schema tests cover it.
    shipped = {item.name for item in factors.factors_root().iterdir() if item.name.endswith(".csv")}
    assert shipped == set(CITED_FILES) | set(LOOKUP_FILES)


@pytest.mark.parametrize("name", FACTOR_FILES)
def test_factor_file_header_is_the_documented_column_list(name):
    with (factors.factors_root() / name).open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == factors.FACTOR_COLUMNS


@pytest.mark.parametrize("name", CITED_FILES)
def test_every_row_has_a_full_citation(name):
    missing = [
        f"{row_label(name, i, row)}: {field}"
        for i, row in enumerate(read_rows(name))
        for field in CITATION_FIELDS
        if not row[field].strip()
    ]
    assert missing == []


@pytest.mark.parametrize("name", ID_FILES)
def test_every_row_has_a_lowercase_id(name):
    bad = [
        row_label(name, i, row)
        for i, row in enumerate(read_rows(name))
        if not row["id"].strip() or row["id"] != row["id"].strip().lower()
    ]
    assert bad == []


def test_ids_are_unique_across_files():
    seen: dict[str, str] = {}
    duplicates = []
    for name in ID_FILES:
        for row in read_rows(name):
            if row["id"] in seen:
                duplicates.append(f"{row['id']} in {seen[row['id']]} and {name}")
            seen.setdefault(row["id"], name)
    assert duplicates == []


def _is_int(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("name", ID_FILES)
def test_year_from_is_an_integer(name):
    bad = [row_label(name, i, row) for i, row in enumerate(read_rows(name)) if not _is_int(row["year_from"])]
    assert bad == []


@pytest.mark.parametrize("name", ID_FILES)
def test_year_to_is_empty_or_an_integer_not_before_year_from(name):
    bad = [
        row_label(name, i, row)
        for i, row in enumerate(read_rows(name))
        if row["year_to"] != ""
        and not (_is_int(row["year_to"]) and _is_int(row["year_from"]) and int(row["year_to"]) >= int(row["year_from"]))
    ]
    assert bad == []


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


@pytest.mark.parametrize("name", CITED_FILES)
def test_value_is_a_finite_number(name):
    bad = [row_label(name, i, row) for i, row in enumerate(read_rows(name)) if not _is_number(row["value"])]
    assert bad == []


@pytest.mark.parametrize("name", ID_FILES)
def test_unit_numerator_and_denominator_parse(name):
    bad = []
    for i, row in enumerate(read_rows(name)):
        try:
            units.ratio(row["unit"])
        except InputDataError as exc:
            bad.append(f"{row_label(name, i, row)}: {exc}")
    assert bad == []


@pytest.mark.parametrize("name", ID_FILES)
def test_every_region_is_in_regions_csv(name):
    known = {row["code"] for row in read_rows("regions.csv")}
    bad = [row_label(name, i, row) for i, row in enumerate(read_rows(name)) if row["region"] not in known]
    assert bad == []


@pytest.mark.parametrize("name", ID_FILES)
def test_every_activity_is_in_activities_csv(name):
    known = {row["activity"] for row in read_rows("activities.csv")}
    known |= {row["activity"] for row in read_rows("activities_mobile.csv")}  # the generated catalogue
    bad = [row_label(name, i, row) for i, row in enumerate(read_rows(name)) if row["activity"] not in known]
    assert bad == []


@pytest.mark.parametrize("name", (*FACTOR_FILES, "gwp.csv"))
def test_gas_is_co2_ch4_n2o_or_co2e(name):
    bad = [
        row_label(name, i, row)
        for i, row in enumerate(read_rows(name))
        if row["gas"] not in GASES and not re.fullmatch(r"(CH4|N2O)@AR[45]", row["gas"])
    ]
    assert bad == []


@pytest.mark.parametrize("name", FACTOR_FILES)
def test_emission_factor_numerators_are_masses(name):
    # "kg/kWh" with gas=CO2 means kg of CO2 per kWh: the numerator must be a mass.
    bad = [
        row_label(name, i, row)
        for i, row in enumerate(read_rows(name))
        if not units.ratio(row["unit"])[0].check("[mass]")
    ]
    assert bad == []


@pytest.mark.parametrize("name", FACTOR_FILES)
def test_method_is_set_for_electricity_only(name):
    # factors/README.md: method is location|market for electricity, empty for fuels and heat.
    bad = [
        row_label(name, i, row)
        for i, row in enumerate(read_rows(name))
        if row["method"] not in ({"location", "market"} if row["activity"] == "electricity" else {""})
    ]
    assert bad == []


def test_properties_are_ncv_energy_per_amount_or_density_mass_per_volume():
    bad = []
    for i, row in enumerate(read_rows("properties.csv")):
        numerator, denominator = units.ratio(row["unit"])
        if row["property"] in ("ncv", "gcv"):
            ok = numerator.check("[energy]") and (denominator.check("[mass]") or denominator.check("[volume]"))
        elif row["property"] == "density":
            ok = numerator.check("[mass]") and denominator.check("[volume]")
        else:
            ok = False
        if not ok:
            bad.append(row_label("properties.csv", i, row))
    assert bad == []


def test_gwp_rows_name_a_known_set_and_origin():
    bad = [
        row_label("gwp.csv", i, row)
        for i, row in enumerate(read_rows("gwp.csv"))
        if row["set"] not in {"AR4", "AR5", "AR6"} or row["origin"] not in {"any", "fossil", "non_fossil"}
    ]
    assert bad == []


def test_every_region_parent_chain_reaches_global():
    parents = {row["code"]: row["parent"] for row in read_rows("regions.csv")}
    stuck = []
    for code in parents:
        seen, here = set(), code
        while here != "GLOBAL" and here in parents and here not in seen:
            seen.add(here)
            here = parents[here]
        if here != "GLOBAL":
            stuck.append(code)
    assert stuck == []


DEFAULT_SET_FILES = tuple(row["file"] for row in read_rows("factor_sets.csv") if row["default"] == "yes")


@pytest.mark.parametrize(
    ("loader", "names"),
    [
        (factors.emission_factors, DEFAULT_SET_FILES),
        (factors.properties, ("properties.csv",)),
        (factors.gwp_table, ("gwp.csv",)),
    ],
)
def test_public_loaders_read_every_shipped_row(loader, names):
    assert len(loader()) == sum(len(read_rows(name)) for name in names)


# ---------------------------------------------------------------------------------------------
# Hand-checked values
# ---------------------------------------------------------------------------------------------


def shipped_row(activity: str, region: str, year: int, gas: str, method: str = "") -> dict[str, Any]:
    """The one default-table row for this activity, region, year (in range), gas and method."""
    table = factors.emission_factors()
    year_to = table["year_to"].fillna(math.inf).astype(float)
    found = table[
        (table["activity"] == activity)
        & (table["region"] == region)
        & (table["gas"] == gas)
        & (table["method"] == method)
        & (table["year_from"] <= year)
        & (year_to >= year)
    ]
    assert len(found) == 1, found
    return found.iloc[0].to_dict()


def test_cn_2021_national_electricity():
    # MEE/NBS Announcement 2024 No.12, national average 2021: 0.5568 kg CO2/kWh
    row = shipped_row("electricity", "CN", 2021, "CO2", "location")
    assert (row["value"], row["unit"]) == (0.5568, "kg/kWh")


def test_cn_cq_2021_provincial_electricity():
    # MEE/NBS Announcement 2024 No.12, Annex 1 provincial average, Chongqing (重庆) 2021: 0.4743 kg CO2/kWh
    row = shipped_row("electricity", "CN-CQ", 2021, "CO2", "location")
    assert (row["value"], row["unit"]) == (0.4743, "kg/kWh")


def test_cn_2022_market_electricity():
    # MEE/NBS announcement on the 2022 electricity CO2 factors (2024-12), national average excluding
    # market-traded non-fossil electricity, 2022: 0.5856 kg CO2/kWh
    row = shipped_row("electricity", "CN", 2022, "CO2", "market")
    assert (row["value"], row["unit"]) == (0.5856, "kg/kWh")


def test_ipcc_natural_gas_co2():
    # 2006 IPCC Guidelines Vol.2 Ch.1 Table 1.4, Natural Gas: 56 100 kg CO2/TJ (NCV basis)
    row = shipped_row("natural_gas", "GLOBAL", 2021, "CO2")
    assert (row["value"], row["unit"]) == (56100.0, "kg/TJ")


def test_ipcc_table_2_4_natural_gas_ch4():
    # 2006 IPCC Guidelines Vol.2 Ch.2 Table 2.4 (commercial/institutional), Natural Gas: 5 kg CH4/TJ
    row = shipped_row("natural_gas", "GLOBAL", 2021, "CH4")
    assert (row["value"], row["unit"]) == (5.0, "kg/TJ")
    assert "Table 2.4" in row["table"]


@pytest.mark.parametrize(
    ("gwp_set", "gas", "origin", "expected"),
    [
        ("AR6", "CH4", "fossil", 29.8),  # IPCC AR6 WG1 Ch.7 Table 7.15: fossil CH4 GWP100 29.8
        ("AR6", "N2O", "fossil", 273.0),  # IPCC AR6 WG1 Ch.7 Table 7.15: N2O GWP100 273
        ("AR6", "N2O", "non_fossil", 273.0),  # one N2O value, whatever the origin
        ("AR5", "CH4", "fossil", 28.0),  # IPCC AR5 WG1 Ch.8 Table 8.A.1 (no climate-carbon feedback): CH4 28
        ("AR4", "N2O", "fossil", 298.0),  # IPCC AR4 WG1 Ch.2 Table 2.14: N2O GWP100 298
    ],
)
def test_gwp_values(gwp_set, gas, origin, expected):
    assert factors.gwp_values(gwp_set)[(gas, origin)][0] == expected


def test_ar6_non_fossil_ch4_is_lower_than_fossil():
    # IPCC AR6 WG1 Table 7.15: non-fossil CH4 27.0 (fossil 29.8 adds the CO2 from its oxidation)
    assert factors.gwp_values("AR6")[("CH4", "non_fossil")][0] == 27.0


# ---------------------------------------------------------------------------------------------
# Selection rule on tiny hand-made tables
# ---------------------------------------------------------------------------------------------

COLUMNS = [*factors.FACTOR_COLUMNS, "citation"]


def table(*rows: dict[str, Any]) -> pd.DataFrame:
    """A factor table shaped like ``emission_factors()``; unset fields get harmless defaults."""
    records = []
    for number, row in enumerate(rows):
        record: dict[str, Any] = {column: "" for column in COLUMNS}
        record.update(
            id=f"t{number}",
            activity="electricity",
            region="CN",
            year_from=2021,
            year_to=None,
            gas="CO2",
            unit="kg/kWh",
            method="location",
            citation=f"test row {number}",
        )
        record.update(row)
        records.append(record)
    return pd.DataFrame.from_records(records, columns=COLUMNS).astype(
        {"year_from": "int64", "year_to": "Float64", "value": "float64"}
    )


def chain(region: str) -> list[str]:
    return factors.region_chain(region)[0]


def test_tiny_table_has_the_shape_of_the_shipped_one():
    shipped = factors.emission_factors()
    tiny = table({"value": 1.0})
    assert list(tiny.columns) == list(shipped.columns)
    assert dict(tiny.dtypes) == dict(shipped.dtypes)


def test_region_chain_walks_province_country_global():
    assert factors.region_chain("CN-CQ") == (["CN-CQ", "CN", "GLOBAL"], None)


def test_province_value_is_preferred_over_national():
    rows = table({"region": "CN", "value": 0.5}, {"region": "CN-CQ", "value": 0.4})
    choice = factors.pick(rows, chain("CN-CQ"), 2021)
    assert choice.row["value"] == 0.4
    assert choice.fallbacks == ()


def test_region_without_a_value_falls_back_to_its_parent_with_a_note():
    rows = table({"region": "CN", "value": 0.5}, {"region": "CN-SC", "value": 0.1})
    choice = factors.pick(rows, chain("CN-CQ"), 2021)
    assert choice.row["value"] == 0.5
    assert choice.fallbacks == ("no CN-CQ value, used CN",)


def test_exact_year_is_preferred():
    rows = table(*({"year_from": y, "year_to": y, "value": v} for y, v in [(2020, 0.6), (2021, 0.5), (2022, 0.4)]))
    choice = factors.pick(rows, chain("CN"), 2021)
    assert choice.row["value"] == 0.5
    assert choice.fallbacks == ()


def test_later_year_uses_the_nearest_earlier_edition_with_a_note():
    rows = table(*({"year_from": y, "year_to": y, "value": v} for y, v in [(2022, 0.4), (2020, 0.6), (2021, 0.5)]))
    choice = factors.pick(rows, chain("CN"), 2024)
    assert choice.row["value"] == 0.4  # 2022 is the nearest year before 2024
    assert choice.fallbacks == ("no 2024 edition, used the latest earlier one (2022)",)


def test_year_before_all_editions_uses_the_earliest_with_a_note():
    rows = table(*({"year_from": y, "year_to": y, "value": v} for y, v in [(2022, 0.4), (2021, 0.5)]))
    choice = factors.pick(rows, chain("CN"), 2019)
    assert choice.row["value"] == 0.5
    assert choice.fallbacks == ("no edition for 2019 or earlier: used the 2021 edition, a later year's factor",)


def test_open_ended_year_to_matches_any_later_year_without_a_note():
    rows = table({"region": "GLOBAL", "year_from": 2006, "year_to": None, "value": 56100.0})
    choice = factors.pick(rows, ["GLOBAL"], 2030)
    assert choice.row["value"] == 56100.0
    assert choice.fallbacks == ()


def test_overlapping_editions_prefer_the_later_year_from():
    # factors/README.md selection rule 3: several rows in range -> the later year_from
    rows = table(
        {"year_from": 2021, "year_to": 2022, "value": 0.5810}, {"year_from": 2022, "year_to": 2022, "value": 0.5703}
    )
    assert factors.pick(rows, chain("CN"), 2022).row["value"] == 0.5703


def test_overlapping_editions_with_equal_year_from_prefer_the_narrower_range():
    # factors/README.md selection rule 3: "prefer the later year_from, then the narrower range"
    wide = {"id": "wide", "year_from": 2021, "year_to": 2022, "value": 1.0}
    narrow = {"id": "narrow", "year_from": 2021, "year_to": 2021, "value": 2.0}
    picked = [factors.pick(table(*rows), chain("CN"), 2021).row["id"] for rows in ([wide, narrow], [narrow, wide])]
    assert picked == ["narrow", "narrow"]


def test_unknown_region_falls_back_to_global_with_a_note():
    codes, note = factors.region_chain("XX-YY")
    assert codes == ["XX-YY", "GLOBAL"]
    assert note == "region 'XX-YY' is not in the factor database; only global defaults apply"
    rows = table({"region": "GLOBAL", "value": 0.3}, {"region": "CN", "value": 0.5})
    choice = factors.select_gases(rows, "electricity", codes, 2021, "location")["CO2"]
    assert choice.row["value"] == 0.3
    assert choice.fallbacks == ("no XX-YY value, used GLOBAL",)


def test_unknown_province_of_a_known_country_falls_back_to_the_country():
    codes, note = factors.region_chain("CN-ZZ")
    assert codes == ["CN-ZZ", "CN", "GLOBAL"]
    assert note == "region 'CN-ZZ' is not in the factor database; using its country 'CN'"
    rows = table({"region": "GLOBAL", "value": 0.3}, {"region": "CN", "value": 0.5})
    choice = factors.select_gases(rows, "electricity", codes, 2021, "location")["CO2"]
    assert choice.row["value"] == 0.5
    assert choice.fallbacks == ("no CN-ZZ value, used CN",)


def test_region_codes_are_case_insensitive():
    assert chain("cn-cq") == ["CN-CQ", "CN", "GLOBAL"]


def test_market_method_picks_market_rows():
    rows = table({"method": "location", "value": 0.5568}, {"method": "market", "value": 0.5942})
    chosen = factors.select_gases(rows, "electricity", chain("CN"), 2021, "market")
    assert chosen["CO2"].row["value"] == 0.5942
    assert chosen["CO2"].fallbacks == ()


def test_location_method_ignores_market_rows():
    rows = table({"method": "market", "value": 0.5942}, {"method": "location", "value": 0.5568})
    chosen = factors.select_gases(rows, "electricity", chain("CN"), 2021, "location")
    assert chosen["CO2"].row["value"] == 0.5568


def test_market_method_without_market_rows_falls_back_to_location_with_a_note():
    rows = table({"method": "location", "value": 0.5568})
    chosen = factors.select_gases(rows, "electricity", chain("CN"), 2021, "market")
    assert chosen["CO2"].row["value"] == 0.5568
    assert chosen["CO2"].fallbacks == (NO_RESIDUAL_MIX,)


def test_market_rows_of_another_region_do_not_block_the_location_fallback():
    # A China residual-mix row must not stop a US slice from using its own location factor.
    rows = table(
        {"region": "CN", "method": "market", "value": 0.5942}, {"region": "US", "method": "location", "value": 0.37}
    )
    chosen = factors.select_gases(rows, "electricity", chain("US"), 2021, "market")
    assert chosen["CO2"].row["value"] == 0.37
    assert chosen["CO2"].fallbacks == (NO_RESIDUAL_MIX,)


def test_region_with_a_co2e_row_is_not_topped_up_with_global_gases():
    rows = table(
        {"region": "CN-CQ", "gas": "CO2e", "value": 0.6},
        {"region": "GLOBAL", "gas": "CO2", "value": 0.5},
        {"region": "GLOBAL", "gas": "CH4", "value": 0.01},
        {"region": "GLOBAL", "gas": "N2O", "value": 0.001},
    )
    chosen = factors.select_gases(rows, "electricity", chain("CN-CQ"), 2021, "location")
    assert list(chosen) == ["CO2e"]
    assert chosen["CO2e"].row["value"] == 0.6


def test_gases_are_resolved_independently_along_the_chain():
    rows = table(
        {"region": "CN", "gas": "CO2", "value": 2.162},
        {"region": "GLOBAL", "gas": "CO2", "value": 56100.0},
        {"region": "GLOBAL", "gas": "CH4", "value": 5.0},
    )
    chosen = factors.select_gases(rows, "electricity", chain("CN"), 2021, "location")
    assert {gas: c.row["value"] for gas, c in chosen.items()} == {"CO2": 2.162, "CH4": 5.0}


# ---------------------------------------------------------------------------------------------
# Selection rule on the shipped table
# ---------------------------------------------------------------------------------------------


def select(activity: str, region: str, year: int, method: str = "location") -> dict[str, factors.Choice]:
    return factors.select_gases(factors.emission_factors(), activity, chain(region), year, method)


def test_shipped_chongqing_2021_uses_its_provincial_factor():
    # Chongqing 0.4743, not the national 0.5568
    choice = select("electricity", "CN-CQ", 2021)["CO2"]
    assert (choice.row["value"], choice.fallbacks) == (0.4743, ())


def test_shipped_tibet_falls_back_to_national_with_a_note():
    # factors/README.md: no provincial factor for Tibet (CN-XZ)
    choice = select("electricity", "CN-XZ", 2021)["CO2"]
    assert choice.row["value"] == 0.5568
    assert choice.fallbacks == ("no CN-XZ value, used CN",)


def test_shipped_region_is_resolved_before_year():
    # factors/README.md rule 2: a 2024 province slice uses the province's 2023 factor (CQ 0.5581, MEE/NBS
    # Announcement 2025 No. 47), the latest earlier data year of its own region
    choice = select("electricity", "CN-CQ", 2024)["CO2"]
    assert choice.row["value"] == 0.5581
    assert choice.fallbacks == ("no 2024 edition, used the latest earlier one (2023)",)
    # a 2023 New York slice uses the state's eGRID2021 output rate (455.345 lb/MWh), not the US 2023 average
    choice = select("electricity", "US-NY", 2023)["CO2"]
    assert (choice.row["region"], choice.row["value"]) == ("US-NY", 455.345)
    assert choice.fallbacks[-1] == "no 2023 edition, used the latest earlier one (2021)"


def test_shipped_year_before_all_editions_uses_the_earliest_national_value():
    # issue 13: the national series starts with the carbon-market value 0.6101 (recorded for 2020)
    choice = select("electricity", "CN", 2019)["CO2"]
    assert choice.row["value"] == 0.6101
    assert choice.fallbacks == ("no edition for 2019 or earlier: used the 2020 edition, a later year's factor",)


def test_shipped_ipcc_factor_is_open_ended():
    chosen = select("natural_gas", "GLOBAL", 2030)
    assert {gas: c.row["value"] for gas, c in chosen.items()} == {"CO2": 56100.0, "CH4": 5.0, "N2O": 0.1}
    assert all(c.fallbacks == () for c in chosen.values())


def test_shipped_unknown_region_gets_global_ipcc_factors_with_a_note():
    choice = select("natural_gas", "XX-YY", 2021)["CO2"]
    assert choice.row["value"] == 56100.0
    assert choice.fallbacks == ("no XX-YY value, used GLOBAL",)


def test_shipped_unknown_chinese_province_gets_the_national_factor():
    choice = select("electricity", "CN-ZZ", 2021)["CO2"]
    assert choice.row["value"] == 0.5568
    assert choice.fallbacks == ("no CN-ZZ value, used CN",)


def test_shipped_market_2021_is_the_residual_style_factor():
    # MEE/NBS Announcement 2024 No.12: 2021 national average excluding market-traded non-fossil: 0.5942
    choice = select("electricity", "CN", 2021, "market")["CO2"]
    assert (choice.row["value"], choice.fallbacks) == (0.5942, ())


def test_shipped_market_for_a_province_uses_the_national_residual_factor():
    choice = select("electricity", "CN-CQ", 2021, "market")["CO2"]
    assert choice.row["value"] == 0.5942
    assert choice.fallbacks == ("no CN-CQ value, used CN",)


def test_shipped_market_for_heat_falls_back_to_location_with_a_note():
    # there are no market-method heat rows; CN heat default 0.11 t CO2/GJ
    choice = select("heat", "CN", 2021, "market")["CO2"]
    assert choice.row["value"] == 0.11
    assert choice.fallbacks == (NO_RESIDUAL_MIX,)


def test_shipped_chinese_gas_takes_co2_from_cn_and_ch4_n2o_from_ipcc():
    # factors/README.md rule 5: CO2 2.162 kg/m3 (GB/T 32151), CH4 5 and N2O 0.1 kg/TJ (IPCC Table 2.4)
    chosen = select("natural_gas", "CN", 2021)
    assert {gas: (c.row["value"], c.row["unit"]) for gas, c in chosen.items()} == {
        "CO2": (2.162, "kg/m**3"),
        "CH4": (5.0, "kg/TJ"),
        "N2O": (0.1, "kg/TJ"),
    }


def test_shipped_ets_overlap_in_2022_picks_0_5703():
    # factors/README.md "Left out": 0.5810 covers 2021-2022 and 0.5703 covers 2022; the tie-break picks 0.5703
    rows = table(
        *(
            {k: v for k, v in row.items() if k in factors.FACTOR_COLUMNS}
            | {
                "year_from": int(row["year_from"]),
                "year_to": int(row["year_to"]) if row["year_to"] else None,
                "value": float(row["value"]),
            }
            for row in read_rows("cn_ets_electricity.csv")
        )
    )
    assert factors.pick(rows, chain("CN"), 2022).row["value"] == 0.5703


# ---------------------------------------------------------------------------------------------
# amount_in: how many factor denominators one bill unit is
# ---------------------------------------------------------------------------------------------


def per_tj():
    return units.ratio("kg/TJ")[1]


def test_one_m3_of_chinese_natural_gas_in_tj():
    # GB/T 32150-2015 NCV 389.31 GJ per 10^4 Nm3 -> 389.31 / 10^4 GJ = 0.038931 GJ = 3.8931e-5 TJ per m3
    amount, used = factors.amount_in("m3", per_tj(), "natural_gas", chain("CN"), 2021, factors.properties())
    assert amount == pytest.approx(3.8931e-5, rel=1e-12)
    assert [c.row["id"] for c in used] == ["cn-gbt32150-natural_gas-ncv"]


def test_chinese_gas_spelling_fang_gives_the_same_amount():
    amount, _ = factors.amount_in("方", per_tj(), "natural_gas", chain("CN-CQ"), 2021, factors.properties())
    assert amount == pytest.approx(3.8931e-5, rel=1e-12)


def test_one_tonne_of_diesel_in_tj_with_the_ipcc_ncv():
    # IPCC 2006 Vol.2 Table 1.2 Gas/Diesel Oil NCV 43.0 TJ/Gg -> 1 t = 1e-3 Gg -> 0.043 TJ (= 43.0 GJ)
    amount, used = factors.amount_in("t", per_tj(), "diesel", ["GLOBAL"], 2021, factors.properties())
    assert amount == pytest.approx(0.043, rel=1e-12)
    assert [c.row["id"] for c in used] == ["ipcc2006-diesel-ncv"]


def test_same_dimension_needs_no_property():
    # 1 kWh = 1e-3 MWh; pint alone, no property row
    amount, used = factors.amount_in("kWh", units.ratio("t/MWh")[1], "electricity", ["CN"], 2021, factors.properties())
    assert amount == pytest.approx(1e-3, rel=1e-12)
    assert used == []


def test_litres_of_diesel_without_a_density_raise_input_data_error():
    # factors/README.md: no densities are shipped yet, so litres cannot reach TJ
    with pytest.raises(InputDataError) as caught:
        factors.amount_in("L", per_tj(), "diesel", ["GLOBAL"], 2021, factors.properties())
    assert caught.value.exit_code == 3
    assert "diesel" in str(caught.value)


def test_litres_of_diesel_reach_tj_through_a_density_then_the_ncv():
    # A test-only density of 0.84 kg/L (not a cited value): 1 L = 0.84 kg = 0.84e-6 Gg;
    # x IPCC NCV 43.0 TJ/Gg = 3.612e-5 TJ
    props = factors.properties()
    density = props[props["id"] == "ipcc2006-diesel-ncv"].assign(
        id="test-diesel-density", property="density", value=0.84, unit="kg/L"
    )
    amount, used = factors.amount_in("L", per_tj(), "diesel", ["GLOBAL"], 2021, pd.concat([props, density]))
    assert amount == pytest.approx(3.612e-5, rel=1e-12)
    assert [c.row["id"] for c in used] == ["test-diesel-density", "ipcc2006-diesel-ncv"]


# ---------------------------------------------------------------------------------------------
# Issue 3: the whole database, US and UK values by hand, regions, sets and calorific bases
# ---------------------------------------------------------------------------------------------

LB = 0.45359237  # kg per pound (international avoirdupois pound, exact)
EVIDENCE = {"primary-via-copy", "press-confirmed", "single-secondary"}


def default_rows() -> list[dict[str, str]]:
    return [row for name in DEFAULT_SET_FILES for row in read_rows(name)]


def test_issue_3_every_factor_row_names_a_real_document_and_an_evidence_grade():
    # A citation is a publisher, a named document, an edition and a table; the grade is from the legend.
    bad = [
        f"{name}: {row['id']}"
        for name in FACTOR_FILES
        for row in read_rows(name)
        if len(row["document"]) < 15 or len(row["publisher"]) < 4 or row["evidence"] not in EVIDENCE
    ]
    assert bad == []


def test_issue_3_no_duplicate_keys_in_the_default_sets_together():
    # One row per (activity, region, gas, method, year_from) across every file loaded by default, and per
    # kind of quantity: UK gas per kWh and per m3 are alternatives the bill's unit chooses (issue 13).
    seen: dict[tuple[str, ...], str] = {}
    duplicates = []
    for row in default_rows():
        per = row["unit"].split("/", 1)[1]
        key = (row["activity"], row["region"], row["gas"], row["method"], row["year_from"], per)
        if key in seen:
            duplicates.append(f"{row['id']} and {seen[key]}")
        seen.setdefault(key, row["id"])
    assert duplicates == []


def test_issue_3_the_set_manifest_lists_every_factor_file_once():
    listed = [row["file"] for row in read_rows("factor_sets.csv")]
    assert sorted(listed) == sorted(FACTOR_FILES)
    assert {row["set"] for row in read_rows("factor_sets.csv") if row["default"] == "no"} == {
        "cn-ets",
        "ipcc-manufacturing",
        "eea",
        "us-egrid-td",
        "world-td",  # issue 14: opt-in (life-cycle intensities, loss rates to 2023), see README
    }


def test_issue_3_calorific_basis_is_ncv_gcv_or_empty_and_fuels_state_it():
    bad = [
        row["id"]
        for name in (*FACTOR_FILES, "properties.csv")
        for row in read_rows(name)
        if row["basis"] not in {"", "NCV", "GCV"}
    ]
    assert bad == []
    # every per-energy fuel factor must say on which basis its energy is
    unstated = [
        row["id"]
        for row in default_rows()
        if row["activity"]
        not in ("electricity", "electricity_td_losses", "heat", "electricity_wtt", "electricity_td_losses_wtt")
        and not row["basis"]
        and units.dimension_of(units.ratio(row["unit"])[1]) == "energy"
    ]
    assert unstated == []


def factor_row(factor_id: str) -> dict[str, Any]:
    return factors.lookup(factor_id)


def per_unit(factor_id: str, unit: str, chain_: list[str], *, activity: str | None = None) -> float:
    """t of gas per one ``unit`` of activity through this factor, as the calculator computes it."""
    row = factor_row(factor_id)
    numerator, denominator = units.ratio(row["unit"])
    amount, _ = factors.amount_in(
        unit,
        denominator,
        activity or row["activity"],
        chain_,
        2024,
        factors.properties(),
        basis=row["basis"],
        factor_id=factor_id,
    )
    return row["value"] * float(numerator.to("t").magnitude) * amount


def test_issue_3_egrid2022_camx_co2_by_hand():
    # EPA eGRID2022 (EPA GHG Emission Factors Hub 2024, Table 6), CAMX (WECC California) total output
    # CO2 rate 497.443 lb/MWh -> 497.443 x 0.45359237 kg/lb / 1000 kWh/MWh = 0.225636 kg CO2/kWh
    row = factor_row("us-egrid2022-camx-co2")
    assert (row["value"], row["unit"], row["region"], row["year_from"]) == (497.443, "lb/MWh", "US-EGRID-CAMX", 2022)
    kg_per_kwh = 497.443 * LB / 1000
    assert kg_per_kwh == pytest.approx(0.2256363, abs=1e-7)
    assert per_unit("us-egrid2022-camx-co2", "kWh", chain("CAMX")) * 1000 == pytest.approx(kg_per_kwh, rel=1e-12)


@pytest.mark.parametrize(
    ("acronym", "co2", "ch4", "n2o"),
    [
        ("US", 823.149, 0.066, 0.009),  # eGRID2022 U.S. total output rates, lb/MWh
        ("ERCT", 771.083, 0.049, 0.007),  # eGRID2022 ERCOT All
        ("NYUP", 274.559, 0.015, 0.002),  # eGRID2022 NPCC Upstate NY
    ],
)
def test_issue_3_egrid2022_rates_by_hand(acronym, co2, ch4, n2o):
    # Source: EPA eGRID2022 as carried in EPA GHG Emission Factors Hub 2024, Table 6 Electricity
    values = {gas: factor_row(f"us-egrid2022-{acronym.lower()}-{gas}")["value"] for gas in ("co2", "ch4", "n2o")}
    assert values == {"co2": co2, "ch4": ch4, "n2o": n2o}


def test_issue_3_every_egrid_subregion_has_co2_ch4_n2o_and_a_region():
    subregions = [code for code, row in factors.region_table().items() if code.startswith("US-EGRID-")]
    assert len(subregions) == 27  # eGRID2022 subregions (AKGD ... SRVC), incl. PRMS
    rows = read_rows("us_egrid.csv")
    for edition in ("2019", "2021", "2022", "2023"):  # issue 13: every edition shipped
        for code in [*subregions, "US"]:
            gases = sorted(r["gas"] for r in rows if r["region"] == code and r["year_from"] == edition)
            assert gases == ["CH4", "CO2", "N2O"], (edition, code)


def test_issue_3_epa_natural_gas_per_therm_by_hand():
    # EPA Hub 2024 Table 1 (= 40 CFR 98 Table C-1/C-2): natural gas 53.06 kg CO2, 1.0 g CH4, 0.10 g N2O per
    # mmBtu (HHV). 1 therm = 100,000 Btu = 0.1 mmBtu -> 5.306 kg CO2, 0.1 g CH4, 0.01 g N2O per therm.
    us = chain("US-CA")
    assert per_unit("us-epa-hub2024-natural_gas-co2", "therm", us) * 1000 == pytest.approx(5.306, rel=1e-12)
    assert per_unit("us-epa-hub2024-natural_gas-ch4", "therm", us) * 1e6 == pytest.approx(0.1, rel=1e-12)
    assert per_unit("us-epa-hub2024-natural_gas-n2o", "therm", us) * 1e6 == pytest.approx(0.01, rel=1e-12)


def test_issue_3_us_gas_in_ccf_goes_through_the_epa_higher_heating_value():
    # 40 CFR 98 Table C-1: natural gas default high heat value 1.026E-03 mmBtu/scf (1.026 mmBtu/Mscf).
    # 1 ccf = 100 scf = 0.1026 mmBtu x 53.06 kg/mmBtu = 5.443956 kg CO2 (EPA's own per-scf factor,
    # 0.05444 kg/scf, agrees to its 4 digits). Both sides are HHV (gross): no mixing of bases.
    row = factor_row("us-epa-hub2024-natural_gas-co2")
    _, denominator = units.ratio(row["unit"])
    amount, used = factors.amount_in(
        "ccf", denominator, "natural_gas", chain("US-TX"), 2024, factors.properties(), basis="GCV"
    )
    assert amount == pytest.approx(0.1026, rel=1e-9)
    assert [c.row["id"] for c in used] == ["us-epa-hub2024-natural_gas-gcv"]
    assert per_unit("us-epa-hub2024-natural_gas-co2", "ccf", chain("US-TX")) * 1000 == pytest.approx(5.443956)


def test_issue_3_us_diesel_in_tonnes_is_refused_rather_than_mixing_ncv_into_an_hhv_factor():
    # The only per-mass calorific value is IPCC's NCV; EPA's factor is per HHV mmBtu: error with a fix.
    with pytest.raises(InputDataError) as caught:
        per_unit("us-epa-hub2024-diesel-co2", "t", chain("US-TX"))
    assert "gross (GCV" in str(caught.value) and "gcv:" in str(caught.value)


def test_issue_3_us_diesel_in_gallons_uses_the_epa_heat_content():
    # 40 CFR 98 Table C-1: distillate No. 2, 0.138 mmBtu/gallon x 73.96 kg CO2/mmBtu = 10.20648 kg CO2/gal
    assert per_unit("us-epa-hub2024-diesel-co2", "gal", chain("US-TX")) * 1000 == pytest.approx(10.20648)


def test_issue_3_an_energy_bill_never_meets_a_factor_on_the_other_basis():
    # UK fuel energy on bills is gross; IPCC's LPG factor is per net TJ: refused, not silently mixed.
    with pytest.raises(InputDataError) as caught:
        per_unit("ipcc2006-lpg-co2", "kWh", chain("GB"))
    assert "net (NCV" in str(caught.value) and "GB" in str(caught.value)
    # China bills energy on a net basis, so the same factor is fine there: 63 100 kg/TJ = 63.1 kg per GJ
    assert per_unit("ipcc2006-lpg-co2", "GJ", chain("CN")) * 1000 == pytest.approx(63.1, rel=1e-12)


def test_issue_3_uk_2023_values_by_hand():
    # DESNZ flat file 2023: electricity generated 0.20496 kg CO2 + 0.000896 kg CO2e of CH4 + 0.00121828859060403 kg
    # CO2e of N2O per kWh (AR5: CH4 28, N2O 265), adding up to the published 0.20707 (issue 13.5: shipped per gas)
    gb = chain("UK")
    assert per_unit("uk-desnz-2023-elec-co2", "kWh", gb) * 1000 == pytest.approx(0.20496, rel=1e-12)
    assert per_unit("uk-desnz-2023-elec-ch4", "kWh", gb) * 1000 == pytest.approx(0.000896 / 28, rel=1e-12)
    assert per_unit("uk-desnz-2023-elec-n2o", "kWh", gb) * 1000 == pytest.approx(0.00121828859060403 / 265, rel=1e-12)
    assert abs(0.20496 + 0.000896 + 0.00121828859060403 - 0.20707) < 5e-6  # the shares add up to the published total
    assert per_unit("uk-desnz-2023-td-co2", "kWh", gb) * 1000 == pytest.approx(0.01773, rel=1e-12)
    assert per_unit("uk-desnz-2023-natural_gas-co2", "kWh", gb) * 1000 == pytest.approx(0.18256, rel=1e-12)
    assert factor_row("uk-desnz-2023-natural_gas-co2")["basis"] == "GCV"


def test_issue_3_uk_gas_in_m3_is_refused_with_a_fix():
    # DESNZ gas is per kWh gross; the shipped calorific values for gas are net (IPCC) or Chinese: refuse.
    with pytest.raises(InputDataError) as caught:
        per_unit("uk-desnz-2023-natural_gas-co2", "m3", chain("GB"))
    assert "gcv:" in str(caught.value)


def test_issue_3_region_aliases():
    assert factors.region_chain("CAMX")[0] == ["US-EGRID-CAMX", "US", "GLOBAL"]
    assert factors.region_chain("us-egrid-camx")[0] == ["US-EGRID-CAMX", "US", "GLOBAL"]
    assert factors.region_chain("UK")[0] == ["GB", "GLOBAL"]
    assert factors.region_chain("华中")[0] == ["CN-GRID-CC", "CN", "GLOBAL"]


def test_issue_3_california_uses_its_state_rate_and_says_it_is_an_approximation():
    # issue 13.2: CAMX, NWPP and AZNM serve California (EPA Power Profiler ZIP table): eGRID2021's CA
    # state output emission rate, as a warning, until the site names its subregion or ZIP code
    choice = select("electricity", "US-CA", 2022)["CO2"]
    assert choice.row["id"] == "us-egrid2021-state-ca-co2"
    assert "state output emission rate stands in for the site's grid, an approximation" in choice.fallbacks[0]
    assert factors.fallback_level("; ".join(choice.fallbacks)) == "warning"


def test_issue_3_naming_the_subregion_is_exact():
    choice = select("electricity", "CAMX", 2022)["CO2"]
    assert (choice.row["id"], choice.fallbacks) == ("us-egrid2022-camx-co2", ())


def test_issue_3_a_split_state_uses_its_state_rate_not_the_us_average():
    # issue 13.2: eGRID2021 Table 3, NY 455.345 lb CO2/MWh (not the US average 823.149)
    choice = select("electricity", "US-NY", 2022)["CO2"]
    assert choice.row["value"] == 455.345
    assert "give site.egrid_subregion or site.zip" in choice.fallbacks[0]


def test_issue_3_every_us_state_and_dc_is_a_region_on_a_chain_to_us():
    states = [code for code, row in factors.region_table().items() if row["kind"] == "state"]
    assert len(states) == 52  # 50 states, DC and Puerto Rico
    assert all("US" in factors.region_chain(code)[0] for code in states)


def test_issue_3_us_gas_uses_epa_not_ipcc():
    chosen = select("natural_gas", "US-CA", 2024)
    assert {gas: c.row["id"] for gas, c in chosen.items()} == {
        "CO2": "us-epa-hub2024-natural_gas-co2",
        "CH4": "us-epa-hub2024-natural_gas-ch4",
        "N2O": "us-epa-hub2024-natural_gas-n2o",
    }


def test_issue_3_uk_co2e_factor_is_not_topped_up_with_ipcc_gases():
    # Since issue 13.5 DESNZ ships per gas: every gas comes from DESNZ, none from IPCC at GLOBAL
    chosen = select("natural_gas", "GB", 2023)
    assert {gas: c.row["id"] for gas, c in chosen.items()} == {
        "CO2": "uk-desnz-2023-natural_gas-co2",
        "CH4": "uk-desnz-2023-natural_gas-ch4",
        "N2O": "uk-desnz-2023-natural_gas-n2o",
    }


def test_issue_3_uk_year_after_the_last_gas_edition_falls_back_with_a_note():
    choice = select("natural_gas", "GB", 2026)["CO2"]
    assert choice.row["value"] == 0.18253  # DESNZ 2024, kg CO2 per kWh gross (no 2025 gas row was read)
    assert choice.fallbacks == ("no 2026 edition, used the latest earlier one (2024)",)


def test_issue_3_cn_ets_set_replaces_mee_nbs_factors_for_every_chinese_region():
    # MEE notice on 2022 enterprise GHG reporting: 0.5810 t CO2/MWh for accounting years 2021-2022
    table = factors.factor_table(("cn-ets",))
    choice = factors.select_gases(table, "electricity", chain("CN-CQ"), 2021, "location")["CO2"]
    assert (choice.row["id"], choice.row["value"]) == ("cn-ets-2021-elec-cn-co2", 0.5810)
    # the residual-mix (market) factor is not part of the ETS set and stays
    market = factors.select_gases(table, "electricity", chain("CN-CQ"), 2021, "market")["CO2"]
    assert market.row["value"] == 0.5942
    # other countries are untouched
    us = factors.select_gases(table, "electricity", chain("CAMX"), 2022, "location")["CO2"]
    assert us.row["id"] == "us-egrid2022-camx-co2"


def test_issue_3_ipcc_manufacturing_set_replaces_global_rows_only():
    # IPCC 2006 Table 2.3: natural gas CH4 1 kg/TJ replaces Table 2.4's 5 at GLOBAL; EPA's US rows stay
    table = factors.factor_table(("ipcc-manufacturing",))
    cn = factors.select_gases(table, "natural_gas", chain("CN"), 2021, "location")
    assert cn["CH4"].row["value"] == 1.0
    us = factors.select_gases(table, "natural_gas", chain("US"), 2024, "location")
    assert us["CH4"].row["id"] == "us-epa-hub2024-natural_gas-ch4"


def test_issue_3_unknown_factor_set_is_a_config_error():
    with pytest.raises(ConfigError) as caught:
        factors.factor_table(("cn-etz",))
    assert "cn-ets" in str(caught.value)


# ---------------------------------------------------------------------------------------------
# User factors
# ---------------------------------------------------------------------------------------------


def user(**fields: Any) -> dict[str, Any]:
    return {
        "activity": "electricity",
        "region": "CN-CQ",
        "gas": "CO2",
        "value": "0.45",
        "unit": "kg/kWh",
        "document": "supplier disclosure 2021",
        **fields,
    }


def test_issue_3_user_rows_are_prefixed_and_cited():
    rows = factors.user_rows([user(id="supplier")], where=["site.yaml: factors[0]"], default_year=2021)
    row = rows.iloc[0]
    assert (row["id"], row["method"], row["year_from"], row["citation"]) == (
        "user:supplier",
        "location",
        2021,
        "supplier disclosure 2021",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"document": ""}, "no source"),
        ({"unit": "kWh/kg"}, "does not start with a mass"),
        ({"unit": "kg/blorf"}, "cannot read"),
        ({"unit": "kg/parsec"}, "per energy, volume or mass"),
        ({"gas": "SF6"}, "gas 'SF6'"),
        ({"region": "XX-YY"}, "region 'XX-YY'"),
        ({"activity": "steel"}, "unknown activity"),
        ({"value": "lots"}, "not a number"),
        ({"method": "market", "activity": "natural_gas"}, "method 'market'"),
    ],
)
def test_issue_3_user_rows_are_validated(fields, message):
    with pytest.raises(InputDataError) as caught:
        factors.user_rows([user(**fields)], where=["my.csv row 2"], default_year=2021)
    assert message in str(caught.value) and "my.csv row 2" in str(caught.value)


def test_issue_3_user_co2e_row_replaces_every_gas_of_its_activity_for_that_site():
    own = factors.user_rows([user(gas="CO2e", region="US-EGRID-CAMX", value="0.2")], where=["x"], default_year=2022)
    table = factors.with_overrides(factors.emission_factors(), own, chain("CAMX"))
    chosen = factors.select_gases(table, "electricity", chain("CAMX"), 2022, "location")
    assert {gas: c.row["id"] for gas, c in chosen.items()} == {"CO2e": "user:x"}
    # a user row for another region does not touch this site's table
    assert factors.with_overrides(factors.emission_factors(), own, chain("CN-CQ")) is factors.emission_factors()


# ---------------------------------------------------------------------------------------------
# Issue 11: GWP sets and gases live once, in the data; the data ships apart from the code
# ---------------------------------------------------------------------------------------------


def test_issue_11_gwp_sets_are_read_from_gwp_csv():
    assert factors.gwp_sets() == ("AR4", "AR5", "AR6")
    assert set(factors.gwp_sets()) == {row["set"] for row in read_rows("gwp.csv")}


def test_issue_11_gases_are_those_with_a_gwp_then_co2e():
    assert factors.gases() == ("CO2", "CH4", "N2O", "CO2e")
    assert set(factors.gases()) == GASES


def test_issue_11_the_yaml_schema_and_the_cli_offer_exactly_the_gwp_sets_and_gases_of_the_data():
    # The YAML schema and --help need the names before any data loads (--help stays light), so
    # they are written in code once each; this holds them to gwp.csv.
    from typing import get_args

    from carbon_cli import config
    from carbon_cli.cli.calc import Gwp

    assert get_args(config.GwpSet) == factors.gwp_sets()
    assert tuple(Gwp) == factors.gwp_sets()
    assert get_args(config.UserFactor.model_fields["gas"].annotation) == factors.gases()


def test_issue_11_factors_root_is_the_data_folder_not_the_code_package():
    root = factors.factors_root()
    assert (root / "gwp.csv").is_file()
    assert not (root / "__init__.py").is_file()
