"""Units written in quantity cells: ``352度``, ``1,291 m³``, ``12.5 MWh``, ``100 US gal``.

A cell's unit is split from its number once per distinct cell. It must agree with the unit the
file declares for the row (its unit column, else the bill's ``unit:`` in the YAML): a different
unit is refused, naming the row, never converted silently; where none is declared, the cell's
unit is the row's. This module must not read numbers or dates (:mod:`.numbers` reads what is
left of the cell).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import units
from ..errors import ConfigError, InputDataError, quoted
from . import cells
from .cells import Rows

#: A number (digits with separators, a sign or parentheses, an exponent), then a unit that
#: starts with a letter (度, m3 after NFKC of m³, kWh, US gal).
_WITH_UNIT = r"^(?P<number>\(?[-+]?\(?\d[\d\s.,']*(?:[eE][-+]?\d+)?\)?)\s*(?P<unit>(?![eE][-+]?\d+$)[^\W\d_].*?)\s*$"
#: Currency written after a cost is not a unit (numbers drops it).
_CURRENCY = {"元", "rmb", "cny", "usd", "gbp", "eur"}


def split_units(values: pd.Series, name: str | Rows, column: str) -> tuple[pd.Series, pd.Series | None]:
    """The cells without their unit (``352度`` -> ``352``) and each row's unit ("" where the cell
    names none); None for the units when no cell names one (the column is left as it is).

    :raises InputDataError: a cell's unit is unknown, naming its row.
    """
    if _plain(values):
        return values, None
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype=object)
    is_text = distinct.map(lambda value: isinstance(value, str)).to_numpy(dtype=bool)
    text = distinct[is_text].astype(str).str.normalize("NFKC").str.strip()
    parts = text.str.extract(_WITH_UNIT)
    found = parts["unit"].notna() & ~parts["unit"].str.lower().isin(_CURRENCY)
    if not found.any():
        return values, None
    # An unknown unit glued to its number ("10O0", a letter O typed for a zero) is left whole:
    # the number reader says the cell is not a number. Apart ("12 kWx"), it is named as a unit.
    glued = ~text.str.match(r"^.*\d\s+\D")
    for spelling in pd.unique(parts.loc[found, "unit"]):
        try:
            units.parse(str(spelling))
        except InputDataError:
            found &= ~((parts["unit"] == spelling) & glued)
    if not found.any():
        return values, None
    unit = pd.Series("", index=distinct.index, dtype=object)
    unit[found[found].index] = parts.loc[found, "unit"]
    for spelling in pd.unique(unit[unit != ""]):
        try:
            units.parse(str(spelling))
        except InputDataError as exc:
            at = int(np.flatnonzero((codes >= 0) & (unit.to_numpy()[np.maximum(codes, 0)] == spelling))[0])
            label = int(values.index[at])
            raise InputDataError(
                f"{quoted(values[label])} names the unit {quoted(spelling)}, which carbon does not know",
                where=cells.where(name, label, column),
                fix=exc.fix,
            ) from exc
    cleaned = distinct.copy()
    cleaned[found[found].index] = parts.loc[found, "number"].str.strip()
    rows = codes >= 0
    out = np.empty(len(values), dtype=object)
    out[rows] = cleaned.to_numpy()[codes[rows]]
    out[~rows] = values.to_numpy(dtype=object)[~rows]
    row_units = np.full(len(values), "", dtype=object)
    row_units[rows] = unit.to_numpy()[codes[rows]]
    return pd.Series(out, index=values.index, dtype=object), pd.Series(row_units, index=values.index, dtype=object)


def _plain(values: pd.Series) -> bool:
    """A column no cell of which can name a unit: numbers, or text pyarrow reads as numbers."""
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_datetime64_any_dtype(values.dtype):
        return True
    if not isinstance(values.dtype, pd.StringDtype) or not len(values):
        return False
    try:
        pc.cast(pa.array(values, type=pa.large_string()), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return False
    return True


def agree(raw: pd.DataFrame, cell_units: pd.Series, rows: Rows, unitless: Sequence[str]) -> None:
    """Check each cell's unit against the row's declared unit, and give it to rows that have
    none (in place: ``raw["unit"]``).

    :param unitless: the files with neither a unit column nor ``unit:``: every row needs a unit
        in its quantity cell.
    :raises ConfigError: a file in ``unitless`` has a row whose cell names no unit.
    :raises InputDataError: a cell's unit differs from its column's or the bill's, naming the row.
    """
    named = (cell_units != "").to_numpy()
    column = cells.text(raw["unit"]) if "unit" in raw else pd.Series("", index=raw.index, dtype=object)
    in_column = (column != "").to_numpy()
    default = raw["_unit"].astype(object)
    declared = np.where(in_column, column.to_numpy(dtype=object), default.where(default.notna(), "").to_numpy())
    check = named & (declared != "")
    if check.any():
        pairs = pd.DataFrame({"cell": cell_units[check], "declared": declared[check]})
        for cell, said in pairs.drop_duplicates().itertuples(index=False):
            if _same(str(cell), str(said)):
                continue
            label = int(pairs.index[(pairs["cell"] == cell) & (pairs["declared"] == said)][0])
            by = (
                f"its unit column says {quoted(said)}"
                if in_column[raw.index.get_loc(label)]
                else f"the bill's unit: is {quoted(said)}"
            )
            raise InputDataError(
                f"{quoted(raw['quantity'][label])} is in {quoted(cell)}, but {by}",
                where=rows.at(label, "quantity"),
                fix="Correct the cell or the unit: a quantity's unit must agree with its column's or the bill's",
            )
    if unitless:
        lacking = ~named & np.isin(np.asarray(rows.files, dtype=object), np.array(list(unitless), dtype=object))
        if lacking.any():
            raise ConfigError(
                "no unit column and no default unit",
                where=str(rows.files[int(np.flatnonzero(lacking)[0])]),
                fix=f"Add unit: (e.g. unit: kWh) to this bill in the site YAML ({units.ACCEPTED})",
            )
    give = named & (declared == "")
    if give.any():
        filled = column.to_numpy(dtype=object).copy()
        filled[give] = cell_units.to_numpy(dtype=object)[give]
        raw["unit"] = filled


def _same(cell: str, declared: str) -> bool:
    """Whether two spellings name one unit (度 and kWh do; MWh and kWh do not)."""
    try:
        return units.dimension(cell) == units.dimension(declared) and abs(units.scale(cell, declared) - 1) < 1e-12
    except InputDataError:
        return False
