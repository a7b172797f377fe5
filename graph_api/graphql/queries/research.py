"""Researchers' questions as GraphQL: paths, neighbourhoods, co-membership, centrality, communities."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Annotated

import strawberry

from graph_api.graphql.context import Context
from graph_api.graphql.pagination import check_count, check_first
from graph_api.graphql.types import Document, Entity, wrap
from graph_api.model.errors import UserInputError
from graph_api.model.records import Edge
from graph_api.model.temporal import Period, holds_on
from graph_api.services.analytics import Measure

__all__ = ["ResearchQuery"]

Info = strawberry.Info[Context, None]
MAX_PATH_LENGTH = 10
MAX_PATH_LIMIT = 100  # the largest `limit` a paths query takes (the stores enumerate up to MAX_ENUMERATED_PATHS)
MAX_DEPTH = 5


@strawberry.enum(description="Which way a relationship points relative to the walk along a path.")
class StepDirection(Enum):
    OUT = "out"
    IN = "in"


@strawberry.enum(description="A centrality measure, computed on the undirected actor graph.")
class CentralityMeasure(Enum):
    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    PAGERANK = "pagerank"
    EIGENVECTOR = "eigenvector"


async def _documents(info: Info, edge: Edge) -> list[Document]:
    nodes = await info.context.nodes.load_many(list(edge.properties.get("sources", [])))
    return [Document(node=n) for n in nodes if n is not None]


@strawberry.type(description="A relationship as an edge of a drawing: its type, ends and sources.")
class GraphEdge:
    edge: strawberry.Private[Edge]

    @strawberry.field
    def type(self) -> str:
        return self.edge.type

    @strawberry.field
    def source(self) -> strawberry.ID:
        return strawberry.ID(self.edge.start)

    @strawberry.field
    def target(self) -> strawberry.ID:
        return strawberry.ID(self.edge.end)

    @strawberry.field
    def since(self) -> str | None:
        return self.edge.properties.get("valid_from")

    @strawberry.field
    def until(self) -> str | None:
        return self.edge.properties.get("valid_to")

    @strawberry.field
    def evidence(self) -> str | None:
        return self.edge.properties.get("evidence")

    @strawberry.field(description="The documents that state this relationship.")
    async def sources(self, info: Info) -> list[Document]:
        return await _documents(info, self.edge)


@strawberry.type(description="One step of a path: the relationship taken and the node reached.")
class PathStep:
    node: Entity
    relationship: GraphEdge
    direction: StepDirection


@strawberry.type(description="A path between two nodes, as the steps from its start.")
class Path:
    start: Entity
    steps: list[PathStep]

    @strawberry.field
    def length(self) -> int:
        return len(self.steps)


@strawberry.type(description="Nodes and relationships within a distance of a node, shaped for a graph drawing.")
class Neighborhood:
    center: Entity
    depth: int
    nodes: list[Entity]
    edges: list[GraphEdge]


@strawberry.type
class CentralityScore:
    node: Entity
    score: float
    rank: int


@strawberry.type(description="Centrality scores over a projection of the graph, best first.")
class Centrality:
    measure: CentralityMeasure
    node_count: int
    edge_count: int
    exact: bool = strawberry.field(description="False when betweenness was estimated from sampled sources.")
    sample_size: int | None = strawberry.field(description="How many sources the estimate sampled.")
    scores: list[CentralityScore]


@strawberry.type(description="A community found by modularity (Louvain).")
class Community:
    index: int
    size: int
    members: list[Entity]


def _chosen(asked: list[str] | None, known: Iterable[str], default: tuple[str, ...], what: str) -> tuple[str, ...]:
    """The names asked for, checked against the ontology's; the default when none are asked for."""
    if asked is None:
        return default
    names = list(known)
    unknown = [name for name in asked if name not in names]
    if unknown:
        raise UserInputError(f"unknown {what} {unknown}; known: {', '.join(names)}")
    return tuple(sorted(set(asked)))


def _check_types(info: Info, rel_types: list[str] | None) -> tuple[str, ...]:
    ontology = info.context.ontology
    return _chosen(rel_types, ontology.relationships, ontology.network_types(), "relationship types")


def _check_labels(info: Info, labels: list[str] | None) -> tuple[str, ...]:
    ontology = info.context.ontology
    return _chosen(labels, ontology.labels, ontology.actor_labels(), "labels")


async def _entities(info: Info, ids: Sequence[str]) -> list[Entity]:
    nodes = await info.context.nodes.load_many(list(ids))
    return [wrap(n) for n in nodes if n is not None]


@strawberry.type
class ResearchQuery:
    @strawberry.field(description="Shortest paths between two nodes, ignoring direction; each step with its sources.")
    async def paths(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_length: int = 6,
        relationship_types: list[str] | None = None,
        limit: int = 10,
    ) -> list[Path]:
        check_count("maxLength", max_length, 1, MAX_PATH_LENGTH)
        check_count("limit", limit, 1, MAX_PATH_LIMIT)
        types = _check_types(info, relationship_types)
        found = await info.context.store.shortest_paths(str(from_), str(to), types, max_length, limit)
        [start] = await info.context.nodes.load_many([str(from_)])
        if start is None:
            return []
        ids = {e.start for p in found for e in p} | {e.end for p in found for e in p}
        nodes = {n.id: n for n in await info.context.nodes.load_many(sorted(ids)) if n is not None}
        paths = []
        for edges in found:
            here, steps = start.id, []
            for edge in edges:
                forward = edge.start == here
                here = edge.end if forward else edge.start
                direction = StepDirection.OUT if forward else StepDirection.IN
                steps.append(PathStep(node=wrap(nodes[here]), relationship=GraphEdge(edge=edge), direction=direction))
            paths.append(Path(start=wrap(start), steps=steps))
        return paths

    @strawberry.field(description="The nodes and relationships within `depth` steps of a node (either direction).")
    async def neighborhood(
        self,
        info: Info,
        id: strawberry.ID,
        depth: int = 1,
        relationship_types: list[str] | None = None,
        as_of: Period | None = None,
    ) -> Neighborhood | None:
        check_count("depth", depth, 1, MAX_DEPTH)
        types = _check_types(info, relationship_types)
        limit = info.context.settings.max_neighborhood_nodes
        [center] = await info.context.nodes.load_many([str(id)])
        if center is None:
            return None
        seen, frontier, edges = {center.id}, [center.id], {}
        for _ in range(depth):
            following = []
            for edge in await info.context.store.adjacent(frontier, types):
                if not holds_on(edge.properties, as_of):
                    continue
                edges[(edge.start, edge.type, edge.end)] = edge
                for end in (edge.start, edge.end):
                    if end not in seen:
                        seen.add(end)
                        following.append(end)
            if len(seen) > limit:
                raise UserInputError(
                    f"the neighbourhood of {center.id!r} within depth {depth} has more than {limit} nodes; "
                    "ask for a smaller depth or fewer relationship types",
                    code="NEIGHBORHOOD_TOO_LARGE",
                )
            frontier = following
            if not frontier:
                break
        nodes = await _entities(info, sorted(seen))
        return Neighborhood(
            center=wrap(center), depth=depth, nodes=nodes, edges=[GraphEdge(edge=edges[k]) for k in sorted(edges)]
        )

    @strawberry.field(description="The most central nodes of the graph of `labels` (default: the actors).")
    async def centrality(
        self,
        info: Info,
        measure: CentralityMeasure,
        labels: list[str] | None = None,
        relationship_types: list[str] | None = None,
        first: int = 10,
        as_of: Period | None = None,
    ) -> Centrality:
        check_first(first, info.context.settings.max_page_size)
        wanted, types = _check_labels(info, labels), _check_types(info, relationship_types)
        analytics = info.context.analytics
        projection = await analytics.projection(wanted, types, as_of)
        scores = await analytics.centrality(Measure(measure.value), wanted, types, as_of)
        best = sorted(scores.by_id.items(), key=lambda item: (-item[1], item[0]))[:first]
        nodes = await _entities(info, [node_id for node_id, _ in best])
        return Centrality(
            measure=measure,
            node_count=len(projection.ids),
            edge_count=len(projection.edges),
            exact=scores.exact,
            sample_size=scores.sources,
            scores=[
                CentralityScore(node=node, score=score, rank=rank)
                for rank, (node, (_, score)) in enumerate(zip(nodes, best, strict=True), start=1)
            ],
        )

    @strawberry.field(description="Communities of the graph of `labels` (default: the actors), largest first.")
    async def communities(
        self,
        info: Info,
        labels: list[str] | None = None,
        relationship_types: list[str] | None = None,
        min_size: int = 2,
        first: int = 20,
        as_of: Period | None = None,
    ) -> list[Community]:
        check_first(first, info.context.settings.max_page_size)
        if min_size < 1:
            raise UserInputError("'minSize' must be at least 1")
        wanted, types = _check_labels(info, labels), _check_types(info, relationship_types)
        groups = await info.context.analytics.communities(wanted, types, as_of)
        chosen = [g for g in groups if len(g) >= min_size][:first]
        # Every community's members in one batch: a call per community was one round trip each.
        nodes = await info.context.nodes.load_many([node_id for group in chosen for node_id in group])
        found = {n.id: n for n in nodes if n is not None}
        return [
            Community(index=i, size=len(group), members=[wrap(found[m]) for m in group if m in found])
            for i, group in enumerate(chosen)
        ]
