"""The embedded store: a networkx MultiDiGraph persisted to one JSON file.

The file is replaced atomically on every write (written beside it, flushed to
disk, then renamed over it), so a crash mid-save leaves the previous version.
Another process's write is picked up on the next read.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import dataclasses
import gc
import os
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from .errors import StoreError, StoreFileError
from .ontology import Ontology, load_ontology
from .paths import shortest_edge_paths
from .records import AuditEntry, Direction, Edge, GraphBatch, Node, WriteSummary
from .search import name_keys
from .store import GraphStats, NodePage

__all__ = ["EmbeddedStore"]

FILE_FORMAT = "migragraph-embedded"
FILE_VERSION = 1


class EmbeddedStore:
    """A GraphStore over a networkx MultiDiGraph kept in memory and saved to `path`."""

    def __init__(self, path: Path, ontology: Ontology | None = None) -> None:
        self._path = path
        self._ontology = ontology or load_ontology()
        self._searchable = self._ontology.searchable_properties()
        self._graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        self._file_stamp: tuple[int, int] | None = None
        self._lock = asyncio.Lock()
        self._ids_by_label: dict[str, list[str]] | None = None
        self._keys_by_node: dict[str, list[str]] | None = None
        self._nodes_by_key: dict[str, set[str]] | None = None
        self._writes = 0
        self._audit: list[AuditEntry] = []
        self._refresh()

    @property
    def kind(self) -> str:
        return "embedded"

    @property
    def location(self) -> str:
        return str(self._path)

    @property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The live graph (for analytics); do not mutate it."""
        self._refresh()
        return self._graph

    # -- reads -----------------------------------------------------------

    async def get_nodes(self, ids: Sequence[str]) -> list[Node | None]:
        self._refresh()
        return [self._node(i) if i in self._graph else None for i in ids]

    async def lookup(self, key: str, labels: Sequence[str]) -> list[Node]:
        self._refresh()
        _, _, nodes_by_key = self._indexes()
        wanted = set(labels)
        found = (self._node(i) for i in sorted(nodes_by_key.get(key, ())))
        return [n for n in found if n.label in wanted]

    async def search_candidates(self, text: str, labels: Sequence[str], limit: int) -> list[Node]:
        self._refresh()
        _, keys_by_node, _ = self._indexes()
        words = text.split()
        wanted = set(labels)
        found = []
        for node_id, keys in keys_by_node.items():
            if self._graph.nodes[node_id]["label"] not in wanted:
                continue
            if any(all(any(kw.startswith(w) for kw in key.split()) for w in words) for key in keys):
                found.append(self._node(node_id))
        return found

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
        # networkx's adjacency views cost a Python call per lookup; the dicts under them do not.
        succ: dict[str, dict[str, dict[str, Any]]] = self._graph._succ  # type: ignore[attr-defined]
        pred: dict[str, dict[str, dict[str, Any]]] = self._graph._pred  # type: ignore[attr-defined]
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
        return shortest_edge_paths(self._graph, start, end, frozenset(rel_types), max_length, limit)

    async def audit_log(self, first: int, before: str | None = None) -> list[AuditEntry]:
        self._refresh()
        newest_first = sorted(self._audit, key=lambda e: e.id, reverse=True)
        return [e for e in newest_first if before is None or e.id < before][:first]

    async def version(self) -> str:
        self._refresh()
        return f"{self._file_stamp}:{self._writes}"

    async def stats(self) -> GraphStats:
        self._refresh()
        nodes: dict[str, int] = defaultdict(int)
        edges: dict[str, int] = defaultdict(int)
        for _, data in self._graph.nodes(data=True):
            nodes[data["label"]] += 1
        for _, _, rel_type in self._graph.edges(keys=True):
            edges[rel_type] += 1
        return GraphStats(nodes=dict(sorted(nodes.items())), edges=dict(sorted(edges.items())))

    async def export(self) -> dict[str, Any]:
        self._refresh()
        return _node_link(self._graph)

    async def ping(self) -> None:
        self._refresh()

    async def close(self) -> None:
        return None

    # -- writes ----------------------------------------------------------

    async def write(self, batch: GraphBatch) -> WriteSummary:
        async with self._lock:
            self._refresh()
            undo: list[tuple[str, Any, Any]] = []
            try:
                with _collector_paused():
                    summary = self._apply(batch, undo)
                    if summary.changed or batch.audit:
                        self._save()
            except BaseException:
                self._revert(undo)
                raise
            finally:
                self._invalidate()
                self._writes += 1
            return summary

    def _apply(self, batch: GraphBatch, undo: list[tuple[str, Any, Any]]) -> WriteSummary:
        graph = self._graph
        # networkx's views cost a Python call per lookup; the dicts under them do not.
        node_data: dict[str, dict[str, Any]] = graph._node  # type: ignore[attr-defined]
        succ: dict[str, dict[str, dict[str, Any]]] = graph._succ  # type: ignore[attr-defined]
        created = updated = edges_created = edges_updated = 0
        for node in batch.nodes:
            props = dict(node.properties)
            old = node_data.get(node.id)
            if old is None:
                undo.append(("node-added", node.id, None))
                graph.add_node(node.id, label=node.label, properties=props)
                created += 1
            else:
                if old["label"] != node.label or old["properties"] != props:
                    undo.append(("node-changed", node.id, dict(old)))
                    old.update(label=node.label, properties=props)
                    updated += 1
        missing = {e.type for e in batch.edges if e.start not in node_data or e.end not in node_data}
        if missing:
            raise StoreError(f"{', '.join(sorted(missing))} relationship(s) refer to nodes that do not exist")
        for edge in batch.edges:
            props = dict(edge.properties)
            keyed = succ[edge.start].get(edge.end, {})
            if edge.type not in keyed:
                undo.append(("edge-added", (edge.start, edge.end, edge.type), None))
                graph.add_edge(edge.start, edge.end, key=edge.type, properties=props)
                edges_created += 1
            elif keyed[edge.type]["properties"] != props:
                undo.append(("edge-changed", (edge.start, edge.end, edge.type), keyed[edge.type]["properties"]))
                keyed[edge.type]["properties"] = props
                edges_updated += 1
        removed = 0
        for edge in batch.remove_edges:
            keyed = succ.get(edge.start, {}).get(edge.end, {})
            if edge.type in keyed:
                undo.append(("edge-removed", (edge.start, edge.end, edge.type), keyed[edge.type]["properties"]))
                graph.remove_edge(edge.start, edge.end, key=edge.type)
                removed += 1
        if batch.audit:
            undo.append(("audit-added", len(batch.audit), None))
            self._audit.extend(batch.audit)
        return WriteSummary(created, updated, edges_created, edges_updated, removed)

    def _revert(self, undo: list[tuple[str, Any, Any]]) -> None:
        graph = self._graph
        for action, key, old in reversed(undo):
            if action == "node-added":
                graph.remove_node(key)
            elif action == "node-changed":
                graph.nodes[key].clear()
                graph.nodes[key].update(old)
            elif action == "edge-added":
                graph.remove_edge(*key)
            elif action == "edge-removed":
                start, end, rel_type = key
                graph.add_edge(start, end, key=rel_type, properties=old)
            elif action == "audit-added":
                del self._audit[-key:]
            else:
                start, end, rel_type = key
                graph.succ[start][end][rel_type]["properties"] = old

    # -- persistence -----------------------------------------------------

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = self._path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _refresh(self) -> None:
        """Re-read the file if another process replaced it since we last saw it."""
        stamp = self._stamp()
        if stamp == self._file_stamp:
            return
        if stamp is None:
            self._graph, self._audit = nx.MultiDiGraph(), []
        else:
            with _collector_paused():
                self._graph, self._audit = self._read()
        self._file_stamp = stamp
        self._invalidate()

    def _read(self) -> tuple[nx.MultiDiGraph[str], list[AuditEntry]]:
        try:
            data = orjson.loads(self._path.read_bytes())
        except (OSError, ValueError) as err:
            raise StoreFileError(f"cannot read the embedded store {self._path}: {err}") from err
        if not isinstance(data, dict) or data.get("graph", {}).get("format") != FILE_FORMAT:
            raise StoreFileError(f"{self._path} is not a migragraph embedded store file")
        if data["graph"].get("version") != FILE_VERSION:
            raise StoreFileError(
                f"{self._path} has file version {data['graph'].get('version')}; expected {FILE_VERSION}"
            )
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        # The parsed objects become the properties themselves (what is left once the keys that are not
        # properties are popped): a copy would hold the whole file twice in memory while the graph is built.
        # Ids and the strings in lists (sources, places) repeat across the file; the parser makes a new string
        # for each occurrence, and interning keeps one (at 10^6 relationships, hundreds of MB).
        intern = sys.intern
        for item in data["nodes"]:
            label = item.pop("label")
            item["id"] = node_id = intern(item["id"])
            graph.add_node(node_id, label=intern(label), properties=_interned(item))
        for item in data["edges"]:
            source, target, rel_type = intern(item.pop("source")), intern(item.pop("target")), intern(item.pop("type"))
            graph.add_edge(source, target, key=rel_type, properties=_interned(item))
        return graph, [AuditEntry(**entry) for entry in data.get("audit", [])]

    def _save(self) -> None:
        data = {**_node_link(self._graph), "audit": [dataclasses.asdict(e) for e in self._audit]}
        directory = self._path.parent
        tmp = directory / f".{self._path.name}.{os.getpid()}.tmp"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            # One orjson call: json.dump to a file runs the pure-Python encoder (most of a bulk load's time).
            encoded = orjson.dumps(data)
            with tmp.open("wb") as handle:
                handle.write(encoded)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self._path)
            dir_fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError as err:
            tmp.unlink(missing_ok=True)
            raise StoreFileError(f"cannot save the embedded store to {self._path}: {err}") from err
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        self._file_stamp = self._stamp()

    # -- indexes ---------------------------------------------------------

    def _invalidate(self) -> None:
        self._ids_by_label = self._keys_by_node = self._nodes_by_key = None

    def _indexes(self) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, set[str]]]:
        if self._ids_by_label is None or self._keys_by_node is None or self._nodes_by_key is None:
            by_label: dict[str, list[str]] = defaultdict(list)
            keys_by_node: dict[str, list[str]] = {}
            nodes_by_key: dict[str, set[str]] = defaultdict(set)
            for node_id, data in self._graph.nodes(data=True):
                by_label[data["label"]].append(node_id)
                keys = name_keys(data["properties"], self._searchable)
                keys_by_node[node_id] = keys
                for key in keys:
                    nodes_by_key[key].add(node_id)
            for ids in by_label.values():
                ids.sort()
            self._ids_by_label, self._keys_by_node, self._nodes_by_key = (
                dict(by_label),
                keys_by_node,
                dict(nodes_by_key),
            )
        return self._ids_by_label, self._keys_by_node, self._nodes_by_key

    def _node(self, node_id: str) -> Node:
        data = self._graph._node[node_id]  # type: ignore[attr-defined]
        return Node(node_id, data["label"], data["properties"])


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a graph is built or saved.

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


def _interned(properties: dict[str, Any]) -> dict[str, Any]:
    for key, value in properties.items():
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            properties[key] = [sys.intern(v) for v in value]
    return properties


def _node_link(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    nodes = []
    node_data = graph._node  # type: ignore[attr-defined]
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
        "graph": {"format": FILE_FORMAT, "version": FILE_VERSION},
        "nodes": nodes,
        "edges": edges,
    }
