"""Per-gas shares published in CO2e: back to the mass of the gas, so the run's GWP set applies.

Some publishers give each gas's share of a factor already weighted with a GWP set (the UK
government conversion factors: "kg CO2e of CH4 per unit", AR4 up to the 2022 set, AR5 from
2023). A factor file writes such a row as published, with the gas as ``CH4@AR4`` (CO2e of CH4,
weighted with AR4's GWP100). Loading divides the value by that GWP and the row becomes a plain
``CH4`` row (kg of CH4 per unit), so ``--gwp AR4|AR5|AR6`` weights it like any other factor and
the GWP the report names is the one every number used.
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import InputDataError

#: ``CH4@AR4``: the gas, then the GWP set its published CO2e value was weighted with.
WEIGHTED = re.compile(r"(?P<gas>[A-Za-z0-9]+)@(?P<set>AR\d)")


def unweighted(table: pd.DataFrame, gwp: pd.DataFrame, where: str) -> pd.DataFrame:
    """``table`` with every ``GAS@SET`` row turned into a mass of the gas: value / GWP(SET, GAS).

    :param gwp: the GWP table (``set, gas, origin, value``); the set must give the gas one
        value (origin ``any``), as AR4 and AR5 do.
    :raises InputDataError: the set or the gas is unknown, or the set gives the gas no single value.
    """
    parts = table["gas"].str.extract(WEIGHTED.pattern)
    weighted = parts["gas"].notna() & table["gas"].str.fullmatch(WEIGHTED.pattern)
    if not weighted.any():
        return table
    single = gwp[gwp["origin"] == "any"].set_index(["set", "gas"])["value"]
    keys = list(zip(parts.loc[weighted, "set"], parts.loc[weighted, "gas"], strict=True))
    missing = [f"{g}@{s}" for s, g in keys if (s, g) not in single.index]
    if missing:
        raise InputDataError(
            f"no single GWP100 for {missing[0]}",
            where=where,
            fix="Write the gas as CH4@AR4, N2O@AR5 ...: a set of gwp.csv that gives the gas one value",
        )
    table = table.copy()
    divisors = [float(single[key]) for key in keys]
    table.loc[weighted, "value"] = table.loc[weighted, "value"].astype("float64") / divisors
    table.loc[weighted, "gas"] = parts.loc[weighted, "gas"]
    return table
