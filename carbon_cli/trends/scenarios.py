"""Scenarios: what-ifs on a forecast's projection (per site and activity: quantity, unit, t CO2e
per unit in both views). A scenario's levers apply in this order:

* ``efficiency``: the activity's use (or every activity's) falls by the share;
* ``heat_pump``: ``share`` of the fuel's use goes; its heat (fuel kWh × ``boiler_efficiency``)
  comes from electricity at ``cop``, priced at the site's own electricity rates;
* ``pv``: ``kwp × yield_kwh_per_kwp`` of the site's electricity is generated and used on site
  (never more than the site uses; an export is not modelled, so nothing is netted);
* ``green_share``: that share of the remaining electricity is bought as green power, which
  market-based Scope 2 counts at zero (location-based is unchanged, as the GHG Protocol's Scope 2
  Guidance has it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import units
from ..config_goals import Scenario
from ..errors import ConfigError

ELECTRICITY = "electricity"


def apply_scenario(projection: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """``projection`` with the scenario's levers applied, t CO2e recomputed in both views.

    :raises ConfigError: a lever names a site without the activity it needs, or a fuel not in an
        energy unit without ``kwh_per_unit``, naming the key.
    """
    out = projection.copy()
    where = f"scenarios '{scenario.name}'"
    quantity = out["quantity"].to_numpy(float).copy()
    spread = out["quantity_sd"].to_numpy(float).copy()
    activity, site, unit = (out[c].astype(str).to_numpy() for c in ("activity", "site", "unit"))
    if scenario.efficiency is not None:
        rows = activity == scenario.activity if scenario.activity else np.ones(len(out), dtype=bool)
        if scenario.activity and not rows.any():
            raise ConfigError(
                f"no {scenario.activity} in the forecast",
                where=f"{where}.activity",
                fix="Name an activity the sites bill",
            )
        quantity[rows] *= 1 - scenario.efficiency
        spread[rows] *= 1 - scenario.efficiency
    if scenario.heat_pump is not None:
        pump = scenario.heat_pump
        fuel = (activity == pump.replaces) & (site == pump.site if pump.site else True)
        for index in np.flatnonzero(fuel):
            removed = quantity[index] * pump.share
            per_kwh = _kwh_per_unit(unit[index], pump.kwh_per_unit, f"{where}.heat_pump.kwh_per_unit")
            electricity_kwh = removed * per_kwh * pump.boiler_efficiency / pump.cop
            target = _electricity_row(activity, site, site[index], f"{where}.heat_pump")
            quantity[index] -= removed
            quantity[target] += electricity_kwh * units.scale("kWh", unit[target])
    if scenario.pv is not None:
        pv = scenario.pv
        sites = [pv.site] if pv.site else sorted(set(site[activity == ELECTRICITY]))
        if len(sites) != 1:
            raise ConfigError(
                "PV needs the site it is on", where=f"{where}.pv.site", fix="Give pv: {site: <site id>, ...}"
            )
        target = _electricity_row(activity, site, sites[0], f"{where}.pv")
        generated = pv.kwp * pv.yield_kwh_per_kwp * units.scale("kWh", unit[target])
        quantity[target] = max(quantity[target] - generated, 0.0)
    market = out["t_per_unit_market"].to_numpy(float).copy()
    if scenario.green_share is not None:
        market[activity == ELECTRICITY] *= 1 - scenario.green_share
    out["quantity"], out["quantity_sd"], out["t_per_unit_market"] = quantity, spread, market
    out["t_location"] = quantity * np.nan_to_num(out["t_per_unit_location"].to_numpy(float))
    out["t_market"] = quantity * np.nan_to_num(market)
    return out


def _kwh_per_unit(unit: str, given: float | None, key: str) -> float:
    if units.dimension(unit) == "energy":
        return units.scale(unit, "kWh")
    if given is None:
        raise ConfigError(
            f"the fuel is billed in {unit}, not energy",
            where=key,
            fix="Give kwh_per_unit, e.g. 10.81 for natural gas in m³",
        )
    return given


def _electricity_row(activity: np.ndarray, sites: np.ndarray, site: str, key: str) -> int:
    rows = np.flatnonzero((sites == site) & (activity == ELECTRICITY))
    if not len(rows):
        raise ConfigError(
            f"site {site} has no electricity in the forecast to price it",
            where=key,
            fix="Forecast a site that buys electricity",
        )
    return int(rows[0])
