"""A ``bills[]`` entry of the site YAML: the file, how its table is laid out and read, its
columns, and the keys of its kinds of rows (meter readings, credits, interval data).

Re-exported by :mod:`carbon_cli.config`, where the rest of the site YAML is.
"""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .config_model import ConfigModel
from .vehicles import Engine, Vehicle


class Columns(ConfigModel):
    """Which header of the bill file holds each field (defaults are guessed, see carbon_cli.bills.headers)."""

    start: str | None = None
    end: str | None = None
    quantity: str | None = None
    unit: str | None = None
    meter: str | None = None
    cost: str | None = None
    estimated: str | None = None
    site: str | None = None
    activity: str | None = None
    credit: str | None = None
    cv: str | None = None
    #: A fleet's miles or km beside its fuel, and its vehicles' model year (issue 14, mobile_epa.py).
    distance: str | None = None
    model_year: str | None = None
    #: A bill for one calendar month (202101, Jan-21, 2021年1月), instead of start and end.
    month: str | None = None
    #: A purchase on one day (a fuel delivery), instead of start and end.
    date: str | None = None
    # Meter readings (carbon_cli.bills.readings): one row per bill, or a log of one read per row.
    previous: str | None = None
    current: str | None = None
    multiplier: str | None = None
    #: Transformer loss billed on top of the metered energy (State Grid 变损电量).
    loss: str | None = None
    reading: str | None = None
    read_date: str | None = None
    status: str | None = None


class Replacement(ConfigModel):
    """A meter replaced between two reads (``replaced:``): the old meter's final reading and the
    new one's start reading on ``date`` (reads dated on or before it are the old meter's)."""

    date: dt.date
    old_final: float = Field(ge=0, allow_inf_nan=False)
    new_start: float = Field(ge=0, allow_inf_nan=False)
    #: The meter replaced; may be left out when the file reads one meter.
    meter: str | None = None


class CreditRule(ConfigModel):
    """Rows that are credits, by a text column: ``credit: {column: 备注, values: [退补, 冲红]}``."""

    column: str = Field(min_length=1)
    values: list[str] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _not_blank(cls, values: list[str]) -> list[str]:
        if any(not str(value).strip() for value in values):
            raise ValueError("a credit value may not be empty")
        return values


class BillSource(ConfigModel):
    path: Path
    #: A workbook's sheet: a name (a number that is a sheet's name is that name), else a position from 0.
    sheet: str | int | None = None
    #: A workbook's sheet by position from 0, whatever the sheets are named.
    sheet_index: int | None = Field(default=None, ge=0, le=10_000)
    #: Every row's activity; None when the file has an activity column (a portfolio table).
    activity: str | None = Field(default=None, min_length=1)
    unit: str | None = None
    meter: str | None = None
    header_row: int = Field(default=1, ge=1, le=1_048_576)
    # The file's layout (read in bills/layout.py): without header_row the header block is found.
    #: Rows the header block spans: 2 for a two-row header (flattened to "top/bottom" names).
    header_rows: int | None = Field(default=None, ge=1, le=2)
    #: Workbook sheets read with this one mapping: "all" (the visible ones), a name, a glob, or a list.
    sheets: Literal["all"] | str | list[str] | None = None
    #: A CSV's separator ("," ";" "|" or "\t"; "tab" for a tab); None sniffs it from the file.
    delimiter: str | None = None
    #: A CSV's text encoding (utf-8, utf-16, gb18030 ...); None settles it from the bytes.
    encoding: str | None = None
    #: The decimal mark of the quantity and cost text cells: "," or "."; None settles it from the values.
    decimal: Literal[",", "."] | None = None
    #: How the file writes day-and-month dates (03/04/2021); None settles it from the values.
    dates: Literal["dayfirst", "monthfirst"] | None = None
    #: Gas calorific value printed on the bill (gross, MJ/m3): 39.5 or "39.5 MJ/m3"; read in bills/quantities.
    cv: float | str | None = None
    #: Fuel billed in energy (kWh, MJ, therm): whether the supplier's energy is "gross" (GCV, HHV, Hs,
    #: Brennwert, PCS) or "net" (NCV, LHV, Hi); needed where the region's factors set no convention.
    energy_basis: Literal["gross", "net"] | None = None
    #: Volume correction factor applied with a CV (default 1.02264 in GB, 1 elsewhere).
    volume_correction: float | None = Field(default=None, gt=0.9, lt=1.1)
    #: A biodiesel blend on diesel bills (B20, 20 or "20%": the bio share by volume); read in bills/blends.
    blend: float | str | None = None
    #: A vehicle fleet (issue 14): fuel rows get road CH4/N2O, km/mile rows per-km factors (mobile.py).
    vehicle: Vehicle | None = None
    columns: Columns = Columns()
    #: Meter readings: the multiplier (CT ratio, 倍率) where the file has no multiplier column.
    multiplier: float | None = Field(default=None, gt=0, le=1e9, allow_inf_nan=False)
    #: Meter readings: the largest reading the dials show (99999): a lower reading after it is a rollover.
    rollover: float | None = Field(default=None, gt=0, le=1e15, allow_inf_nan=False)
    #: Meter readings: meters replaced between two reads.
    replaced: tuple[Replacement, ...] = ()
    #: Meter readings: status cells that mark a read as a new meter's first (default: 换表, Meter replaced ...).
    replacement_marks: tuple[str, ...] | None = None
    #: Rows that are credits by the text of a column (read in bills/credits.py).
    credit: CreditRule | None = None
    #: Interval data (bills/interval.py): "long" (a row per interval) or "wide" (a row per day); None detects it.
    interval: Literal["long", "wide"] | None = None
    #: The meter's local time zone (IANA name, e.g. Europe/London): which days have 23 or 25 hours.
    timezone: str | None = None
    #: Whether interval timestamps mark each interval's start or end; None settles it from the data.
    timestamps: Literal["start", "end"] | None = None
    #: Steam billed by mass: its specific enthalpy (2780 or "2780 kJ/kg", "2.78 GJ/t"); read in bills/steam.
    steam_enthalpy: float | str | None = None
    #: Steam billed by mass: its pressure, saying absolute or gauge ("0.9 MPa gauge", "1.0 MPa absolute").
    steam_pressure: str | None = None
    #: Steam billed by mass: its temperature, degC (superheated); without it, dry saturated steam.
    steam_temperature: float | None = Field(default=None, ge=0, le=1000, allow_inf_nan=False)
    #: The longest bill of this file, in days (default five years: carbon_cli.guards; bills/length.py).
    longest_bill_days: int | None = Field(default=None, ge=1, le=3_652_059)
    #: A fleet's model year (EPA method, mobile_epa.py): CH4 and N2O per vehicle-mile of its band.
    model_year: int | None = Field(default=None, ge=1900, le=2100)
    #: Non-road equipment: which row of EPA Hub Table 5 (2_stroke, 4_stroke, off_road_truck, equipment).
    engine: Engine | None = None
    #: The unit of a fleet's distance column (mile, km), beside its fuel quantity.
    distance_unit: str | None = None

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, name: str | None) -> str | None:
        if name is not None:
            import zoneinfo

            try:
                zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(f"unknown time zone '{name}': use an IANA name such as Europe/London") from exc
        return name

    @model_validator(mode="after")
    def _one_sheet(self) -> BillSource:
        if self.sheet is not None and self.sheet_index is not None:
            raise ValueError("give sheet (a name) or sheet_index (a position from 0), not both")
        if self.sheets is not None and (self.sheet is not None or self.sheet_index is not None):
            raise ValueError("give sheets (several sheets) or sheet / sheet_index (one sheet), not both")
        return self

    @field_validator("delimiter")
    @classmethod
    def _delimiter(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = "\t" if value.strip().lower() in ("tab", "\\t") else value
        if len(value) != 1 or value in '"\r\n':
            raise ValueError("delimiter is one character: ',' ';' '|' or tab (write \"\\t\" or tab)")
        return value

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return codecs.lookup(value).name
        except LookupError:
            raise ValueError(f"unknown encoding '{value}' (e.g. utf-8, utf-16, gb18030, cp1252)") from None

    @model_validator(mode="after")
    def _one_credit_rule(self) -> BillSource:
        if self.credit is not None and self.columns.credit:
            raise ValueError(
                "give columns.credit (a yes/no column) or credit: {column: ..., values: [...]} "
                "(a text column), not both"
            )
        return self
