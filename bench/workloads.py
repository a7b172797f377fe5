"""The query workloads: over HTTP (nested query, search, coverage matrix, shortest path, throughput), each
against its floor and its peers, and GraphQL execution per resolved field in process."""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
from neo4j import AsyncGraphDatabase

from graph_api.graphql.context import Context
from graph_api.graphql.schema import build_schema
from graph_api.model.records import GraphBatch
from graph_api.services.analytics import AnalyticsCache
from graph_api.settings import Settings
from graph_api.store.protocol import GraphStore

from .floors import Floors, Neo4jFloors, NetworkxFloors
from .measure import Sample, interleaved
from .naive import naive_schema
from .progress import log
from .queries import COVERAGE_PLACE, NESTED_BODIES, count_fields, count_ids, neo4j_graphql_query, nested_query
from .run import Run

__all__ = ["execution_cost", "http_workloads"]

HERE = Path(__file__).resolve().parent
LIBRARY = "@neo4j/graphql 7.6.3 on Node (HTTP)"


@dataclass(frozen=True)
class Target:
    """One store at one size as the HTTP workloads meet it: a GraphQL call to its server, and its floors."""

    kind: str
    size: str
    gql: Callable[[str, str], Awaitable[Any]]  # (path, query) → the response's JSON, raising on errors
    floors: Floors


async def http_workloads(
    run: Run,
    store: GraphStore,
    url: str,
    batch: GraphBatch,
    size: str,
    *,
    neo4j_uri: str | None,
    throughput: bool,
    library_url: str | None = None,
) -> None:
    """The HTTP workloads against the server at `url` over `store`, which holds `batch`; the floors ask
    Neo4j at `neo4j_uri` directly, or (without one) a networkx copy of the store's graph."""
    institutions = sorted(n.id for n in batch.nodes if n.label == "Institution" and not n.id.endswith("-unit"))
    body_ids = sorted(n.id for n in batch.nodes if n.label == "CoordinationBody")[:NESTED_BODIES]
    async with httpx.AsyncClient(base_url=url, timeout=120) as client, contextlib.AsyncExitStack() as stack:
        floors: Floors
        if neo4j_uri:
            floors = Neo4jFloors(await stack.enter_async_context(AsyncGraphDatabase.driver(neo4j_uri)))
        else:
            floors = await NetworkxFloors.of(store, run.ontology.searchable_properties())

        async def gql(path: str, query: str) -> Any:
            response = await client.post(path, json={"query": query})
            response.raise_for_status()
            data = response.json()
            if data.get("errors"):
                raise RuntimeError(f"{path}: {data['errors']}")
            return data

        target = Target(store.kind, size, gql, floors)
        await nested(run, target, body_ids, library_url)
        await search(run, target, batch, institutions[len(institutions) // 2])
        await coverage(run, target)
        await shortest_path(run, target, institutions[1], institutions[-2])
        log(f"{target.kind} {size}: search and path done")
    if throughput:
        await trivial_throughput(run, store.kind, url, size, institutions[0])


async def nested(run: Run, on: Target, body_ids: Sequence[str], library_url: str | None) -> None:
    """The nested 3-level query: migragraph, stock Strawberry, the floor and (on Neo4j) @neo4j/graphql."""
    query = nested_query(NESTED_BODIES)

    async def floor() -> bytes:
        return await on.floors.nested(NESTED_BODIES, body_ids)

    actions = {
        "migragraph (HTTP)": lambda: on.gql("/graphql", query),
        "stock Strawberry, naive resolvers (HTTP)": lambda: on.gql("/naive", query),
        "floor: " + on.floors.names["nested"]: floor,
    }
    answers = [
        count_ids(await on.gql("/graphql", query)),
        count_ids(await on.gql("/naive", query)),
        count_ids(json.loads(await floor())),
    ]
    roles = dict(zip(actions, ["subject", "peer", "floor"], strict=True))
    if library_url is not None:
        library_query = neo4j_graphql_query(NESTED_BODIES)
        library = library_url

        async def on_library() -> Any:
            return await on.gql(library, library_query)

        actions[LIBRARY] = on_library
        roles[LIBRARY] = "library"
        answers.append(count_ids(await on_library()))
    if len(set(answers)) != 1:
        raise RuntimeError(f"nested query: the variants disagree on the object count {answers}")
    times = await interleaved(actions, warmup=run.warmup, repetitions=run.reps)
    run.add("nested 3-level query", on.size, on.kind, times, roles, f"{answers[0]} objects")
    log(f"{on.kind} {on.size}: nested query done ({answers[0]} objects)")


async def search(run: Run, on: Target, batch: GraphBatch, target: str) -> None:
    """Search by name or alias: the acronym of the institution `target`."""
    acronym = next(n for n in batch.nodes if n.id == target).properties["acronym"]
    words = [str(acronym).lower()]
    query = f'{{ search(text: "{acronym}", first: 10) {{ id name }} }}'

    async def floor() -> bytes:
        return await on.floors.search(words, 10)

    actions = {"migragraph (HTTP)": lambda: on.gql("/graphql", query), "floor: " + on.floors.names["search"]: floor}
    roles = dict(zip(actions, ["subject", "floor"], strict=True))
    times = await interleaved(actions, warmup=run.warmup, repetitions=run.reps)
    run.add("search by name/alias", on.size, on.kind, times, roles)


async def coverage(run: Run, on: Target) -> None:
    """The coverage matrix for one region; migragraph and the floor must agree on its rows."""
    query = f'{{ coverageMatrix(places: ["{COVERAGE_PLACE}"]) {{ rows {{ actor {{ id }} coveredCount }} }} }}'

    async def floor() -> bytes:
        return await on.floors.coverage(COVERAGE_PLACE)

    actions = {"migragraph (HTTP)": lambda: on.gql("/graphql", query), "floor: " + on.floors.names["coverage"]: floor}
    rows = len((await on.gql("/graphql", query))["data"]["coverageMatrix"]["rows"])
    floor_rows = len(json.loads(await floor()))
    if rows != floor_rows:
        raise RuntimeError(f"coverage: migragraph has {rows} rows, the floor {floor_rows}")
    roles = dict(zip(actions, ["subject", "floor"], strict=True))
    times = await interleaved(actions, warmup=run.warmup, repetitions=run.reps)
    run.add("coverage matrix, one region", on.size, on.kind, times, roles, f"{rows} actors")


async def shortest_path(run: Run, on: Target, start: str, end: str) -> None:
    """One shortest path between two actors over the network's relationship types."""
    types = run.ontology.network_types()
    query = f'{{ paths(from: "{start}", to: "{end}", limit: 1) {{ length }} }}'

    async def floor() -> int:
        return await on.floors.path(start, end, types)

    actions = {"migragraph (HTTP)": lambda: on.gql("/graphql", query), "floor: " + on.floors.names["path"]: floor}
    roles = dict(zip(actions, ["subject", "floor"], strict=True))
    lengths = (
        ((await on.gql("/graphql", query))["data"]["paths"] or [{"length": -1}])[0]["length"],
        await floor(),
    )
    times = await interleaved(actions, warmup=1, repetitions=run.reps)
    run.add("shortest path", on.size, on.kind, times, roles, f"length {lengths}")


async def trivial_throughput(run: Run, kind: str, url: str, size: str, node_id: str) -> None:
    """Requests per second of a trivial query at 16 concurrent clients (bench/load.mjs on Node)."""
    seconds = 2 if run.quick else 5
    rounds = 3 if run.quick else 5
    query = f'{{ entity(id: "{node_id}") {{ id name }} }}'
    targets = {
        "migragraph (HTTP)": ("/graphql", json.dumps({"query": query})),
        "stock Strawberry (same server)": ("/naive", json.dumps({"query": query})),
        "floor: bare Starlette endpoint": ("/bare", json.dumps({"id": node_id})),
    }
    roles = dict(zip(targets, ["subject", "peer", "floor"], strict=True))
    rates: dict[str, list[float]] = {name: [] for name in targets}
    load = str(HERE / "load.mjs")
    for rep in range(rounds + 1):
        names = list(targets)
        shift = rep % len(names)
        for name in names[shift:] + names[:shift]:
            path, body = targets[name]
            out = subprocess.run(  # noqa: S603, ASYNC221 (nothing else runs meanwhile)
                ["node", load, url + path, body, "16", str(seconds if rep else 1), "1000000"],  # noqa: S607
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(out)
            if result["errors"]:
                raise RuntimeError(f"throughput {name}: {result['errors']} errors")
            if rep:  # round 0 is the warm-up
                rates[name].append(result["requests"] / result["seconds"])
    for name, values in rates.items():
        run.samples.append(Sample("trivial query throughput (c=16)", size, kind, name, roles[name], "req/s", values))
    log(f"{kind} {size}: throughput done")


async def execution_cost(run: Run, store: GraphStore, size: str) -> None:
    """GraphQL execution per resolved field, in this process: the nested query through migragraph's schema
    and through stock Strawberry's (naive resolvers), on the same store and the same objects."""
    query = nested_query(NESTED_BODIES)
    settings = Settings(store=store.location, seed_if_empty=False)
    ours, stock = build_schema(settings), naive_schema()
    analytics = AnalyticsCache(store)

    async def run_ours() -> Any:
        context = Context(store=store, ontology=run.ontology, settings=settings, analytics=analytics)
        result = await ours.execute(query, context_value=context)
        if result.errors:
            raise RuntimeError(f"execution cost: {result.errors}")
        return result.data

    async def run_stock() -> Any:
        result = await stock.execute(query, context_value={"store": store})
        if result.errors:
            raise RuntimeError(f"execution cost (stock): {result.errors}")
        return result.data

    fields = {count_fields(await run_ours()), count_fields(await run_stock())}
    if len(fields) != 1:
        raise RuntimeError(f"execution cost: the schemas resolve different field counts {fields}")
    [count] = fields
    actions = {
        "migragraph schema (in process)": run_ours,
        "stock Strawberry, naive resolvers (in process)": run_stock,
    }
    times = await interleaved(actions, warmup=run.warmup, repetitions=run.reps)
    per_field = {name: statistics.median(values) / count * 1e6 for name, values in times.items()}
    note = f"{count:,} fields; " + ", ".join(f"{v:.1f} µs/field" for v in per_field.values()) + " (ours, stock)"
    roles = dict(zip(actions, ["subject", "peer"], strict=True))
    run.add("GraphQL execution per resolved field", size, store.kind, times, roles, note)
    log(f"{store.kind} {size}: execution cost done ({note})")
