"""Where a request's time goes: the bench's nested query, coverage matrix and shortest path, run in this process
through migragraph's schema on a synthetic graph, with the time spent in store calls counted apart and a
cProfile of the rest.

    python -m bench.profile --actors 100000                 # embedded, in a temporary file
    NEO4J_URI=bolt://127.0.0.1:7687 python -m bench.profile --actors 100000 --store neo4j   # its graph is DELETED

For each workload: the median wall time of the executions, how many store calls one execution makes and the
time they take (on Neo4j, round trips), and the functions that take the most time of their own.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import io
import os
import pstats
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
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

from .queries import COVERAGE_PLACE, NESTED_BODIES, nested_query
from .suite import ACTORS_PER_RELATIONSHIP

__all__ = ["StoreClock", "main"]

_STORE_CALLS = (
    "get_nodes",
    "relations",
    "related",
    "adjacent",
    "page_nodes",
    "count_nodes",
    "shortest_paths",
    "search_candidates",
    "name_containing",
    "ranked_by_count",
    "lookup",
    "version",
    "stats",
)


class StoreClock:
    """Counts the calls made to a real store and the time spent in them (wraps its read methods in place)."""

    def __init__(self, store: GraphStore) -> None:
        self.calls = 0
        self.seconds = 0.0
        for name in _STORE_CALLS:
            method = getattr(store, name, None)
            if method is not None:
                setattr(store, name, self._timed(method))

    def _timed(self, method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        @functools.wraps(method)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await method(*args, **kwargs)
            finally:
                self.calls += 1
                self.seconds += time.perf_counter() - start

        return timed

    def reset(self) -> None:
        self.calls, self.seconds = 0, 0.0


def _workloads(first_actor: str, last_actor: str) -> dict[str, str]:
    return {
        "nested 3-level query": nested_query(NESTED_BODIES),
        "coverage matrix, one region": f'{{ coverageMatrix(places: ["{COVERAGE_PLACE}"]) '
        f"{{ rows {{ actor {{ id }} coveredCount }} }} }}",
        "shortest path": f'{{ paths(from: "{first_actor}", to: "{last_actor}", limit: 1) {{ length }} }}',
    }


async def profile(store_url: str, actors: int, repetitions: int, top: int) -> str:
    ontology = load_ontology()
    batch = synthetic_graph(ontology, round(actors / ACTORS_PER_RELATIONSHIP), seed=1)
    institutions = sorted(n.id for n in batch.nodes if n.label == "Institution")
    out = io.StringIO()
    async with open_store(store_url, ontology) as store:
        await store.clear()
        await store.write(batch)
        settings = Settings(store=store_url, seed_if_empty=False)
        schema, analytics = build_schema(settings), AnalyticsCache(store)
        clock = StoreClock(store)
        out.write(
            f"{store.kind}, {actors:,} actors requested ({len(batch.nodes):,} nodes, {len(batch.edges):,} "
            f"relationships)\n"
        )
        for name, query in _workloads(institutions[0], institutions[len(institutions) // 2]).items():

            async def once(query: str = query, name: str = name) -> None:
                context = Context(store=store, ontology=ontology, settings=settings, analytics=analytics)
                result = await schema.execute(query, context_value=context)
                if result.errors:
                    raise RuntimeError(f"{name}: {result.errors}")

            await once()  # warm
            walls, store_times, calls = [], [], []
            for _ in range(repetitions):
                clock.reset()
                start = time.perf_counter()
                await once()
                walls.append(time.perf_counter() - start)
                store_times.append(clock.seconds)
                calls.append(clock.calls)
            profiler = cProfile.Profile()
            profiler.enable()
            await once()
            profiler.disable()
            wall, in_store = statistics.median(walls), statistics.median(store_times)
            out.write(
                f"\n## {name}: {wall * 1000:.1f} ms median of {repetitions}; {statistics.median(calls):.0f} store "
                f"calls taking {in_store * 1000:.1f} ms ({in_store / wall:.0%}); the rest "
                f"{(wall - in_store) * 1000:.1f} ms\n"
            )
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).strip_dirs().sort_stats("tottime").print_stats(top)
            out.write("\n".join(line for line in text.getvalue().splitlines() if line.strip()) + "\n")
        await store.clear()
    return out.getvalue()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.profile", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--store", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--repetitions", type=int, default=7)
    parser.add_argument("--top", type=int, default=15, help="functions listed per workload")
    args = parser.parse_args(argv)
    if args.store == "neo4j":
        url = os.environ.get("NEO4J_URI")
        if not url:
            parser.error("--store neo4j needs NEO4J_URI (its graph is deleted)")
        print(asyncio.run(profile(url, args.actors, args.repetitions, args.top)))
        return
    with tempfile.TemporaryDirectory() as workdir:
        print(asyncio.run(profile(str(Path(workdir) / "graph.db"), args.actors, args.repetitions, args.top)))


if __name__ == "__main__":
    main()
