"""The canonical table of bills: its columns, and the reading of bill files into it.

Canonical columns: ``site, meter, activity, period_start, period_end, quantity, unit, cost,
estimated, source_file, source_row, bill_quantity, bill_unit, credit, purchase``. ``quantity`` is in the
activity's canonical unit (``unit``); ``bill_quantity``/``bill_unit`` keep what the bill said.
``source_row`` is the row number a spreadsheet shows (rows above the header, total and blank
rows left out by :mod:`.layout` keep their numbers; a sheet of several read is named ``file[sheet]``).

Everything here is column-wise: each file is read on its own (through the guarded reader of
:mod:`carbon_cli.spreadsheets`), then every column is parsed once for all files. This module
puts the pieces together; headers, dates, numbers and units are parsed by its sibling modules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import mobile_epa
from ..config import BillSource
from ..errors import InputDataError
from ..guards import limits
from ..ledger import BASIS_COLUMN
from ..notices import Notice
from . import blends, cells, credits, interval, interval_layout, kinds, readings, steam
from .cell_units import agree, split_units
from .cells import Rows, blank_cells
from .header_block import HeaderBlock
from .headers import reading_form
from .layout import Table, read_tables, skipped_notice
from .length import refuse_long_bills
from .numbers import MAX_AMOUNT, parse_flags, parse_numbers, refuse_absurd
from .quantities import activity_column, bill_units, calorific_value, to_canonical, with_calorific_value

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
    "purchase",
]
#: Text columns of the canonical table, held as pandas categories.
TEXT_COLUMNS = ("site", "meter", "activity", "unit", "source_file", "bill_unit")
ENERGY_BASES = {"gross": "GCV", "net": "NCV", None: ""}


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
    corrections: Sequence[float] | None = None,
    notices: list[Notice] | None = None,
    intervals: list[pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Read bill files into one canonical table: each file read on its own, every column parsed
    once for all of them (a thousand small files cost about what one big one does).

    :param jobs: (site id or None for a site column, ``bills[]`` entry, name shown in messages).
    :param corrections: per job, the volume correction its site's region applies with a gas
        calorific value (1.02264 in GB, 1 elsewhere, 0 where fuel energy is net, NaN unknown);
        a ``volume_correction:`` in the entry wins, except over 0 (see :func:`with_calorific_value`).
    :param progress: called as ``progress(files_done, files)``.
    :param notices: where an ``info`` notice naming the total rows left out of each file goes.
    :param intervals: where the per meter-day figures of interval files are added (one table per
        file, :data:`carbon_cli.bills.interval.STAT_COLUMNS`), for the interval checks.
    :raises ConfigError: a needed column is missing.
    :raises InputDataError: a file cannot be read or a row holds an invalid value.
    """
    parts, headers, files, row_numbers, cvs, vcfs, steams, longest = [], {}, [], [], [], [], [], []
    blend_shares: list[float] = []  # per table, the bio share of its entry's blend: (issue 14)
    vehicles: list[str] = []  # per table, its entry's vehicle: ("" for none; issue 14)
    bases: list[str] = []  # per table, the calorific basis its entry gives energy quantities ("" none)
    fleets: list[mobile_epa.Entry] = []  # per table, its entry's fleet keys (model_year:, engine: ...)
    unitless: list[str] = []
    for done, (site, source, name) in enumerate(jobs):
        if progress is not None:
            progress(done, len(jobs))
        for table in _tables(source, name, site, intervals):
            columns = table.columns
            if "unit" not in columns and not source.unit:
                unitless.append(table.name)  # every quantity cell must name its unit (cell_units.agree)
            if notices is not None and table.totals():
                notices.append(skipped_notice(site or "", table))
            part = table.frame[list(columns.values())].set_axis(list(columns), axis=1)
            part[credits.MARK] = credits.marked(table.frame, source.credit, table.name)
            form = reading_form(columns)
            if form is not None:  # meter readings: the period and quantity come from them
                part = readings.to_bills(part, form, source, table.name, np.asarray(table.rows), columns)
            parts.append(part)
            headers[table.name] = columns
            own_meter = source.meter or source.path.stem
            kind = kinds.kind_of(columns)
            files.append(
                (table.name, site, source.activity, source.unit, own_meter, source.decimal, source.dates, kind)
            )
            row_numbers.append(table.rows)
            cvs.append(calorific_value(source.cv, f"{name} (cv: in the site YAML)"))
            steams.append(steam.entry_enthalpy(source, name)[0])
            blend_shares.append(blends.share(source.blend, name, source.activity, source.vehicle))
            vehicles.append(source.vehicle or "")
            bases.append(ENERGY_BASES[source.energy_basis])
            fleets.append(mobile_epa.Entry.of(source, name, blend_shares[-1]))
            default = corrections[done] if corrections is not None else float("nan")
            vcfs.append(default if default == 0 or source.volume_correction is None else source.volume_correction)
            longest.append(source.longest_bill_days or limits().bill_days)
    if progress is not None:
        progress(len(jobs), len(jobs))
    if not parts:
        return empty()
    raw = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)
    # What each file's YAML entry says, spread over its rows once for all files.
    lengths = np.array([len(part) for part in parts])
    file_of_row = np.repeat(np.arange(len(parts)), lengths)
    raw["_row"] = np.concatenate(row_numbers).astype("int64")
    columns_per_file = ("_file", "_site", "_activity", "_unit", "_meter", "_decimal", "_dates", "_kind")
    for position, column in enumerate(columns_per_file):
        raw[column] = _per_file([file[position] for file in files], file_of_row)
    raw["_cv"], raw["_vcf"] = np.array(cvs, dtype="float64")[file_of_row], np.array(vcfs, dtype="float64")[file_of_row]
    raw["_steam"] = np.array(steams, dtype="float64")[file_of_row]
    raw["_bio"] = np.array(blend_shares, dtype="float64")[file_of_row]
    raw["_vehicle"] = np.array(vehicles, dtype=object)[file_of_row]
    raw["_table"] = file_of_row  # which table (and bills entry) each row was read from
    raw["_longest"] = np.array(longest, dtype="int64")[file_of_row]
    fields = [c for c in raw.columns if not c.startswith("_")]
    # A row is blank when every cell is; only rows with a blank quantity can be (few, so the
    # other columns are looked at on those rows alone).
    maybe = blank_cells(raw[["quantity"]])["quantity"].to_numpy()
    if maybe.any():
        empty_rows = np.zeros(len(raw), dtype=bool)
        empty_rows[maybe] = blank_cells(raw.loc[maybe, fields]).all(axis=1).to_numpy()
        raw = raw[~empty_rows].reset_index(drop=True)
    rows = Rows(raw["_file"].to_numpy(), raw["_row"].to_numpy(), headers)
    quantity_cells, cell_units = split_units(raw["quantity"], rows, "quantity")
    if cell_units is not None or unitless:
        agree(raw, cell_units if cell_units is not None else pd.Series("", index=raw.index), rows, unitless)

    frame = pd.DataFrame(index=raw.index)
    frame["site"] = _own_or_column(raw, "_site", "site", rows)
    meter = cells.text(raw["meter"]) if "meter" in raw else pd.Series("", index=raw.index)
    frame["meter"] = meter.where(meter != "", raw["_meter"])
    own = raw["_activity"].notna()
    frame["activity"] = raw["_activity"]
    if len(own) and not own.any():  # one table for all activities: its activity column throughout
        frame["activity"] = activity_column(
            raw["activity"], rows, "activity", aliases or {a: a for a in activities}, activities
        )
    elif not own.all():  # site files and shared tables in one run
        frame["activity"] = raw["_activity"].astype("object")
        frame.loc[~own, "activity"] = activity_column(
            raw.loc[~own, "activity"], rows, "activity", aliases or {a: a for a in activities}, activities
        )
    frame["period_start"], frame["period_end"], purchase = kinds.periods(raw, rows)
    backwards = frame["period_end"] < frame["period_start"]
    if backwards.any():
        row = int(frame.index[backwards][0])
        end, start = frame["period_end"].at[row], frame["period_start"].at[row]
        raise InputDataError(
            f"end {end:%Y-%m-%d} is before start {start:%Y-%m-%d}",
            where=rows.at(row),
            fix="Swap the dates or correct the one that is wrong",
        )
    refuse_long_bills(frame, rows, raw["_longest"].to_numpy())
    decimal = raw["_decimal"]
    frame["bill_quantity"] = parse_numbers(quantity_cells, rows, "quantity", decimal=decimal)
    frame["bill_unit"], from_column = bill_units(raw, rows)
    # a fleet's rows: its fuel with mobile CH4/N2O, or its distance (issue 14)
    frame["activity"], miles = mobile_epa.vehicle_activities(
        frame,
        raw,
        rows,
        fleets,
        raw["_table"].to_numpy(),
        activities,
        lambda column: parse_numbers(pd.Series(raw[column]), rows, column, required=False, decimal=decimal),
        notices,
    )
    frame["quantity"], frame["unit"] = to_canonical(frame, rows, activities, from_column)
    cv = raw["_cv"]
    cv_in_column = pd.Series(False, index=raw.index)
    if "cv" in raw:
        cells_cv = parse_numbers(raw["cv"], rows, "cv", required=False, decimal=decimal)
        cv_in_column = cells_cv.notna()
        cv = cells_cv.where(cv_in_column, cv)
    with_calorific_value(frame, rows, cv, raw["_vcf"].to_numpy(), cv_in_column)
    steam.to_heat(frame, raw["_steam"].to_numpy())
    refuse_absurd(frame, rows)
    frame["cost"] = (
        parse_numbers(raw["cost"], rows, "cost", required=False, decimal=decimal, largest=MAX_AMOUNT)
        if "cost" in raw
        else float("nan")
    )
    frame["estimated"] = parse_flags(raw["estimated"], rows, "estimated") if "estimated" in raw else False
    frame["credit"] = credits.apply(parse_flags(raw["credit"], rows, "credit") if "credit" in raw else False, raw)
    frame["purchase"] = purchase
    said = any(bases)
    if said:
        named = sorted(set(bases))
        codes = np.array([named.index(basis) for basis in bases], dtype="int64")[raw["_table"].to_numpy()]
        frame[BASIS_COLUMN] = pd.Categorical.from_codes(codes, pd.Index(named))
    frame["source_file"] = (
        raw["_file"].astype("str").astype("category")
        if not isinstance(raw["_file"].dtype, pd.CategoricalDtype)
        else raw["_file"]
    )
    frame["source_row"] = raw["_row"].astype("int64")
    bio = raw["_bio"].to_numpy()
    keep = None
    if "_opens" in raw:  # a meter's first read opens it and makes no bill
        keep = ~raw["_opens"].eq(True).to_numpy()
        frame, bio = frame[keep].reset_index(drop=True), bio[keep]
    frame = mobile_epa.add_miles(frame, miles, keep)  # a fleet's miles beside its fuel (issue 14)
    frame = blends.split(frame, np.concatenate([bio, np.full(len(frame) - len(bio), np.nan)]))  # B20 (issue 14)
    # Few distinct values in a million rows: as categories every later sort, group and copy
    # moves small integer codes instead of text.
    return frame[[*CANONICAL_COLUMNS, *([BASIS_COLUMN] if said else [])]].astype(
        {column: "category" for column in TEXT_COLUMNS}
    )


def _tables(source: BillSource, name: str, site: str | None, intervals: list[pd.DataFrame] | None) -> list[Table]:
    """The tables of one bill file: an interval file's days (summed while read, its per meter-day
    figures added to ``intervals``), else the tables its layout holds (header block found, title,
    total and blank rows left out)."""
    layout = interval_layout.detect(source, name)
    if layout is None:
        return list(read_tables(source, name, need_site=site is None, need_activity=source.activity is None))
    days, stats = interval.read_days(source, name, layout, site)
    if intervals is not None:
        intervals.append(stats)
    rows = days.pop("_row").to_numpy()
    names = [str(column) for column in days.columns]
    header = HeaderBlock(first=0, depth=0, names=names, how="interval data, summed to days while read")
    columns = {column: column for column in days.columns}
    return [Table(name=name, frame=days, rows=rows, columns=columns, header=header, skipped=[])]


def _per_file(values: Sequence[str | None], file_of_row: Any) -> pd.Categorical:
    """One value (or none) per file, spread over the file's rows as a category."""
    seen: dict[str, int] = {}  # per file, not per row: a dict numbers them (pd.factorize's order and NA)
    codes = np.array([-1 if pd.isna(v) else seen.setdefault(v, len(seen)) for v in values], dtype=np.intp)
    names = pd.Index(list(seen), dtype=object)
    return pd.Categorical.from_codes(codes[file_of_row], names.astype("str") if len(names) else pd.Index([]))


def _own_or_column(raw: pd.DataFrame, own: str, column: str, rows: Rows) -> pd.Series:
    """The YAML's value (a site id) where given, else the file's column, which may not be empty."""
    given = raw[own]
    if given.notna().all():
        return given.astype("str")
    text = cells.text(raw[column]) if column in raw else given.astype("str").where(given.notna(), "")
    blank = given.isna() & (text == "")
    if blank.any():
        raise InputDataError(
            "is empty", where=rows.at(int(text.index[blank][0]), column), fix="Fill in the site id of every bill"
        )
    if given.isna().all():  # one table for all sites: every id is the file's
        return text
    return given.astype("str").where(given.notna(), text)


def empty() -> pd.DataFrame:
    """A canonical table with no rows and the right dtypes."""
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
            "purchase": pd.Series(dtype="bool"),
        }
    )
