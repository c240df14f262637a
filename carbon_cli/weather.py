"""Weather files: daily mean temperatures (°C, or °F with ``unit: F``) or daily degree days, per
site or region, read through the guarded reader, and the degree days a weather model needs.

A weather file is a table with a ``date`` column and either a temperature column
(``temperature``, ``temp``, ``tavg``, ``mean_temp``, ``气温``, ``平均气温``) or degree-day columns
(``hdd``, ``cdd``; then the balance points are the publisher's and are not searched). A
``site``/``station``/``region`` column says which sites a row is for; without it every site
shares the one series.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputDataError
from .spreadsheets import Kind, read_table

WEATHER = Kind("weather", "the weather data", "Write a header row (date, temperature) and one row per day")
TEMPERATURE_NAMES = ("temperature", "temp", "tavg", "mean_temp", "mean temperature", "气温", "平均气温", "日平均气温")
KEY_NAMES = ("site", "station", "region", "站点", "地区")
#: Above this a daily mean temperature cannot be °C (the hottest places average about 40 °C).
HOTTEST_DAILY_MEAN_C = 50.0


def read_weather(path: Path, shown: str, *, fahrenheit: bool = False) -> pd.DataFrame:
    """A weather file as ``key`` (site id, region or "" for all), ``date`` and ``temperature``
    (°C) or ``hdd``/``cdd`` per day.

    :raises InputDataError: a needed column is missing, or a date or value does not read,
        naming the row; a day given twice for the same key.
    """
    table = read_table(path, shown, kind=WEATHER)
    table.columns = [str(c).strip().lower() for c in table.columns]
    if "date" not in table.columns and "日期" in table.columns:
        table = table.rename(columns={"日期": "date"})
    temperature = next((c for c in TEMPERATURE_NAMES if c in table.columns), None)
    degree_days = {"hdd", "cdd"} <= set(table.columns)
    if "date" not in table.columns or (temperature is None and not degree_days):
        raise InputDataError(
            f"no date and temperature (or hdd and cdd) column; columns found: {', '.join(table.columns)}",
            where=shown,
            fix="Name the columns date and temperature (°C), or date, hdd and cdd",
        )
    table = table[table["date"].astype(str).str.strip() != ""]
    key_column = next((c for c in KEY_NAMES if c in table.columns), None)
    out = pd.DataFrame(index=table.index)
    out["key"] = table[key_column].astype(str).str.strip() if key_column else ""
    out["date"] = pd.to_datetime(table["date"].astype(str).str.strip(), format="ISO8601", errors="coerce")
    columns = [temperature] if temperature else ["hdd", "cdd"]
    for column in columns:
        values = pd.to_numeric(table[column].astype(str).str.strip(), errors="coerce")
        out["temperature" if column == temperature else column] = values.to_numpy()
    bad = out["date"].isna() | out[[c for c in out.columns if c not in ("key", "date")]].isna().any(axis=1)
    bad |= ~np.isfinite(out.drop(columns=["key", "date"]).to_numpy(float)).all(axis=1)
    if bad.any():
        row = int(bad[bad].index[0]) + 2  # the table keeps blank lines: index i is the file's row i + 2
        raise InputDataError(
            "a date or value does not read (dates as 2024-01-31, numbers as 12.5)",
            where=f"{shown}: row {row}",
            fix="Correct the row or remove it; a missing day is left out of the degree days",
        )
    if fahrenheit and "temperature" in out:
        out["temperature"] = (out["temperature"] - 32) * 5 / 9
    elif "temperature" in out and out["temperature"].max() > HOTTEST_DAILY_MEAN_C:
        # no place has a daily mean this hot in °C: the file reads as °F, and °C would make every
        # degree day wrong without a word
        row = int(out.index.to_numpy()[np.argmax(out["temperature"].to_numpy())]) + 2
        raise InputDataError(
            f"a daily mean of {out['temperature'].max():g} is too hot for °C (the hottest is about 40 °C): "
            "the file looks like °F",
            where=f"{shown}: row {row}",
            fix="Say the unit: weather: {path: ..., unit: F} (or correct the value)",
        )
    twice = out.duplicated(["key", "date"])
    if twice.any():
        row = int(twice[twice].index[0]) + 2
        raise InputDataError("this day is given twice", where=f"{shown}: row {row}", fix="Keep one row per day")
    return out.sort_values(["key", "date"], ignore_index=True)


def key_for(weather: pd.DataFrame, site: str, region: str) -> str | None:
    """Which series of ``weather`` is a site's: its id's, else its region's (or its country's),
    else the shared one; None when none is for it."""
    keys = set(weather["key"])
    return next((key for key in (site, region, region.split("-")[0], "") if key in keys), None)


@dataclass(frozen=True)
class DegreeDays:
    """Monthly degree days at every balance point at once: ``hdd[i, m]`` at ``heating_bases[i]``,
    ``cdd[j, m]`` at ``cooling_bases[j]``, for ``months`` (YYYY-MM) with ``weather_days`` each.
    A file of published degree days has one base each way (``nan``: the publisher's)."""

    months: np.ndarray
    weather_days: np.ndarray
    heating_bases: tuple[float, ...]
    cooling_bases: tuple[float, ...]
    hdd: np.ndarray
    cdd: np.ndarray

    def at(self, heating: float | None, cooling: float | None) -> pd.DataFrame:
        """``month, hdd, cdd, weather_days`` at one pair of balance points."""
        h = self.heating_bases.index(heating) if heating in self.heating_bases else 0
        c = self.cooling_bases.index(cooling) if cooling in self.cooling_bases else 0
        return pd.DataFrame(
            {"month": self.months, "hdd": self.hdd[h], "cdd": self.cdd[c], "weather_days": self.weather_days}
        )


def degree_days(days: pd.DataFrame, heating_bases: Sequence[float], cooling_bases: Sequence[float]) -> DegreeDays:
    """:class:`DegreeDays` of a site's days (°C-days: sums of ``max(base - t, 0)`` and ``max(t - base, 0)``)."""
    codes, months = pd.factorize(days["date"].dt.strftime("%Y-%m"), sort=True)
    count = np.bincount(codes, minlength=len(months)).astype(float)
    if "temperature" not in days:
        hdd = np.bincount(codes, weights=days["hdd"].to_numpy(float), minlength=len(months))[None, :]
        cdd = np.bincount(codes, weights=days["cdd"].to_numpy(float), minlength=len(months))[None, :]
        return DegreeDays(np.asarray(months), count, (math.nan,), (math.nan,), hdd, cdd)
    t = days["temperature"].to_numpy(float)
    heating, cooling = np.asarray(heating_bases, float), np.asarray(cooling_bases, float)
    hdd_daily = np.maximum(heating[:, None] - t[None, :], 0.0)
    cdd_daily = np.maximum(t[None, :] - cooling[:, None], 0.0)
    month_sum = np.zeros((len(t), len(months)))
    month_sum[np.arange(len(t)), codes] = 1.0
    return DegreeDays(
        np.asarray(months),
        count,
        tuple(heating_bases),
        tuple(cooling_bases),
        hdd_daily @ month_sum,
        cdd_daily @ month_sum,
    )


def monthly_degree_days(days: pd.DataFrame, heating: float, cooling: float) -> pd.DataFrame:
    """Per calendar month (``month`` as YYYY-MM): the days with weather, HDD and CDD at the balance
    points (°C-days: the sum of ``max(base - t, 0)`` and ``max(t - base, 0)``)."""
    month = days["date"].dt.strftime("%Y-%m")
    if "temperature" in days:
        t = days["temperature"].to_numpy(float)
        hdd, cdd = np.maximum(heating - t, 0.0), np.maximum(t - cooling, 0.0)
    else:
        hdd, cdd = days["hdd"].to_numpy(float), days["cdd"].to_numpy(float)
    frame = pd.DataFrame({"month": month, "hdd": hdd, "cdd": cdd, "weather_days": 1})
    return frame.groupby("month", sort=True).sum().reset_index()
