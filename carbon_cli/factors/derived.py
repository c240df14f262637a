"""Activities whose factor is derived from grid electricity's when they have none of their own.

**Purchased cooling** (district cooling, chilled water), when no supplier gives a factor.

A cooling bill (kWh of cooling, or ton-hours: 1 ton-hour = 12,000 Btu = 3.5169 kWh) is Scope 2
(GHG Protocol Scope 2 Guidance: purchased electricity, heat, steam and cooling). Its factor is,
in this order:

1. the supplier's own factor, given as a site factor (``factors: [{activity: cooling, ...}]``)
   or a row of a factor file for ``cooling``;
2. else the COP-based estimate of the GHG Protocol / US EPA guidance for district cooling
   (EPA Climate Leaders, *Indirect Emissions from Purchases/Sales of Electricity and Steam*;
   The Climate Registry General Reporting Protocol, district cooling, simplified approach):
   electricity = cooling / COP, emissions = electricity x the site's grid electricity factor,
   with the typical COP of an electric-driven compressor chiller, :data:`DEFAULT_COP`. The
   estimate carries a ``warning`` (it is an approximation; ``--strict`` refuses it) naming the
   key that replaces it.

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

from typing import Any

from .select import APPROXIMATION, ByActivity, Choice, select_gases

#: The activities this module gives a factor to, and the one their factors are built on.
COOLING, SELF_CONSUMPTION, ELECTRICITY = "cooling", "self_consumption", "electricity"

#: Typical coefficient of performance of an electric-driven compressor chiller (kWh of cooling
#: per kWh of electricity).
DEFAULT_COP = 4.2
COP_CITATION = (
    "US EPA Climate Leaders, Indirect Emissions from Purchases/Sales of Electricity and Steam "
    "(EPA430-K-03-006, 2008), district cooling: electricity = cooling / COP, typical COP of an "
    "electric-driven compressor chiller 4.2 (absorption 0.8, engine-driven 1.2); the same simplified "
    "approach in The Climate Registry General Reporting Protocol (district cooling). Read from "
    "recollection of the guidance, corroborated by ENERGY STAR Portfolio Manager's factors for "
    "purchased chilled water (electric-driven compressor), whose site-to-source ratio 0.24 = 1/4.2 "
    "was read in public code; the guidance itself was not re-read"
)
#: The fallback note of the estimate: a ``warning`` (it names an approximation).
COP_NOTE = (
    f"no supplier factor for cooling: grid electricity / COP {DEFAULT_COP:g} "
    f"(electric-driven chiller; {APPROXIMATION}: give the supplier's factor as factors: activity: cooling)"
)


def select(factor_rows: ByActivity, activity: str, chain: list[str], year: int, method: str) -> dict[str, Choice]:
    """The factors of a request with no row of its own: for cooling, the grid / COP estimate; for
    self-consumed generation whose certificates were sold, electricity's own.

    Each electricity factor chosen for the region, year and Scope 2 method becomes a cooling row
    whose value is divided by :data:`DEFAULT_COP` (same unit: per kWh of cooling instead of per
    kWh of electricity) with id ``cooling-cop4.2:<electricity id>``. Empty for other activities,
    and when the region has no electricity factor either.
    """
    if activity == SELF_CONSUMPTION:
        return select_gases(factor_rows, ELECTRICITY, chain, year, method)
    if activity != COOLING:
        return {}
    chosen = select_gases(factor_rows, ELECTRICITY, chain, year, method)
    out: dict[str, Choice] = {}
    for gas, choice in chosen.items():
        row: dict[str, Any] = dict(choice.row)
        row.update(
            activity=COOLING,
            id=f"cooling-cop{DEFAULT_COP:g}:{row['id']}",
            value=float(row["value"]) / DEFAULT_COP,
            citation=f"{row['citation']} / COP {DEFAULT_COP:g}: {COP_CITATION}",
        )
        out[gas] = Choice(row, (COP_NOTE, *choice.fallbacks))
    return out
