"""Portfolios: sites from a table, bills of all sites in one table, roll-ups along group paths.

Factors (MEE/NBS 2021 provincial averages): Chongqing 0.4743, Beijing 0.5688 kg CO2/kWh.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from carbon_cli import ConfigError, InputDataError, calculate
from carbon_cli.cli import app

PORTFOLIO = """\
portfolio: {name: Example Group}
period: {start: 2021-01-01, end: 2021-12-31}
sites: sites.csv
bills:
  - path: bills.csv
"""
SITES = """\
id,name,region,floor_area_m2,group
b1,Building 1,CN-CQ,1000,China/Chongqing/Park A
b2,Building 2,CN-CQ,2000,China/Chongqing/Park A
b3,Building 3,CN-BJ,500,China/Beijing
"""
BILLS = """\
site,activity,start,end,quantity,unit
b1,electricity,2021-01-01,2021-01-31,1000,kWh
b2,电力,2021-01-01,2021-01-31,2000,度
b3,electricity,2021-01-01,2021-01-31,1000,kWh
b3,natural_gas,2021-01-01,2021-01-31,100,m3
"""


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    (tmp_path / "sites.csv").write_text(SITES, encoding="utf-8")
    (tmp_path / "bills.csv").write_text(BILLS, encoding="utf-8")
    path = tmp_path / "portfolio.yaml"
    path.write_text(PORTFOLIO, encoding="utf-8")
    return path


def location(inventory_by: pd.DataFrame) -> pd.DataFrame:
    return inventory_by[inventory_by["scope"] == "scope2_location"]


def test_portfolio_sites_come_from_the_table(portfolio: Path) -> None:
    inventory = calculate([portfolio])
    assert [(c.site.id, c.site.region, c.site.group) for c in inventory.sites] == [
        ("b1", "CN-CQ", "China/Chongqing/Park A"),
        ("b2", "CN-CQ", "China/Chongqing/Park A"),
        ("b3", "CN-BJ", "China/Beijing"),
    ]


def test_portfolio_bills_are_assigned_to_their_sites(portfolio: Path) -> None:
    totals = calculate([portfolio]).site_totals()
    # b1: 1000 kWh x 0.4743 = 474.3 kg; b2: 2000 度 x 0.4743 = 948.6 kg; b3: 1000 kWh x 0.5688 = 568.8 kg
    assert totals["b1"]["scope2_location"] == pytest.approx(0.4743, abs=1e-12)
    assert totals["b2"]["scope2_location"] == pytest.approx(0.9486, abs=1e-12)
    assert totals["b3"]["scope2_location"] == pytest.approx(0.5688, abs=1e-12)


def test_by_group_rolls_sites_up_every_level(portfolio: Path) -> None:
    table = location(calculate([portfolio]).breakdown(["group"])).set_index("group")
    assert table.loc["China", "t_co2e"] == pytest.approx(0.4743 + 0.9486 + 0.5688, abs=1e-12)
    assert table.loc["China/Chongqing", "t_co2e"] == pytest.approx(0.4743 + 0.9486, abs=1e-12)
    assert table.loc["China/Chongqing/Park A", "t_co2e"] == pytest.approx(0.4743 + 0.9486, abs=1e-12)
    assert table.loc["China/Beijing", "t_co2e"] == pytest.approx(0.5688, abs=1e-12)
    assert table["level"].to_dict() == {
        "China": 1,
        "China/Beijing": 2,
        "China/Chongqing": 2,
        "China/Chongqing/Park A": 3,
    }


def test_group_quantities_add_only_in_one_unit(portfolio: Path) -> None:
    table = calculate([portfolio]).breakdown(["group", "activity"]).set_index(["scope", "group", "activity"])
    # electricity of the whole group: 1000 + 2000 + 1000 kWh
    assert table.loc[("scope2_location", "China", "electricity"), "quantity"] == pytest.approx(4000.0)
    assert table.loc[("scope2_location", "China", "electricity"), "unit"] == "kWh"


def test_a_site_without_a_group_stands_at_the_top(tmp_path: Path, portfolio: Path) -> None:
    (tmp_path / "sites.csv").write_text(SITES.replace("China/Beijing", ""), encoding="utf-8")
    groups = set(location(calculate([portfolio]).breakdown(["group"]))["group"])
    assert groups == {"China", "China/Chongqing", "China/Chongqing/Park A", "b3"}


def test_by_group_on_the_command_line(portfolio: Path) -> None:
    result = CliRunner().invoke(app, ["calc", str(portfolio), "--format", "json", "--by", "group", "--quiet"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["breakdown"]
    top = [r for r in rows if r["group"] == "China" and r["scope"] == "scope2_location"]
    assert len(top) == 1 and top[0]["level"] == 1
    assert top[0]["t_co2e"] == pytest.approx(1.9917, abs=1e-12)


def test_parquet_bills_give_the_same_totals(tmp_path: Path, portfolio: Path) -> None:
    pd.read_csv(tmp_path / "bills.csv").to_parquet(tmp_path / "bills.parquet")
    (tmp_path / "parquet.yaml").write_text(PORTFOLIO.replace("bills.csv", "bills.parquet"), encoding="utf-8")
    assert calculate([tmp_path / "parquet.yaml"]).totals() == pytest.approx(calculate([portfolio]).totals())


def test_a_bill_of_an_unknown_site_names_its_row(tmp_path: Path, portfolio: Path) -> None:
    (tmp_path / "bills.csv").write_text(BILLS + "b9,electricity,2021-01-01,2021-01-31,5,kWh\n", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"bills.csv row 6: site 'b9' is not in the sites table"):
        calculate([portfolio])


def test_an_unknown_activity_in_the_table_names_its_row(tmp_path: Path, portfolio: Path) -> None:
    (tmp_path / "bills.csv").write_text(BILLS + "b1,steem,2021-01-01,2021-01-31,5,GJ\n", encoding="utf-8")
    with pytest.raises(InputDataError, match=r"bills.csv row 6, column 'activity': unknown activity 'steem'"):
        calculate([portfolio])


def test_sites_table_needs_a_region(tmp_path: Path, portfolio: Path) -> None:
    (tmp_path / "sites.csv").write_text("id,name\nb1,One\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"no column region \(columns found: id, name\)"):
        calculate([portfolio])


def test_sites_table_rows_are_validated(tmp_path: Path, portfolio: Path) -> None:
    (tmp_path / "sites.csv").write_text(SITES.replace("2000", "-5"), encoding="utf-8")
    with pytest.raises(InputDataError, match=r"sites.csv row 3, column 'floor_area_m2'"):
        calculate([portfolio])


def test_portfolio_and_site_files_mix_in_one_run(tmp_path: Path, portfolio: Path, electricity_site: Path) -> None:
    inventory = calculate([portfolio, electricity_site])
    assert [c.site.id for c in inventory.sites] == ["b1", "b2", "b3", "s1"]
    # s1: 1500 kWh x 0.4743 = 711.45 kg on top of the portfolio's 1991.7 kg
    assert inventory.totals()["scope2_location"] == pytest.approx(1.9917 + 0.71145, abs=1e-12)


def test_progress_is_reported_to_the_caller(portfolio: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    calculate([portfolio], progress=lambda what, done, total: seen.append((what, done, total)))
    assert ("reading bills", 1, 1) in seen
    assert [what for what, _, _ in seen][-1] == "applying emission factors"


def test_portfolio_inputs_are_never_outputs(portfolio: Path, tmp_path: Path) -> None:
    assert {p.name for p in calculate([portfolio]).inputs()} == {"portfolio.yaml", "sites.csv", "bills.csv"}


def test_a_misspelt_activity_in_the_portfolio_yaml_gets_a_hint(tmp_path: Path, portfolio: Path) -> None:
    portfolio.write_text(
        PORTFOLIO.replace("  - path: bills.csv\n", "  - {path: bills.csv, activity: electrcity}\n"), encoding="utf-8"
    )
    with pytest.raises(
        ConfigError,
        match=r"bills\[0\]\.activity: unknown activity 'electrcity' "
        r"\(did you mean 'electricity'\?\)",
    ):
        calculate([portfolio])


def test_a_notice_shared_by_sites_is_one_line_on_stderr_naming_them(portfolio: Path) -> None:
    # b1 and b2 (both CN-CQ) fall back to the national market factor alike: one line for both.
    result = CliRunner().invoke(app, ["calc", str(portfolio), "--format", "json"])
    lines = [line for line in result.stderr.splitlines() if "electricity CO2 (scope2_market)" in line]
    assert lines == [
        "info: b1, b2: electricity CO2 (scope2_market): no CN-CQ value, used CN",
        "info: b3: electricity CO2 (scope2_market): no CN-BJ value, used CN",
    ]
    notices = json.loads(result.stdout)["notices"]
    assert [
        n["site"]
        for n in notices
        if "no CN-CQ value, used CN" in n["message"] and "electricity CO2 (scope2_market)" in n["message"]
    ] == ["b1", "b2"]  # JSON keeps one per site


ZIP_BOMB = "zip bomb"  # built in the test: 64 MiB of zeros packed about 1000x


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "sites.xlsx",
            SITES,
            "sites.xlsx: is a text (CSV) file, not a .xlsx workbook. Rename it to .csv",
        ),
        (
            "sites.xlsx",
            b"PK\x03\x04" + b"\x00" * 64,
            "sites.xlsx: is a damaged workbook (broken zip). Export it again, or open and repair it in Excel",
        ),
        (
            "sites.xlsx",
            Path(__file__).parent / "data" / "bills_password.xlsx",
            "sites.xlsx: is password-protected (an encrypted workbook). Open it in Excel, remove the password "
            "(File > Info > Protect Workbook) and save",
        ),
        (
            "sites.xlsx",
            ZIP_BOMB,
            "sites.xlsx: unpacks to 64 MiB, far more than a sites table workbook holds. Refusing a possible "
            "decompression bomb; export the sites table as CSV",
        ),
        (
            "sites.csv",
            "",
            "sites.csv: the file is empty. Write a header row and one row per site; columns id, region, "
            "optionally name, floor_area_m2, headcount, group, opened, closed, acquired, divested",
        ),
        (
            "sites.csv",
            "id,region\n".encode("gb18030") + b"\xff\xfe\x00\n",
            "sites.csv: is neither UTF-8 nor GB18030 text. Save the CSV as UTF-8",
        ),
    ],
    ids=["csv named xlsx", "broken zip", "encrypted", "zip bomb", "empty", "not text"],
)
def test_issue_11_a_hostile_sites_table_gets_the_bill_readers_one_line_error(
    tmp_path: Path,
    portfolio: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: str | bytes | Path,
    message: str,
) -> None:
    path = tmp_path / name
    if content == ZIP_BOMB:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (64 * 1024**2))
    elif isinstance(content, Path):
        shutil.copy(content, path)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    portfolio.write_text(PORTFOLIO.replace("sites: sites.csv", f"sites: {name}"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["calc", "portfolio.yaml"], env={"COLUMNS": "1000", "NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert (result.exit_code, result.stderr.strip()) == (3, f"Error: {message}")
    assert result.stdout == ""


def test_a_sites_workbook_is_read(tmp_path: Path, portfolio: Path) -> None:
    pd.read_csv(tmp_path / "sites.csv").to_excel(tmp_path / "sites.xlsx", index=False)
    (tmp_path / "xlsx.yaml").write_text(PORTFOLIO.replace("sites.csv", "sites.xlsx"), encoding="utf-8")
    sites = calculate([tmp_path / "xlsx.yaml"]).sites
    assert [(c.site.id, c.site.region, c.site.floor_area_m2) for c in sites] == [
        ("b1", "CN-CQ", 1000),
        ("b2", "CN-CQ", 2000),
        ("b3", "CN-BJ", 500),
    ]


def test_a_sites_table_of_an_unknown_type_is_refused(tmp_path: Path, portfolio: Path) -> None:
    (tmp_path / "sites.json").write_text("[]", encoding="utf-8")
    portfolio.write_text(PORTFOLIO.replace("sites.csv", "sites.json"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sites.json: unsupported sites table file type '.json'"):
        calculate([portfolio])


def test_blank_rows_of_a_sites_table_are_skipped_and_rows_keep_their_numbers(tmp_path: Path, portfolio: Path) -> None:
    lines = SITES.splitlines(keepends=True)
    (tmp_path / "sites.csv").write_text("".join([*lines[:2], "\n", ",,,,\n", *lines[2:]]), encoding="utf-8")
    assert [c.site.id for c in calculate([portfolio]).sites] == ["b1", "b2", "b3"]
    # b2 is on row 5 of the file (header, b1, two blank rows): the message says so
    (tmp_path / "sites.csv").write_text(
        "".join([*lines[:2], "\n", ",,,,\n", *lines[2:]]).replace("2000", "-5"), encoding="utf-8"
    )
    with pytest.raises(InputDataError, match=r"sites.csv row 5, column 'floor_area_m2'"):
        calculate([portfolio])


def test_a_missing_sites_table_is_named_as_one_under_its_key(portfolio: Path) -> None:
    (portfolio.parent / "sites.csv").unlink()
    with pytest.raises(ConfigError) as caught:
        calculate([portfolio])
    assert str(caught.value) == (
        f"{portfolio}: sites: sites table 'sites.csv' not found (looked at {portfolio.parent / 'sites.csv'}). "
        "Paths are relative to the YAML file; check the name and folder"
    )


def test_issue_15_the_portfolio_name_is_in_the_json_the_table_and_the_workbook(portfolio: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    runner = CliRunner()
    document = json.loads(runner.invoke(app, ["calc", str(portfolio), "--format", "json"]).stdout)
    assert document["portfolio"] == "Example Group"
    table = runner.invoke(app, ["calc", str(portfolio)], env={"COLUMNS": "120"}).stdout
    assert table.splitlines()[0].startswith("Carbon inventory  Example Group (3 sites)")
    assert runner.invoke(app, ["calc", str(portfolio), "--excel", str(tmp_path / "r.xlsx")]).exit_code == 0
    book = load_workbook(tmp_path / "r.xlsx")
    assert book["Summary"]["A1"].value == "Carbon inventory · Example Group"
    assert book.properties.title == "Carbon inventory · Example Group"


def test_a_site_yaml_alone_has_no_portfolio_key(tmp_path: Path) -> None:
    site = Path(__file__).resolve().parent.parent / "sample_data" / "ai-park" / "site.yaml"
    assert "portfolio" not in json.loads(CliRunner().invoke(app, ["calc", str(site), "--format", "json"]).stdout)


def test_issue_15_workbook_has_a_by_group_sheet_rolling_up_every_level(portfolio: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from carbon_cli.render import excel

    excel.save(calculate([portfolio]), tmp_path / "r.xlsx")
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames[3] == "By group"
    header, *body = [row for row in book["By group"].iter_rows(min_row=2, values_only=True)]
    groups = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    # Park A: b1 1,000 kWh + b2 2,000 kWh in Chongqing x 0.4743 kg CO2/kWh (MEE/NBS 2021, CN-CQ)
    assert groups["China/Chongqing/Park A"]["Scope 2 location-based"] == pytest.approx(3000 * 0.4743 / 1000)
    assert groups["China/Chongqing/Park A"]["Level"] == 3
    assert groups["China"]["Scope 2 location-based"] == pytest.approx(
        groups["China/Chongqing"]["Scope 2 location-based"] + groups["China/Beijing"]["Scope 2 location-based"]
    )
