"""Fugitive emissions (issue 14): refrigerants and other fluorinated gases, Scope 1.

``gases`` (refrigerant names, blends from their composition, GWP100 per set), ``methods`` (the
three methods: screening, simplified material balance, material balance, as kg of gas per
ledger row) and ``ledger`` (those rows as a calculation the inventory adds to the others).
"""

from __future__ import annotations

from .gases import RefrigerantGwp, refrigerant_gwp, refrigerant_name
from .ledger import calculation
from .methods import emission_rows

__all__ = ["RefrigerantGwp", "calculation", "emission_rows", "refrigerant_gwp", "refrigerant_name"]
