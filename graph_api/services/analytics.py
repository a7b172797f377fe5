"""Network analytics over a projection of the graph: centrality and communities.

The projection is an undirected simple graph of the chosen labels and
relationship types, as it stood on a date. It is built from the store's
projection of those labels and types (GraphStore.projection) and cached until
the store's version changes, so requests do not recompute it. Centrality runs
on rustworkx (Rust, parallel) — betweenness on large graphs as a sampled
estimate (graph_api.services.betweenness) — communities on networkx's Louvain
method with a fixed seed; both give the same answer for the same graph,
whichever store it came from.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

import networkx as nx
import rustworkx as rx

from graph_api.model.temporal import Period, holds_on
from graph_api.services.betweenness import sampled_betweenness
from graph_api.store.protocol import GraphProjection, GraphStore, ProjectedEdge

__all__ = ["AnalyticsCache", "Measure", "Projection", "centrality", "communities", "project"]

COMMUNITY_SEED = 42
# Exact betweenness is O(nodes × edges); past this many nodes it is estimated from sampled sources.
EXACT_BETWEENNESS_NODES = 5_000
BETWEENNESS_SAMPLE = 512
T = TypeVar("T")


class Measure(StrEnum):
    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    PAGERANK = "pagerank"
    EIGENVECTOR = "eigenvector"


@dataclass(frozen=True, slots=True)
class Projection:
    """An undirected simple graph of node ids, in id order, as rustworkx needs it."""

    ids: tuple[str, ...]
    edges: tuple[tuple[int, int], ...]

    def to_rustworkx(self) -> rx.PyGraph:
        graph = rx.PyGraph(multigraph=False)
        graph.add_nodes_from(self.ids)
        graph.add_edges_from_no_data(list(self.edges))
        return graph

    def to_networkx(self) -> nx.Graph[str]:
        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from(self.ids)
        graph.add_edges_from((self.ids[a], self.ids[b]) for a, b in self.edges)
        return graph


def project(graph: GraphProjection, as_of: Period | None) -> Projection:
    """The store's projection as an undirected simple graph of the relationships that held on `as_of`."""
    index = {node_id: i for i, node_id in enumerate(graph.ids)}
    pairs: set[tuple[int, int]] = set()
    for edge in graph.edges:
        a, b = index.get(edge.start), index.get(edge.end)
        if a is None or b is None or a == b or (as_of is not None and not holds_on(_bounds(edge), as_of)):
            continue
        pairs.add((min(a, b), max(a, b)))
    return Projection(graph.ids, tuple(sorted(pairs)))


def _bounds(edge: ProjectedEdge) -> dict[str, str | None]:
    return {"valid_from": edge.valid_from, "valid_to": edge.valid_to}


@dataclass(frozen=True, slots=True)
class Scores:
    """Normalised scores by node id; betweenness on large graphs is an estimate from `sources` sampled sources."""

    by_id: Mapping[str, float]
    exact: bool = True
    sources: int | None = None


def centrality(projection: Projection, measure: Measure) -> Scores:
    """Normalised scores by node id."""
    n = len(projection.ids)
    if n == 0:
        # No node chosen (`labels: []`): nothing to score. rustworkx's eigenvector iteration fails to converge on an
        # empty graph, which was an internal error until the fuzz test asked for it.
        return Scores({})
    if measure is Measure.BETWEENNESS and n > EXACT_BETWEENNESS_NODES:
        estimate = sampled_betweenness(n, projection.edges, BETWEENNESS_SAMPLE, seed=COMMUNITY_SEED)
        return Scores(dict(zip(projection.ids, estimate, strict=True)), exact=False, sources=BETWEENNESS_SAMPLE)
    graph = projection.to_rustworkx()
    if measure is Measure.DEGREE:
        scores: Mapping[int, float] = rx.degree_centrality(graph)
    elif measure is Measure.BETWEENNESS:
        scores = rx.betweenness_centrality(graph, normalized=True)
    elif measure is Measure.EIGENVECTOR:
        scores = rx.eigenvector_centrality(graph, max_iter=1000, tol=1e-9)
    else:
        directed = rx.PyDiGraph(multigraph=False)
        directed.add_nodes_from(projection.ids)
        directed.add_edges_from_no_data([*projection.edges, *((b, a) for a, b in projection.edges)])
        scores = rx.pagerank(directed, alpha=0.85, tol=1e-10, max_iter=1000)
    return Scores({projection.ids[i]: float(score) for i, score in scores.items()})


def communities(projection: Projection) -> list[list[str]]:
    """Louvain communities (modularity), largest first, each sorted by id."""
    found = nx.community.louvain_communities(projection.to_networkx(), seed=COMMUNITY_SEED)
    groups = [sorted(group) for group in found]
    groups.sort(key=lambda g: (-len(g), g[0]))
    return groups


class AnalyticsCache:
    """The store's projections, the graphs made of them and their results, kept until the store's version
    changes."""

    def __init__(self, store: GraphStore, size: int = 16) -> None:
        self._store = store
        self._size = size
        self._version: str | None = None
        self._results: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = asyncio.Lock()

    async def _cached(self, key: tuple[Any, ...], compute: Callable[[], Awaitable[T]]) -> T:
        async with self._lock:
            version = await self._store.version()
            if version != self._version:
                self._version = version
                self._results.clear()
            if key in self._results:
                self._results.move_to_end(key)
                found: T = self._results[key]
                return found
            value = await compute()
            self._results[key] = value
            if len(self._results) > self._size:
                self._results.popitem(last=False)
            return value

    async def _graph(self, labels: tuple[str, ...], types: tuple[str, ...]) -> GraphProjection:
        # Called under the lock, from a computation of _cached: reads the store's cache entry directly.
        key = ("store", labels, types)
        if key in self._results:
            self._results.move_to_end(key)
            found: GraphProjection = self._results[key]
            return found
        graph = await self._store.projection(labels, types)
        self._results[key] = graph
        return graph

    async def projection(self, labels: tuple[str, ...], types: tuple[str, ...], as_of: Period | None) -> Projection:
        async def compute() -> Projection:
            graph = await self._graph(labels, types)
            # The computations are CPU-bound; run them off the event loop.
            return await asyncio.to_thread(project, graph, as_of)

        return await self._cached(("projection", labels, types, as_of), compute)

    async def centrality(
        self, measure: Measure, labels: tuple[str, ...], types: tuple[str, ...], as_of: Period | None
    ) -> Scores:
        projection = await self.projection(labels, types, as_of)
        return await self._cached(
            ("centrality", measure, labels, types, as_of), lambda: asyncio.to_thread(centrality, projection, measure)
        )

    async def communities(
        self, labels: tuple[str, ...], types: tuple[str, ...], as_of: Period | None
    ) -> list[list[str]]:
        projection = await self.projection(labels, types, as_of)
        return await self._cached(
            ("communities", labels, types, as_of), lambda: asyncio.to_thread(communities, projection)
        )
