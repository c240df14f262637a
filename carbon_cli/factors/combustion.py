"""Which gases a site's fuel combustion counts: China's CO2-only convention as a site choice.

China's enterprise accounting guidelines and GB/T 32150-2015 count only CO2 for fuel
combustion (NCV x carbon content x oxidation x 44/12, the rows of ``cn_fuels.csv``); the GHG
Protocol counts CH4 and N2O too. By default a Chinese site gets both: the Chinese CO2 and the
IPCC 2006 Table 2.4 CH4/N2O. ``cn_combustion_non_co2: none`` in the site YAML keeps CO2 only,
as the Chinese guidelines do. This module owns that rule; it chooses no factor itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import ConfigError
from ..notices import Notice
from .catalog import activities
from .regions import country_of

if TYPE_CHECKING:
    from ..config import SiteConfig

#: The YAML key that settles it, and its values.
KEY = "cn_combustion_non_co2"
NON_CO2 = ("CH4", "N2O")


def co2_only(cfg: SiteConfig) -> bool:
    """True when the site counts CO2 only for fuel combustion (``cn_combustion_non_co2: none``).

    :raises ConfigError: ``none`` is given for a site outside China, where the key means nothing
        (other countries' factors follow their own publishers).
    """
    if cfg.cn_combustion_non_co2 != "none":
        return False
    if country_of(cfg.site.region) != "CN":
        raise ConfigError(
            f"{KEY}: none applies to Chinese sites only, but site.region is {cfg.site.region!r}",
            where=f"{cfg.source}: {KEY}",
            fix=f"Remove {KEY} (it settles only whether Chinese sites add IPCC CH4/N2O to the Chinese CO2 factors)",
        )
    return True


def without_non_co2(table: pd.DataFrame) -> pd.DataFrame:
    """The factor table without CH4 and N2O rows of fuels burnt on site (Scope 1 activities).

    Used only for the table of Chinese sites that count CO2 only; electricity, heat and CO2e rows
    are kept.
    """
    fuels = [name for name, row in activities().items() if row["scope"] == "scope1"]
    drop = table["activity"].isin(fuels) & table["gas"].isin(NON_CO2)
    return table[~drop].reset_index(drop=True)


def co2_only_notices(facts: pd.DataFrame, configs: Sequence[SiteConfig]) -> list[Notice]:
    """An ``info`` notice per Chinese site and fuel that counts CO2 only although the site adds
    IPCC CH4/N2O (``cn_combustion_non_co2: ipcc``): no IPCC CH4/N2O factor is shipped for that fuel
    (since issue 14 every fuel with a Chinese coefficient has one), so its CH4 and N2O are not counted.
    Never silent."""
    adding = {cfg.site.id for cfg in configs if not co2_only(cfg) and country_of(cfg.site.region) == "CN"}
    if not adding or not len(facts):
        return []
    fuels = {name for name, row in activities().items() if row["scope"] == "scope1"}
    # The distinct (site, activity, gas) of the facts, as plain text: a few dozen triples.
    triples = {
        (str(site), str(activity), str(gas))
        for site, activity, gas in facts[["site", "activity", "gas"]].drop_duplicates().itertuples(index=False)
    }
    pairs = {(site, activity) for site, activity, _ in triples if site in adding and activity in fuels}
    with_others = {(site, activity) for site, activity, gas in triples if gas != "CO2"}
    found = [(site, activity) for site, activity in pairs if (site, activity, "CO2") in triples]
    found = [pair for pair in found if pair not in with_others]  # CO2 and nothing else
    return [
        Notice(
            "info",
            site,
            f"{activity} (scope1): CO2 only; no IPCC CH4/N2O factor is shipped for {activity}, so its CH4 and N2O "
            f"are not counted (add them with factors: in the site YAML, or set {KEY}: none to count CO2 only "
            "for every fuel, as the Chinese guidelines do)",
        )
        for site, activity in sorted(found)
    ]
