"""Sources: what a run reads, before anything is calculated.

The site and portfolio YAMLs are loaded and checked (every site its own id), each site's
reporting period is settled, and every bill of every site is read into one canonical table,
each file once. Nothing here calculates or prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import bills as billio
from . import config, factors, portfolio, units
from .config_goals import Goals
from .errors import ConfigError, InputDataError
from .notices import Notice

#: Told how work advances: ``progress(what, done, total)`` (total 0 when unknown). The library
#: never prints; the CLI turns this into a progress bar on stderr.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Sources:
    """What the site and portfolio files name: the sites, the bill tables they share, and the
    extra input files (sites tables, shared bills)."""

    configs: list[config.SiteConfig]
    shared: list[config.BillSource]
    tables: list[Path]
    #: The names of the portfolios given (none for site YAMLs alone).
    portfolios: list[str]
    #: The portfolios' multi-year keys (base year, targets, offsets), in the order given.
    goals: list[Goals] = field(default_factory=list)


def load_configs(paths: Iterable[str | Path]) -> Sources:
    """Load and validate the site and portfolio YAMLs; every site needs its own id."""
    aliases = factors.activity_aliases()
    billable = factors.billable()
    configs: list[config.SiteConfig] = []
    shared: list[config.BillSource] = []
    tables: list[Path] = []
    names: list[str] = []
    goals: list[Goals] = []
    for path in paths:
        sites, bills, extra, owner = portfolio.load_many(path, activities=aliases, billable=billable)
        configs += sites
        shared += bills
        tables += extra
        if owner is not None:
            names.append(owner.portfolio.name)
            goals.append(owner)
    if not configs:
        raise ConfigError("no sites given", fix="Pass at least one site YAML, or a portfolio with a sites table")
    seen: dict[str, Path] = {}
    for cfg in configs:
        if cfg.site.id in seen:
            raise ConfigError(
                f"site id '{cfg.site.id}' is also used by {seen[cfg.site.id]}",
                where=f"{cfg.source}: site.id",
                fix="Give every site its own id",
            )
        seen[cfg.site.id] = cfg.source
    return Sources(configs, shared, tables, names, goals)


def read_all(
    sources: Sources,
    progress: Progress | None,
    *,
    notices: list[Notice] | None = None,
    intervals: list[pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Every bill of every site in one canonical table (each file read once); ``notices`` gets
    what reading left out (a file's total rows), ``intervals`` the per meter-day figures of
    interval files (for the interval checks)."""
    table = factors.activities()
    aliases = factors.activity_aliases()
    jobs: list[tuple[str | None, config.BillSource]] = [
        (cfg.site.id, bill) for cfg in sources.configs for bill in cfg.bills
    ]
    corrections = [volume_correction(cfg.site.region) for cfg in sources.configs for _ in cfg.bills]
    jobs += [(None, bill) for bill in sources.shared]
    corrections += [float("nan")] * len(sources.shared)  # a shared table's sites: its entry must say

    def reading(done: int, total: int) -> None:
        if progress is not None:
            progress("reading bills", done, total)

    bills = billio.read_many(
        [(site, bill, shown(bill.path)) for site, bill in jobs],
        activities=table,
        aliases=aliases,
        progress=reading,
        corrections=corrections,
        notices=notices,
        intervals=intervals,
    )
    if sources.shared and len(bills):
        known = {cfg.site.id for cfg in sources.configs}
        unknown = ~bills["site"].isin(known)
        if unknown.any():
            row = bills[unknown].iloc[0]
            raise InputDataError(
                f"site '{row['site']}' is not in the sites table",
                where=f"{row['source_file']} row {row['source_row']}",
                fix="Add the site to the sites table, or correct the id",
            )
    return bills


def volume_correction(region: str) -> float:
    """The volume correction a gas calorific value is applied with in ``region``: the UK's
    1.02264 in GB (Gas (Calculation of Thermal Energy) Regulations), 1 elsewhere in a country
    whose fuel factors are gross (the US), 0 where they are net (China, and every country that
    falls back on IPCC's net factors): a bill's gross CV cannot be used there (it made the gas
    about 10 % high against a net factor, without a word)."""
    chain = factors.region_chain(region)[0]
    if factors.energy_basis(chain) != "GCV":
        return 0.0
    return billio.UK_VOLUME_CORRECTION if factors.country_of(region) == "GB" else 1.0


def refuse_uncorrected_uk_gas(configs: list[config.SiteConfig], bills: pd.DataFrame) -> None:
    """A GB site's gas billed by volume without the bill's ``cv:``: refused, pointing to it.

    With a site gross calorific value (``conversions:``) the volume would become kWh without the
    UK volume correction (1.02264, 2.2 % low); with none (and no own factors) nothing converts
    it. A net ``ncv`` meets no gross DESNZ factor and is refused by the factor bridge.

    :raises InputDataError: naming the first such bill row.
    """
    uk: dict[str, bool] = {}  # site -> it has a site gcv
    for cfg in configs:
        if volume_correction(cfg.site.region) != billio.UK_VOLUME_CORRECTION:
            continue
        own = cfg.conversions.get("natural_gas")
        if own is not None and own.gcv is not None:
            uk[cfg.site.id] = True
        # With no calorific value at all, DESNZ's own factor per m3 applies (issue 13: gas by volume).
    if not uk or not len(bills):
        return
    bad = (
        bills["site"].astype("str").isin(uk)
        & (bills["activity"].astype("str") == "natural_gas")
        & (bills["unit"].astype("str") == billio.DIMENSION_UNITS["volume"])
    )
    if bad.any():
        row = bills[bad].iloc[0]
        problem = (
            f"UK gas billed in {row['bill_unit']} would be turned into kWh by conversions.natural_gas "
            "without the volume correction 1.02264 of UK gas bills (2.2 % low)"
            if uk[str(row["site"])]
            else f"UK gas billed in {row['bill_unit']} needs the calorific value printed on the bill"
        )
        raise InputDataError(
            problem,
            where=f"{row['source_file']} row {row['source_row']}",
            fix="Give the calorific value on the bill as cv: <MJ/m3> on this bill entry (or a cv column); "
            "kWh = m3 x 1.02264 x CV / 3.6",
        )


def calorific_notices(configs: list[config.SiteConfig], bills: pd.DataFrame) -> list[Notice]:
    """One info notice per site and file whose gas volumes a bill's calorific value turned into
    kWh (canonical kWh where the bill said a volume): the formula and its source, made visible."""
    if not len(bills):
        return []
    in_kwh = ((bills["activity"].astype("str") == "natural_gas") & (bills["unit"].astype("str") == "kWh")).to_numpy()
    if not in_kwh.any():
        return []
    gas = bills[in_kwh]
    said = gas["bill_unit"].astype("str")
    volume = said.map({u: units.dimension(u) == "volume" for u in set(said)}).astype(bool)
    found = gas[volume].groupby(["site", "source_file"], observed=True).size()
    by_site = {cfg.site.id: cfg for cfg in configs}
    notices = []
    for (site_id, file_name), count in zip(found.index.tolist(), found.tolist(), strict=True):
        site, file = str(site_id), str(file_name)
        cfg = by_site.get(site)
        entry = next((b for b in cfg.bills if shown(b.path) == file), None) if cfg else None
        vcf = None  # a shared table's entry is not the site's: its own volume_correction is named
        if cfg is not None and entry is not None:
            vcf = entry.volume_correction or volume_correction(cfg.site.region)
        factor = f"{vcf:g}" if vcf else "volume_correction"
        source = billio.CV_CITATION if vcf == billio.UK_VOLUME_CORRECTION else "the site YAML's volume_correction"
        notices.append(
            Notice(
                "info",
                site,
                f"natural_gas: {count} bill(s) of {file} in m3/ft3 turned into kWh (gross) with the bill's "
                f"calorific value: kWh = m3 x {factor} x CV (MJ/m3) / 3.6 ({source})",
            )
        )
    return notices


def period_of(cfg: config.SiteConfig, year: int | tuple[int, int] | None) -> config.Period:
    """The site's reporting period, narrowed to ``year`` (or the calendar years ``(first, last)``) when asked."""
    period = cfg.period
    if year is None:
        if period is None:
            raise ConfigError(
                "no reporting period",
                where=f"{cfg.source}: period",
                fix="Add period: {start: 2021-01-01, end: 2021-12-31} or pass --year",
            )
        return period
    first, last = year if isinstance(year, tuple) else (year, year)
    start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    if period is not None:
        start, end = max(start, period.start), min(end, period.end)
        if end < start:
            asked = f"--year {first}" if first == last else f"--years {first}-{last}"
            raise ConfigError(
                f"{asked} is outside the period {period.start}..{period.end}",
                where=f"{cfg.source}: period",
                fix="Choose a year inside the period",
            )
    return config.Period(start=start, end=end)


def steam_notices(configs: list[config.SiteConfig], bills: pd.DataFrame) -> list[Notice]:
    """The steam-by-mass notices of each site and file (:func:`carbon_cli.bills.steam.notices`)."""
    from .bills import steam

    by_site = {cfg.site.id: cfg for cfg in configs}
    said = []
    for site, file in steam.files_of(bills):
        cfg = by_site.get(site)
        entry = next((b for b in cfg.bills if shown(b.path) == file), None) if cfg else None
        given, how = steam.entry_enthalpy(entry, file) if entry is not None else (float("nan"), "")
        said.append((site, file, given, how))
    return steam.notices(said)


def shown(path: Path) -> str:
    """A path as the user would write it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def instrument_in_site(cfg: config.SiteConfig, instrument: config.Instrument) -> config.Instrument:
    """Default an instrument's period to the site's reporting period."""
    if instrument.period is not None or cfg.period is None:
        return instrument
    return instrument.model_copy(update={"period": cfg.period})
