"""The ``refrigerants:`` block of a site YAML: equipment, a refrigerant log and the method (issue 14).

Fugitive emissions of refrigerants and other fluorinated gases (Scope 1), as the GHG Protocol's
HFC/PFC tool and EPA's refrigeration guidance describe them; computed in :mod:`carbon_cli.fugitive`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from .config_goals import Fraction
from .config_model import ConfigModel

#: Equipment types of IPCC 2006 Vol. 3 Ch. 7 Table 7.9 (``factors/refrigerant_leak_rates.csv``).
EquipmentType = Literal[
    "domestic_refrigeration",
    "stand_alone_commercial",
    "medium_large_commercial",
    "transport_refrigeration",
    "industrial_refrigeration",
    "chillers",
    "residential_commercial_ac",
    "mobile_ac",
]
#: What a log line records: ``service`` (kg charged into existing units) and ``new_charge`` (kg
#: charged into new units) for the simplified method; ``purchase``, ``return`` (sold, returned to the
#: supplier, sent off-site for recycling or destruction), ``inventory_start`` and ``inventory_end``
#: (kg stored in cylinders, not in equipment) for the mass balance.
LogKind = Literal["service", "new_charge", "purchase", "return", "inventory_start", "inventory_end"]
Method = Literal["screening", "simplified", "mass_balance"]


class Equipment(ConfigModel):
    """A refrigeration, air-conditioning or other unit holding a fluorinated gas (``count`` alike)."""

    id: str = Field(min_length=1)
    refrigerant: str = Field(min_length=1)
    charge_kg: float = Field(gt=0, le=1e6, allow_inf_nan=False, description="full charge (nameplate) per unit")
    type: EquipmentType | None = None
    count: int = Field(default=1, ge=1, le=10**6)
    installed: dt.date | None = None
    retired: dt.date | None = None
    #: Screening: the unit's own annual leak rate (``8%``), instead of the Table 7.9 default of its type.
    leak_rate: Fraction | None = None
    #: A new unit charged on site from the site's own refrigerant (false: delivered pre-charged).
    charged_on_site: bool = True
    #: A unit retired in the period: kg recovered from it (per unit), for the simplified method.
    recovered_kg: float | None = Field(default=None, ge=0, le=1e6, allow_inf_nan=False)

    @model_validator(mode="after")
    def _dates(self) -> Equipment:
        if self.installed and self.retired and self.retired < self.installed:
            raise ValueError(f"retired {self.retired} is before installed {self.installed}")
        if self.recovered_kg is not None and self.recovered_kg > self.charge_kg:
            raise ValueError(f"recovered_kg {self.recovered_kg} is more than charge_kg {self.charge_kg}")
        return self


class LogEntry(ConfigModel):
    """One line of the refrigerant log: kg of a gas on a date, and what happened to it."""

    date: dt.date
    refrigerant: str = Field(min_length=1)
    kg: float = Field(ge=0, le=1e7, allow_inf_nan=False)
    kind: LogKind = "service"
    note: str | None = None


class OwnRefrigerant(ConfigModel):
    """A gas or blend not in ``factors/refrigerants.csv``, with its GWP100 and where it comes from."""

    name: str = Field(min_length=1)
    gwp: float = Field(ge=0, le=1e6, allow_inf_nan=False)
    source: str = Field(min_length=1)
    #: ``memo``: outside the Kyoto basket (an HCFC, a CFC), reported apart from Scope 1.
    basket: Literal["kyoto", "memo"] = "kyoto"


class Refrigerants(ConfigModel):
    """``refrigerants:``: the method, the equipment and the log of one site."""

    method: Method
    equipment: list[Equipment] = Field(default_factory=list)
    log: list[LogEntry] = Field(default_factory=list)
    own: list[OwnRefrigerant] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fits_method(self) -> Refrigerants:
        allowed = {
            "screening": set(),
            "simplified": {"service", "new_charge"},
            "mass_balance": {"purchase", "return", "inventory_start", "inventory_end"},
        }[self.method]
        for index, entry in enumerate(self.log):
            if entry.kind not in allowed:
                kinds = ", ".join(sorted(allowed)) or "none: screening reads the equipment only"
                raise ValueError(
                    f"log[{index}] is a '{entry.kind}' line, which method {self.method} does not read "
                    f"(its kinds: {kinds}); set method: to the one your records fit"
                )
        ids = [unit.id for unit in self.equipment]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"equipment id {twice[0]!r} is given twice; give each unit its own id")
        if self.method == "screening" and not self.equipment:
            raise ValueError("method screening needs the equipment: list (type, refrigerant, charge_kg)")
        return self
