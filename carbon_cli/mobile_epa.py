"""US fleets the way EPA publishes them (issue 14): model years, fuel and miles together, non-road equipment.

The GHG Emission Factors Hub (``factors/us_epa_mobile.csv``, built by ``scripts/factors/epa_mobile.py``)
prices a vehicle's CO2 by its fuel (Table 2, per gallon) and its CH4 and N2O by its miles, per vehicle
type and **model year** (Tables 3 and 4), because those two gases depend on the emission controls of
the engine, not on the carbon in the fuel. A ``bills[]`` entry with ``vehicle:`` reads so when:

* its file has a **distance** column beside the fuel quantity (``columns: {distance: Miles}``, with
  ``distance_unit:``) and the vehicles' **model year** is known (``model_year:`` on the entry, or a
  ``model_year`` column): each row becomes two rows of the canonical table naming the same file and row,
  the fuel as ``<fuel>_road_co2`` (CO2 only) and the miles as ``<vehicle>_<fuel>_my<years>_km`` (CH4 and
  N2O of that model-year band). The Hub states no default model year, so a fuel-and-miles fleet without
  one is refused naming ``model_year:``; a model year after the Hub's last band takes the last band with
  a ``warning``, one before its first is refused.
* ``vehicle:`` is **non-road** equipment (``construction_equipment`` ...): its diesel or gasoline becomes
  ``<vehicle>_<fuel>[_<engine>]_nonroad`` (Table 2 CO2 and Table 5 CH4 and N2O per gallon); where the
  Hub prints several rows for the class and fuel (2- and 4-stroke, off-road trucks) ``engine:`` says
  which, else the entry is refused naming ``engine:``.

A fleet known by its miles alone keeps the distance path of :mod:`carbon_cli.mobile` (per vehicle-mile
CO2, CH4 and N2O, in the US Tables 8 and 10 of the Hub) with a ``warning`` that the distance method
approximates the fuel method. Every decision is taken per distinct (entry, vehicle, fuel, unit, model
year) of the table, then spread over its rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import mobile, units, vehicles
from .errors import ConfigError, InputDataError
from .notices import Notice

#: The least ethanol share of a flex-fuel blend (ASTM D5798, ethanol fuel blends for flexible-fuel vehicles:
#: 51 to 83 % ethanol, sold as E85): a fleet's gasoline bills of such a blend run flex-fuel vehicles, whose CH4
#: and N2O per mile are the EPA Hub's ethanol vehicles' (Table 4); a lower blend (E10, E15) runs gasoline cars.
FLEX_FUEL_SHARE = 0.51

#: Non-road classes (EPA Hub Table 5: ships and boats, locomotives, aircraft, equipment) a ``vehicle:`` may name.
NON_ROAD = vehicles.NON_ROAD
#: What ``engine:`` may say of non-road equipment (EPA Hub Table 5's rows of a class and fuel).
ENGINES = vehicles.ENGINES

_BAND = re.compile(r"_my(upto)?(\d{4})(?:_(\d{4}))?_km$")


@dataclass(frozen=True)
class Entry:
    """What a ``bills[]`` entry says of its fleet (one per table read)."""

    name: str
    vehicle: str
    model_year: float
    engine: str
    distance_unit: str
    #: whether the entry gives ``blend:`` (split only on a fuel-and-miles fleet)
    blend: bool = False
    #: the blend's bio share (0-1, NaN for none): an ethanol blend of at least E51 runs flex-fuel vehicles
    bio_share: float = float("nan")

    @classmethod
    def of(cls, source: Any, name: str, bio_share: float = float("nan")) -> Entry:
        year = getattr(source, "model_year", None)
        return cls(
            name=name,
            vehicle=source.vehicle or "",
            model_year=float("nan") if year is None else float(year),
            engine=getattr(source, "engine", None) or "",
            distance_unit=getattr(source, "distance_unit", None) or "",
            blend=getattr(source, "blend", None) is not None,
            bio_share=bio_share,
        )


@dataclass(frozen=True)
class Miles:
    """The distance rows a fuel-and-miles fleet adds to the canonical table (one per fuel row)."""

    #: canonical row labels (before any row is dropped) of the fuel rows that carry miles
    rows: np.ndarray
    activity: np.ndarray
    distance: np.ndarray
    unit: np.ndarray


NO_MILES = Miles(np.zeros(0, dtype="int64"), np.zeros(0, dtype=object), np.zeros(0), np.zeros(0, dtype=object))


def bands(vehicle: str, fuel: str, known: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    """(first, last model year, activity) of a vehicle class and fuel's model-year bands, oldest first."""
    found = []
    prefix = f"{vehicle}_{fuel}_my"
    for name in known:
        hit = _BAND.search(name) if name.startswith(prefix) else None
        if hit and name == f"{vehicle}_{fuel}{hit.group(0)}":
            first = 0 if hit.group(1) else int(hit.group(2))
            found.append((first, int(hit.group(3) or hit.group(2)), name))
    return sorted(found)


def band_of(vehicle: str, fuel: str, year: int, known: Mapping[str, Any], where: str) -> tuple[str, int | None]:
    """The model-year activity of a vehicle of ``year``, and the last band's year where ``year`` is after it.

    :raises InputDataError: no model-year factors for the class and fuel, or a year before the first band.
    """
    found = bands(vehicle, fuel, known)
    if not found:
        have = sorted({f"{n.split('_my')[0]}" for n in known if _BAND.search(n)})
        raise InputDataError(
            f"no model-year factors for a {vehicle} on {fuel}: the EPA Hub gives them for {', '.join(have)}",
            where=where,
            fix="Bill this fleet's fuel without its miles (IPCC road factors), or its miles alone (distance factors)",
        )
    for first, last, name in found:
        if first <= year <= last:
            return name, None
    first, last = found[0][0], found[-1][1]
    if year < first:
        raise InputDataError(
            f"model year {year} of a {vehicle} on {fuel} is before the EPA Hub's first band ({first})",
            where=f"{where} (model_year:)",
            fix="Correct the model year, or give the factor of this vehicle in the site YAML (factors:)",
        )
    return found[-1][2], last


def non_road(vehicle: str, fuel: str, engine: str, known: Mapping[str, Any], where: str) -> str:
    """The non-road activity of equipment, its fuel and ``engine:``.

    :raises ConfigError: the Hub prints several rows for the class and fuel and ``engine:`` picks none,
        or ``engine:`` names one it does not print.
    """
    rows = sorted(n for n in known if n.startswith(f"{vehicle}_{fuel}") and n.endswith("_nonroad"))
    engines = [n[len(f"{vehicle}_{fuel}_") : -len("_nonroad")] for n in rows if n != f"{vehicle}_{fuel}_nonroad"]
    if not rows:
        fuels = sorted(
            {mobile.fuel_of(n) or "" for n in known if n.startswith(f"{vehicle}_") and n.endswith("_nonroad")}
        )
        raise InputDataError(
            f"no non-road factors for {vehicle} on {fuel}: the EPA Hub gives {', '.join(fuels)}",
            where=where,
            fix=f"Bill {fuel} in an entry without vehicle:, or give the factor in the site YAML (factors:)",
        )
    if engine:
        target = "_".join((vehicle, fuel, engine)) + "_nonroad"
        if target in known:
            return target
        if rows == [f"{vehicle}_{fuel}_nonroad"]:
            return rows[0]  # one row for the class and fuel: every engine of it
        raise ConfigError(
            f"engine '{engine}' of {vehicle} on {fuel} is not a row of the EPA Hub's Table 5",
            where=f"{where} (engine:)",
            fix=f"Write one of: {', '.join(engines)}",
        )
    if len(rows) == 1:
        return rows[0]
    raise ConfigError(
        f"the EPA Hub prints {len(rows)} rows for {vehicle} on {fuel}; which engine these bills are is not said",
        where=f"{where} (engine:)",
        fix=f"Add engine: with one of: {', '.join(engines)}",
    )


def vehicle_activities(
    frame: pd.DataFrame,
    raw: pd.DataFrame,
    rows: Any,
    entries: Sequence[Entry],
    table_of_row: np.ndarray,
    known: Mapping[str, Any],
    numbers: Any,
    notices: list[Notice] | None,
) -> tuple[pd.Series, Miles]:
    """Each row's activity (a fleet's rows turned into their vehicle activities) and the miles to add.

    :param entries: per table read, its entry's fleet keys; ``table_of_row`` spreads them over rows.
    :param numbers: ``numbers(column)`` parses a column of ``raw`` as numbers (blank: NaN).
    :raises ConfigError: a key the fleet needs is missing (``model_year:``, ``engine:``, ``distance_unit:``).
    :raises InputDataError: a row that cannot be read the EPA way, naming its file and row.
    """
    vehicle = np.array([e.vehicle for e in entries], dtype=object)[table_of_row]
    if not (vehicle != "").any():
        return frame["activity"], NO_MILES
    activity = frame["activity"].astype("object").to_numpy().copy()
    unit_text = frame["bill_unit"].astype("object").to_numpy()
    year = np.array([e.model_year for e in entries], dtype="float64")[table_of_row]
    if "model_year" in raw:
        cells = numbers("model_year").to_numpy("float64")
        year = np.where(np.isnan(cells), year, cells)
    distance = numbers("distance").to_numpy("float64") if "distance" in raw else np.full(len(raw), np.nan)
    # a table whose distance column has a value: a fuel-and-miles fleet
    has_column = pd.Series(~np.isnan(distance)).groupby(table_of_row).transform("any").to_numpy(dtype=bool)
    length = units.dimension("km")
    key = pd.DataFrame({"t": table_of_row, "a": activity.astype(str), "u": unit_text.astype(str), "y": year})
    codes, distinct = pd.factorize(pd.MultiIndex.from_frame(key.fillna({"y": -1})))
    handled = np.zeros(len(raw), dtype=bool)
    targets = np.empty(len(raw), dtype=object)
    miles_activity = np.empty(len(raw), dtype=object)
    said: set[str] = set()
    for index, (table, fuel, unit, when) in enumerate(distinct):
        entry = entries[int(table)]
        if not entry.vehicle:
            continue
        at = np.flatnonzero(codes == index)
        where = rows.at(int(frame.index[at[0]]))
        try:
            is_distance = units.dimension(unit) == length
        except InputDataError:
            is_distance = False  # the unit's own error comes from the unit check, naming the cell
        given = when != -1
        if entry.blend and (entry.vehicle in NON_ROAD or is_distance or not has_column[at[0]]):
            mobile.refuse_blend(entry.vehicle, "blend", entry.name)  # a blend is split beside the miles only
        if entry.vehicle in NON_ROAD:
            if is_distance or has_column[at[0]]:
                raise InputDataError(
                    f"non-road equipment ({entry.vehicle}) is counted by its fuel: the EPA Hub prices it per gallon",
                    where=where,
                    fix="Bill the equipment's diesel or gasoline (litres, gallons) without a distance",
                )
            targets[at] = non_road(entry.vehicle, fuel, entry.engine, known, entry.name)
            handled[at] = True
        elif is_distance:
            if has_column[at[0]]:  # two distances for one row: which one counts is never guessed
                raise InputDataError(
                    f"the {entry.vehicle} rows are already a distance ({unit}) and the file has a distance column too",
                    where=where,
                    fix="Bill the fuel (gallons, litres) as the quantity with the miles in the distance column, "
                    "or leave the distance column out of columns:",
                )
            if given:
                raise InputDataError(
                    f"a {entry.vehicle} billed by distance with a model year: the EPA model-year factors give "
                    "CH4 and N2O only, and CO2 needs the fuel",
                    where=where,
                    fix="Add the fuel (gallons) with the miles in a distance column (columns: distance:), or drop "
                    "model_year: to use the per vehicle-mile CO2, CH4 and N2O of the EPA Hub's Tables 8 and 10",
                )
            if entry.name not in said and notices is not None:
                said.add(entry.name)
                site = str(frame["site"].iloc[at[0]])
                notices.append(
                    Notice(
                        "warning",
                        site,
                        f"{entry.name}: the {entry.vehicle} fleet is counted by its distance, per vehicle-km or "
                        "vehicle-mile factors, an approximation of the fuel method (CO2 from the fuel burnt); "
                        "bill its fuel where it is known",
                    )
                )
        elif has_column[at[0]]:
            targets[at], miles_activity[at], last = _fuel_and_miles(entry, fuel, when, at, distance, frame, rows, known)
            handled[at] = True
            late = (entry.name, int(when))
            if last is not None and f"{late}" not in said and notices is not None:
                said.add(f"{late}")
                notices.append(
                    Notice(
                        "warning",
                        str(frame["site"].iloc[at[0]]),
                        f"{entry.name}: model year {int(when)} of a {entry.vehicle} on {fuel} is after the EPA Hub "
                        f"2025's last band (up to {last}): its CH4 and N2O per mile are those of model year {last}, "
                        "an approximation",
                    )
                )
        elif afv_activity(entry.vehicle, fuel) in known:
            raise InputDataError(
                f"a {entry.vehicle} on {fuel} is counted by its fuel and its miles: the EPA Hub gives the CH4 and N2O "
                "of alternative-fuel vehicles per vehicle-mile only",
                where=where,
                fix="Add the miles in a distance column (columns: distance:, distance_unit:), or bill the "
                f"{fuel} in an entry without vehicle:",
            )
        elif given:
            raise InputDataError(
                f"model_year: is given for a {entry.vehicle} but the file has no distance column: CH4 and N2O "
                "per vehicle-mile need the miles",
                where=where,
                fix="Add the miles in a distance column (columns: distance:, distance_unit:), or drop model_year: "
                "to count the fuel with road CH4 and N2O per unit of fuel",
            )
    rest = np.where(handled, "", vehicle)
    out = mobile.to_vehicle_activities(frame["activity"], frame["bill_unit"], rest, rows.at, known)
    names = out.to_numpy(dtype=object).copy()
    names[handled] = targets[handled]
    with_miles = np.flatnonzero(handled & (miles_activity != None))  # noqa: E711 (an object array)
    if not len(with_miles):
        return pd.Series(names, index=frame.index), NO_MILES
    unit_of = np.array([e.distance_unit for e in entries], dtype=object)[table_of_row]
    miles = Miles(
        rows=frame.index.to_numpy()[with_miles],
        activity=miles_activity[with_miles],
        distance=distance[with_miles],
        unit=unit_of[with_miles],
    )
    return pd.Series(names, index=frame.index), miles


def _fuel_and_miles(
    entry: Entry,
    fuel: str,
    when: float,
    at: np.ndarray,
    distance: np.ndarray,
    frame: pd.DataFrame,
    rows: Any,
    known: Mapping[str, Any],
) -> tuple[str, str, int | None]:
    """The activities of a fuel-and-miles group of rows: ``<fuel>_road_co2`` and its model-year band,
    and the last band's year where the model year is after it."""
    where = rows.at(int(frame.index[at[0]]))
    alternative = afv_activity(entry.vehicle, fuel)
    if fuel == "gasoline" and entry.bio_share >= FLEX_FUEL_SHARE:  # E85: flex-fuel vehicles
        alternative = afv_activity(entry.vehicle, "ethanol")
        if alternative not in known:
            raise InputDataError(
                f"an ethanol blend of {entry.bio_share:.0%} runs flex-fuel vehicles, and the EPA Hub prices no "
                f"{entry.vehicle} on ethanol",
                where=where,
                fix="Give the factor of the fleet's miles in the site YAML (factors:), or correct vehicle: or blend:",
            )
        _check_miles(entry, at, distance, frame, rows)
        return "gasoline_road_co2", alternative, None
    if fuel not in mobile.ROAD_FUELS and alternative in known:
        _check_miles(entry, at, distance, frame, rows)
        return f"{fuel}_road_co2", alternative, None  # Table 4 prices these per class, whatever the model year
    if fuel not in mobile.ROAD_FUELS:
        fuels = " and ".join(mobile.ROAD_FUELS)
        raise InputDataError(
            f"a vehicle ({entry.vehicle}) billed as {fuel}: only {fuels} vehicles are modelled",
            where=where,
            fix=f"Bill {fuel} in an entry without vehicle:, or give the fleet's diesel or gasoline",
        )
    _check_miles(entry, at, distance, frame, rows)
    if when == -1:
        raise ConfigError(
            f"the model year of the {entry.vehicle} fleet is not given, and the EPA Hub states no default: "
            "CH4 and N2O per vehicle-mile depend on it",
            where=f"{entry.name} (model_year:)",
            fix="Add model_year: to the bills entry, or a model_year column to the file",
        )
    if when != int(when) or not 1900 <= when <= 2100:
        raise InputDataError(f"model year {when:g} is not a year", where=rows.at(int(frame.index[at[0]]), "model_year"))
    name, last = band_of(entry.vehicle, fuel, int(when), known, entry.name)
    return f"{fuel}_road_co2", name, last


def afv_activity(vehicle: str, fuel: str) -> str:
    """The CH4 and N2O per mile of an alternative-fuel vehicle (EPA Hub Table 4): ``bus_cng_afv_km``."""
    return f"{vehicle}_{fuel}_afv_km"


def _check_miles(entry: Entry, at: np.ndarray, distance: np.ndarray, frame: pd.DataFrame, rows: Any) -> None:
    """Every fuel row of a fuel-and-miles group has its miles, in a unit the entry names.

    :raises InputDataError: a blank distance cell, naming its row.
    :raises ConfigError: ``distance_unit:`` missing or not a distance.
    """
    missing = at[np.isnan(distance[at])]
    if len(missing):
        raise InputDataError(
            "a fuel row without its distance: CH4 and N2O per vehicle-mile need the miles of every row",
            where=rows.at(int(frame.index[missing[0]]), "distance"),
            fix="Fill in the distance driven on the fuel of this row",
        )
    if not entry.distance_unit:
        raise ConfigError(
            "the distance column's unit is not said",
            where=f"{entry.name} (distance_unit:)",
            fix="Add distance_unit: mile (or km) to the bills entry",
        )
    try:
        if units.dimension(entry.distance_unit) != units.dimension("km"):
            raise InputDataError(f"distance_unit '{entry.distance_unit}' is not a distance", where=entry.name)
    except InputDataError as error:
        raise ConfigError(error.problem, where=f"{entry.name} (distance_unit:)", fix="Write mile or km") from error


def add_miles(frame: pd.DataFrame, miles: Miles, keep: np.ndarray | None) -> pd.DataFrame:
    """The canonical rows with a distance row after each fuel row that carries miles: its model-year
    activity, the miles in km (``bill_quantity``/``bill_unit`` as the file wrote them), no cost.

    :param keep: which of the rows read are still in ``frame`` (a meter's opening read makes no bill).
    """
    if not len(miles.rows):
        return frame
    chosen = miles.rows
    if keep is not None:
        kept = np.flatnonzero(keep)
        position = np.full(len(keep), -1)
        position[kept] = np.arange(len(kept))
        chosen = position[miles.rows]
    present = chosen >= 0
    added = frame.iloc[chosen[present]].copy()
    scale = np.array([units.scale(str(u), "km") for u in miles.unit[present]], dtype="float64")
    added["activity"] = miles.activity[present]
    added["quantity"] = miles.distance[present] * scale
    added["unit"] = "km"
    added["bill_quantity"] = miles.distance[present]
    added["bill_unit"] = miles.unit[present]
    added["cost"] = float("nan")
    return pd.concat([frame, added], ignore_index=True)
