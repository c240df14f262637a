"""Config: the site YAML, validated into typed, frozen objects.

Unknown keys, wrong types and missing files are reported with the file, the key path and what
was expected. Paths inside the YAML resolve relative to the YAML file. The text is read by
:mod:`carbon_cli.safe_yaml` (plain YAML only, alias bombs refused).

This module reads the site YAML and nothing else: it checks that the files the YAML names
exist, but must not open them. Bill files are read by :mod:`carbon_cli.bills`; a portfolio YAML
and its sites table (a spreadsheet) by :mod:`carbon_cli.portfolio`, which builds on the models
and helpers here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from .config_bills import BillSource, Columns, CreditRule, Replacement
from .config_errors import config_error, did_you_mean
from .config_goals import GoalKeys
from .config_model import ConfigModel
from .config_onsite import Onsite
from .config_refrigerants import Refrigerants
from .errors import ConfigError
from .safe_yaml import read_yaml

__all__ = [
    "MAX_PERIOD_DAYS",
    "BillSource",
    "Columns",
    "ConfigModel",
    "Conversion",
    "CreditRule",
    "GwpSet",
    "Instrument",
    "InstrumentType",
    "Period",
    "Quality",
    "Replacement",
    "Site",
    "SiteConfig",
    "UserFactor",
    "canonical_activity",
    "check_path",
    "load",
    "read_yaml",
    "site_config",
]

#: The GWP sets of ``factors/gwp.csv``, written here so that the schema needs no data file
#: (tests/test_factors.py holds the two together).
GwpSet = Literal["AR4", "AR5", "AR6"]
InstrumentType = Literal["green_certificate", "rec", "go", "ppa", "supplier_factor"]


#: The longest reporting period accepted: five years. A longer one is almost always a typo
#: (2011 for 2021); trends over more years are several runs.
MAX_PERIOD_DAYS = 5 * 366


class Period(ConfigModel):
    """An inclusive date range."""

    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if (self.end - self.start).days + 1 > MAX_PERIOD_DAYS:
            years = ((self.end - self.start).days + 1) / 365.25
            raise ValueError(
                f"{self.start} to {self.end} is {years:.1f} years; a period covers at most 5 "
                "(check the years, or report one year at a time with --year)"
            )
        return self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class Site(ConfigModel):
    id: str = Field(min_length=1)
    name: str | None = None
    region: str = Field(min_length=2, description="ISO 3166 country or subdivision code, or a grid code")
    floor_area_m2: float | None = Field(default=None, gt=0, le=1e9, allow_inf_nan=False)
    headcount: int | None = Field(default=None, gt=0, le=10**9)
    group: str | None = None
    #: A US site's eGRID subregion (``NYCW`` or ``US-EGRID-NYCW``): its electricity factor exactly.
    egrid_subregion: str | None = Field(default=None, min_length=2)
    #: A US site's ZIP code: the eGRID subregion it lies in (EPA Power Profiler), when it lies in one.
    zip: str | None = None
    #: Structural dates for the multi-year view (issue 17): a site opened or closed is organic growth
    #: or decline; one acquired or divested moves the base year (GHG Protocol Corporate Standard, ch. 5).
    opened: dt.date | None = None
    closed: dt.date | None = None
    acquired: dt.date | None = None
    divested: dt.date | None = None

    @field_validator("region")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("zip", mode="before")
    @classmethod
    def _zip(cls, value: object) -> str | None:
        from .factors.us_grid import zip_code

        return None if value is None else zip_code(value)

    @model_validator(mode="after")
    def _grid_region(self) -> Site:
        """With ``egrid_subregion`` or ``zip``, ``region`` becomes the eGRID subregion they settle."""
        from .factors.us_grid import site_region

        region = site_region(self.region, self.egrid_subregion, self.zip)
        if region != self.region:
            object.__setattr__(self, "region", region)
        return self


class Instrument(ConfigModel):
    """A contractual instrument for market-based Scope 2 (GHG Protocol Scope 2 Guidance, ch. 7)."""

    type: InstrumentType
    activity: str = "electricity"
    quantity: str | None = None
    factor: str | None = None
    period: Period | None = None
    id: str | None = None
    #: Scope 2 Quality Criteria (README): issuing country, vintage window, why a failing one is applied.
    market: str | None = Field(default=None, min_length=2)
    vintage_window_months: int = Field(default=0, ge=0, le=24)
    accept: str | None = Field(default=None, min_length=1)

    @field_validator("quantity")
    @classmethod
    def _quantity(cls, text: str | None) -> str | None:
        return _finite(text, "4000 kWh")

    @field_validator("factor")
    @classmethod
    def _factor(cls, text: str | None) -> str | None:
        return _finite(text, "0.45 kg/kWh")

    @model_validator(mode="after")
    def _complete(self) -> Instrument:
        if self.type == "supplier_factor":
            if self.factor is None:
                raise ValueError("a supplier_factor needs 'factor', e.g. '0.45 kg/kWh'")
        elif self.quantity is None:
            raise ValueError(f"a {self.type} needs 'quantity', e.g. '4000 kWh'")
        return self


class Conversion(ConfigModel):
    """Site-specific fuel properties, used where a bill's unit differs from the factor's.

    ``ncv`` is a net calorific value, ``gcv`` a gross one (higher heating value); each only
    bridges to factors on its own basis.
    """

    ncv: str | None = None
    gcv: str | None = None
    density: str | None = None
    source: str | None = None

    @field_validator("ncv", "gcv")
    @classmethod
    def _calorific(cls, text: str | None) -> str | None:
        return _finite(text, "38 MJ/m3", positive=True)

    @field_validator("density")
    @classmethod
    def _density(cls, text: str | None) -> str | None:
        return _finite(text, "0.84 kg/L", positive=True)


class UserFactor(ConfigModel):
    """A site's own emission factor, overriding the shipped ones for this site (``factors:``).

    It applies to the site's region; it replaces the shipped factors of its activity, method and
    gas (a CO2e factor replaces all gases), for every year unless ``year_from``/``year_to`` say.
    """

    activity: str = Field(min_length=1)
    gas: Literal["CO2", "CH4", "N2O", "CO2e"]
    value: float = Field(ge=0, allow_inf_nan=False)
    unit: str = Field(min_length=3, description="<gas mass>/<amount>, e.g. kg/kWh")
    source: str = Field(min_length=1, description="where the number comes from")
    method: Literal["location", "market"] | None = None
    basis: Literal["NCV", "GCV"] | None = None
    year_from: int | None = Field(default=None, ge=1, le=9999)
    year_to: int | None = Field(default=None, ge=1, le=9999)
    id: str | None = None

    @model_validator(mode="after")
    def _years(self) -> UserFactor:
        if self.year_from is not None and self.year_to is not None and self.year_to < self.year_from:
            raise ValueError(f"year_to {self.year_to} is before year_from {self.year_from}")
        return self


#: The number a quantity such as '4000 kWh', '-0.3 kg/kWh', 'nan kWh' or '1e400 MJ/m3' starts with.
_LEADING_NUMBER = re.compile(r"\s*([-+]?(?:nan|inf(?:inity)?|(?:\d[\d,]*\.?\d*|\.\d+)(?:e[-+]?\d+)?))", re.IGNORECASE)


def _leading_number(text: str | None) -> float | None:
    """The number ``text`` starts with (thousands commas dropped: only its sign and finiteness
    are judged here), or None when it starts with none; units are read later (carbon_cli.units)."""
    found = _LEADING_NUMBER.match(unicodedata.normalize("NFKC", text or ""))
    return float(found.group(1).replace(",", "")) if found else None


def _finite(text: str | None, example: str, *, positive: bool = False) -> str | None:
    """``text`` when its number is finite and not negative (``positive``: above zero)."""
    value = _leading_number(text)
    if value is None:
        return text
    if not math.isfinite(value):
        raise ValueError(f"not a finite number; write e.g. '{example}'")
    if value < 0 or (positive and value == 0):
        raise ValueError("must be above zero" if positive else "must be zero or more")
    return text


class Quality(ConfigModel):
    """Thresholds of the data-quality checks (see carbon_cli.quality and the README)."""

    #: A bill longer than this many days is reported (100: a quarterly bill with a week of read-date slack passes).
    max_bill_days: int = Field(default=100, ge=1, le=100_000)
    #: A meter whose last bill ends more than this many days before the period does is reported.
    end_gap_days: int = Field(default=90, ge=0, le=100_000)
    #: Bills with the same quantity whose dates differ by at most this many days are near duplicates.
    duplicate_days: int = Field(default=3, ge=0, le=100_000)
    #: A bill using this many times its norm per day or more (or this fraction or less) is implausible.
    implausible_factor: float = Field(default=5.0, gt=1, le=1e9, allow_inf_nan=False)
    #: Robust z-score beyond which a bill is an anomaly against the meter's seasonal norm.
    anomaly_z: float = Field(default=3.5, gt=0, le=1e9, allow_inf_nan=False)
    #: An interval this many times the meter's mean at that time of day or more is a spike.
    interval_spike_factor: float = Field(default=10.0, gt=1, le=1e9, allow_inf_nan=False)


class SiteConfig(GoalKeys):
    site: Site
    period: Period | None = None
    gwp: GwpSet = "AR6"
    bills: list[BillSource] = Field(default_factory=list)
    instruments: list[Instrument] = Field(default_factory=list)
    conversions: dict[str, Conversion] = Field(default_factory=dict)
    #: Opt-in factor sets (factors/factor_sets.csv), e.g. ``[cn-ets]``.
    factor_sets: list[str] = Field(default_factory=list)
    #: Chinese sites: add IPCC 2006 CH4/N2O to the Chinese CO2-only fuel coefficients (``ipcc``,
    #: the GHG Protocol default) or count CO2 only, as the Chinese guidelines do (``none``).
    cn_combustion_non_co2: Literal["ipcc", "none"] = "ipcc"
    #: The site's own factors, overriding shipped ones for this site.
    factors: list[UserFactor] = Field(default_factory=list)
    #: Factor files in the shipped schema, relative to this YAML.
    factor_files: list[Path] = Field(default_factory=list)
    quality: Quality = Quality()
    #: On-site generation: certificates of self-consumed generation sold, the GB/T 51366 view (config_onsite).
    onsite: Onsite = Onsite()
    #: Refrigerants and other fugitive gases (issue 14, :mod:`carbon_cli.fugitive`).
    refrigerants: Refrigerants | None = None

    #: The language of tables, messages and the workbook (issue 18); ``--lang`` overrides it.
    lang: Literal["en", "zh"] | None = None

    #: The YAML file this config came from; bill paths are resolved against its folder.
    source: Path = Path("site.yaml")


def load(
    path: str | Path, *, activities: Mapping[str, str] | None = None, billable: Collection[str] | None = None
) -> SiteConfig:
    """Read and validate a site YAML file.

    :param path: the site YAML.
    :param activities: accepted activity spellings mapped to activity names (all when None).
    :returns: the validated config, with bill paths made absolute.
    :raises ConfigError: the file is missing or not YAML, a key is unknown or of the wrong type,
        or a bill file does not exist.

    >>> config = load("sample_data/ai-park/site.yaml")  # doctest: +SKIP
    >>> config.site.region
    'CN-CQ'
    """
    path = Path(path)
    data = read_yaml(path)
    return site_config(path, data, activities, billable)


def site_config(
    path: Path, data: dict[str, Any], activities: Mapping[str, str] | None, billable: Collection[str] | None
) -> SiteConfig:
    """A site YAML's mapping (from :func:`read_yaml`) validated, as :func:`load` returns it."""
    try:
        config = SiteConfig.model_validate({**data, "source": path})
    except ValidationError as exc:
        raise config_error(path, exc, SiteConfig) from exc

    if activities is not None:
        config = _canonical_activities(path, config, activities, billable)
    for index, bill in enumerate(config.bills):
        check_path(path, index, bill.path)
    for index, factor_file in enumerate(config.factor_files):
        check_path(path, index, factor_file, key="factor_files")
    bills = [bill.model_copy(update={"path": (path.parent / bill.path).resolve()}) for bill in config.bills]
    factor_files = [(path.parent / name).resolve() for name in config.factor_files]
    return config.model_copy(update={"bills": bills, "factor_files": factor_files})


def canonical_activity(name: str, where: str, activities: Mapping[str, str], allowed: set[str]) -> str:
    """An activity's name from any accepted spelling; refused (with a hint) when unknown or not allowed."""
    found = activities.get(name) or activities.get(name.lower())
    if found is None or found not in allowed:
        known = {alias: n for alias, n in activities.items() if n in allowed}
        problem = (
            f"unknown activity '{name}'{did_you_mean(name, known)}"
            if found is None
            else f"'{name}' is derived from other activities, not billed"
        )
        raise ConfigError(problem, where=where, fix=f"Use one of: {', '.join(sorted(allowed))}")
    return found


def _canonical_activities(
    path: Path, config: SiteConfig, activities: Mapping[str, str], billable: Collection[str] | None
) -> SiteConfig:
    """Replace activity aliases (天然气, gas) by their names; refuse unknown activities.

    ``billable`` names the activities a bill or instrument may have (derived ones, such as
    T&D losses, are calculated from others and may only appear in factors).
    """
    billed = set(activities.values()) if billable is None else set(billable)

    def canonical(name: str, where: str, allowed: set[str]) -> str:
        return canonical_activity(name, f"{path}: {where}", activities, allowed)

    bills = [
        b
        if b.activity is None
        else b.model_copy(update={"activity": canonical(b.activity, f"bills[{i}].activity", billed)})
        for i, b in enumerate(config.bills)
    ]
    instruments = [
        x.model_copy(update={"activity": canonical(x.activity, f"instruments[{i}].activity", billed)})
        for i, x in enumerate(config.instruments)
    ]
    own = [
        f.model_copy(update={"activity": canonical(f.activity, f"factors[{i}].activity", set(activities.values()))})
        for i, f in enumerate(config.factors)
    ]
    return config.model_copy(update={"bills": bills, "instruments": instruments, "factors": own})


#: What a path under each YAML key is, for messages.
_PATH_KINDS = {"bills": "bill file", "factor_files": "factor file", "sites": "sites table"}


def check_path(config_path: Path, index: int | None, bill_path: Path, *, key: str = "bills") -> None:
    """Refuse a path named in a YAML (at ``key[index]``, or ``key`` for a single path) that does
    not exist or is a directory.

    :raises ConfigError: naming the YAML key and where the path was looked for.
    """
    if index is None:
        where = f"{config_path}: {key}"
    elif key == "bills":
        where = f"{config_path}: bills[{index}].path"
    else:
        where = f"{config_path}: {key}[{index}]"
    full = config_path.parent / bill_path
    if not full.exists():
        kind = _PATH_KINDS[key]
        raise ConfigError(
            f"{kind} '{bill_path}' not found (looked at {full})",
            where=where,
            fix="Paths are relative to the YAML file; check the name and folder",
        )
    if full.is_dir():
        raise ConfigError(
            f"'{bill_path}' is a directory", where=where, fix="Point at a .csv, .xlsx or .parquet file inside it"
        )
    if not full.is_file():  # a FIFO, socket or device: reading it could block forever
        raise ConfigError(
            f"'{bill_path}' is not a regular file (a pipe, socket or device)",
            where=where,
            fix="Save the data to a file and point at that",
        )
