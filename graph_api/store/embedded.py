"""The embedded store: a networkx MultiDiGraph in memory over a SQLite file (graph_api/store/embedded_file.py).

Reads are answered from the graph in memory. Before each read the store asks SQLite whether anything was
committed since it last looked (`PRAGMA data_version`, microseconds) and, if so, reads only the rows written
since the last write it saw. A write runs in a worker thread under SQLite's write lock, so the event loop keeps
serving reads and two processes on one file serialise their writes; once committed, its rows are applied to
the graph in memory.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import functools
import gc
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from graph_api.model.names import SearchIndex, name_keys_and_cut
from graph_api.model.ontology import Ontology, load_ontology
from graph_api.model.records import AuditEntry, Direction, Edge, GraphBatch, Node, WriteSummary
from graph_api.store.adjacency import graph_dicts
from graph_api.store.embedded_file import Changes, Committed, StoreFile
from graph_api.store.paths import shortest_edge_paths
from graph_api.store.protocol import GraphProjection, GraphStats, NodePage, ProjectedEdge, RankedPage
from graph_api.store.rankings import CountRankings

__all__ = ["EmbeddedStore"]

T = TypeVar("T")

# A write that changes more nodes than this rebuilds the name and label indexes on the next read instead of
# updating them node by node.
_INCREMENTAL_INDEX_LIMIT = 1_000


class EmbeddedStore:
    """A GraphStore over a networkx MultiDiGraph kept in memory and stored in the SQLite file at `path`."""

    def __init__(self, path: Path, ontology: Ontology | None = None) -> None:
        self._path = path
        self._ontology = ontology or load_ontology()
        self._searchable = self._ontology.searchable_properties()
        self._lock = asyncio.Lock()
        self._built: _Indexes | None = None
        self._file = StoreFile(path)
        self._graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        self._dicts = graph_dicts(self._graph)
        self._seq = -1
        self._seen: int | None = None
        with _collector_paused():
            self._apply(self._file.read_all())

    @property
    def kind(self) -> str:
        return "embedded"

    @property
    def location(self) -> str:
        return str(self._path)

    # -- reads -----------------------------------------------------------

    async def get_nodes(self, ids: Sequence[str]) -> list[Node | None]:
        self._refresh()
        return [self._node(i) if i in self._graph else None for i in ids]

    async def lookup(self, key: str, labels: Sequence[str]) -> list[Node]:
        self._refresh()
        _, names = self._indexes()
        wanted = set(labels)
        found = (self._node(i) for i in sorted(names.ids(key)))
        return [n for n in found if n.label in wanted]

    async def search_candidates(self, text: str, labels: Sequence[str], limit: int) -> list[Node]:
        self._refresh()
        _, names = self._indexes()
        wanted = set(labels)
        nodes = self._dicts.nodes
        # By the word index: what this reads grows with what the words match, not with the graph.
        return [self._node(i) for i in names.matching(text.split()) if nodes[i]["label"] in wanted]

    async def name_containing(self, fragment: str, labels: Sequence[str]) -> list[Node]:
        self._refresh()
        built = self._all_indexes()
        wanted, nodes = set(labels), self._dicts.nodes
        found = set(built.names.containing(fragment)) | built.cut
        return [self._node(i) for i in sorted(found) if nodes[i]["label"] in wanted]

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
        self._refresh()
        built, out = self._all_indexes(), direction is Direction.OUT
        members = built.ids_by_label.get(label, [])
        ranking = built.rankings.ranking(
            (label, rel_type, out), lambda: ((i, self._count(i, rel_type, out)) for i in members)
        )
        rows, has_next, has_previous = ranking.page(descending=descending, first=first, after=after)
        return RankedPage(tuple((c, self._node(i)) for c, i in rows), has_next=has_next, has_previous=has_previous)

    def _count(self, node_id: str, rel_type: str, out: bool) -> int:
        """How many relationships of `rel_type` the node has in that direction (as `relations` lists them)."""
        near = (self._dicts.succ if out else self._dicts.pred)[node_id]
        return sum(1 for keyed in near.values() if rel_type in keyed)

    async def page_nodes(
        self,
        label: str,
        *,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> NodePage:
        self._refresh()
        ids = self._indexes()[0].get(label, [])
        if last is not None:
            stop = bisect.bisect_left(ids, before) if before is not None else len(ids)
            start = max(0, stop - last)
            window = ids[start:stop]
            has_previous, has_next = start > 0, stop < len(ids)
        else:
            start = bisect.bisect_right(ids, after) if after is not None else 0
            stop = len(ids) if first is None else start + first
            window = ids[start:stop]
            has_previous, has_next = start > 0, stop < len(ids)
        return NodePage(tuple(self._node(i) for i in window), has_next=has_next, has_previous=has_previous)

    async def count_nodes(self, label: str) -> int:
        self._refresh()
        return len(self._indexes()[0].get(label, []))

    async def relations(self, ids: Sequence[str], rel_type: str, direction: Direction) -> list[list[Edge]]:
        self._refresh()
        succ, pred = self._dicts.succ, self._dicts.pred
        result: list[list[Edge]] = []
        for node_id in ids:
            if node_id not in succ:
                result.append([])
                continue
            if direction is Direction.OUT:
                found = [
                    Edge(rel_type, node_id, other, data["properties"])
                    for other, keyed in succ[node_id].items()
                    if (data := keyed.get(rel_type)) is not None
                ]
                found.sort(key=lambda e: e.end)
            else:
                found = [
                    Edge(rel_type, other, node_id, data["properties"])
                    for other, keyed in pred[node_id].items()
                    if (data := keyed.get(rel_type)) is not None
                ]
                found.sort(key=lambda e: e.start)
            result.append(found)
        return result

    async def related(
        self, ids: Sequence[str], rel_type: str, direction: Direction
    ) -> tuple[list[list[Edge]], dict[str, Node]]:
        edges = await self.relations(ids, rel_type, direction)
        others = {e.end if direction is Direction.OUT else e.start for found in edges for e in found}
        return edges, {i: self._node(i) for i in others}

    async def adjacent(self, ids: Sequence[str], rel_types: Sequence[str]) -> list[Edge]:
        self._refresh()
        graph, types = self._graph, set(rel_types)
        found: dict[tuple[str, str, str], Edge] = {}
        for node_id in ids:
            if node_id not in graph:
                continue
            for _, other, key, data in graph.out_edges(node_id, keys=True, data=True):
                if key in types:
                    found[(node_id, key, other)] = Edge(key, node_id, other, data["properties"])
            for other, _, key, data in graph.in_edges(node_id, keys=True, data=True):
                if key in types:
                    found[(other, key, node_id)] = Edge(key, other, node_id, data["properties"])
        return [found[k] for k in sorted(found)]

    async def shortest_paths(
        self, start: str, end: str, rel_types: Sequence[str], max_length: int, limit: int
    ) -> list[list[Edge]]:
        self._refresh()
        return shortest_edge_paths(self._dicts, start, end, frozenset(rel_types), max_length, limit)

    async def audit_log(self, first: int, before: str | None = None) -> list[AuditEntry]:
        self._refresh()
        return self._file.audit_log(first, before)

    async def version(self) -> str:
        self._refresh()
        return str(self._seq)

    async def stats(self) -> GraphStats:
        self._refresh()
        nodes: dict[str, int] = defaultdict(int)
        edges: dict[str, int] = defaultdict(int)
        for _, data in self._graph.nodes(data=True):
            nodes[data["label"]] += 1
        for _, _, rel_type in self._graph.edges(keys=True):
            edges[rel_type] += 1
        return GraphStats(nodes=dict(sorted(nodes.items())), edges=dict(sorted(edges.items())))

    async def projection(self, labels: Sequence[str], rel_types: Sequence[str]) -> GraphProjection:
        self._refresh()
        graph, wanted, types = self._dicts, set(labels), set(rel_types)
        ids = sorted(node_id for node_id, data in graph.nodes.items() if data["label"] in wanted)
        chosen = set(ids)
        edges = [
            ProjectedEdge(
                rel_type, start, end, data["properties"].get("valid_from"), data["properties"].get("valid_to")
            )
            for start in ids
            for end, keyed in graph.succ[start].items()
            if end in chosen
            for rel_type, data in keyed.items()
            if rel_type in types
        ]
        edges.sort(key=lambda e: (e.start, e.type, e.end))
        return GraphProjection(tuple(ids), tuple(edges))

    async def export(self) -> dict[str, Any]:
        self._refresh()
        return _node_link(self._graph)

    async def ping(self) -> None:
        self._file.ping()
        self._refresh()

    async def close(self) -> None:
        async with self._lock:
            self._file.close()

    # -- writes ----------------------------------------------------------

    async def clear(self) -> None:
        """Delete every node, relationship and audit entry (as Neo4jStore.clear does)."""
        await self._under_lock(self._file.clear)

    async def migrate(self) -> None:
        """Make the file a store of this version: its tables if it has none, a first-format (JSON) file
        converted. Opening a store does this lazily, on the first write; this does it now."""
        await self._under_lock(self._file.migrate)

    async def write(self, batch: GraphBatch) -> WriteSummary:
        self._refresh()
        return (await self._under_lock(lambda: self._file.commit(batch))).summary

    async def _under_lock(self, work: Callable[[], T]) -> T:
        """Run `work` on the file in a worker thread, one at a time, then catch up with what it (and anyone
        else) committed. A caller cancelled meanwhile leaves it to finish: the thread cannot be stopped, and
        the next write must not start on the same connection before it ends."""

        async def run() -> T:
            async with self._lock:
                try:
                    done = await asyncio.to_thread(work)
                except BaseException:
                    self._refresh(force=True)
                    raise
                if isinstance(done, Committed) and done.found_seq == self._seq:
                    # Nothing else was committed in between: what this write changed is all there is to apply.
                    self._apply(done.changes)
                else:
                    self._refresh(force=True)
                return done

        task = asyncio.ensure_future(run())
        task.add_done_callback(_retrieved)
        return await asyncio.shield(task)

    # -- catching up -----------------------------------------------------

    def _refresh(self, *, force: bool = False) -> None:
        """Apply what other writers committed since the last look."""
        version = self._file.check()
        if version is None or (version == self._seen and not force):
            return
        changes = self._file.read_since(self._seq)
        if changes.seq != self._seq or changes.whole:
            self._apply(changes)
        # Only once applied: a read that failed is tried again on the next look.
        self._seen = version

    def _apply(self, changes: Changes) -> None:
        if changes.whole:
            self._graph, self._built = nx.MultiDiGraph(), None
            self._dicts = graph_dicts(self._graph)
        graph = self._graph
        node_data, succ = self._dicts.nodes, self._dicts.succ
        built = self._built if len(changes.nodes) <= _INCREMENTAL_INDEX_LIMIT else None
        self._built = built
        for node_id, label, props in changes.nodes:
            old = node_data.get(node_id)
            relabelled = old is None or old["label"] != label
            if built is not None and old is not None:
                built.remove(node_id, old["label"], ranked=relabelled)
            if old is None:
                graph.add_node(node_id, label=label, properties=props)
            else:
                old.update(label=label, properties=props)
            if built is not None:
                bisect.insort(built.ids_by_label.setdefault(label, []), node_id)
                built.add_names(node_id, props, self._searchable)
                if relabelled:
                    built.rankings.node_added(node_id, label, functools.partial(self._count, node_id))
        for source, rel_type, target, props in changes.edges:
            keyed = succ[source].get(target)
            if keyed is not None and rel_type in keyed:
                keyed[rel_type]["properties"] = props
            else:
                graph.add_edge(source, target, key=rel_type, properties=props)
                if built is not None:
                    built.rankings.edge_changed(rel_type, self._ends(source), self._ends(target), +1)
        for source, rel_type, target in changes.removed:
            if graph.has_edge(source, target, key=rel_type):
                graph.remove_edge(source, target, key=rel_type)
                if built is not None:
                    built.rankings.edge_changed(rel_type, self._ends(source), self._ends(target), -1)
        self._seq = changes.seq

    def _ends(self, node_id: str) -> tuple[str, str]:
        return node_id, self._dicts.nodes[node_id]["label"]

    # -- indexes ---------------------------------------------------------

    def _invalidate(self) -> None:
        self._built = None

    def _indexes(self) -> tuple[dict[str, list[str]], SearchIndex]:
        built = self._all_indexes()
        return built.ids_by_label, built.names

    def _all_indexes(self) -> _Indexes:
        if self._built is None:
            built = _Indexes({}, SearchIndex())
            for node_id, data in self._graph.nodes(data=True):
                built.ids_by_label.setdefault(data["label"], []).append(node_id)
                built.add_names(node_id, data["properties"], self._searchable)
            for ids in built.ids_by_label.values():
                ids.sort()
            self._built = built
        return self._built

    def _node(self, node_id: str) -> Node:
        data = self._dicts.nodes[node_id]
        return Node(node_id, data["label"], data["properties"])


@dataclass(slots=True)
class _Indexes:
    """Node ids by label (sorted), the nodes by their normalised names (`name_keys`) and the ids of those
    whose keys were cut (`name_keys_cut`), and the count rankings asked for so far."""

    ids_by_label: dict[str, list[str]]
    names: SearchIndex
    cut: set[str] = field(default_factory=set)
    rankings: CountRankings = field(default_factory=CountRankings)

    def add_names(self, node_id: str, properties: Mapping[str, Any], searchable: Sequence[str]) -> None:
        keys, cut = name_keys_and_cut(properties, searchable)
        self.names.add(node_id, keys)
        if cut:
            self.cut.add(node_id)

    def remove(self, node_id: str, label: str, *, ranked: bool) -> None:
        """Take the node out of the indexes of `label` (of its rankings too if `ranked`)."""
        ids = self.ids_by_label.get(label, [])
        at = bisect.bisect_left(ids, node_id)
        if at < len(ids) and ids[at] == node_id:
            del ids[at]
        self.names.remove(node_id)
        self.cut.discard(node_id)
        if ranked:
            self.rankings.node_removed(node_id, label)


def _retrieved(task: asyncio.Future[Any]) -> None:
    """Take a shielded task's outcome, so that one whose caller was cancelled logs no 'never retrieved'."""
    if not task.cancelled():
        task.exception()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a graph is built.

    Building a graph allocates millions of objects that all stay alive, and the collector's full passes over
    a heap that keeps growing made large loads slow more than in proportion: two thirds of a 10^6-relationship
    write (measured: 19 s with the collector, 7 s without). Nothing made meanwhile is garbage, so nothing is
    missed; the collector is back on as before when the block ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _node_link(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    nodes = []
    node_data = graph_dicts(graph).nodes
    for node_id in sorted(node_data):
        data = node_data[node_id]
        props = {k: v for k, v in data["properties"].items() if k != "id"}
        nodes.append({"id": node_id, "label": data["label"], **props})
    edges = [
        {"source": u, "target": v, "type": key, **data["properties"]}
        for u, v, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))
    ]
    return {
        "directed": True,
        "multigraph": True,
        "graph": {"format": "migragraph-embedded", "version": 1},
        "nodes": nodes,
        "edges": edges,
    }
