"""Rich renderer: the inventory as tables for a person at a terminal.

Text from inputs (site names, meters, files) goes through ``Text`` or ``escape`` so that a
site called ``[AI] Park`` prints as written. Notices are not printed here: the CLI sends them
to stderr.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..inventory import Inventory
from ..summary import by_gas, memo

SCOPE_LABELS = {
    "scope1": "Scope 1 (direct combustion)",
    "scope2_location": "Scope 2, location-based",
    "scope2_market": "Scope 2, market-based",
}
SHORT_LABELS = {
    "scope1": "Scope 1",
    "scope2_location": "Scope 2 location",
    "scope2_market": "Scope 2 market",
    "scope3": "Scope 3 memo",
}
MEMO_LABELS = {"scope3": "Scope 3 memo: T&D losses (not in the totals)"}
GASES = ("CO2", "CH4", "N2O", "CO2e")


def t(value: float) -> str:
    """t CO2e as shown to people: three decimals, i.e. to the kilogram."""
    return f"{value:,.3f}"


def render(inventory: Inventory, console: Console, by: Sequence[str] | None = None) -> None:
    """Print the inventory: totals, the breakdown and the factors used."""
    console.print(Group(*_parts(inventory, by, console.width)))


def _parts(inventory: Inventory, by: Sequence[str] | None, width: int) -> list[Table | Text]:
    names = ", ".join(f"{cfg.site.name or cfg.site.id} ({cfg.site.id}, {cfg.site.region})" for cfg in inventory.sites)
    period = f"{inventory.period.start} to {inventory.period.end}"
    heading = Text.assemble(
        ("Carbon inventory", "bold"), "  ", names, "\n", f"{period} · t CO2e · GWP {inventory.gwp} (100-year)"
    )
    parts: list[Table | Text] = [heading, _totals(inventory)]
    if len(inventory.sites) > 1:
        parts.append(_sites(inventory))
    parts.append(_gas_table(inventory) if not by else _breakdown(inventory, by))
    parts.append(_factors(inventory, with_source=width >= 120))
    return parts


def _totals(inventory: Inventory) -> Table:
    totals = inventory.totals()
    table = Table(title="Totals", title_justify="left", show_edge=False)
    table.add_column("")
    table.add_column("t CO2e", justify="right")
    for scope, label in SCOPE_LABELS.items():
        table.add_row(label, t(totals[scope]))
    table.add_section()
    table.add_row("Scope 1 + 2 (location-based)", t(totals["scope1"] + totals["scope2_location"]), style="bold")
    table.add_row("Scope 1 + 2 (market-based)", t(totals["scope1"] + totals["scope2_market"]), style="bold")
    memos = memo(inventory.facts) if len(inventory.facts) else {}
    if memos:
        table.add_section()
        for scope, value in memos.items():
            table.add_row(MEMO_LABELS.get(scope, scope), t(value), style="dim")
    areas = [cfg.site.floor_area_m2 for cfg in inventory.sites]
    if all(areas):
        area = sum(a for a in areas if a)
        table.add_section()
        table.add_row(
            f"kg CO2e per m² ({area:,.0f} m², location-based)",
            f"{(totals['scope1'] + totals['scope2_location']) * 1000 / area:,.2f}",
        )
        table.add_row(
            f"kg CO2e per m² ({area:,.0f} m², market-based)",
            f"{(totals['scope1'] + totals['scope2_market']) * 1000 / area:,.2f}",
        )
    return table


def _sites(inventory: Inventory) -> Table:
    table = Table(title="By site", title_justify="left", show_edge=False)
    for column in ("site", *SCOPE_LABELS.values()):
        table.add_column(column, justify="left" if column == "site" else "right")
    for site_id, totals in inventory.site_totals().items():
        table.add_row(Text(site_id), *(t(totals[s]) for s in SCOPE_LABELS))
    return table


def _gas_table(inventory: Inventory) -> Table:
    facts = inventory.facts
    table = Table(title="By scope and activity (t CO2e per gas)", title_justify="left", show_edge=False)
    for column in ("scope", "activity", "quantity"):
        table.add_column(column, justify="right" if column == "quantity" else "left")
    gases = [g for g in GASES if g in set(facts["gas"])] if len(facts) else []
    for gas in gases:
        table.add_column(gas, justify="right")
    table.add_column("total", justify="right", style="bold")
    if not len(facts):
        return table
    pivot = by_gas(facts)
    quantities = inventory.breakdown(["scope", "activity"]).set_index(["scope", "activity"])
    for (scope, activity), row in pivot.iterrows():
        amount = quantities.loc[(scope, activity)]
        shown = (
            ""
            if amount["unit"] is None or amount["quantity"] != amount["quantity"]
            else f"{amount['quantity']:,.1f} {amount['unit']}"
        )
        table.add_row(
            SHORT_LABELS.get(scope, scope),
            escape(activity),
            shown,
            *("–" if row.get(g) != row.get(g) else t(row[g]) for g in gases),
            t(float(row.sum())),
        )
    return table


def _breakdown(inventory: Inventory, by: Sequence[str]) -> Table:
    frame = inventory.breakdown(by)
    table = Table(
        title=f"By {', '.join(c for c in frame.columns if c not in ('quantity', 'unit', 't_co2e'))}",
        title_justify="left",
        show_edge=False,
    )
    keys = [c for c in frame.columns if c not in ("quantity", "unit", "t_co2e")]
    for column in keys:
        table.add_column(column)
    table.add_column("quantity", justify="right")
    table.add_column("t CO2e", justify="right", style="bold")
    for row in frame.to_dict("records"):
        quantity = (
            "" if row["unit"] is None or row["quantity"] != row["quantity"] else f"{row['quantity']:,.1f} {row['unit']}"
        )
        cells = [Text(SHORT_LABELS.get(str(row[k]), str(row[k])) if k == "scope" else str(row[k])) for k in keys]
        table.add_row(*cells, quantity, t(row["t_co2e"]))
    return table


def _factors(inventory: Inventory, *, with_source: bool) -> Table:
    """Factors used; the source column only on wide terminals (JSON has every citation)."""
    table = Table(title="Factors used (full citations: --format json)", title_justify="left", show_edge=False)
    table.add_column("id", overflow="fold")
    for column in ("gas", "value", "region", "year"):
        table.add_column(column, no_wrap=True)
    if with_source:
        table.add_column("source", no_wrap=True, overflow="ellipsis", max_width=60)
    for row in inventory.factors_used().to_dict("records"):
        cells = [
            Text(row["factor_id"]),
            row["gas"],
            f"{row['factor_value']:g} {row['factor_unit']}",
            Text(str(row["factor_region"])),
            str(row["factor_year"]),
        ]
        table.add_row(*cells, *([Text(str(row["citation"]))] if with_source else []))
    return table
