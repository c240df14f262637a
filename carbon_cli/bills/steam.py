"""Steam billed by mass (蒸汽 吨, t, kg): into the heat it delivered, GJ, for the heat factor.

The Chinese enterprise GHG accounting guidelines (e.g. 工业其他行业企业温室气体排放核算方法与报告指南
(试行), purchased heat: "以质量单位计量的蒸汽可按公式转换为热量单位") convert steam by mass as

    AD (GJ) = Ma (t) x (En (kJ/kg) - 83.74) x 10^-3

where En is the steam's specific enthalpy at its pressure and temperature (from the steam
tables) and 83.74 kJ/kg is the enthalpy of the returned condensate (water at 20 degC). The bill
entry's ``steam_enthalpy:`` gives En (the supplier's figure, or the steam tables' value at the
bill's pressure and temperature); without it :data:`DEFAULT_ENTHALPY` is used with a ``warning``
naming the key (:func:`notices`). Rows are converted whole-column, one multiplication.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import units
from ..errors import ConfigError
from ..notices import Notice

#: Enthalpy of the condensate return (water at 20 degC), kJ/kg, from the guidelines' formula.
CONDENSATE_ENTHALPY = 83.74
#: Specific enthalpy of dry saturated steam at 1.0 MPa absolute (179.9 degC), kJ/kg, from the
#: IAPWS-IF97 steam tables: the value assumed when a bill gives none (a typical supply pressure;
#: the assumption, not the table, is the approximation).
DEFAULT_ENTHALPY = 2777.1
#: Specific enthalpies outside this range (kJ/kg) are no steam a site buys: 2.78 is GJ/t written
#: without its unit, 278 a slipped decimal point, hot water is below 420.
ENTHALPY_RANGE = (2000.0, 4000.0)
CITATION = (
    "AD = t x (En - 83.74) x 10^-3 GJ: Chinese enterprise GHG accounting guidelines (NDRC 2013-2015, "
    "purchased heat, steam by mass), formula as widely reproduced, guideline text not re-read"
)
DEFAULT_CITATION = (
    f"En {DEFAULT_ENTHALPY:g} kJ/kg: dry saturated steam at 1.0 MPa absolute, IAPWS-IF97 steam tables "
    "(an assumed pressure, not a published default)"
)


def enthalpy(text: float | str | None, where: str) -> float:
    """A bill entry's ``steam_enthalpy:`` (2780, '2780 kJ/kg', '2.78 GJ/t') in kJ/kg, NaN when none.

    :raises ConfigError: not a specific enthalpy, or outside :data:`ENTHALPY_RANGE`.
    """
    if text is None:
        return float("nan")
    try:
        value = float(text)
    except ValueError:
        try:
            energy, mass = units.ratio(str(text))
            value = float((energy / mass).to("kJ/kg").magnitude)
        except Exception:
            raise ConfigError(
                f"cannot read steam_enthalpy '{text}' as a specific enthalpy",
                where=where,
                fix="Write e.g. steam_enthalpy: 2780 kJ/kg (the steam tables' value at the bill's pressure "
                "and temperature)",
            ) from None
    if not ENTHALPY_RANGE[0] <= value <= ENTHALPY_RANGE[1]:
        raise ConfigError(
            f"steam_enthalpy {value:g} kJ/kg is outside {ENTHALPY_RANGE[0]:g}-{ENTHALPY_RANGE[1]:g} kJ/kg, "
            "no purchased steam has it",
            where=where,
            fix="Give the enthalpy with its unit, e.g. steam_enthalpy: 2.78 GJ/t or 2780 kJ/kg",
        )
    return value


def to_heat(frame: pd.DataFrame, enthalpies: np.ndarray) -> None:
    """Heat rows billed by mass (canonical ``t``) into GJ, in place: t x (En - 83.74) / 1000.

    :param enthalpies: each row's ``steam_enthalpy`` in kJ/kg (NaN: :data:`DEFAULT_ENTHALPY`).
    """
    steam = ((frame["activity"].astype("str") == "heat") & (frame["unit"].astype("str") == "t")).to_numpy()
    if not steam.any():
        return
    used = np.where(np.isnan(enthalpies), DEFAULT_ENTHALPY, enthalpies)
    gj = frame["quantity"].to_numpy(dtype="float64") * (used - CONDENSATE_ENTHALPY) / 1000.0
    frame["quantity"] = np.where(steam, gj, frame["quantity"].to_numpy(dtype="float64"))
    unit = frame["unit"].astype("str").to_numpy(dtype=object)
    unit[steam] = "GJ"
    frame["unit"] = pd.Categorical(unit)


def notices(site_files: Sequence[tuple[str, str, float]]) -> list[Notice]:
    """One notice per site and steam file: the formula (``info``), or a ``warning`` when the
    entry gave no ``steam_enthalpy:`` and the default was used.

    :param site_files: (site, file, the entry's enthalpy in kJ/kg or NaN) per file of steam by mass.
    """
    out = []
    for site, file, given in site_files:
        if given == given:
            out.append(
                Notice(
                    "info",
                    site,
                    f"heat: steam of {file} billed by mass turned into GJ with steam_enthalpy {given:g} kJ/kg "
                    f"({CITATION})",
                )
            )
        else:
            out.append(
                Notice(
                    "warning",
                    site,
                    f"heat: steam of {file} billed by mass with no steam_enthalpy: assumed {DEFAULT_CITATION}; "
                    f"{CITATION}. Give steam_enthalpy: in its bills entry (the supplier's figure or the steam "
                    "tables' value at the bill's pressure and temperature)",
                )
            )
    return out


def files_of(bills: pd.DataFrame) -> list[tuple[str, str]]:
    """(site, file) of every file with heat billed by mass, in the order found."""
    if not len(bills):
        return []
    heat = bills[bills["activity"].astype("str") == "heat"]
    said = heat["bill_unit"].astype("str")
    mass = said.map({u: units.dimension(u) == "mass" for u in set(said)}).astype(bool)
    found = heat[mass][["site", "source_file"]].astype("str").drop_duplicates()
    return list(found.itertuples(index=False, name=None))
