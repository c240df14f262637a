"""The base of every model of the site YAML (:mod:`carbon_cli.config`, :mod:`carbon_cli.config_bills`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ConfigModel(BaseModel):
    """The base of every config model: unknown keys refused, frozen, text trimmed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)
