"""config.load: the site YAML into typed objects, and the errors it gives when the YAML is wrong."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from carbon_cli import config, factors
from carbon_cli.errors import ConfigError

POWER_CSV = """\
start,end,quantity,unit
2021-01-01,2021-01-31,1000,kWh
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_error(path: Path, **kwargs: object) -> ConfigError:
    with pytest.raises(ConfigError) as excinfo:
        config.load(path, **kwargs)
    assert excinfo.value.exit_code == 2
    return excinfo.value


# --- what loads ----------------------------------------------------------------------------


def test_minimal_yaml_loads_with_defaults(tmp_path):
    site = write(
        tmp_path / "site.yaml",
        """\
        site: {id: s1, region: cn-cq}
        """,
    )
    loaded = config.load(site)
    assert loaded.site.id == "s1"
    assert loaded.site.region == "CN-CQ"
    assert loaded.gwp == "AR6"
    assert loaded.period is None
    assert loaded.bills == []
    assert loaded.instruments == []
    assert loaded.source == site


def test_period_and_bill_fields_are_typed(make_site):
    site = make_site(
        """\
        bills:
          - path: power.csv
            activity: electricity
            unit: kWh
            header_row: 2
            columns: {start: 起始日期}
        """,
        bills={"power.csv": POWER_CSV},
        start="2021-01-01",
        end="2021-06-30",
        gwp="AR5",
    )
    loaded = config.load(site)
    assert loaded.period.start == dt.date(2021, 1, 1)
    assert loaded.period.end == dt.date(2021, 6, 30)
    assert loaded.period.days == 181
    assert loaded.gwp == "AR5"
    bill = loaded.bills[0]
    assert (bill.unit, bill.header_row, bill.columns.start) == ("kWh", 2, "起始日期")


def test_bill_paths_resolve_relative_to_the_yaml_file(tmp_path, monkeypatch):
    site = write(
        tmp_path / "project" / "site.yaml",
        """\
        site: {id: s1, region: CN}
        bills:
          - {path: bills/power.csv, activity: electricity}
        """,
    )
    write(tmp_path / "project" / "bills" / "power.csv", POWER_CSV)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    loaded = config.load(site)
    assert loaded.bills[0].path == tmp_path / "project" / "bills" / "power.csv"


def test_bill_paths_are_absolute_when_the_yaml_path_is_relative(tmp_path, monkeypatch):
    write(
        tmp_path / "project" / "site.yaml",
        """\
        site: {id: s1, region: CN}
        bills:
          - {path: bills/power.csv, activity: electricity}
        """,
    )
    write(tmp_path / "project" / "bills" / "power.csv", POWER_CSV)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    loaded = config.load("../project/site.yaml")
    bill_path = loaded.bills[0].path
    assert bill_path.is_absolute()
    assert bill_path.resolve() == (tmp_path / "project" / "bills" / "power.csv").resolve()


def test_yaml_with_utf8_bom_loads(tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text("site: {id: s1, region: CN}\n", encoding="utf-8-sig")
    assert config.load(site).site.region == "CN"


# --- the file itself -----------------------------------------------------------------------


def test_missing_yaml_file_is_a_config_error(tmp_path):
    error = load_error(tmp_path / "nope.yaml")
    assert str(error).startswith(f"{tmp_path / 'nope.yaml'}: file not found")


def test_directory_instead_of_yaml_is_a_config_error(tmp_path):
    error = load_error(tmp_path)
    assert "is a directory, not a site YAML" in str(error)
    assert "site.yaml" in error.fix


def test_malformed_yaml_names_the_line(tmp_path):
    site = write(
        tmp_path / "site.yaml",
        """\
        site:
          id: s1
          region: CN
        gwp: AR6: AR5
        """,
    )
    error = load_error(site)
    assert f"{site} line 4, column" in str(error)
    assert "cannot parse YAML" in str(error)


def test_empty_yaml_file_is_refused(tmp_path):
    site = write(tmp_path / "site.yaml", "")
    error = load_error(site)
    assert str(error).startswith(f"{site}: the file is empty")
    assert "carbon init" in str(error)


def test_comment_only_yaml_file_counts_as_empty(tmp_path):
    site = write(tmp_path / "site.yaml", "# nothing yet\n")
    assert "the file is empty" in str(load_error(site))


def test_yaml_list_at_the_top_is_refused(tmp_path):
    site = write(tmp_path / "site.yaml", "- a\n- b\n")
    assert "expected a mapping of keys at the top, got list" in str(load_error(site))


def test_python_object_tag_is_refused_and_nothing_runs(tmp_path):
    marker = tmp_path / "ran"
    site = write(
        tmp_path / "site.yaml",
        f"""\
        site: !!python/object/apply:os.system ["touch {marker}"]
        """,
    )
    error = load_error(site)
    assert "carbon reads plain YAML only. Remove the !! tag" in str(error)
    assert not marker.exists()


def test_python_object_tag_with_echo_is_refused(tmp_path, capfd):
    site = write(
        tmp_path / "site.yaml",
        """\
        site: !!python/object/apply:os.system ["echo hi"]
        """,
    )
    load_error(site)
    assert "hi" not in capfd.readouterr().out


# --- keys ----------------------------------------------------------------------------------


def test_unknown_key_suggests_the_right_one_with_its_key_path(make_site):
    site = make_site(
        """\
        bills:
          - path: power.csv
            activity: electricity
            colums: {start: from}
        """,
        bills={"power.csv": POWER_CSV},
    )
    error = load_error(site)
    message = str(error)
    assert f"{site}: bills[0].colums: unknown key 'colums' (did you mean 'columns'?)" in message
    assert (
        "Allowed keys here: path, sheet, sheet_index, activity, unit, meter, header_row, header_rows, sheets, "
        "delimiter, encoding, decimal, dates, cv, energy_basis, volume_correction, blend, vehicle, columns, "
        "multiplier, "
        "rollover, "
        "replaced, "
        "replacement_marks" in message
    )


def test_unknown_top_level_key_lists_the_allowed_keys(make_site):
    error = load_error(make_site("sites: []\n"))
    assert "unknown key 'sites' (did you mean 'site'?)" in str(error)
    assert "Allowed keys here: site, period, gwp, bills, instruments, conversions" in str(error)
    assert "source" not in error.fix


def test_wrong_type_names_the_key_path(tmp_path):
    site = write(
        tmp_path / "site.yaml",
        """\
        site: {id: s1, region: CN, floor_area_m2: abc}
        """,
    )
    message = str(load_error(site))
    assert f"{site}: site.floor_area_m2:" in message
    assert "(got 'abc')" in message


def test_negative_floor_area_is_refused(tmp_path):
    site = write(
        tmp_path / "site.yaml",
        """\
        site: {id: s1, region: CN, floor_area_m2: -5}
        """,
    )
    message = str(load_error(site))
    assert "site.floor_area_m2" in message
    assert "(got -5)" in message


def test_missing_required_key_names_it(tmp_path):
    site = write(
        tmp_path / "site.yaml",
        """\
        site: {id: s1}
        """,
    )
    message = str(load_error(site))
    assert f"{site}: site.region: missing required key 'region'" in message


def test_missing_site_section_names_it(tmp_path):
    site = write(tmp_path / "site.yaml", "gwp: AR6\n")
    assert "site: missing required key 'site'" in str(load_error(site))


def test_invalid_gwp_lists_the_allowed_values(make_site):
    message = str(load_error(make_site(gwp="AR7")))
    assert "gwp: 'AR7' is not allowed" in message
    assert "Use one of: 'AR4', 'AR5' or 'AR6'" in message


def test_period_end_before_start_is_refused(make_site):
    message = str(load_error(make_site(start="2021-12-31", end="2021-01-01")))
    assert ": period: end 2021-01-01 is before start 2021-12-31" in message


def test_header_row_zero_is_refused(make_site):
    site = make_site(
        """\
        bills:
          - {path: power.csv, activity: electricity, header_row: 0}
        """,
        bills={"power.csv": POWER_CSV},
    )
    message = str(load_error(site))
    assert "bills[0].header_row" in message
    assert "(got 0)" in message


def test_second_problem_is_counted(tmp_path):
    site = write(
        tmp_path / "site.yaml",
        """\
        site: {id: s1}
        gwp: AR7
        """,
    )
    assert "(and 1 more problem)" in str(load_error(site))


# --- bill files ----------------------------------------------------------------------------


def test_bill_file_that_does_not_exist_names_bills_path(make_site, tmp_path):
    site = make_site(
        """\
        bills:
          - {path: power.csv, activity: electricity}
          - {path: bills/gas.csv, activity: natural_gas}
        """,
        bills={"power.csv": POWER_CSV},
    )
    message = str(load_error(site))
    assert f"{site}: bills[1].path: bill file 'bills/gas.csv' not found" in message
    assert str(tmp_path / "bills" / "gas.csv") in message
    assert "relative to the YAML file" in message


def test_bill_path_that_is_a_directory_is_refused(make_site, tmp_path):
    (tmp_path / "bills").mkdir()
    site = make_site("""\
        bills:
          - {path: bills, activity: electricity}
        """)
    message = str(load_error(site))
    assert f"{site}: bills[0].path: 'bills' is a directory" in message


# --- activities ----------------------------------------------------------------------------


def test_unknown_activity_has_a_did_you_mean_hint(make_site):
    site = make_site(
        """\
        bills:
          - {path: power.csv, activity: electricty}
        """,
        bills={"power.csv": POWER_CSV},
    )
    error = load_error(site, activities=factors.activity_aliases())
    message = str(error)
    assert f"{site}: bills[0].activity: unknown activity 'electricty' (did you mean 'electricity'?)" in message
    assert "natural_gas" in error.fix


@pytest.mark.parametrize("written", ["天然气", "gas", "Gas", "natural_gas"])
def test_activity_alias_becomes_its_name(make_site, written):
    site = make_site(
        f"""\
        bills:
          - {{path: gas.csv, activity: {written}}}
        """,
        bills={"gas.csv": POWER_CSV},
    )
    loaded = config.load(site, activities=factors.activity_aliases())
    assert loaded.bills[0].activity == "natural_gas"


def test_instrument_activity_alias_becomes_its_name(make_site):
    site = make_site("""\
        instruments:
          - {type: green_certificate, quantity: 4000 kWh, activity: 电力}
        """)
    loaded = config.load(site, activities=factors.activity_aliases())
    assert loaded.instruments[0].activity == "electricity"


def test_activities_are_not_checked_without_a_list(make_site):
    site = make_site(
        """\
        bills:
          - {path: power.csv, activity: whatever}
        """,
        bills={"power.csv": POWER_CSV},
    )
    assert config.load(site).bills[0].activity == "whatever"


# --- instruments ---------------------------------------------------------------------------


def test_certificate_without_quantity_is_refused(make_site):
    site = make_site("""\
        instruments:
          - {type: green_certificate}
        """)
    message = str(load_error(site))
    assert "instruments[0]" in message
    assert "a green_certificate needs 'quantity', e.g. '4000 kWh'" in message


def test_supplier_factor_without_factor_is_refused(make_site):
    site = make_site("""\
        instruments:
          - {type: supplier_factor, quantity: 4000 kWh}
        """)
    message = str(load_error(site))
    assert "instruments[0]" in message
    assert "a supplier_factor needs 'factor', e.g. '0.45 kg/kWh'" in message


def test_unknown_instrument_type_lists_the_types(make_site):
    site = make_site("""\
        instruments:
          - {type: greencert, quantity: 4000 kWh}
        """)
    message = str(load_error(site))
    assert "instruments[0].type: 'greencert' is not allowed" in message
    assert "'green_certificate'" in message and "'supplier_factor'" in message


def test_complete_instruments_load(make_site):
    site = make_site("""\
        instruments:
          - {type: rec, quantity: 4000 kWh, period: {start: 2021-01-01, end: 2021-12-31}}
          - {type: supplier_factor, factor: 0.45 kg/kWh}
        """)
    rec, supplier = config.load(site).instruments
    assert (rec.type, rec.quantity, rec.activity) == ("rec", "4000 kWh", "electricity")
    assert rec.period.end == dt.date(2021, 12, 31)
    assert (supplier.type, supplier.factor) == ("supplier_factor", "0.45 kg/kWh")


# --- issue 3: the site's own factors, factor files and factor sets ---------------------------


def test_issue_3_own_factors_load_typed(make_site, tmp_path):
    write(tmp_path / "my_factors.csv", "activity,region,gas,value,unit,document\n")
    site = make_site("""\
        factor_sets: [cn-ets]
        factor_files: [my_factors.csv]
        factors:
          - {activity: 电力, gas: CO2, value: 0.45, unit: kg/kWh, source: supplier disclosure 2021}
        """)
    loaded = config.load(site, activities=factors.activity_aliases())
    assert loaded.factor_sets == ["cn-ets"]
    assert loaded.factor_files == [(tmp_path / "my_factors.csv").resolve()]
    own = loaded.factors[0]
    assert (own.activity, own.gas, own.value, own.unit, own.source) == (
        "electricity",
        "CO2",
        0.45,
        "kg/kWh",
        "supplier disclosure 2021",
    )


def test_issue_3_own_factor_without_a_source_is_refused(make_site):
    site = make_site("factors:\n  - {activity: electricity, gas: CO2, value: 0.45, unit: kg/kWh}\n")
    error = load_error(site)
    assert "factors[0].source" in str(error)


def test_issue_3_own_factor_with_an_unknown_gas_lists_the_gases(make_site):
    site = make_site("factors:\n  - {activity: electricity, gas: SF6, value: 1, unit: kg/kWh, source: x}\n")
    error = load_error(site)
    assert "factors[0].gas" in str(error) and "CO2e" in str(error)


def test_issue_3_missing_factor_file_names_the_key(make_site):
    site = make_site("factor_files: [nowhere.csv]\n")
    error = load_error(site)
    assert "factor_files[0]" in str(error) and "factor file 'nowhere.csv' not found" in str(error)


def test_issue_5_quality_thresholds_have_defaults_and_can_be_set(make_site):
    defaults = config.load(make_site("")).quality
    assert (defaults.max_bill_days, defaults.end_gap_days, defaults.duplicate_days) == (100, 90, 3)
    assert (defaults.implausible_factor, defaults.anomaly_z) == (5.0, 3.5)
    site = make_site("quality: {max_bill_days: 95, anomaly_z: 4}\n")
    assert (config.load(site).quality.max_bill_days, config.load(site).quality.anomaly_z) == (95, 4.0)


def test_issue_5_unknown_quality_key_suggests_the_right_one(make_site):
    message = str(load_error(make_site("quality: {max_bill_day: 95}\n")))
    assert "quality.max_bill_day: unknown key 'max_bill_day' (did you mean 'max_bill_days'?)" in message
