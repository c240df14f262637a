"""The ``onsite:`` block of the site YAML: on-site generation settings (see :mod:`carbon_cli.onsite`).

The generation and export themselves are bills (``activity: generation`` / ``export``); this
block says what the bills cannot: the certificates of self-consumed generation sold to others,
and the opt-in GB/T 51366-2019 building view.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .config_model import ConfigModel


class Onsite(ConfigModel):
    """``onsite:`` settings of one site."""

    #: kWh of the site's own generation, consumed on site, whose certificates (GECs, RECs, GOs) were
    #: sold or transferred: counted in market-based Scope 2 at the residual mix.
    self_consumed_certificates_sold_kwh: float | None = Field(default=None, ge=0, le=1e15, allow_inf_nan=False)
    #: ``gbt51366``: also report China's building method (generation offsets consumption).
    view: Literal["gbt51366"] | None = None
