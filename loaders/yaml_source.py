"""YAML reading that remembers the line each mapping starts on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError, Problem

__all__ = ["LineMapping", "read_yaml"]


class LineMapping(dict[str, Any]):
    """A mapping from a YAML file, with the 1-based line it starts on."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMapping:
    loader.flatten_mapping(node)
    mapping = LineMapping()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    """Parse `path`; a syntax error becomes a DataFileError with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataFileError([Problem(path, 0, f"cannot read the file: {err}")]) from err
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise DataFileError([Problem(path, line, f"invalid YAML: {err.problem or err}")]) from err
    except yaml.YAMLError as err:
        raise DataFileError([Problem(path, 0, f"invalid YAML: {err}")]) from err
