"""A site's own factors and conversions: what it brings, checked, and laid over the shipped table.

Owns the user-factor schema (inline ``factors:`` in the site YAML, or ``factor_files:`` in the
shipped CSV schema), the rule by which a site's own factors replace shipped ones, the site's own
fuel properties (``conversions:``), and the messages that make every override visible. It reads
the site's settings but never the bills, and chooses no factor itself.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import units
from ..errors import ConfigError, InputDataError
from ..guards import check_input
from ..notices import Notice
from .catalog import BASES, activities, activity_aliases
from .database import gases, prepare, properties
from .files import FACTOR_COLUMNS
from .regions import canonical_region, region_chain, regions

if TYPE_CHECKING:
    from ..config import SiteConfig

#: The prefix of a site's own factor ids (in the ledger, a factor the site brought).
USER_PREFIX = "user:"


def user_rows(
    records: list[dict[str, Any]], *, where: list[str], default_year: int, site_chain: list[str] | tuple[str, ...] = ()
) -> pd.DataFrame:
    """Validate user factor rows and shape them like :func:`emission_factors` (ids prefixed ``user:``).

    :param records: one dict per factor with the factor-file columns (``id, activity, region,
        year_from, year_to, gas, value, unit, method, basis, publisher, document, edition, table,
        note``); only ``activity, region, gas, value, unit`` and a citation (``publisher`` or
        ``document``) are required.
    :param where: for each record, where it came from (file and row, or YAML key), for errors.
    :param default_year: ``year_from`` when a record gives none (the site's first year).
    :param site_chain: the site's region chain; its codes are accepted even when not in
        regions.csv, so a site in a region without shipped factors can bring its own.
    :raises InputDataError: a record has an unknown activity, gas or region, a value that is not
        a number, a unit that is not <mass>/<amount>, or no citation.
    """
    aliases = activity_aliases()
    known = set(regions()) | set(site_chain)
    known_gases = gases()
    rows = []
    for record, place in zip(records, where, strict=True):
        row = {
            column: str(record.get(column) if record.get(column) is not None else "").strip()
            for column in FACTOR_COLUMNS
        }
        activity = aliases.get(row["activity"]) or aliases.get(row["activity"].lower())
        if activity is None:
            raise InputDataError(
                f"unknown activity '{row['activity']}'", where=place, fix=f"Use one of: {', '.join(activities())}"
            )
        if row["gas"] not in known_gases:
            raise InputDataError(
                f"gas '{row['gas']}' is not one of {', '.join(known_gases)}",
                where=place,
                fix="Give the gas the value is for; CO2e when the value already includes all gases",
            )
        try:
            value = float(row["value"])
        except ValueError:
            raise InputDataError(
                f"value '{row['value']}' is not a number",
                where=place,
                fix="Write the factor as a plain number, e.g. 0.45",
            ) from None
        if not math.isfinite(value) or value < 0:
            raise InputDataError(
                f"value {row['value']} is not a finite number >= 0",
                where=place,
                fix="Write the factor as a plain number, e.g. 0.45",
            )
        try:
            numerator, denominator = units.ratio(row["unit"])
        except InputDataError as exc:
            raise InputDataError(exc.problem, where=place, fix="Write e.g. kg/kWh, t/MWh, kg/m3, kg/TJ") from exc
        if units.dimension_of(numerator) != "mass":
            raise InputDataError(
                f"unit '{row['unit']}' does not start with a mass of the gas",
                where=place,
                fix="Write e.g. kg/kWh (kg of the gas per kWh)",
            )
        if units.dimension_of(denominator) not in ("energy", "volume", "mass"):
            raise InputDataError(
                f"unit '{row['unit']}' is not per energy, volume or mass",
                where=place,
                fix="Write e.g. kg/kWh, kg/m3 or kg/t",
            )
        region = canonical_region(row["region"])
        if region not in known:
            raise InputDataError(
                f"region '{row['region']}' is not in the factor database",
                where=place,
                fix="Use a region code of factors/regions.csv, e.g. CN-CQ, US-EGRID-CAMX, GB",
            )
        if not (row["publisher"] or row["document"]):
            raise InputDataError(
                "the factor has no source",
                where=place,
                fix="Name where the number comes from (source: in the YAML; publisher or document in a factor file)",
            )
        method = row["method"] or ("location" if activity == "electricity" else "")
        if method not in (("location", "market") if activity == "electricity" else ("",)):
            raise InputDataError(
                f"method '{row['method']}' does not fit {activity}",
                where=place,
                fix="Use location or market for electricity; leave it empty otherwise",
            )
        if row["basis"] not in ("", *BASES):
            raise InputDataError(
                f"basis '{row['basis']}' is not NCV or GCV",
                where=place,
                fix="Use NCV (net) or GCV (gross), or leave it empty",
            )
        try:
            year_from = int(row["year_from"]) if row["year_from"] else default_year
            year_to = int(row["year_to"]) if row["year_to"] else None
        except ValueError:
            raise InputDataError(
                "year_from/year_to must be whole years", where=place, fix="Write e.g. year_from: 2021"
            ) from None
        rows.append(
            {
                **row,
                "id": USER_PREFIX + (row["id"] or place),
                "activity": activity,
                "region": region,
                "method": method,
                "value": value,
                "year_from": year_from,
                "year_to": year_to,
            }
        )
    table = pd.DataFrame(rows, columns=list(FACTOR_COLUMNS))
    return prepare(table.astype({"value": "float64"}), "site factors")


def read_factor_file(path: Any, *, default_year: int, site_chain: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """A user factor file in the shipped schema (CSV, UTF-8), as rows for :func:`with_overrides`.

    :raises InputDataError: the file cannot be read, lacks a required column, or a row is invalid.
    """
    path = Path(path)
    check_input(path, path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            records = list(csv.DictReader(handle))
            header = records[0].keys() if records else []
    except (OSError, UnicodeDecodeError) as exc:
        raise InputDataError(
            f"cannot read the factor file ({exc})",
            where=path,
            fix="Save it as UTF-8 CSV with the columns of factors/README.md",
        ) from exc
    missing = [c for c in ("activity", "region", "gas", "value", "unit") if c not in header]
    if not records or missing:
        raise InputDataError(
            f"missing column(s) {', '.join(missing) or '(no rows)'}",
            where=path,
            fix=f"Use the header of the shipped files: {','.join(FACTOR_COLUMNS)}",
        )
    return user_rows(
        records,
        where=[f"{path} row {number + 2}" for number in range(len(records))],
        default_year=default_year,
        site_chain=site_chain,
    )


def with_overrides(table: pd.DataFrame, user: pd.DataFrame, chain: list[str]) -> pd.DataFrame:
    """The factor table for one site: its own factors replace the shipped ones they cover.

    Only user rows whose region is on the site's ``chain`` count. Each replaces the shipped rows
    of its activity, method and gas (all gases when it is a CO2e row, so nothing is counted
    twice), in every region and year: for that site the user's rows are the whole answer.
    """
    user = user[user["region"].isin(chain)]
    if not len(user):
        return table
    drop = pd.Series(False, index=table.index)
    for (activity, method), rows in user.groupby(["activity", "method"]):
        same = (table["activity"] == activity) & (table["method"] == method)
        own_gases = set(rows["gas"])
        drop |= same if "CO2e" in own_gases else same & table["gas"].isin(own_gases)
    return pd.concat([table[~drop], user], ignore_index=True)


def own_factors(cfg: SiteConfig, first_year: int) -> pd.DataFrame | None:
    """The site's ``factors:`` and ``factor_files:`` as factor rows, or None when it has none."""
    if not cfg.factors and not cfg.factor_files:
        return None
    chain = region_chain(cfg.site.region)[0]
    frames = []
    if cfg.factors:
        records = [
            {
                "activity": f.activity,
                "region": cfg.site.region,
                "gas": f.gas,
                "value": f.value,
                "unit": f.unit,
                "method": f.method or "",
                "basis": f.basis or "",
                "document": f.source,
                "year_from": f.year_from or "",
                "year_to": f.year_to or "",
                "id": f.id or f"{cfg.site.id}:factors[{i}]",
            }
            for i, f in enumerate(cfg.factors)
        ]
        frames.append(
            user_rows(
                records,
                where=[f"{cfg.source}: factors[{i}]" for i in range(len(records))],
                default_year=first_year,
                site_chain=chain,
            )
        )
    frames += [read_factor_file(path, default_year=first_year, site_chain=chain) for path in cfg.factor_files]
    own = pd.concat(frames, ignore_index=True)
    duplicated = own["id"].duplicated()
    if duplicated.any():
        raise ConfigError(
            f"factor id '{own.loc[duplicated, 'id'].iloc[0]}' is given twice",
            where=cfg.source,
            fix="Give every factor of the site its own id",
        )
    return own


def td_sites(configs: Sequence[SiteConfig], members: Sequence[int], table: pd.DataFrame) -> set[str]:
    """Sites whose region chain holds a transmission & distribution loss factor (e.g. GB)."""
    td_regions = set(table.loc[table["activity"] == "electricity_td_losses", "region"])
    return {configs[i].site.id for i in members if td_regions & set(region_chain(configs[i].site.region)[0])}


def override_notices(facts: pd.DataFrame) -> list[Notice]:
    """One notice per site and own factor used: overrides are visible, never silent."""
    used = facts.loc[
        facts["factor_id"].astype("str").str.startswith(USER_PREFIX),
        ["site", "factor_id", "activity", "gas", "scope", "citation"],
    ].drop_duplicates(["site", "factor_id", "scope"])
    return [
        Notice(
            "info",
            str(row.site),
            f"{row.activity} {row.gas} ({row.scope}): the site's own factor "
            f"{row.factor_id} ({row.citation}) replaces the shipped factors",
        )
        for row in used.itertuples()
    ]


def check_conversions(cfg: SiteConfig) -> None:
    """Each of the site's ``conversions`` names a known activity and values with units.

    :raises ConfigError: an unknown activity, or a value that does not read as a ratio of units.
    """
    for activity, conversion in cfg.conversions.items():
        if activity not in activities():
            raise ConfigError(
                f"unknown activity '{activity}'",
                where=f"{cfg.source}: conversions.{activity}",
                fix=f"Use one of: {', '.join(activities())}",
            )
        for name in ("ncv", "gcv", "density"):
            text = getattr(conversion, name)
            if text is not None:
                try:
                    units.ratio(text)
                except InputDataError as exc:
                    if isinstance(exc.__cause__, units.TwoWays):
                        raise ConfigError(
                            exc.problem, where=f"{cfg.source}: conversions.{activity}.{name}", fix=exc.fix
                        ) from exc
                    raise ConfigError(
                        f"cannot read '{text}'",
                        where=f"{cfg.source}: conversions.{activity}.{name}",
                        fix="Write a number and a unit, e.g. ncv: <value> MJ/m3 or density: <value> kg/L",
                    ) from exc
                except Exception as exc:
                    raise ConfigError(
                        f"cannot read '{text}'",
                        where=f"{cfg.source}: conversions.{activity}.{name}",
                        fix="Write a number and a unit, e.g. ncv: <value> MJ/m3 or density: <value> kg/L",
                    ) from exc


def site_properties(configs: Sequence[SiteConfig]) -> pd.DataFrame:
    """Shipped fuel properties plus the sites' own ``conversions`` (which win for their region)."""
    shipped = properties()
    rows = []
    for cfg in configs:
        for activity, conversion in cfg.conversions.items():
            for name in ("ncv", "gcv", "density"):
                text = getattr(conversion, name)
                if text is None:
                    continue
                value, _, unit = text.strip().partition(" ")
                rows.append(
                    {
                        "id": f"site:{cfg.site.id}:conversions.{activity}.{name}",
                        "activity": activity,
                        "region": canonical_region(cfg.site.region),
                        "year_from": 0,
                        "year_to": float("nan"),
                        "property": name,
                        "basis": {"ncv": "NCV", "gcv": "GCV"}.get(name, ""),
                        "value": units.number(value),
                        "unit": unit.strip(),
                        "gas": "",
                        "method": "",
                        "citation": conversion.source or f"site YAML {cfg.source}",
                    }
                )
    if not rows:
        return shipped
    own = pd.DataFrame(rows)
    # A site's own value replaces shipped rows of the same activity and region.
    keep = ~shipped.set_index(["activity", "region"]).index.isin(own.set_index(["activity", "region"]).index)
    return pd.concat([own, shipped[keep]], ignore_index=True)
