"""The embedded store's shortest paths (a search from both ends) against a brute-force enumeration on many
small random multigraphs: parallel relationships both ways, self-loops, the length bound, the limit, types."""

from __future__ import annotations

from itertools import pairwise, product

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph_api.model.records import Edge
from graph_api.store.adjacency import GraphDicts, graph_dicts
from graph_api.store.paths import MAX_ENUMERATED_PATHS, path_sort_key, shortest_edge_paths

TYPES = ("A", "B", "C")
# Ids whose order is not the order the nodes are added in, so that the sort is tested, not insertion order.
IDS = ("m", "c", "x", "a", "q", "b", "z", "k")

relationships = st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(TYPES), st.sampled_from(IDS)), max_size=30)


def _graph(size: int, edges: list[tuple[str, str, str]]) -> nx.MultiDiGraph[str]:
    """A graph shaped as the embedded store keeps one: one relationship per (start, type, end)."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in IDS[:size]:
        graph.add_node(node, label="Institution", properties={"id": node})
    for number, (start, rel_type, end) in enumerate(edges):
        if start in graph and end in graph:
            graph.add_edge(start, end, key=rel_type, properties={"n": number})
    return graph


def _brute_force(
    graph: nx.MultiDiGraph[str], start: str, end: str, types: frozenset[str], max_length: int, limit: int
) -> list[list[Edge]]:
    """Every shortest node sequence of the undirected graph over these types, each expanded to every choice
    of one relationship per step, sorted and cut."""
    if start == end:
        return [[]]
    undirected: nx.MultiGraph[str] = nx.MultiGraph()
    undirected.add_nodes_from(graph)
    undirected.add_edges_from((u, v, k) for u, v, k in graph.edges(keys=True) if k in types)
    try:
        sequences = list(nx.all_shortest_paths(undirected, start, end))
    except nx.NetworkXNoPath:
        return []
    if len(sequences[0]) - 1 > max_length:
        return []
    paths: list[list[Edge]] = []
    for nodes in sequences:
        choices = []
        for here, there in pairwise(nodes):
            step = [(here, there, k) for k in graph.succ[here].get(there, {}) if k in types]
            step += [(there, here, k) for k in graph.succ[there].get(here, {}) if k in types]
            choices.append([Edge(k, u, v, graph.edges[u, v, k]["properties"]) for u, v, k in step])
        paths.extend(list(choice) for choice in product(*choices))
    paths.sort(key=lambda p: path_sort_key(start, p))
    return paths[: min(limit, MAX_ENUMERATED_PATHS)]


def _all_pairs_agree(graph: nx.MultiDiGraph[str], types: frozenset[str], max_length: int, limit: int) -> int:
    """Compare every ordered pair of nodes; answer how many pairs had a path."""
    dicts: GraphDicts = graph_dicts(graph)
    joined = 0
    for start, end in product(graph, repeat=2):
        found = shortest_edge_paths(dicts, start, end, types, max_length, limit)
        assert found == _brute_force(graph, start, end, types, max_length, limit), (start, end)
        joined += bool(found)
    return joined


@settings(max_examples=300, deadline=None)
@given(
    size=st.integers(1, len(IDS)),
    edges=relationships,
    types=st.frozensets(st.sampled_from(TYPES)),
    max_length=st.integers(0, 5),
    limit=st.integers(1, 12),
)
def test_the_search_finds_what_brute_force_finds(
    size: int, edges: list[tuple[str, str, str]], types: frozenset[str], max_length: int, limit: int
) -> None:
    _all_pairs_agree(_graph(size, edges), types, max_length, limit)


def test_parallel_relationships_both_ways_and_self_loops_make_the_expected_paths() -> None:
    edges = [("a", "A", "b"), ("b", "A", "a"), ("a", "B", "b"), ("b", "A", "c"), ("c", "C", "c"), ("a", "A", "a")]
    graph = _graph(len(IDS), edges)
    found = shortest_edge_paths(graph_dicts(graph), "a", "c", frozenset(TYPES), 6, 10)
    described = [[(e.type, e.start, e.end) for e in path] for path in found]
    assert described == [
        [("A", "b", "a"), ("A", "b", "c")],
        [("A", "a", "b"), ("A", "b", "c")],
        [("B", "a", "b"), ("A", "b", "c")],
    ]
    assert shortest_edge_paths(graph_dicts(graph), "a", "c", frozenset({"A"}), 6, 2) == found[:2]
    assert shortest_edge_paths(graph_dicts(graph), "a", "c", frozenset({"B"}), 6, 10) == []
    assert shortest_edge_paths(graph_dicts(graph), "a", "c", frozenset(TYPES), 1, 10) == []
    assert shortest_edge_paths(graph_dicts(graph), "a", "a", frozenset(TYPES), 6, 10) == [[]]
    assert shortest_edge_paths(graph_dicts(graph), "a", "nowhere", frozenset(TYPES), 6, 10) == []


def test_a_long_chain_with_branches_agrees_on_every_pair() -> None:
    # A ladder (two chains with rungs) has many shortest paths of many lengths: the meeting layer is wide.
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for i in range(12):
        for side in "lr":
            graph.add_node(f"{side}{i:02}", label="Institution", properties={})
        graph.add_edge(f"l{i:02}", f"r{i:02}", key="A", properties={})
        if i:
            graph.add_edge(f"l{i - 1:02}", f"l{i:02}", key="A", properties={})
            graph.add_edge(f"r{i:02}", f"r{i - 1:02}", key="B", properties={})
    assert _all_pairs_agree(graph, frozenset({"A", "B"}), 30, 50) == 24 * 24
    assert _all_pairs_agree(graph, frozenset({"A"}), 4, 3) > 0
