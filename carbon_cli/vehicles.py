"""The vehicle classes a ``bills[]`` entry's ``vehicle:`` may name, and the engines of ``engine:`` (issue 14).

The one list: :mod:`carbon_cli.config_bills` validates the YAML against these ``Literal`` types, and
:mod:`carbon_cli.mobile` / :mod:`carbon_cli.mobile_epa` take their tuples from them (``typing.get_args``),
so a class added here is known everywhere. ``scripts/factors/epa_mobile.py`` checks that every EPA Hub
row it ships maps to one of them.
"""

from __future__ import annotations

from typing import Literal, get_args

#: On-road vehicles: fuel rows get road CH4/N2O, km/mile rows per-km factors (mobile.py); the EPA method
#: by model year or, for alternative fuels, per vehicle class (mobile_epa.py).
RoadVehicle = Literal["passenger_car", "light_truck", "medium_truck", "heavy_truck", "bus", "motorcycle"]
#: Non-road vehicles and equipment priced per gallon (EPA Hub 2025 Table 5): ships and boats, locomotives,
#: aircraft, and the equipment classes.
NonRoadVehicle = Literal[
    "ship",
    "locomotive",
    "aircraft",
    "agricultural_equipment",
    "construction_equipment",
    "lawn_garden_equipment",
    "airport_equipment",
    "industrial_equipment",
    "logging_equipment",
    "railroad_equipment",
    "recreational_equipment",
]
Vehicle = Literal[RoadVehicle, NonRoadVehicle]
#: Which of EPA Hub Table 5's rows of a class and fuel (``engine:``).
Engine = Literal["2_stroke", "4_stroke", "off_road_truck", "equipment"]

ROAD: tuple[str, ...] = get_args(RoadVehicle)
NON_ROAD: tuple[str, ...] = get_args(NonRoadVehicle)
ENGINES: tuple[str, ...] = get_args(Engine)
