"""Biodiesel and ethanol blends (issue 14): a diesel bill of B20 is 80 % diesel and 20 % biodiesel by volume,
a fleet's gasoline bill of E85 85 % ethanol and 15 % gasoline.

A ``bills[]`` entry's ``blend:`` (``B20``, ``20`` or ``20%``: the biodiesel share by volume) splits each
diesel row of its file into two rows of the canonical table, both naming the same file and row: the
fossil share as ``diesel`` (Scope 1), the bio share as ``biodiesel`` (its CH4 and N2O in Scope 1, its
CO2 the biogenic memo line). The two quantities add up to the bill's exactly; a cost is shared the same
way. A blend is a share of volume, so a row in mass or energy units is refused, as is a blend on rows
of another fuel.

An ethanol blend (``blend: E85``) is split only on a US fleet whose miles are billed beside its gasoline
(:mod:`carbon_cli.mobile_epa`): the gasoline share is ``gasoline_road_co2`` (Scope 1), the ethanol share
``ethanol_road_co2`` (EPA Hub Table 2, 5.75 kg CO2 per gallon, biogenic: a memo line). The letter, where
written, must be the entry's fuel's (``B`` on diesel, ``E`` on gasoline); a bare share is the bio share
of the fuel the entry bills.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import units
from ..errors import ConfigError, InputDataError, at_row
from ..factors import activities

#: The fuel a blend is written on and the fuel of its bio share.
FOSSIL, BIO = "diesel", "biodiesel"
#: The bio share's activity of each fossil activity a blend may be on: a fleet's diesel (or gasoline) whose
#: CH4 and N2O come from its miles (issue 14, carbon_cli/mobile_epa.py) leaves its bio share only biogenic CO2.
BIO_OF = {FOSSIL: BIO, "diesel_road_co2": "biodiesel_road_co2", "gasoline_road_co2": "ethanol_road_co2"}


def share(value: float | str | None, where: str, activity: str | None = None, vehicle: str | None = None) -> float:
    """The bio share (0-1) of a ``blend:`` value: ``B20``, ``E85``, ``20``, ``"20%"``; NaN for none.

    :param activity: the entry's ``activity:`` (the letter must be its fuel's).
    :param vehicle: the entry's ``vehicle:`` (an ethanol blend is split on a fleet only).
    :raises ConfigError: not a share between 0 and 100 %, a letter of another fuel, or an ethanol blend
        outside a fleet, naming the key.
    """
    if value is None:
        return float("nan")
    text = str(value).strip()
    found = re.fullmatch(r"(?i)([be]?)\s*(\d+(?:\.\d+)?)\s*%?", text)
    letter = found.group(1).upper() if found else ""
    ethanol = letter == "E" or (not letter and activity == "gasoline")
    percent = float(found.group(2)) if found else float("nan")
    if not found or not 0 < percent < 100:
        if ethanol:
            raise ConfigError(
                f"blend '{value}' is not an ethanol share between 0 and 100 %",
                where=f"{where} (blend:)",
                fix="Write the blend's name or its ethanol percentage by volume: E85, 85 or '85%'",
            )
        raise ConfigError(
            f"blend '{value}' is not a biodiesel share between 0 and 100 %",
            where=f"{where} (blend:)",
            fix="Write the blend's name or its biodiesel percentage by volume: B20, 20 or '20%' (B100 is biodiesel)",
        )
    fuel = {"B": FOSSIL, "E": "gasoline"}.get(letter)
    wrong_fuel = bool(fuel) and activity in (FOSSIL, "gasoline") and activity != fuel
    if letter == "E" and activity is None:
        raise ConfigError(
            f"blend '{value}' is a blend of gasoline, and this entry gives no activity:",
            where=f"{where} (blend:)",
            fix="Write activity: gasoline on this entry",
        )
    if wrong_fuel or (letter == "E" and activity != "gasoline"):
        raise ConfigError(
            f"blend '{value}' is a blend of {fuel}, and this entry bills {activity}",
            where=f"{where} (blend:)",
            fix=f"Write activity: {fuel} on this entry, or the blend of its fuel (B20 on diesel, E85 on gasoline)",
        )
    if ethanol and not vehicle:
        raise ConfigError(
            f"blend '{value}' is an ethanol blend: it is split only on a fleet whose miles are billed beside its fuel",
            where=f"{where} (blend:)",
            fix="Add vehicle: and the fleet's miles (columns: distance:, distance_unit:), or bill the ethanol and "
            "the gasoline in entries of their own",
        )
    return percent / 100


def split(frame: pd.DataFrame, bio: np.ndarray) -> pd.DataFrame:
    """The canonical rows with each blended diesel row split into its diesel and biodiesel parts.

    :param bio: per row, the bio share of its entry's ``blend:`` (NaN where none).
    :raises InputDataError: a blended row that is not diesel or not a volume, naming its file and row.
    """
    blended = ~np.isnan(bio)
    if not blended.any():
        return frame
    activity = frame["activity"].astype(str).to_numpy()
    wrong = blended & ~np.isin(activity, list(BIO_OF))
    if wrong.any():
        row = int(np.flatnonzero(wrong)[0])
        raise InputDataError(
            f"a blend is given for {activity[row]}, not {FOSSIL}",
            where=at_row(str(frame["source_file"].iloc[row]), int(frame["source_row"].iloc[row])),
            fix=f"Give blend: only on an entry of {FOSSIL} bills (bill other fuels in an entry of their own)",
        )
    unit_text = frame["unit"].astype(str).to_numpy()
    volume = {u: units.dimension(u) == "volume" for u in set(unit_text[blended])}
    not_volume = blended & np.array([volume.get(u, True) is False for u in unit_text])
    if not_volume.any():
        row = int(np.flatnonzero(not_volume)[0])
        raise InputDataError(
            f"a blend is a share by volume; this {FOSSIL} bill is in {unit_text[row]}",
            where=at_row(str(frame["source_file"].iloc[row]), int(frame["source_row"].iloc[row])),
            fix="Bill a blend in litres or gallons, or bill its diesel and biodiesel parts as rows of their own",
        )
    part = np.where(blended, bio, 0.0)
    fossil = frame.copy()
    fossil["quantity"] = frame["quantity"].to_numpy("float64") * (1 - part)
    fossil["cost"] = frame["cost"].to_numpy("float64") * (1 - part)
    green = frame[blended].copy()
    green["activity"] = [BIO_OF[a] for a in activity[blended]]
    # in the bio share's own unit (L), as its other bills are: one unit per activity in every breakdown
    to_bio = np.array([activities()[BIO_OF[a]]["unit"] for a in activity[blended]], dtype=object)
    scale = np.array([units.scale(u, b) for u, b in zip(unit_text[blended], to_bio, strict=True)], dtype="float64")
    green["unit"] = to_bio
    green["quantity"] = frame["quantity"].to_numpy("float64")[blended] * part[blended] * scale
    green["cost"] = frame["cost"].to_numpy("float64")[blended] * part[blended]
    return pd.concat([fossil, green], ignore_index=True)
