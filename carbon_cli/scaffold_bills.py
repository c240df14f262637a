"""Scaffold from bill files: ``carbon init DIR --bills FILE...`` writes a site YAML whose
``bills:`` entries hold the mapping ``carbon inspect`` settled on, commented, so the user edits it.

Every setting comes from :func:`~carbon_cli.bills.inspect.inspect_file` (detection is never
re-implemented here): the sheet(s), the header row(s), a CSV's separator and encoding, the column
taken for each field. What the file does not settle is written as ``FILL_IN`` with a comment saying
so: the activity when neither the file name nor its headers name one fuel, the unit when there is
no unit column (never assumed from the activity: gas is billed in m3 and in kWh). ``FILL_IN``
is refused by ``carbon validate`` naming the key, so a placeholder is never read as a value.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from .bills.inspect import Inspection, inspect_file
from .config import BillSource
from .errors import CarbonError, ConfigError
from .guards import check_input
from .output import write_atomic

__all__ = ["FILL_IN", "activity_of", "bills_entry", "init_from_bills"]

#: The value of a key the user must fill in.
FILL_IN = "FILL_IN"

#: Words in a file name, sheet name, title or header that settle a bill's activity. A text naming
#: two activities (柴油发电机: diesel and 电) settles none: the user is asked.
ACTIVITY_WORDS: dict[str, tuple[str, ...]] = {
    "electricity": ("电", "electricity", "electric"),
    "natural_gas": ("燃气", "天然气", "用气", "气量", "natural gas", "natural_gas", "gas"),
    "diesel": ("柴油", "diesel"),
    "gasoline": ("汽油", "gasoline", "petrol"),
    "lpg": ("液化石油气", "液化气", "lpg"),
    "heat": ("热力", "供热", "供暖", "heat", "heating"),
    "coal": ("原煤", "燃煤", "煤炭", "coal"),
    "fuel_oil": ("燃料油", "重油", "fuel oil", "fuel_oil"),
    "kerosene": ("煤油", "kerosene"),
    "coke": ("焦炭", "coke"),
}
_SEPARATORS = {";": ";", "|": "|", "\t": "tab"}
_DEFAULT_ENCODINGS = {"utf-8", "utf_8", "utf8", "utf-8-sig", "ascii"}


def _word(keyword: str) -> re.Pattern[str]:
    if keyword.isascii():  # "gas" but not "gasoline"; "_" and digits separate words in file names
        return re.compile(rf"(?<![a-z]){re.escape(keyword)}(?![a-z])", re.IGNORECASE)
    return re.compile(re.escape(keyword))


_PATTERNS = {activity: [_word(w) for w in words] for activity, words in ACTIVITY_WORDS.items()}


def activity_of(texts: Iterable[str]) -> tuple[str | None, str]:
    """The one activity the ``texts`` name, and why; ``(None, why)`` when they name none or several."""
    found: dict[str, str] = {}
    for text in texts:
        for activity, patterns in _PATTERNS.items():
            for pattern in patterns:
                if activity not in found and pattern.search(text):
                    found[activity] = text
    if len(found) == 1:
        ((activity, text),) = found.items()
        return activity, f"'{text}' names {activity}"
    if not found:
        return None, "neither the file name nor its headers name a fuel"
    named = ", ".join(f"'{t}' names {a}" for a, t in found.items())
    return None, f"the file names several activities ({named})"


def init_from_bills(
    folder: str | Path, bills: Sequence[str | Path], *, year: int, force: bool = False
) -> tuple[Path, list[str]]:
    """Write ``folder/site.yaml`` with one commented ``bills:`` entry per file in ``bills``.

    :returns: the YAML written, and one line per file saying what is left to fill in.
    :raises ConfigError: ``site.yaml`` exists and ``force`` is not set, ``folder`` is a file, or a
        bill file does not exist.
    """
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise ConfigError("exists and is not a folder", where=root, fix="Choose a new folder name")
    target = root / "site.yaml"
    if os.path.lexists(target) and not force:
        raise ConfigError(
            f"{target} already exists", where=root, fix="Choose another folder, or pass --force to replace it"
        )
    for bill in bills:
        if not Path(bill).is_file():
            raise ConfigError(
                "bill file not found", where=Path(bill), fix="Check the name given to --bills (a file, not a folder)"
            )
        check_input(Path(bill), Path(bill))  # a pipe, or a file over the size limit, before anything is written
    root.mkdir(parents=True, exist_ok=True)
    site_id = root.resolve().name.lower().replace(" ", "-") or "site"
    lines = [
        "# carbon site file written by `carbon init --bills` from the files below. Reference: README.md,",
        '# section "Site YAML". Check each entry, replace every FILL_IN, then run: carbon validate site.yaml',
        "site:",
        f"  id: {_quote(site_id)}               # short id used in outputs",
        f"  name: {_quote(site_id)}",
        "  region: CN                  # ISO 3166 code: CN, CN-CQ (Chongqing), US-CA, GB ...",
        f"period: {{start: {year}-01-01, end: {year}-12-31}}",
        "gwp: AR6                      # AR4 | AR5 | AR6",
        "bills:",
    ]
    todo: list[str] = []
    for bill in bills:
        entry, left = bills_entry(Path(bill), root)
        lines += entry
        todo.append(f"{bill}: {left}" if left else f"{bill}: mapped, nothing to fill in")
    lines.append("instruments: []               # e.g. - {type: green_certificate, quantity: 4000 kWh}")
    text = "\n".join(lines) + "\n"
    write_atomic(target, lambda path: path.write_text(text, encoding="utf-8"), inputs=bills, force=force)
    return target, todo


def bills_entry(path: Path, root: Path) -> tuple[list[str], str]:
    """The commented YAML lines of one ``bills:`` entry for ``path``, and what is left to fill in."""
    written = _relative(path, root)
    try:
        found = inspect_file(path, name=written)
        if found.kind == "workbook" and found.notes and found.sheet is not None and not found.problem:
            several = inspect_file(path, name=written, source=BillSource(path=path, sheets="all"))
            if several.problem is None:
                found = several  # several sheets hold the same table: read them all
    except CarbonError as exc:
        return _refused(written, str(exc)), "refused (see the comment in site.yaml)"
    if found.problem is not None:
        return _refused(written, found.problem), "refused (see the comment in site.yaml)"
    return _mapped(found, written)


def _mapped(found: Inspection, written: str) -> tuple[list[str], str]:
    roles = {role.field: role for role in found.roles}
    read = [s["name"] for s in found.sheets if s["read"]]
    shown_in = f" in sheet '{found.sheet}'" if len(read) > 1 else ""
    head = [f"  # {written}: {found.data_rows} data row(s){shown_in}; {_one_line(found.header_how)}"]
    if found.skipped:
        left_out = "; ".join(f"row {s.row} ({s.reason}: {_one_line(s.text)[:60]})" for s in found.skipped)
        head.append(f"  # rows left out: {left_out}")
    for note in found.notes:
        head.append(f"  # note: {_one_line(note)}")
    for name, how in found.parsing.items():
        if how.startswith("would stop"):
            head.append(f"  # {name}: {_one_line(how)}")
    if found.rows:
        first = dict(found.rows[0])
        row = first.pop("row")
        shown = ", ".join(f"{k} {v}" for k, v in first.items())
        head.append(f"  # first row as read (row {row}), check it against the file: {shown}")
    body = [f"  - path: {_quote(written)}"]
    if len(read) > 1:
        body.append(f"    sheets: all                 # read with one mapping: {', '.join(read)}")
    elif found.sheet is not None:
        body.append(f"    sheet: {_quote(found.sheet)}")
    if found.header_rows and found.header_rows[0] != 1:
        body.append(f"    header_row: {found.header_rows[0]}               # the row holding the column names")
    if len(found.header_rows) > 1:
        body.append(f"    header_rows: {len(found.header_rows)}              # a two-row header: names are top/bottom")
    if found.separator is not None and found.separator != ",":
        body.append(f"    delimiter: {_quote(_SEPARATORS.get(found.separator, found.separator))}")
    if found.encoding is not None and found.encoding.lower() not in _DEFAULT_ENCODINGS:
        body.append(f"    encoding: {_quote(found.encoding)}")
    left: list[str] = []
    if "activity" not in roles:
        texts = [Path(written).stem, *(s["name"] for s in found.sheets if s["read"])]
        texts += [s.text for s in found.skipped if s.reason == "title"] + list(found.columns)
        activity, why = activity_of(texts)
        if activity is None:
            body.append(f"    activity: {FILL_IN}            # {why}: write electricity, natural_gas, diesel ...")
            left.append("activity")
        else:
            body.append(f"    activity: {activity}   # {_one_line(why)}")
    if "unit" in roles:
        unit = roles["unit"]
        first_unit = found.rows[0].get("unit") if found.rows else None
        body.append(f"    # unit: read on each row from column '{unit.column}' (first row: {first_unit})")
    elif "quantity" in roles or "reading" in roles or "current" in roles:
        body.append(f"    unit: {FILL_IN}                # no unit column: the unit of every quantity (kWh, m3, L ...)")
        left.append("unit")
    body.append("    columns:")
    for role in found.roles:
        body.append(f"      {role.field}: {_quote(role.column)}   # {_one_line(role.why)}")
    return head + body, ("fill in " + " and ".join(left)) if left else ""


def _refused(written: str, problem: str) -> list[str]:
    return [
        f"  # {written}: carbon cannot read this file as it is: {_one_line(problem)}",
        f"  # Fill in the keys below (`carbon inspect {written}` shows the top rows), or fix the file and run",
        "  # carbon init again.",
        f"  - path: {_quote(written)}",
        f"    activity: {FILL_IN}            # electricity, natural_gas, diesel ...",
        "    header_row: 1                # the row holding the column names",
        f"    columns: {{start: {FILL_IN}, end: {FILL_IN}, quantity: {FILL_IN}, unit: {FILL_IN}}}  # their headers",
    ]


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to the site folder when it lies inside it, else absolute."""
    full, base = path.resolve(), root.resolve()
    return full.relative_to(base).as_posix() if full.is_relative_to(base) else str(full)


def _quote(text: str) -> str:
    """A YAML scalar for any text: a JSON string is a YAML double-quoted string."""
    return json.dumps(str(text), ensure_ascii=False)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())
