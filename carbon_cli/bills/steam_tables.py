"""The specific enthalpy of purchased steam from its pressure and temperature: IAPWS-IF97.

IAPWS R7-97(2012), *Revised Release on the IAPWS Industrial Formulation 1997 for the
Thermodynamic Properties of Water and Steam*: the basic equation of region 2 (steam, eq. 15-17,
coefficients of tables 10 and 11) and the saturation-temperature equation of region 4 (eq. 31,
table 34). Steam a site buys (0.001-10 MPa, up to 800 degC) lies in region 2; dry saturated
steam is region 2 at the saturation temperature. Only the enthalpy is computed.

The coefficients are the release's tables as transcribed in the ``iapws`` package (its
``_iapws97Constants``), checked here against the release's own verification values (table 15:
h(300 K, 0.0035 MPa) = 2549.91145, h(700 K, 0.0035 MPa) = 3335.68375, h(700 K, 30 MPa) =
2631.49474 kJ/kg; table 35: Ts(0.1 MPa) = 372.755919 K, Ts(1 MPa) = 453.035632 K, Ts(10 MPa)
= 584.149488 K) in tests/test_steam_tables.py.
"""

from __future__ import annotations

import math

#: Specific gas constant of water, kJ/(kg K) (IAPWS-IF97 eq. 1).
R = 0.461526
#: The range of pressures (MPa, absolute) and temperatures (degC) accepted for purchased steam.
PRESSURE_RANGE = (0.001, 10.0)
MAX_TEMPERATURE = 800.0

# Region 2, ideal-gas part (table 10): J0_i, n0_i.
_J0 = (0, 1, -5, -4, -3, -2, -1, 2, 3)
_N0 = (
    -0.96927686500217e1,
    0.10086655968018e2,
    -0.56087911283020e-2,
    0.71452738081455e-1,
    -0.40710498223928,
    0.14240819171444e1,
    -0.43839511319450e1,
    -0.28408632460772,
    0.21268463753307e-1,
)
# Region 2, residual part (table 11): I_i, J_i, n_i.
_I: tuple[int, ...] = (
    1,
    1,
    1,
    1,
    1,
    2,
    2,
    2,
    2,
    2,
    3,
    3,
    3,
    3,
    3,
    4,
    4,
    4,
    5,
    6,
    6,
    6,
    7,
    7,
    7,
    8,
    8,
    9,
    10,
    10,
    10,
    16,
    16,
    18,
    20,
)
_I += (20, 20, 21, 22, 23, 24, 24, 24)
_J: tuple[int, ...] = (
    0,
    1,
    2,
    3,
    6,
    1,
    2,
    4,
    7,
    36,
    0,
    1,
    3,
    6,
    35,
    1,
    2,
    3,
    7,
    3,
    16,
    35,
    0,
    11,
    25,
    8,
    36,
    13,
    4,
    10,
    14,
    29,
    50,
)
_J += (57, 20, 35, 48, 21, 53, 39, 26, 40, 58)
_N = (
    -0.17731742473213e-2,
    -0.17834862292358e-1,
    -0.45996013696365e-1,
    -0.57581259083432e-1,
    -0.50325278727930e-1,
    -0.33032641670203e-4,
    -0.18948987516315e-3,
    -0.39392777243355e-2,
    -0.43797295650573e-1,
    -0.26674547914087e-4,
    0.20481737692309e-7,
    0.43870667284435e-6,
    -0.32277677238570e-4,
    -0.15033924542148e-2,
    -0.40668253562649e-1,
    -0.78847309559367e-9,
    0.12790717852285e-7,
    0.48225372718507e-6,
    0.22922076337661e-5,
    -0.16714766451061e-10,
    -0.21171472321355e-2,
    -0.23895741934104e2,
    -0.59059564324270e-17,
    -0.12621808899101e-5,
    -0.38946842435739e-1,
    0.11256211360459e-10,
    -0.82311340897998e1,
    0.19809712802088e-7,
    0.10406965210174e-18,
    -0.10234747095929e-12,
    -0.10018179379511e-8,
    -0.80882908646985e-10,
    0.10693031879409,
    -0.33662250574171,
    0.89185845355421e-24,
    0.30629316876232e-12,
    -0.42002467698208e-5,
    -0.59056029685639e-25,
    0.37826947613457e-5,
    -0.12768608934681e-14,
    0.73087610595061e-28,
    0.55414715350778e-16,
    -0.94369707241210e-6,
)
# Region 4, saturation line (table 34): n1 ... n10.
_S = (
    0.11670521452767e4,
    -0.72421316703206e6,
    -0.17073846940092e2,
    0.12020824702470e5,
    -0.32325550322333e7,
    0.14915108613530e2,
    -0.48232657361591e4,
    0.40511340542057e6,
    -0.23855557567849,
    0.65017534844798e3,
)


def saturation_temperature(pressure_mpa: float) -> float:
    """Ts (K) at a pressure (MPa, absolute): IAPWS-IF97 eq. 31."""
    n1, n2, n3, n4, n5, n6, n7, n8, n9, n10 = _S
    beta = pressure_mpa**0.25
    e = beta**2 + n3 * beta + n6
    f = n1 * beta**2 + n4 * beta + n7
    g = n2 * beta**2 + n5 * beta + n8
    d = 2 * g / (-f - math.sqrt(f**2 - 4 * e * g))
    return (n10 + d - math.sqrt((n10 + d) ** 2 - 4 * (n9 + n10 * d))) / 2


def steam_enthalpy(temperature_k: float, pressure_mpa: float) -> float:
    """Specific enthalpy (kJ/kg) of steam in region 2: h = R T tau (g0_tau + gr_tau), eq. 15-17."""
    tau, pi = 540.0 / temperature_k, pressure_mpa
    ideal = sum(n * j * tau ** (j - 1) for n, j in zip(_N0, _J0, strict=True))
    residual = sum(n * pi**i * j * (tau - 0.5) ** (j - 1) for n, i, j in zip(_N, _I, _J, strict=True))
    return R * temperature_k * tau * (ideal + residual)


def enthalpy_of(pressure_mpa: float, temperature_c: float | None) -> float:
    """Specific enthalpy (kJ/kg) of purchased steam at an absolute pressure and, when given, a
    temperature (superheated); without one, dry saturated steam at that pressure.

    :raises ValueError: the pressure is outside :data:`PRESSURE_RANGE`, or the temperature is
        below the saturation temperature (that is water, not steam) or above :data:`MAX_TEMPERATURE`.
    """
    if not PRESSURE_RANGE[0] <= pressure_mpa <= PRESSURE_RANGE[1]:
        raise ValueError(f"{pressure_mpa:g} MPa is outside {PRESSURE_RANGE[0]:g}-{PRESSURE_RANGE[1]:g} MPa")
    saturated = saturation_temperature(pressure_mpa)
    if temperature_c is None:
        return steam_enthalpy(saturated, pressure_mpa)
    kelvin = temperature_c + 273.15
    if kelvin < saturated - 0.05:
        raise ValueError(
            f"{temperature_c:g} degC is below the saturation temperature at {pressure_mpa:g} MPa "
            f"({saturated - 273.15:.1f} degC): that is water, not steam"
        )
    if temperature_c > MAX_TEMPERATURE:
        raise ValueError(f"{temperature_c:g} degC is above {MAX_TEMPERATURE:g} degC")
    return steam_enthalpy(max(kelvin, saturated), pressure_mpa)
