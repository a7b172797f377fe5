"""Shortest paths over the embedded store's graph, walked without regard to direction, and their order.

The search is breadth-first from both ends at once, a whole level at a time on the side with less to expand,
until the two sides meet: its work is about two balls of half the path's length around the ends, where a search
from one end alone covers the ball of the whole length (at 10^5 actors, with hubs a few steps away, that ball is
most of the graph). The paths are then read off in path_sort_key order, so the first `limit` are found without
enumerating the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise, product

from graph_api.model.records import Edge
from graph_api.store.adjacency import GraphDicts

__all__ = ["MAX_ENUMERATED_PATHS", "path_sort_key", "shortest_edge_paths"]

# How many shortest paths a store enumerates, at most, before it sorts them and answers the first `limit`: two
# hubs joined through many parallel middles have more shortest paths than anyone could read. Both stores apply
# it; the API's own cap on `limit` is far lower (graph_api/graphql/queries/research.py).
MAX_ENUMERATED_PATHS = 10_000

# One relationship between a node and its neighbour: (type, whether it points from the node to the neighbour).
Step = tuple[str, bool]
# For each node reached, the nodes one level nearer the side's end, with the relationships to each (type, and
# whether it points from that nearer node to this one).
Parents = dict[str, dict[str, list[Step]]]


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


class _Side:
    """One end's breadth-first search: the distance of every node it reached, its last level, and parents."""

    __slots__ = ("depth", "frontier", "level", "parents")

    def __init__(self, end: str) -> None:
        self.depth = {end: 0}
        self.frontier = [end]
        self.level = 0
        self.parents: Parents = {}

    def work(self, graph: GraphDicts) -> int:
        """What expanding the frontier would touch: the relationships of its nodes, of any type."""
        succ, pred = graph.succ, graph.pred
        return sum(len(succ[node]) + len(pred[node]) for node in self.frontier)

    def expand(self, graph: GraphDicts, types: frozenset[str], other: dict[str, int]) -> list[str]:
        """Reach the next level; answer the nodes of it that the other side has reached already."""
        self.level += 1
        level, depth, parents = self.level, self.depth, self.parents
        following: list[str] = []
        met: list[str] = []
        for node in self.frontier:
            for neighbours, forward in ((graph.succ[node], True), (graph.pred[node], False)):
                for other_node, keyed in neighbours.items():
                    seen = depth.get(other_node)
                    if seen is None:
                        steps = [(key, forward) for key in keyed if key in types]
                        if not steps:
                            continue
                        depth[other_node] = level
                        following.append(other_node)
                        parents[other_node] = {node: steps}
                        if other_node in other:
                            met.append(other_node)
                    elif seen == level:
                        steps = [(key, forward) for key in keyed if key in types]
                        if steps:
                            parents[other_node].setdefault(node, []).extend(steps)
        self.frontier = following
        return met


def shortest_edge_paths(
    graph: GraphDicts, start: str, end: str, types: frozenset[str], max_length: int, limit: int
) -> list[list[Edge]]:
    """The first `limit` shortest paths from `start` to `end` as edge lists (parallel edges make distinct
    paths), in path_sort_key order, and at most MAX_ENUMERATED_PATHS of them."""
    if start not in graph.nodes or end not in graph.nodes:
        return []
    if start == end:
        return [[]]
    ahead, behind = _Side(start), _Side(end)
    met: list[str] = []
    while not met and ahead.frontier and behind.frontier and ahead.level + behind.level < max_length:
        if ahead.work(graph) <= behind.work(graph):
            met = ahead.expand(graph, types, behind.depth)
        else:
            met = behind.expand(graph, types, ahead.depth)
    if not met:
        return []
    toward_end = _TowardEnd(ahead, behind, met)
    paths: list[list[Edge]] = []
    wanted = min(limit, MAX_ENUMERATED_PATHS)
    if wanted <= 0:
        return paths
    for nodes in _node_sequences(start, end, toward_end):
        for path in _edge_choices(graph, nodes, toward_end):
            paths.append(path)
            if len(paths) == wanted:
                return paths
    return paths


class _TowardEnd:
    """The next nodes toward the end, and the relationships to them, of every node on a shortest path.

    The end's side points every node it reached toward the end already. The start's side points toward the
    start, so its parents are turned round, from the meeting nodes back, keeping only the nodes from which one
    is reached. Until they met the two sides had reached no node in common, so each node is on one side."""

    __slots__ = ("behind", "turned")

    def __init__(self, ahead: _Side, behind: _Side, met: list[str]) -> None:
        self.behind = behind.parents
        self.turned: Parents = {}
        layer = met
        while layer:
            before: set[str] = set()
            for node in layer:
                for parent, steps in ahead.parents.get(node, {}).items():
                    self.turned.setdefault(parent, {})[node] = steps
                    before.add(parent)
            layer = list(before)

    def of(self, node: str) -> dict[str, list[Step]]:
        """The node's next nodes toward the end, each with (type, whether the relationship points that way)."""
        turned = self.turned.get(node)
        if turned is None:
            parents = self.behind[node].items()
            turned = self.turned[node] = {parent: [(key, not forward) for key, forward in s] for parent, s in parents}
        return turned


def _node_sequences(start: str, end: str, toward_end: _TowardEnd) -> Iterator[list[str]]:
    """The shortest paths' node sequences, in the order of the ids along them."""
    nodes = [start]

    def walk(node: str) -> Iterator[list[str]]:
        if node == end:
            yield list(nodes)
            return
        following = toward_end.of(node)
        for successor in sorted(following):
            nodes.append(successor)
            yield from walk(successor)
            nodes.pop()

    yield from walk(start)


def _edge_choices(graph: GraphDicts, nodes: list[str], toward_end: _TowardEnd) -> Iterator[list[Edge]]:
    """Every path along these nodes (one relationship chosen per step), ordered by types, then directions."""
    steps: list[dict[str, list[Edge]]] = []
    for here, there in pairwise(nodes):
        by_type: dict[str, list[Edge]] = {}
        for key, forward in sorted(toward_end.of(here)[there]):
            source, target = (here, there) if forward else (there, here)
            by_type.setdefault(key, []).append(Edge(key, source, target, graph.succ[source][target][key]["properties"]))
        steps.append(by_type)
    for types in product(*(sorted(by_type) for by_type in steps)):
        for edges in product(*(by_type[key] for by_type, key in zip(steps, types, strict=True))):
            yield list(edges)
