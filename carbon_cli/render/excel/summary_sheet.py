"""The Summary sheet: the headline figures a manager reads, with the charts, factors and notices in words.

Totals, intensities and the change between years come from :mod:`carbon_cli.summary`; the texts
of the scope views from :mod:`carbon_cli.render.labels`. It lays them out and never computes.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.pagebreak import Break

from ... import factors, summary
from .. import onsite_out
from ..labels import GASES, HEADERS, MEMO, TOTALS, activity_labels, factor_names
from .cells import (
    BAND_FILL,
    BOLD,
    CAPTION,
    CHANGE,
    HEADER,
    HEADER_ALIGN,
    HEADER_FILL,
    INTENSITY,
    RIGHT,
    SECTION,
    SUBTITLE,
    T_CO2E,
    TITLE,
    TOP,
    WARNING,
    WRAP,
    cell,
    set_page,
    set_widths,
    wrapped_lines,
)
from .charts import CHART_ROWS, CHART_SITES, activity_chart, month_chart, site_chart, sources_chart, trend_chart
from .headline import Headline, change, headline, of_year, top_activities, top_sites, trend
from .tables import VIEWS_NOTE

if TYPE_CHECKING:
    import pandas as pd

    from ...inventory import Inventory


SUMMARY_WIDTHS = [40, 15, 15, 15, 22, 15, 15, 15]
#: The line under Scope 1 that shows its fugitive emissions apart (issue 14), indented: a part, not a total.
FUGITIVE, INDENT = "of which fugitive: refrigerants and other fluorinated gases", Alignment(indent=1)
#: Print scale of the Summary sheet, in per cent.
SUMMARY_SCALE = 66
#: Height of a default row (15 points) in cm: how many rows a chart covers.
ROW_CM = 0.53


class _Rows:
    """Appends rows to the Summary sheet and remembers the row number (for charts and merges)."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.row = 0

    def add(self, *cells: Any, height: float | None = None) -> int:
        self.row += 1
        if height is not None:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(list(cells))
        return self.row

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.add()

    def wrapped(self, label: Any, text: str, *, font: Font | None = None) -> None:
        """A label in A and a text wrapped across B:H."""
        width = sum(SUMMARY_WIDTHS[1:])
        row = self.add(
            cell(self.ws, label, font=font, alignment=TOP),
            cell(self.ws, text, alignment=WRAP),
            height=15 * wrapped_lines(text, width),
        )
        self.ws.merged_cells.add(f"B{row}:H{row}")


def report_title(inventory: Inventory) -> str:
    """``Carbon inventory · <portfolio name>``, else ``<site name>`` or the number of sites."""
    configs = inventory.sites
    if inventory.portfolio:
        return f"Carbon inventory · {inventory.portfolio}"
    if len(configs) == 1:
        return f"Carbon inventory · {configs[0].site.name or configs[0].site.id}"
    return f"Carbon inventory · {len(configs)} sites"


def write_summary(
    inventory: Inventory,
    ws: WriteOnlyWorksheet,
    sheets: dict[str, WriteOnlyWorksheet],
    *,
    months: int,
    sites: int,
    activities: pd.DataFrame,
) -> None:
    set_widths(ws, SUMMARY_WIDTHS)
    ws.sheet_view.showGridLines = False
    set_page(ws)
    # Page 1 holds the headline figures, both charts and the largest sources and sites: a fixed
    # scale that fits them on one landscape A4 page (the sheet is well under a page wide).
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = SUMMARY_SCALE
    out = _Rows(ws)
    c = lambda value, **style: cell(ws, value, **style)  # noqa: E731

    configs = inventory.sites
    labels_of = activity_labels()
    out.add(c(report_title(inventory), font=TITLE), height=28)
    if len(configs) == 1:
        site = configs[0].site
        details = [site.id, site.region]
        if site.floor_area_m2:
            details.append(f"{site.floor_area_m2:,.0f} m²")
        if site.headcount:
            details.append(f"{site.headcount:,} people")
        out.add(c(" · ".join(details), font=SUBTITLE))
    else:
        names = ", ".join(cfg.site.name or cfg.site.id for cfg in configs[:8])
        out.add(c(names + (f" and {len(configs) - 8} more (see By site)" if len(configs) > 8 else ""), font=SUBTITLE))
    out.add(
        c(
            f"Reporting period {inventory.period.start} to {inventory.period.end} · tonnes CO2e · "
            f"GWP {inventory.gwp} (100-year)",
            font=SUBTITLE,
        )
    )
    out.blank()

    lead = headline(inventory)
    totals = summary.with_combined(inventory.totals()) if lead is None else lead.totals
    if lead is None:
        out.add(
            c("Emissions", font=HEADER, fill=HEADER_FILL), c("t CO2e", font=HEADER, fill=HEADER_FILL, alignment=RIGHT)
        )
        for key, label in TOTALS.items():
            bold = BOLD if key in summary.COMBINED else None
            fill = BAND_FILL if key in summary.COMBINED else None
            out.add(c(label, font=bold, fill=fill), c(totals[key], number_format=T_CO2E, font=bold, fill=fill))
            if key == "scope1":
                _fugitive_line(out, c, inventory.facts)
    else:
        _year_against_year(out, c, lead, inventory)
    out.add(c(VIEWS_NOTE, font=CAPTION))
    # The By activity table already holds the whole period's; a lead year needs its own.
    of_lead = None if lead is None else summary.activity_table(of_year(inventory, lead.year))
    table = activities if of_lead is None else of_lead
    energy = summary.energy_mwh(table) if len(table) else float("nan")
    if energy == energy:
        out.add(
            c("Energy billed in energy units (MWh)" + ("" if lead is None else f", {lead.year}")),
            c(energy, number_format="#,##0.0"),
        )
        out.add(
            c(
                "Electricity, heat and fuels billed in kWh, GJ, therms ...; fuels billed by volume or mass are "
                "not converted here (By activity lists them).",
                font=CAPTION,
            )
        )
    memos = summary.memo(inventory.facts) if len(inventory.facts) else {}
    if memos:  # issue 15.3: reported, in a block of its own, never added to Scope 1 + 2
        out.blank()
        out.add(c("Memo", font=HEADER, fill=HEADER_FILL), c("t CO2e", font=HEADER, fill=HEADER_FILL, alignment=RIGHT))
        for scope, value in memos.items():
            out.add(c(MEMO.get(scope, scope)), c(value, number_format=T_CO2E))

    if onsite_out.has_onsite(inventory):  # issue 14: reported, never added to or taken from a scope
        out.blank()
        out.add(
            c(onsite_out.TITLE, font=HEADER, fill=HEADER_FILL),
            c("amount", font=HEADER, fill=HEADER_FILL, alignment=RIGHT),
            c("unit", font=HEADER, fill=HEADER_FILL),
        )
        for site_id, label, value, unit in onsite_out.lines(inventory):
            number = "0.0%" if unit == "%" else (T_CO2E if unit == "t CO2e" else "#,##0")
            out.add(c(f"{site_id}: {label}"), c(value, number_format=number), c("" if unit == "%" else unit))

    denominators = [
        ("kg CO2e per m²", "m²", summary.denominator([cfg.site.floor_area_m2 for cfg in configs]), 1000),
        ("t CO2e per person", "people", summary.denominator([cfg.site.headcount for cfg in configs]), 1),
    ]
    intensity_heading = "Intensity (Scope 1 + 2)" + ("" if lead is None else f", {lead.year}")
    given = [
        (label, unit, amount, summary.intensity(totals, amount, scale=scale))
        for label, unit, amount, scale in denominators
        if amount
    ]
    if given:
        out.blank()
        out.add(
            *(
                c(h, font=HEADER, fill=HEADER_FILL, alignment=RIGHT if i else HEADER_ALIGN)
                for i, h in enumerate((intensity_heading, "location-based", "market-based"))
            )
        )
        for label, unit, amount, values in given:
            assert values is not None
            out.add(
                c(f"{label} ({amount:,.0f} {unit})"),
                c(values["scope1_2_location"], number_format=INTENSITY),
                c(values["scope1_2_market"], number_format=INTENSITY),
            )

    year = None if lead is None else lead.year
    out.blank()
    top = out.row + 1
    if lead is None:
        ws.add_chart(month_chart(sheets["By month"], months), f"A{top}")
        ws.add_chart(activity_chart(sheets["By activity"], len(activities)), f"E{top}")
    out.blank(CHART_ROWS)
    # The largest sources and (portfolios) sites side by side, under the charts: still page 1.
    sources = [(labels_of.get(a, a), t, share) for a, t, share in top_activities(inventory, year)]
    sites_list = top_sites(inventory, year) if len(configs) > 1 else []
    first = _largest(out, c, [("Largest sources", sources), ("Largest sites", sites_list)], year)
    if lead is not None and sources:  # the lead year's sources, never the period's sum
        ws.add_chart(sources_chart(ws, first, len(sources), lead.year), f"E{top}")
    ws.row_breaks.append(Break(id=out.row))  # printed, page 1 is the headline figures and the charts
    _per_gas(out, c, summary.gas_masses(of_year(inventory, year) if year is not None else inventory.facts), year)
    if lead is not None:  # the 12-month trend, its numbers on page 2 and its chart on page 1
        out.blank()
        first = _trend_table(out, c, lead, trend(inventory, lead.year, lead.previous))
        ws.add_chart(trend_chart(ws, first, with_previous=lead.previous is not None), f"A{top}")
    years = inventory.by_year()
    if len(years) > 1:
        out.blank()
        out.add(
            *(
                c(h, font=HEADER, fill=HEADER_FILL, alignment=RIGHT if i else HEADER_ALIGN)
                for i, h in enumerate(
                    (
                        "Year",
                        *(HEADERS[key] for key in (*summary.SCOPES, "scope1_2_location")),
                        "change",
                        HEADERS["scope1_2_market"],
                        "change",
                    )
                )
            ),
            height=32,
        )
        for row in years.to_dict("records"):
            label = str(row["year"]) if row["whole_year"] else f"{row['year']} (part year, {row['days']} days)"
            out.add(
                c(label),
                *(c(row[k], number_format=T_CO2E) for k in (*summary.SCOPES, "scope1_2_location")),
                c(row["change_location"], number_format=CHANGE),
                c(row["scope1_2_market"], number_format=T_CO2E),
                c(row["change_market"], number_format=CHANGE),
            )
        out.add(c("A change is shown between consecutive whole calendar years of the same sites only.", font=CAPTION))
        for row in years.to_dict("records"):
            if row["no_change"] and row["year"] != years["year"].iloc[0]:
                out.add(c(f"{row['year']}: no change shown ({row['no_change']})", font=CAPTION))

    if sites > 1:
        out.blank()
        chart = site_chart(sheets["By site"], min(sites, CHART_SITES), sites)
        ws.add_chart(chart, f"A{out.row + 1}")
        out.blank(max(CHART_ROWS, math.ceil(chart.height / ROW_CM) + 1))

    out.blank()
    out.add(c("Emission factors and GWP", font=SECTION))
    used = inventory.factors_used()
    labels_of = activity_labels()
    shown_ids = factor_names(used["factor_id"], configs)
    for (activity, gas), rows in used.groupby(["activity", "gas"], sort=True):
        ids = [
            f"{shown_ids[r['factor_id']]} ({r['factor_region'] or 'own'}, {r['factor_year']})"
            for r in rows.head(3).to_dict("records")
        ]
        more = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
        out.wrapped(f"{labels_of.get(str(activity), activity)} · {GASES.get(str(gas), gas)}", "; ".join(ids) + more)
    gwp_rows = factors.gwp_table()
    gwp_rows = gwp_rows[gwp_rows["set"] == inventory.gwp]
    gases = inventory.facts[["gas", "gwp"]].astype({"gas": "str"}).drop_duplicates().sort_values(["gas", "gwp"])
    gwps = ", ".join(f"{r['gas']} {r['gwp']:g}" for r in gases.to_dict("records") if r["gas"] not in ("CO2", "CO2e"))
    out.wrapped(
        f"GWP {inventory.gwp} (100-year)",
        (f"{gwps}. " if gwps else "") + "; ".join(dict.fromkeys(gwp_rows["citation"])),
    )
    out.add(c("Full citations: Factors used sheet. Every calculation step: Ledger sheet.", font=CAPTION))

    out.blank()
    out.add(c("Notices and data quality", font=SECTION))
    notices = sorted(inventory.notices, key=lambda n: n.level != "warning")
    for notice in notices[:50]:
        out.wrapped(
            f"{notice.level} · {notice.site}", notice.message, font=WARNING if notice.level == "warning" else None
        )
    if len(notices) > 50:
        out.add(c(f"... and {len(notices) - 50} more notices: see the Data quality sheet.", font=CAPTION))
    if not notices:
        out.add(c("No notices: every factor matched the site's region and year, no bill was estimated."))
    findings = inventory.quality_findings()
    if inventory.findings is None:
        out.add(
            c(
                "The data-quality checks (gaps, overlaps, duplicates, outliers) did not run for this report.",
                font=CAPTION,
            )
        )
    elif not len(findings):
        out.add(c("Data-quality checks: no findings."))
    else:
        for row in findings.head(20).to_dict("records"):
            where = f" ({row.get('source_file')} row {row.get('source_row')})" if row.get("source_file") else ""
            out.wrapped(
                f"{row.get('severity', '')} · {row.get('site', '')}",
                f"{row.get('check', '')}: {row.get('detail', '')}{where}",
            )
        if len(findings) > 20:
            out.add(c(f"... and {len(findings) - 20} more findings: see the Data quality sheet.", font=CAPTION))


def _fugitive(facts: pd.DataFrame) -> float:
    """Scope 1's fugitive emissions (refrigerants and other fluorinated gases, issue 14) in the facts."""
    if not len(facts):
        return 0.0
    rows = (facts["activity"].astype(str) == "refrigerant") & (facts["scope"].astype(str) == "scope1")
    return float(facts.loc[rows, "t_co2e"].astype("float64").sum())


def _fugitive_line(out: _Rows, c: Any, facts: pd.DataFrame, *before: pd.DataFrame) -> None:
    """The Scope 1 fugitive line under Scope 1 (issue 14), where the run has refrigerant rows."""
    if not len(facts) or not (facts["activity"].astype(str) == "refrigerant").any():
        return
    values = [c(_fugitive(f), number_format=T_CO2E) for f in (facts, *before)]
    out.add(c(FUGITIVE, alignment=INDENT), *values)


def _year_against_year(out: _Rows, c: Any, lead: Headline, inventory: Inventory) -> None:
    """The Emissions block of a report over several years: the lead year, the year before, the change."""
    heading = str(lead.year) if lead.whole else f"{lead.year} (part year, {lead.days} days)"
    headers = ["Emissions (t CO2e)", heading, str(lead.previous or ""), "change (t)", "change"]
    out.add(
        *(c(h, font=HEADER, fill=HEADER_FILL, alignment=RIGHT if i else HEADER_ALIGN) for i, h in enumerate(headers)),
        height=32,
    )
    comparable = lead.no_change == ""
    for key, label in TOTALS.items():
        bold = BOLD if key in summary.COMBINED else None
        fill = BAND_FILL if key in summary.COMBINED else None
        before = lead.previous_totals[key] if lead.previous_totals else None
        tonnes, fraction = change(lead.totals[key], before, comparable)
        out.add(
            c(label, font=bold, fill=fill),
            c(lead.totals[key], number_format=T_CO2E, font=bold, fill=fill),
            c(before, number_format=T_CO2E, font=bold, fill=fill),
            c(tonnes, number_format="+#,##0.000;-#,##0.000;0.000", font=bold, fill=fill),
            c(fraction, number_format=CHANGE, font=bold, fill=fill),
        )
        if key == "scope1":
            previous = [of_year(inventory, lead.previous)] if lead.previous else []
            _fugitive_line(out, c, of_year(inventory, lead.year), *previous)
    why = "" if comparable else f" No change shown: {lead.no_change}."
    out.add(
        c(
            "Each calendar year of the reporting period is in the Years table below; the period's sum "
            f"is not a headline.{why}",
            font=CAPTION,
        )
    )


def _largest(out: _Rows, c: Any, lists: list[tuple[str, list[tuple[str, float, float]]]], year: int | None) -> int:
    """Short lists side by side (A:C, then E:G): the largest sources or sites by Scope 1 + 2
    (location-based); returns the row of the first list's first entry."""
    lists = [(title, rows) for title, rows in lists if rows]
    if not lists:
        return out.row + 1
    out.blank()
    header: list[Any] = []
    for number, (title, _rows) in enumerate(lists):
        heading = f"{title}, {year}" if year is not None else title
        header += [None] * (4 * number - len(header))
        header += [
            c(h, font=HEADER, fill=HEADER_FILL, alignment=RIGHT if i else HEADER_ALIGN)
            for i, h in enumerate((heading, "t CO2e", "share"))
        ]
    out.add(*header)
    for index in range(max(len(rows) for _, rows in lists)):
        line: list[Any] = []
        for number, (_title, rows) in enumerate(lists):
            line += [None] * (4 * number - len(line))
            if index < len(rows):
                name, tonnes, share = rows[index]
                line += [c(name), c(tonnes, number_format=T_CO2E), c(share, number_format="0.0%")]
        out.add(*line)
    return out.row - max(len(rows) for _, rows in lists) + 1


def _trend_table(out: _Rows, c: Any, lead: Headline, rows: list[list[Any]]) -> int:
    """Scope 1 + 2 (location-based) by month of the lead year and the one before; returns the header row."""
    first = out.add(
        *(
            c(h, font=HEADER, fill=HEADER_FILL, alignment=RIGHT if i else HEADER_ALIGN)
            for i, h in enumerate(("Month", str(lead.previous or ""), str(lead.year)))
        )
    )
    for name, before, now in rows:
        out.add(c(name), c(before, number_format=T_CO2E), c(now, number_format=T_CO2E))
    out.add(c("Scope 1 + 2, location-based, t CO2e by calendar month (the trend chart on page 1).", font=CAPTION))
    return first


def _per_gas(out: _Rows, c: Any, gases: Any, year: int | None) -> None:
    """Scope 1 + 2 (location-based) by gas: the mass of each gas and its t CO2e."""
    if not len(gases):
        return
    out.blank()
    heading = "By gas, Scope 1 + 2 location-based" + (f", {year}" if year is not None else "")
    out.add(
        *(
            c(h, font=HEADER, fill=HEADER_FILL, alignment=RIGHT if i else HEADER_ALIGN)
            for i, h in enumerate((heading, "t of the gas", "t CO2e"))
        ),
        height=32,
    )
    for row in gases.to_dict("records"):
        gas = str(row["gas"])
        label = "CO₂e (factors given as CO2e only)" if gas == "CO2e" else GASES.get(gas, gas)
        out.add(c(label), c(row["t_gas"], number_format="#,##0.000000"), c(row["t_co2e"], number_format=T_CO2E))
