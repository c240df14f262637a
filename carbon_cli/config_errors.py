"""Config errors: what pydantic found wrong in a YAML, as one ConfigError a person can act on.

The message names the file and the key path (``bills[0].columns.start``), says what is wrong
with a "did you mean" hint for a misspelt key or value, and ends with the fix. Shared by the
site YAML (:mod:`carbon_cli.config`) and the portfolio YAML (:mod:`carbon_cli.portfolio`).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import ConfigError

__all__ = ["config_error", "did_you_mean"]


def _key_path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def did_you_mean(word: object, choices: Any) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at the parent of ``loc``, found by walking the model fields."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return []
        inner = _model_in(field.annotation)
        if inner is None:
            return []
        current = inner
    # The model's own keys first, in the order it declares them, then those it shares with others
    # (a site's and a portfolio's multi-year keys, :class:`carbon_cli.config_goals.GoalKeys`).
    own = [name for name in vars(current).get("__annotations__", {}) if name in current.model_fields]
    return [name for name in dict.fromkeys([*own, *current.model_fields]) if name != "source"]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def config_error(path: Path, exc: ValidationError, model: type[BaseModel]) -> ConfigError:
    """The first problem pydantic found in the YAML at ``path`` as one ConfigError: the key path,
    what is wrong (with a "did you mean" hint) and the fix. ``model`` is the validated model,
    whose keys are listed for an unknown key.
    """
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first["loc"])
    key = _key_path(loc)
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    kind = first["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc)
        return ConfigError(
            f"unknown key '{loc[-1]}'{did_you_mean(loc[-1], allowed)}{more}",
            where=f"{path}: {key}",
            fix=f"Allowed keys here: {', '.join(allowed)}" if allowed else None,
        )
    if kind == "missing":
        return ConfigError(
            f"missing required key '{loc[-1]}'{more}",
            where=f"{path}: {key}",
            fix="Add it; `carbon init DIR` writes a complete example",
        )
    if kind == "literal_error":
        expected = first.get("ctx", {}).get("expected", "")
        got = first.get("input")
        return ConfigError(
            f"'{got}' is not allowed{did_you_mean(got, _literals(expected))}{more}",
            where=f"{path}: {key}",
            fix=f"Use one of: {expected}",
        )
    message = first["msg"].removeprefix("Value error, ")
    got = first.get("input")
    shown = "" if isinstance(got, dict | list) or got is None else f" (got {got!r})"
    return ConfigError(f"{message}{shown}{more}", where=f"{path}: {key}", fix="See the YAML reference in the README")


def _literals(expected: str) -> list[str]:
    return [part.strip(" '\"") for part in expected.replace(" or ", ",").split(",") if part.strip()]
