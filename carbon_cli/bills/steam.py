"""Steam billed by mass (蒸汽 吨, t, kg): into the heat it delivered, GJ, for the heat factor.

The Chinese enterprise GHG accounting guidelines (e.g. 工业其他行业企业温室气体排放核算方法与报告指南
(试行), purchased heat: "以质量单位计量的蒸汽可按公式转换为热量单位") convert steam by mass as

    AD (GJ) = Ma (t) x (En (kJ/kg) - 83.74) x 10^-3

where En is the steam's specific enthalpy at its pressure and temperature (from the steam
tables) and 83.74 kJ/kg is the enthalpy of the returned condensate (water at 20 degC). The bill
entry's ``steam_enthalpy:`` gives En (the supplier's figure, or the steam tables' value at the
bill's pressure and temperature); or ``steam_pressure:`` (absolute or gauge, said in words) and
``steam_temperature:`` (degC; without it, dry saturated steam) give it by IAPWS-IF97
(:mod:`.steam_tables`); without any, :data:`DEFAULT_ENTHALPY` is used with a ``warning``
naming the keys (:func:`notices`). Rows are converted whole-column, one multiplication.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import units
from ..config_bills import BillSource
from ..errors import ConfigError
from ..notices import Notice
from . import steam_tables

#: Enthalpy of the condensate return (water at 20 degC), kJ/kg, from the guidelines' formula.
CONDENSATE_ENTHALPY = 83.74
#: Specific enthalpy of dry saturated steam at 1.0 MPa absolute (179.9 degC), kJ/kg, from the
#: IAPWS-IF97 steam tables: the value assumed when a bill gives none. It is also, to 0.005 %, the
#: published default of ENERGY STAR Portfolio Manager for district steam billed by mass, 1,194 kBtu
#: per thousand pounds (1,194 Btu/lb x 2.326 kJ/kg per Btu/lb = 2,777.24 kJ/kg; 2.632 kBtu per kg).
DEFAULT_ENTHALPY = 2777.1
#: ENERGY STAR Portfolio Manager's district steam conversion, kJ/kg (1,194 Btu/lb).
PORTFOLIO_MANAGER_ENTHALPY = 1194 * 2.326
#: Specific enthalpies outside this range (kJ/kg) are no steam a site buys: 2.78 is GJ/t written
#: without its unit, 278 a slipped decimal point, hot water is below 420.
ENTHALPY_RANGE = (2000.0, 4000.0)
CITATION = (
    "AD = t x (En - 83.74) x 10^-3 GJ: Chinese enterprise GHG accounting guidelines (NDRC 2013-2015, "
    "purchased heat, steam by mass), formula as widely reproduced, guideline text not re-read"
)
DEFAULT_CITATION = (
    f"En {DEFAULT_ENTHALPY:g} kJ/kg: dry saturated steam at 1.0 MPa absolute, IAPWS-IF97 steam tables; within "
    "0.005 % of the published default of ENERGY STAR Portfolio Manager's thermal conversions for district steam "
    f"by mass (1,194 kBtu per thousand lb = {PORTFOLIO_MANAGER_ENTHALPY:,.2f} kJ/kg, read in a public code file "
    "that transcribes them)"
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


#: One standard atmosphere, MPa: a gauge pressure plus this is the absolute pressure.
ATMOSPHERE_MPA = 0.101325
_ABSOLUTE = ("absolute", "abs", "a", "绝压", "绝对压力")
_GAUGE = ("gauge", "g", "表压")


def pressure(text: float | str, where: str) -> float:
    """``steam_pressure:`` ('0.9 MPa gauge', '1.0 MPa absolute', '9 bar 表压') as MPa absolute.

    :raises ConfigError: no unit of pressure, or not said whether absolute or gauge (a bill's
        "1.0 MPa" is usually gauge, 表压, but reads both ways: 0.1 MPa apart).
    """
    words = str(text).replace("(", " ").replace(")", " ").split()
    kind = [w for w in words if w.lower() in _ABSOLUTE + _GAUGE]
    rest = " ".join(w for w in words if w.lower() not in _ABSOLUTE + _GAUGE)
    fix = "Write e.g. steam_pressure: 0.9 MPa gauge (表压) or 1.0 MPa absolute (绝压)"
    if len(kind) != 1:
        raise ConfigError(
            f"steam_pressure '{text}' does not say whether it is absolute or gauge (they differ by 0.101 MPa)",
            where=where,
            fix=fix,
        )
    try:
        value = float(units.registry().Quantity(rest).to("MPa").magnitude)
    except Exception:
        raise ConfigError(f"cannot read steam_pressure '{text}' as a pressure", where=where, fix=fix) from None
    return value + (ATMOSPHERE_MPA if kind[0].lower() in _GAUGE else 0.0)


def entry_enthalpy(source: BillSource, where: str) -> tuple[float, str]:
    """A bill entry's steam enthalpy (kJ/kg, NaN when none) and how it was had, for the notice.

    :raises ConfigError: both ``steam_enthalpy`` and ``steam_pressure``, a temperature without a
        pressure, or values outside the steam tables' range.
    """
    if source.steam_pressure is None:
        if source.steam_temperature is not None:
            raise ConfigError(
                "steam_temperature is given without steam_pressure",
                where=f"{where} (steam_temperature: in the site YAML)",
                fix="Add steam_pressure: (e.g. 0.9 MPa gauge), or give steam_enthalpy: instead",
            )
        value = enthalpy(source.steam_enthalpy, f"{where} (steam_enthalpy: in the site YAML)")
        return value, f"steam_enthalpy {value:g} kJ/kg"
    if source.steam_enthalpy is not None:
        raise ConfigError(
            "both steam_enthalpy and steam_pressure are given",
            where=f"{where} (steam_enthalpy: in the site YAML)",
            fix="Keep one: the enthalpy, or the pressure (and temperature) it is read from",
        )
    absolute = pressure(source.steam_pressure, f"{where} (steam_pressure: in the site YAML)")
    try:
        value = steam_tables.enthalpy_of(absolute, source.steam_temperature)
    except ValueError as error:
        raise ConfigError(
            f"steam at {absolute:g} MPa absolute: {error}",
            where=f"{where} (steam_pressure: in the site YAML)",
            fix="Check the pressure and temperature on the bill, or give steam_enthalpy: instead",
        ) from None
    state = f"{source.steam_temperature:g} degC" if source.steam_temperature is not None else "dry saturated"
    return value, f"{value:.1f} kJ/kg by IAPWS-IF97 at {absolute:g} MPa absolute, {state}"


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


def notices(site_files: Sequence[tuple[str, str, float, str]]) -> list[Notice]:
    """One notice per site and steam file: the formula (``info``), or a ``warning`` when the
    entry gave no ``steam_enthalpy:`` nor ``steam_pressure:`` and the default was used.

    :param site_files: (site, file, the entry's enthalpy in kJ/kg or NaN, how it was had) per
        file of steam by mass.
    """
    out = []
    for site, file, given, how in site_files:
        if given == given:
            out.append(
                Notice("info", site, f"heat: steam of {file} billed by mass turned into GJ with {how} ({CITATION})")
            )
        else:
            out.append(
                Notice(
                    "warning",
                    site,
                    f"heat: steam of {file} billed by mass with no steam_enthalpy: assumed {DEFAULT_CITATION}; "
                    f"{CITATION}. Give steam_enthalpy: in its bills entry (the supplier's figure), or "
                    "steam_pressure: (absolute or gauge) and steam_temperature: from the bill",
                )
            )
    return out


def files_of(bills: pd.DataFrame) -> list[tuple[str, str]]:
    """(site, file) of every file with heat billed by mass, in the order found."""
    if not len(bills):
        return []
    is_heat = (bills["activity"].astype("str") == "heat").to_numpy()
    if not is_heat.any():
        return []
    heat = bills[is_heat]
    said = heat["bill_unit"].astype("str")
    mass = said.map({u: units.dimension(u) == "mass" for u in set(said)}).astype(bool)
    found = heat[mass][["site", "source_file"]].astype("str").drop_duplicates()
    return list(found.itertuples(index=False, name=None))
