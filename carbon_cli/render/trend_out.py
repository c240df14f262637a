"""`carbon trend`, `carbon diff` and `carbon forecast`: the multi-year report as Rich tables, JSON
(``carbon.trend/1``, ``carbon.diff/1``, ``carbon.forecast/1``: keys may be added, never renamed)
or CSV."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..i18n import kind
from ..trends.decompose import EFFECTS, waterfall
from ..trends.forecast import Forecast
from ..trends.report import TrendReport
from .fit import fitted
from .localized import Verbatim
from .plain import plain, records

SCHEMA = "carbon.trend/1"
DIFF_SCHEMA = "carbon.diff/1"
EFFECT_LABELS = {
    "structure": "Structure (sites, floor area)",
    "coverage": "Coverage (days billed)",
    "weather": "Weather",
    "activity": "Activity (energy used)",
    "factor": "Emission factors",
}


def _t(value: Any) -> str:
    return "" if value is None or value != value else f"{round(float(value), 3) + 0.0:,.3f}"


def _year(value: Any) -> str:
    return "" if value is None or value != value else str(int(value))


def trend_table(report: TrendReport) -> Group:
    """The terminal view: years, peak status, base year, targets, net zero, change."""
    parts: list[Any] = []
    years = Table(title="Scope 1 + 2 by year (t CO2e)", title_justify="left")
    for name in (
        "Year",
        "Sites",
        "Whole",
        "Scope 1",
        "Scope 2 (location)",
        "Scope 2 (market)",
        "1+2 (location)",
        "1+2 (market)",
    ):
        years.add_column(name, justify="left" if name == "Year" else "right")
    for row in report.run.itertuples(index=False):
        years.add_row(
            str(row.year),
            str(row.sites),
            "yes" if row.whole else ("complete" if row.complete else "part"),
            _t(row.scope1),
            _t(row.scope2_location),
            _t(row.scope2_market),
            _t(row.scope1_2_location),
            _t(row.scope1_2_market),
        )
    parts.append(fitted(years, numbers=[c.header for c in years.columns[3:]]))  # type: ignore[misc]
    peaks = Table(title=f"Carbon peak ({report.view}-based)", title_justify="left")
    for name in ("Scope", "Status", "Peak year", "Peak t CO2e", "Whole years"):
        peaks.add_column(name, justify="right" if name in ("Peak t CO2e", "Whole years") else "left")
    for row in report.peaks[report.peaks["view"] == report.view].itertuples(index=False):
        peaks.add_row(str(row.scope), str(row.text), _year(row.peak_year), _t(row.peak_t), str(row.years))
    parts.append(fitted(peaks, numbers=["Peak t CO2e", "Whole years"]))
    if report.base_year is not None:
        figure = report.base_year
        said = "recalculated" if figure.recalculated else "as reported"
        lines = [f"Base year {figure.year} ({figure.view}-based): {figure.used:,.3f} t CO2e, {said}"]
        if figure.reasons:
            lines.append(
                f"  reported {figure.reported:,.3f} t; {figure.shift:+.1%} against a "
                f"{figure.significance:.0%} threshold"
            )
            lines += [f"  - {reason}" for reason in figure.reasons]
        parts.append(Text("\n".join(lines)))
    if len(report.targets):
        table = Table(title="Targets", title_justify="left")
        for name in ("Target", "Year", "Actual", "Trajectory", "Gap", "Status", "Unit"):
            table.add_column(name, justify="right" if name in ("Actual", "Trajectory", "Gap") else "left")
        for row in report.targets.itertuples(index=False):
            table.add_row(
                str(row.target),
                str(row.year),
                _t(row.actual),
                _t(row.trajectory),
                _t(row.gap),
                "on track" if row.on_track else "off track",
                str(row.unit),
            )
        parts.append(fitted(table, numbers=["Actual", "Trajectory", "Gap"]))
    if report.net_zero:
        net = report.net_zero
        parts.append(
            Text(
                f"Net zero in operation, {net['year']}: gross Scope 1 + 2 {_t(net['scope1_2_location'])} t "
                f"(location), {_t(net['scope1_2_market'])} t (market); instruments covered "
                f"{_t(net['covered_by_instruments_t'])} t; remaining (to offset for net zero) "
                f"{_t(net['remaining_t'])} t; offsets retired "
                f"{_t(float(net['offsets_avoidance_t'] or 0) + float(net['offsets_removal_t'] or 0))} t; "
                f"net after offsets (not a scope total) {_t(net['net_after_offsets_t'])} t"
            )
        )
    if report.change_years is not None:
        parts.append(change_table(report.change, report.change_years, report.view))
    return Group(*parts)


def change_table(change: pd.DataFrame, years: tuple[Any, Any], view: str) -> Any:
    """The waterfall of a change: the first total, each effect, the second total."""
    table = Table(
        title=f"What changed, {years[0]} to {years[1]} (Scope 1 + 2, {view}-based, t CO2e)", title_justify="left"
    )
    table.add_column("Step")
    table.add_column("t CO2e", justify="right")
    table.add_column("Running total", justify="right")
    for step, value, running in waterfall(change):
        if step in EFFECT_LABELS:
            table.add_row(EFFECT_LABELS[step], f"{round(value, 3) + 0.0:+,.3f}", _t(running))
        else:
            table.add_row(str(years[0] if step == "before" else years[1]), _t(value), _t(running))
    return fitted(table, numbers=["t CO2e", "Running total"])


def trend_document(report: TrendReport) -> dict[str, Any]:
    """The report as a JSON-ready dict."""
    figure = report.base_year
    return {
        "schema": SCHEMA,
        "unit": "t CO2e",
        "view": report.view,
        "years": records(report.run),
        "site_years": records(report.per_site),
        "activity_years": records(report.activities),
        "peak": [
            {k: (int(v) if k in ("year", "peak_year") and v is not None else v) for k, v in row.items()}
            for row in records(report.peaks)
        ],
        "base_year": None
        if figure is None
        else {
            "year": figure.year,
            "view": figure.view,
            "reported_t": figure.reported,
            "used_t": figure.used,
            "recalculated": figure.recalculated,
            "shift": figure.shift,
            "significance": figure.significance,
            "reasons": figure.reasons,
        },
        "targets": records(report.targets),
        "net_zero": {k: plain(v) for k, v in report.net_zero.items()} or None,
        "offsets": records(report.offsets.astype({"retired": str}) if len(report.offsets) else report.offsets),
        "change": change_document(report.change, report.change_years),
        "notices": [{"level": n.level, "site": n.site, "message": n.message} for n in report.notices],
    }


def change_document(change: pd.DataFrame, years: tuple[Any, Any] | None) -> dict[str, Any] | None:
    """A decomposition as ``{from, to, t_before, t_after, change, effects, items}``."""
    if years is None:
        return None
    return {
        "from": years[0],
        "to": years[1],
        "t_before": float(change["t_before"].sum()),
        "t_after": float(change["t_after"].sum()),
        "change": float(change["change"].sum()),
        "effects": {effect: float(change[f"{effect}_effect"].sum()) for effect in EFFECTS},
        "items": records(change),
    }


def trend_json(report: TrendReport, *, pretty: bool = False) -> str:
    return json.dumps(trend_document(report), ensure_ascii=False, indent=2 if pretty else None) + "\n"


def trend_csv(report: TrendReport) -> str:
    """The per-site, per-year table with the run's rows (site ``(all sites)``)."""
    run = report.run.assign(site="(all sites)", open_days=float("nan"), covered_share=float("nan"))
    table = pd.concat([report.per_site, run[report.per_site.columns]], ignore_index=True)
    return str(table.to_csv(index=False, lineterminator="\n"))


FORECAST_SCHEMA = "carbon.forecast/1"


def forecast_table(result: Forecast) -> Group:
    """The models (fit and Guideline 14 verdict), next year's totals with their interval, scenarios."""
    models = Table(title=f"Models of each meter (fit on whole months; forecast {result.year})", title_justify="left")
    for name in ("Site", "Activity", "Meter", "Model", "Balance °C", "Baseload/day", "HDD slope", "CDD slope",
                 "Months", "CV(RMSE)", "NMBE", "Guideline 14", "Next year", "Unit"):  # fmt: skip
        models.add_column(
            name, justify="left" if name in ("Site", "Activity", "Meter", "Model", "Unit", "Guideline 14") else "right"
        )
    for model in result.models.to_dict("records"):
        bases = "/".join(
            _year(b) for b in (model["heating_base_c"], model["cooling_base_c"]) if b == b and b is not None
        )
        shape = Verbatim(kind("model", str(model["model"])))  # heating, cooling: a model's, not an activity's
        models.add_row(
            str(model["site"]), str(model["activity"]), str(model["meter"]), shape, bases,
            f"{model['baseload_per_day']:,.2f}", _num(model["hdd_slope"]), _num(model["cdd_slope"]),
            str(model["months"]), f"{model['cv_rmse']:.1%}", f"{model['nmbe']:+.1%}",
            "meets" if model["guideline_14"] else "misses",
            f"{model['quantity']:,.0f} ± {1.959964 * model['quantity_sd']:,.0f}", str(model["unit"]),
        )  # fmt: skip
    totals = Table(title=f"Scope 1 + 2 in {result.year} at normal weather (t CO2e, 95% interval)", title_justify="left")
    for name in ("Case", "Location-based", "Market-based", "Change (location)", "Change (market)"):
        totals.add_column(name, justify="left" if name == "Case" else "right")
    t = result.totals
    totals.add_row(
        "Forecast",
        f"{_t(t['scope1_2_location'])} ({_t(t['scope1_2_location_low'])}-{_t(t['scope1_2_location_high'])})",
        f"{_t(t['scope1_2_market'])} ({_t(t['scope1_2_market_low'])}-{_t(t['scope1_2_market_high'])})",
        "",
        "",
    )
    for row in result.scenarios.to_dict("records"):
        totals.add_row(
            str(row["scenario"]),
            _t(row["scope1_2_location"]),
            _t(row["scope1_2_market"]),
            f"{round(row['change_location'], 3) + 0.0:+,.3f}",
            f"{round(row['change_market'], 3) + 0.0:+,.3f}",
        )
    return Group(
        fitted(models, numbers=["Baseload/day", "HDD slope", "CDD slope", "CV(RMSE)", "NMBE", "Next year"]),
        fitted(totals, numbers=["Location-based", "Market-based", "Change (location)", "Change (market)"]),
    )


def _num(value: Any) -> str:
    return "" if value is None or value != value else f"{float(value):,.3f}"


def forecast_document(result: Forecast) -> dict[str, Any]:
    return {
        "schema": FORECAST_SCHEMA,
        "unit": "t CO2e",
        "year": result.year,
        "interval": 0.95,
        "totals": {k: plain(v) for k, v in result.totals.items()},
        "models": records(result.models),
        "projection": records(result.projection),
        "scenarios": records(result.scenarios),
        "notices": [{"level": n.level, "site": n.site, "message": n.message} for n in result.notices],
    }
