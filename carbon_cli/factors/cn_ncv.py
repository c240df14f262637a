"""A Chinese site's own net calorific value carried into its fuel's CO2 coefficient.

China's default fuel coefficients (``cn_fuels.csv``, and natural gas in ``emission_factors.csv``)
are CO2 per kg (per Nm³ for gas), the product of the default NCV, the carbon content per unit
heat and the oxidation rate (× 44/12: GB/T 32150-2015 and the MEE/NDRC enterprise accounting
guidelines). A site that gives its own NCV (``conversions: {diesel: {ncv: 43.33 GJ/t}}``, from
its fuel supplier or its own tests, as the guidelines ask where measured) changes the heat its
fuel holds, so its CO2 per kg changes too: this module recomputes the coefficient from the
site's NCV with the published carbon content and oxidation rate
(``factors/cn_fuel_parameters.csv``, built from ``scripts/factors/inputs/``), and says so in an
``info`` notice. Before, the site's NCV changed only the IPCC CH4/N2O (per TJ), and the CO2
silently kept the default NCV. It chooses no factor itself.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import units
from ..errors import ConfigError
from ..notices import Notice
from .files import read_table
from .regions import country_of

if TYPE_CHECKING:
    from ..config import SiteConfig

PARAMETERS = "cn_fuel_parameters.csv"
#: The suffix of a recomputed coefficient's id (the shipped id it replaces comes before it).
SUFFIX = "@site-ncv"
C_TO_CO2 = 44 / 12


@functools.cache
def parameters() -> dict[str, dict[str, Any]]:
    """The published parameters of each Chinese default coefficient, by activity."""
    return {
        str(row["activity"]): {str(k): v for k, v in row.items()} for row in read_table(PARAMETERS).to_dict("records")
    }


def coefficient(ncv: str, activity: str, where: str) -> tuple[float, str]:
    """kg CO2 per unit of fuel from an NCV written as ``<number> <energy>/<amount>``, and its unit.

    Per the shipped coefficient's amount (kg, Nm³) when the NCV is per the same kind of amount
    (``GJ/t`` gives kg/kg); else per the NCV's own amount (``GJ/m3`` for diesel gives kg/m3).

    :raises ConfigError: the NCV's numerator is not an energy.
    """
    published = parameters()[activity]
    numerator, denominator = units.ratio(ncv)
    if units.dimension_of(numerator) != "energy":
        raise ConfigError(
            f"ncv '{ncv}' is not an energy per amount of {activity}",
            where=where,
            fix="Write the net calorific value as energy per mass or volume, e.g. ncv: 43.33 GJ/t",
        )
    terajoules = float(numerator.to("TJ").magnitude)  # per `denominator` of fuel
    unit = "kg/" + ncv.partition("/")[2].strip()
    shipped = units.ratio(str(published["unit"]))[1]
    if units.dimension_of(shipped) == units.dimension_of(denominator):
        terajoules *= float(shipped.to(denominator.units).magnitude) / float(denominator.magnitude)
        unit = str(published["unit"])
    tonnes_c = terajoules * float(published["carbon_content"]) * float(published["oxidation_pct"]) / 100
    return tonnes_c * C_TO_CO2 * 1000, unit


def with_site_ncv(table: pd.DataFrame, cfg: SiteConfig) -> pd.DataFrame:
    """The site's factor table with each Chinese default CO2 coefficient recomputed from the
    site's own NCV, for every fuel the site gives ``conversions.<fuel>.ncv`` for.

    Only Chinese sites, and only where the shipped coefficient is still in the table (a site's
    own factor for that fuel, ``factors:``, replaces it and wins).
    """
    if country_of(cfg.site.region) != "CN":
        return table
    published = parameters()
    table = table.copy()
    for activity, conversion in cfg.conversions.items():
        if conversion.ncv is None or activity not in published:
            continue
        row = published[activity]
        hit = table["id"] == row["factor_id"]
        if not hit.any():
            continue
        where = f"{cfg.source}: conversions.{activity}.ncv"
        value, unit = coefficient(conversion.ncv, activity, where)
        how = (
            f"CO2 recomputed from the site's NCV {conversion.ncv} ({where}"
            f"{', ' + conversion.source if conversion.source else ''}) x {row['carbon_content']} tC/TJ x "
            f"{row['oxidation_pct']}% x 44/12 = {value:.4f} {unit}, instead of the default {row['published']} "
            f"{row['unit']} on the default NCV {row['ncv']} {row['ncv_unit']}"
        )
        table.loc[hit, "id"] = row["factor_id"] + SUFFIX
        table.loc[hit, "value"] = value
        table.loc[hit, "unit"] = unit
        table.loc[hit, "note"] = how
        table.loc[hit, "citation"] = table.loc[hit, "citation"] + "; " + how
    return table


def ncv_notices(facts: pd.DataFrame, configs: Sequence[SiteConfig]) -> list[Notice]:
    """An ``info`` notice per site and fuel whose CO2 coefficient was recomputed from its own NCV."""
    if not len(facts):
        return []
    ids = facts["factor_id"].astype("str")
    used = facts.loc[ids.str.endswith(SUFFIX), ["site", "activity"]].astype("str").drop_duplicates()
    by_site = {cfg.site.id: cfg for cfg in configs}
    notices = []
    for site, activity in sorted(used.itertuples(index=False, name=None)):
        cfg = by_site[site]
        row = parameters()[activity]
        value, unit = coefficient(str(cfg.conversions[activity].ncv), activity, str(cfg.source))
        notices.append(
            Notice(
                "info",
                site,
                f"{activity} CO2: {value:.4f} {unit} from the site's NCV {cfg.conversions[activity].ncv} "
                f"(conversions.{activity}.ncv) x {row['carbon_content']} tC/TJ x {row['oxidation_pct']}% x 44/12, "
                f"not the default {row['published']} {row['unit']} (NCV {row['ncv']} {row['ncv_unit']})",
            )
        )
    return notices
