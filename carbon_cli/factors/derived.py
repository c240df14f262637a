"""Activities whose factor is derived from grid electricity's when they have none of their own.

**Purchased cooling** (district cooling, chilled water), when no supplier gives a factor.

A cooling bill (kWh of cooling, or ton-hours: 1 ton-hour = 12,000 Btu = 3.5169 kWh) is Scope 2
(GHG Protocol Scope 2 Guidance: purchased electricity, heat, steam and cooling). Its factor is,
in this order:

1. the supplier's own factor, given as a site factor (``factors: [{activity: cooling, ...}]``)
   or a row of a factor file for ``cooling``;
2. else the COP-based estimate of the GHG Protocol / TCR / LGOP simplified approach for district
   cooling (The Climate Registry General Reporting Protocol, district cooling; the Local Government
   Operations Protocol, Table 6.1): electricity = cooling / COP, emissions = electricity x the
   site's grid electricity factor, with the typical COP of an electric-driven compressor chiller
   from ``factors/cooling_cop.csv`` (built by ``scripts/factors/cooling_cop.py`` from its cited
   input; :func:`default_cop`). The estimate carries a ``warning`` (it is an approximation;
   ``--strict`` refuses it) naming the key that replaces it.

**Self-consumed on-site generation whose certificates were sold** (``self_consumption``, made
by :mod:`carbon_cli.onsite` from the site's ``onsite: self_consumed_certificates_sold_kwh:``): the
GHG Protocol Scope 2 Guidance (2015, ch. 6 and 7) counts on-site generation the site consumes
without Scope 2 emissions, unless the site sells the certificates of that energy: the claim then
belongs to the buyer, and the site reports that consumption in the market-based view at the
residual mix (else the grid factor, flagged as for any market-based electricity). So it takes
electricity's factors unchanged; its location-based quantity is 0 (see the calculator).

Only the choice is made here; the arithmetic stays the calculator's (quantity x t per unit).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .files import citation, read_table
from .select import APPROXIMATION, ByActivity, Choice, select_gases

#: The activities this module gives a factor to, and the one their factors are built on.
COOLING, SELF_CONSUMPTION, ELECTRICITY = "cooling", "self_consumption", "electricity"

#: The shipped file of typical chiller COPs, and the chiller type the grid estimate uses.
COP_FILE, ELECTRIC_CHILLER = "cooling_cop.csv", "electric_driven"


@lru_cache(maxsize=1)
def _cop_row() -> dict[str, Any]:
    """The shipped row of the typical COP of an electric-driven chiller (``cooling_cop.csv``)."""
    table = read_table(COP_FILE)
    rows = table[(table["chiller"] == ELECTRIC_CHILLER) & (table["region"] == "GLOBAL")].to_dict("records")
    if len(rows) != 1:
        raise RuntimeError(f"{COP_FILE} must hold one GLOBAL {ELECTRIC_CHILLER} row, found {len(rows)}")
    return {str(k): v for k, v in rows[0].items()}


def default_cop() -> tuple[float, str, str]:
    """The typical COP of an electric-driven chiller (kWh of cooling per kWh of electricity), the
    text it is written with in ids and notes (``4.2``), and its citation, from ``cooling_cop.csv``."""
    row = _cop_row()
    return float(row["value"]), str(row["value"]), f"{citation(row)} ({row['evidence']}; {COP_FILE} {row['id']})"


def cop_note(cop: str) -> str:
    """The fallback note of the estimate: a ``warning`` (it names an approximation). Where the shipped COP
    is recalled rather than read in its table (``recalled-unverified``), the note says so."""
    if _cop_row()["evidence"] == "recalled-unverified":
        note = (
            f"no supplier factor for cooling: grid electricity / COP {cop} (electric-driven chiller: a typical value "
            "quoted for LGOP Table 6.1 and TCR's General Reporting Protocol, recalled, not read in the table; an "
            "approximation: give the supplier's factor as factors: activity: cooling)"
        )
    else:
        note = (
            f"no supplier factor for cooling: grid electricity / COP {cop} "
            "(electric-driven chiller; an approximation: give the supplier's factor as factors: activity: cooling)"
        )
    assert APPROXIMATION in note  # the words that make it a warning
    return note


def select(factor_rows: ByActivity, activity: str, chain: list[str], year: int, method: str) -> dict[str, Choice]:
    """The factors of a request with no row of its own: for cooling, the grid / COP estimate; for
    self-consumed generation whose certificates were sold, electricity's own.

    Each electricity factor chosen for the region, year and Scope 2 method becomes a cooling row
    whose value is divided by the COP of :func:`default_cop` (same unit: per kWh of cooling instead
    of per kWh of electricity) with id ``cooling-cop<COP>:<electricity id>`` (``cooling-cop4.2:...``).
    Empty for other activities, and when the region has no electricity factor either.
    """
    if activity == SELF_CONSUMPTION:
        return select_gases(factor_rows, ELECTRICITY, chain, year, method)
    if activity != COOLING:
        return {}
    chosen = select_gases(factor_rows, ELECTRICITY, chain, year, method)
    cop, written, cited = default_cop()
    out: dict[str, Choice] = {}
    for gas, choice in chosen.items():
        row: dict[str, Any] = dict(choice.row)
        row.update(
            activity=COOLING,
            id=f"cooling-cop{written}:{row['id']}",
            value=float(row["value"]) / cop,
            citation=f"{row['citation']} / COP {written}: {cited}",
        )
        out[gas] = Choice(row, (cop_note(written), *choice.fallbacks))
    return out
