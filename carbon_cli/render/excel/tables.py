"""The table sheets: By month, By site, By activity, Factors used and Data quality.

Each is a :func:`~.cells.write_table` of rows that :mod:`carbon_cli.summary` or the
:class:`~carbon_cli.inventory.Inventory` computed; this module picks and orders columns and never
adds numbers up itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ... import summary
from ..labels import BILLED, HEADERS, SHORT, activity_labels, factor_names
from ..labels import unit as unit_label
from .cells import (
    CAPTION,
    INTEGER,
    INTENSITY,
    QUANTITY,
    SECTION,
    T_CO2E,
    TOP,
    WARNING,
    WRAP,
    Column,
    add_caption,
    add_header,
    cell,
    set_page,
    set_widths,
    shown_width,
    text_cell,
    wrapped_lines,
    write_table,
)

if TYPE_CHECKING:
    from ...inventory import Inventory

VIEWS_NOTE = (
    "Scope 2 is reported twice, location-based and market-based (GHG Protocol Scope 2 Guidance): "
    "add Scope 1 to one of them, never both."
)

VIEW_COLUMNS = [Column(HEADERS[key], T_CO2E) for key in (*summary.SCOPES, *summary.COMBINED)]


def write_by_month(ws: WriteOnlyWorksheet, months: pd.DataFrame) -> None:
    rows = months[["month", *summary.SCOPES, *summary.COMBINED]].values.tolist()
    write_table(
        ws,
        f"t CO2e by calendar month, summed from the Ledger sheet. {VIEWS_NOTE}",
        [Column("Month"), *VIEW_COLUMNS],
        rows,
    )


def site_rows(inventory: Inventory) -> list[list[Any]]:
    """One row per site, largest Scope 1 + 2 (location-based) first; every site, with bills or not."""
    by_site: dict[str, dict[str, float]] = {
        str(row["site"]): {key: float(row[key]) for key in (*summary.SCOPES, *summary.COMBINED)}
        for row in summary.scope_table(inventory.facts, ["site"]).to_dict("records")
    }
    rows: list[tuple[float, str, list[Any]]] = []
    for cfg in inventory.sites:
        site = cfg.site
        totals = by_site.get(site.id) or summary.with_combined({})
        area = summary.intensity(totals, site.floor_area_m2, scale=1000) or {}
        people = summary.intensity(totals, site.headcount) or {}
        row = [
            site.id,
            site.name or site.id,
            site.region,
            site.floor_area_m2,
            site.headcount,
            *(totals[key] for key in (*summary.SCOPES, *summary.COMBINED)),
            area.get("scope1_2_location"),
            area.get("scope1_2_market"),
            people.get("scope1_2_location"),
            people.get("scope1_2_market"),
        ]
        rows.append((-totals["scope1_2_location"], site.id, row))
    return [row for *_, row in sorted(rows, key=lambda item: item[:2])]


SITE_COLUMNS = [
    Column("Site"),
    Column("Name", max_width=40),
    Column("Region"),
    Column("Floor area (m²)", INTEGER),
    Column("Headcount", INTEGER),
    *VIEW_COLUMNS,
    Column("kg CO2e per m², location-based", INTENSITY),
    Column("kg CO2e per m², market-based", INTENSITY),
    Column("t CO2e per person, location-based", INTENSITY),
    Column("t CO2e per person, market-based", INTENSITY),
]


def write_by_site(ws: WriteOnlyWorksheet, rows: list[list[Any]]) -> None:
    write_table(
        ws,
        "t CO2e by site (largest Scope 1 + 2 location-based first), summed from the Ledger sheet; "
        "intensities use Scope 1 + 2 and the denominators in each site's YAML.",
        SITE_COLUMNS,
        rows,
    )


def write_by_group(ws: WriteOnlyWorksheet, inventory: Inventory) -> None:
    """Every level of the sites' group paths (city, park, building), each with its totals."""
    groups = {cfg.site.id: cfg.site.group for cfg in inventory.sites}
    per_site = summary.breakdown(inventory.facts, ["site"])
    rolled = summary.by_group(per_site, groups)
    wide = rolled.pivot_table(index=["group", "level"], columns="scope", values="t_co2e", aggfunc="sum", observed=True)
    wide = wide.reindex(columns=list(summary.SCOPES)).fillna(0.0).reset_index()
    wide["scope1_2_location"] = wide["scope1"] + wide["scope2_location"]
    wide["scope1_2_market"] = wide["scope1"] + wide["scope2_market"]
    rows = wide[["group", "level", *summary.SCOPES, *summary.COMBINED]].astype(object).values.tolist()
    write_table(
        ws,
        "t CO2e by group: every level of the sites' group paths (a site in China/Chongqing/AI PARK counts in "
        f"China, China/Chongqing and China/Chongqing/AI PARK), summed from the Ledger sheet. {VIEWS_NOTE}",
        [Column("Group", max_width=60), Column("Level", INTEGER), *VIEW_COLUMNS],
        rows,
    )


ACTIVITY_COLUMNS = [
    Column("Activity"),
    Column("Quantity", QUANTITY),
    Column("Unit"),
    Column("Energy (MWh)", QUANTITY),
    *(Column(HEADERS[key], T_CO2E) for key in summary.SCOPES),
]


def write_by_activity(ws: WriteOnlyWorksheet, activities: pd.DataFrame, billed: pd.DataFrame | None = None) -> None:
    """The By activity sheet; ``billed`` (:func:`carbon_cli.billed.billed_by_activity`) adds each
    activity's quantity in the unit its bills used (therm, 度, kWh gross as billed)."""
    fixed = {"activity", "quantity", "unit", "mwh", *summary.SCOPES, *summary.COMBINED}
    kinds = [c for c in activities.columns if c not in fixed]
    memos = [scope for scope in summary.memo_kinds.ordered(kinds) if activities[scope].to_numpy().any()]
    extra: list[str] = []
    if billed is not None and len(billed):
        activities = activities.merge(billed, on="activity", how="left")
        activities["billed_unit"] = activities["billed_unit"].map(unit_label, na_action="ignore")
        extra = ["billed_quantity", "billed_unit"]
    shown = activities.assign(
        activity=activities["activity"].map(activity_labels()).fillna(activities["activity"]),
        unit=activities["unit"].map(unit_label, na_action="ignore"),  # blank where units differ
    )
    rows = shown[["activity", "quantity", "unit", "mwh", *summary.SCOPES, *memos, *extra]].astype(object)
    note = (
        " Memo lines (Scope 3: T&D losses, upstream, water, waste; biogenic CO2) have a column each, never added "
        "to Scope 1 or 2."
        if memos
        else ""
    )
    as_billed = " Billed quantity: the same slices in the unit the bills used, as read." if extra else ""
    write_table(
        ws,
        "Quantity consumed and t CO2e by activity, summed from the Ledger sheet (quantity is blank "
        "where units differ; energy in MWh where the quantity is energy, blank for fuels billed by "
        f"volume or mass). {VIEWS_NOTE}{note}{as_billed}",
        [
            *ACTIVITY_COLUMNS,
            *(Column(SHORT.get(scope, scope) + " (not in the totals)", T_CO2E) for scope in memos),
            *([Column(BILLED["billed_quantity"], QUANTITY), Column(BILLED["billed_unit"])] if extra else []),
        ],
        rows.values.tolist(),
    )


FACTOR_COLUMNS = [
    Column("Factor id", max_width=40),
    Column("Activity"),
    Column("Region"),
    Column("Year"),
    Column("Gas"),
    Column("Value", "0.0#########"),
    Column("Unit"),
    Column("Citation", max_width=100),
]


def write_factors(ws: WriteOnlyWorksheet, inventory: Inventory) -> None:
    table = inventory.factors_used()
    rows = (
        table[
            ["factor_id", "activity", "factor_region", "factor_year", "gas", "factor_value", "factor_unit", "citation"]
        ]
        .astype(object)
        .values.tolist()
    )
    names = activity_labels()
    shown_ids = factor_names([row[0] for row in rows], inventory.sites)
    for row in rows:
        row[0], row[1], row[6] = shown_ids[row[0]], names.get(row[1], row[1]), unit_label(row[6])
    widths = [
        min(max([len(c.header), *(shown_width(r[i], None) for r in rows)]) + 2, c.max_width)
        for i, c in enumerate(FACTOR_COLUMNS)
    ]
    set_widths(ws, widths)
    ws.freeze_panes = "A3"
    set_page(ws)
    add_caption(
        ws,
        "Each emission factor the Ledger uses, with its full citation (publisher, document, edition, "
        "table). Values are in the unit shown; the Ledger's t_per_unit converts them to the bill's unit.",
    )
    add_header(ws, [c.header for c in FACTOR_COLUMNS], [c.number_format is not None for c in FACTOR_COLUMNS])
    for index, row in enumerate(rows, 3):
        ws.row_dimensions[index].height = 15 * wrapped_lines(str(row[-1]), widths[-1])
        *values, citation = row
        shown = [
            cell(ws, v, alignment=TOP, number_format=FACTOR_COLUMNS[i].number_format) for i, v in enumerate(values)
        ]
        ws.append([*shown, _quoted(ws, citation)])
    ws.auto_filter.ref = f"A2:{get_column_letter(len(FACTOR_COLUMNS))}{len(rows) + 2}"


def _quoted(ws: WriteOnlyWorksheet, citation: Any) -> Any:
    """A citation cell: quoted as published in every language, never put through translate()
    (a template such as ``{0} {1} ({2}): {3}`` would match it and change its punctuation)."""
    if not isinstance(citation, str):
        return cell(ws, citation, alignment=WRAP)
    out = text_cell(ws, citation)
    out.alignment = WRAP
    return out


def write_data_quality(ws: WriteOnlyWorksheet, inventory: Inventory) -> None:
    """The findings table as the quality checks give it, then the notices (message wrapped across the rest)."""
    findings = inventory.quality_findings()
    columns = [str(c) for c in findings.columns] or ["detail"]
    rows = findings.astype(object).values.tolist()
    count = max(len(columns), 3)
    widths = [max([len(c), *(shown_width(r[i], None) for r in rows)]) + 2 for i, c in enumerate(columns)]
    widths = [min(w, 60) for w in widths] + [10] * (count - len(columns))
    widths[0] = max(widths[0], 10)
    widths[1] = max(widths[1], 2 + max([4, *(len(n.site) for n in inventory.notices)]))
    widths[2] = max(widths[2], 100 - sum(widths[3:]))
    message_width = sum(widths[2:])
    set_widths(ws, widths)
    ws.freeze_panes = "A3"
    set_page(ws)
    add_caption(
        ws,
        "Data-quality findings (one row each), then the notices of this run: factor fallbacks, estimated "
        "bills, unused certificates, bills outside the period.",
    )
    add_header(ws, columns)
    if inventory.findings is None:
        ws.append([cell(ws, "The data-quality checks did not run for this report.", font=CAPTION)])
    elif not rows:
        ws.append([cell(ws, "No findings.", font=CAPTION)])
    for row in rows:
        ws.append([cell(ws, value) for value in row])
    ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(rows) + 2}"
    here = len(rows) + (2 if rows else 3) + 1
    ws.append([])
    ws.append([cell(ws, "Notices", font=SECTION)])
    add_header(ws, ["level", "site", "message"])
    here += 3
    if not inventory.notices:
        ws.append([cell(ws, "No notices.", font=CAPTION)])
    last = get_column_letter(count)
    for index, notice in enumerate(inventory.notices, here):
        ws.row_dimensions[index].height = 15 * wrapped_lines(notice.message, message_width)
        ws.append(
            [
                cell(ws, notice.level, font=WARNING if notice.level == "warning" else None, alignment=TOP),
                cell(ws, notice.site, alignment=TOP),
                cell(ws, notice.message, alignment=WRAP),
            ]
        )
        if count > 3:
            ws.merged_cells.add(f"C{index}:{last}{index}")
