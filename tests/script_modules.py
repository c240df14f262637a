"""Loading a script of ``scripts/`` (a factor builder or checker, not a package module) by its path."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
FACTOR_SCRIPTS = ROOT / "scripts" / "factors"


def load_factor_script(name: str) -> ModuleType:
    """``scripts/factors/<name>.py`` as a module (run afresh on each call, so its globals start clean)."""
    spec = importlib.util.spec_from_file_location(f"factor_script_{name}", FACTOR_SCRIPTS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
