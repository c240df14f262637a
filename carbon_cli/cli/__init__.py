"""The command-line interface; ``carbon = carbon_cli.cli:app``."""

import gc
import os

# Start-up (issue 15): the first time pydantic builds a validator (a site YAML's models), it looks
# for plugins among the entry points of every installed package, 5 to 10 ms here and more where
# more is installed, for plugins that would only watch carbon read its own YAML. The command line
# turns the lookup off unless the environment already says otherwise (PYDANTIC_DISABLE_PLUGINS=
# empty lets installed plugins run); the library, imported on its own, leaves pydantic as it is.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# Start-up (issue 15): a run first imports about a million objects that live as long as the
# process (pandas, pyarrow, pydantic's validators), then calculates. While importing, the
# collector would walk them again and again and free nothing: collect less often until
# `common.imports_done` freezes them and puts Python's thresholds back. The threshold is above
# what `carbon calc` allocates before then (about 150,000 objects), so its imports are never
# walked at all (at 20,000 they were walked 7 times, 0.05 s of CPU); a command that never calls
# `imports_done` still collects, every million objects.
gc.set_threshold(1_000_000, 20, 20)

from .main import app  # noqa: E402

__all__ = ["app"]
