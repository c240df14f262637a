"""Config: the site YAML, validated into typed, frozen objects.

Unknown keys, wrong types and missing files are reported with the file, the key path and what
was expected. Paths inside the YAML resolve relative to the YAML file. This module reads only
the YAML; bill files are read by :mod:`carbon_cli.bills`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ConfigError

GwpSet = Literal["AR4", "AR5", "AR6"]
InstrumentType = Literal["green_certificate", "rec", "go", "ppa", "supplier_factor"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


#: The longest reporting period accepted: five years. A longer one is almost always a typo
#: (2011 for 2021); trends over more years are several runs.
MAX_PERIOD_DAYS = 5 * 366


class Period(_Model):
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


class Site(_Model):
    id: str = Field(min_length=1)
    name: str | None = None
    region: str = Field(min_length=2, description="ISO 3166 country or subdivision code, or a grid code")
    floor_area_m2: float | None = Field(default=None, gt=0)
    headcount: int | None = Field(default=None, gt=0)
    group: str | None = None

    @field_validator("region")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class Columns(_Model):
    """Which header of the bill file holds each field (defaults are guessed, see bills.py)."""

    start: str | None = None
    end: str | None = None
    quantity: str | None = None
    unit: str | None = None
    meter: str | None = None
    cost: str | None = None
    estimated: str | None = None
    site: str | None = None
    activity: str | None = None
    credit: str | None = None


class BillSource(_Model):
    path: Path
    sheet: str | int | None = None
    #: Every row's activity; None when the file has an activity column (a portfolio table).
    activity: str | None = Field(default=None, min_length=1)
    unit: str | None = None
    meter: str | None = None
    header_row: int = Field(default=1, ge=1)
    columns: Columns = Columns()


class Instrument(_Model):
    """A contractual instrument for market-based Scope 2 (GHG Protocol Scope 2 Guidance, ch. 7)."""

    type: InstrumentType
    activity: str = "electricity"
    quantity: str | None = None
    factor: str | None = None
    period: Period | None = None
    id: str | None = None

    @model_validator(mode="after")
    def _complete(self) -> Instrument:
        if self.type == "supplier_factor":
            if self.factor is None:
                raise ValueError("a supplier_factor needs 'factor', e.g. '0.45 kg/kWh'")
        elif self.quantity is None:
            raise ValueError(f"a {self.type} needs 'quantity', e.g. '4000 kWh'")
        return self


class Conversion(_Model):
    """Site-specific fuel properties, used where a bill's unit differs from the factor's.

    ``ncv`` is a net calorific value, ``gcv`` a gross one (higher heating value); each only
    bridges to factors on its own basis.
    """

    ncv: str | None = None
    gcv: str | None = None
    density: str | None = None
    source: str | None = None


class UserFactor(_Model):
    """A site's own emission factor, overriding the shipped ones for this site (``factors:``).

    It applies to the site's region; it replaces the shipped factors of its activity, method and
    gas (a CO2e factor replaces all gases), for every year unless ``year_from``/``year_to`` say.
    """

    activity: str = Field(min_length=1)
    gas: Literal["CO2", "CH4", "N2O", "CO2e"]
    value: float = Field(ge=0)
    unit: str = Field(min_length=3, description="<gas mass>/<amount>, e.g. kg/kWh")
    source: str = Field(min_length=1, description="where the number comes from")
    method: Literal["location", "market"] | None = None
    basis: Literal["NCV", "GCV"] | None = None
    year_from: int | None = None
    year_to: int | None = None
    id: str | None = None

    @model_validator(mode="after")
    def _years(self) -> UserFactor:
        if self.year_from is not None and self.year_to is not None and self.year_to < self.year_from:
            raise ValueError(f"year_to {self.year_to} is before year_from {self.year_from}")
        return self


class Quality(_Model):
    """Thresholds of the data-quality checks (see carbon_cli.quality and the README)."""

    #: A bill longer than this many days is reported (62 lets two-monthly bills pass).
    max_bill_days: int = Field(default=62, ge=1)
    #: A meter whose last bill ends more than this many days before the period does is reported.
    end_gap_days: int = Field(default=90, ge=0)
    #: Bills with the same quantity whose dates differ by at most this many days are near duplicates.
    duplicate_days: int = Field(default=3, ge=0)
    #: A bill using this many times its norm per day or more (or this fraction or less) is implausible.
    implausible_factor: float = Field(default=5.0, gt=1)
    #: Robust z-score beyond which a bill is an anomaly against the meter's seasonal norm.
    anomaly_z: float = Field(default=3.5, gt=0)


class SiteConfig(_Model):
    site: Site
    period: Period | None = None
    gwp: GwpSet = "AR6"
    bills: list[BillSource] = Field(default_factory=list)
    instruments: list[Instrument] = Field(default_factory=list)
    conversions: dict[str, Conversion] = Field(default_factory=dict)
    #: Opt-in factor sets (factors/factor_sets.csv), e.g. ``[cn-ets]``.
    factor_sets: list[str] = Field(default_factory=list)
    #: The site's own factors, overriding shipped ones for this site.
    factors: list[UserFactor] = Field(default_factory=list)
    #: Factor files in the shipped schema, relative to this YAML.
    factor_files: list[Path] = Field(default_factory=list)
    quality: Quality = Quality()

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
    data = _read_yaml(path)
    return _site(path, data, activities, billable)


def _read_yaml(path: Path) -> dict[str, Any]:
    """The YAML file as a mapping; every way it can be wrong is a ConfigError naming the line."""
    if not path.exists():
        raise ConfigError("file not found", where=path, fix="Check the path to the site YAML")
    if path.is_dir():
        raise ConfigError(
            "is a directory, not a site YAML", where=path, fix="Name the YAML file inside it, e.g. site.yaml"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("is not UTF-8 text", where=path, fix="Save the YAML as UTF-8") from exc
    try:
        data = _safe_load(text, path)
    except yaml.constructor.ConstructorError as exc:
        raise ConfigError(
            f"{exc.problem}; carbon reads plain YAML only", where=_yaml_where(path, exc), fix="Remove the !! tag"
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(
            _yaml_problem(exc),
            where=_yaml_where(path, exc),
            fix="Fix the YAML syntax (indentation, ':' after keys, quotes)",
        ) from exc
    if data is None:
        raise ConfigError(
            "the file is empty", where=path, fix="Start from `carbon init DIR`, which writes a working site.yaml"
        )
    if not isinstance(data, dict):
        raise ConfigError(
            f"expected a mapping of keys at the top, got {type(data).__name__}",
            where=path,
            fix="Start from `carbon init DIR`",
        )
    return data


def _site(
    path: Path, data: dict[str, Any], activities: Mapping[str, str] | None, billable: Collection[str] | None
) -> SiteConfig:
    try:
        config = SiteConfig.model_validate({**data, "source": path})
    except ValidationError as exc:
        raise _config_error(path, exc, data) from exc

    if activities is not None:
        config = _canonical_activities(path, config, activities, billable)
    for index, bill in enumerate(config.bills):
        _check_bill_path(path, index, bill.path)
    for index, factor_file in enumerate(config.factor_files):
        _check_bill_path(path, index, factor_file, key="factor_files")
    bills = [bill.model_copy(update={"path": (path.parent / bill.path).resolve()}) for bill in config.bills]
    factor_files = [(path.parent / name).resolve() for name in config.factor_files]
    return config.model_copy(update={"bills": bills, "factor_files": factor_files})


def _canonical_activity(name: str, where: str, activities: Mapping[str, str], allowed: set[str]) -> str:
    """An activity's name from any accepted spelling; refused (with a hint) when unknown or not allowed."""
    found = activities.get(name) or activities.get(name.lower())
    if found is None or found not in allowed:
        known = {alias: n for alias, n in activities.items() if n in allowed}
        problem = (
            f"unknown activity '{name}'{_hint(name, known)}"
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
        return _canonical_activity(name, f"{path}: {where}", activities, allowed)

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


#: A site file expands to a few hundred YAML nodes; aliases that expand far beyond this are an
#: attack ("billion laughs") that would stall validation, not a site.
MAX_YAML_NODES = 100_000


def _safe_load(text: str, path: Path) -> Any:
    """yaml.safe_load (no object construction) that also refuses alias bombs.

    libyaml's parser reads when PyYAML has it (ten times faster: a thousand site files); a file
    it refuses is read again by Python's, whose messages say more ("but got ':'").
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _load(fast, text, path)
        except yaml.YAMLError:
            pass
    return _load(yaml.SafeLoader, text, path)


def _load(loader_class: Any, text: str, path: Path) -> Any:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        sizes: dict[int, int] = {}

        def expanded(item: yaml.Node) -> int:
            if id(item) not in sizes:
                sizes[id(item)] = 0  # a recursive alias counts once
                children: list[yaml.Node] = []
                if isinstance(item, yaml.SequenceNode):
                    children = list(item.value)
                elif isinstance(item, yaml.MappingNode):
                    children = [part for pair in item.value for part in pair]
                sizes[id(item)] = 1 + sum(expanded(child) for child in children)
            return sizes[id(item)]

        if expanded(node) > MAX_YAML_NODES:
            raise ConfigError(
                f"expands to more than {MAX_YAML_NODES:,} values through aliases",
                where=path,
                fix="Remove the repeated anchors (&) and aliases (*)",
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_bill_path(config_path: Path, index: int, bill_path: Path, *, key: str = "bills") -> None:
    where = f"{config_path}: bills[{index}].path" if key == "bills" else f"{config_path}: {key}[{index}]"
    full = config_path.parent / bill_path
    if not full.exists():
        kind = "bill file" if key == "bills" else "factor file"
        raise ConfigError(
            f"{kind} '{bill_path}' not found (looked at {full})",
            where=where,
            fix="Paths are relative to the YAML file; check the name and folder",
        )
    if full.is_dir():
        raise ConfigError(
            f"'{bill_path}' is a directory", where=where, fix="Point at a .csv, .xlsx or .parquet file inside it"
        )


def _yaml_where(path: Path, exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return str(path)
    return f"{path} line {mark.line + 1}, column {mark.column + 1}"


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or "not valid YAML"
    return f"cannot parse YAML ({problem})"


def _key_path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _hint(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at the parent of ``loc``, found by walking the model fields."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) else None
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return [name for name in current.model_fields if name != "source"]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _config_error(
    path: Path, exc: ValidationError, data: dict[str, Any], model: type[BaseModel] | None = None
) -> ConfigError:
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first["loc"])
    key = _key_path(loc)
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    kind = first["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model or SiteConfig, loc)
        return ConfigError(
            f"unknown key '{loc[-1]}'{_hint(loc[-1], allowed)}{more}",
            where=f"{path}: {key}",
            fix=f"Allowed keys here: {', '.join(allowed)}" if allowed else None,
        )
    if kind == "missing":
        return ConfigError(
            f"missing required key '{loc[-1]}'{more}",
            where=f"{path}: {key}",
            fix="Add it; `carbon init DIR` writes a complete example",
        )
    if kind == "literal_error":
        expected = first.get("ctx", {}).get("expected", "")
        got = first.get("input")
        return ConfigError(
            f"'{got}' is not allowed{_hint(got, _literals(expected))}{more}",
            where=f"{path}: {key}",
            fix=f"Use one of: {expected}",
        )
    message = first["msg"].removeprefix("Value error, ")
    got = first.get("input")
    shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
    return ConfigError(f"{message}{shown}{more}", where=f"{path}: {key}", fix="See the YAML reference in the README")


def _literals(expected: str) -> list[str]:
    return [part.strip(" '\"") for part in expected.replace(" or ", ",").split(",") if part.strip()]


class Portfolio(_Model):
    name: str = Field(min_length=1)


class PortfolioConfig(_Model):
    """A portfolio file: sites from a table, bills of all sites from one or more tables."""

    portfolio: Portfolio
    period: Period | None = None
    gwp: GwpSet = "AR6"
    #: The sites table (CSV, XLSX or Parquet): id, region, and optionally name, floor_area_m2,
    #: headcount, group ("China/Chongqing/AI PARK").
    sites: Path
    #: Bill tables with a site column (and an activity column unless ``activity:`` is given).
    bills: list[BillSource] = Field(default_factory=list)
    quality: Quality = Quality()
    factor_sets: list[str] = Field(default_factory=list)
    source: Path = Path("portfolio.yaml")


SITE_COLUMNS = ("id", "region", "name", "floor_area_m2", "headcount", "group")


def load_many(
    path: str | Path, *, activities: Mapping[str, str] | None = None, billable: Collection[str] | None = None
) -> tuple[list[SiteConfig], list[BillSource], list[Path]]:
    """Read a site YAML or a portfolio YAML (one with a ``portfolio:`` key).

    :returns: the sites, the bill sources shared by them (a portfolio's tables, read with a
        site column), and the extra input files (the sites table and shared bills).
    :raises ConfigError: as :func:`load`; for a portfolio also a bad sites table, naming its row.
    """
    path = Path(path)
    data = _read_yaml(path)
    if "portfolio" not in data:
        return [_site(path, data, activities, billable)], [], []
    try:
        portfolio = PortfolioConfig.model_validate({**data, "source": path})
    except ValidationError as exc:
        raise _config_error(path, exc, data, PortfolioConfig) from exc
    _check_bill_path(path, 0, portfolio.sites, key="sites")
    shared = []
    for index, bill in enumerate(portfolio.bills):
        _check_bill_path(path, index, bill.path)
        if bill.activity is not None and activities is not None:
            allowed = set(activities.values()) if billable is None else set(billable)
            found = _canonical_activity(bill.activity, f"{path}: bills[{index}].activity", activities, allowed)
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
    return sites, shared, [table, *(bill.path for bill in shared)]


def _sites_table(path: Path, shown: Path) -> list[Site]:
    """The rows of a sites table as validated sites; errors name the row and column."""
    import pandas as pd

    from .errors import InputDataError, at_row

    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
            table = pd.read_excel(path, engine="calamine", dtype=object)
        elif path.suffix.lower() == ".parquet":
            table = pd.read_parquet(path).astype(object)
        else:
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, OSError) as exc:
        raise InputDataError(
            f"cannot read the sites table ({exc})",
            where=shown,
            fix="Save it as CSV with columns id, region, name, floor_area_m2, group",
        ) from exc
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
    for number, record in enumerate(records, start=2):
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
