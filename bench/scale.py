"""The scale curve (issue 16): the same HTTP requests at several sizes of the same shape of graph, per store.

    python -m bench.scale                                   # 10^3, 10^4, 10^5 actors, embedded and Neo4j
    python -m bench.scale --sizes 1000,10000 --stores embedded --out /tmp/scale
    python -m bench.scale --quick                           # 300 and 3,000 actors, embedded only (seconds)

Each size is the synthetic graph of bench.suite (loaders/packages/synthetic.py, seed 1) with about that many
actors, written into its own store and served by its own `migragraph serve` (default settings, one editor key).
The requests (bench.scale_requests) are timed in rounds that go through every request at every size in a rotated
order, after warm-up rounds, so that drift on a shared machine hits all sizes alike. Neo4j: a throw-away server
per size from scripts/neo4j-dev.sh; with NEO4J_URI set, that one server (its graph is DELETED), one size after
another. Writes SCALE.md and scale.json into --out (default: bench/).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx

from graph_api.model.ontology import Ontology, load_ontology
from graph_api.model.records import GraphBatch
from graph_api.services.auth import Role, new_key
from graph_api.store.opening import open_store
from loaders.packages.synthetic import synthetic_graph

from .measure import interleaved
from .processes import free_port, neo4j_server, serving
from .progress import log
from .run import machine
from .scale_report import Curve, SizeInfo, write_scale
from .scale_requests import ScaleRequest, scale_requests
from .suite import ACTOR_LABELS, ACTORS_PER_RELATIONSHIP

__all__ = ["main", "run_curves"]

HERE = Path(__file__).resolve().parent
SIZES = [1_000, 10_000, 100_000]
QUICK_SIZES = [300, 3_000]
STORES = ("embedded", "neo4j")


@dataclass(frozen=True)
class Timing:
    """How long to time: repetitions (fewer if a round is slow, never fewer than 5) and the seconds they may
    take; before them, each request at each size alone `warmup_calls` times or for `warmup_seconds` (whichever
    ends first, one call at least). Each server warms on its own: a freshly started JVM (Neo4j) needs hundreds of
    queries before its compiled code settles, and a round through every size gave the small sizes two each."""

    repetitions: int
    budget_seconds: float
    warmup_calls: int
    warmup_seconds: float


@dataclass(frozen=True)
class Loaded:
    """One size written into a store: what was loaded and the requests made for it."""

    info: SizeInfo
    requests: list[ScaleRequest]


@dataclass(frozen=True)
class Editor:
    """The editor key every server accepts, and its configuration entry."""

    key: str
    entry: str


# A write is one transaction, and Neo4j holds a transaction's changes in its heap, at most 70% of it
# (scripts/neo4j-dev.sh gives it 6 GB): the 10^6-actor graph's million nodes in one write took more than those
# 4.2 GB. Graphs larger than this many nodes and relationships are written in pieces of this size, nodes
# first; smaller graphs (up to 10^5 actors) are one write.
WRITE_PIECE = 200_000


def _pieces(batch: GraphBatch) -> list[GraphBatch]:
    if len(batch.nodes) + len(batch.edges) <= 1_000_000:
        return [batch]
    nodes = [GraphBatch(nodes=batch.nodes[i : i + WRITE_PIECE]) for i in range(0, len(batch.nodes), WRITE_PIECE)]
    edges = [GraphBatch(edges=batch.edges[i : i + WRITE_PIECE]) for i in range(0, len(batch.edges), WRITE_PIECE)]
    return nodes + edges


async def load(store_url: str, ontology: Ontology, size: int, *, clear: bool = False) -> Loaded:
    """The synthetic graph of about `size` actors, written into the store at `store_url` (emptied first if
    `clear`)."""
    batch = synthetic_graph(ontology, round(size / ACTORS_PER_RELATIONSHIP), seed=1)
    async with open_store(store_url, ontology) as store:
        if clear:
            await store.clear()
        start = time.perf_counter()
        for piece in _pieces(batch):
            await store.write(piece)
        seconds = time.perf_counter() - start
    info = SizeInfo(
        requested=size,
        actors=sum(1 for n in batch.nodes if n.label in ACTOR_LABELS),
        institutions=sum(1 for n in batch.nodes if n.label == "Institution"),
        nodes=len(batch.nodes),
        relationships=len(batch.edges),
        load_seconds=seconds,
    )
    log(f"{store_url}: {info.actors:,} actors, {info.relationships:,} relationships written in {seconds:.1f} s")
    return Loaded(info, scale_requests(batch))


@contextlib.asynccontextmanager
async def migragraph_server(store_url: str, editor: Editor) -> AsyncIterator[str]:
    """A real `migragraph serve` on loopback over `store_url`, with default settings and the editor's key."""
    port = free_port()
    env = {**os.environ, "MIGRAGRAPH_STORE": store_url, "MIGRAGRAPH_API_KEYS": editor.entry}
    command = [sys.executable, "-m", "graph_api", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--log-level", "warning", "--no-seed"]
    async with serving(
        f"migragraph serve over {store_url}", command, port, health_path="/healthz", env=env, within=300
    ) as url:
        yield url


async def time_requests(
    served: Sequence[tuple[Loaded, str]], editor: Editor, timing: Timing
) -> dict[str, dict[int, list[float]]]:
    """Seconds per call of every request at every size (each Loaded with its server's URL), interleaved."""
    headers = {"authorization": f"Bearer {editor.key}"}
    async with httpx.AsyncClient(timeout=300, headers=headers) as client:

        def action(url: str, request: ScaleRequest) -> Callable[[], Awaitable[None]]:
            async def call() -> None:
                response = await client.post(url + "/graphql", json=request.body())
                answer = response.json()
                if response.status_code != 200 or answer.get("errors"):
                    raise RuntimeError(f"{request.name} at {url}: HTTP {response.status_code} {str(answer)[:300]}")
                request.check(answer["data"])

            return call

        actions = {
            f"{request.name} @ {loaded.info.requested}": action(url, request)
            for loaded, url in served
            for request in loaded.requests
        }
        for call in actions.values():  # every answer checked, then warm, before any timing
            await call()
            warm_until = time.perf_counter() + timing.warmup_seconds
            for _ in range(timing.warmup_calls - 1):
                if time.perf_counter() >= warm_until:
                    break
                await call()
        times = await interleaved(
            actions,
            warmup=1,
            repetitions=timing.repetitions,
            budget_seconds=timing.budget_seconds,
            warmup_seconds=0.0,
        )
    by_request: dict[str, dict[int, list[float]]] = {}
    for loaded, _ in served:
        for request in loaded.requests:
            by_request.setdefault(request.name, {})[loaded.info.requested] = times[
                f"{request.name} @ {loaded.info.requested}"
            ]
    return by_request


async def embedded_curve(ontology: Ontology, sizes: list[int], editor: Editor, timing: Timing) -> Curve:
    """Every size in its own SQLite file and server, all timed in the same rounds."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        paths = {size: str(workdir / f"graph-{size}.db") for size in sizes}
        loaded = [await load(paths[size], ontology, size) for size in sizes]
        async with contextlib.AsyncExitStack() as stack:
            urls = [await stack.enter_async_context(migragraph_server(paths[size], editor)) for size in sizes]
            log(f"embedded: timing {len(sizes)} sizes interleaved")
            times = await time_requests(list(zip(loaded, urls, strict=True)), editor, timing)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return Curve("embedded", [x.info for x in loaded], interleaved=True, times=times)


async def neo4j_curve(ontology: Ontology, sizes: list[int], editor: Editor, timing: Timing) -> Curve:
    """A throw-away Neo4j per size, all timed in the same rounds; with NEO4J_URI set, that one server cleared
    and loaded for each size in turn, each timed alone."""
    shared = os.environ.get("NEO4J_URI")
    if shared:
        times: dict[str, dict[int, list[float]]] = {}
        infos = []
        for size in sizes:
            loaded = await load(shared, ontology, size, clear=True)
            infos.append(loaded.info)
            async with migragraph_server(shared, editor) as url:
                for request, by_size in (await time_requests([(loaded, url)], editor, timing)).items():
                    times.setdefault(request, {}).update(by_size)
        async with open_store(shared, ontology) as store:
            await store.clear()
        return Curve("neo4j", infos, interleaved=False, times=times)
    with contextlib.ExitStack() as servers:
        uris = {size: servers.enter_context(neo4j_server()) for size in sizes}
        loaded_all = [await load(uris[size], ontology, size) for size in sizes]
        async with contextlib.AsyncExitStack() as stack:
            urls = [await stack.enter_async_context(migragraph_server(uris[size], editor)) for size in sizes]
            log(f"neo4j: timing {len(sizes)} sizes interleaved")
            times = await time_requests(list(zip(loaded_all, urls, strict=True)), editor, timing)
    return Curve("neo4j", [x.info for x in loaded_all], interleaved=True, times=times)


async def run_curves(stores: Sequence[str], sizes: list[int], timing: Timing) -> list[Curve]:
    ontology = load_ontology()
    key, entry = new_key("bench-scale", Role.EDITOR)
    editor = Editor(key, entry)
    curves = []
    for store in stores:
        make = embedded_curve if store == "embedded" else neo4j_curve
        curves.append(await make(ontology, sizes, editor, timing))
    return curves


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(x) for x in text.split(",")})
    if len(sizes) < 2 or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("give at least two positive sizes, e.g. 1000,10000")
    return sizes


def _stores(text: str) -> list[str]:
    stores = [x.strip() for x in text.split(",")]
    if not stores or any(s not in STORES for s in stores):
        raise argparse.ArgumentTypeError(f"stores are among {', '.join(STORES)}")
    return stores


def _code_under_test() -> str:
    """The commit the servers ran, and the product files that differed from it (others edit the same checkout)."""
    git = ["git", "-C", str(HERE.parent)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)  # noqa: S603
    status = subprocess.run(  # noqa: S603
        [*git, "status", "--porcelain", "--", "graph_api", "loaders", "schema"],
        capture_output=True,
        text=True,
        check=False,
    )
    changed = sorted(line[3:] for line in status.stdout.splitlines())
    dirty = f"; uncommitted changes in {', '.join(changed)}" if changed else "; no uncommitted changes"
    return f"Code: commit {head.stdout.strip() or 'unknown'}{dirty}."


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=_sizes, help="actor counts, e.g. 1000,10000,100000 (the default)")
    parser.add_argument("--stores", type=_stores, help="embedded,neo4j (the default)")
    parser.add_argument("--out", type=Path, default=HERE, help="where SCALE.md and scale.json go (default: bench/)")
    parser.add_argument("--quick", action="store_true", help="sizes 300,3000, embedded only, few repetitions")
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    stores = args.stores or (["embedded"] if args.quick else list(STORES))
    timing = Timing(5, 10.0, 3, 0.2) if args.quick else Timing(30, 200.0, 100, 3.0)
    started = time.perf_counter()
    curves = asyncio.run(run_curves(stores, sizes, timing))
    wall = time.perf_counter() - started
    command = " ".join(["python -m bench.scale", *(sys.argv[1:] if argv is None else argv)])
    notes = [f"Wall time of the run: {wall:.0f} s.", _code_under_test()]
    write_scale(args.out, curves, command, machine(), notes)
    log(f"wrote {args.out / 'SCALE.md'} and scale.json in {wall:.0f} s")


if __name__ == "__main__":
    main()
