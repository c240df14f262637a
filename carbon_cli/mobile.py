"""Mobile combustion (issue 14): a fleet's fuel and distance, Scope 1.

A ``bills[]`` entry with ``vehicle:`` (``passenger_car``, ``light_truck``, ``heavy_truck``, ``bus``,
``motorcycle``) is a vehicle fleet. Vehicles burn fuel in engines whose CH4 and N2O differ from a
boiler's, so the stationary factors (IPCC 2006 Table 2.4, EPA Hub Table 1) do not apply to them:

* **fuel-based** (the rows are litres, gallons, tonnes or energy of ``diesel`` or ``gasoline``): the
  row's activity becomes ``diesel_road`` / ``gasoline_road``. Its CO2 is the fuel's, chosen as for
  any bill of the fuel (CO2 depends on the carbon in the fuel, not on the engine) unless a publisher
  gives a road fuel's own CO2 (DESNZ "Diesel (average biofuel blend)"); its CH4 and N2O are the
  road rows of ``factors/mobile.csv`` (DESNZ per litre in GB, IPCC 2006 Vol. 2 Table 3.2.2
  elsewhere);
* **distance-based** (the rows are km or miles): the row's activity becomes
  ``<vehicle>_<fuel>_km`` (``passenger_car_diesel_km`` ...), whose per-km factors (CO2, CH4 and N2O)
  are published for some regions only (DESNZ cars and vans); elsewhere the calculation stops
  naming the activity, as for any activity without a factor.

Everything is decided per distinct (vehicle, activity, unit) of the table, then spread over its rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from . import units, vehicles
from .errors import ConfigError, InputDataError

#: The on-road vehicle classes a ``vehicle:`` may name (the one list is :mod:`carbon_cli.vehicles`).
VEHICLES = vehicles.ROAD

#: The fuels a vehicle's bills may be in, and the activity their rows become when billed as fuel.
ROAD_FUELS = {"diesel": "diesel_road", "gasoline": "gasoline_road"}

#: The fuel each road activity burns (its CO2, calorific value and density are the fuel's).
FUEL_OF = {road: fuel for fuel, road in ROAD_FUELS.items()}

#: The fuels a non-road activity (``ship_fuel_oil_nonroad`` ...) may burn, longest name first (aviation_gasoline
#: before gasoline), so the activity's fuel is read from its name.
NON_ROAD_FUELS = ("aviation_gasoline", "jet_fuel", "fuel_oil", "diesel", "gasoline", "lpg")


def fuel_of(activity: str) -> str | None:
    """The fuel a vehicle activity burns (``diesel_road`` -> ``diesel``; the EPA method's ``diesel_road_co2``
    and non-road ``construction_equipment_diesel_nonroad`` too), None for any other activity."""
    if activity.endswith("_road_co2"):  # diesel_road_co2, and biodiesel_road_co2 (a blend's bio share)
        return activity[: -len("_road_co2")]
    if activity.endswith("_nonroad"):
        return next((fuel for fuel in NON_ROAD_FUELS if f"_{fuel}_" in f"_{activity}_"), None)
    return FUEL_OF.get(activity)


def distance_activity(vehicle: str, fuel: str) -> str:
    """The distance activity of a vehicle class and fuel: ``passenger_car_diesel_km``."""
    return f"{vehicle}_{fuel}_km"


def is_distance(activity: str) -> bool:
    """Whether an activity is a vehicle distance (billed in km or miles) of the distance method; a
    model-year band of the EPA method (``passenger_car_gasoline_my2015_km``) is not one, nor an
    alternative-fuel vehicle's CH4 and N2O per mile (``bus_cng_afv_km``)."""
    known = activity.endswith("_km") and activity.split("_")[0] in {v.split("_")[0] for v in VEHICLES}
    return known and "_my" not in activity and not activity.endswith("_afv_km")


def refuse_blend(vehicle: str | None, blend: Any, where: str) -> None:
    """A blend on a fleet is split only where its miles are billed beside its fuel (the EPA method,
    :mod:`carbon_cli.mobile_epa`): its CH4 and N2O then come from the miles, whatever the fuel.

    :raises ConfigError: both keys are given, naming the entry.
    """
    if vehicle is not None and blend is not None:
        raise ConfigError(
            "blend: and vehicle: are given together; a fleet's blend (B20, E85) is split only where its miles "
            "are billed beside its fuel",
            where=f"{where} (blend:)",
            fix="Add the fleet's miles (columns: distance:, distance_unit:), bill its fossil fuel and biofuel in "
            "entries of their own, or drop blend:",
        )


def to_vehicle_activities(
    activity: pd.Series, bill_unit: pd.Series, vehicle: np.ndarray, where: Any, known: Mapping[str, Any]
) -> pd.Series:
    """The activity of each row, a fleet's rows turned into their vehicle activity.

    :param vehicle: per row, its entry's ``vehicle:`` ("" for none).
    :param where: ``where(row)`` names a row's file and row for messages.
    :param known: the activity catalogue.
    :raises InputDataError: a fleet row of a fuel vehicles are not modelled for, naming its file and row.
    """
    fleet = vehicle != ""
    if not fleet.any():
        return activity
    names = activity.astype("object").to_numpy().copy()
    unit_text = bill_unit.astype("object").to_numpy()
    length = units.dimension("km")
    combos = pd.DataFrame({"v": vehicle[fleet], "a": names[fleet], "u": unit_text[fleet]})
    key = combos["v"] + "\x00" + combos["a"].astype(str) + "\x00" + combos["u"].astype(str)
    codes, distinct = pd.factorize(key)
    targets = []
    positions = np.flatnonzero(fleet)
    for index, text in enumerate(distinct):
        car, fuel, unit = str(text).split("\x00")
        row = int(positions[int(np.argmax(codes == index))])
        if fuel not in ROAD_FUELS:
            raise InputDataError(
                f"a vehicle ({car}) billed as {fuel}: only {' and '.join(ROAD_FUELS)} vehicles are modelled",
                where=where(row),
                fix=f"Bill {fuel} in an entry without vehicle:, or give the fleet's diesel or gasoline",
            )
        try:
            distance = units.dimension(unit) == length
        except InputDataError:
            distance = False  # the unit's own error comes from the unit check, naming the cell
        target = distance_activity(car, fuel) if distance else ROAD_FUELS[fuel]
        if target not in known:
            raise InputDataError(
                f"no distance factors for a {car} on {fuel}: distance-based factors are shipped for "
                f"{', '.join(sorted(a for a in known if is_distance(a)))}",
                where=where(row),
                fix="Bill the fleet's fuel (litres, gallons) instead of its distance, or give the factor "
                f"of activity {target} in the site YAML (factors:)",
            )
        targets.append(target)
    names[positions] = np.array(targets, dtype=object)[codes]
    return pd.Series(names, index=activity.index)


def with_fuel_co2(chosen: dict[str, Any], fuel_choice: Mapping[str, Any]) -> dict[str, Any]:
    """A road activity's gases: its own (CH4, N2O, and CO2 where published for the road fuel) plus
    the fuel's CO2 where the road rows give none. The fuel's CH4 and N2O (stationary) are never used; an
    activity with no rows of its own in the region gets none (its missing factor is reported, never
    replaced by the fuel's CO2 alone)."""
    if not chosen:
        return {}
    out = dict(chosen)
    if "CO2" not in out and "CO2" in fuel_choice:
        out["CO2"] = fuel_choice["CO2"]
    return out
