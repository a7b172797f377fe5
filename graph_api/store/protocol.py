"""The store protocol that both the embedded and the Neo4j store implement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from graph_api.model.records import AuditEntry, Direction, Edge, GraphBatch, Node, WriteSummary

__all__ = ["GraphProjection", "GraphStats", "GraphStore", "NodePage", "ProjectedEdge", "RankedPage", "all_nodes"]


@dataclass(frozen=True, slots=True)
class NodePage:
    """One page of nodes in id order, and whether more lie on either side."""

    nodes: tuple[Node, ...]
    has_next: bool
    has_previous: bool


@dataclass(frozen=True, slots=True)
class RankedPage:
    """One page of nodes ordered by a count of their relationships, then id: each node with its count."""

    rows: tuple[tuple[int, Node], ...]
    has_next: bool
    has_previous: bool


@dataclass(frozen=True, slots=True)
class GraphStats:
    """Counts of nodes by label and relationships by type."""

    nodes: Mapping[str, int]
    edges: Mapping[str, int]

    @property
    def node_count(self) -> int:
        return sum(self.nodes.values())

    @property
    def edge_count(self) -> int:
        return sum(self.edges.values())


@dataclass(frozen=True, slots=True)
class ProjectedEdge:
    """A relationship of a projection: its type, its ends, and the partial ISO dates it held between."""

    type: str
    start: str
    end: str
    valid_from: str | None = None
    valid_to: str | None = None


@dataclass(frozen=True, slots=True)
class GraphProjection:
    """The ids of the nodes of some labels, sorted, and the relationships of some types between them, sorted
    by (start, type, end): what network analytics read, without the nodes' and relationships' properties."""

    ids: tuple[str, ...]
    edges: tuple[ProjectedEdge, ...]


class GraphStore(Protocol):
    """What the API and the loaders need from a store.

    Reads take many ids at once so that a GraphQL request costs one call per
    batch, not one per parent object. Lists come back in a deterministic order
    (nodes by id, relationships by the id of their other end) so that both
    stores give identical answers.
    """

    @property
    def kind(self) -> str:
        """'embedded' or 'neo4j'."""
        ...

    @property
    def location(self) -> str:
        """Where the data live, for messages (a path or a URI without credentials)."""
        ...

    async def get_nodes(self, ids: Sequence[str]) -> list[Node | None]:
        """The nodes with these ids, in order; None where there is none."""
        ...

    async def lookup(self, key: str, labels: Sequence[str]) -> list[Node]:
        """Nodes of these labels whose name, English name, alias or acronym normalises to `key`."""
        ...

    async def search_candidates(self, text: str, labels: Sequence[str], limit: int) -> list[Node]:
        """Nodes of these labels whose searchable properties contain every word of `text`.

        At least the `limit` best matches must be among them; the caller ranks.
        """
        ...

    async def name_containing(self, fragment: str, labels: Sequence[str]) -> list[Node]:
        """Nodes of these labels whose names may hold `fragment` (normalised, not empty) as written, in id order:
        at least every node one of whose `name_keys` holds it, and every node whose keys were cut
        (`name_keys_cut`). Found by index, reading what matches; the caller checks the names themselves."""
        ...

    async def ranked_by_count(
        self,
        label: str,
        rel_type: str,
        direction: Direction,
        *,
        descending: bool,
        first: int,
        after: tuple[float, str] | None = None,
    ) -> RankedPage:
        """The nodes of `label` ordered by how many `rel_type` relationships they have in `direction` (the
        count negated when `descending`), then by id: the `first` after the position `after`, given as
        (signed count, id). Relationships count as `relations` lists them."""
        ...

    async def page_nodes(
        self,
        label: str,
        *,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> NodePage:
        """A keyset page of nodes of `label` ordered by id: `first` after an id, or `last` before one."""
        ...

    async def count_nodes(self, label: str) -> int:
        """How many nodes carry `label`."""
        ...

    async def relations(self, ids: Sequence[str], rel_type: str, direction: Direction) -> list[list[Edge]]:
        """For each id, its relationships of `rel_type` in `direction`, ordered by the other end's id."""
        ...

    async def related(
        self, ids: Sequence[str], rel_type: str, direction: Direction
    ) -> tuple[list[list[Edge]], dict[str, Node]]:
        """`relations`, and the nodes at their other ends by id: one round trip where `relations` and then
        `get_nodes` would take two."""
        ...

    async def adjacent(self, ids: Sequence[str], rel_types: Sequence[str]) -> list[Edge]:
        """Every relationship of these types touching these nodes, either way, ordered by (start, type, end)."""
        ...

    async def shortest_paths(
        self, start: str, end: str, rel_types: Sequence[str], max_length: int, limit: int
    ) -> list[list[Edge]]:
        """Shortest undirected paths from `start` to `end` over these types, as edge lists walked from `start`.

        Parallel relationships make distinct paths. Paths come sorted by the ids along them, then by
        relationship type; at most `limit`; none when the shortest is longer than `max_length`.
        """
        ...

    async def version(self) -> str:
        """A token that changes whenever the graph changes (for caches)."""
        ...

    async def write(self, batch: GraphBatch) -> WriteSummary:
        """Merge the batch's nodes and edges, remove its `remove_edges` and record its audit entries,
        in one transaction: all of it or nothing."""
        ...

    async def audit_log(self, first: int, before: str | None = None) -> list[AuditEntry]:
        """Audit entries, newest first, older than the entry id `before` if given."""
        ...

    async def clear(self) -> None:
        """Delete every node, relationship and audit entry, in one step; the schema stays and the version
        changes."""
        ...

    async def migrate(self) -> None:
        """Bring the store's schema up to date (constraints and indexes, tables, an older file format);
        idempotent, and it leaves the data as they are."""
        ...

    async def stats(self) -> GraphStats:
        """Counts by label and by relationship type."""
        ...

    async def projection(self, labels: Sequence[str], rel_types: Sequence[str]) -> GraphProjection:
        """The nodes of `labels` and the relationships of `rel_types` whose two ends both carry one of them."""
        ...

    async def export(self) -> dict[str, Any]:
        """The whole graph as node-link JSON (nodes and edges sorted, properties flat)."""
        ...

    async def ping(self) -> None:
        """Return if the store answers; raise StoreUnavailable if not."""
        ...

    async def close(self) -> None:
        """Release connections and files."""
        ...


async def all_nodes(store: GraphStore, labels: Sequence[str], page_size: int = 1_000) -> list[Node]:
    """Every node of these labels, read a page at a time, in label then id order."""
    nodes: list[Node] = []
    for label in labels:
        after = None
        while True:
            page = await store.page_nodes(label, first=page_size, after=after)
            nodes.extend(page.nodes)
            if not page.has_next:
                break
            after = page.nodes[-1].id
    return nodes
