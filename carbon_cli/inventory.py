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
from pathlib import Path
from typing import TYPE_CHECKING

from . import bills as billio
from . import calculator, config, factors, quality, summary
from . import calendar as billcal
from .calculator import Notice
from .errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd


#: Columns of a data-quality finding (carbon_cli.quality produces them).
FINDING_COLUMNS = ["site", "meter", "activity", "period_start", "period_end", "check", "severity", "detail",
                   "source_file", "source_row"]


@dataclass(frozen=True)
class Inventory:
    """A calculated greenhouse-gas inventory.

    ``ledger`` is the single source of truth (see :mod:`carbon_cli.calculator`); everything
    else here is either input description or derived from it.
    """

    sites: list[config.SiteConfig]
    period: config.Period
    gwp: str
    ledger: pd.DataFrame
    bills: pd.DataFrame
    notices: list[Notice] = field(default_factory=list)
    #: Data-quality findings, one row each (see :data:`FINDING_COLUMNS`); empty until checks run.
    findings: pd.DataFrame | None = None
    #: Share of each site's reporting period covered by bills, per activity (quality.COVERAGE_COLUMNS).
    coverage: pd.DataFrame | None = None

    def totals(self) -> dict[str, float]:
        """t CO2e for scope1, scope2_location and scope2_market."""
        return summary.totals(self.ledger)

    def site_totals(self) -> dict[str, dict[str, float]]:
        return summary.site_totals(self.ledger, [s.site.id for s in self.sites])

    def breakdown(self, by: Sequence[str] = summary.DIMENSIONS) -> pd.DataFrame:
        return summary.breakdown(self.ledger, by)

    def inputs(self) -> list[Path]:
        """Every file this inventory read (site YAMLs and bills): outputs may never replace one."""
        return [path for cfg in self.sites for path in (cfg.source, *(bill.path for bill in cfg.bills))]

    def quality_findings(self) -> pd.DataFrame:
        """The data-quality findings as a table (no rows when none were found or checked)."""
        import pandas as pd

        return self.findings if self.findings is not None else pd.DataFrame(columns=FINDING_COLUMNS)

    def factors_used(self) -> pd.DataFrame:
        """Each factor in the ledger once, with its value, unit and citation."""
        columns = ["factor_id", "activity", "factor_region", "factor_year", "gas", "factor_value",
                   "factor_unit", "citation"]
        return (self.ledger[columns].drop_duplicates("factor_id").sort_values("factor_id")
                .reset_index(drop=True))


@dataclass(frozen=True)
class Validation:
    """The data-quality findings of one or more sites, without calculating emissions."""

    sites: list[config.SiteConfig]
    #: Each site's reporting period, by site id.
    periods: dict[str, config.Period]
    findings: pd.DataFrame
    coverage: pd.DataFrame


def validate(paths: Iterable[str | Path], *, year: int | None = None, today: dt.date | None = None) -> Validation:
    """Read the sites' bills and run every data-quality check (no factors needed).

    :param paths: site YAML files.
    :param year: check only this calendar year (intersected with each site's period).
    :param today: the date future dates are judged against (default: today).
    :raises ConfigError: a YAML is invalid, or ``year`` lies outside a site's period.
    :raises InputDataError: a bill cannot be read.

    >>> validate(["sample_data/ai-park/site.yaml"]).findings["check"].tolist()  # doctest: +SKIP
    ['estimated']
    """
    import pandas as pd

    configs = _load_configs(paths)
    periods, findings, coverage = {}, [], []
    for cfg in configs:
        periods[cfg.site.id] = period = _period(cfg, year)
        found, covered = _quality(cfg, _read_bills(cfg), period, today)
        findings.append(found)
        coverage.append(covered)
    return Validation(sites=configs, periods=periods, findings=pd.concat(findings, ignore_index=True),
                      coverage=pd.concat(coverage, ignore_index=True))


def calculate(paths: Iterable[str | Path], *, year: int | None = None, gwp: str | None = None,
              fill_gaps: bool = False, today: dt.date | None = None) -> Inventory:
    """Calculate the inventory of one or more sites.

    :param paths: site YAML files.
    :param year: report only this calendar year (intersected with each site's period).
    :param gwp: GWP set overriding the YAML (``AR4``, ``AR5``, ``AR6``).
    :param fill_gaps: add estimated bills for the days of the period no bill covers, from
        each meter's own average per day (:func:`carbon_cli.quality.fill_gaps`).
    :param today: the date the quality checks judge future dates against (default: today).
    :raises ConfigError: a YAML is invalid, sites disagree on the GWP set, or ``year`` lies
        outside a site's period.
    :raises InputDataError: a bill or factor cannot be read or has no factor.
    """
    import pandas as pd

    configs = _load_configs(paths)
    gwp_set = gwp or configs[0].gwp
    if gwp is None and len({cfg.gwp for cfg in configs}) > 1:
        raise ConfigError("the sites use different GWP sets", where=", ".join(str(c.source) for c in configs),
                          fix="Use one gwp: in every site YAML, or pass --gwp")

    notices: list[Notice] = []
    all_bills: list[pd.DataFrame] = []
    all_slices: list[pd.DataFrame] = []
    all_findings: list[pd.DataFrame] = []
    all_coverage: list[pd.DataFrame] = []
    instruments: list[tuple[str, config.Instrument]] = []
    periods: list[config.Period] = []
    for cfg in configs:
        period = _period(cfg, year)
        periods.append(period)
        site_bills = _read_bills(cfg)
        if not len(site_bills):
            notices.append(Notice("warning", cfg.site.id, "no bill rows yet: every total is 0"))
        # Overlaps, estimates and bills outside the period are findings now, not notices.
        found, covered = _quality(cfg, site_bills, period, today)
        all_findings.append(found)
        all_coverage.append(covered)
        if fill_gaps:
            filled = quality.fill_gaps(site_bills, period, cfg.quality, today=today)
            if len(filled):
                notices.append(_filled_notice(cfg.site.id, filled))
                site_bills = pd.concat([site_bills, filled], ignore_index=True)
        site_bills = billcal.apply_shared_day_rule(site_bills)
        slices = billcal.split_by_month(site_bills, period.start, period.end)
        slices["bill_id"] = cfg.site.id + "#" + slices["bill_id"].astype(str)
        slices["region"] = cfg.site.region
        all_bills.append(site_bills)
        all_slices.append(slices)
        instruments += [(cfg.site.id, _instrument_in_site(cfg, x)) for x in cfg.instruments]
        _check_conversions(cfg)

    slices = pd.concat(all_slices, ignore_index=True)
    scopes = {name: row["scope"] for name, row in factors.activities().items()}
    slices["scope"] = slices["activity"].map(scopes)
    props = _site_properties(configs)
    ledger, ledger_notices = calculator.ledger(slices, gwp_set=gwp_set, instruments=instruments, props=props)
    period = config.Period(start=min(p.start for p in periods), end=max(p.end for p in periods))
    return Inventory(sites=configs, period=period, gwp=gwp_set, ledger=ledger,
                     bills=pd.concat(all_bills, ignore_index=True), notices=notices + ledger_notices,
                     findings=pd.concat(all_findings, ignore_index=True),
                     coverage=pd.concat(all_coverage, ignore_index=True))


def _load_configs(paths: Iterable[str | Path]) -> list[config.SiteConfig]:
    """Load and validate the site YAMLs; every site needs its own id."""
    aliases = factors.activity_aliases()
    configs = [config.load(path, activities=aliases) for path in paths]
    if not configs:
        raise ConfigError("no site files given", fix="Pass at least one site YAML")
    seen: dict[str, Path] = {}
    for cfg in configs:
        if cfg.site.id in seen:
            raise ConfigError(f"site id '{cfg.site.id}' is also used by {seen[cfg.site.id]}",
                              where=f"{cfg.source}: site.id", fix="Give every site its own id")
        seen[cfg.site.id] = cfg.source
    return configs


def _quality(cfg: config.SiteConfig, bills: pd.DataFrame, period: config.Period,
             today: dt.date | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The site's findings and coverage; every activity its YAML bills counts, even without rows."""
    activities = sorted({(cfg.site.id, bill.activity) for bill in cfg.bills})
    return quality.assess(bills, period, cfg.quality, region=cfg.site.region, activities=activities, today=today)


def _filled_notice(site: str, filled: pd.DataFrame) -> Notice:
    """What --fill-gaps added: the first few filled ranges, named by activity and meter."""
    shown = [f"{r.activity} meter '{r.meter}' {r.period_start:%Y-%m-%d}..{r.period_end:%Y-%m-%d} "
             f"{r.quantity:,.1f} {r.unit}" for r in filled.head(3).itertuples()]
    more = f" and {len(filled) - 3} more" if len(filled) > 3 else ""
    return Notice("warning", site, f"--fill-gaps added {len(filled)} estimated bill(s) from each meter's own "
                                   f"average per day ({quality.FILLED_SOURCE} in the ledger): {'; '.join(shown)}{more}")


def _period(cfg: config.SiteConfig, year: int | None) -> config.Period:
    """The site's reporting period, narrowed to ``year`` when asked."""
    period = cfg.period
    if year is None:
        if period is None:
            raise ConfigError("no reporting period", where=f"{cfg.source}: period",
                              fix="Add period: {start: 2021-01-01, end: 2021-12-31} or pass --year")
        return period
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if period is not None:
        start, end = max(start, period.start), min(end, period.end)
        if end < start:
            raise ConfigError(f"--year {year} is outside the period {period.start}..{period.end}",
                              where=f"{cfg.source}: period", fix="Choose a year inside the period")
    return config.Period(start=start, end=end)


def _read_bills(cfg: config.SiteConfig) -> pd.DataFrame:
    import pandas as pd

    table = factors.activities()
    frames = []
    for source in cfg.bills:
        activity = table[source.activity]
        allowed = ("energy",) if activity["scope"] == "scope2" else ("energy", "volume", "mass")
        frames.append(billio.read(source, site=cfg.site.id, activity_unit=activity["unit"],
                                  allowed_dimensions=allowed, shown_path=_shown(source.path)))
    if not frames:
        return billio.empty()
    return pd.concat(frames, ignore_index=True)


def _shown(path: Path) -> str:
    """A path as the user would write it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _instrument_in_site(cfg: config.SiteConfig, instrument: config.Instrument) -> config.Instrument:
    """Default an instrument's period to the site's reporting period."""
    if instrument.period is not None or cfg.period is None:
        return instrument
    return instrument.model_copy(update={"period": cfg.period})


def _check_conversions(cfg: config.SiteConfig) -> None:
    from . import units

    for activity, conversion in cfg.conversions.items():
        if activity not in factors.activities():
            raise ConfigError(f"unknown activity '{activity}'", where=f"{cfg.source}: conversions.{activity}",
                              fix=f"Use one of: {', '.join(factors.activities())}")
        for name in ("ncv", "density"):
            text = getattr(conversion, name)
            if text is not None:
                try:
                    units.ratio(text)
                except Exception as exc:
                    raise ConfigError(f"cannot read '{text}'", where=f"{cfg.source}: conversions.{activity}.{name}",
                                      fix="Write e.g. ncv: 38.931 MJ/m3 or density: 0.84 kg/L") from exc


def _site_properties(configs: Sequence[config.SiteConfig]) -> pd.DataFrame:
    """Shipped fuel properties plus the sites' own ``conversions`` (which win for their region)."""
    import pandas as pd

    shipped = factors.properties()
    rows = []
    for cfg in configs:
        for activity, conversion in cfg.conversions.items():
            for name in ("ncv", "density"):
                text = getattr(conversion, name)
                if text is None:
                    continue
                value, _, unit = text.strip().partition(" ")
                rows.append({
                    "id": f"site:{cfg.site.id}:conversions.{activity}.{name}", "activity": activity,
                    "region": cfg.site.region, "year_from": 0, "year_to": float("nan"), "property": name,
                    "value": float(value.replace(",", "")), "unit": unit.strip(), "gas": "", "method": "",
                    "citation": conversion.source or f"site YAML {cfg.source}",
                })
    if not rows:
        return shipped
    own = pd.DataFrame(rows)
    # A site's own value replaces shipped rows of the same activity and region.
    keep = ~shipped.set_index(["activity", "region"]).index.isin(own.set_index(["activity", "region"]).index)
    return pd.concat([own, shipped[keep]], ignore_index=True)
