"""python -m bench.paths [--actors N ...] [--limit L] [--stores embedded,neo4j]: shortest paths at scale.

Builds the suite's synthetic graph (seed 1) at each size and times, interleaved round by round on one machine,
for the suite's pair of institutions and two more: the search as it was before (kept in this module as the
baseline), the store's search now, and the floor from bench.floors (one shortest path: nx.shortest_path on a
filtered view; Cypher shortestPath). Embedded: the functions over a networkx graph built as the store builds
one. Neo4j: NEO4J_URI (its graph is DELETED), else a throw-away server from scripts/neo4j-dev.sh.
Prints medians and the ratios to the floor; the answers of the old and new searches are compared first.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
from collections.abc import Iterator, Sequence
from typing import Any

import networkx as nx
from neo4j import AsyncDriver, AsyncGraphDatabase

from graph_api.model.ontology import Ontology, load_ontology
from graph_api.model.records import Edge, GraphBatch
from graph_api.store.adjacency import GraphDicts, graph_dicts
from graph_api.store.opening import open_store
from graph_api.store.paths import MAX_ENUMERATED_PATHS, path_sort_key, shortest_edge_paths
from loaders.packages.synthetic import synthetic_graph

from .floors import path_neo4j, path_networkx
from .measure import Action, interleaved
from .processes import neo4j_server
from .progress import log
from .suite import ACTORS_PER_RELATIONSHIP

MAX_LENGTH = 6  # the API's default

# The baseline: the embedded store's search before issue 16, breadth-first from the start alone.


def _old_neighbours(graph: GraphDicts, node: str, types: frozenset[str]) -> Iterator[tuple[str, str, str, str]]:
    for other, keyed in graph.succ[node].items():
        for key in keyed:
            if key in types:
                yield other, key, node, other
    for other, keyed in graph.pred[node].items():
        for key in keyed:
            if key in types:
                yield other, key, other, node


def old_embedded_paths(
    graph: GraphDicts, start: str, end: str, types: frozenset[str], max_length: int, limit: int
) -> list[list[Edge]]:
    if start not in graph.nodes or end not in graph.nodes:
        return []
    if start == end:
        return [[]]
    depth = {start: 0}
    into: dict[str, list[tuple[str, Edge]]] = {}
    frontier = [start]
    level = 0
    while frontier and end not in depth and level < max_length:
        level += 1
        following: list[str] = []
        succ = graph.succ
        for node in frontier:
            for other, key, edge_start, edge_end in _old_neighbours(graph, node, types):
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


# The Neo4j store's statement before issue 16: every shortest path a record, sorted in Python.
OLD_CYPHER = f"""
MATCH (a:Entity {{id: $start}}), (b:Entity {{id: $end}})
MATCH p = allShortestPaths((a)-[*..{MAX_LENGTH}]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types)
RETURN [r IN relationships(p) |
        {{start: startNode(r).id, end: endNode(r).id, type: type(r), properties: properties(r)}}] AS rels
LIMIT $cap
"""


async def old_neo4j_paths(
    driver: AsyncDriver, start: str, end: str, types: Sequence[str], limit: int
) -> list[list[Edge]]:
    records, _, _ = await driver.execute_query(
        OLD_CYPHER, start=start, end=end, types=list(types), cap=MAX_ENUMERATED_PATHS, database_="neo4j"
    )
    paths = [[Edge(r["type"], r["start"], r["end"], r["properties"]) for r in record["rels"]] for record in records]
    paths.sort(key=lambda p: path_sort_key(start, p))
    return paths[:limit]


def networkx_graph(batch: GraphBatch) -> nx.MultiDiGraph[str]:
    """The graph as the embedded store holds it: node label and properties, one edge per (start, type, end)."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in batch.nodes:
        graph.add_node(node.id, label=node.label, properties=dict(node.properties))
    for edge in batch.edges:
        graph.add_edge(edge.start, edge.end, key=edge.type, properties=dict(edge.properties))
    return graph


def pairs(batch: GraphBatch) -> list[tuple[str, str]]:
    """The suite's pair of institutions (bench.workloads), then two drawn with a fixed seed."""
    institutions = sorted(n.id for n in batch.nodes if n.label == "Institution" and not n.id.endswith("-unit"))
    rng = random.Random(16)
    chosen = [(institutions[1], institutions[-2])]
    for _ in range(2):
        start, end = rng.sample(institutions, 2)
        chosen.append((start, end))
    return chosen


def report(kind: str, size: str, pair: tuple[str, str], note: str, times: dict[str, list[float]]) -> None:
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["floor"]
    cells = "  ".join(f"{name} {m * 1000:8.2f} ms ({m / floor:5.2f}× floor)" for name, m in medians.items())
    print(f"{kind:8} {size:>8} {pair[0]}→{pair[1]} {note}: {cells}  new/old {medians['new'] / medians['old']:.3f}")


async def embedded(ontology: Ontology, batch: GraphBatch, size: str, limit: int, reps: int) -> None:
    graph = networkx_graph(batch)
    dicts = graph_dicts(graph)
    types = ontology.network_types()
    wanted = frozenset(types)
    for start, end in pairs(batch):
        new = shortest_edge_paths(dicts, start, end, wanted, MAX_LENGTH, limit)
        assert new == old_embedded_paths(dicts, start, end, wanted, MAX_LENGTH, limit), (start, end)
        every = len(shortest_edge_paths(dicts, start, end, wanted, MAX_LENGTH, MAX_ENUMERATED_PATHS))

        async def run_old(s: str = start, e: str = end) -> Any:
            return old_embedded_paths(dicts, s, e, wanted, MAX_LENGTH, limit)

        async def run_new(s: str = start, e: str = end) -> Any:
            return shortest_edge_paths(dicts, s, e, wanted, MAX_LENGTH, limit)

        async def run_floor(s: str = start, e: str = end) -> Any:
            return path_networkx(graph, s, e, types)

        actions: dict[str, Action] = {"old": run_old, "new": run_new, "floor": run_floor}
        times = await interleaved(actions, warmup=2, repetitions=reps)
        length = len(new[0]) if new else -1
        report("embedded", size, (start, end), f"length {length}, {every} shortest paths", times)


async def neo4j(uri: str, ontology: Ontology, batch: GraphBatch, size: str, limit: int, reps: int) -> None:
    types = ontology.network_types()
    async with open_store(uri, ontology) as store, AsyncGraphDatabase.driver(uri) as driver:
        log(f"neo4j {size}: loading {len(batch.edges):,} relationships")
        await store.clear()
        await store.write(batch)
        for start, end in pairs(batch):
            new = await store.shortest_paths(start, end, types, MAX_LENGTH, limit)
            assert new == await old_neo4j_paths(driver, start, end, types, limit), (start, end)

            async def run_old(s: str = start, e: str = end) -> Any:
                return await old_neo4j_paths(driver, s, e, types, limit)

            async def run_new(s: str = start, e: str = end) -> Any:
                return await store.shortest_paths(s, e, types, MAX_LENGTH, limit)

            async def run_floor(s: str = start, e: str = end) -> Any:
                return await path_neo4j(driver, s, e, types)

            actions: dict[str, Action] = {"old": run_old, "new": run_new, "floor": run_floor}
            times = await interleaved(actions, warmup=2, repetitions=reps)
            report("neo4j", size, (start, end), f"length {len(new[0]) if new else -1}", times)
        await store.clear()


async def main(args: argparse.Namespace) -> None:
    ontology = load_ontology()
    batches = []
    for actors in args.actors:
        batch = synthetic_graph(ontology, round(actors / ACTORS_PER_RELATIONSHIP), seed=1)
        batches.append((f"{actors:,}", batch))
    print(f"limit {args.limit}, maxLength {MAX_LENGTH}, {args.reps} interleaved rounds; medians")
    if "embedded" in args.stores:
        for size, batch in batches:
            await embedded(ontology, batch, size, args.limit, args.reps)
    if "neo4j" in args.stores:
        with neo4j_server() as uri:
            for size, batch in batches:
                await neo4j(uri, ontology, batch, size, args.limit, args.reps)


def cli() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.paths", description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, nargs="+", default=[10_000, 100_000], help="graph sizes, in actors")
    parser.add_argument("--limit", type=int, default=1, help="paths asked for (the suite asks for 1)")
    parser.add_argument("--reps", type=int, default=15, help="interleaved rounds per pair")
    parser.add_argument("--stores", default="embedded,neo4j", help="comma-separated: embedded, neo4j")
    args = parser.parse_args()
    args.stores = args.stores.split(",")
    asyncio.run(main(args))


if __name__ == "__main__":
    cli()
