"""The command-line interface; ``carbon = carbon_cli.cli:app``."""

from .main import app

__all__ = ["app"]
