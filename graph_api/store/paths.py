"""Shortest paths over the embedded store's graph, walked without regard to direction, and their order."""

from __future__ import annotations

from collections.abc import Iterator

from graph_api.model.records import Edge
from graph_api.store.adjacency import GraphDicts

__all__ = ["MAX_ENUMERATED_PATHS", "path_sort_key", "shortest_edge_paths"]

# How many shortest paths a store enumerates, at most, before it sorts them and answers the first `limit`: two
# hubs joined through many parallel middles have more shortest paths than anyone could read. Both stores apply
# it; the API's own cap on `limit` is far lower (graph_api/graphql/queries/research.py).
MAX_ENUMERATED_PATHS = 10_000


def path_sort_key(start: str, path: list[Edge]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[bool, ...]]:
    """Order paths by the ids along them, then relationship types, then directions."""
    nodes, types, forward = [start], [], []
    for edge in path:
        here = nodes[-1]
        is_forward = edge.start == here
        nodes.append(edge.end if is_forward else edge.start)
        types.append(edge.type)
        forward.append(is_forward)
    return tuple(nodes), tuple(types), tuple(forward)


def _neighbours(graph: GraphDicts, node: str, types: frozenset[str]) -> Iterator[tuple[str, str, str, str]]:
    """(other end, relationship type, start, end) of the node's relationships of these types, either way."""
    for other, keyed in graph.succ[node].items():
        for key in keyed:
            if key in types:
                yield other, key, node, other
    for other, keyed in graph.pred[node].items():
        for key in keyed:
            if key in types:
                yield other, key, other, node


def shortest_edge_paths(
    graph: GraphDicts, start: str, end: str, types: frozenset[str], max_length: int, limit: int
) -> list[list[Edge]]:
    """The first `limit` shortest paths from `start` to `end` as edge lists (parallel edges make distinct
    paths), in path_sort_key order among the first MAX_ENUMERATED_PATHS found."""
    if start not in graph.nodes or end not in graph.nodes:
        return []
    if start == end:
        return [[]]
    # Breadth-first from start, layer by layer, remembering every edge into a node from the layer before.
    depth = {start: 0}
    into: dict[str, list[tuple[str, Edge]]] = {}
    frontier = [start]
    level = 0
    while frontier and end not in depth and level < max_length:
        level += 1
        following: list[str] = []
        succ = graph.succ
        for node in frontier:
            for other, key, edge_start, edge_end in _neighbours(graph, node, types):
                if other not in depth:
                    depth[other] = level
                    following.append(other)
                if depth[other] == level:
                    properties = succ[edge_start][edge_end][key]["properties"]
                    into.setdefault(other, []).append((node, Edge(key, edge_start, edge_end, properties)))
        frontier = following
    if end not in depth:
        return []
    paths: list[list[Edge]] = []

    def walk_back(node: str, suffix: list[Edge]) -> None:
        if len(paths) >= MAX_ENUMERATED_PATHS:
            return
        if node == start:
            paths.append(list(reversed(suffix)))
            return
        for previous, edge in into[node]:
            walk_back(previous, [*suffix, edge])

    walk_back(end, [])
    paths.sort(key=lambda p: path_sort_key(start, p))
    return paths[:limit]
