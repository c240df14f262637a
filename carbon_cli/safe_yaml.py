"""Safe YAML: a site or portfolio YAML file read as plain data, every way it can be wrong a ConfigError.

Only plain YAML is read (``yaml.safe_load``: no tags, no objects built), aliases that expand
into a bomb ("billion laughs") are refused before anything is built, and a key given twice in
one mapping is refused (YAML would keep the second silently: a second ``bills:`` would drop the
first list). Errors name the file and the line. This module reads the text; it must not validate what the mapping holds
(that is :mod:`carbon_cli.config`'s and :mod:`carbon_cli.portfolio`'s job).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .guards import DEFAULTS, shown_size

__all__ = ["MAX_YAML_CHARACTERS", "MAX_YAML_NODES", "read_yaml"]


#: Bill and table files: given where a YAML goes, they are named as what they are.
_TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods", ".parquet")


def read_yaml(path: Path) -> dict[str, Any]:
    """The YAML file as a mapping; every way it can be wrong is a ConfigError naming the line.

    :raises ConfigError: the file is missing, a directory, a pipe or device, not UTF-8, not plain YAML, an alias or text
        bomb, a key given twice in one mapping, empty, or not a mapping at the top.
    """
    if not path.exists():
        raise ConfigError("file not found", where=path, fix="Check the path to the site YAML")
    if path.is_dir():
        raise ConfigError(
            "is a directory, not a site YAML", where=path, fix="Name the YAML file inside it, e.g. site.yaml"
        )
    if path.suffix.lower() in _TABLE_SUFFIXES:  # `carbon calc bills.xlsx`: the YAML that names it is wanted
        raise ConfigError(
            f"is a spreadsheet ({path.suffix}), not a site YAML",
            where=path,
            fix="Give the site or portfolio YAML whose bills: names it (carbon init writes one; "
            "carbon inspect FILE shows how a bill file reads)",
        )
    if not path.is_file():  # a FIFO, socket or device: reading it could block forever
        raise ConfigError(
            "is not a regular file (a pipe, socket or device)", where=path, fix="Save the YAML to a file and name that"
        )
    size = path.stat().st_size
    if size > DEFAULTS.yaml_bytes:  # before reading: a sparse file reports gigabytes it does not hold
        raise ConfigError(
            f"is {shown_size(size)}, over the {shown_size(DEFAULTS.yaml_bytes)} a site or portfolio YAML may be",
            where=path,
            fix="Check it is the site YAML; bills belong in the files its bills: entries name",
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
    except ConfigError:
        raise
    except RecursionError as exc:  # nesting too deep for the parser itself, before the depth check
        raise ConfigError(
            f"nests more than {DEFAULTS.yaml_depth} levels deep, far deeper than a site or portfolio YAML",
            where=path,
            fix="Remove the nested brackets or indentation; `carbon init DIR` writes a complete example",
        ) from exc
    except (ValueError, OverflowError) as exc:  # a value YAML itself cannot hold, e.g. a date in year 0
        raise ConfigError(
            f"cannot read a value ({exc})",
            where=path,
            fix="Write dates as YYYY-MM-DD with a year from 1 to 9999, or quote the value",
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
MAX_YAML_NODES = DEFAULTS.yaml_values
#: The same for the text: one long string aliased thousands of times passes the count above but
#: expands to gigabytes once validated. A site file holds a few kilobytes.
MAX_YAML_CHARACTERS = DEFAULTS.yaml_characters


_MERGE_TAG = "tag:yaml.org,2002:merge"


class _UniqueKeys:
    """A constructor mix-in refusing a key given twice in one mapping (``<<`` merges aside:
    a key written next to a merge overrides the merged one, as YAML intends)."""

    source: Path = Path("site.yaml")

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG:
                    continue
                key = self.construct_object(key_node, deep=True)  # type: ignore[attr-defined]
                line = key_node.start_mark.line + 1
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: the constructor below says so
                    continue
                seen.setdefault(key, line)
                if first is not None:
                    lines = f"lines {first} and {line}" if first != line else f"both on line {line}"
                    raise ConfigError(
                        f"key '{key}' is given twice ({lines}); YAML would silently keep only the second",
                        where=f"{self.source} line {line}",
                        fix=f"Keep one '{key}:' and put everything it holds under it",
                    )
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc]


class _SafeLoader(_UniqueKeys, yaml.SafeLoader):
    pass


_FAST_BASE = getattr(yaml, "CSafeLoader", None)
_FastLoader: Any = None if _FAST_BASE is None else type("_FastLoader", (_UniqueKeys, _FAST_BASE), {})


def _safe_load(text: str, path: Path) -> Any:
    """yaml.safe_load (no object construction) that also refuses alias bombs.

    libyaml's parser reads when PyYAML has it (ten times faster: a thousand site files); a file
    it refuses is read again by Python's, whose messages say more ("but got ':'").
    """
    if _FastLoader is not None:
        try:
            return _load(_FastLoader, text, path)
        except yaml.YAMLError:
            pass
    return _load(_SafeLoader, text, path)


def _refuse_deep(node: yaml.Node, path: Path) -> None:
    """Refuse a document nested deeper than :attr:`carbon_cli.guards.Limits.yaml_depth` (a site
    YAML nests about six levels); walked without recursion, before anything recursive reads it."""
    stack: list[tuple[yaml.Node, int]] = [(node, 1)]
    seen: set[int] = set()
    while stack:
        item, depth = stack.pop()
        if depth > DEFAULTS.yaml_depth:
            raise ConfigError(
                f"nests more than {DEFAULTS.yaml_depth} levels deep, far deeper than a site or portfolio YAML",
                where=f"{path} line {item.start_mark.line + 1}",
                fix="Remove the nested brackets or indentation; `carbon init DIR` writes a complete example",
            )
        if id(item) in seen:  # an alias: its node is walked once
            continue
        seen.add(id(item))
        if isinstance(item, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in item.value)
        elif isinstance(item, yaml.MappingNode):
            stack.extend((part, depth + 1) for pair in item.value for part in pair)


def _load(loader_class: Any, text: str, path: Path) -> Any:
    loader = loader_class(text)
    loader.source = path
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _refuse_deep(node, path)
        sizes: dict[int, tuple[int, int]] = {}

        def expanded(item: yaml.Node) -> tuple[int, int]:
            """(values, characters) of ``item`` with every alias written out."""
            if id(item) not in sizes:
                sizes[id(item)] = (0, 0)  # a recursive alias counts once
                children: list[yaml.Node] = []
                if isinstance(item, yaml.SequenceNode):
                    children = list(item.value)
                elif isinstance(item, yaml.MappingNode):
                    children = [part for pair in item.value for part in pair]
                parts = [expanded(child) for child in children]
                own = len(item.value) if isinstance(item, yaml.ScalarNode) else 0
                sizes[id(item)] = (1 + sum(p[0] for p in parts), own + sum(p[1] for p in parts))
            return sizes[id(item)]

        values, characters = expanded(node)
        if values > MAX_YAML_NODES:
            raise ConfigError(
                f"expands to more than {MAX_YAML_NODES:,} values through aliases",
                where=path,
                fix="Remove the repeated anchors (&) and aliases (*)",
            )
        if characters > MAX_YAML_CHARACTERS:
            raise ConfigError(
                f"expands to {characters:,} characters of text through aliases, more than the "
                f"{MAX_YAML_CHARACTERS:,} a site or portfolio YAML may hold",
                where=path,
                fix="Remove the repeated anchors (&) and aliases (*), or shorten the long values",
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
