"""The shapes of a list's conditions: what the filter evaluator and the index narrowing read of `where` and
`orderBy`. The GraphQL inputs (graph_api.graphql.inputs) are these shapes; the services layer names only the
shapes, so it needs nothing of the schema's library.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Protocol

# How deep AND / OR / NOT and relationship conditions may nest.
MAX_FILTER_DEPTH = 5

__all__ = [
    "MAX_FILTER_DEPTH",
    "DateCondition",
    "PropertyCondition",
    "RelationCondition",
    "RelationDirection",
    "SortDirection",
    "SortOrder",
    "TextCondition",
    "Where",
]


class RelationDirection(Enum):
    """Which way a relationship is followed: from the node (OUT) or to it (IN)."""

    OUT = "out"
    IN = "in"


class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


class TextCondition(Protocol):
    @property
    def eq(self) -> str | None: ...
    @property
    def in_(self) -> Sequence[str] | None: ...
    @property
    def contains(self) -> str | None: ...
    @property
    def starts_with(self) -> str | None: ...
    @property
    def exists(self) -> bool | None: ...


class DateCondition(Protocol):
    @property
    def eq(self) -> str | None: ...
    @property
    def gte(self) -> str | None: ...
    @property
    def lte(self) -> str | None: ...
    @property
    def exists(self) -> bool | None: ...


class PropertyCondition(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def text(self) -> TextCondition | None: ...
    @property
    def date(self) -> DateCondition | None: ...


class RelationCondition(Protocol):
    @property
    def type(self) -> str: ...
    @property
    def direction(self) -> RelationDirection: ...
    @property
    def some(self) -> Where | None: ...
    @property
    def none(self) -> Where | None: ...
    @property
    def all(self) -> Where | None: ...


class Where(Protocol):
    """Conditions that must all hold: AND / OR / NOT of others, on the id, the names, properties, relations."""

    @property
    def and_(self) -> Sequence[Where] | None: ...
    @property
    def or_(self) -> Sequence[Where] | None: ...
    @property
    def not_(self) -> Where | None: ...
    @property
    def id(self) -> TextCondition | None: ...
    @property
    def name(self) -> TextCondition | None: ...
    @property
    def related(self) -> Sequence[RelationCondition] | None: ...
    # Last: after it, `property` in this class body would name this member, not the decorator.
    @property
    def property(self) -> Sequence[PropertyCondition] | None: ...


class SortOrder(Protocol):
    """One sort key: a property, or the number of relationships of a type."""

    @property
    def relationship_count(self) -> str | None: ...
    @property
    def relationship_direction(self) -> RelationDirection: ...
    @property
    def direction(self) -> SortDirection: ...
    # Last: after it, `property` in this class body would name this member, not the decorator.
    @property
    def property(self) -> str | None: ...
