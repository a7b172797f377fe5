"""The dicts under the embedded store's networkx MultiDiGraph: the one place that reads networkx's internals.

networkx's public views (`G.nodes`, `G.succ`, `G.pred`) wrap every lookup in a view object. On the store's hot
paths (relationships for a GraphQL batch, path search, applying a write) that cost dominated: a loop over the
successors of 1,000 nodes took 2.8 ms through `G.succ` and 0.15 ms through the dict under it, a node's data
0.11 ms against 0.03 ms per 1,000 (networkx 3.6). The dicts are networkx's documented data structure (a node's
attribute dict, and `succ[u][v][key]` the attribute dict of the edge u→v with that key); this module hands
them out typed, and only the embedded store's modules use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

__all__ = ["GraphDicts", "graph_dicts"]

# A relationship's attribute dict by relationship type (the MultiDiGraph's key), by the node at its other end.
Keyed = dict[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class GraphDicts:
    """A graph's node attribute dicts by id, and its relationships out of and into each node.

    Read them; change a graph through networkx (`add_node`, `add_edge`, `remove_edge`) or by updating an
    attribute dict in place, as networkx allows through its views too."""

    nodes: dict[str, dict[str, Any]]
    succ: dict[str, dict[str, Keyed]]
    pred: dict[str, dict[str, Keyed]]


def graph_dicts(graph: nx.MultiDiGraph[str]) -> GraphDicts:
    """The dicts under `graph` (the same objects, not copies: they follow its changes)."""
    return GraphDicts(graph._node, graph._succ, graph._pred)  # type: ignore[attr-defined]
