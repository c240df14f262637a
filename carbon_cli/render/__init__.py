"""Renderers: format an inventory, the data-quality findings or the factor database for people
(a Rich table) or for scripts (JSON, CSV), chosen from one registry by kind and format
(:func:`renderer`).

Renderers format and never compute: every number comes from :mod:`carbon_cli.summary` or the
:class:`~carbon_cli.inventory.Inventory` over the ledger, and every label from :mod:`.labels`.
They return their output (text, or a Rich renderable for the stdout console) and never print.
The files ``carbon calc`` writes have writers of their own: :mod:`.excel` (the workbook) and
:mod:`.ledger_out` (the full ledger). Importing this package loads pandas: the CLI imports it
inside its commands.

>>> renderer("inventory", "json")(inventory, ["month"], width=80, pretty=False)  # doctest: +SKIP
'{"schema":"carbon.inventory/1",...'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias, overload

import pandas as pd

if TYPE_CHECKING:
    from rich.console import ConsoleRenderable

    from ..inventory import Inventory, Validation

__all__ = [
    "FORMATS",
    "REGISTRY",
    "FactorRenderer",
    "FactorsRenderer",
    "FindingsRenderer",
    "InventoryRenderer",
    "Output",
    "SetsRenderer",
    "renderer",
]

#: What a renderer returns: text for stdout as it is (JSON, CSV), or a Rich renderable (tables).
Output: TypeAlias = "str | ConsoleRenderable"
#: The formats every kind offers.
FORMATS = ("table", "json", "csv")


class InventoryRenderer(Protocol):
    """``carbon calc``: the inventory by ``by`` (None: each format's default), for a terminal
    ``width`` wide; ``pretty`` when a person reads it (indented JSON)."""

    def __call__(self, inventory: Inventory, by: Sequence[str] | None, *, width: int, pretty: bool) -> Output: ...


class FindingsRenderer(Protocol):
    """``carbon validate``: the findings and coverage, and the verdict (``fail_on``, ``failed``)."""

    def __call__(self, validation: Validation, *, fail_on: str, failed: bool) -> Output: ...


#: ``carbon factors list``: the rows :func:`carbon_cli.factors.listing` selects.
FactorsRenderer: TypeAlias = Callable[[pd.DataFrame], Output]
#: ``carbon factors show``: the row :func:`carbon_cli.factors.lookup` finds.
FactorRenderer: TypeAlias = Callable[[Mapping[str, Any]], Output]
#: ``carbon factors sets``: the rows of :func:`carbon_cli.factors.factor_sets`.
SetsRenderer: TypeAlias = Callable[[Sequence[Mapping[str, str]]], Output]

#: ``carbon factors coverage``: the table :func:`carbon_cli.factors.coverage` builds.
CoverageRenderer: TypeAlias = Callable[[pd.DataFrame], Output]
#: ``carbon inspect``: what the importer sees in a bill file (table or json).
InspectionRenderer: TypeAlias = Callable[[Any], Output]

Kind = Literal["inventory", "findings", "factors", "factor", "sets", "coverage", "inspection"]


class _Named:
    """A renderer named by its module and function, imported when first called: a JSON run then
    never loads Rich's tables (issue 15: start-up)."""

    def __init__(self, module: str, function: str) -> None:
        self.module, self.function = module, function

    def resolve(self) -> Callable[..., Output]:
        found: Callable[..., Output] = getattr(importlib.import_module(f"{__name__}.{self.module}"), self.function)
        return found

    def __call__(self, *args: Any, **kwargs: Any) -> Output:
        return self.resolve()(*args, **kwargs)


def _formats(module: str, **functions: str) -> dict[str, _Named]:
    return {format: _Named(module, function) for format, function in functions.items()}


#: The registry: kind -> format -> renderer (each kind's renderers share one signature, above).
REGISTRY: dict[str, Mapping[str, _Named]] = {
    "inventory": {
        "table": _Named("table", "render"),
        "json": _Named("json_out", "output"),
        "csv": _Named("csv_out", "output"),
    },
    "findings": _formats("findings", table="render_table", json="render_json", csv="render_csv"),
    "factors": _formats("browse", table="list_table", json="list_json", csv="list_csv"),
    "factor": _formats("browse", table="show_table", json="show_json", csv="show_csv"),
    "sets": _formats("browse", table="sets_table", json="sets_json", csv="sets_csv"),
    "coverage": _formats("browse", table="coverage_table", json="coverage_json", csv="coverage_csv"),
    "inspection": _formats("inspect_out", table="render_table", json="render_json"),
}


@overload
def renderer(kind: Literal["inventory"], format: str) -> InventoryRenderer: ...
@overload
def renderer(kind: Literal["findings"], format: str) -> FindingsRenderer: ...
@overload
def renderer(kind: Literal["factors"], format: str) -> FactorsRenderer: ...
@overload
def renderer(kind: Literal["factor"], format: str) -> FactorRenderer: ...
@overload
def renderer(kind: Literal["sets"], format: str) -> SetsRenderer: ...
@overload
def renderer(kind: Literal["coverage"], format: str) -> CoverageRenderer: ...
@overload
def renderer(kind: Literal["inspection"], format: str) -> InspectionRenderer: ...
def renderer(kind: Kind, format: str) -> Callable[..., Output]:
    """The renderer of ``kind`` (``inventory``, ``findings``, ``factors``, ``factor``, ``sets``) in
    ``format`` (one of :data:`FORMATS`), from :data:`REGISTRY`.

    :raises KeyError: an unknown kind or format.
    """
    return REGISTRY[kind][format].resolve()
