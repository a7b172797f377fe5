"""Typed records that pass between loaders and stores."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import orjson

__all__ = [
    "AuditEntry",
    "Direction",
    "Edge",
    "ExpectEdge",
    "ExpectNode",
    "Expectation",
    "GraphBatch",
    "Node",
    "WriteSummary",
    "canonical_json",
    "new_audit_entry",
]


def canonical_json(properties: Mapping[str, Any] | None) -> str | None:
    """Properties as JSON text with sorted keys (None stays None): the form audit entries record and writes
    compare, so that equal properties read from either store give equal text."""
    if properties is None:
        return None
    return orjson.dumps(dict(properties), option=orjson.OPT_SORT_KEYS).decode()


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


def new_audit_entry(who: str, role: str, action: str, target: str, before: str | None, after: str | None) -> AuditEntry:
    """An audit entry stamped now (UTC); its id sorts by time."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    return AuditEntry(f"{now}-{uuid.uuid4().hex[:12]}", now, who, role, action, target, before, after)


@dataclass(frozen=True, slots=True)
class ExpectNode:
    """A write's precondition: node `id` has exactly this label and these properties (or, with `properties`
    None, does not exist)."""

    id: str
    label: str | None = None
    properties: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class ExpectEdge:
    """A write's precondition: the relationship (type, start, end) has exactly these properties (or, with
    `properties` None, does not exist)."""

    type: str
    start: str
    end: str
    properties: Mapping[str, Any] | None = None


Expectation = ExpectNode | ExpectEdge


@dataclass(frozen=True, slots=True)
class GraphBatch:
    """Everything one change writes, in one transaction: merges, removals and their audit entries.

    `expect` makes the write conditional (compare-and-set): the store checks each expectation under the lock it
    writes with, and raises WriteConflict, writing nothing, when one does not hold. A caller that read the state
    it changes says so here, so that no concurrent edit is lost between its read and its write.
    """

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    remove_edges: tuple[Edge, ...] = ()
    audit: tuple[AuditEntry, ...] = ()
    expect: tuple[Expectation, ...] = ()


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
