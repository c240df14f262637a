"""Safe YAML: a site or portfolio YAML file read as plain data, every way it can be wrong a ConfigError.

Only plain YAML is read (``yaml.safe_load``: no tags, no objects built), and aliases that
expand into a bomb ("billion laughs") are refused before anything is built. Errors name the
file and the line. This module reads the text; it must not validate what the mapping holds
(that is :mod:`carbon_cli.config`'s and :mod:`carbon_cli.portfolio`'s job).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

__all__ = ["MAX_YAML_NODES", "read_yaml"]


def read_yaml(path: Path) -> dict[str, Any]:
    """The YAML file as a mapping; every way it can be wrong is a ConfigError naming the line.

    :raises ConfigError: the file is missing, a directory, not UTF-8, not plain YAML, an alias
        bomb, empty, or not a mapping at the top.
    """
    if not path.exists():
        raise ConfigError("file not found", where=path, fix="Check the path to the site YAML")
    if path.is_dir():
        raise ConfigError(
            "is a directory, not a site YAML", where=path, fix="Name the YAML file inside it, e.g. site.yaml"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError("is not UTF-8 text", where=path, fix="Save the YAML as UTF-8") from exc
    try:
        data = _safe_load(text, path)
    except yaml.constructor.ConstructorError as exc:
        raise ConfigError(
            f"{exc.problem}; carbon reads plain YAML only", where=_yaml_where(path, exc), fix="Remove the !! tag"
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(
            _yaml_problem(exc),
            where=_yaml_where(path, exc),
            fix="Fix the YAML syntax (indentation, ':' after keys, quotes)",
        ) from exc
    if data is None:
        raise ConfigError(
            "the file is empty", where=path, fix="Start from `carbon init DIR`, which writes a working site.yaml"
        )
    if not isinstance(data, dict):
        raise ConfigError(
            f"expected a mapping of keys at the top, got {type(data).__name__}",
            where=path,
            fix="Start from `carbon init DIR`",
        )
    return data


#: A site file expands to a few hundred YAML nodes; aliases that expand far beyond this are an
#: attack ("billion laughs") that would stall validation, not a site.
MAX_YAML_NODES = 100_000


def _safe_load(text: str, path: Path) -> Any:
    """yaml.safe_load (no object construction) that also refuses alias bombs.

    libyaml's parser reads when PyYAML has it (ten times faster: a thousand site files); a file
    it refuses is read again by Python's, whose messages say more ("but got ':'").
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _load(fast, text, path)
        except yaml.YAMLError:
            pass
    return _load(yaml.SafeLoader, text, path)


def _load(loader_class: Any, text: str, path: Path) -> Any:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        sizes: dict[int, int] = {}

        def expanded(item: yaml.Node) -> int:
            if id(item) not in sizes:
                sizes[id(item)] = 0  # a recursive alias counts once
                children: list[yaml.Node] = []
                if isinstance(item, yaml.SequenceNode):
                    children = list(item.value)
                elif isinstance(item, yaml.MappingNode):
                    children = [part for pair in item.value for part in pair]
                sizes[id(item)] = 1 + sum(expanded(child) for child in children)
            return sizes[id(item)]

        if expanded(node) > MAX_YAML_NODES:
            raise ConfigError(
                f"expands to more than {MAX_YAML_NODES:,} values through aliases",
                where=path,
                fix="Remove the repeated anchors (&) and aliases (*)",
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _yaml_where(path: Path, exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return str(path)
    return f"{path} line {mark.line + 1}, column {mark.column + 1}"


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or "not valid YAML"
    return f"cannot parse YAML ({problem})"
