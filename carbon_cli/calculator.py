"""Calculator: month slices + factors -> the emissions ledger.

The ledger is the single source of truth: one row per bill slice, Scope 2 method, instrument
part and gas. Every total anywhere is a sum of it, taken from the *facts* (:data:`FACT_COLUMNS`):
the same parts summed per site, month, factor and instrument part before the multiplication,
so that a million bills need no four-million-row ledger unless it is asked for.

Pure functions over DataFrames: no I/O, no printing. Factor choice runs once per distinct
(activity, region, year, unit, method), never per bill row; the arithmetic is whole columns.

Accounting (GHG Protocol Corporate Standard; Scope 2 Guidance 2015):

* Scope 1 activities (fuels burnt on site) get one view, ``scope1``.
* Scope 2 activities (purchased electricity, heat) get two views of the same consumption,
  ``scope2_location`` (grid-average factors) and ``scope2_market`` (contractual instruments
  first, then a supplier factor, then a residual-mix factor, else the grid factor, flagged).
  A grand total uses one of the two views, never both.
* Scope 3 memo lines (``scope3``: transmission and distribution losses of purchased
  electricity, GHG Protocol Scope 3 category 3) get one view and are never part of Scope 1 or 2.
* t CO2e = quantity x factor (t gas per unit) x GWP100 of the gas.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import arrays, factors, units
from .config import Instrument
from .errors import ConfigError, InputDataError

if TYPE_CHECKING:
    import pandas as pd

LEDGER_COLUMNS = [
    "site",
    "region",
    "meter",
    "activity",
    "scope",
    "month",
    "year",
    "slice_start",
    "slice_end",
    "days",
    "quantity",
    "unit",
    "estimated",
    "source_file",
    "source_row",
    "bill_id",
    "bill_quantity",
    "bill_unit",
    "part",
    "gas",
    "factor_id",
    "factor_value",
    "factor_unit",
    "factor_region",
    "factor_year",
    "conversion_id",
    "t_per_unit",
    "t_gas",
    "gwp",
    "t_co2e",
    "fallback",
    "citation",
]
CERTIFICATES = ("green_certificate", "rec", "go", "ppa")


@dataclass(frozen=True)
class Notice:
    """A message for the user that is part of the result (JSON ``notices``), not a print."""

    level: str  # "info" or "warning"
    site: str
    message: str


def resolve(requests: pd.DataFrame, table: pd.DataFrame, props: pd.DataFrame) -> pd.DataFrame:
    """Pick factors for each distinct request and express them per unit of the bill quantity.

    :param requests: distinct rows of ``activity, region, year, unit, method``.
    :param table: the emission-factor table (shipped, possibly with user rows).
    :param props: fuel properties (calorific values, densities).
    :returns: one row per request and gas with ``factor_id, factor_value, factor_unit,
        factor_region, factor_year, conversion_id, t_per_unit, fallback, citation``.
    :raises InputDataError: a request has no factor in any region of its chain.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    # Plain rows grouped by activity once: each request then chooses among a few in Python.
    factor_rows, property_rows = factors.by_activity(table), factors.by_activity(props)
    for request in requests.drop_duplicates().to_dict("records"):
        chain, region_note = factors.region_chain(request["region"])
        year = int(request["year"])
        chosen = factors.select_gases(factor_rows, request["activity"], chain, year, request["method"])
        if not chosen:
            raise InputDataError(
                f"no emission factor for {request['activity']} in region {request['region']} "
                f"(tried {', '.join(chain)})",
                fix="Add one to the site YAML or a factor file; see factors/README.md",
            )
        for gas, choice in chosen.items():
            numerator, denominator = units.ratio(choice.row["unit"])
            amount, conversions = factors.amount_in(
                request["unit"],
                denominator,
                request["activity"],
                chain,
                year,
                property_rows,
                basis=str(choice.row.get("basis") or ""),
                factor_id=choice.row["id"],
            )
            t_per_unit = float(choice.row["value"]) * float(numerator.to("t").magnitude) * amount
            # An unknown region's note matters only when a factor of another region was used.
            notes = [region_note] if region_note and choice.row["region"] != chain[0] else []
            notes += choice.fallbacks
            notes += [f"{c.row['property']}: {n}" for c in conversions for n in c.fallbacks]
            rows.append(
                {
                    **request,
                    "gas": gas,
                    "factor_id": choice.row["id"],
                    "factor_value": float(choice.row["value"]),
                    "factor_unit": choice.row["unit"],
                    "factor_region": choice.row["region"],
                    "factor_year": int(choice.row["year_from"]),
                    "conversion_id": " + ".join(c.row["id"] for c in conversions),
                    "t_per_unit": t_per_unit,
                    "fallback": "; ".join(notes),
                    "citation": choice.row["citation"],
                }
            )
    return pd.DataFrame(rows)


#: Columns of a month slice that the ledger carries, gathered once at the end.
SLICE_COLUMNS = [
    "site",
    "region",
    "meter",
    "activity",
    "month",
    "year",
    "slice_start",
    "slice_end",
    "days",
    "unit",
    "estimated",
    "source_file",
    "source_row",
    "bill_quantity",
    "bill_unit",
]
FACTOR_COLUMNS = [
    "gas",
    "factor_id",
    "factor_value",
    "factor_unit",
    "factor_region",
    "factor_year",
    "conversion_id",
    "t_per_unit",
    "fallback",
    "citation",
    "gwp",
]
#: The ledger summed over the bills of a site, month, factor and instrument part: what every
#: total and breakdown is built from. ``counted`` is the quantity on the first gas row of each
#: part only, so that a sum over gases counts the consumption once.
FACT_COLUMNS = [
    "site",
    "region",
    "activity",
    "scope",
    "month",
    "year",
    "unit",
    "part",
    *FACTOR_COLUMNS,
    "quantity",
    "counted",
    "t_gas",
    "t_co2e",
]
#: Columns of few distinct values, stored as pandas categories.
CATEGORICAL = (
    "site",
    "region",
    "meter",
    "activity",
    "month",
    "unit",
    "source_file",
    "bill_unit",
    "gas",
    "factor_id",
    "factor_unit",
    "factor_region",
    "scope",
    "citation",
    "fallback",
    "conversion_id",
)
LOCATION, MARKET = 0, 1  # the two views of a slice; Scope 1 slices only have the first


@dataclass(frozen=True)
class Calculation:
    """Month slices, the parts each is split into and the factor rows they use.

    The work runs on integers (slice row, view, instrument part, factor key); text is gathered
    only for what is asked: :attr:`facts` (built at once, small) and :meth:`ledger` (one row per
    slice part and gas: millions of rows for a big portfolio, so built only on demand).
    """

    #: Month slices (:func:`carbon_cli.calendar.split_by_month`) with ``region`` and ``scope``.
    slices: pd.DataFrame
    #: ``row`` (slice), ``view``, ``part`` (instrument number, -1 for the rest), ``key``
    #: (factor request) and ``quantity``.
    parts: pd.DataFrame
    #: :data:`FACTOR_COLUMNS` plus ``activity``, ``key`` and ``view``: the resolved factors
    #: first, then one row per instrument.
    factor_table: pd.DataFrame
    resolved: int
    labels: list[str]
    facts: pd.DataFrame
    notices: list[Notice]
    #: The bills the slices came from (``bill_id`` is their row), for the bill columns the
    #: slices do not carry; None when the slices carry them all.
    bills: pd.DataFrame | None = None

    def ledger(self) -> pd.DataFrame:
        """The full audit trail: :data:`LEDGER_COLUMNS` plus ``counted``, one row per slice part and gas."""
        import pandas as pd

        if not len(self.parts):
            return pd.DataFrame(columns=[*LEDGER_COLUMNS, "counted"])
        lean = _by_gas(self.parts, self.factor_table, self.resolved)
        rows = lean["row"].to_numpy()
        base = self.slices
        looked_up = [c for c in SLICE_COLUMNS if c not in base]
        if looked_up and self.bills is not None:
            from_bills = self.bills[looked_up].take(base["bill_id"].to_numpy()).reset_index(drop=True)
            base = pd.concat([base.reset_index(drop=True), from_bills], axis=1)
        slim = base[SLICE_COLUMNS].astype({c: "category" for c in CATEGORICAL if c in SLICE_COLUMNS})
        out = slim.take(rows).reset_index(drop=True)
        bill_ids = base["site"].astype("str") + "#" + base["bill_id"].astype("str")
        out["bill_id"] = pd.Categorical(bill_ids.to_numpy())[rows] if len(base) else bill_ids
        out = _with_factors(out, lean, base["scope"].take(rows).to_numpy(), self.factor_table, self.labels)
        out["counted"] = lean["counted"].to_numpy()
        return out[[*LEDGER_COLUMNS, "counted"]].astype({c: "category" for c in CATEGORICAL})


def calculate(
    slices: pd.DataFrame,
    *,
    gwp_set: str,
    instruments: Sequence[tuple[str, Instrument]] = (),
    table: pd.DataFrame | None = None,
    props: pd.DataFrame | None = None,
    bills: pd.DataFrame | None = None,
) -> Calculation:
    """Resolve the factors of month slices, split Scope 2 by instrument and sum the facts.

    :param slices: output of :func:`carbon_cli.calendar.split_by_month`, with ``region`` and
        ``scope`` columns added.
    :param gwp_set: ``AR4``, ``AR5`` or ``AR6``.
    :param instruments: (site id, instrument) pairs for market-based Scope 2, in YAML order.
    :param table: the emission-factor table (default: the shipped one).
    :param props: fuel properties (default: the shipped ones).
    :param bills: the bills the slices came from, when the slices do not carry every bill
        column the ledger shows (see ``carry`` of :func:`carbon_cli.calendar.split_by_month`).
    :raises InputDataError: a slice has no factor, or a gas no GWP.
    """
    import numpy as np
    import pandas as pd

    table = factors.emission_factors() if table is None else table
    props = factors.properties() if props is None else props
    labels = ["", *(f"instrument:{i}" for i in range(len(instruments)))]
    base = slices.reset_index(drop=True)
    if not len(base):
        empty_parts = pd.DataFrame({"row": [], "view": [], "part": [], "key": [], "quantity": []}, dtype="int64")
        return Calculation(
            base,
            empty_parts.astype({"quantity": "float64"}),
            _describe_instruments(instruments),
            0,
            labels,
            pd.DataFrame(columns=FACT_COLUMNS).astype({"t_co2e": "float64"}),
            [],
            bills,
        )
    scope2 = (base["scope"] == "scope2").to_numpy()
    rows = np.arange(len(base))

    # Parts: every slice once in its first view; Scope 2 slices again, split by instrument.
    location = pd.DataFrame({"row": rows, "view": LOCATION, "part": -1, "quantity": base["quantity"].to_numpy()})
    market, notices = allocate_instruments(base, scope2, instruments)
    parts = pd.concat([location, market], ignore_index=True)

    # Factors: one resolution per distinct (activity, region, year, unit) and view.
    key_columns = ["activity", "region", "year", "unit"]
    years = base["year"].to_numpy("int64")
    key = arrays.group_ids(
        [
            arrays.codes(base["activity"])[0],
            arrays.codes(base["region"])[0],
            years - years.min(),
            arrays.codes(base["unit"])[0],
        ]
    )
    parts["key"] = key[parts["row"].to_numpy()]
    rest = parts["part"].to_numpy() < 0
    pairs = np.unique(parts["key"].to_numpy()[rest] * 2 + parts["view"].to_numpy()[rest])
    wanted = pd.DataFrame({"key": pairs // 2, "view": pairs % 2})
    first_row = np.empty(int(key.max()) + 1, dtype=np.int64)
    first_row[key[::-1]] = rows[::-1]  # each key's first slice
    requests = base.loc[first_row, key_columns].astype({c: "str" for c in ("activity", "region", "unit")})
    requests = requests.assign(key=np.arange(len(first_row))).merge(wanted, on="key")
    requests["method"] = np.where(requests["view"] == MARKET, "market", "location")
    resolved = resolve(requests.drop(columns=["key", "view"]), table, props).merge(
        requests, on=[*key_columns, "method"], how="left", validate="many_to_one"
    )
    described = _describe_instruments(instruments)
    factor_table = pd.concat([resolved, described], ignore_index=True).astype(
        {"factor_value": "float64", "t_per_unit": "float64", "factor_year": "int64"}
    )
    factor_table["gwp"] = _gwp(factor_table, gwp_set)
    facts = _facts(base, parts, factor_table, len(resolved), labels)
    return Calculation(
        base, parts, factor_table, len(resolved), labels, facts, notices + _fallback_notices(facts), bills
    )


def _facts(
    base: pd.DataFrame, parts: pd.DataFrame, factor_table: pd.DataFrame, resolved: int, labels: list[str]
) -> pd.DataFrame:
    """The parts summed per site, month, factor key, view and instrument part, then one row per gas.

    Emissions are quantity x factor, so summing the quantities of a group before multiplying
    gives the ledger's sums (to float rounding) from a table thousands of times shorter.
    """
    import numpy as np

    rows = parts["row"].to_numpy()
    site, month = arrays.codes(base["site"])[0], arrays.codes(base["month"])[0]
    group = arrays.group_ids(
        [site[rows], month[rows], parts["key"].to_numpy(), parts["view"].to_numpy(), parts["part"].to_numpy() + 1]
    )
    count = int(group.max()) + 1
    first = np.empty(count, dtype=np.int64)
    first[group[::-1]] = np.arange(len(group))[::-1]  # each group's first part
    summed = parts.take(first).reset_index(drop=True)
    summed["quantity"] = np.bincount(group, weights=parts["quantity"].to_numpy("float64"), minlength=count)
    lean = _by_gas(summed, factor_table, resolved)
    picked = lean["row"].to_numpy()
    out = base[["site", "region", "activity", "month", "year", "unit"]].take(picked).reset_index(drop=True)
    out = _with_factors(out, lean, base["scope"].take(picked).to_numpy(), factor_table, labels)
    out["counted"] = lean["counted"].to_numpy()
    return out[FACT_COLUMNS]


def _with_factors(
    out: pd.DataFrame, lean: pd.DataFrame, own_scope: Any, factor_table: pd.DataFrame, labels: list[str]
) -> pd.DataFrame:
    """Add the factor columns, scope view, part label, quantity and emissions of ``lean`` rows."""
    import numpy as np
    import pandas as pd

    texts = factor_table[FACTOR_COLUMNS].astype({c: "category" for c in ("citation", "fallback", "conversion_id")})
    out[FACTOR_COLUMNS] = texts.take(lean["factor_row"].to_numpy()).reset_index(drop=True)
    view = lean["view"].to_numpy()
    out["scope"] = np.where(
        view == MARKET, "scope2_market", np.where(own_scope == "scope2", "scope2_location", own_scope)
    )
    part = lean["part"].to_numpy()
    out["part"] = pd.Categorical.from_codes(part + 1, labels)
    # An instrument's factor belongs to the market of the site that holds it.
    out["factor_region"] = out["factor_region"].astype("str").where(part < 0, out["region"].astype("str"))
    out["quantity"] = lean["quantity"].to_numpy()
    out["t_gas"] = out["quantity"] * out["t_per_unit"]
    out["t_co2e"] = out["t_gas"] * out["gwp"]
    return out


def _by_gas(parts: pd.DataFrame, factor_table: pd.DataFrame, resolved: int) -> pd.DataFrame:
    """One row per part and gas, with ``factor_row`` and ``counted`` (the quantity on the first gas only)."""
    import numpy as np
    import pandas as pd

    parts = parts.assign(part_id=np.arange(len(parts)))
    keyed = factor_table.iloc[:resolved][["key", "view"]].astype("int64").assign(factor_row=np.arange(resolved))
    by_gas = parts[parts["part"] < 0].merge(keyed, on=["key", "view"])
    covered = parts[parts["part"] >= 0]
    covered = covered.assign(factor_row=resolved + covered["part"].to_numpy())
    lean = pd.concat([by_gas, covered], ignore_index=True)
    once = ~lean["part_id"].duplicated().to_numpy()
    lean["counted"] = np.where(once, lean["quantity"].to_numpy(), 0.0)
    return lean


def _gwp(factor_table: pd.DataFrame, gwp_set: str) -> pd.Series:
    """GWP100 for each factor row, by its gas and its activity's origin (fossil or not)."""
    import pandas as pd

    gwps = factors.gwp_values(gwp_set)
    origins = {name: row["origin"] or "fossil" for name, row in factors.activities().items()}
    keys = pd.MultiIndex.from_arrays([factor_table["gas"], factor_table["activity"].map(origins)])
    values = pd.Series({key: value for key, (value, _) in gwps.items()}).reindex(keys).to_numpy()
    if pd.isna(values).any():
        missing = sorted(set(factor_table.loc[pd.isna(values), "gas"]))
        raise InputDataError(
            f"no GWP for {', '.join(missing)} in {gwp_set}", where="factors/gwp.csv", fix="Add the gas to the GWP table"
        )
    return pd.Series(values, index=factor_table.index)


def allocate_instruments(
    slices: pd.DataFrame,
    scope2: Any,
    instruments: Sequence[tuple[str, Instrument]],
) -> tuple[pd.DataFrame, list[Notice]]:
    """Split Scope 2 slices into the parts covered by each instrument and the uncovered rest.

    Each certificate (green certificate, REC, GO, PPA) covers consumption of its site and
    activity inside its period, pro rata over the slices still uncovered, and never more than
    was consumed (Scope 2 Guidance 7.4: instruments cannot make emissions negative); any
    excess is reported, not carried. A supplier factor then applies to what remains in its
    period. What still remains takes the residual-mix (market) factor.

    :param slices: all month slices; ``scope2`` marks the Scope 2 ones.
    :returns: market parts (``row``, ``view``, ``part`` = instrument number or -1 for the
        rest, ``quantity``) and notices.
    """
    import numpy as np
    import pandas as pd

    rows = np.flatnonzero(scope2)
    quantity = slices["quantity"].to_numpy("float64")[rows]
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
        owner, instrument = instruments[index]
        label = f"{_label(instruments, index)} ({instrument.type}{' ' + instrument.id if instrument.id else ''})"
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


def _label(instruments: Sequence[tuple[str, Instrument]], index: int) -> str:
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


def _describe_instruments(instruments: Sequence[tuple[str, Instrument]]) -> pd.DataFrame:
    """One factor row per instrument: its own value and unit (certificates: 0), in CO2e."""
    import pandas as pd

    rows = []
    for index, (owner, instrument) in enumerate(instruments):
        name = f"{instrument.type}{' ' + instrument.id if instrument.id else ''}"
        row = {
            "activity": instrument.activity,
            "gas": "CO2e",
            "factor_id": f"site:{owner}:{_label(instruments, index)}",
            "factor_value": 0.0,
            "factor_unit": "t/MWh",
            "t_per_unit": 0.0,
            "factor_region": "",
            "factor_year": instrument.period.start.year if instrument.period else 0,
            "conversion_id": "",
            "fallback": "",
            "citation": f"contractual instrument: {name} (site YAML)",
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


def _fallback_notices(facts: pd.DataFrame) -> list[Notice]:
    """One notice per site, scope view, activity and distinct fallback, naming the gases concerned."""
    used = facts.loc[facts["fallback"].astype("str") != "", ["site", "scope", "activity", "fallback", "gas"]]
    if not len(used):
        return []
    used = used.drop_duplicates().astype("str")
    grouped = used.groupby(["site", "scope", "activity", "fallback"], sort=True)["gas"].agg(
        lambda gases: ", ".join(sorted(set(gases)))
    )
    return [
        Notice(
            "warning" if "not in the factor database" in note or "an approximation" in note else "info",
            site,
            f"{activity} {gases} ({scope}): {note}",
        )
        for (site, scope, activity, note), gases in grouped.items()
    ]
