"""Bills: CSV, XLSX and Parquet files into one canonical table of activity records.

Canonical columns: ``site, meter, activity, period_start, period_end, quantity, unit, cost,
estimated, source_file, source_row, bill_quantity, bill_unit, credit``. ``quantity`` is in the
activity's canonical unit (``unit``); ``bill_quantity``/``bill_unit`` keep what the bill said.
``source_row`` is the row number a spreadsheet shows (the header is row ``header_row``).

Everything here is column-wise: dates, numbers and units are parsed per column, and each
distinct unit is converted once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import factors, units
from .config import BillSource
from .errors import ConfigError, InputDataError, at_row, quoted

if TYPE_CHECKING:
    import pandas as pd

CANONICAL_COLUMNS = [
    "site",
    "meter",
    "activity",
    "period_start",
    "period_end",
    "quantity",
    "unit",
    "cost",
    "estimated",
    "source_file",
    "source_row",
    "bill_quantity",
    "bill_unit",
    "credit",
]

#: Header spellings tried, in order, when the YAML does not map a field. Compared after NFKC,
#: trimming and lower-casing, so "Start Date" and "start_date" both match.
DEFAULT_HEADERS: dict[str, list[str]] = {
    "start": [
        "start",
        "period_start",
        "start_date",
        "start date",
        "from",
        "begin",
        "起始日期",
        "开始日期",
        "起始时间",
        "开始时间",
        "起始",
        "开始",
        "起",
        "抄表起始日期",
        "计费开始日期",
    ],
    "end": [
        "end",
        "period_end",
        "end_date",
        "end date",
        "to",
        "until",
        "截止日期",
        "结束日期",
        "终止日期",
        "截止时间",
        "结束时间",
        "截止",
        "结束",
        "止",
        "抄表截止日期",
        "计费结束日期",
    ],
    "quantity": [
        "quantity",
        "usage",
        "consumption",
        "use",
        "amount used",
        "用量",
        "用电量",
        "用气量",
        "用热量",
        "用水量",
        "消耗量",
        "耗量",
        "数量",
        "电量",
        "气量",
        "热量",
    ],
    "unit": ["unit", "units", "uom", "单位", "计量单位"],
    "meter": ["meter", "meter_id", "meter id", "表号", "电表号", "气表号", "表计", "户号"],
    "cost": ["cost", "charge", "charges", "bill amount", "金额", "费用", "电费", "气费", "热费"],
    "estimated": ["estimated", "estimate", "is_estimated", "估算", "是否估算", "估计"],
    # A portfolio's one table for all sites names the site and activity of each row.
    "site": ["site", "site_id", "site id", "站点", "站点编号", "项目编号", "建筑编号"],
    "activity": ["activity", "energy_type", "energy type", "fuel", "能源类型", "能源品种", "能源"],
    # A credit or correction bill (红冲/冲红 invoice, 退补 refund) may carry a negative quantity.
    "credit": [
        "credit",
        "is_credit",
        "credit_note",
        "credit note",
        "correction",
        "冲红",
        "红冲",
        "是否冲红",
        "是否红冲",
        "退补",
        "是否退补",
        "冲正",
    ],
}
REQUIRED = ("start", "end", "quantity")
#: Text columns of the canonical table, held as pandas categories.
TEXT_COLUMNS = ("site", "meter", "activity", "unit", "source_file", "bill_unit")
_TRUE = {"1", "true", "yes", "y", "e", "est", "estimated", "是", "估算", "估计", "x", "✓"}
_FALSE = {"", "0", "false", "no", "n", "a", "actual", "否", "实抄", "nan", "none"}
_EXCEL_EPOCH = "1899-12-30"  # Excel's day 0 (with its 1900 leap-year bug folded in)


def _fold(text: Any) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


class Rows:
    """Where each row of a batch of bill files came from, to name it in a message.

    :func:`read_many` parses the rows of many files at once; an error at a row of the batch is
    still reported as ``file row N, column 'header'`` of the file it came from.
    """

    def __init__(self, files: Any, rows: Any, headers: Mapping[str, Mapping[str, Any]]) -> None:
        self.files, self.rows, self.headers = files, rows, headers

    def at(self, label: int, field: str | None = None) -> str:
        name = str(self.files[label])
        header = self.headers.get(name, {}).get(field) if field else None
        return at_row(name, int(self.rows[label]), None if header is None else str(header))


def _where(name: str | Rows, label: int, column: str | None = None) -> str:
    return name.at(label, column) if isinstance(name, Rows) else at_row(name, label, column)


def read(
    source: BillSource,
    *,
    site: str | None,
    activities: Mapping[str, Mapping[str, str]],
    aliases: Mapping[str, str] | None = None,
    shown_path: str | None = None,
) -> pd.DataFrame:
    """Read one bill file into the canonical table (see :func:`read_many`).

    :param source: a ``bills[]`` entry (its path already absolute). Without ``activity:`` the
        file needs an activity column (a portfolio's one table for all sites).
    :param site: the site id to stamp on every row, or None when the file has a site column.
    :param activities: the activity table (``factors.activities()``): scope and canonical unit.
    :param aliases: accepted spellings of activities in an activity column (default: the names).
    :param shown_path: how to name the file in messages and ``source_file`` (default: its path).
    :raises ConfigError: a needed column is missing.
    :raises InputDataError: the file cannot be read or a row holds an invalid value.
    """
    return read_many([(site, source, shown_path or str(source.path))], activities=activities, aliases=aliases)


def read_many(
    jobs: Sequence[tuple[str | None, BillSource, str]],
    *,
    activities: Mapping[str, Mapping[str, str]],
    aliases: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Read bill files into one canonical table: each file read on its own, every column parsed
    once for all of them (a thousand small files cost about what one big one does).

    :param jobs: (site id or None for a site column, ``bills[]`` entry, name shown in messages).
    :param progress: called as ``progress(files_done, files)``.
    :raises ConfigError: a needed column is missing.
    :raises InputDataError: a file cannot be read or a row holds an invalid value.
    """
    import numpy as np
    import pandas as pd

    parts, headers, files = [], {}, []
    for done, (site, source, name) in enumerate(jobs):
        if progress is not None:
            progress(done, len(jobs))
        raw = _read_table(source, name)
        columns = _map_columns(raw, source, name, need_site=site is None, need_activity=source.activity is None)
        if "unit" not in columns and not source.unit:
            raise ConfigError(
                "no unit column and no default unit",
                where=name,
                fix=f"Add unit: (e.g. unit: kWh) to this bill in the site YAML ({units.ACCEPTED})",
            )
        parts.append(raw[list(columns.values())].set_axis(list(columns), axis=1))
        headers[name] = columns
        files.append(
            (name, source.header_row + 1, site, source.activity, source.unit, source.meter or source.path.stem)
        )
    if progress is not None:
        progress(len(jobs), len(jobs))
    if not parts:
        return empty()
    raw = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    # What each file's YAML entry says, spread over its rows once for all files.
    lengths = np.array([len(part) for part in parts])
    file_of_row = np.repeat(np.arange(len(parts)), lengths)
    offsets = np.cumsum(lengths) - lengths
    first_rows = np.array([first for _, first, *_ in files])
    raw["_row"] = np.arange(len(raw)) - offsets[file_of_row] + first_rows[file_of_row]
    for position, column in ((0, "_file"), (2, "_site"), (3, "_activity"), (4, "_unit"), (5, "_meter")):
        raw[column] = _per_file([file[position] for file in files], file_of_row)
    fields = [c for c in raw.columns if not c.startswith("_")]
    # A row is blank when every cell is; only rows with a blank quantity can be (few, so the
    # other columns are looked at on those rows alone).
    maybe = blank_cells(raw[["quantity"]])["quantity"].to_numpy()
    if maybe.any():
        empty_rows = np.zeros(len(raw), dtype=bool)
        empty_rows[maybe] = blank_cells(raw.loc[maybe, fields]).all(axis=1).to_numpy()
        raw = raw[~empty_rows].reset_index(drop=True)
    rows = Rows(raw["_file"].to_numpy(), raw["_row"].to_numpy(), headers)

    frame = pd.DataFrame(index=raw.index)
    frame["site"] = _own_or_column(raw, "_site", "site", rows)
    meter = _text(raw["meter"]) if "meter" in raw else pd.Series("", index=raw.index)
    frame["meter"] = meter.where(meter != "", raw["_meter"])
    own = raw["_activity"].notna()
    frame["activity"] = raw["_activity"]
    if len(own) and not own.any():  # one table for all activities: its activity column throughout
        frame["activity"] = _activities(
            raw["activity"], rows, "activity", aliases or {a: a for a in activities}, activities
        )
    elif not own.all():  # site files and shared tables in one run
        frame["activity"] = raw["_activity"].astype("object")
        frame.loc[~own, "activity"] = _activities(
            raw.loc[~own, "activity"], rows, "activity", aliases or {a: a for a in activities}, activities
        )
    frame["period_start"] = parse_dates(raw["start"], rows, "start")
    frame["period_end"] = parse_dates(raw["end"], rows, "end")
    backwards = frame["period_end"] < frame["period_start"]
    if backwards.any():
        row = int(frame.index[backwards][0])
        raise InputDataError(
            f"end {frame.at[row, 'period_end']:%Y-%m-%d} is before start {frame.at[row, 'period_start']:%Y-%m-%d}",
            where=rows.at(row),
            fix="Swap the dates or correct the one that is wrong",
        )
    frame["bill_quantity"] = parse_numbers(raw["quantity"], rows, "quantity")
    frame["bill_unit"], from_column = _bill_units(raw, rows)
    frame["quantity"], frame["unit"] = _to_canonical(frame, rows, activities, from_column)
    frame["cost"] = parse_numbers(raw["cost"], rows, "cost", required=False) if "cost" in raw else float("nan")
    frame["estimated"] = parse_flags(raw["estimated"], rows, "estimated") if "estimated" in raw else False
    frame["credit"] = parse_flags(raw["credit"], rows, "credit") if "credit" in raw else False
    frame["source_file"] = (
        raw["_file"].astype("str").astype("category")
        if not isinstance(raw["_file"].dtype, pd.CategoricalDtype)
        else raw["_file"]
    )
    frame["source_row"] = raw["_row"].astype("int64")
    # Few distinct values in a million rows: as categories every later sort, group and copy
    # moves small integer codes instead of text.
    return frame[CANONICAL_COLUMNS].astype({column: "category" for column in TEXT_COLUMNS})


def _per_file(values: list[str | None], file_of_row: Any) -> pd.Categorical:
    """One value (or none) per file, spread over the file's rows as a category."""
    import pandas as pd

    codes, names = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return pd.Categorical.from_codes(codes[file_of_row], names.astype("str") if len(names) else [])


def _own_or_column(raw: pd.DataFrame, own: str, column: str, rows: Rows) -> pd.Series:
    """The YAML's value (a site id) where given, else the file's column, which may not be empty."""
    given = raw[own]
    if given.notna().all():
        return given.astype("str")
    text = _text(raw[column]) if column in raw else given.astype("str").where(given.notna(), "")
    blank = given.isna() & (text == "")
    if blank.any():
        raise InputDataError(
            "is empty", where=rows.at(int(text.index[blank][0]), column), fix="Fill in the site id of every bill"
        )
    if given.isna().all():  # one table for all sites: every id is the file's
        return text
    return given.astype("str").where(given.notna(), text)


def _activities(
    values: pd.Series,
    name: str | Rows,
    column: str,
    aliases: Mapping[str, str],
    activities: Mapping[str, Mapping[str, str]],
) -> pd.Series:
    """An activity column: each distinct spelling looked up once (电力, gas, natural_gas ...)."""
    import numpy as np
    import pandas as pd

    text = _text(values)
    codes, spellings = pd.factorize(text)
    known = [aliases.get(spelling) or aliases.get(spelling.lower()) for spelling in spellings]
    billable = factors.billable(activities)
    bad = [spelling for spelling, activity in zip(spellings, known, strict=True) if activity not in billable]
    if bad:
        label = int(text.index[text == bad[0]][0])
        raise InputDataError(
            f"unknown activity {quoted(bad[0])}",
            where=_where(name, label, column),
            fix=f"Use one of: {', '.join(sorted(billable))}",
        )
    names, which = np.unique(np.array(known, dtype=object), return_inverse=True)
    return pd.Series(pd.Categorical.from_codes(which[codes], names), index=values.index)


def empty() -> pd.DataFrame:
    """A canonical table with no rows and the right dtypes."""
    import pandas as pd

    return pd.DataFrame(
        {
            "site": pd.Series(dtype="object"),
            "meter": pd.Series(dtype="object"),
            "activity": pd.Series(dtype="object"),
            "period_start": pd.Series(dtype="datetime64[s]"),
            "period_end": pd.Series(dtype="datetime64[s]"),
            "quantity": pd.Series(dtype="float64"),
            "unit": pd.Series(dtype="object"),
            "cost": pd.Series(dtype="float64"),
            "estimated": pd.Series(dtype="bool"),
            "source_file": pd.Series(dtype="object"),
            "source_row": pd.Series(dtype="int64"),
            "bill_quantity": pd.Series(dtype="float64"),
            "bill_unit": pd.Series(dtype="object"),
            "credit": pd.Series(dtype="bool"),
        }
    )


def blank_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """True where a cell is empty: missing, or text of only white space (column-wise)."""
    import pandas as pd

    def blank(column: pd.Series) -> pd.Series:
        if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_datetime64_any_dtype(column.dtype):
            return column.isna()
        return (column.isna() | column.astype(str).str.strip().eq("")).astype(bool)

    return pd.DataFrame({name: blank(frame[name]) for name in frame.columns}, index=frame.index)


def _text(values: pd.Series) -> pd.Series:
    """A column as trimmed text, with "" for empty cells."""
    return values.astype(str).str.strip().where(values.notna(), "")


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def _read_table(source: BillSource, name: str) -> pd.DataFrame:
    import pandas as pd

    path = Path(source.path)
    suffix = path.suffix.lower()
    header = source.header_row - 1
    if path.stat().st_size == 0:
        raise InputDataError(
            "the file is empty",
            where=name,
            fix="Export the bills again; a template with headers comes from `carbon init`",
        )
    if suffix in (".csv", ".txt", ".tsv"):
        sep = "\t" if suffix == ".tsv" else ","
        fast = _read_csv_fast(path, sep, header)
        if fast is not None:
            return fast
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return pd.read_csv(
                    path,
                    sep=sep,
                    dtype=str,
                    keep_default_na=False,
                    header=header,
                    skip_blank_lines=False,
                    encoding=encoding,
                )
            except UnicodeDecodeError:
                continue
            except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
                raise InputDataError(
                    f"cannot read as CSV ({str(exc).strip()})",
                    where=name,
                    fix="Save the sheet as CSV (comma-separated) and try again",
                ) from exc
        raise InputDataError("is neither UTF-8 nor GB18030 text", where=name, fix="Save the CSV as UTF-8")
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _read_excel(path, source, name, header)
    if suffix == ".parquet":
        try:
            table = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises many types for a bad file
            raise InputDataError(
                f"cannot read as Parquet ({exc})", where=name, fix="Write the file again with pandas or pyarrow"
            ) from exc
        return table
    raise ConfigError(
        f"unsupported bill file type '{suffix or path.name}'", where=name, fix="Use .csv, .xlsx or .parquet"
    )


#: Guards against a decompression bomb in an .xlsx (a zip of XML): the total unpacked size, and
#: the packing ratio of any large member. Real bill exports pack about 5-15x.
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_PACKING_RATIO = 200
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 files, and encrypted Office 2007+ files
_ZIP = b"PK\x03\x04"


def check_spreadsheet(path: Path, name: str) -> None:
    """Refuse files that are not what their name says, encrypted workbooks and zip bombs.

    :raises InputDataError: naming what the file really is and what to do.
    """
    import zipfile

    with path.open("rb") as handle:
        head = handle.read(4096)
    suffix = path.suffix.lower()
    if head.startswith(_OLE2):
        if suffix != ".xls":
            raise InputDataError(
                "is password-protected (an encrypted workbook)",
                where=name,
                fix="Open it in Excel, remove the password (File > Info > Protect Workbook) and save",
            )
        return
    if not head.startswith(_ZIP):
        if suffix == ".xls" and head.lstrip().lower().startswith((b"<html", b"<!doctype", b"<table")):
            raise InputDataError(
                "is a web page saved with an .xls name", where=name, fix="Open it in Excel and save it as .xlsx"
            )
        if _looks_like_text(head):
            raise InputDataError(f"is a text (CSV) file, not a {suffix} workbook", where=name, fix="Rename it to .csv")
        raise InputDataError(
            f"is not a {suffix} workbook (unknown content)",
            where=name,
            fix="Open it in Excel and save it again as .xlsx",
        )
    try:
        members = zipfile.ZipFile(path).infolist()
    except zipfile.BadZipFile as exc:
        raise InputDataError(
            "is a damaged workbook (broken zip)", where=name, fix="Export it again, or open and repair it in Excel"
        ) from exc
    unpacked = sum(m.file_size for m in members)
    bomb = any(
        m.file_size > 10 * 1024**2 and m.file_size > MAX_PACKING_RATIO * max(m.compress_size, 1) for m in members
    )
    if unpacked > MAX_UNPACKED_BYTES or bomb:
        raise InputDataError(
            f"unpacks to {unpacked / 1024**2:,.0f} MiB, far more than a bill workbook holds",
            where=name,
            fix="Refusing a possible decompression bomb; export the bills as CSV",
        )


def _looks_like_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "\x00" not in text
    return False


#: Files at least this big go through pyarrow's multi-threaded CSV reader (5x faster on a
#: million rows); smaller ones through pandas' C reader, which starts faster.
FAST_CSV_BYTES = 4 * 1024**2


def _read_csv_fast(path: Path, sep: str, header: int) -> pd.DataFrame | None:
    """A large UTF-8 CSV read by pyarrow, as text columns; None when the file needs the careful
    reader (small, blank lines that must keep row numbers, another encoding, line breaks in cells)."""
    import pandas as pd

    if path.stat().st_size < FAST_CSV_BYTES:
        return None
    data = path.read_bytes()
    # pyarrow skips blank lines, which would shift the row numbers in messages.
    if b"\n\n" in data or b"\n\r\n" in data:
        return None
    try:  # pyarrow checks the UTF-8 itself: a GB18030 file raises and goes to the careful reader
        return pd.read_csv(
            path, sep=sep, dtype=str, keep_default_na=False, header=header, engine="pyarrow", encoding="utf-8-sig"
        )
    except Exception:  # anything pyarrow cannot take (line breaks in cells...): the careful reader
        return None


def _read_excel(path: Path, source: BillSource, name: str, header: int) -> pd.DataFrame:
    import pandas as pd
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    check_spreadsheet(path, name)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise InputDataError(
            "is password-protected", where=name, fix="Open it in Excel, remove the password and save"
        ) from exc
    except CalamineError as exc:
        raise InputDataError(
            f"cannot open as a spreadsheet ({exc})", where=name, fix="Open it in Excel and save it again as .xlsx"
        ) from exc
    sheets = workbook.sheet_names
    sheet = source.sheet if source.sheet is not None else 0
    if isinstance(sheet, str) and sheet not in sheets:
        raise ConfigError(f"no sheet named '{sheet}'", where=name, fix=f"Sheets in this file: {', '.join(sheets)}")
    if isinstance(sheet, int) and not 0 <= sheet < len(sheets):
        raise ConfigError(
            f"no sheet number {sheet}", where=name, fix=f"Sheets in this file (from 0): {', '.join(sheets)}"
        )
    try:
        return pd.read_excel(path, sheet_name=sheet, engine="calamine", header=header, dtype=object)
    except (CalamineError, ValueError) as exc:
        raise InputDataError(
            f"cannot read sheet '{sheet}' ({exc})", where=name, fix="Check the sheet in Excel and save it again"
        ) from exc


def _map_columns(
    raw: pd.DataFrame, source: BillSource, name: str, *, need_site: bool = False, need_activity: bool = False
) -> dict[str, Any]:
    found = {_fold(column): column for column in raw.columns}
    mapped = source.columns.model_dump()
    columns: dict[str, Any] = {}
    for field, guesses in DEFAULT_HEADERS.items():
        explicit = mapped.get(field)
        if explicit:
            if _fold(explicit) not in found:
                raise ConfigError(
                    f"column '{explicit}' (columns.{field}) is not in the file",
                    where=name,
                    fix=f"Columns found: {', '.join(map(str, raw.columns))}",
                )
            columns[field] = found[_fold(explicit)]
            continue
        for guess in guesses:
            if guess in found:
                columns[field] = found[guess]
                break
    required = [*(["site"] if need_site else []), *(["activity"] if need_activity else []), *REQUIRED]
    missing = [field for field in required if field not in columns]
    if missing:
        raise ConfigError(
            f"no column for {', '.join(missing)} (columns found: {', '.join(map(str, raw.columns)) or 'none'})",
            where=name,
            fix="Map them in the site YAML, e.g. columns: {" + ", ".join(f"{m}: <header>" for m in missing) + "}",
        )
    return columns


_CJK_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")
_SEPARATED = re.compile(r"^\s*(\d{4})[./](\d{1,2})[./](\d{1,2})\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_SERIAL = re.compile(r"^\s*\d{5}(\.0+)?\s*$")
#: Excel serial numbers accepted as dates: 1954-10-03 to 2119-01-10. A bare 2021 is not a date.
_SERIAL_RANGE = (20_000, 80_000)


def parse_dates(values: pd.Series, name: str | Rows, column: str) -> pd.Series:
    """Parse a date column: ISO text, Excel serial numbers, ``2021年3月1日``, real dates.

    Ambiguous forms such as ``03/01/2021`` are refused rather than guessed.

    :raises InputDataError: naming the first row that is empty or cannot be read.
    """
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(values.dtype) and len(values) and values.notna().all():
        return (
            values.dt.tz_localize(None).dt.normalize().astype("datetime64[s]")
            if values.dt.tz is not None
            else values.dt.normalize().astype("datetime64[s]")
        )
    # Bills repeat their dates: parse each distinct value once, then spread the results.
    text = isinstance(values.dtype, pd.StringDtype | pd.CategoricalDtype)
    codes, uniques = pd.factorize(values if text else values.astype(object), use_na_sentinel=True)
    parsed = _dates(pd.Series(uniques, dtype=object)).to_numpy()
    result = pd.Series(parsed[codes], index=values.index, dtype="datetime64[s]")
    result[codes < 0] = pd.NaT
    _refuse_first(
        values,
        result.isna(),
        name,
        column,
        "cannot read date {}",
        "Write dates as YYYY-MM-DD (2021-03-01 or 2021年3月1日)",
    )
    return result


def _dates(values: pd.Series) -> pd.Series:
    """The dates :func:`parse_dates` reads, NaT where a value is not one (no error raised)."""
    import pandas as pd

    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    if not len(values):
        return result
    is_number, is_text = _kinds(values)
    is_date = ~is_number & ~is_text & values.notna()

    if is_date.any():
        result[is_date] = pd.to_datetime(values[is_date], errors="coerce").dt.normalize()
    text = values[is_text].astype(str).str.normalize("NFKC").str.strip()
    serial_text = text.str.match(_SERIAL.pattern)
    numbers = pd.concat([values[is_number].astype(float), pd.to_numeric(text[serial_text], errors="coerce")])
    if len(numbers):
        valid = numbers.notna() & numbers.between(*_SERIAL_RANGE)
        result[numbers.index[valid]] = pd.Timestamp(_EXCEL_EPOCH) + pd.to_timedelta(numbers[valid].round(), unit="D")
    text = text[~serial_text]
    if len(text):
        # Rewrite only what is not ISO already (regex replacement runs per cell).
        other = ~text.str.match(_ISO_DATE)
        if other.any():
            iso = (
                text[other]
                .str.replace(_CJK_DATE, r"\1-\2-\3", regex=True)
                .str.replace(_SEPARATED, r"\1-\2-\3", regex=True)
                .str.replace(_COMPACT, r"\1-\2-\3", regex=True)
            )
            iso = iso.str.replace(r"^(\d{4})-(\d)-", r"\1-0\2-", regex=True).str.replace(
                r"^(\d{4}-\d{2})-(\d)(?!\d)", r"\1-0\2", regex=True
            )
            text = text.copy()
            text[other] = iso
        # Only whole dates: pandas would read a bare "2021" as 1 January.
        text = text.where(text.str.match(_ISO_DATE))
        result[text.index] = pd.to_datetime(text, format="ISO8601", errors="coerce").dt.normalize()
    return result


def _refuse_first(values: pd.Series, bad: pd.Series, name: str | Rows, column: str, problem: str, fix: str) -> None:
    """Raise for the first bad cell, naming its row: "is empty", or ``problem`` with the value."""
    if bad.any():
        row = int(values.index[bad][0])
        shown = values[row]
        what = "is empty" if _is_blank(shown) else problem.format(quoted(shown))
        raise InputDataError(what, where=_where(name, row, str(column)), fix=fix)


def _kinds(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Which cells are numbers and which are text; per cell only for mixed-type columns."""
    import pandas as pd

    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):
        return pd.Series(False, index=values.index), values.notna()
    if kind in ("integer", "floating", "mixed-integer-float"):
        return values.notna(), pd.Series(False, index=values.index)
    if kind in ("datetime", "datetime64", "date"):
        return pd.Series(False, index=values.index), pd.Series(False, index=values.index)
    # A mixed column (typed cells next to text cells, as Excel exports have): ask each cell.
    is_number = values.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool)).astype(bool)
    return is_number, values.map(lambda v: isinstance(v, str)).astype(bool)


def parse_numbers(values: pd.Series, name: str | Rows, column: str, *, required: bool = True) -> pd.Series:
    """Parse a numeric column; thousands separators, spaces and currency signs are dropped.

    :raises InputDataError: naming the first row whose value is not a number (or is empty,
        when ``required``).
    """
    import pandas as pd

    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values.astype("float64")
        if not (required and numbers.isna().any()):
            return numbers
    fast = _plain_numbers(values)
    if fast is not None:
        return fast
    values = values.astype(object)
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    blank = blank_cells(values.to_frame()).iloc[:, 0]
    retry = numbers.isna() & ~blank
    if retry.any():
        text = values[retry].astype(str).str.normalize("NFKC").str.replace(r"[\s_¥$€£元]", "", regex=True)
        # A comma only between thousands: "1,5" or "1.234,5" would be read 10 or 1000 times off.
        text = text.where(~text.str.contains(",", regex=False) | text.str.match(units.THOUSANDS))
        numbers[retry] = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    _refuse_first(
        values,
        numbers.isna() & (~blank | required),
        name,
        column,
        "{} is not a number",
        "Write a plain number such as 1234.5 (a comma only between thousands: 1,234.5)",
    )
    return numbers


def _plain_numbers(values: pd.Series) -> pd.Series | None:
    """A text column of plain finite numbers only ("1234.5", "-2e3"), read by pyarrow at C speed;
    None when any cell needs the careful reader (blank, "1,234", "¥12", "nan" ...)."""
    import numpy as np
    import pandas as pd

    if not isinstance(values.dtype, pd.StringDtype) or not len(values):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        numbers = pc.cast(pa.array(values, type=pa.large_string()), pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None
    return pd.Series(numbers, index=values.index) if np.isfinite(numbers).all() else None


def parse_flags(values: pd.Series, name: str | Rows, column: str) -> pd.Series:
    """Parse a yes/no column (yes, y, true, 1, E, 是, 估算 ...).

    :raises InputDataError: naming the first row that is neither yes nor no.
    """
    folded = _text(values).str.normalize("NFKC").str.lower().str.removesuffix(".0")
    bad = ~folded.isin(_TRUE | _FALSE)
    if bad.any():
        row = int(values.index[bad][0])
        raise InputDataError(
            f"{quoted(values[row])} is not yes or no",
            where=_where(name, row, str(column)),
            fix="Write yes/no, true/false, 1/0 or 是/否",
        )
    return folded.isin(_TRUE)


def _bill_units(raw: pd.DataFrame, rows: Rows) -> tuple[pd.Series, pd.Series]:
    """Each row's unit: its unit cell, else its file's ``unit:`` default; and whether the unit
    came from the cell (for messages)."""
    import pandas as pd

    given = _text(raw["unit"]) if "unit" in raw else pd.Series("", index=raw.index, dtype="str")
    from_column = given != ""
    missing = ~from_column & raw["_unit"].isna()
    if missing.any():
        raise InputDataError(
            "the unit is empty",
            where=rows.at(int(given.index[missing][0]), "unit"),
            fix="Fill in the unit, or give a default with unit: in the site YAML",
        )
    return given.where(from_column, raw["_unit"]).astype("str"), from_column


def _to_canonical(
    frame: pd.DataFrame, rows: Rows, activities: Mapping[str, Mapping[str, str]], from_column: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Convert each distinct (activity, unit) pair once: into the activity's own unit when the
    dimension matches, else into the dimension's unit (gas billed in energy -> GJ).

    ``from_column`` tells, per row, whether the unit is the cell's or the YAML default (``unit:``).
    """
    import numpy as np
    import pandas as pd

    def where(row: int) -> str:
        return rows.at(row, "unit") if from_column[row] else f"{rows.files[row]} (unit: in the site YAML)"

    activity_code, activity_names = pd.factorize(frame["activity"])
    unit_code, unit_names = pd.factorize(frame["bill_unit"])
    pair, pairs = pd.factorize(activity_code.astype("int64") * max(len(unit_names), 1) + unit_code)
    first = np.empty(len(pairs), dtype=np.int64)
    first[pair[::-1]] = np.arange(len(pair))[::-1]  # each pair's first row
    scales, targets = np.ones(len(pairs)), []
    for index, combined in enumerate(pairs):
        activity = str(activity_names[combined // max(len(unit_names), 1)])
        unit = str(unit_names[combined % max(len(unit_names), 1)])
        row = int(frame.index[first[index]])
        try:
            dimension = units.dimension(unit)
        except InputDataError as exc:
            raise InputDataError(exc.problem, where=where(row), fix=exc.fix) from exc
        own_unit = activities[activity]["unit"]
        allowed = ("energy",) if activities[activity]["scope"] == "scope2" else ("energy", "volume", "mass")
        if dimension not in allowed:
            raise InputDataError(
                f"unit '{unit}' measures {dimension}, which does not fit {activity}",
                where=where(row),
                fix=f"Use a unit of {' or '.join(allowed)} (e.g. {own_unit})",
            )
        target = own_unit if units.dimension(own_unit) == dimension else DIMENSION_UNITS[dimension]
        scales[index] = units.scale(unit, target)
        targets.append(target)
    names, which = np.unique(np.array(targets, dtype=object), return_inverse=True) if targets else ([], np.zeros(0))
    canonical = (
        pd.Categorical.from_codes(np.asarray(which, dtype="int64")[pair], names)
        if len(pair)
        else pd.Categorical([], categories=[])
    )
    return frame["bill_quantity"] * scales[pair], pd.Series(canonical, index=frame.index)


#: The unit used for a dimension an activity is not usually billed in (gas in energy units).
DIMENSION_UNITS = {"energy": "GJ", "volume": "m3", "mass": "t"}
