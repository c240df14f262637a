"""Rich renderer: the inventory as tables for a person at a terminal.

It formats and never computes: totals, intensities and the per-gas table come from
:mod:`carbon_cli.summary` and the :class:`~carbon_cli.inventory.Inventory`. Text from inputs
(site names, meters, files) goes through ``Text`` or ``escape`` so that a site called
``[AI] Park`` prints as written. Notices are not printed here: the CLI sends them to stderr.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .. import summary
from ..factors import gases
from . import labels, onsite_out
from .fit import fitted

if TYPE_CHECKING:
    import pandas as pd

    from ..inventory import Inventory


#: Sites named in the heading; a portfolio's others are counted ("and 992 more").
NAMED_SITES = 8


def t(value: float) -> str:
    """t CO2e as shown to people: three decimals, i.e. to the kilogram."""
    return f"{value:,.3f}"


def render(inventory: Inventory, by: Sequence[str] | None = None, *, width: int = 80, pretty: bool = True) -> Group:
    """The inventory for a terminal ``width`` characters wide: totals, the breakdown (by scope,
    activity and gas when ``by`` is empty) and the factors used (with their source when wide).

    :param pretty: ignored: a table is always laid out for people (Rich drops colour off a terminal).
    """
    return Group(*_parts(inventory, by, width))


def _parts(inventory: Inventory, by: Sequence[str] | None, width: int) -> list[RenderableType]:
    shown = inventory.sites[:NAMED_SITES]
    names = ", ".join(f"{cfg.site.name or cfg.site.id} ({cfg.site.id}, {cfg.site.region})" for cfg in shown)
    if len(inventory.sites) > len(shown):
        names += f" and {len(inventory.sites) - len(shown):,} more"
    period = f"{inventory.period.start} to {inventory.period.end}"
    title = (
        f"Carbon inventory  {inventory.portfolio} ({len(inventory.sites)} sites)"
        if inventory.portfolio
        else "Carbon inventory"
    )
    heading = Text.assemble(
        (title, "bold"),
        "  " if not inventory.portfolio else "\n",
        names,
        "\n",
        f"{period} · t CO2e · GWP {inventory.gwp} (100-year)",
    )
    # Numbers are never cut or wrapped: text columns wrap first, then a table is stacked (issue 15.5).
    parts: list[RenderableType] = [heading, fitted(_totals(inventory))]
    if len(inventory.sites) > 1:
        parts.append(fitted(_sites(inventory)))
    parts.append(fitted(_gas_table(inventory) if not by else _breakdown(inventory, by)))
    parts.append(fitted(_factors(inventory, with_source=width >= 120), numbers=("value", "year")))
    if onsite_out.has_onsite(inventory):
        parts.append(fitted(_onsite(inventory)))
    return parts


def _onsite(inventory: Inventory) -> Table:
    """Generation, self-consumption, export (issue 14): reported, never in the totals above."""
    table = Table(title=onsite_out.TITLE, title_justify="left", show_edge=False)
    for column in ("site", "", "amount"):
        table.add_column(column, justify="right" if column == "amount" else "left")
    for site, label, value, unit in onsite_out.lines(inventory):
        table.add_row(Text(site), label, onsite_out.shown(value, unit))
    return table


def _totals(inventory: Inventory) -> Table:
    totals = summary.with_combined(inventory.totals())
    table = Table(title="Totals", title_justify="left", show_edge=False)
    table.add_column("")
    table.add_column("t CO2e", justify="right")
    for scope in summary.SCOPES:
        table.add_row(labels.TOTALS[scope], t(totals[scope]))
    table.add_section()
    for view in summary.COMBINED:
        table.add_row(labels.TERMINAL_COMBINED[view], t(totals[view]), style="bold")
    memos = summary.memo(inventory.facts) if len(inventory.facts) else {}
    if memos:
        table.add_section()
        for scope, value in memos.items():
            table.add_row(labels.MEMO.get(scope, scope), t(value), style="dim")
    area = summary.denominator([cfg.site.floor_area_m2 for cfg in inventory.sites])
    per_area = summary.intensity(totals, area, scale=1000)
    if area and per_area:
        table.add_section()
        table.add_row(f"kg CO2e per m² ({area:,.0f} m², location-based)", f"{per_area['scope1_2_location']:,.2f}")
        table.add_row(f"kg CO2e per m² ({area:,.0f} m², market-based)", f"{per_area['scope1_2_market']:,.2f}")
    return table


def _sites(inventory: Inventory) -> Table:
    table = Table(title="By site", title_justify="left", show_edge=False)
    for column in ("site", *(labels.TOTALS[scope] for scope in summary.SCOPES)):
        table.add_column(column, justify="left" if column == "site" else "right")
    for site_id, totals in inventory.site_totals().items():
        table.add_row(Text(site_id), *(t(totals[s]) for s in summary.SCOPES))
    return table


def _gas_table(inventory: Inventory) -> Table:
    facts = inventory.facts
    table = Table(title="By scope and activity (t CO2e per gas)", title_justify="left", show_edge=False)
    for column in ("scope", "activity", "quantity"):
        table.add_column(column, justify="right" if column == "quantity" else "left")
    present = [g for g in gases() if g in set(facts["gas"])] if len(facts) else []
    for gas in present:
        table.add_column(gas, justify="right")
    table.add_column("total", justify="right", style="bold")
    if not len(facts):
        return table
    pivot = summary.gas_table(facts)
    # Scope 1 and 2 first, then each memo kind in its order (issue 14), not the alphabet's
    rank = {scope: i for i, scope in enumerate([*summary.SCOPES, *summary.memo_scopes(facts)])}
    pivot = pivot.iloc[sorted(range(len(pivot)), key=lambda i: rank.get(str(pivot.index[i][0]), len(rank)))]
    quantities = inventory.breakdown(["scope", "activity"]).set_index(["scope", "activity"])
    for key, row in pivot.iterrows():
        scope, activity = cast(tuple[str, str], key)
        amount = cast("pd.Series", quantities.loc[(scope, activity)])
        shown = (
            ""
            if amount["unit"] is None or amount["quantity"] != amount["quantity"]
            else f"{amount['quantity']:,.1f} {amount['unit']}"
        )
        table.add_row(
            labels.SHORT.get(scope, scope),
            escape(activity),
            shown,
            *("–" if row.get(g) != row.get(g) else t(row[g]) for g in present),
            t(float(row["total"])),
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
        cells = [Text(labels.SHORT.get(str(row[k]), str(row[k])) if k == "scope" else str(row[k])) for k in keys]
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
            f"{row['factor_value']:g} {labels.unit(str(row['factor_unit']))}",
            Text(str(row["factor_region"])),
            str(row["factor_year"]),
        ]
        table.add_row(*cells, *([Text(str(row["citation"]))] if with_source else []))
    return table
