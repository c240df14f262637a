"""carbon: a carbon footprint calculator for sites.

Utility bills in, a cited Scope 1 + Scope 2 (location- and market-based) inventory out.
Everything the ``carbon`` command does is callable from here; nothing below the CLI prints.

Heavy libraries (pandas, pint, openpyxl) load on first use, not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["CarbonError", "ConfigError", "InputDataError", "Inventory", "QualityError", "__version__", "calculate"]

from .errors import CarbonError, ConfigError, InputDataError, QualityError

if TYPE_CHECKING:
    from .inventory import Inventory, calculate


def __getattr__(name: str) -> Any:
    # Lazy so that `import carbon_cli` (and `carbon --help`) stays free of pandas.
    if name in ("Inventory", "calculate"):
        from . import inventory

        return getattr(inventory, name)
    raise AttributeError(name)
