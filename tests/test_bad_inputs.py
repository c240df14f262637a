"""The corpus of bad inputs: each case, the exact one-line message and the exit code.

Every case runs `carbon calc site.yaml` in a folder holding the case's files. The message must
name the file, the key or row, and end with the fix; the exit code is 2 for config and usage
errors and 3 for bill data. No case may end in a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbon_cli.cli import app

DATA = Path(__file__).parent / "data"
HEAD = "site: {id: s, name: Test, region: CN-CQ}\nperiod: {start: 2021-01-01, end: 2021-12-31}\n"
ONE_BILL = HEAD + "bills:\n  - {path: bills.csv, activity: electricity}\n"
GOOD_CSV = "start,end,quantity,unit\n2021-01-01,2021-01-31,1000,kWh\n"


@dataclass
class Case:
    yaml: str
    files: dict[str, str | bytes | Path] = field(default_factory=dict)
    code: int = 2
    message: str = ""


CASES: dict[str, Case] = {
    "malformed yaml": Case(
        "site: {id: s, region: CN\nbills: [\n",
        code=2,
        message="site.yaml line 2, column 6: cannot parse YAML (expected ',' or '}', but got ':'). "
        "Fix the YAML syntax (indentation, ':' after keys, quotes)",
    ),
    "unknown key with a hint": Case(
        HEAD + "bills:\n  - {path: bills.csv, activity: electricity, colums: {start: a}}\n",
        {"bills.csv": GOOD_CSV},
        message="site.yaml: bills[0].colums: unknown key 'colums' (did you mean 'columns'?). "
        "Allowed keys here: path, sheet, sheet_index, activity, unit, meter, header_row, header_rows, sheets, "
        "delimiter, encoding, decimal, dates, cv, energy_basis, volume_correction, blend, vehicle, columns, "
        "multiplier, "
        "rollover, "
        "replaced, "
        "replacement_marks, credit, interval, timezone, timestamps, steam_enthalpy, steam_pressure, steam_temperature, "
        "longest_bill_days, model_year, engine, distance_unit",
    ),
    "wrong type": Case(
        "site: {id: s, region: CN-CQ, floor_area_m2: big}\nperiod: {start: 2021-01-01, end: 2021-12-31}\n",
        message="site.yaml: site.floor_area_m2: Input should be a valid number, unable to parse string as a number "
        "(got 'big'). See the YAML reference in the README",
    ),
    "missing required key": Case(
        "site: {id: s}\nperiod: {start: 2021-01-01, end: 2021-12-31}\n",
        message="site.yaml: site.region: missing required key 'region'. Add it; `carbon init DIR` writes a "
        "complete example",
    ),
    "python tag is not run": Case(
        '!!python/object/apply:os.system ["echo pwned"]\n',
        message="site.yaml line 1, column 1: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'; carbon reads plain YAML only. Remove the !! tag",
    ),
    "bill path does not exist": Case(
        HEAD + "bills:\n  - {path: nowhere.csv, activity: electricity}\n",
        message="site.yaml: bills[0].path: bill file 'nowhere.csv' not found (looked at nowhere.csv). "
        "Paths are relative to the YAML file; check the name and folder",
    ),
    "bill path is a directory": Case(
        HEAD + "bills:\n  - {path: bills, activity: electricity}\n",
        {"bills/keep.txt": ""},
        message="site.yaml: bills[0].path: 'bills' is a directory. Point at a .csv, .xlsx or .parquet file inside it",
    ),
    "empty bill file": Case(
        ONE_BILL,
        {"bills.csv": ""},
        code=3,
        message="bills.csv: the file is empty. Export the bills again; a template with headers comes from "
        "`carbon init`",
    ),
    "xlsx that is really a csv": Case(
        HEAD + "bills:\n  - {path: bills.xlsx, activity: electricity}\n",
        {"bills.xlsx": GOOD_CSV},
        code=3,
        message="bills.xlsx: is a text (CSV) file, not a .xlsx workbook. Rename it to .csv",
    ),
    "corrupt xlsx": Case(
        HEAD + "bills:\n  - {path: bills.xlsx, activity: electricity}\n",
        {"bills.xlsx": b"PK\x03\x04" + b"\x00" * 64},
        code=3,
        message="bills.xlsx: is a damaged workbook (broken zip). Export it again, or open and repair it in Excel",
    ),
    "password-protected xlsx": Case(
        HEAD + "bills:\n  - {path: bills.xlsx, activity: electricity}\n",
        {"bills.xlsx": DATA / "bills_password.xlsx"},
        code=3,
        message="bills.xlsx: is password-protected (an encrypted workbook). Open it in Excel, remove the "
        "password (File > Info > Protect Workbook) and save",
    ),
    "sheet that does not exist": Case(
        HEAD + "bills:\n  - {path: bills.xls, sheet: 电费, activity: electricity}\n",
        {"bills.xls": DATA / "bills_legacy.xls"},
        message="bills.xls: no sheet named '电费'. Sheets in this file: bills",
    ),
    "missing required columns": Case(
        ONE_BILL,
        {"bills.csv": "von,quantity\n2021-01-01,5\n"},
        message="bills.csv: no column for start, end (columns found: von, quantity). Map them in the site YAML, "
        "e.g. columns: {start: <header>, end: <header>}; see `carbon inspect bills.csv`",
    ),
    "non-numeric quantity": Case(
        ONE_BILL,
        {"bills.csv": GOOD_CSV + "2021-02-01,2021-02-28,n/a,kWh\n"},
        code=3,
        message="bills.csv row 3, column 'quantity': 'n/a' is not a number. Write a plain number such as 1234.5 "
        "(a comma only between thousands: 1,234.5)",
    ),
    "comma that may be decimal or thousands (issue 12)": Case(
        ONE_BILL,
        {"bills.csv": 'start,end,quantity,unit\n2021-01-01,2021-01-31,"12,570",kWh\n'},
        code=3,
        message="bills.csv column 'quantity': '12,570' could have a decimal comma or a thousands separator, and "
        'no value in the column settles which. Say which on this bill in the site YAML: decimal: "," reads '
        "'12,570' as 12.57, decimal: \".\" as 12570",
    ),
    "date that cannot be read": Case(
        ONE_BILL,
        {"bills.csv": "start,end,quantity,unit\n2021-02-30,2021-03-31,5,kWh\n"},
        code=3,
        message="bills.csv row 2, column 'start': cannot read date '2021-02-30'. Write dates as YYYY-MM-DD "
        "(2021-03-01 or 2021年3月1日)",
    ),
    "ambiguous date": Case(
        ONE_BILL,
        {"bills.csv": "start,end,quantity,unit\n03/01/2021,2021-03-31,5,kWh\n"},
        code=3,
        message="bills.csv column 'start': '03/01/2021' reads both day first and month first, and no date of "
        "the file settles which. Say which on this bill in the site YAML: dates: dayfirst reads '03/01/2021' "
        "as 2021-01-03, dates: monthfirst as 2021-03-01",
    ),
    "end before start": Case(
        ONE_BILL,
        {"bills.csv": "start,end,quantity,unit\n2021-03-31,2021-03-01,5,kWh\n"},
        code=3,
        message="bills.csv row 2: end 2021-03-01 is before start 2021-03-31. Swap the dates or correct the one "
        "that is wrong",
    ),
    "unknown unit": Case(
        ONE_BILL,
        {"bills.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,5,kWatt\n"},
        code=3,
        message="bills.csv row 2, column 'unit': unknown unit 'kWatt'. Use one of: kWh, MWh, GJ, TJ, MMBtu, therm, "
        "Dth, ton_hour, m3, Nm3, ft3, scf, ccf, hcf, Mcf, L, US gal, imp gal, kg, t, 度, 千瓦时, 千瓦·时, 万千瓦时, "
        "方, 立方, 立方米, 标方, 升, 公升, 吨",
    ),
    "unit that does not fit the activity": Case(
        ONE_BILL,
        {"bills.csv": "start,end,quantity,unit\n2021-01-01,2021-01-31,5,m3\n"},
        code=3,
        message="bills.csv row 2, column 'unit': unit 'm3' measures volume, which does not fit electricity. "
        "Use a unit of energy (e.g. kWh)",
    ),
    "unknown activity": Case(
        HEAD + "bills:\n  - {path: bills.csv, activity: electrcity}\n",
        {"bills.csv": GOOD_CSV},
        message="site.yaml: bills[0].activity: unknown activity 'electrcity' (did you mean 'electricity'?). "
        "Use one of: aviation_gasoline, biodiesel, biogas, charcoal, cng, coal, coke, cooling, diesel, electricity, "
        "ethanol, export, fuel_oil, gasoline, generation, heat, jet_fuel, kerosene, lng, lpg, marine_fuel_oil, "
        "marine_gas_oil, natural_gas, propane, waste_incineration, waste_landfill, water_supply, water_treatment, "
        "wood_chips, wood_pellets",
    ),
    "region without any factor": Case(
        ONE_BILL.replace("CN-CQ", "ZZ"),
        {"bills.csv": GOOD_CSV},
        code=3,
        message="no emission factor for electricity in region ZZ (tried ZZ, GLOBAL). Add one to the site YAML or a "
        "factor file; see factors/README.md",
    ),
    "period end before start": Case(
        "site: {id: s, region: CN}\nperiod: {start: 2021-12-31, end: 2021-01-01}\n",
        message="site.yaml: period: end 2021-01-01 is before start 2021-12-31. See the YAML reference in the README",
    ),
    "ten-year period": Case(
        "site: {id: s, region: CN}\nperiod: {start: 2012-01-01, end: 2021-12-31}\n",
        message="site.yaml: period: 2012-01-01 to 2021-12-31 is 10.0 years; a period covers at most 5 (check the "
        "years, or report one year at a time with --year). See the YAML reference in the README",
    ),
    "site file is empty": Case(
        "", message="site.yaml: the file is empty. Start from `carbon init DIR`, which writes a working site.yaml"
    ),
}


def materialise(case: Case, folder: Path) -> None:
    (folder / "site.yaml").write_text(case.yaml, encoding="utf-8")
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copy(content, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gives_one_line_and_its_exit_code(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name]
    materialise(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["calc", "site.yaml"], env={"COLUMNS": "1000", "NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert (result.exit_code, result.stderr.strip()) == (case.code, f"Error: {case.message}")
    assert result.stdout == ""


def test_legacy_xls_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    materialise(
        Case(HEAD + "bills:\n  - {path: bills.xls, activity: electricity}\n", {"bills.xls": DATA / "bills_legacy.xls"}),
        tmp_path,
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["calc", "site.yaml", "--format", "csv", "--by", "site", "--quiet"])
    assert result.exit_code == 0, result.stderr
    # 1000 kWh x 0.4743 kg/kWh = 474.3 kg
    assert "scope2_location,1000.0,kWh,0.4743" in result.stdout


def test_xlsx_zip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with zipfile.ZipFile(tmp_path / "bills.xlsx", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (64 * 1024**2))  # 64 MiB of zeros, packs ~1000x
    (tmp_path / "site.yaml").write_text(
        HEAD + "bills:\n  - {path: bills.xlsx, activity: electricity}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["calc", "site.yaml"], env={"COLUMNS": "1000"})
    assert result.exit_code == 3
    assert "Refusing a possible decompression bomb" in result.stderr


def test_yaml_alias_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    (tmp_path / "site.yaml").write_text("\n".join(lines) + "\nsite: *a7\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["calc", "site.yaml"], env={"COLUMNS": "1000"})
    assert result.exit_code == 2
    assert "expands to more than 100,000 values through aliases" in result.stderr


def test_one_bad_row_in_a_million_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = ["2021-01-01,2021-01-31,1000,kWh\n"] * 1_000_000
    rows[765_432] = "2021-01-01,2021-01-31,10O0,kWh\n"  # a letter O typed for a zero
    (tmp_path / "bills.csv").write_text("start,end,quantity,unit\n" + "".join(rows), encoding="utf-8")
    (tmp_path / "site.yaml").write_text(ONE_BILL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["calc", "site.yaml"], env={"COLUMNS": "1000"})
    assert result.exit_code == 3
    # data row 765,432 (0-based) is spreadsheet row 765,434: one header line, rows counted from 1
    assert result.stderr.strip().startswith("Error: bills.csv row 765434, column 'quantity': '10O0' is not a number")


@pytest.mark.parametrize("key", ["bills", "factor_files"])
def test_issue_16_a_fifo_named_in_the_yaml_is_refused_not_read_forever(tmp_path: Path, key: str) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    entry = "  - {path: pipe.csv, activity: electricity}\n" if key == "bills" else "  - pipe.csv\n"
    site = tmp_path / "site.yaml"
    site.write_text(
        f"site: {{id: s1, region: CN-CQ}}\nperiod: {{start: 2021-01-01, end: 2021-12-31}}\n{key}:\n{entry}",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "carbon_cli", "calc", str(site)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "'pipe.csv' is not a regular file (a pipe, socket or device)" in done.stderr


def test_issue_16_a_fifo_as_the_site_yaml_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "site.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "carbon_cli", "calc", str(tmp_path / "site.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "is not a regular file (a pipe, socket or device)" in done.stderr
