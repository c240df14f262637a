"""Renderers: format an inventory for people (Rich) or scripts (JSON, CSV). They never compute:
every number comes from :mod:`carbon_cli.summary` over the ledger."""
