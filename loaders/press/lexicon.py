"""The extractor's Spanish word lists, read from schema/lexicon/es/*.yaml (data beside the ontology, not code).

Each file is a mapping of list names to lists (or mappings) of words, written
folded (lower case, no accents) as the extractor compares them. A missing or
malformed file is a DataFileError naming it; nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from graph_api.model.resources import schema_dir
from loaders.errors import DataFileError, Problem
from loaders.yaml_source import read_yaml

__all__ = ["lexicon", "lexicon_dir", "word_list", "word_map", "words"]


def lexicon_dir() -> Path:
    return schema_dir() / "lexicon" / "es"


@cache
def lexicon(name: str) -> Mapping[str, Any]:
    """The word lists of schema/lexicon/es/`name`.yaml."""
    path = lexicon_dir() / f"{name}.yaml"
    raw = read_yaml(path)
    if not isinstance(raw, Mapping):
        raise DataFileError([Problem(path, 1, "a lexicon file is a mapping of list names to word lists")])
    return raw


def _entry(name: str, key: str) -> Any:
    table = lexicon(name)
    if key not in table:
        raise DataFileError([Problem(lexicon_dir() / f"{name}.yaml", 1, f"the list '{key}' is missing")])
    return table[key]


def words(name: str, key: str) -> frozenset[str]:
    """The words of list `key` in lexicon file `name`."""
    value = _entry(name, key)
    if not isinstance(value, Sequence) or isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise DataFileError([Problem(lexicon_dir() / f"{name}.yaml", 1, f"'{key}' must be a list of words")])
    return frozenset(value)


def word_list(name: str, key: str) -> tuple[str, ...]:
    """The words of list `key` in lexicon file `name`, in their order."""
    value = _entry(name, key)
    if not isinstance(value, Sequence) or isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise DataFileError([Problem(lexicon_dir() / f"{name}.yaml", 1, f"'{key}' must be a list of words")])
    return tuple(value)


def word_map(name: str, key: str) -> dict[str, Any]:
    """The mapping `key` of lexicon file `name` (word → value)."""
    value = _entry(name, key)
    if not isinstance(value, Mapping):
        raise DataFileError([Problem(lexicon_dir() / f"{name}.yaml", 1, f"'{key}' must be a mapping")])
    return dict(value)
