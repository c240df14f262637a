"""Which vehicles a site's region has factors for (issue 14): a fleet the region cannot price, refused early.

A ``vehicle:`` entry's rows become vehicle activities (``diesel_road``, ``passenger_car_diesel_km``,
``aircraft_jet_fuel_nonroad`` ...; :mod:`carbon_cli.mobile`, :mod:`carbon_cli.mobile_epa`). Ships,
locomotives, aircraft and non-road equipment are priced by the US EPA Hub only, distances by DESNZ
(GB) and the Hub; a UK site's ``vehicle: aircraft`` then has no factor. Rather than the calculator's
generic "no emission factor", :func:`check` names the site YAML's key and file, the vehicles the
site's region does price, and what to bill instead. Called from ``inventory`` before the factors
are chosen, once per distinct (site, vehicle activity).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from . import factors, mobile, vehicles
from .errors import InputDataError

#: What a vehicle's fuel is billed as without ``vehicle:`` where a publisher prices the fuel as burnt in
#: that vehicle (DESNZ's marine fuels, per litre; its jet fuel and aviation gasoline keep their names);
#: tried before the entry's own fuel.
FUEL_INSTEAD = {("ship", "diesel"): "marine_gas_oil", ("ship", "fuel_oil"): "marine_fuel_oil"}


def vehicle_of(activity: str) -> str | None:
    """The vehicle class an activity of a fleet is priced for (``aircraft_jet_fuel_nonroad`` ->
    ``aircraft``), None for the road fuels (``diesel_road``, ``diesel_road_co2``) and other activities."""
    return next((v for v in (*vehicles.NON_ROAD, *vehicles.ROAD) if activity.startswith(f"{v}_")), None)


def _priced(table: pd.DataFrame, chain: Sequence[str]) -> tuple[str, str, str]:
    """The vehicle classes a region's factors price by their fuel, by distance and off the road ("-": none)."""
    here = set(table.loc[table["region"].isin(list(chain)), "activity"].astype(str))
    road_fuel = [c for c in vehicles.ROAD if c != "medium_truck"] if here & set(mobile.ROAD_FUELS.values()) else []
    distance = sorted({v for a in here if mobile.is_distance(a) and (v := vehicle_of(a))})
    non_road = sorted({v for a in here if a.endswith("_nonroad") and (v := vehicle_of(a))})
    return tuple(", ".join(classes) or "-" for classes in (road_fuel, distance, non_road))  # type: ignore[return-value]


def _entry(config: Any, vehicle: str) -> tuple[int, Any]:
    """The first ``bills[]`` entry of the site with this ``vehicle:`` (else its first entry: a vehicle
    activity comes only from a ``vehicle:`` entry, so this is a guard, never a guess shown to a user)."""
    return next(((i, b) for i, b in enumerate(config.bills) if b.vehicle == vehicle), (0, config.bills[0]))


def check(slices: pd.DataFrame, configs: Sequence[Any], table: pd.DataFrame) -> None:
    """Refuse a fleet whose vehicle activity has no factor in its site's region chain.

    :param slices: the month slices of the sites (``site``, ``activity``).
    :param configs: the site configs of those slices.
    :param table: their factor table (shipped rows and the sites' own).
    :raises InputDataError: naming the site YAML, ``bills[i].vehicle``, its file, the vehicles the region
        prices and what to bill instead.
    """
    pairs = slices[["site", "activity"]].drop_duplicates()
    pairs = pairs[pairs["activity"].astype(str).map(vehicle_of).notna()]
    if pairs.empty:
        return
    by_id = {c.site.id: c for c in configs}
    present = table[["activity", "region"]].drop_duplicates()
    for site, activity in pairs.itertuples(index=False):
        config = by_id.get(site)
        if config is None:
            continue
        chain = factors.region_chain(config.site.region)[0]
        rows = present[(present["activity"] == activity) & present["region"].isin(chain)]
        if not rows.empty:
            continue
        _refuse(config, str(activity), chain, table)


def _refuse(config: Any, activity: str, chain: Sequence[str], table: pd.DataFrame) -> None:
    vehicle = vehicle_of(activity) or ""
    index, bill = _entry(config, vehicle)
    fuel = mobile.fuel_of(activity) or str(bill.activity or "")
    region = config.site.region
    by_fuel, by_distance, off_road = _priced(table, chain)
    here = set(table.loc[table["region"].isin(list(chain)), "activity"].astype(str))
    instead = [f for f in (FUEL_INSTEAD.get((vehicle, fuel)), fuel) if f and f in here]
    fuels = instead[0] if instead else fuel
    where = f"{config.source}: bills[{index}].vehicle ({bill.path.name})"
    fix = f"Bill {fuels} without vehicle: (a fuel line), or give the factor of {activity} in the site YAML (factors:)"
    if vehicle in vehicles.NON_ROAD:
        raise InputDataError(
            f"no {region} factor for {vehicle} on {fuel} ({activity}): ships, locomotives, aircraft and non-road "
            f"equipment are priced by the EPA Hub, for US regions only; {region} prices vehicles by their fuel: "
            f"{by_fuel}; by distance: {by_distance}; off the road: {off_road}",
            where=where,
            fix=fix,
        )
    raise InputDataError(
        f"no {region} factor for {vehicle} on {fuel} ({activity}); {region} prices vehicles by their fuel: {by_fuel}; "
        f"by distance: {by_distance}; off the road: {off_road}",
        where=where,
        fix=f"Bill the fleet's {fuel} (litres, gallons) with vehicle: and without a distance, or give the factor "
        f"of {activity} in the site YAML (factors:)",
    )
