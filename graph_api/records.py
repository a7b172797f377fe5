"""Typed records that pass between loaders and stores."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["AuditEntry", "Direction", "Edge", "GraphBatch", "Node", "WriteSummary"]


@dataclass(frozen=True, slots=True)
class Node:
    """A node: its label and its properties (which include `id` and `name`)."""

    id: str
    label: str
    properties: Mapping[str, Any]

    @property
    def name(self) -> str:
        return str(self.properties.get("name", self.id))


@dataclass(frozen=True, slots=True)
class Edge:
    """A relationship from `start` to `end`; at most one per (start, type, end)."""

    type: str
    start: str
    end: str
    properties: Mapping[str, Any]


class Direction(StrEnum):
    """Which way to follow relationships from a node."""

    OUT = "out"
    IN = "in"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded change: who made it, when, what, and the state before and after (JSON text)."""

    id: str
    at: str
    who: str
    role: str
    action: str
    target: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class GraphBatch:
    """Everything one change writes, in one transaction: merges, removals and their audit entries."""

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    remove_edges: tuple[Edge, ...] = ()
    audit: tuple[AuditEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class WriteSummary:
    """What a write changed; all zeros when the data were already there."""

    nodes_created: int = 0
    nodes_updated: int = 0
    edges_created: int = 0
    edges_updated: int = 0
    edges_removed: int = 0
    extra: Mapping[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any((self.nodes_created, self.nodes_updated, self.edges_created, self.edges_updated, self.edges_removed))
