"""Units: the one pint registry, with the spellings real bills use.

Conversion is vectorised: each distinct unit string is parsed once and turned into one scale
factor, then whole columns are multiplied. Never create one pint object per bill row (about
80 s per million rows, against 1 ms for an array).

This module must not import pint at import time; the registry is built on first use.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

from .errors import InputDataError, quoted

if TYPE_CHECKING:
    import pint

#: Spellings seen on bills, keyed by their lower-case form, mapped to what pint reads.
#: Case matters to pint (MWh is not mWh), so only these known spellings are folded.
_ALIASES: dict[str, str] = {
    "kwh": "kWh",
    "kw·h": "kWh",
    "kw.h": "kWh",
    "kw h": "kWh",
    "mwh": "MWh",
    "gwh": "GWh",
    "mj": "MJ",
    "gj": "GJ",
    "tj": "TJ",
    "btu": "Btu",
    "mmbtu": "MMBtu",
    "therm": "therm",
    "therms": "therm",
    "thm": "therm",
    "m3": "m**3",
    "m³": "m**3",
    "nm3": "m**3",
    "nm³": "m**3",
    "cbm": "m**3",
    "scf": "scf",
    "ccf": "ccf",
    "hcf": "hcf",
    "mcf": "mcf",
    "ft3": "ft**3",
    "ft³": "ft**3",
    "cf": "ft**3",
    "cu ft": "ft**3",
    "l": "L",
    "litre": "L",
    "litres": "L",
    "liter": "L",
    "liters": "L",
    "gal": "gal",
    "gallon": "gal",
    "gallons": "gal",
    "us gal": "gal",
    "usgal": "gal",
    "us gallon": "gal",
    "us gallons": "gal",
    "imp gal": "imperial_gallon",
    "imp. gal": "imperial_gallon",
    "impgal": "imperial_gallon",
    "uk gal": "imperial_gallon",
    "imperial gallon": "imperial_gallon",
    "imperial gallons": "imperial_gallon",
    "dth": "Dth",
    "dekatherm": "Dth",
    "dekatherms": "Dth",
    "kw⋅h": "kWh",
    "kw∙h": "kWh",
    "mw·h": "MWh",
    # 千瓦·时 is the kilowatt-hour as Chinese standards print it (GB 3102.4); pint would read the dot as a product.
    "千瓦·时": "千瓦时",
    "千瓦.时": "千瓦时",
    "千瓦⋅时": "千瓦时",
    "kg": "kg",
    "t": "t",
    "tonne": "t",
    "tonnes": "t",
    "metric ton": "t",
}

#: The spellings carbon promises to read; shown in error messages.
ACCEPTED = (
    "kWh, MWh, GJ, TJ, MMBtu, therm, Dth, ton_hour, m3, Nm3, ft3, scf, ccf, hcf, Mcf, L, US gal, "
    + "imp gal, kg, t, 度, 千瓦时, 千瓦·时, 万千瓦时, 方, 立方, 立方米, 标方, 升, 公升, 吨"
)

#: Dimension names used throughout carbon, with a unit of each.
_DIMENSION_UNITS = {"energy": "J", "volume": "m**3", "mass": "kg"}


#: A comma only between thousands (1,234.5). A decimal comma (1,5 or 1.234,5) is refused, not
#: guessed: dropping it would read the number 10 or 1000 times too large.
THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$")


#: A number that reads two ways (issue 12): one mark after 1-3 digits (not a leading 0), then
#: exactly three digits. ``12,000`` is 12000 or 12; ``12.570`` is 12.57 or 12570.
TWO_WAYS = re.compile(r"^[-+]?[1-9]\d{0,2}[.,]\d{3}$")


class TwoWays(ValueError):
    """A number whose separator may be a decimal mark or a thousands separator (``12.570``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        comma = "," in text
        #: The number with the mark as a decimal point, then as a thousands separator (or the reverse).
        self.readings = (
            (float(text.replace(",", "")), float(text.replace(",", ".")))
            if comma
            else (float(text), float(text.replace(".", "")))
        )
        super().__init__(f"{text!r} reads two ways: {self.readings[0]:g} or {self.readings[1]:g}")

    @property
    def problem(self) -> str:
        return f"{quoted(self.text)} reads two ways, {self.readings[0]:g} or {self.readings[1]:g}"

    @property
    def fix(self) -> str:
        first, second = (_written(value) for value in self.readings)
        return f"Write {first} or {second}, whichever is meant (a decimal point, no thousands separator)"


def _written(value: float) -> str:
    """A number written so that it reads one way: a decimal point, no thousands separator
    (12570, 12.57), and a trailing zero where three decimals would read two ways (38.9310)."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return f"{text}0" if TWO_WAYS.match(text) else text


def number(text: str) -> float:
    """A number as people write it: thousands separators allowed, a decimal comma refused.

    :raises TwoWays: the number reads two ways (``12,000``, ``12.570``): never guessed.
    :raises ValueError: the text is not a number, or its comma could be a decimal comma.
    """
    text = unicodedata.normalize("NFKC", str(text)).strip()
    if TWO_WAYS.match(text):
        raise TwoWays(text)
    if "," in text and not THOUSANDS.match(text):
        raise ValueError(f"ambiguous comma in {text!r}")
    return float(text.replace(",", ""))


@functools.cache
def registry() -> pint.UnitRegistry:
    """Build (once) and return carbon's unit registry."""
    import pint

    try:
        # pint keeps the parsed definitions in the user's cache folder: 0.02 s instead of 0.2 s a run.
        ureg: pint.UnitRegistry = pint.UnitRegistry(cache_folder=":auto:")
    except Exception:  # no writable cache folder: parse them again every time
        ureg = pint.UnitRegistry(cache_folder=None)
    definitions = resources.files("carbon_cli") / "units.txt"
    with resources.as_file(definitions) as path:
        ureg.load_definitions(str(path))
    return ureg


#: What a unit may look like before pint sees it: a name (``kWh``, ``m``, ``度``, ``short_ton``)
#: with an optional small power, times at most one more such name (``kW*h``). pint evaluates
#: anything else as an expression: ``9**9**9`` runs for minutes and deep parentheses overflow
#: the stack, so a unit is matched against this shape first and never evaluated.
_UNIT_SHAPE = re.compile(r"[^\W\d]\w{0,30}(?:\*\*[1-3])?(?:\s*[*·\s]\s*[^\W\d]\w{0,30}(?:\*\*[1-3])?)?")


#: A plain number written straight before its unit: ``4000kWh``, ``1.5e3 m**3``.
_GLUED = re.compile(r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S.*)")


def _is_unit_name(text: str) -> bool:
    """``text`` (already normalised) has the shape of a unit name, not of an expression."""
    return len(text) <= 64 and _UNIT_SHAPE.fullmatch(text) is not None


def normalise(unit: str) -> str:
    """Return the pint spelling of a unit as written on a bill (``' KWH '`` -> ``'kWh'``)."""
    text = unicodedata.normalize("NFKC", str(unit)).strip()
    # NFKC turns ³ into 3, so "m³" arrives here as "m3".
    return _ALIASES.get(text.lower(), text)


@functools.cache
def parse(unit: str) -> pint.Unit:
    """Parse a unit string (bill spelling allowed) into a pint unit; cached per string.

    :raises InputDataError: the unit is unknown to carbon.
    """
    import pint

    ureg = registry()
    if not _is_unit_name(normalise(unit)):
        raise InputDataError(f"unknown unit {quoted(unit)}", fix=f"Use one of: {ACCEPTED}")
    try:
        quantity: pint.Quantity = ureg.Quantity(normalise(unit))
    except (
        pint.errors.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        AssertionError,
        AttributeError,
        TypeError,
        ValueError,
    ) as exc:
        raise InputDataError(f"unknown unit {quoted(unit)}", fix=f"Use one of: {ACCEPTED}") from exc
    if quantity.magnitude != 1:
        raise InputDataError(f"'{unit}' is a quantity, not a unit", fix=f"Use one of: {ACCEPTED}")
    return cast("pint.Unit", quantity.units)  # the registry's own Unit class; pint types it as PlainUnit


def dimension(unit: str) -> str:
    """Name the dimension of a unit: ``energy``, ``volume``, ``mass`` or pint's own text."""
    return dimension_of(parse(unit))


def dimension_of(value: pint.Unit | pint.Quantity) -> str:
    """Name the dimension of a pint unit or quantity (see :func:`dimension`)."""
    return _dimension_names().get(value.dimensionality, str(value.dimensionality))


@functools.cache
def _dimension_names() -> dict[Any, str]:
    # Keyed by pint's dimensionality objects, which compare regardless of factor order.
    ureg = registry()
    return {ureg.Quantity(1, unit).dimensionality: name for name, unit in _DIMENSION_UNITS.items()}


def quantity(text: str) -> pint.Quantity:
    """Parse a quantity such as ``'4000 kWh'`` or ``'10000 m**3'``; each distinct text once a
    process (a run reads the same factor units dozens of times; pint parses one in about 0.3 ms).
    The quantity is shared: pint's arithmetic makes new ones and carbon changes none in place.

    :raises InputDataError: the text is not a number with a known unit.
    """
    return _quantity(str(text))


@functools.cache
def _quantity(text: str) -> pint.Quantity:
    ureg = registry()
    normalised = unicodedata.normalize("NFKC", text).strip()
    figure, _, unit = normalised.partition(" ")
    try:
        return ureg.Quantity(number(figure), parse(unit))
    except TwoWays as exc:
        raise InputDataError(f"{exc.problem} in {quoted(text)}", fix=exc.fix) from exc
    except ValueError as exc:
        if "," in figure:  # pint would read "1,5" as 15: refuse here rather than hand it on
            raise InputDataError(
                f"{quoted(figure)} has a comma that may be a decimal comma in '{text}'",
                fix="Write 1.5 (a comma only between thousands: 1,234.5)",
            ) from exc
        # not "<number> <unit>": a number glued to its unit ("4000kWh") or a bare unit name
        # ("kWh", one of it); nothing else is evaluated
    glued = _GLUED.fullmatch(normalised)
    if glued is not None and _is_unit_name(normalise(glued.group(2))):
        try:
            return ureg.Quantity(number(glued.group(1)), parse(glued.group(2)))
        except TwoWays as exc:
            raise InputDataError(f"{exc.problem} in {quoted(text)}", fix=exc.fix) from exc
    if not _is_unit_name(normalise(normalised)):
        raise InputDataError(
            f"cannot read quantity {quoted(text)}", fix=f"Write a number and a unit, e.g. '4000 kWh' ({ACCEPTED})"
        )
    try:
        return ureg.Quantity(normalise(normalised))
    except Exception as exc:  # pint raises a variety of parser errors here
        raise InputDataError(
            f"cannot read quantity {quoted(text)}", fix=f"Write a number and a unit, e.g. '4000 kWh' ({ACCEPTED})"
        ) from exc


def scale(from_unit: str, to_unit: str) -> float:
    """Return the number that converts a magnitude in ``from_unit`` into ``to_unit``.

    :raises InputDataError: the units measure different things (m3 into kWh).
    """
    import pint

    source, target = parse(from_unit), parse(to_unit)
    try:
        return float(registry().Quantity(1.0, source).to(target).magnitude)
    except pint.errors.DimensionalityError as exc:
        raise InputDataError(
            f"cannot convert '{from_unit}' ({dimension(from_unit)}) to '{to_unit}' ({dimension(to_unit)})",
            fix="Check the unit column or the bill's default unit",
        ) from exc


def ratio(text: str) -> tuple[Any, Any]:
    """Split a factor unit such as ``'kg/TJ'`` or ``'GJ/10000 m**3'`` at its first ``/``.

    Returns (numerator, denominator) as pint quantities, so a scaled denominator keeps its
    scale. Kept apart because a per-kg factor of kg CO2 would otherwise cancel to a number.
    """
    numerator, sep, denominator = str(text).partition("/")
    if not sep:
        raise InputDataError(
            f"factor unit '{text}' has no '/'", fix="Write factor units as <gas mass>/<activity unit>, e.g. kg/kWh"
        )
    return quantity(numerator.strip()), quantity(denominator.strip())


@functools.cache
def per_dimension(unit: str) -> str:
    """The dimension a factor or property unit is per (``energy``, ``volume``, ``mass`` ...)."""
    return dimension_of(ratio(unit)[1])


def per_unit(value: float, unit: str) -> Any:
    """A factor or property value as a pint ratio (``36.34``, ``MJ/m**3`` -> 36.34 MJ per m3), its
    denominator's scale kept (``GJ/10000 m**3``)."""
    numerator, denominator = ratio(unit)
    return float(value) * numerator / denominator
