"""The benchmark suite: every workload on both stores side by side, against a floor and a peer.

    python -m bench            # sizes 10^3, 10^4, 10^5 actors; bulk loads 10^4..10^6 relationships
    python -m bench --quick    # 10^3 and 10^4 actors, bulk 10^4, fewer repetitions (CI: fails on a crash only)

Neo4j: NEO4J_URI if set (its graph is DELETED), else a throw-away server started with
scripts/neo4j-dev.sh in a temporary NEO4J_DEV_STATE and stopped at the end.
Writes bench/RESULTS.md and bench/results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx2 as httpx
from neo4j import AsyncGraphDatabase

from graph_api.graphql.context import Context
from graph_api.graphql.schema import build_schema
from graph_api.model.ontology import Ontology, load_ontology
from graph_api.model.records import GraphBatch
from graph_api.services.analytics import AnalyticsCache
from graph_api.settings import Settings
from graph_api.store.embedded import EmbeddedStore
from graph_api.store.neo4j import Neo4jStore
from graph_api.store.opening import open_store
from graph_api.store.protocol import GraphStore
from loaders.packages.synthetic import synthetic_graph

from . import floors
from .measure import Sample, interleaved
from .naive import naive_schema
from .processes import REPO, api_server, neo4j_graphql_server, neo4j_server
from .progress import log
from .report import write_results

HERE = Path(__file__).resolve().parent
ACTORS_PER_RELATIONSHIP = 1019 / 4460  # measured on the generator at seed 1
ACTOR_LABELS = ("Institution", "CoordinationBody", "Program")
NESTED_BODIES = 9  # ~1,000 objects: 9 bodies, ~270 members, ~700 covered needs
COVERAGE_PLACE = "syn-region-03"


def neo4j_graphql_query(first: int) -> str:
    return (
        f"{{ coordinationBodies(limit: {first}, sort: [{{id: ASC}}]) {{ id name members(sort: [{{id: ASC}}]) "
        f"{{ id name covers(sort: [{{id: ASC}}]) {{ id name }} }} }} }}"
    )


def nested_query(first: int) -> str:
    return (
        f"{{ coordinationBodies(first: {first}) {{ edges {{ node {{ id name members {{ node {{ id name "
        f"covers {{ node {{ id name }} }} }} }} }} }} }} }}"
    )


# -- workloads --------------------------------------------------------------------


def count_ids(payload: Any) -> int:
    if isinstance(payload, dict):
        return ("id" in payload) + sum(count_ids(v) for v in payload.values())
    if isinstance(payload, list):
        return sum(count_ids(v) for v in payload)
    return 0


def count_fields(payload: Any) -> int:
    """Resolved fields in a response: every key of every object (list items are not fields)."""
    if isinstance(payload, dict):
        return len(payload) + sum(count_fields(v) for v in payload.values())
    if isinstance(payload, list):
        return sum(count_fields(v) for v in payload)
    return 0


class Run:
    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.reps = 7 if quick else 15
        self.warmup = 2
        self.samples: list[Sample] = []
        self.notes: list[str] = []
        self.ontology: Ontology = load_ontology()
        self.memory: dict[str, Any] = {}
        self.started = time.perf_counter()

    def checkpoint(self, out: Path, done: str) -> None:
        """Write what is measured so far (a long run that stops still leaves its results)."""
        write_results(
            out,
            self.samples,
            self.memory,
            machine(),
            quick=self.quick,
            wall_seconds=time.perf_counter() - self.started,
            notes=[*self.notes, f"PARTIAL: the run is still going; last finished: {done}."],
        )

    def add(
        self, workload: str, size: str, store: str, times: dict[str, list[float]], roles: dict[str, str], note: str = ""
    ) -> None:
        for variant, values in times.items():
            self.samples.append(Sample(workload, size, store, variant, roles[variant], "s", values, note))

    async def http_workloads(
        self,
        kind: str,
        url: str,
        store: GraphStore,
        batch: GraphBatch,
        size: str,
        neo4j_uri: str | None,
        throughput: bool,
        library_url: str | None = None,
    ) -> None:
        types = self.ontology.network_types()
        body_ids = sorted(n.id for n in batch.nodes if n.label == "CoordinationBody")[:NESTED_BODIES]
        institutions = sorted(n.id for n in batch.nodes if n.label == "Institution" and not n.id.endswith("-unit"))
        async with httpx.AsyncClient(base_url=url, timeout=120) as client, contextlib.AsyncExitStack() as stack:
            driver = None
            if neo4j_uri:
                driver = AsyncGraphDatabase.driver(neo4j_uri)
                await stack.enter_async_context(driver)

            async def gql(path: str, query: str) -> Any:
                response = await client.post(path, json={"query": query})
                response.raise_for_status()
                data = response.json()
                if data.get("errors"):
                    raise RuntimeError(f"{path}: {data['errors']}")
                return data

            # 1. nested query
            query = nested_query(NESTED_BODIES)
            floor: Any
            if driver is not None:
                drv = driver

                async def floor() -> bytes:
                    return await floors.nested_neo4j(drv, NESTED_BODIES)
            else:
                assert isinstance(store, EmbeddedStore)
                graph = store.graph

                async def floor() -> bytes:
                    return floors.nested_networkx(graph, body_ids)

            actions = {
                "migragraph (HTTP)": lambda: gql("/graphql", query),
                "stock Strawberry, naive resolvers (HTTP)": lambda: gql("/naive", query),
                "floor: " + ("one Cypher query + json" if driver else "networkx traversal + json"): floor,
            }
            answers = [
                count_ids(await gql("/graphql", query)),
                count_ids(await gql("/naive", query)),
                count_ids(json.loads(await floor())),
            ]
            roles = dict(zip(actions, ["subject", "peer", "floor"], strict=True))
            if library_url is not None:
                library_query = neo4j_graphql_query(NESTED_BODIES)
                library = library_url

                async def on_library() -> Any:
                    return await gql(library, library_query)

                actions["@neo4j/graphql 7.6.3 on Node (HTTP)"] = on_library
                roles["@neo4j/graphql 7.6.3 on Node (HTTP)"] = "library"
                answers.append(count_ids(await on_library()))
            if len(set(answers)) != 1:
                raise RuntimeError(f"nested query: the variants disagree on the object count {answers}")
            times = await interleaved(actions, warmup=self.warmup, repetitions=self.reps)
            self.add("nested 3-level query", size, kind, times, roles, f"{answers[0]} objects")
            log(f"{kind} {size}: nested query done ({answers[0]} objects)")

            # 2. search by name/alias (an acronym)
            target = institutions[len(institutions) // 2]
            acronym = next(n for n in batch.nodes if n.id == target).properties["acronym"]
            words = [str(acronym).lower()]
            search_q = f'{{ search(text: "{acronym}", first: 10) {{ id name }} }}'
            if driver is not None:
                drv = driver

                async def sfloor() -> bytes:
                    return await floors.search_neo4j(drv, words, 10)
            else:
                assert isinstance(store, EmbeddedStore)
                emb = store

                async def sfloor() -> bytes:
                    return floors.search_embedded(emb, words, 10)

            actions = {
                "migragraph (HTTP)": lambda: gql("/graphql", search_q),
                "floor: " + ("full-text index query" if driver else "scan of the store's name index"): sfloor,
            }
            roles = dict(zip(actions, ["subject", "floor"], strict=True))
            self.add(
                "search by name/alias",
                size,
                kind,
                await interleaved(actions, warmup=self.warmup, repetitions=self.reps),
                roles,
            )

            # 3. coverage matrix for one region
            cov_q = f'{{ coverageMatrix(places: ["{COVERAGE_PLACE}"]) {{ rows {{ actor {{ id }} coveredCount }} }} }}'
            if driver is not None:
                drv = driver

                async def cfloor() -> bytes:
                    return await floors.coverage_neo4j(drv, COVERAGE_PLACE)
            else:
                assert isinstance(store, EmbeddedStore)
                emb = store

                async def cfloor() -> bytes:
                    return floors.coverage_networkx(emb.graph, COVERAGE_PLACE)

            actions = {
                "migragraph (HTTP)": lambda: gql("/graphql", cov_q),
                "floor: "
                + ("one Cypher aggregation + json" if driver else "one pass over the needs' in-edges + json"): cfloor,
            }
            rows = len((await gql("/graphql", cov_q))["data"]["coverageMatrix"]["rows"])
            floor_rows = len(json.loads(await cfloor()))
            if rows != floor_rows:
                raise RuntimeError(f"coverage: migragraph has {rows} rows, the floor {floor_rows}")
            roles = dict(zip(actions, ["subject", "floor"], strict=True))
            self.add(
                "coverage matrix, one region",
                size,
                kind,
                await interleaved(actions, warmup=self.warmup, repetitions=self.reps),
                roles,
                f"{rows} actors",
            )

            # 4. shortest path between two actors
            start, end = institutions[1], institutions[-2]
            path_q = f'{{ paths(from: "{start}", to: "{end}", limit: 1) {{ length }} }}'
            if driver is not None:
                drv = driver

                async def pfloor() -> int:
                    return await floors.path_neo4j(drv, start, end, types)
            else:
                assert isinstance(store, EmbeddedStore)
                graph = store.graph

                async def pfloor() -> int:
                    return floors.path_networkx(graph, start, end, types)

            actions = {
                "migragraph (HTTP)": lambda: gql("/graphql", path_q),
                "floor: "
                + ("Cypher shortestPath" if driver else "nx.shortest_path on a filtered undirected view"): pfloor,
            }
            roles = dict(zip(actions, ["subject", "floor"], strict=True))
            lengths = (
                ((await gql("/graphql", path_q))["data"]["paths"] or [{"length": -1}])[0]["length"],
                await pfloor(),
            )
            self.add(
                "shortest path",
                size,
                kind,
                await interleaved(actions, warmup=1, repetitions=self.reps),
                roles,
                f"length {lengths}",
            )
            log(f"{kind} {size}: search and path done")

        if throughput:
            await self.throughput(kind, url, size, institutions[0])

    async def execution_cost(self, store: EmbeddedStore, size: str) -> None:
        """GraphQL execution per resolved field, in this process: the nested query through migragraph's schema
        and through stock Strawberry's (naive resolvers), on the same embedded store and the same objects."""
        query = nested_query(NESTED_BODIES)
        settings = Settings(store=store.location, seed_if_empty=False, max_cost=2**31)
        ours, stock = build_schema(settings), naive_schema()
        analytics = AnalyticsCache(store)

        async def run_ours() -> Any:
            context = Context(store=store, ontology=self.ontology, settings=settings, analytics=analytics)
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
        times = await interleaved(actions, warmup=self.warmup, repetitions=self.reps)
        per_field = {name: statistics.median(values) / count * 1e6 for name, values in times.items()}
        note = f"{count:,} fields; " + ", ".join(f"{v:.1f} µs/field" for v in per_field.values()) + " (ours, stock)"
        roles = dict(zip(actions, ["subject", "peer"], strict=True))
        self.add("GraphQL execution per resolved field", size, "embedded", times, roles, note)
        log(f"embedded {size}: execution cost done ({note})")

    async def throughput(self, kind: str, url: str, size: str, node_id: str) -> None:
        seconds = 2 if self.quick else 5
        rounds = 3 if self.quick else 5
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
            self.samples.append(
                Sample("trivial query throughput (c=16)", size, kind, name, roles[name], "req/s", values)
            )
        log(f"{kind} {size}: throughput done")

    async def bulk(self, kind: str, neo4j_uri: str | None, relationships: int) -> None:
        batch = synthetic_graph(self.ontology, relationships, seed=2)
        entities = len(batch.nodes) + len(batch.edges)
        size = f"{relationships:,} rels"
        reps = 3 if relationships <= 100_000 else 1
        first = 1 if relationships <= 10_000 else 2  # round 0 is a warm-up, skipped for the large loads
        times: dict[str, list[float]] = {"migragraph store.write": [], "floor": []}
        tmp = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
        if neo4j_uri:
            label = "floor: hand-written UNWIND … MERGE, 10k batches"
            async with open_store(neo4j_uri, self.ontology) as store, AsyncGraphDatabase.driver(neo4j_uri) as driver:
                assert isinstance(store, Neo4jStore)
                for rep in range(2 - first, reps + 1):
                    for name in ["migragraph store.write", "floor"] if rep % 2 else ["floor", "migragraph store.write"]:
                        await store.clear()
                        start = time.perf_counter()
                        if name == "floor":
                            await floors.bulk_neo4j(driver, batch)
                        else:
                            await store.write(batch)
                        if rep:
                            times[name].append(time.perf_counter() - start)
                await store.clear()
        else:
            label = "floor: networkx build + JSON dump"
            for rep in range(2 - first, reps + 1):
                for name in ["migragraph store.write", "floor"] if rep % 2 else ["floor", "migragraph store.write"]:
                    path = tmp / f"g{rep}-{name[:5]}.json"
                    gc.collect()
                    start = time.perf_counter()
                    if name == "floor":
                        floors.bulk_networkx(batch, str(path))
                    else:
                        store = EmbeddedStore(path, self.ontology)
                        await store.write(batch)
                        await store.close()
                    if rep:
                        times[name].append(time.perf_counter() - start)
                    for leftover in tmp.glob(f"{path.name}*"):  # noqa: ASYNC240 (between timings)
                        leftover.unlink()
        times[label] = times.pop("floor")
        note = f"{len(batch.nodes):,} nodes + {len(batch.edges):,} rels = {entities:,} entities"
        self.add("bulk load", size, kind, times, {"migragraph store.write": "subject", label: "floor"}, note)
        for sample in self.samples[-2:]:
            sample.note = note
            sample.entities = entities
        log(f"{kind} bulk {size} done")

    def embedded_memory(self, relationships: int) -> None:
        """What a server holds once it has opened an embedded store of `relationships` relationships: the file
        is written by one process and opened by a fresh one (graph plus name indexes), which reports its RSS
        growth once open (steady) and at its highest while opening (peak: the parsed file and the graph)."""
        path = Path(tempfile.mkdtemp(prefix="bench-memory-")) / "graph.json"
        write = (
            "import asyncio, sys, pathlib\nfrom graph_api.store.embedded import EmbeddedStore\n"
            "from graph_api.model.ontology import load_ontology\nfrom loaders.packages.synthetic import synthetic_graph\n"
            f"o = load_ontology(); b = synthetic_graph(o, {relationships}, 3)\n"
            f"asyncio.run(EmbeddedStore(pathlib.Path({str(path)!r}), o).write(b))\n"
        )
        subprocess.run([sys.executable, "-c", write], check=True, cwd=REPO)  # noqa: S603
        # The peak: a thread samples the RSS every millisecond while the store opens (ru_maxrss would also count
        # whatever the imports before it reached).
        measure = (
            "import gc, pathlib, threading, time\nfrom graph_api.store.embedded import EmbeddedStore\n"
            "from graph_api.model.ontology import load_ontology\n"
            "def rss():\n    return int(open('/proc/self/statm').read().split()[1]) * 4096\n"
            "o = load_ontology(); gc.collect(); before = rss(); peak = [before]; done = threading.Event()\n"
            "def sample():\n    while not done.is_set():\n        peak[0] = max(peak[0], rss()); time.sleep(0.001)\n"
            "t = threading.Thread(target=sample); t.start()\n"
            f"s = EmbeddedStore(pathlib.Path({str(path)!r}), o); g = s.graph; s._indexes(); gc.collect()\n"
            "done.set(); t.join(); after = rss()\n"
            "print(after - before, max(peak[0], after) - before, g.number_of_edges())\n"
        )
        out = subprocess.run(  # noqa: S603
            [sys.executable, "-c", measure], check=True, capture_output=True, text=True, cwd=REPO
        ).stdout
        shutil.rmtree(path.parent, ignore_errors=True)
        steady, peak, edges = (int(x) for x in out.split())
        self.memory = {
            "relationships": edges,
            "rss_growth_bytes": steady,
            "peak_growth_bytes": peak,
            "bytes_per_million_relationships": steady / edges * 1_000_000,
            "peak_bytes_per_million_relationships": peak / edges * 1_000_000,
            "extrapolated": edges < 1_000_000,
        }
        log(
            f"embedded memory: {steady / 2**20:.0f} MiB once open, {peak / 2**20:.0f} MiB peak, {edges:,} relationships"
        )


def machine() -> dict[str, Any]:
    versions = {}
    for package in ("migragraph", "strawberry-graphql", "starlette", "uvicorn", "neo4j", "networkx", "httpx2"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()  # noqa: S607
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "node": node,
        "neo4j_server": os.environ.get("NEO4J_VERSION", "5.26.31 (scripts/neo4j-dev.sh default)"),
        "packages": versions,
    }


async def run_all(args: argparse.Namespace, neo4j_uri: str) -> Run:
    run = Run(args.quick)
    actor_sizes = (
        args.actors if args.actors is not None else [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    )
    bulk_sizes = args.bulk if args.bulk is not None else [10_000] if args.quick else [10_000, 100_000, 1_000_000]
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    embedded_path = str(workdir / "graph.json")
    # The embedded server reads the file the main process writes (it catches up on each write, and reads the
    # graph whole after a clear).
    async with (
        open_store(neo4j_uri, run.ontology) as neo4j,
        api_server(embedded_path) as emb_url,
        api_server(neo4j_uri) as neo_url,
        neo4j_graphql_server(neo4j_uri) as library_url,
    ):
        assert isinstance(neo4j, Neo4jStore)
        if library_url is None:
            run.notes.append("@neo4j/graphql peer not measured: it could not be installed (see the log)")
        for i, actors in enumerate(actor_sizes):
            batch = synthetic_graph(run.ontology, round(actors / ACTORS_PER_RELATIONSHIP), seed=1)
            n_actors = sum(1 for n in batch.nodes if n.label in ACTOR_LABELS)
            size = f"{n_actors:,} actors"
            log(f"size {size}: {len(batch.nodes):,} nodes, {len(batch.edges):,} relationships")
            embedded = EmbeddedStore(Path(embedded_path), run.ontology)
            await embedded.clear()
            await embedded.write(batch)
            await run.execution_cost(embedded, size)
            await run.http_workloads(
                "embedded", emb_url, embedded, batch, size, None, throughput=i == 0 or not args.quick
            )
            await neo4j.clear()
            await neo4j.write(batch)
            await run.http_workloads(
                "neo4j",
                neo_url,
                neo4j,
                batch,
                size,
                neo4j_uri,
                throughput=i == 0 or not args.quick,
                library_url=library_url,
            )
            run.checkpoint(args.out, f"query workloads at {size}")
        await neo4j.clear()
    for relationships in bulk_sizes:
        await run.bulk("embedded", None, relationships)
        await run.bulk("neo4j", neo4j_uri, relationships)
        run.checkpoint(args.out, f"bulk load of {relationships:,} relationships")
    run.embedded_memory(args.memory or (100_000 if args.quick else 1_000_000))
    return run


def _sizes(text: str) -> list[int]:
    return [] if text == "none" else [int(x) for x in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes, fewer repetitions (< 5 minutes)")
    parser.add_argument("--out", type=Path, default=HERE, help="where RESULTS.md and results.json go")
    parser.add_argument(
        "--actors", type=_sizes, help="actor counts to run the query workloads at, e.g. 1000,10000 ('none')"
    )
    parser.add_argument("--bulk", type=_sizes, help="relationship counts to bulk-load, e.g. 10000,100000 ('none')")
    parser.add_argument("--memory", type=int, help="relationships to measure the embedded store's memory at")
    args = parser.parse_args()
    started = time.perf_counter()
    with neo4j_server() as uri:
        run = asyncio.run(run_all(args, uri))
    wall = time.perf_counter() - started
    write_results(args.out, run.samples, run.memory, machine(), quick=args.quick, wall_seconds=wall, notes=run.notes)
    log(f"wrote {args.out / 'RESULTS.md'} and results.json in {wall:.0f} s")
