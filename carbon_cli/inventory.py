"""Inventory: the whole flow, site YAML files in, ledger and notices out.

    site.yaml -> config -> bills -> calendar -> calculator (factors) -> ledger

This is the library entry point the CLI calls; it prints nothing and never exits.

>>> from carbon_cli import calculate  # doctest: +SKIP
>>> inventory = calculate(["sample_data/ai-park/site.yaml"])
>>> inventory.totals()["scope2_market"]
0.0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import calculator, config, factors, fugitive, memo, onsite, quality, summary, vehicle_regions
from . import calendar as billcal
from .bills import BASIS_COLUMN
from .config_goals import Goals
from .errors import ConfigError
from .factors import reporting_year
from .factors.cn_ncv import ncv_notices, with_site_ncv
from .factors.combustion import co2_only, co2_only_notices, without_non_co2
from .instruments import check_criteria
from .inventory_quality import fill_gaps as estimate_gaps
from .inventory_quality import filled_notice, run_quality
from .notices import Notice
from .sources import (
    Progress,
    calorific_notices,
    instrument_in_site,
    load_configs,
    period_of,
    read_all,
    refuse_uncorrected_uk_gas,
    steam_notices,
)


@dataclass(frozen=True)
class Inventory:
    """A calculated greenhouse-gas inventory.

    ``facts`` (the ledger summed per site, month, factor and instrument part) is what every
    total and breakdown comes from; ``ledger``, the per-slice audit trail (see
    :mod:`carbon_cli.calculator`), is built from the same parts the first time it is asked for.
    """

    sites: list[config.SiteConfig]
    period: config.Period
    gwp: str
    facts: pd.DataFrame
    bills: pd.DataFrame
    notices: list[Notice] = field(default_factory=list)
    #: Data-quality findings, one row each (see :data:`carbon_cli.quality.FINDING_COLUMNS`); empty until checks run.
    findings: pd.DataFrame | None = None
    #: Share of each site's reporting period covered by bills, per activity (quality.COVERAGE_COLUMNS).
    coverage: pd.DataFrame | None = None
    #: Input files besides the site YAMLs and their bills: portfolio sites tables and shared bills.
    tables: list[Path] = field(default_factory=list)
    #: What the ledger is built from, one per group of sites sharing a factor table.
    calculations: list[calculator.Calculation] = field(default_factory=list)
    #: Each site's own reporting period (``period`` spans them all), by site id.
    periods: dict[str, config.Period] = field(default_factory=dict)
    #: The portfolio's name (names joined by " + " when several are given); None for site YAMLs alone.
    portfolio: str | None = None
    #: The portfolios' multi-year keys (base year, targets, offsets; see :mod:`carbon_cli.trends`).
    goals: list[Goals] = field(default_factory=list)
    #: On-site generation, export and self-consumption per site (:data:`carbon_cli.onsite.REPORT_COLUMNS`);
    #: no rows when no site has generation or export bills.
    onsite: pd.DataFrame | None = None

    @cached_property
    def ledger(self) -> pd.DataFrame:
        """One row per bill slice, Scope 2 view, instrument part and gas (built on first use)."""

        parts = [done.ledger() for done in self.calculations]
        parts = [part for part in parts if len(part)] or parts[:1]  # an empty one has no dtypes (issue 14)
        if not parts:
            return pd.DataFrame(columns=[*calculator.LEDGER_COLUMNS, "counted"])
        return parts[0] if len(parts) == 1 else _concat_categorical(parts)

    def by_year(self) -> pd.DataFrame:
        """Scope totals per calendar year with the change from the year before, where the two
        years are whole for the same sites (see :func:`carbon_cli.summary.by_year`)."""
        periods = self.periods or {cfg.site.id: self.period for cfg in self.sites}
        return summary.by_year(self.facts, {site: (p.start, p.end) for site, p in periods.items()})

    def totals(self) -> dict[str, float]:
        """t CO2e for scope1, scope2_location and scope2_market."""
        return summary.totals(self.facts)

    def site_totals(self) -> dict[str, dict[str, float]]:
        return summary.site_totals(self.facts, [s.site.id for s in self.sites])

    def breakdown(self, by: Sequence[str] = summary.DIMENSIONS) -> pd.DataFrame:
        """The inventory grouped by ``by`` (see :func:`carbon_cli.summary.breakdown`; ``group`` rolls
        sites up their ``/``-separated group paths)."""
        return summary.breakdown(self.facts, by, {cfg.site.id: cfg.site.group for cfg in self.sites})

    def inputs(self) -> list[Path]:
        """Every file this inventory read (site YAMLs, bills, factor files, sites tables): outputs
        may never replace one."""
        own = [
            path for cfg in self.sites for path in (cfg.source, *(bill.path for bill in cfg.bills), *cfg.factor_files)
        ]
        return list(dict.fromkeys([*own, *self.tables]))

    def quality_findings(self) -> pd.DataFrame:
        """The data-quality findings as a table (no rows when none were found or checked)."""

        return self.findings if self.findings is not None else pd.DataFrame(columns=quality.FINDING_COLUMNS)

    def factors_used(self) -> pd.DataFrame:
        """Each factor in the ledger once, with its value, unit and citation."""
        columns = [
            "factor_id",
            "activity",
            "factor_region",
            "factor_year",
            "gas",
            "factor_value",
            "factor_unit",
            "citation",
        ]
        texts = {c: "str" for c in columns if c not in ("factor_year", "factor_value")}
        used = self.facts[columns].drop_duplicates("factor_id").astype(texts)
        return used.sort_values("factor_id").reset_index(drop=True)


@dataclass(frozen=True)
class Validation:
    """The data-quality findings of one or more sites, without calculating emissions."""

    sites: list[config.SiteConfig]
    #: Each site's reporting period, by site id.
    periods: dict[str, config.Period]
    findings: pd.DataFrame
    coverage: pd.DataFrame


def validate(
    paths: Iterable[str | Path],
    *,
    year: int | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    exact_factors: bool = False,
) -> Validation:
    """Read the sites' bills and run every data-quality check (no factors needed).

    :param paths: site YAML or portfolio YAML files.
    :param year: check only this calendar year (intersected with each site's period).
    :param today: the date future dates are judged against (default: today).
    :param progress: called as work advances (see :data:`Progress`); the CLI draws a bar.
    :param exact_factors: also choose every factor, and refuse any year or region fallback and any
        approximation at ``warning`` (``--strict``, ``--factors exact``; see :func:`calculate`).
    :raises ConfigError: a YAML is invalid, or ``year`` lies outside a site's period.
    :raises InputDataError: a bill cannot be read, or (``exact_factors``) a factor is not exact.

    >>> validate(["sample_data/ai-park/site.yaml"]).findings["check"].tolist()  # doctest: +SKIP
    ['estimated']
    """
    if exact_factors:
        # The factors are chosen as a calculation chooses them; the findings are the same checks.
        done = calculate(paths, year=year, today=today, progress=progress, exact_factors=True)
        coverage = done.coverage if done.coverage is not None else pd.DataFrame(columns=quality.COVERAGE_COLUMNS)
        return Validation(done.sites, done.periods, done.quality_findings(), coverage)
    loaded = load_configs(paths)
    periods = {cfg.site.id: period_of(cfg, year) for cfg in loaded.configs}
    days: list[pd.DataFrame] = []  # interval files: per meter-day figures for their checks
    bills = read_all(loaded, progress, intervals=days)
    findings, coverage = run_quality(loaded.configs, bills, periods, today, days)
    return Validation(sites=loaded.configs, periods=periods, findings=findings, coverage=coverage)


def calculate(
    paths: Iterable[str | Path],
    *,
    year: int | tuple[int, int] | None = None,
    gwp: str | None = None,
    factor_sets: Sequence[str] = (),
    fill_gaps: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    exact_factors: bool = False,
    view: str | None = None,
) -> Inventory:
    """Calculate the inventory of one or more sites.

    :param paths: site YAML files, or portfolio YAML files (sites from a table).
    :param year: report only this calendar year, or the years ``(first, last)`` (intersected with
        each site's period).
    :param gwp: GWP set overriding the YAML (one of :func:`carbon_cli.factors.gwp_sets`).
    :param factor_sets: opt-in factor sets for every site, added to each site's ``factor_sets:``
        (e.g. ``["cn-ets"]``; see ``factors/factor_sets.csv``).
    :param fill_gaps: add estimated bills for the days of the period no bill covers, from
        each meter's own average per day (:func:`carbon_cli.quality.fill_gaps`).
    :param today: the date the quality checks judge future dates against (default: today).
    :param progress: called as work advances (see :data:`Progress`); the CLI draws a bar.
    :param exact_factors: refuse any factor that is not for the site's own year and (for grid
        electricity) region, and any approximation reported at ``warning``
        (:func:`carbon_cli.factors.check_exact`; the CLI's ``--strict`` and ``--factors exact``).
    :raises ConfigError: a YAML is invalid, sites disagree on the GWP set, ``year`` lies
        outside a site's period, or a factor set is unknown.
    :raises InputDataError: a bill or factor file cannot be read, a bill has no factor, or
        (``exact_factors``) a factor is a fallback, naming the YAML key that settles it.
    :param view: ``gbt51366``: also report China's building view of on-site generation for every
        site (:mod:`carbon_cli.onsite`), as the site YAML's ``onsite: view:`` does for one.
    """

    loaded = load_configs(paths)
    configs = loaded.configs
    gwp_set = gwp or configs[0].gwp
    if gwp is None and len({cfg.gwp for cfg in configs}) > 1:
        raise ConfigError(
            "the sites use different GWP sets",
            where=", ".join(str(c.source) for c in configs),
            fix="Use one gwp: in every site YAML, or pass --gwp",
        )
    periods = {cfg.site.id: period_of(cfg, year) for cfg in configs}
    for cfg in configs:
        factors.check_conversions(cfg)
    read_notices: list[Notice] = []
    days: list[pd.DataFrame] = []  # interval files: per meter-day figures for their checks
    bills = read_all(loaded, progress, notices=read_notices, intervals=days)
    refuse_uncorrected_uk_gas(configs, bills)
    _step(progress, "checking the bills")
    findings, coverage = run_quality(configs, bills, periods, today, days)

    notices: list[Notice] = read_notices + calorific_notices(configs, bills) + steam_notices(configs, bills)
    billed = set(bills["site"].unique())
    for cfg in configs:
        if cfg.site.id not in billed and cfg.refrigerants is None:
            notices.append(Notice("warning", cfg.site.id, "no bill rows yet: every total is 0"))
    if fill_gaps:
        filled = estimate_gaps(
            configs, bills, periods, today, {name for table in days for name in table["source_file"]}
        )
        for site, rows in filled.groupby("site", sort=False):
            notices.append(filled_notice(str(site), rows))
        bills = pd.concat([bills, filled], ignore_index=True)

    # One pass over every site: the calendar works per site and meter, with each site's period.
    _step(progress, "splitting bills into months")
    bills = billcal.apply_shared_day_rule(bills)
    site_code, ids = pd.factorize(bills["site"])
    starts = np.array([np.datetime64(periods[str(i)].start, "D") for i in ids], dtype="datetime64[D]")[site_code]
    ends = np.array([np.datetime64(periods[str(i)].end, "D") for i in ids], dtype="datetime64[D]")[site_code]
    # Slices carry what the totals need; the ledger looks the other bill columns up by bill_id.
    slices = billcal.split_by_month(bills, starts, ends, carry=["site", "activity", "unit", *_basis(bills)])
    slices["region"] = slices["site"].map({cfg.site.id: cfg.site.region for cfg in configs}).astype("category")
    # On-site generation and export: reported apart; certificates sold of self-consumption added.
    slices, generated, said = onsite.split(slices, configs)
    notices += said
    instruments: list[tuple[str, config.Instrument]] = []
    skipped: set[int] = set()
    seen: dict[str, str] = {}
    for cfg in configs:
        checked, said = check_criteria(cfg, periods[cfg.site.id], seen)
        notices += said
        for instrument, applied in checked:
            skipped |= set() if applied else {len(instruments)}
            instruments.append((cfg.site.id, instrument_in_site(cfg, instrument)))

    _step(progress, "applying emission factors")
    ordered = [periods[cfg.site.id] for cfg in configs]
    done = _calculations(configs, ordered, slices, bills, (instruments, skipped), gwp_set, tuple(factor_sets))
    refrigerants = fugitive.calculation(configs, periods, gwp_set)  # issue 14: fugitive gases, Scope 1
    if refrigerants is not None:
        done.append(refrigerants)
    facts = _concat_categorical([d.facts for d in done])
    if exact_factors:
        factors.check_exact(facts, configs)
    period = config.Period(start=min(p.start for p in ordered), end=max(p.end for p in ordered))
    generation = onsite.report(generated, facts, configs, view)
    notices += onsite.view_notices(generation, configs, view)
    return Inventory(
        sites=configs,
        period=period,
        gwp=gwp_set,
        facts=facts,
        bills=bills,
        notices=notices
        + [n for d in done for n in d.notices]
        + factors.override_notices(facts)
        + co2_only_notices(facts, configs)
        + ncv_notices(facts, configs),
        findings=findings,
        coverage=coverage,
        tables=loaded.tables,
        calculations=done,
        periods=periods,
        portfolio=" + ".join(loaded.portfolios) or None,
        goals=loaded.goals,
        onsite=generation,
    )


def _concat_categorical(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Frames one under the other, their text columns as categories (pandas would fall back to
    plain objects where the frames' categories differ)."""

    if len(frames) == 1:
        out = frames[0]
    else:
        texts = [c for c in frames[0].columns if isinstance(frames[0][c].dtype, pd.CategoricalDtype)]
        out = pd.concat([f.astype({c: "str" for c in texts}) for f in frames], ignore_index=True)
    plain = {
        c: "category" for c in calculator.CATEGORICAL if c in out and not isinstance(out[c].dtype, pd.CategoricalDtype)
    }
    return out.astype(plain) if plain else out


def _calculations(
    configs: Sequence[config.SiteConfig],
    periods: Sequence[config.Period],
    slices: pd.DataFrame,
    bills: pd.DataFrame,
    instruments: tuple[Sequence[tuple[str, config.Instrument]], set[int]],
    gwp_set: str,
    cli_sets: tuple[str, ...],
) -> list[calculator.Calculation]:
    """The calculation, done once per group of sites that share a factor table and fuel properties.

    Sites with the same opt-in sets and no factors or conversions of their own share one table
    (the usual case: one call). A site with its own factors or conversions gets its own table
    and properties, so its overrides never reach another site: factors are resolved per
    (activity, region, year, unit), and two sites of one region would otherwise share them
    (issue 16). ``instruments``: (site, instrument) pairs and the numbers of those not applied.
    Electricity slices of a site whose region has a T&D-loss factor are
    repeated as ``electricity_td_losses`` (Scope 3, a memo line: never in Scope 1 or 2), and so
    are the other derived memo activities (:func:`carbon_cli.memo.derive`).
    """

    scopes = {name: row["scope"] for name, row in factors.activities().items()}
    groups: dict[object, list[int]] = {}
    tables: dict[object, pd.DataFrame] = {}
    for index, (cfg, period) in enumerate(zip(configs, periods, strict=True)):
        sets = tuple(dict.fromkeys((*cli_sets, *cfg.factor_sets)))
        where = f"{cfg.source}: factor_sets"
        try:
            table = factors.factor_table(sets)
        except ConfigError as exc:
            raise ConfigError(exc.problem, where=where, fix=exc.fix) from exc
        key: object = sets
        own = factors.own_factors(cfg, period.start.year)
        if own is not None or cfg.conversions:
            key = ("site", cfg.site.id)
        if own is not None:
            table = factors.with_overrides(table, own, factors.region_chain(cfg.site.region)[0])
        if cfg.conversions:  # a Chinese site's own NCV changes its fuel's CO2 per kg (factors/cn_ncv.py)
            table = with_site_ncv(table, cfg)
        if co2_only(cfg):  # a Chinese site counting CO2 only for combustion (cn_combustion_non_co2)
            key = (key, "co2-only")
            table = without_non_co2(table)
        groups.setdefault(key, []).append(index)
        tables[key] = table

    done = []
    for key, members in groups.items():
        ids = [configs[i].site.id for i in members]
        part = slices if len(members) == len(configs) else slices[slices["site"].isin(ids)]
        # memo lines derived from bills: T&D losses, upstream (WTT), biogenic CO2 (issue 14)
        props = factors.site_properties([configs[i] for i in members])
        regions = {configs[i].site.id: configs[i].site.region for i in members}
        vehicle_regions.check(part, [configs[i] for i in members], tables[key])  # a fleet its region cannot price
        part, derived_notices = memo.derive(part, regions, tables[key], props)
        part = part.assign(scope=_scope_of(part["activity"], scopes))
        held = [i for i, (site, _) in enumerate(instruments[0]) if site in ids]
        skip = {k for k, i in enumerate(held) if i in instruments[1]}
        # issue 13: a GB reporting year that is not a calendar year takes one DESNZ set (factors/reporting_year.py)
        spans = {configs[i].site.id: (periods[i].start, periods[i].end) for i in members}
        desnz = reporting_year.desnz_years(spans, regions)
        calculation = calculator.calculate(
            part,
            gwp_set=gwp_set,
            instruments=[instruments[0][i] for i in held],
            table=tables[key],
            props=props,
            bills=bills,
            skip=skip,
            factor_years=reporting_year.factor_years(part, desnz),
        )
        calculation.notices.extend(derived_notices + reporting_year.notices(spans, desnz))
        done.append(calculation)
    return done


def _basis(bills: pd.DataFrame) -> list[str]:
    """The bills' ``energy_basis`` column where an entry gives one (it picks the factor's conversion)."""
    return [BASIS_COLUMN] if BASIS_COLUMN in bills else []


def _scope_of(activity: pd.Series, scopes: dict[str, str]) -> pd.Series:
    """Each slice's scope, looked up once per distinct activity and kept as a category."""

    codes, names = pd.factorize(activity)
    kinds, which = np.unique(np.array([scopes[str(name)] for name in names], dtype=object), return_inverse=True)
    return pd.Series(pd.Categorical.from_codes(which[codes], pd.Index(kinds)), index=activity.index)


def _step(progress: Progress | None, what: str, done: int = 0, total: int = 0) -> None:
    if progress is not None:
        progress(what, done, total)
