"""The benchmark suite: every workload on both stores side by side, against a floor and a peer.

    python -m bench            # sizes 10^3, 10^4, 10^5 actors; bulk loads 10^4..10^6 relationships
    python -m bench --quick    # 10^3 and 10^4 actors, bulk 10^4, fewer repetitions (CI: fails on a crash only)

Neo4j: NEO4J_URI if set (its graph is DELETED), else a throw-away server started with
scripts/neo4j-dev.sh in a temporary NEO4J_DEV_STATE and stopped at the end.
Writes bench/RESULTS.md and bench/results.json.
"""

# The parts (kept out of the docstring, which is the --help text): bench.processes (the servers a run starts),
# bench.workloads (the query workloads), bench.stores (bulk loads and memory), bench.floors (the same answers
# without GraphQL), bench.naive (the stock Strawberry peer), bench.measure (repetitions and statistics),
# bench.report (the results).

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from pathlib import Path

from graph_api.store.opening import open_store
from loaders.packages.synthetic import synthetic_graph

from .processes import api_server, neo4j_graphql_server, neo4j_server
from .progress import log
from .report import write_results
from .run import Run, machine
from .stores import bulk_load, embedded_memory
from .workloads import execution_cost, http_workloads

__all__ = ["main", "run_all"]

HERE = Path(__file__).resolve().parent
ACTORS_PER_RELATIONSHIP = 1019 / 4460  # measured on the generator at seed 1
ACTOR_LABELS = ("Institution", "CoordinationBody", "Program")


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
        open_store(embedded_path, run.ontology) as embedded,
        api_server(embedded_path) as emb_url,
        api_server(neo4j_uri) as neo_url,
        neo4j_graphql_server(neo4j_uri) as library_url,
    ):
        if library_url is None:
            run.notes.append("@neo4j/graphql peer not measured: it could not be installed (see the log)")
        for i, actors in enumerate(actor_sizes):
            batch = synthetic_graph(run.ontology, round(actors / ACTORS_PER_RELATIONSHIP), seed=1)
            n_actors = sum(1 for n in batch.nodes if n.label in ACTOR_LABELS)
            size = f"{n_actors:,} actors"
            log(f"size {size}: {len(batch.nodes):,} nodes, {len(batch.edges):,} relationships")
            throughput = i == 0 or not args.quick
            await embedded.clear()
            await embedded.write(batch)
            await execution_cost(run, embedded, size)
            await http_workloads(run, embedded, emb_url, batch, size, neo4j_uri=None, throughput=throughput)
            await neo4j.clear()
            await neo4j.write(batch)
            await http_workloads(
                run, neo4j, neo_url, batch, size, neo4j_uri=neo4j_uri, throughput=throughput, library_url=library_url
            )
            run.checkpoint(args.out, f"query workloads at {size}")
        await neo4j.clear()
    shutil.rmtree(workdir, ignore_errors=True)
    for relationships in bulk_sizes:
        await bulk_load(run, None, relationships)
        await bulk_load(run, neo4j_uri, relationships)
        run.checkpoint(args.out, f"bulk load of {relationships:,} relationships")
    embedded_memory(run, args.memory or (100_000 if args.quick else 1_000_000))
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
