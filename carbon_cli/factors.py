"""Factors: the shipped factor database and the rule that picks a factor for a bill slice.

The data lives in ``factors/`` as CSV files with one citation per row (see factors/README.md).
Nothing is read at import time; each table is loaded once, on first use.

Selection (per activity and gas):

* region: most specific first, following ``regions.csv`` parents
  (province -> grid region -> country -> GLOBAL; a US state -> its eGRID subregion -> US);
  a region may be written as its code or an alias (``CAMX`` for ``US-EGRID-CAMX``, ``UK`` for ``GB``);
* year: the slice's year inside [year_from, year_to]; else the nearest earlier edition;
  else the earliest later one;
* every step away from the exact region and year is written down as a fallback note, which
  lands in the ledger and in the notices;
* a calorific basis is never mixed: a factor per gross (GCV/HHV) energy is only reached through
  gross calorific values, a net (NCV) one only through net values, and a fuel billed in energy
  units must be billed on the basis of its country's factors (``energy_basis`` in regions.csv).

Factor sets are listed in ``factor_sets.csv``: the default ones are always loaded; the others
(China's ETS national factor, IPCC manufacturing-sector CH4/N2O) are opt-in and replace the
default rows they cover (:func:`factor_table`).
"""

from __future__ import annotations

import csv
import functools
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

from . import units
from .errors import ConfigError, InputDataError

if TYPE_CHECKING:
    import pandas as pd

GLOBAL = "GLOBAL"

#: Calorific bases of a factor or property: net (lower) and gross (higher heating value).
BASES = ("NCV", "GCV")

FACTOR_COLUMNS = (
    "id",
    "activity",
    "region",
    "year_from",
    "year_to",
    "gas",
    "value",
    "unit",
    "method",
    "basis",
    "publisher",
    "document",
    "edition",
    "table",
    "evidence",
    "note",
)


def factors_root() -> Traversable:
    """The folder holding the factor files: inside the wheel, or the repo's ``factors/``."""
    packaged = resources.files("carbon_cli") / "factors"
    if packaged.is_dir():
        return packaged
    return resources.files("carbon_cli").joinpath("..", "factors")  # editable install


def _read(name: str) -> pd.DataFrame:
    import pandas as pd

    with (factors_root() / name).open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def citation(row: Mapping[str, Any]) -> str:
    """One line naming publisher, document, edition and table of a factor row."""
    parts = [str(row.get(key) or "").strip() for key in ("publisher", "document", "edition", "table")]
    return ", ".join(part for part in parts if part)


@functools.cache
def factor_sets() -> dict[str, dict[str, str]]:
    """The factor sets of ``factor_sets.csv`` by name: file, default (yes/no), replaces, description."""
    with (factors_root() / "factor_sets.csv").open(encoding="utf-8") as handle:
        return {row["set"]: row for row in csv.DictReader(handle)}


def optional_sets() -> list[str]:
    """Names of the sets a site or the command line may opt into (``factor_sets:``, ``--factor-set``)."""
    return [name for name, row in factor_sets().items() if row["default"] != "yes"]


@functools.cache
def emission_factors() -> pd.DataFrame:
    """All default emission factors, one row per factor and gas, with a ``citation`` column."""
    import pandas as pd

    files = [row["file"] for row in factor_sets().values() if row["default"] == "yes"]
    table = pd.concat([_read(name) for name in files], ignore_index=True)
    return _prepare(table, "factors")


@functools.cache
def factor_table(sets: tuple[str, ...] = ()) -> pd.DataFrame:
    """The default factors with the opt-in ``sets`` applied, in the order given.

    An opt-in set replaces the default rows with the same activity, gas and method: in the
    region of each of its rows and every region below it (``replaces: subtree``, e.g. China's
    ETS national factor replaces provincial and grid factors too), or in that region only
    (``replaces: region``, e.g. IPCC Table 2.3 replacing Table 2.4 at GLOBAL).

    :raises ConfigError: a set name is unknown or is a default set.
    """
    import pandas as pd

    table = emission_factors()
    known = factor_sets()
    for name in sets:
        row = known.get(name)
        if row is None or row["default"] == "yes":
            raise ConfigError(
                f"unknown factor set '{name}'",
                fix=f"Use one of: {', '.join(optional_sets())} (see `carbon factors sets`)",
            )
        extra = _prepare(_read(row["file"]), row["file"])
        drop = pd.Series(False, index=table.index)
        for (activity, gas, method), regions_ in extra.groupby(["activity", "gas", "method"])["region"]:
            same = (table["activity"] == activity) & (table["gas"] == gas) & (table["method"] == method)
            if row["replaces"] == "subtree":
                covered = table["region"].map(lambda code, tops=set(regions_): bool(tops & set(region_chain(code)[0])))
            else:
                covered = table["region"].isin(set(regions_))
            drop |= same & covered
        table = pd.concat([table[~drop], extra], ignore_index=True)
    return table


def _prepare(table: pd.DataFrame, where: str) -> pd.DataFrame:
    import pandas as pd

    table = table.copy()
    for column in ("id", "activity", "region", "gas", "method", "unit"):
        table[column] = table[column].astype(str).str.strip()
    table["region"] = table["region"].str.upper()
    table["value"] = pd.to_numeric(table["value"], errors="raise")
    table["year_from"] = pd.to_numeric(table["year_from"], errors="raise").astype("int64")
    table["year_to"] = pd.to_numeric(table["year_to"].replace("", None), errors="raise").astype("Float64")
    table["citation"] = [citation(row) for row in table.to_dict("records")]
    duplicated = table["id"].duplicated()
    if duplicated.any():
        raise InputDataError(
            f"duplicate factor id '{table.loc[duplicated, 'id'].iloc[0]}'",
            where=where,
            fix="Give every factor row its own id",
        )
    return table


@functools.cache
def properties() -> pd.DataFrame:
    """Fuel properties (net calorific values, densities) used to reach a factor's unit."""
    return _prepare(_read("properties.csv").assign(gas="", method=""), "properties.csv")


@functools.cache
def gwp_table() -> pd.DataFrame:
    """Global warming potentials (100-year) by set, gas and origin."""
    import pandas as pd

    table = _read("gwp.csv")
    table["value"] = pd.to_numeric(table["value"])
    table["citation"] = [citation(row) for row in table.to_dict("records")]
    return table


@functools.cache
def region_table() -> dict[str, dict[str, str]]:
    """Each region of ``regions.csv`` by code: name, parent, kind, aliases, energy_basis, note."""
    with (factors_root() / "regions.csv").open(encoding="utf-8") as handle:
        return {row["code"].strip().upper(): row for row in csv.DictReader(handle)}


@functools.cache
def regions() -> dict[str, str]:
    """Map each known region code to its parent code ("" for GLOBAL)."""
    return {code: row["parent"].strip().upper() for code, row in region_table().items()}


@functools.cache
def region_aliases() -> dict[str, str]:
    """Other accepted spellings of region codes: ``CAMX`` -> ``US-EGRID-CAMX``, ``UK`` -> ``GB``, ``华中``."""
    names: dict[str, str] = {}
    for code, row in region_table().items():
        for alias in filter(None, (a.strip() for a in (row.get("aliases") or "").split(";"))):
            names[alias.upper()] = code
    return names


def canonical_region(code: str) -> str:
    """The region code for a code or alias as a site writes it (case and width folded)."""
    text = unicodedata.normalize("NFKC", str(code)).strip().upper()
    return text if text in regions() else region_aliases().get(text, text)


def energy_basis(chain: list[str]) -> str:
    """The calorific basis of fuel energy on bills in the chain's country (``NCV``, ``GCV`` or "")."""
    table = region_table()
    for code in chain:
        basis = (table.get(code) or {}).get("energy_basis", "")
        if basis:
            return basis
    return ""


@functools.cache
def activities() -> dict[str, dict[str, str]]:
    """The activities carbon knows, keyed by name: scope, label, canonical unit, origin."""
    with (factors_root() / "activities.csv").open(encoding="utf-8") as handle:
        return {row["activity"]: row for row in csv.DictReader(handle)}


def billable(table: Mapping[str, Mapping[str, str]] | None = None) -> set[str]:
    """The activities a bill may have: Scope 1 and 2 ones. Derived ones (T&D losses, Scope 3)
    are calculated from others, never billed."""
    table = activities() if table is None else table
    return {name for name, row in table.items() if row["scope"] in ("scope1", "scope2")}


@functools.cache
def activity_aliases() -> dict[str, str]:
    """Every accepted spelling of an activity (name, Chinese and English aliases) -> name."""
    names: dict[str, str] = {}
    for name, row in activities().items():
        names[name] = name
        for alias in filter(None, (a.strip() for a in row["aliases"].split(";"))):
            names[alias] = name
    return names


def region_chain(code: str) -> tuple[list[str], str | None]:
    """The regions to try for ``code``, most specific first, and a note when it is unknown.

    >>> region_chain("CN-CQ")[0]  # doctest: +SKIP
    ['CN-CQ', 'CN-GRID-CC', 'CN', 'GLOBAL']
    """
    known = regions()
    code = canonical_region(code)
    chain: list[str] = []
    note = None
    if code not in known:
        country = code.split("-")[0]
        if country in known:
            note = f"region '{code}' is not in the factor database; using its country '{country}'"
            chain.append(code)
            code = country
        else:
            note = f"region '{code}' is not in the factor database; only global defaults apply"
            chain.append(code)
            code = GLOBAL
    while code and code not in chain:
        chain.append(code)
        code = known.get(code, "")
    if GLOBAL not in chain:
        chain.append(GLOBAL)
    return chain, note


@dataclass(frozen=True)
class Choice:
    """A picked table row and the fallback steps taken to reach it (empty when exact)."""

    row: dict[str, Any]
    fallbacks: tuple[str, ...]


def _records(rows: pd.DataFrame | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Factor rows as plain dicts: choosing among a handful of rows is cheaper in Python than in pandas."""
    return rows if isinstance(rows, list) else rows.to_dict("records")


def _year_to(row: Mapping[str, Any]) -> float:
    value = row.get("year_to")
    return math.inf if value is None or value == "" or value != value else float(value)


def _pick_year(rows: pd.DataFrame | list[dict[str, Any]], year: int) -> tuple[dict[str, Any], str | None]:
    records = _records(rows)
    exact = [r for r in records if r["year_from"] <= year and _year_to(r) >= year]
    if exact:
        # The latest edition; among editions of the same year_from, the narrower range (a stable
        # sort: on a full tie the later row wins).
        return sorted(exact, key=lambda r: (r["year_from"], -_year_to(r)))[-1], None
    earlier = [r for r in records if r["year_from"] <= year]
    if earlier:
        row = sorted(earlier, key=lambda r: r["year_from"])[-1]
        return row, f"no {year} edition, used the latest earlier one ({row['year_from']})"
    row = sorted(records, key=lambda r: r["year_from"])[0]
    return row, f"no edition for {year} or earlier, used the earliest one ({row['year_from']})"


def pick(rows: pd.DataFrame | list[dict[str, Any]], chain: list[str], year: int) -> Choice | None:
    """Pick the row for the most specific region in ``chain`` and the best year, or None."""
    records = _records(rows)
    for depth, region in enumerate(chain):
        here = [r for r in records if r["region"] == region]
        if here:
            row, year_note = _pick_year(here, year)
            notes = []
            if depth:
                notes.append(_step_note(chain[0], region))
            if year_note:
                notes.append(year_note)
            return Choice(row, tuple(notes))
    return None


def _step_note(start: str, used: str) -> str:
    """The fallback note for using ``used`` instead of ``start``; says so when it is an approximation."""
    note = f"no {start} value, used {used}"
    table = region_table()
    if (table.get(start) or {}).get("kind") == "state" and (table.get(used) or {}).get("kind") == "grid":
        alias = ((table[used].get("aliases") or "").split(";") or [used])[0] or used
        note += (
            f" (an approximation: {used} is the eGRID subregion serving most of {start}, but subregions "
            f"follow utility areas, not state borders; set site.region to the site's own subregion, "
            f"e.g. {alias}, as EPA Power Profiler gives it)"
        )
    return note


def select_gases(
    table: pd.DataFrame | ByActivity, activity: str, chain: list[str], year: int, method: str
) -> dict[str, Choice]:
    """Choose one factor per gas for an activity, region chain, year and Scope 2 method.

    ``method`` is ``location`` or ``market``. Market looks for market-method rows (residual
    mix) along the whole chain first and falls back to location rows, with a note. A region
    that publishes CO2e covers every gas; per-gas rows from a less specific region are then
    not added on top (that would count CH4 and N2O twice).
    """
    return _select(_rows_of(table, activity, chain), chain, year, method)


#: A factor or property table as plain rows grouped by activity (see :func:`by_activity`).
ByActivity = Mapping[str, list[dict[str, Any]]]


def by_activity(table: pd.DataFrame) -> ByActivity:
    """A factor or property table as plain rows grouped by activity: for choosing among them for
    many requests (:func:`select_gases`, :func:`amount_in`) without a pandas filter each time."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in table.to_dict("records"):
        grouped.setdefault(row["activity"], []).append(row)
    return grouped


def _rows_of(table: pd.DataFrame | ByActivity, activity: str, chain: list[str]) -> list[dict[str, Any]]:
    """The rows of an activity in the chain's regions: only those can be picked."""
    if isinstance(table, Mapping):
        regions = set(chain)
        return [row for row in table.get(activity, ()) if row["region"] in regions]
    return table[(table["activity"] == activity) & table["region"].isin(chain)].to_dict("records")


def _text(value: Any) -> str:
    """A cell as text, "" when empty (None or NaN)."""
    return "" if value is None or value != value else str(value)


def _select(rows: list[dict[str, Any]], chain: list[str], year: int, method: str) -> dict[str, Choice]:
    if method == "market":
        market = [{**r, "method": ""} for r in rows if r["method"] == "market"]
        if market:
            return _select(market, chain, year, "location")
        note = "no residual-mix (market) factor, used the location-based factor"
        return {gas: Choice(c.row, (note, *c.fallbacks)) for gas, c in _select(rows, chain, year, "location").items()}
    rows = [r for r in rows if r["method"] in ("location", "")]
    chosen: dict[str, Choice] = {}
    for region in chain:
        here = [r for r in rows if r["region"] == region]
        if not here:
            continue
        gases = {r["gas"] for r in here}
        if "CO2e" in gases and not chosen:
            choice = pick([r for r in here if r["gas"] == "CO2e"], chain, year)
            assert choice is not None
            return {"CO2e": choice}
        for gas in sorted(gases - set(chosen) - {"CO2e"}):
            choice = pick([r for r in rows if r["gas"] == gas], chain, year)
            if choice is not None:
                chosen[gas] = choice
    return chosen


def amount_in(
    quantity_unit: str,
    denominator: Any,
    activity: str,
    chain: list[str],
    year: int,
    props: pd.DataFrame | ByActivity,
    *,
    basis: str = "",
    factor_id: str = "",
) -> tuple[float, list[Choice]]:
    """How many factor denominators one ``quantity_unit`` of this activity is.

    Uses pint when the dimensions agree (kWh into MWh), else up to two fuel properties from
    ``props``: a calorific value takes m3 or t into TJ, a density takes L into t (so litres of
    diesel reach a per-TJ factor through density, then NCV).

    Calorific bases are never mixed (GHG Protocol and IPCC 2006 Vol.2 Ch.1 1.4.1.2: a factor and
    the energy it multiplies must be on the same basis): a factor with ``basis`` GCV (EPA's
    per-mmBtu HHV factors, DESNZ kWh gross) is reached only through gross calorific values, an
    NCV factor only through net ones. A fuel billed in energy units is taken to be on its
    country's basis (``energy_basis`` of regions.csv: gross in the US and UK, net in China), so a
    US therm bill may meet EPA's HHV factor but not IPCC's NCV one.

    :param basis: the factor's calorific basis, ``NCV``, ``GCV`` or "" (none: electricity, heat).
    :param factor_id: named in errors.
    :returns: the multiplier and the property rows used, in order (empty when pint sufficed).
    :raises InputDataError: no property bridges the two dimensions, or only one on the other basis.
    """
    ureg = units.registry()
    start = ureg.Quantity(1.0, units.parse(quantity_unit))
    target = denominator.dimensionality
    other = {"NCV": "GCV", "GCV": "NCV"}.get(basis)
    name = f"the {activity} factor {factor_id}".replace("  ", " ").strip()
    if start.dimensionality == target:
        if other and units.dimension_of(start) == "energy" and energy_basis(chain) == other:
            raise InputDataError(
                f"{name} is per {_BASIS_WORDS[basis]} energy, but fuel energy billed in {chain[0]} is "
                f"{_BASIS_WORDS[other]} ('{quantity_unit}')",
                fix=f"Bill {activity} in mass or volume so a calorific value on the factor's basis converts it, or "
                f"give a factor on the {_BASIS_WORDS[other]} basis in the site YAML (factors:)",
            )
        return float((start / denominator).to("").magnitude), []
    rows = _rows_of(props, activity, chain)
    if other:
        rows = [r for r in rows if _text(r.get("basis")) != other]
    bridges = _bridges(rows, chain, year)
    frontier: list[tuple[Any, list[Choice]]] = [(start, [])]
    for _ in range(3):  # direct, then one or two properties
        for amount, used in frontier:
            if amount.dimensionality == target:
                return float((amount / denominator).to("").magnitude), used
        frontier = [
            (amount * ratio, [*used, choice])
            for amount, used in frontier
            for choice, ratio in bridges
            if choice not in used
            and (amount * ratio).dimensionality != amount.dimensionality
            and _reduces_to_one(amount * ratio)
        ]
    words = f" ({_BASIS_WORDS[basis]} basis)" if basis in BASES else ""
    key = {"GCV": "gcv", "NCV": "ncv"}.get(basis, "ncv")
    raise InputDataError(
        f"no way to turn {units.dimension(quantity_unit)} ('{quantity_unit}') of {activity} into "
        f"{units.dimension(str(denominator.units))}{words} for {name}",
        fix=f"Bill {activity} in {denominator.units:~P}, or give conversions: {activity}: "
        f"{{{key}: <value from the supplier or bill, e.g. in MJ/m3>, density: ...}} in the site YAML",
    )


_BASIS_WORDS = {"NCV": "net (NCV, lower heating value)", "GCV": "gross (GCV, higher heating value)"}


def _bridges(rows: list[dict[str, Any]], chain: list[str], year: int) -> list[tuple[Choice, Any]]:
    """Each property picked for the region and year, as a ratio usable both ways.

    Properties are told apart by name and by what they are per (a per-volume and a per-mass
    calorific value are different bridges), so China's per-m3 value does not hide IPCC's per-kg one.
    """
    found: list[tuple[Choice, Any]] = []
    records = rows
    per = [units.dimension_of(units.ratio(r["unit"])[1]) for r in records]
    for name, dimension in dict.fromkeys((r["property"], d) for r, d in zip(records, per, strict=True)):
        choice = pick(
            [r for r, d in zip(records, per, strict=True) if r["property"] == name and d == dimension], chain, year
        )
        if choice is not None:
            numerator, denominator = units.ratio(choice.row["unit"])
            ratio = float(choice.row["value"]) * numerator / denominator
            found += [(choice, ratio), (choice, 1 / ratio)]
    return found


def _reduces_to_one(quantity: Any) -> bool:
    """True when a quantity is a plain energy, volume or mass (not e.g. m3**2/kg)."""
    return units.dimension_of(quantity) in ("energy", "volume", "mass")


def gwp_values(gwp_set: str) -> dict[tuple[str, str], tuple[float, str]]:
    """GWP100 by (gas, origin) for a set, with its citation; CO2e counts as 1.

    ``origin`` is ``fossil`` or ``non_fossil``: AR6 gives fossil methane a higher GWP (it adds
    the CO2 from its oxidation); other sets give one value for ``any`` origin.
    """
    table = gwp_table()
    rows = table[table["set"] == gwp_set]
    if not len(rows):
        sets = ", ".join(sorted(set(table["set"])))
        raise InputDataError(f"unknown GWP set '{gwp_set}'", fix=f"Use one of: {sets}")
    values: dict[tuple[str, str], tuple[float, str]] = {}
    for gas in set(rows["gas"]):
        for origin in ("fossil", "non_fossil"):
            exact = rows[(rows["gas"] == gas) & (rows["origin"] == origin)]
            match = exact if len(exact) else rows[(rows["gas"] == gas) & (rows["origin"] == "any")]
            if len(match):
                values[(gas, origin)] = (float(match["value"].iloc[0]), str(match["citation"].iloc[0]))
    for origin in ("fossil", "non_fossil"):
        values[("CO2e", origin)] = (1.0, "the factor is already in CO2e")
    return values


# ---------------------------------------------------------------------------------------------
# User factors: inline in the site YAML (``factors:``) or in a file of the shipped schema
# ---------------------------------------------------------------------------------------------

GASES = ("CO2", "CH4", "N2O", "CO2e")
USER_PREFIX = "user:"


def user_rows(
    records: list[dict[str, Any]], *, where: list[str], default_year: int, site_chain: list[str] | tuple[str, ...] = ()
) -> pd.DataFrame:
    """Validate user factor rows and shape them like :func:`emission_factors` (ids prefixed ``user:``).

    :param records: one dict per factor with the factor-file columns (``id, activity, region,
        year_from, year_to, gas, value, unit, method, basis, publisher, document, edition, table,
        note``); only ``activity, region, gas, value, unit`` and a citation (``publisher`` or
        ``document``) are required.
    :param where: for each record, where it came from (file and row, or YAML key), for errors.
    :param default_year: ``year_from`` when a record gives none (the site's first year).
    :param site_chain: the site's region chain; its codes are accepted even when not in
        regions.csv, so a site in a region without shipped factors can bring its own.
    :raises InputDataError: a record has an unknown activity, gas or region, a value that is not
        a number, a unit that is not <mass>/<amount>, or no citation.
    """
    import pandas as pd

    aliases = activity_aliases()
    known = set(regions()) | set(site_chain)
    rows = []
    for record, place in zip(records, where, strict=True):
        row = {
            column: str(record.get(column) if record.get(column) is not None else "").strip()
            for column in FACTOR_COLUMNS
        }
        activity = aliases.get(row["activity"]) or aliases.get(row["activity"].lower())
        if activity is None:
            raise InputDataError(
                f"unknown activity '{row['activity']}'", where=place, fix=f"Use one of: {', '.join(activities())}"
            )
        if row["gas"] not in GASES:
            raise InputDataError(
                f"gas '{row['gas']}' is not one of {', '.join(GASES)}",
                where=place,
                fix="Give the gas the value is for; CO2e when the value already includes all gases",
            )
        try:
            value = float(row["value"])
        except ValueError:
            raise InputDataError(
                f"value '{row['value']}' is not a number",
                where=place,
                fix="Write the factor as a plain number, e.g. 0.45",
            ) from None
        if not math.isfinite(value) or value < 0:
            raise InputDataError(
                f"value {row['value']} is not a finite number >= 0",
                where=place,
                fix="Write the factor as a plain number, e.g. 0.45",
            )
        try:
            numerator, denominator = units.ratio(row["unit"])
        except InputDataError as exc:
            raise InputDataError(exc.problem, where=place, fix="Write e.g. kg/kWh, t/MWh, kg/m3, kg/TJ") from exc
        if units.dimension_of(numerator) != "mass":
            raise InputDataError(
                f"unit '{row['unit']}' does not start with a mass of the gas",
                where=place,
                fix="Write e.g. kg/kWh (kg of the gas per kWh)",
            )
        if units.dimension_of(denominator) not in ("energy", "volume", "mass"):
            raise InputDataError(
                f"unit '{row['unit']}' is not per energy, volume or mass",
                where=place,
                fix="Write e.g. kg/kWh, kg/m3 or kg/t",
            )
        region = canonical_region(row["region"])
        if region not in known:
            raise InputDataError(
                f"region '{row['region']}' is not in the factor database",
                where=place,
                fix="Use a region code of factors/regions.csv, e.g. CN-CQ, US-EGRID-CAMX, GB",
            )
        if not (row["publisher"] or row["document"]):
            raise InputDataError(
                "the factor has no source",
                where=place,
                fix="Name where the number comes from (source: in the YAML; publisher or document in a factor file)",
            )
        method = row["method"] or ("location" if activity == "electricity" else "")
        if method not in (("location", "market") if activity == "electricity" else ("",)):
            raise InputDataError(
                f"method '{row['method']}' does not fit {activity}",
                where=place,
                fix="Use location or market for electricity; leave it empty otherwise",
            )
        if row["basis"] not in ("", *BASES):
            raise InputDataError(
                f"basis '{row['basis']}' is not NCV or GCV",
                where=place,
                fix="Use NCV (net) or GCV (gross), or leave it empty",
            )
        try:
            year_from = int(row["year_from"]) if row["year_from"] else default_year
            year_to = int(row["year_to"]) if row["year_to"] else None
        except ValueError:
            raise InputDataError(
                "year_from/year_to must be whole years", where=place, fix="Write e.g. year_from: 2021"
            ) from None
        rows.append(
            {
                **row,
                "id": USER_PREFIX + (row["id"] or place),
                "activity": activity,
                "region": region,
                "method": method,
                "value": value,
                "year_from": year_from,
                "year_to": year_to,
            }
        )
    table = pd.DataFrame(rows, columns=list(FACTOR_COLUMNS))
    return _prepare(table.astype({"value": "float64"}), "site factors")


def read_factor_file(path: Any, *, default_year: int, site_chain: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """A user factor file in the shipped schema (CSV, UTF-8), as rows for :func:`with_overrides`.

    :raises InputDataError: the file cannot be read, lacks a required column, or a row is invalid.
    """
    from pathlib import Path

    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            records = list(csv.DictReader(handle))
            header = records[0].keys() if records else []
    except (OSError, UnicodeDecodeError) as exc:
        raise InputDataError(
            f"cannot read the factor file ({exc})",
            where=path,
            fix="Save it as UTF-8 CSV with the columns of factors/README.md",
        ) from exc
    missing = [c for c in ("activity", "region", "gas", "value", "unit") if c not in header]
    if not records or missing:
        raise InputDataError(
            f"missing column(s) {', '.join(missing) or '(no rows)'}",
            where=path,
            fix=f"Use the header of the shipped files: {','.join(FACTOR_COLUMNS)}",
        )
    return user_rows(
        records,
        where=[f"{path} row {number + 2}" for number in range(len(records))],
        default_year=default_year,
        site_chain=site_chain,
    )


def with_overrides(table: pd.DataFrame, user: pd.DataFrame, chain: list[str]) -> pd.DataFrame:
    """The factor table for one site: its own factors replace the shipped ones they cover.

    Only user rows whose region is on the site's ``chain`` count. Each replaces the shipped rows
    of its activity, method and gas (all gases when it is a CO2e row, so nothing is counted
    twice), in every region and year: for that site the user's rows are the whole answer.
    """
    import pandas as pd

    user = user[user["region"].isin(chain)]
    if not len(user):
        return table
    drop = pd.Series(False, index=table.index)
    for (activity, method), rows in user.groupby(["activity", "method"]):
        same = (table["activity"] == activity) & (table["method"] == method)
        gases = set(rows["gas"])
        drop |= same if "CO2e" in gases else same & table["gas"].isin(gases)
    return pd.concat([table[~drop], user], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Browsing the database (``carbon factors list|show|sets``)
# ---------------------------------------------------------------------------------------------


@functools.cache
@functools.cache
def all_factor_rows() -> pd.DataFrame:
    """Every shipped factor row of every set, default or opt-in, with ``set`` and ``citation``."""
    import pandas as pd

    frames = [_prepare(_read(row["file"]), row["file"]).assign(set=name) for name, row in factor_sets().items()]
    return pd.concat(frames, ignore_index=True)


def listing(
    *, activity: str | None = None, region: str | None = None, year: int | None = None, sets: tuple[str, ...] = ()
) -> pd.DataFrame:
    """The factors a query selects, as a table (one row per factor and gas).

    :param activity: an activity name or alias (``electricity``, ``天然气``).
    :param region: a region code or alias: the rows on its chain, most specific first (what a
        site there can use: for ``US-CA`` the CAMX, US and GLOBAL rows).
    :param year: for each activity, region, gas and method, only the edition the selection rule
        picks for that year.
    :param sets: opt-in sets applied as for a site that names them.
    :raises ConfigError: the activity or a set is unknown.
    """
    table = factor_table(tuple(sets))
    sets_of = all_factor_rows().set_index("id")["set"]
    table = table.assign(set=table["id"].map(sets_of).fillna("user"))
    if activity is not None:
        name = activity_aliases().get(activity) or activity_aliases().get(activity.lower())
        if name is None:
            raise ConfigError(f"unknown activity '{activity}'", fix=f"Use one of: {', '.join(activities())}")
        table = table[table["activity"] == name]
    order = {}
    if region is not None:
        chain, _ = region_chain(region)
        order = {code: depth for depth, code in enumerate(chain)}
        table = table[table["region"].isin(order)]
    if year is not None and len(table):
        picked = [
            _pick_year(rows, year)[0]["id"]
            for _, rows in table.groupby(["activity", "region", "gas", "method"], sort=False)
        ]
        table = table[table["id"].isin(picked)]
    table = table.assign(_depth=table["region"].map(order).fillna(0) if order else 0)
    return (
        table.sort_values(["activity", "_depth", "region", "method", "gas", "year_from"], kind="stable")
        .drop(columns="_depth")
        .reset_index(drop=True)
    )


def lookup(factor_id: str) -> dict[str, Any]:
    """One factor or property row by id, from any set, with its citation.

    :raises ConfigError: no row has that id (the message suggests close ids).
    """
    import difflib

    rows = all_factor_rows()
    found = rows[rows["id"] == factor_id]
    if not len(found):
        props = properties()
        found = props[props["id"] == factor_id].drop(columns=["gas", "method"]).assign(set="properties")
    if not len(found):
        ids = [*rows["id"], *properties()["id"]]
        close = difflib.get_close_matches(factor_id, ids, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ConfigError(f"unknown factor id '{factor_id}'{hint}", fix="List ids with `carbon factors list`")
    row = {str(key): value for key, value in found.iloc[0].to_dict().items()}
    year_to = row.get("year_to")
    row["year_to"] = None if year_to is None or year_to != year_to else int(year_to)
    row["year_from"] = int(row["year_from"])
    return row
