"""Issue 18, the last English: every command family under ``--lang zh`` (``calc``, ``validate``,
``inspect``, ``factors list|show|sets|coverage``, ``init``, ``trend``, ``diff``, ``forecast``, each
command's ``--help`` and Click's usage errors), run on the samples and on fixtures that raise the
rarer findings and notices (``scripts/fixtures/i18n.py`` and the other fixture folders), prints no
English word a person reads, except what stays as it is by rule:

- ids and names from the inputs (site ids and names, meters, file names and the files' own
  headers and cells), the factor database's ids and region codes, and the published text of
  citations, notes and set descriptions (quoted in their own language, taken out whole);
- units, gases, GWP sets, formats and standards' codes (:data:`CODES`), file paths, option flags
  (``--format``) and the commands a message tells to run (``carbon validate ...``);
- YAML keys a fix names (a word written ``key:`` or ``a.b`` as in the YAML).

Everything else is a finding of this test: a label, heading, note or message still in English.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from carbon_cli import factors, i18n
from carbon_cli.bills import steam
from carbon_cli.bills.headers import DEFAULT_HEADERS, READING_FIELDS
from carbon_cli.cli import app
from carbon_cli.factors.files import citation
from carbon_cli.fugitive.methods import leak_rates

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
DATA = ROOT / "tests" / "data"
runner = CliRunner()

#: Units, gases, GWP sets, formats, standards and the names of the commands and their words a
#: Chinese line keeps in Latin letters.
CODES = {
    # units and quantities as bills and factors write them
    "kWh", "MWh", "GWh", "GJ", "TJ", "MJ", "kJ", "MMBtu", "Btu", "therm", "therms", "kg", "g", "t", "L", "l",
    "gal", "m3", "m²", "m³", "km", "mi", "mile", "miles", "scf", "kW", "h", "d", "x", "NCV", "GCV", "HHV",
    "LHV", "COP", "kgCO2e", "tCO2e", "CO2e", "CO2", "CH4", "N2O", "HFC", "SF6", "NF3", "PFC", "CO₂", "CH₄",
    "N₂O", "CO₂e", "R410A", "R32", "R134a", "R404A", "R407C", "R22", "R-410A", "GWP", "AR4", "AR5", "AR6",
    "WTT", "T&D", "GEC", "REC", "REGO", "GO", "I-REC", "°C", "°F", "C", "F", "Z",
    # formats, standards, publishers' acronyms, the tool itself
    "json", "csv", "jsonl", "table", "xlsx", "xls", "ods", "parquet", "tsv", "txt", "YAML", "JSON", "CSV",
    "Excel", "LibreOffice", "GHG", "Protocol", "IPCC", "MEE", "NBS", "EPA", "eGRID", "DESNZ", "BEIS", "AIB",
    "Ember", "OWID", "CEA", "EEA", "NGA", "ECCC", "DCCEEW", "Green-e", "CalTRACK", "ASHRAE", "LMDI", "LMDI-I",
    "GB/T", "ISO",
    "ETS", "CN", "US", "GB", "UK", "EU", "GLOBAL", "UTF-8", "utf-8", "GBK", "GB18030", "gb18030", "BOM",
    "carbon", "calc", "validate", "inspect", "factors", "list", "show", "sets", "coverage", "init", "trend",
    "diff", "forecast", "jq", "ID", "FILE", "PATH", "NAME", "OPTIONS", "COMMAND", "ARGS", "TEXT", "INTEGER",
    "FIELD", "HEADER", "SITES", "FOLDER", "ids", "id", "dayfirst", "monthfirst", "yes", "no", "true", "false",
    "zh", "en", "LANG", "LC_ALL", "LC_MESSAGES", "NO_COLOR", "CARBON_MAX_INPUT_SIZE", "CARBON_DEBUG", "K", "M",
    "G", "B", "e.g", "TOTAL", "Scope", "lb", "yr", "tC", "stderr", "stdout", "shell", "RMSE", "NMBE", "Guideline",
    "ncv", "gcv", "z", "m", "all", "Europe/London", "simplified", "mass_balance", "screening",
}  # fmt: skip
#: A token as ids, codes and units are written (``cn-mee-nbs-2021-elec-cn-cq-co2``, ``kg/kWh``).
TOKEN = re.compile(r"[A-Za-z0-9][\w.\-/&²³₂₄@+:\[\]*%]*")
#: A Latin-letter word (ids and codes keep their digits, dots, dashes and slashes).
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-/&²³₂₄@+]*")
#: What is taken out of a line before its words are read: option flags, commands shown to run,
#: paths, quoted values and YAML snippets in braces.
NOT_PROSE = [
    re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*(=\S+)?"),  # --format, -h, --lang=zh
    re.compile(r"<[^<>]*>?|\[x?[<>=\d.]+x?[<>=\d.]*\]"),  # an option's type in help: <int>, <a|b>, [x>=0]
    re.compile(r"^\s*\$ .*"),  # an example command of a help page
    re.compile(r"`[^`]*`"),  # `carbon inspect FILE`, a command to run
    re.compile(
        r"\bcarbon (calc|validate|inspect|factors|init|trend|diff|forecast)\b[^\s，。；、）]*( [^\s，。；、）]+)*"
    ),
    re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”"),  # a quoted value (a cell, a header, a choice)
    re.compile(r"\{[^{}]*\}"),  # a YAML snippet: {start: 2021-01-01, end: ...}
    re.compile(r"(?<![\w.])[\w.\-/]+\.(csv|xlsx|xls|yaml|yml|txt|json|parquet|ods|tsv)\b"),  # a file
    re.compile(r"(?<![\w.])(sample_data|tests|/tmp|/private|\.\.)/\S*"),  # a path
    re.compile(r"\b[a-z_]+(\[\d+\])?(\.[a-z_0-9]+(\[\d+\])?)+\b"),  # quality.max_bill_days, instruments[0].id
    re.compile(r"(?<![\w-])[a-z_]+(\[\d+\])?:(?=[ \d\[{，。；、（）]|$)"),  # a YAML key named with its colon: timezone:
]


def data_words(*files: Path) -> set[str]:
    """Every Latin word in the given inputs: YAML text, CSV cells, workbook cells (names, ids, headers)."""
    words: set[str] = set()
    seen: set[Path] = set()
    stack = list(files)
    while stack:
        path = stack.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        if path.is_dir():
            stack += [p for p in path.rglob("*") if p.is_file()]
            continue
        text = ""
        if path.suffix in (".yaml", ".yml", ".csv", ".txt", ".tsv"):
            raw = path.read_bytes()
            for encoding in ("utf-8-sig", "gb18030", "latin-1"):
                try:
                    text = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            if path.suffix in (".yaml", ".yml"):  # the files it names
                stack += [path.parent / name for name in re.findall(r"path: *([^\s#]+)", text)]
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            text = "\n".join(
                str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
            )
            text += "\n" + "\n".join(book.sheetnames)
        words |= set(WORD.findall(text)) | {w.rstrip(".") for w in WORD.findall(text)} | {path.stem}
    return words


@functools.cache
def database() -> tuple[frozenset[str], tuple[str, ...]]:
    """The factor database's ids, regions and set names (words kept), and its published texts
    (citations, documents, notes: taken out of a line whole, longest first)."""
    rows = factors.listing()
    words = set(rows["id"].astype(str)) | set(rows["region"].astype(str)) | set(rows["set"].astype(str))
    words |= set(rows["evidence"].dropna().astype(str))  # codes of how a value was checked
    words |= set(factors.region_table())
    texts: set[str] = set()
    for column in ("publisher", "document", "edition", "table", "note", "citation", "evidence"):
        texts |= {str(v) for v in rows[column].dropna() if str(v)}
    for row in factors.factor_sets().values():  # a set's description is carbon's own words: translated
        words |= {row["set"], row["file"]}
    table = factors.gwp_table()
    texts |= {str(v) for v in table["citation"].dropna()}
    # the citations the code quotes with a number it uses: steam enthalpy, refrigerant leak rates
    texts |= {steam.CITATION, steam.DEFAULT_CITATION}
    for rate in leak_rates().values():
        texts.add(citation(rate))
    pieces = {piece.strip() for text in texts for piece in re.split(r"\n|; |: ", text)}
    quoted = {text for text in texts | pieces if len(text) > 15 and " " in text}  # never a bare id or year
    return frozenset(words), tuple(sorted(quoted, key=len, reverse=True))


def _kept(token: str, allowed: set[str], kept: frozenset[str]) -> bool:
    """An id, a name from the inputs, a unit (``kg/kWh``, ``kg/m**3``) or a number; a derived
    factor's id (``cooling-cop4.2:<id>``, ``<id>@site-ncv``) by the id it is made from."""
    bare = re.sub(r"\*\*\d", "", token.rstrip(".,:;)-/"))
    if {token, bare} & (allowed | kept | CODES):
        return True
    parts = re.split(r"[:@]", bare)
    if len(parts) > 1 and any(part in kept for part in parts):
        return True
    if "/" in bare and all(part in CODES or re.fullmatch(r"[\d.]*", part) for part in bare.split("/")):
        return True  # a unit: kg/kWh, lb/MWh, t/GJ, kg/m³
    return bool(re.fullmatch(r"[\d.,%+\-]*(\d(\.\d+)?e[-+]\d+)?[\d.,%]*", bare))  # 3.2e-05


def english(lines: list[str], allowed: set[str]) -> dict[str, list[str]]:
    """Each line's words that are not kept by rule, for the lines that have any."""
    kept, published = database()
    found: dict[str, list[str]] = {}
    for line in lines:
        text = line
        if not re.search(r"[A-Za-z]", text):
            continue
        for quote in published:
            if quote in text:
                text = text.replace(quote, " ")
        for pattern in NOT_PROSE:
            text = pattern.sub(" ", text)
        text = TOKEN.sub(lambda m: " " if _kept(m.group(), allowed, kept) else m.group(), text)
        words = [
            w
            for w in WORD.findall(text)
            if not _kept(w, allowed, kept)
            and w.rstrip(".-/").lower() not in CODES
            and not re.fullmatch(r"[A-Z]{1,3}|[A-Z][A-Z0-9-]*\d[A-Z0-9-]*|[a-z]", w)  # codes: CN-CQ, E1, R1
        ]
        if words:
            found[line.strip()] = words
    return found


def run(args: list[str], width: int | None = None) -> tuple[int, list[str]]:
    env = {"NO_COLOR": "1", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "", "COLUMNS": str(width or 1000)}
    result = runner.invoke(app, [*args, "--lang", "zh"], env=env, prog_name="carbon")
    return result.exit_code, (result.stdout + result.stderr).splitlines()


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


#: Site files of each family: the samples and the fixtures that raise the rarer findings and notices.
SITES = [
    SAMPLES / "ai-park" / "site.yaml",
    SAMPLES / "uk-office" / "site.yaml",
    SAMPLES / "us-office" / "site.yaml",
    SAMPLES / "campus-5y" / "portfolio.yaml",
    DATA / "i18n" / "site.yaml",
    DATA / "i18n" / "interval.yaml",
    DATA / "memo" / "site.yaml",
    DATA / "memo" / "us" / "site.yaml",
    DATA / "mobile" / "uk_office.yaml",
    DATA / "mobile" / "cn_fleet.yaml",
    DATA / "fugitive" / "screening" / "site.yaml",
    DATA / "fugitive" / "mass-balance" / "site.yaml",
    DATA / "onsite" / "site_sold.yaml",
    DATA / "onsite" / "site_steam_default.yaml",
    DATA / "markets" / "munich.yaml",
    DATA / "markets" / "oakland.yaml",
    DATA / "countries" / "osaka.yaml",
    DATA / "cn_ncv" / "site_own_ncv.yaml",
    DATA / "readings" / "site.yaml",
]
COMMANDS = [
    *(["calc", str(site)] for site in SITES),
    *(["validate", str(site)] for site in SITES),
    ["trend", str(SAMPLES / "campus-5y" / "portfolio.yaml")],
    ["forecast", str(SAMPLES / "campus-5y" / "portfolio.yaml")],
    ["diff", str(SAMPLES / "campus-5y" / "portfolio.yaml"), "--from", "2023", "--to", "2024"],
    ["trend", str(SAMPLES / "campus-3y" / "portfolio.yaml")],
    ["inspect", str(SAMPLES / "ai-park" / "bills" / "electricity.xlsx")],
    ["inspect", str(DATA / "layout" / "gas_2021.xlsx")],
    ["inspect", str(DATA / "layout" / "semicolon.csv")],
    ["inspect", str(DATA / "layout" / "formula_uncached.xlsx")],
    ["inspect", str(DATA / "layout" / "state_grid.xlsx")],
    ["inspect", str(DATA / "cells" / "ambiguous_dates.csv")],
    ["inspect", str(DATA / "layout" / "unbalanced_quote.csv")],
    ["factors", "list", "--region", "CN-CQ"],
    ["factors", "list", "--activity", "natural_gas", "--region", "GB"],
    ["factors", "show", "cn-mee-nbs-2021-elec-cn-cq-co2"],
    ["factors", "show", "ipcc2006-t2.4-natural_gas-ch4"],
    ["factors", "sets"],
    ["factors", "coverage", "--region", "CN-CQ"],
    ["factors", "coverage", "--region", "US-CA", "--year", "2022"],
]
HELP = [[], ["calc"], ["validate"], ["inspect"], ["init"], ["trend"], ["diff"], ["forecast"], ["factors"]]
HELP += [["factors", name] for name in ("list", "show", "sets", "coverage")]


#: The keys of ``columns:`` in a bills entry: ``carbon inspect`` names each field by its key.
FIELDS = set(DEFAULT_HEADERS) | set(READING_FIELDS) | {"month", "date", "purchase", "credit"}


def allowed_for(args: list[str]) -> set[str]:
    """The words of a run's inputs: the files it names and the folder of each site YAML (its
    bills, a portfolio's sites table); ``inspect`` names the fields by their YAML keys."""
    paths = [Path(a) for a in args if "/" in a]
    words = data_words(*paths, *(p.parent for p in paths if p.suffix == ".yaml")) | set(args)
    return words | FIELDS if args[0] == "inspect" else words


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a).replace(f"{ROOT}/", "") for a in COMMANDS])
def test_issue_18_every_command_on_samples_and_fixtures_prints_chinese(args: list[str]) -> None:
    code, lines = run(args)
    assert code in (0, 1, 3), lines[-5:]
    assert english(lines, allowed_for(args)) == {}


#: The values options take, named as typed in their help (``--factors nearest|exact``).
CHOICES = {"nearest", "exact", "warning", "error", "info", "location", "market", "group", "gbt51366"}
#: An argument's name as help shows it.
ARGUMENTS = {"sites", "file", "folder", "inputs", "factor_id", "path"}


@pytest.mark.parametrize("args", HELP, ids=[" ".join(a) or "carbon" for a in HELP])
def test_issue_18_every_help_page_is_chinese(args: list[str]) -> None:
    code, lines = run([*args, "--help"], width=160)
    assert code == 0
    assert english(lines, CHOICES | ARGUMENTS) == {}


def test_issue_18_init_prints_chinese(tmp_path: Path) -> None:
    code, lines = run(["init", str(tmp_path / "site")])
    assert code == 0
    code_bills, more = run(["init", str(tmp_path / "mapped"), "--bills", str(DATA / "layout" / "semicolon.csv")])
    assert code_bills == 0
    assert english(lines + more, {*WORD.findall(str(tmp_path)), "activity"}) == {}
    assert any("下一步" in line for line in lines)


USAGE_ERRORS = [
    ["calc"],
    ["calc", "x.yaml", "--bogus"],
    ["clac"],
    ["calc", "x.yaml", "--format", "xml"],
    ["calc", "x.yaml", "--year", "abc"],
    ["init", "a", "b"],
    ["factors"],
    ["factors", "show"],
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=[" ".join(a) for a in USAGE_ERRORS])
def test_issue_18_usage_errors_print_chinese(args: list[str]) -> None:
    code, lines = run(args)
    assert code == 2
    assert english(lines, {"sites", "factor_id", "x", "xml", "abc", "b", "clac"}) == {}


def test_issue_18_the_allow_list_lets_no_english_prose_through() -> None:
    """The rule finds English: a line the catalogue has no entry for is flagged, word by word."""
    found = english(["警告: qc: the meter read nothing (see quality.max_bill_days)"], set())
    assert found == {
        "警告: qc: the meter read nothing (see quality.max_bill_days)": ["the", "meter", "read", "nothing", "see"]
    }
