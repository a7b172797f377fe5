"""The store workloads: bulk loads on each store against a hand-written loader, and the memory a server
holds once it has opened an embedded store."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from neo4j import AsyncGraphDatabase

from graph_api.store.opening import open_store
from loaders.packages.synthetic import synthetic_graph

from . import floors
from .processes import REPO
from .progress import log
from .run import Run

__all__ = ["bulk_load", "embedded_memory"]

SUBJECT = "migragraph store.write"

# Run in a fresh process, so that nothing else the suite made counts: write the file, then open it and report
# the RSS growth once open (the graph and the name indexes, which the first lookup builds) and at its highest
# while opening (peak: the parsed file and the graph), sampled every millisecond by a thread (ru_maxrss would
# also count whatever the imports before it reached).
WRITE_FILE = """
import asyncio, sys
from graph_api.model.ontology import load_ontology
from graph_api.store.opening import open_store
from loaders.packages.synthetic import synthetic_graph

async def main(path, relationships):
    o = load_ontology()
    async with open_store(path, o) as store:
        await store.write(synthetic_graph(o, relationships, 3))

asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""
MEASURE_OPEN = """
import asyncio, gc, sys, threading, time
from graph_api.model.ontology import load_ontology
from graph_api.store.opening import open_store

def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096

async def main(path):
    o = load_ontology(); gc.collect(); before = rss(); peak = [before]; done = threading.Event()
    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss()); time.sleep(0.001)
    t = threading.Thread(target=sample); t.start()
    async with open_store(path, o) as store:
        await store.lookup("", ["Institution"])
        gc.collect()
        done.set(); t.join(); after = rss()
        edges = (await store.stats()).edge_count
    print(after - before, max(peak[0], after) - before, edges)

asyncio.run(main(sys.argv[1]))
"""


async def bulk_load(run: Run, store_url: str | None, relationships: int) -> None:
    """`relationships` (and their nodes) written by migragraph's store and by the floor, in alternating order,
    on a cleared Neo4j at `store_url`, or (None) each into a new embedded file."""
    batch = synthetic_graph(run.ontology, relationships, seed=2)
    entities = len(batch.nodes) + len(batch.edges)
    size = f"{relationships:,} rels"
    reps = 3 if relationships <= 100_000 else 1
    first = 1 if relationships <= 10_000 else 2  # round 0 is a warm-up, skipped for the large loads
    times: dict[str, list[float]] = {SUBJECT: [], "floor": []}
    kind = "neo4j" if store_url else "embedded"
    if store_url:
        label = "floor: hand-written UNWIND … MERGE, 10k batches"
        async with open_store(store_url, run.ontology) as store, AsyncGraphDatabase.driver(store_url) as driver:
            for rep in range(2 - first, reps + 1):
                for name in [SUBJECT, "floor"] if rep % 2 else ["floor", SUBJECT]:
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
        tmp = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
        for rep in range(2 - first, reps + 1):
            for name in [SUBJECT, "floor"] if rep % 2 else ["floor", SUBJECT]:
                path = tmp / f"g{rep}-{name[:5]}.json"
                gc.collect()
                start = time.perf_counter()
                if name == "floor":
                    floors.bulk_networkx(batch, str(path))
                else:
                    async with open_store(str(path), run.ontology) as store:
                        await store.write(batch)
                if rep:
                    times[name].append(time.perf_counter() - start)
                for leftover in tmp.glob(f"{path.name}*"):  # noqa: ASYNC240 (between timings)
                    leftover.unlink()
        shutil.rmtree(tmp, ignore_errors=True)
    times[label] = times.pop("floor")
    note = f"{len(batch.nodes):,} nodes + {len(batch.edges):,} rels = {entities:,} entities"
    run.add("bulk load", size, kind, times, {SUBJECT: "subject", label: "floor"}, note)
    for sample in run.samples[-2:]:
        sample.note = note
        sample.entities = entities
    log(f"{kind} bulk {size} done")


def embedded_memory(run: Run, relationships: int) -> None:
    """What a server holds once it has opened an embedded store of `relationships` relationships: the file is
    written by one process and opened by a fresh one, which reports its RSS growth (see MEASURE_OPEN)."""
    path = Path(tempfile.mkdtemp(prefix="bench-memory-")) / "graph.json"
    subprocess.run([sys.executable, "-c", WRITE_FILE, str(path), str(relationships)], check=True, cwd=REPO)  # noqa: S603
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", MEASURE_OPEN, str(path)], check=True, capture_output=True, text=True, cwd=REPO
    ).stdout
    shutil.rmtree(path.parent, ignore_errors=True)
    steady, peak, edges = (int(x) for x in out.split())
    run.memory = {
        "relationships": edges,
        "rss_growth_bytes": steady,
        "peak_growth_bytes": peak,
        "bytes_per_million_relationships": steady / edges * 1_000_000,
        "peak_bytes_per_million_relationships": peak / edges * 1_000_000,
        "extrapolated": edges < 1_000_000,
    }
    log(f"embedded memory: {steady / 2**20:.0f} MiB once open, {peak / 2**20:.0f} MiB peak, {edges:,} relationships")
