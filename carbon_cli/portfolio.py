"""Portfolio: a portfolio YAML and its sites table, into one site config per row.

A portfolio YAML (one with a ``portfolio:`` key) names a sites table (CSV, XLSX or Parquet: one
row per site) and bill tables shared by all sites (with a site column). The sites table is read
through :mod:`carbon_cli.spreadsheets`, the same guarded reader as bill files, so a hostile or
broken ``sites.xlsx`` gets the same one-line error as a bill workbook.

This module must not parse bills: the shared bill tables are only checked to exist here and
are read by :mod:`carbon_cli.bills`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import Field, ValidationError

from .config import (
    BillSource,
    ConfigModel,
    GwpSet,
    Period,
    Quality,
    Site,
    SiteConfig,
    canonical_activity,
    check_path,
    site_config,
)
from .config_errors import config_error
from .config_goals import GoalKeys
from .errors import CarbonError, ConfigError, InputDataError, at_row
from .safe_yaml import read_yaml
from .spreadsheets import Kind, read_table

__all__ = ["SITES_TABLE", "SITE_COLUMNS", "Portfolio", "PortfolioConfig", "load_many"]


class Portfolio(ConfigModel):
    """The ``portfolio:`` key: the portfolio's own name."""

    name: str = Field(min_length=1)


class PortfolioConfig(GoalKeys):
    """A portfolio file: sites from a table, bills of all sites from one or more tables."""

    portfolio: Portfolio
    period: Period | None = None
    gwp: GwpSet = "AR6"
    #: The sites table (CSV, XLSX or Parquet): id, region, and optionally name, floor_area_m2,
    #: headcount, group ("China/Chongqing/AI PARK"), opened, closed, acquired, divested.
    sites: Path
    #: Bill tables with a site column (and an activity column unless ``activity:`` is given).
    bills: list[BillSource] = Field(default_factory=list)
    quality: Quality = Quality()
    factor_sets: list[str] = Field(default_factory=list)
    #: The language of tables, messages and the workbook (issue 18); ``--lang`` overrides it.
    lang: Literal["en", "zh"] | None = None

    source: Path = Path("portfolio.yaml")


SITE_COLUMNS = (
    "id",
    "region",
    "name",
    "floor_area_m2",
    "headcount",
    "group",
    "opened",
    "closed",
    "acquired",
    "divested",
)

#: How messages name a sites table (an empty one, a zip bomb, an unsupported file type).
SITES_TABLE = Kind(
    "sites table",
    "the sites table",
    f"Write a header row and one row per site; columns id, region, optionally {', '.join(SITE_COLUMNS[2:])}",
)


def load_many(
    path: str | Path, *, activities: Mapping[str, str] | None = None, billable: Collection[str] | None = None
) -> tuple[list[SiteConfig], list[BillSource], list[Path], PortfolioConfig | None]:
    """Read a site YAML or a portfolio YAML (one with a ``portfolio:`` key).

    :returns: the sites, the bill sources shared by them (a portfolio's tables, read with a
        site column), the extra input files (the sites table and shared bills), and the
        portfolio's own config (its name, base year, targets; None for a site YAML).
    :raises ConfigError: as :func:`carbon_cli.config.load`; for a portfolio also a sites table
        without an id or region column, or of an unsupported file type.
    :raises InputDataError: the sites table cannot be read (empty, damaged, encrypted, a zip
        bomb, not what its name says) or a row is invalid, naming the row and column.
    """
    path = Path(path)
    data = read_yaml(path)
    if "portfolio" not in data:
        return [site_config(path, data, activities, billable)], [], [], None
    try:
        portfolio = PortfolioConfig.model_validate({**data, "source": path})
    except ValidationError as exc:
        raise config_error(path, exc, PortfolioConfig) from exc
    check_path(path, None, portfolio.sites, key="sites")
    shared = []
    for index, bill in enumerate(portfolio.bills):
        check_path(path, index, bill.path)
        if bill.activity is not None and activities is not None:
            allowed = set(activities.values()) if billable is None else set(billable)
            found = canonical_activity(bill.activity, f"{path}: bills[{index}].activity", activities, allowed)
            bill = bill.model_copy(update={"activity": found})
        shared.append(bill.model_copy(update={"path": (path.parent / bill.path).resolve()}))
    table = (path.parent / portfolio.sites).resolve()
    sites = [
        SiteConfig(
            site=site,
            period=portfolio.period,
            gwp=portfolio.gwp,
            quality=portfolio.quality,
            factor_sets=portfolio.factor_sets,
            source=path,
        )
        for site in _sites_table(table, path.parent / portfolio.sites)
    ]
    return sites, shared, [table, *(bill.path for bill in shared)], portfolio


def _sites_table(path: Path, shown: Path) -> list[Site]:
    """The rows of a sites table as validated sites; errors name the row and column.

    Blank rows are skipped, as in bill files; rows are numbered as the file shows them.
    """
    try:
        table = read_table(path, str(shown), kind=SITES_TABLE)
    except CarbonError:
        raise
    except (ValueError, OSError) as exc:
        raise InputDataError(
            f"cannot read the sites table ({exc})",
            where=shown,
            fix="Save it as CSV with columns id, region, name, floor_area_m2, group",
        ) from exc
    if path.suffix.lower() == ".parquet":
        table = table.astype(object)
    table.columns = [str(c).strip().lower() for c in table.columns]
    missing = [c for c in ("id", "region") if c not in table.columns]
    if missing:
        raise ConfigError(
            f"no column {', '.join(missing)} (columns found: {', '.join(table.columns)})",
            where=shown,
            fix=f"The sites table needs id and region; optional: {', '.join(SITE_COLUMNS[2:])}",
        )
    sites, seen = [], set()
    records = table[[c for c in SITE_COLUMNS if c in table.columns]].to_dict("records")
    for number, record, blank in zip(range(2, len(table) + 2), records, _blank_rows(table), strict=True):
        if blank:
            continue
        values = {k: v for k, v in record.items() if not (v is None or v == "" or (isinstance(v, float) and v != v))}
        try:
            site = Site.model_validate(values)
        except ValidationError as exc:
            first = exc.errors()[0]
            column = str(first["loc"][0]) if first["loc"] else None
            raise InputDataError(
                first["msg"].removeprefix("Value error, "),
                where=at_row(shown, number, column),
                fix="Correct the sites table",
            ) from exc
        if site.id in seen:
            raise InputDataError(
                f"site id '{site.id}' appears twice",
                where=at_row(shown, number, "id"),
                fix="Give every site its own id",
            )
        seen.add(site.id)
        sites.append(site)
    return sites


def _blank_rows(table: pd.DataFrame) -> list[bool]:
    """Per row, whether every cell is empty (missing, or only white space)."""
    blank = table.isna() | table.astype(str).apply(lambda column: column.str.strip().eq(""))
    return blank.all(axis=1).tolist()
