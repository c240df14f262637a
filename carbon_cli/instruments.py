"""Instruments: contractual instruments split market-based Scope 2 (GHG Protocol Scope 2 Guidance).

Certificates (green certificates, RECs, GOs, PPAs) cover their site's consumption pro rata and
never beyond it; a supplier factor covers what they leave. This module makes the market-view
parts of the Scope 2 slices and one factor row per instrument; the calculator prices them.
Before that, :func:`check_criteria` holds each instrument to the Scope 2 Quality Criteria
(market boundary, vintage, a unique id): one that fails is not applied unless the YAML accepts it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np
import pandas as pd

from . import arrays, factors, units
from .config import Instrument, Period, SiteConfig
from .errors import ConfigError, InputDataError
from .ledger import FACTOR_COLUMNS, MARKET
from .notices import Notice


def allocate_instruments(
    slices: pd.DataFrame,
    scope2: Any,
    instruments: Sequence[tuple[str, Instrument]],
    net: Any = None,
    skip: Collection[int] = (),
) -> tuple[pd.DataFrame, list[Notice]]:
    """Split Scope 2 slices into the parts covered by each instrument and the uncovered rest.

    Each certificate (green certificate, REC, GO, PPA) covers consumption of its site and
    activity inside its period, pro rata over the slices still uncovered, and never more than
    was consumed (Scope 2 Guidance 7.4: instruments cannot make emissions negative); any
    excess is reported, not carried. A supplier factor then applies to what remains in its
    period. What still remains takes the residual-mix (market) factor.

    :param slices: all month slices; ``scope2`` marks the Scope 2 ones.
    :param net: each slice's quantity net of its meter's credits in its month, none negative
        (:func:`carbon_cli.calculator.net_of_credits`); None when no slice is negative. The
        market view is split from it, so that both views count the same net consumption.
    :param skip: numbers of instruments not applied (they failed :func:`check_criteria`).
    :returns: market parts (``row``, ``view``, ``part`` = instrument number or -1 for the
        rest, ``quantity``) and notices.
    """
    import pandas as pd

    rows = np.flatnonzero(scope2)
    quantity = (slices["quantity"].to_numpy("float64") if net is None else np.asarray(net, "float64"))[rows]
    remaining = quantity.copy()
    start = slices["slice_start"].to_numpy("datetime64[D]")[rows]
    end = slices["slice_end"].to_numpy("datetime64[D]")[rows]
    days = slices["days"].to_numpy("int64")[rows]
    # Each instrument looks only at its own site's slices: a thousand sites with a certificate
    # each must not make a thousand passes over every slice.
    site, sites = arrays.codes(slices["site"])
    activity, activities = arrays.codes(slices["activity"])
    site, activity = site[rows], activity[rows]
    by_site = np.argsort(site, kind="stable")
    bounds = np.searchsorted(site[by_site], np.arange(len(sites) + 1))
    site_of = {name: code for code, name in enumerate(sites)}
    activity_of = {name: code for code, name in enumerate(activities)}
    pieces: list[pd.DataFrame] = []
    notices: list[Notice] = []
    order = sorted(range(len(instruments)), key=lambda i: instruments[i][1].type == "supplier_factor")
    for index in order:
        if index in skip:
            continue
        owner, instrument = instruments[index]
        label = f"{yaml_label(instruments, index)} ({instrument.type}{' ' + instrument.id if instrument.id else ''})"
        code = site_of.get(owner)
        own = by_site[bounds[code] : bounds[code + 1]] if code is not None else by_site[:0]
        own = own[activity[own] == activity_of.get(instrument.activity, -1)]
        inside = days[own]
        if instrument.period is not None:
            lo = np.maximum(start[own], np.datetime64(instrument.period.start, "D"))
            hi = np.minimum(end[own], np.datetime64(instrument.period.end, "D"))
            inside = np.clip((hi - lo).astype("int64") + 1, 0, None)
        eligible = remaining[own] * inside / np.maximum(days[own], 1)
        available = float(eligible.sum())
        share = 1.0
        if instrument.type != "supplier_factor":
            bought = _bought(instrument, label)
            share = min(1.0, bought / available) if available > 0 else 0.0
            if bought > available + 1e-9 * max(bought, 1.0):
                unit = factors.activities()[instrument.activity]["unit"]
                notices.append(
                    Notice(
                        "warning",
                        owner,
                        f"{label} covers {bought:,.1f} {unit} but only {available:,.1f} {unit} of "
                        f"{instrument.activity} was consumed in its period; {bought - available:,.1f} {unit} "
                        "left unused (instruments never make emissions negative)",
                    )
                )
        covered = eligible * share
        take = covered > 0
        pieces.append(pd.DataFrame({"row": rows[own][take], "view": MARKET, "part": index, "quantity": covered[take]}))
        remaining[own] = remaining[own] - covered
    rest = remaining > 1e-12 * np.maximum(np.abs(quantity), 1.0)
    pieces.append(pd.DataFrame({"row": rows[rest], "view": MARKET, "part": -1, "quantity": remaining[rest]}))
    return pd.concat(pieces, ignore_index=True), notices


def yaml_label(instruments: Sequence[tuple[str, Instrument]], index: int) -> str:
    """``instruments[i]`` as numbered in the site's own YAML."""
    owner = instruments[index][0]
    return f"instruments[{sum(1 for s, _ in instruments[:index] if s == owner)}]"


def _bought(instrument: Instrument, label: str) -> float:
    """The instrument's quantity in its activity's unit."""
    unit = factors.activities()[instrument.activity]["unit"]
    try:
        amount = units.quantity(instrument.quantity or "")
    except InputDataError as exc:
        raise ConfigError(exc.problem, where=label, fix=exc.fix) from exc
    try:
        bought = float(amount.to(units.parse(unit)).magnitude)
    except Exception as exc:
        raise ConfigError(
            f"quantity '{instrument.quantity}' is not {units.dimension(unit)}", where=label, fix=f"Give it in {unit}"
        ) from exc
    if bought < 0:
        raise ConfigError("quantity is negative", where=label, fix="Give the quantity bought")
    return bought


def describe_instruments(instruments: Sequence[tuple[str, Instrument]]) -> pd.DataFrame:
    """One factor row per instrument: its own value and unit (certificates: 0), in CO2e."""

    rows = []
    for index, (owner, instrument) in enumerate(instruments):
        name = f"{instrument.type}{' ' + instrument.id if instrument.id else ''}"
        row = {
            "activity": instrument.activity,
            "gas": "CO2e",
            "factor_id": f"site:{owner}:{yaml_label(instruments, index)}",
            "factor_value": 0.0,
            "factor_unit": "t/MWh",
            "t_per_unit": 0.0,
            "factor_region": "",
            "factor_year": instrument.period.start.year if instrument.period else 0,
            "conversion_id": "",
            "fallback": "",
            "citation": f"contractual instrument: {name} (site YAML)"
            + (f"; accepted outside the Scope 2 Quality Criteria: {instrument.accept}" if instrument.accept else ""),
        }
        if instrument.factor is not None:
            numerator, denominator = units.ratio(instrument.factor)
            per = units.registry().Quantity(1.0, units.parse(factors.activities()[instrument.activity]["unit"]))
            row.update(
                factor_value=float(numerator.magnitude),
                factor_unit=instrument.factor,
                t_per_unit=float(numerator.to("t").magnitude * (per / denominator).to("").magnitude),
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=["activity", *FACTOR_COLUMNS[:-1]])


#: The countries whose Guarantees of Origin (GO, and REGO in Great Britain) are issued under the
#: EU Renewable Energy Directive: the EU 27, the EEA (Iceland, Liechtenstein, Norway), GB and CH.
# fmt: off
GO_COUNTRIES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO", "GB", "CH",
})
# fmt: on
#: Where each certificate type is valid (Scope 2 Guidance (2015) 7.4, Table 7.1, criterion 5: the
#: market boundary): ISO country codes. PPAs and supplier factors are contracts in the site's own market.
MARKETS: dict[str, frozenset[str]] = {
    "rec": frozenset({"US", "CA"}),
    "go": GO_COUNTRIES,
    "green_certificate": frozenset({"CN"}),
}
_MARKET_NAMES = {"rec": "the US or Canada", "go": "the EU/EEA, GB or CH", "green_certificate": "China (GEC 绿证)"}
_FIX = 'or write accept: "<reason>" on it to apply it anyway (the reason goes into the ledger)'


def check_criteria(
    cfg: SiteConfig, period: Period, seen: dict[str, str]
) -> tuple[list[tuple[Instrument, bool]], list[Notice]]:
    """Hold the site's instruments to the GHG Protocol Scope 2 Quality Criteria (Scope 2 Guidance
    (2015) 7.4, Table 7.1): the type fits the site's market (:data:`MARKETS`; ``market:`` must be
    the site's country), the vintage (``period:``) lies inside the reporting ``period`` widened by
    ``vintage_window_months``, and the id is unique in the run (``seen``: ids so far, folded, to
    where they were given). An instrument that fails is not applied, with a warning, unless it
    carries ``accept:``; ``accept:`` on one that passes is dropped with an info notice.

    :returns: each instrument (in YAML order) with whether it is applied; the notices. A
        certificate whose vintage reaches outside the period but is allowed covers the period.
    :raises ConfigError: an id already given to another instrument, naming both.
    """
    site = cfg.site.id
    checked: list[tuple[Instrument, bool]] = []
    notices: list[Notice] = []
    for index, instrument in enumerate(cfg.instruments):
        label = f"instruments[{index}] ({instrument.type}{' ' + instrument.id if instrument.id else ''})"
        if instrument.id is None:
            notices.append(Notice("info", site, f"{label} cannot be traced: give id: the certificate's serial number"))
        else:
            where = f"{cfg.source}: instruments[{index}].id"
            folded = instrument.id.casefold()
            if folded in seen:
                raise ConfigError(
                    f"'{instrument.id}' is also the id of {seen[folded]}: the same certificate counted twice",
                    where=where,
                    fix="Give each instrument its own id (the certificate's serial number), or remove the duplicate",
                )
            seen[folded] = where
        problem = _market_problem(instrument, cfg.site.region) or _vintage_problem(instrument, period)
        outside = instrument.period is not None and not _inside(instrument.period, period, 0)
        if problem is None:
            if instrument.accept is not None:
                notices.append(Notice("info", site, f"{label} meets the Scope 2 Quality Criteria: drop accept:"))
                instrument = instrument.model_copy(update={"accept": None})
        elif instrument.accept is None:
            notices.append(
                Notice(
                    "warning",
                    site,
                    f"{label} not applied (GHG Protocol Scope 2 Quality Criteria): {problem}{_FIX}; "
                    f"its {instrument.activity} takes the market-based grid factor",
                )
            )
            checked.append((instrument, False))
            continue
        else:
            notices.append(
                Notice(
                    "info",
                    site,
                    f"{label} applied outside the Scope 2 Quality Criteria ({problem.split(';')[0]}), "
                    f'accepted in the YAML: "{instrument.accept}"',
                )
            )
        if outside and instrument.type != "supplier_factor":
            # Its vintage was allowed for this reporting period: it covers the period's consumption.
            instrument = instrument.model_copy(update={"period": period})
        checked.append((instrument, True))
    return checked, notices


def _market_problem(instrument: Instrument, region: str) -> str | None:
    """Why the instrument's market is not the site's (``...; `` ending, for the fix), or None."""
    country = factors.country_of(region)
    allowed = MARKETS.get(instrument.type)
    stated = None
    if instrument.market is not None:
        stated = factors.country_of(instrument.market) or factors.canonical_region(instrument.market)
    if allowed is None and stated is None:
        return None
    if country is None:
        return (
            f"the site's region '{region}' lies in no country of the factor database, so its market cannot be "
            "checked; give the site's region as a known code, "
        )
    if allowed is not None and country not in allowed:
        return (
            f"a {instrument.type} is valid in {_MARKET_NAMES[instrument.type]}, the site is in {country} "
            "(market boundary); use an instrument of the site's market, "
        )
    if stated is not None and stated != country:
        return (
            f"market: {instrument.market} is not the site's country {country} (market boundary); "
            "use an instrument issued in the site's market, "
        )
    return None


def _vintage_problem(instrument: Instrument, period: Period) -> str | None:
    """Why a certificate's vintage (``period:``) does not fit the reporting period, or None.

    Supplier factors are rates, not quantities: they apply to the days of their period."""
    vintage, window = instrument.period, instrument.vintage_window_months
    if vintage is None or instrument.type == "supplier_factor" or _inside(vintage, period, window):
        return None
    return (
        f"its period {vintage.start}..{vintage.end} reaches outside the reporting period "
        f"{period.start}..{period.end}{f' widened by {window} months' if window else ''} (vintage); give "
        "the period of the certificates bought for this period only (the rest in another instrument), "
        "widen vintage_window_months:, "
    )


def _inside(vintage: Period, period: Period, months: int) -> bool:
    """Whether ``vintage`` lies inside ``period`` widened by ``months`` on each side."""
    return _months_later(period.start, -months) <= vintage.start and vintage.end <= _months_later(period.end, months)


def _months_later(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (a month's last day stays its month's last day)."""
    if months == 0:
        return day
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    is_last = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month + 1, last if is_last else min(day.day, last))
