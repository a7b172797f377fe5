"""Time the research queries on a synthetic graph, on each store.

    python -m bench.analytics [--relationships 100000] [--seed 1]

Runs on the embedded store always, and on Neo4j when NEO4J_URI is set (its
graph is replaced). Each query goes through the GraphQL schema as the API runs
it; "cold" includes building the cached projection, "warm" reuses it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from graph_api.graphql.context import Context
from graph_api.graphql.schema import build_schema
from graph_api.model.ontology import load_ontology
from graph_api.services.analytics import AnalyticsCache
from graph_api.settings import Settings
from graph_api.store.opening import open_store
from graph_api.store.protocol import GraphStore
from loaders.packages.synthetic import synthetic_graph

QUERIES = {
    "centrality DEGREE (cold: the store's projection)": "{ centrality(measure: DEGREE, first: 5) { nodeCount edgeCount scores { node { id } score } } }",
    "centrality DEGREE (warm)": "{ centrality(measure: DEGREE, first: 5) { scores { node { id } score } } }",
    "centrality BETWEENNESS": "{ centrality(measure: BETWEENNESS, first: 5) { scores { node { id } score } } }",
    "centrality PAGERANK": "{ centrality(measure: PAGERANK, first: 5) { scores { node { id } score } } }",
    "centrality EIGENVECTOR": "{ centrality(measure: EIGENVECTOR, first: 5) { scores { node { id } score } } }",
    "communities (Louvain)": "{ communities(first: 5) { size } }",
    "shortest paths, two institutions": '{ paths(from: "syn-inst-00001-03", to: "syn-inst-00700-05", limit: 10) { length } }',
    "neighbourhood, depth 2 of a body": '{ neighborhood(id: "syn-body-00300", depth: 2) { nodes { id } edges { type } } }',
    "co-members of an institution": '{ institution(id: "syn-inst-00010-01") { coMembers { count } } }',
}


async def _timed(action: Callable[[], Awaitable[Any]]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = await action()
    return time.perf_counter() - start, result


async def run(store: GraphStore, relationships: int, seed: int) -> list[tuple[str, float, str]]:
    ontology = load_ontology()
    batch = synthetic_graph(ontology, relationships, seed)
    rows = []
    seconds, _ = await _timed(lambda: store.write(batch))
    rows.append((f"load {len(batch.nodes)} nodes, {len(batch.edges)} relationships", seconds, ""))
    schema = build_schema()
    settings = Settings(store=store.location, max_neighborhood_nodes=100_000)
    analytics = AnalyticsCache(store)
    for name, query in QUERIES.items():
        context = Context(store=store, ontology=ontology, settings=settings, analytics=analytics)
        start = time.perf_counter()
        result = await schema.execute(query, context_value=context)
        seconds = time.perf_counter() - start
        if result.errors:
            raise SystemExit(f"{name}: {result.errors}")
        rows.append((name, seconds, str(result.data)[:60]))
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--relationships", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    targets = [("embedded", str(Path(tempfile.mkdtemp()) / "graph.json"))]
    if os.environ.get("NEO4J_URI"):
        targets.append(("neo4j", os.environ["NEO4J_URI"]))
    for kind, url in targets:
        async with open_store(url) as store:
            await store.clear()
            rows = await run(store, args.relationships, args.seed)
        print(f"\n## {kind} store, {args.relationships} relationships (seed {args.seed})\n")
        print("| query | seconds |")
        print("|---|---:|")
        for name, seconds, _ in rows:
            print(f"| {name} | {seconds:.3f} |")


if __name__ == "__main__":
    asyncio.run(main())
