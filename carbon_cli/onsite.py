"""On-site generation and export: what a site's own solar PV (or other plant) made, used and sold.

Generation and export are bills like any other (``activity: generation`` / ``export``, kWh, one
meter each: the inverter or generation meter, and the export side of the grid meter), so they are
read, checked and split into months like every bill. They carry no emission factor and never
reach the ledger's Scope 1 or 2 (GHG Protocol Scope 2 Guidance, 2015, ch. 6 and 7):

* energy the site generates and consumes itself is not purchased: no Scope 2 emissions (it is
  simply absent from the electricity bills, which count grid purchases only);
* exported energy is reported, never subtracted from Scope 1 or 2;
* if the site sells the certificates (GECs, RECs, GOs) of energy it generated and consumed
  itself, the buyer holds the claim: the site's market-based Scope 2 counts that consumption at
  the residual mix (else the grid factor, with the usual warning). The site YAML says how much
  (``onsite: self_consumed_certificates_sold_kwh:``); this module turns it into
  ``self_consumption`` slices, spread over the months pro rata to their self-consumption, each
  pointing at the generation bill it came from. Their location-based quantity is 0.

The report (:func:`report`) gives per site the generation, the export, the self-consumption and
its share, and the certificates sold; with ``onsite: view: gbt51366`` (or ``--view gbt51366``)
also China's building method, GB/T 51366-2019 *Standard for building carbon emission
calculation* (建筑碳排放计算标准), 4.1.1-4.1.2: a building's renewable generation offsets its
energy consumption, C = (E - ER) x EF. Consumption is grid purchases plus self-consumption, so
E - ER = purchases - export: the view is the location-based electricity emissions less the
export at the site's average location-based electricity factor of the period. It is a separate
figure, never a scope total.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import config
from .errors import ConfigError, InputDataError
from .notices import Notice

GENERATION, EXPORT, SELF_CONSUMPTION = "generation", "export", "self_consumption"
#: The scope of generation and export in ``factors/activities.csv``: reported, never emitted.
ONSITE_SCOPE = "onsite"
#: The opt-in view of China's building standard.
GBT51366 = "gbt51366"
GBT51366_CITATION = (
    "GB/T 51366-2019 Standard for building carbon emission calculation (建筑碳排放计算标准), MOHURD 2019, "
    "4.1.1-4.1.2: operation-stage emissions C = sum((E_i - ER_i) x EF_i), ER the building's own renewable "
    "supply; read in secondary summaries of the standard, the text was not re-read"
)
#: The report's columns, one row per site with generation or export.
REPORT_COLUMNS = [
    "site",
    "generated_kwh",
    "exported_kwh",
    "self_consumed_kwh",
    "self_consumption_share",
    "certificates_sold_kwh",
    "gbt51366_t_co2e",
]


def split(
    slices: pd.DataFrame, configs: Sequence[config.SiteConfig]
) -> tuple[pd.DataFrame, pd.DataFrame, list[Notice]]:
    """Take generation and export out of the month slices and add the self-consumption sold.

    :returns: the slices to calculate (generation and export removed, ``self_consumption``
        slices added), the generation and export slices, and notices.
    :raises ConfigError: certificates sold exceed the site's self-consumption, or are given
        for a site with no generation bills.
    :raises InputDataError: a site exports more than it generates in a month.
    """
    activity = slices["activity"].astype("str")
    onsite = (activity == GENERATION) | (activity == EXPORT)
    sold = {cfg.site.id: cfg for cfg in configs if cfg.onsite.self_consumed_certificates_sold_kwh}
    if not onsite.any() and not sold:
        return slices, slices.iloc[:0], []
    made = slices[onsite].reset_index(drop=True)
    rest = slices[~onsite.to_numpy()]
    monthly = _monthly(made)
    over = monthly[monthly["self_consumed_kwh"] < -1e-9 * np.maximum(monthly["generated_kwh"], 1.0)]
    if len(over):
        first = over.iloc[0]
        raise InputDataError(
            f"site {first['site']} exports {first['exported_kwh']:,.1f} kWh in {first['month']} but generates "
            f"only {first['generated_kwh']:,.1f} kWh",
            where=f"the export bills of site {first['site']}",
            fix="Export is the generation sent to the grid: check both meters' dates and quantities",
        )
    extra, notices = [], []
    for site, cfg in sold.items():
        wanted = float(cfg.onsite.self_consumed_certificates_sold_kwh or 0.0)
        where = f"{cfg.source}: onsite.self_consumed_certificates_sold_kwh"
        own = monthly[monthly["site"] == site]
        available = float(own["self_consumed_kwh"].clip(lower=0).sum())
        if wanted > available * (1 + 1e-9):
            raise ConfigError(
                f"{wanted:,.1f} kWh of certificates sold, but the site consumed {available:,.1f} kWh of its own "
                "generation in the period",
                where=where,
                fix="Give only the certificates of self-consumed energy (those of exported energy go with the export), "
                "or add the generation and export bills",
            )
        gen = made[(made["site"].astype("str") == site) & (made["activity"].astype("str") == GENERATION)]
        share = own.set_index("month")["self_consumed_kwh"].clip(lower=0) / available * wanted
        per_kwh = (share / own.set_index("month")["generated_kwh"]).fillna(0.0)
        part = gen.assign(activity=SELF_CONSUMPTION)
        part["quantity"] = gen["quantity"].to_numpy() * gen["month"].astype("str").map(per_kwh).to_numpy("float64")
        extra.append(part)
        notices.append(
            Notice(
                "info",
                site,
                f"{wanted:,.1f} kWh of self-consumed on-site generation whose certificates were sold: counted in "
                "market-based Scope 2 at the residual mix (GHG Protocol Scope 2 Guidance), 0 in location-based",
            )
        )
    if extra:
        added = pd.concat(extra, ignore_index=True)
        texts = [c for c in rest.columns if isinstance(rest[c].dtype, pd.CategoricalDtype)]
        rest = pd.concat([rest.astype({c: "str" for c in texts}), added.astype({c: "str" for c in texts})])
        rest = rest.reset_index(drop=True).astype({c: "category" for c in texts})
    return rest, made, notices


def _monthly(made: pd.DataFrame) -> pd.DataFrame:
    """Generation, export and self-consumption (kWh) per site and month."""
    if not len(made):
        return pd.DataFrame(columns=["site", "month", "generated_kwh", "exported_kwh", "self_consumed_kwh"])
    frame = pd.DataFrame(
        {
            "site": made["site"].astype("str"),
            "month": made["month"].astype("str"),
            "activity": made["activity"].astype("str"),
            "quantity": made["quantity"].to_numpy("float64"),
        }
    )
    table = frame.pivot_table(index=["site", "month"], columns="activity", values="quantity", aggfunc="sum")
    table = table.reindex(columns=[GENERATION, EXPORT]).fillna(0.0)
    out = pd.DataFrame(
        {
            "generated_kwh": table[GENERATION],
            "exported_kwh": table[EXPORT],
        }
    )
    out["self_consumed_kwh"] = out["generated_kwh"] - out["exported_kwh"]
    return out.reset_index()


def report(
    made: pd.DataFrame, facts: pd.DataFrame, configs: Sequence[config.SiteConfig], view: str | None = None
) -> pd.DataFrame:
    """One row per site with generation or export (:data:`REPORT_COLUMNS`).

    ``gbt51366_t_co2e`` (NaN unless the site or ``view`` asks for :data:`GBT51366`): the site's
    location-based electricity t CO2e less its export x its average location-based electricity
    factor of the period (t CO2e per kWh: the facts' electricity t CO2e / kWh).
    """
    monthly = _monthly(made)
    if not len(monthly):
        return pd.DataFrame(columns=REPORT_COLUMNS)
    sums = monthly.groupby("site", sort=False)[["generated_kwh", "exported_kwh", "self_consumed_kwh"]].sum()
    sold = {cfg.site.id: float(cfg.onsite.self_consumed_certificates_sold_kwh or 0.0) for cfg in configs}
    views = {cfg.site.id: view or cfg.onsite.view for cfg in configs}
    electricity = facts[
        (facts["activity"].astype("str") == "electricity") & (facts["scope"].astype("str") == "scope2_location")
    ]
    kwh = electricity.groupby(electricity["site"].astype("str"))["counted"].sum()
    tonnes = electricity.groupby(electricity["site"].astype("str"))["t_co2e"].sum()
    rows = []
    totals: dict[str, list[float]] = {
        str(k): [float(x) for x in v] for k, v in zip(sums.index, sums.to_numpy(), strict=True)
    }
    for site in [cfg.site.id for cfg in configs if cfg.site.id in totals]:
        generated, exported, consumed = totals[site]
        gbt = float("nan")
        if views.get(site) == GBT51366 and float(kwh.get(site, 0.0)) > 0:
            factor = float(tonnes[site]) / float(kwh[site])
            gbt = float(tonnes[site]) - exported * factor
        rows.append(
            {
                "site": site,
                "generated_kwh": generated,
                "exported_kwh": exported,
                "self_consumed_kwh": consumed,
                "self_consumption_share": consumed / generated if generated > 0 else float("nan"),
                "certificates_sold_kwh": sold.get(site, 0.0),
                "gbt51366_t_co2e": gbt,
            }
        )
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def view_notices(table: pd.DataFrame, configs: Sequence[config.SiteConfig], view: str | None) -> list[Notice]:
    """Where the GB/T 51366 view was asked for but has no electricity to take a factor from."""
    wanted = {cfg.site.id for cfg in configs if (view or cfg.onsite.view) == GBT51366}
    missing = table[table["site"].isin(wanted) & table["gbt51366_t_co2e"].isna()]
    return [
        Notice("warning", str(site), "GB/T 51366 view: no grid electricity bills to take the factor of the export from")
        for site in missing["site"]
    ]
