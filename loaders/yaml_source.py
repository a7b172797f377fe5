"""YAML reading that remembers the line each mapping starts on, and refuses bombs.

A few hundred bytes of YAML can stand for billions of values through aliases
("billion laughs": each anchor a list of ten aliases of the one before), and
brackets nested a few hundred deep exhaust the interpreter's stack. The
loaders' YAML is read by `BoundedLoader`, which counts every value an alias
stands for as if it were written out and refuses a document of more than
`MAX_VALUES` of them, or nested deeper than `MAX_DEPTH`, as invalid YAML at
the line where the limit is passed. Anchors and aliases within those bounds
work as usual.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from loaders.errors import DataFileError, Problem, quoted

__all__ = ["MAX_DEPTH", "MAX_VALUES", "BoundedLoader", "LineMapping", "load_bounded", "read_yaml"]

MAX_VALUES = 100_000  # the largest bundled data package stands for about 700
MAX_DEPTH = 64  # theirs go 5 deep


class LineMapping(dict[str, Any]):
    """A mapping from a YAML file, with the 1-based line it starts on."""

    line: int = 0


class BoundedLoader(yaml.SafeLoader):
    """A SafeLoader refusing documents that stand for more than MAX_VALUES values or nest deeper than MAX_DEPTH."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._sizes: dict[int, int] = {}  # id(node) → the values it stands for, aliases written out
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            node = super().compose_node(parent, index)
            if node is not None and id(node) not in self._sizes:
                raise yaml.composer.ComposerError(
                    None, None, "an alias refers to the collection it is in", node.start_mark
                )
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"values are nested more than {MAX_DEPTH} deep",
                self.peek_event().start_mark,  # type: ignore[no-untyped-call]
            )
        node = super().compose_node(parent, index)
        self._depth -= 1
        if node is not None:
            self._count(node)
        return node

    def _count(self, node: yaml.Node) -> None:
        if isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self._sizes.get(id(child), 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._sizes.get(id(k), 1) + self._sizes.get(id(v), 1) for k, v in node.value)
        else:
            size = 1
        if size > MAX_VALUES:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"the document stands for more than {MAX_VALUES:,} values once its aliases are written out",
                node.start_mark,
            )
        self._sizes[id(node)] = size


def load_bounded(text: str, loader: type[BoundedLoader] = BoundedLoader) -> Any:
    """Parse one YAML document with `loader`; raises yaml.YAMLError (a MarkedYAMLError for a bomb)."""
    return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass


class _LineLoader(BoundedLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMapping:
    loader.flatten_mapping(node)
    mapping = LineMapping()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {quoted(key)}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    """Parse `path`; a syntax error (or a bomb) becomes a DataFileError with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataFileError([Problem(path, 0, f"cannot read the file: {err}")]) from err
    try:
        return load_bounded(text, _LineLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise DataFileError([Problem(path, line, f"invalid YAML: {err.problem or err}")]) from err
    except yaml.YAMLError as err:
        raise DataFileError([Problem(path, 0, f"invalid YAML: {err}")]) from err
