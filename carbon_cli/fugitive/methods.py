"""The three methods of the GHG Protocol HFC/PFC tool and EPA's refrigeration guidance, as rows.

Each row is kg of one refrigerant, signed, on a date or over the days a unit was in service,
with the YAML entry it comes from: the ledger shows every term of every formula.

* **screening**: a unit's charge x its annual operating leak rate x its years in service within
  the period (IPCC 2006 Vol. 3 Ch. 7 eq. 7.10's operation term; the rate is the unit's own
  ``leak_rate`` or the upper bound of its type's range in Table 7.9, a conservative default).
* **simplified** (EPA Simplified Material Balance): E = (P_N - C_N) + P_S + (C_D - R_D):
  purchases to charge new units, minus their full charge; purchases to service units; the full
  charge of retired units, minus what was recovered from them.
* **mass_balance** (EPA / GHG Protocol Material Balance): E = (I_B - I_E) + (P - S) + (C_D - C_N):
  the change in stored stock, purchases less returns and sales, retired less new capacity.

A gas's sum over the period may not be negative (a record is missing): that is refused.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..config_errors import did_you_mean
from ..config_refrigerants import Equipment, Refrigerants
from ..errors import ConfigError, InputDataError
from ..factors.files import citation, read_table
from ..notices import Notice
from .gases import known, refrigerant_name

#: The sign of each log kind in its formula.
_LOG_SIGN = {
    "service": 1.0,
    "new_charge": 1.0,
    "purchase": 1.0,
    "return": -1.0,
    "inventory_start": 1.0,
    "inventory_end": -1.0,
}
_LOG_TERM = {
    "service": "purchases to service units (P_S)",
    "new_charge": "purchases to charge new units (P_N)",
    "purchase": "purchases and acquisitions (P)",
    "return": "sales, returns and gas sent off-site (S)",
    "inventory_start": "stock at the start of the period (I_B)",
    "inventory_end": "stock at the end of the period (I_E)",
}
ROW_COLUMNS = ["site", "meter", "refrigerant", "term", "period_start", "period_end", "quantity", "source_row", "key"]


def leak_rates() -> dict[str, dict[str, str]]:
    """IPCC 2006 Table 7.9 operating leak rates by equipment type (``factors/refrigerant_leak_rates.csv``)."""
    rows: list[dict[str, str]] = read_table("refrigerant_leak_rates.csv").to_dict("records")  # type: ignore[assignment]
    return {row["equipment_type"]: row for row in rows}


def emission_rows(
    site: str, block: Refrigerants, start: dt.date, end: dt.date, source: Path
) -> tuple[pd.DataFrame, list[Notice]]:
    """kg of each refrigerant per term of the site's method, within ``start``..``end``.

    :raises ConfigError: a refrigerant or equipment type is unknown, or a unit lacks what its
        method needs, naming the YAML key.
    :raises InputDataError: a gas's balance over the period is negative.
    """
    rows: list[dict[str, object]] = []
    notices: list[Notice] = []

    def add(meter: str, gas: str, term: str, first: dt.date, last: dt.date, kg: float, key: str, row: int) -> None:
        rows.append(
            {
                "site": site,
                "meter": meter,
                "refrigerant": gas,
                "term": term,
                "period_start": first,
                "period_end": last,
                "quantity": kg,
                "source_row": row,
                "key": key,
            }
        )

    defaults: set[str] = set()
    for index, unit in enumerate(block.equipment):
        key = f"refrigerants.equipment[{index}]"
        gas = _name(unit.refrigerant, block, source, f"{key}.refrigerant")
        if block.method == "screening":
            first, last = max(unit.installed or start, start), min(unit.retired or end, end)
            if last < first:
                continue
            rate, how = _rate(unit, source, key)
            if unit.leak_rate is None:
                defaults.add(how)
            years = _years(first, last)
            whose = "own leak_rate" if unit.leak_rate is not None else f"{unit.type} default"
            term = f"operation: {unit.count} x {unit.charge_kg:g} kg x {rate:.4%}/yr x {years:.4f} yr ({whose})"
            add(unit.id, gas, term, first, last, unit.count * unit.charge_kg * rate * years, key, index + 1)
            continue
        total = unit.count * unit.charge_kg
        if unit.installed and start <= unit.installed <= end and unit.charged_on_site:
            name = "C_N" if block.method == "simplified" else "C_N, new capacity"
            add(
                unit.id,
                gas,
                f"full charge of new units ({name})",
                unit.installed,
                unit.installed,
                -total,
                key,
                index + 1,
            )
        if unit.retired and start <= unit.retired <= end:
            add(unit.id, gas, "full charge of retired units (C_D)", unit.retired, unit.retired, total, key, index + 1)
            if block.method == "simplified":
                if unit.recovered_kg is None:
                    raise ConfigError(
                        f"unit '{unit.id}' was retired on {unit.retired}: the simplified method needs "
                        "what was recovered from it",
                        where=f"{source}: {key}.recovered_kg",
                        fix="Give recovered_kg (kg per unit, 0 when nothing was recovered)",
                    )
                recovered = -unit.count * unit.recovered_kg
                add(
                    unit.id,
                    gas,
                    "recovered from retired units (R_D)",
                    unit.retired,
                    unit.retired,
                    recovered,
                    key,
                    index + 1,
                )
    for index, entry in enumerate(block.log):
        if not start <= entry.date <= end:
            continue
        key = f"refrigerants.log[{index}]"
        gas = _name(entry.refrigerant, block, source, f"{key}.refrigerant")
        term = _LOG_TERM[entry.kind]
        add("log", gas, term, entry.date, entry.date, _LOG_SIGN[entry.kind] * entry.kg, key, index + 1)
    out = pd.DataFrame(rows, columns=ROW_COLUMNS)
    if block.method == "mass_balance":
        _check_stock(out, block, source)
    _check_balance(out, block, source)
    for how in sorted(defaults):
        notices.append(
            Notice(
                "warning",
                site,
                f"refrigerant screening uses a default leak rate ({how}): an estimate; "
                "give each unit's leak_rate, or use the simplified or mass_balance method with the service records",
            )
        )
    return out, notices


def _name(text: str, block: Refrigerants, source: Path, where: str) -> str:
    name = refrigerant_name(text, block.own)
    if name is None:
        choices = {n: n for n in [*known(), *(g.name for g in block.own)]}
        raise ConfigError(
            f"unknown refrigerant '{text}'{did_you_mean(text, choices)}",
            where=f"{source}: {where}",
            fix="Use a name of factors/refrigerants.csv (R-410A, R-32, R-134a, R-22 ...) or add the gas under "
            "refrigerants.own with its GWP and source",
        )
    return name


def _rate(unit: Equipment, source: Path, key: str) -> tuple[float, str]:
    if unit.leak_rate is not None:
        return float(unit.leak_rate), "the unit's own leak_rate"
    if unit.type is None:
        raise ConfigError(
            f"unit '{unit.id}' has neither a type nor a leak_rate: screening cannot choose its leak rate",
            where=f"{source}: {key}.type",
            fix="Give type: (one of " + ", ".join(leak_rates()) + ") or leak_rate: (e.g. 5%)",
        )
    row = leak_rates()[unit.type]
    high = float(row["operating_pct_high"]) / 100
    # A range written from memory and not yet seen in any copy of the table says so where it is used.
    unread = "; recalled, not read in a copy of the table" if row.get("evidence") == "recalled-unverified" else ""
    return high, (
        f"{row['label']}: {row['operating_pct_high']}%/yr, the upper bound of "
        f"{row['operating_pct_low']}-{row['operating_pct_high']}%, {citation(row)}{unread}"
    )


def _years(first: dt.date, last: dt.date) -> float:
    """Years from ``first`` to ``last`` inclusive, each day a 1/365 or 1/366 of its own year."""
    total = 0.0
    for year in range(first.year, last.year + 1):
        lo, hi = max(first, dt.date(year, 1, 1)), min(last, dt.date(year, 12, 31))
        total += ((hi - lo).days + 1) / _days_in(year)
    return total


def _check_stock(rows: pd.DataFrame, block: Refrigerants, source: Path) -> None:
    """The mass balance needs both stock readings of every gas it counts (0 when none was stored)."""
    logged = {(refrigerant_name(e.refrigerant, block.own), e.kind) for e in block.log}
    for gas in sorted(set(rows["refrigerant"])):
        for kind in ("inventory_start", "inventory_end"):
            if (gas, kind) not in logged:
                raise ConfigError(
                    f"the mass balance of {gas} has no {kind} line",
                    where=f"{source}: refrigerants.log",
                    fix=f"Add a log line kind: {kind} for {gas} (kg stored in cylinders; 0 when none)",
                )


def _check_balance(rows: pd.DataFrame, block: Refrigerants, source: Path, tolerance: float = 1e-9) -> None:
    sums = rows.groupby("refrigerant")["quantity"].sum()
    negative = sums[sums < -tolerance]
    if len(negative):
        gas, kg = str(negative.index[0]), float(negative.iloc[0])
        raise InputDataError(
            f"the {block.method} balance of {gas} is {kg:,.3f} kg: less than nothing leaked, so a record is missing",
            where=f"{source}: refrigerants",
            fix="Check the log (purchases, returns, stock) and the units installed or retired in the period",
        )


def _days_in(year: int) -> int:
    return (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
