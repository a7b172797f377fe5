"""The floors: the same answers computed directly, with no GraphQL, through the Neo4j driver or networkx.

`Neo4jFloors` asks the database one hand-written Cypher query per workload; `NetworkxFloors` answers from a
networkx copy of the embedded store's graph (read once, untimed, through the store's export).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

import networkx as nx
from neo4j import AsyncDriver

from graph_api.model.names import name_keys
from graph_api.model.records import GraphBatch
from graph_api.store.protocol import GraphStore

__all__ = ["Floors", "Neo4jFloors", "NetworkxFloors", "bulk_neo4j", "bulk_networkx"]

NESTED_CYPHER = """
MATCH (b:CoordinationBody) WITH b ORDER BY b.id LIMIT $first
RETURN b.id AS id, b.name AS name,
  COLLECT { MATCH (m:Institution)-[:MEMBER_OF]->(b) WITH m ORDER BY m.id
            RETURN m {.id, .name, covers: COLLECT { MATCH (m)-[:COVERS]->(x:MigrantNeed) WITH x ORDER BY x.id
                                                     RETURN x {.id, .name} }} } AS members
ORDER BY id
"""

SEARCH_CYPHER = """
CALL db.index.fulltext.queryNodes('entity_names', $query, {limit: $limit}) YIELD node, score
RETURN node.id AS id, node.name AS name
"""

PATH_CYPHER = """
MATCH (a:Entity {id: $start}), (b:Entity {id: $end})
MATCH p = shortestPath((a)-[*..6]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types)
RETURN length(p) AS length
"""


def nested_json(bodies: list[dict[str, Any]]) -> bytes:
    """Bodies → members → needs, in the GraphQL response's shape, as JSON bytes."""
    edges = [
        {
            "node": {
                "id": b["id"],
                "name": b["name"],
                "members": [
                    {
                        "node": {
                            "id": m["id"],
                            "name": m["name"],
                            "covers": [{"node": {"id": x["id"], "name": x["name"]}} for x in m["covers"]],
                        }
                    }
                    for m in b["members"]
                ],
            }
        }
        for b in bodies
    ]
    return json.dumps({"data": {"coordinationBodies": {"edges": edges}}}).encode()


async def nested_neo4j(driver: AsyncDriver, first: int) -> bytes:
    records, _, _ = await driver.execute_query(NESTED_CYPHER, first=first, database_="neo4j")
    return nested_json([r.data() for r in records])


def nested_networkx(graph: nx.MultiDiGraph[str], body_ids: Sequence[str]) -> bytes:
    """The same traversal over a networkx graph of the embedded store's data (body ids given)."""
    nodes = graph.nodes
    bodies = []
    for b in body_ids:
        members = []
        for m in sorted(u for u, keyed in graph.pred[b].items() if "MEMBER_OF" in keyed):
            needs = sorted(v for v, keyed in graph.succ[m].items() if "COVERS" in keyed)
            covers = [{"id": v, "name": nodes[v]["properties"]["name"]} for v in needs]
            members.append({"id": m, "name": nodes[m]["properties"]["name"], "covers": covers})
        bodies.append({"id": b, "name": nodes[b]["properties"]["name"], "members": members})
    return nested_json(bodies)


async def search_neo4j(driver: AsyncDriver, words: Sequence[str], limit: int) -> bytes:
    query = " ".join(f"+_search:{w}*" for w in words)
    records, _, _ = await driver.execute_query(SEARCH_CYPHER, query=query, limit=limit, database_="neo4j")
    return json.dumps([r.data() for r in records]).encode()


@dataclass(frozen=True)
class WordIndex:
    """A plain inverted index of name words (word → node ids, the words sorted), built once, untimed: the
    floor of an indexed search. Written here apart from the store's own (graph_api.model.names.SearchIndex),
    as a floor should be."""

    words: list[str]
    ids_by_word: Mapping[str, frozenset[str]]
    keys_by_node: Mapping[str, list[str]]

    @classmethod
    def of(cls, keys_by_node: Mapping[str, list[str]]) -> WordIndex:
        by_word: dict[str, set[str]] = {}
        for node_id, keys in keys_by_node.items():
            for key in keys:
                for word in key.split():
                    by_word.setdefault(word, set()).add(node_id)
        return cls(sorted(by_word), {w: frozenset(ids) for w, ids in by_word.items()}, keys_by_node)

    def starting(self, prefix: str) -> set[str]:
        found: set[str] = set()
        for word in self.words[bisect.bisect_left(self.words, prefix) :]:
            if not word.startswith(prefix):
                break
            found |= self.ids_by_word[word]
        return found


def search_names(graph: nx.MultiDiGraph[str], index: WordIndex, words: Sequence[str], limit: int) -> bytes:
    """An indexed word-prefix search: the ids every word's prefix range holds, checked name by name."""
    candidates = set.intersection(*(index.starting(w) for w in words)) if words else set()
    found = []
    for node_id in sorted(candidates):
        keys = index.keys_by_node[node_id]
        if any(all(any(kw.startswith(w) for kw in key.split()) for w in words) for key in keys):
            found.append({"id": node_id, "name": graph.nodes[node_id]["properties"].get("name")})
            if len(found) >= limit:
                break
    return json.dumps(found).encode()


async def path_neo4j(driver: AsyncDriver, start: str, end: str, types: Sequence[str]) -> int:
    records, _, _ = await driver.execute_query(PATH_CYPHER, start=start, end=end, types=list(types), database_="neo4j")
    return int(records[0]["length"]) if records else -1


def path_networkx(graph: nx.MultiDiGraph[str], start: str, end: str, types: Sequence[str]) -> int:
    """One shortest path over the graph, restricted to `types`, ignoring direction (a view, no copy)."""
    wanted = frozenset(types)
    view = nx.subgraph_view(graph, filter_edge=lambda u, v, k: str(k) in wanted)
    return len(nx.shortest_path(view.to_undirected(as_view=True), start, end)) - 1


COVERAGE_CYPHER = """
MATCH (a:Entity)-[c:COVERS]->(n:MigrantNeed)
WHERE size(coalesce(c.places, [])) = 0 OR $place IN c.places
RETURN a.id AS actor, count(DISTINCT n) AS covered
ORDER BY actor
"""


async def coverage_neo4j(driver: AsyncDriver, place: str) -> bytes:
    records, _, _ = await driver.execute_query(COVERAGE_CYPHER, place=place, database_="neo4j")
    return json.dumps([{"actor": r["actor"], "covered": r["covered"]} for r in records]).encode()


def coverage_networkx(graph: nx.MultiDiGraph[str], place: str) -> bytes:
    """Actors covering each need in `place` (or with no place), counted in one pass over the needs' in-edges."""
    covered: dict[str, int] = {}
    for need, data in graph.nodes(data=True):
        if data["label"] != "MigrantNeed":
            continue
        for actor, keyed in graph.pred[need].items():
            rel = keyed.get("COVERS")
            if rel is not None:
                places = rel["properties"].get("places") or []
                if not places or place in places:
                    covered[actor] = covered.get(actor, 0) + 1
    return json.dumps([{"actor": a, "covered": covered[a]} for a in sorted(covered)]).encode()


# -- the floors of each store ----------------------------------------------------


class Floors(Protocol):
    """The query workloads' answers computed directly on one store's data."""

    names: ClassVar[Mapping[str, str]]  # workload → how its floor computes the answer, for the results

    async def nested(self, first: int, body_ids: Sequence[str]) -> bytes: ...

    async def search(self, words: Sequence[str], limit: int) -> bytes: ...

    async def coverage(self, place: str) -> bytes: ...

    async def path(self, start: str, end: str, types: Sequence[str]) -> int: ...


@dataclass(frozen=True)
class Neo4jFloors:
    driver: AsyncDriver
    names: ClassVar[Mapping[str, str]] = {
        "nested": "one Cypher query + json",
        "search": "full-text index query",
        "coverage": "one Cypher aggregation + json",
        "path": "Cypher shortestPath",
    }

    async def nested(self, first: int, body_ids: Sequence[str]) -> bytes:
        return await nested_neo4j(self.driver, first)

    async def search(self, words: Sequence[str], limit: int) -> bytes:
        return await search_neo4j(self.driver, words, limit)

    async def coverage(self, place: str) -> bytes:
        return await coverage_neo4j(self.driver, place)

    async def path(self, start: str, end: str, types: Sequence[str]) -> int:
        return await path_neo4j(self.driver, start, end, types)


@dataclass(frozen=True)
class NetworkxFloors:
    graph: nx.MultiDiGraph[str]
    names_index: WordIndex  # the name words, as the embedded store indexes them
    names: ClassVar[Mapping[str, str]] = {
        "nested": "networkx traversal + json",
        "search": "lookup in an inverted index of name words",
        "coverage": "one pass over the needs' in-edges + json",
        "path": "nx.shortest_path on a filtered undirected view",
    }

    @classmethod
    async def of(cls, store: GraphStore, searchable: Sequence[str]) -> NetworkxFloors:
        """A networkx copy of what `store` holds, shaped like the embedded store's graph, and its name index."""
        export = await store.export()
        graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        for node in export["nodes"]:
            properties = {k: v for k, v in node.items() if k not in ("id", "label")}
            graph.add_node(node["id"], label=node["label"], properties=properties)
        for edge in export["edges"]:
            properties = {k: v for k, v in edge.items() if k not in ("source", "target", "type")}
            graph.add_edge(edge["source"], edge["target"], key=edge["type"], properties=properties)
        keys = {node_id: name_keys(data["properties"], searchable) for node_id, data in graph.nodes(data=True)}
        return cls(graph, WordIndex.of(keys))

    async def nested(self, first: int, body_ids: Sequence[str]) -> bytes:
        return nested_networkx(self.graph, body_ids)

    async def search(self, words: Sequence[str], limit: int) -> bytes:
        return search_names(self.graph, self.names_index, words, limit)

    async def coverage(self, place: str) -> bytes:
        return coverage_networkx(self.graph, place)

    async def path(self, start: str, end: str, types: Sequence[str]) -> int:
        return path_networkx(self.graph, start, end, types)


# -- bulk load -----------------------------------------------------------------

BULK_NODES = "UNWIND $rows AS row MERGE (n:Entity {{id: row.id}}) SET n = row.props, n:{label}"
BULK_EDGES = (
    "UNWIND $rows AS row MATCH (a:Entity {{id: row.start}}) MATCH (b:Entity {{id: row.end}}) "
    "MERGE (a)-[r:{rel}]->(b) SET r = row.props"
)


async def bulk_neo4j(driver: AsyncDriver, batch: GraphBatch, size: int = 10_000) -> None:
    """The hand-written loader: UNWIND … MERGE per label and type, 10k-row batches, one transaction each,
    on the store's uniqueness constraints (Entity.id)."""
    by_label: dict[str, list[dict[str, Any]]] = {}
    for n in batch.nodes:
        by_label.setdefault(n.label, []).append({"id": n.id, "props": dict(n.properties)})
    by_type: dict[str, list[dict[str, Any]]] = {}
    for e in batch.edges:
        by_type.setdefault(e.type, []).append({"start": e.start, "end": e.end, "props": dict(e.properties)})
    for label, rows in by_label.items():
        for i in range(0, len(rows), size):
            await driver.execute_query(BULK_NODES.format(label=label), rows=rows[i : i + size], database_="neo4j")
    for rel, rows in by_type.items():
        for i in range(0, len(rows), size):
            await driver.execute_query(BULK_EDGES.format(rel=rel), rows=rows[i : i + size], database_="neo4j")


def bulk_networkx(batch: GraphBatch, path: str) -> None:
    """The hand-written embedded loader: build the MultiDiGraph and dump node-link JSON to the file."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.add_nodes_from((n.id, {"label": n.label, "properties": dict(n.properties)}) for n in batch.nodes)
    for e in batch.edges:
        graph.add_edge(e.start, e.end, key=e.type, properties=dict(e.properties))
    data = {
        "nodes": [{"id": n, "label": d["label"], **d["properties"]} for n, d in graph.nodes(data=True)],
        "edges": [
            {"source": u, "target": v, "type": k, **d["properties"]} for u, v, k, d in graph.edges(keys=True, data=True)
        ],
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
