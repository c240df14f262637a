"""The command-line interface; ``carbon = carbon_cli.cli:app``."""

import gc

# Start-up (issue 15): a run first imports about a million objects that live as long as the
# process (pandas, pyarrow, pydantic's validators), then calculates. While importing, the
# collector would walk them again and again and free nothing: collect less often until
# `common.imports_done` freezes them and puts Python's thresholds back.
gc.set_threshold(20_000, 20, 20)

from .main import app  # noqa: E402

__all__ = ["app"]
