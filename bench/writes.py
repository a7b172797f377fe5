"""What one edit costs on the embedded store as the graph grows, and what it does to reads meanwhile.

    python -m bench.writes                        # 12,500 and 125,000 relationships, 200 edits each
    python -m bench.writes --sizes 10000,100000 --edits 100 --out test-artifacts/writes.json

For each size a synthetic graph (loaders/packages/synthetic.py) is written to a fresh store file, then the same kind of
edit — one COVERS relationship's activity changed, with its audit entry, as `updateCoverage` writes it — is made
`--edits` times (with its expectation that the relationship is as last written, as the mutation's write
carries), the sizes interleaved edit by edit so that the machine's noise falls on both alike. The figure
is the larger graph's median edit time over the smaller one's: 1× means an edit costs what it changes, 10× means
it costs the graph (the first, JSON, file format rewrote the whole file on every edit). While the edits run, a
reader on the same event loop reads a node every millisecond; its slowest reads show whether a write stalls the
loop.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from graph_api.model.ontology import load_ontology
from graph_api.model.records import Edge, ExpectEdge, GraphBatch, new_audit_entry
from graph_api.store.embedded import EmbeddedStore
from loaders.packages.synthetic import synthetic_graph

from .progress import log

__all__ = ["main"]


async def _reader(store: EmbeddedStore, node_id: str, stop: asyncio.Event, gaps: list[float]) -> None:
    """Read one node every millisecond; record how long each read waited beyond that (the loop's stalls)."""
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0.001)
        await store.get_nodes([node_id])
        gaps.append((time.perf_counter() - started - 0.001) * 1000)


async def _run(sizes: list[int], edits: int) -> list[dict[str, Any]]:
    ontology = load_ontology()
    with tempfile.TemporaryDirectory(prefix="migragraph-writes-") as folder:
        stores: list[tuple[int, EmbeddedStore, Edge]] = []
        for size in sizes:
            batch = synthetic_graph(ontology, size, seed=4)
            store = EmbeddedStore(Path(folder) / f"graph-{size}.db", ontology)
            started = time.perf_counter()
            await store.write(batch)
            log(f"{size:,} relationships written in {time.perf_counter() - started:.1f} s")
            edge = next(e for e in batch.edges if e.type == "COVERS")
            stores.append((size, store, edge))
        timings: dict[int, list[float]] = {size: [] for size in sizes}
        gaps: dict[int, list[float]] = {size: [] for size in sizes}
        stops = {size: asyncio.Event() for size in sizes}
        readers = [asyncio.create_task(_reader(s, e.start, stops[n], gaps[n])) for n, s, e in stores]
        current = {size: dict(edge.properties) for size, _, edge in stores}
        for round_ in range(edits):
            for size, store, edge in stores:
                before, after = current[size], {**current[size], "activity": f"edit {round_}"}
                target = f"{edge.start} -{edge.type}-> {edge.end}"
                entry = new_audit_entry(
                    "bench", "editor", "updateCoverage", target, json.dumps(before), json.dumps(after)
                )
                batch = GraphBatch(
                    edges=(Edge(edge.type, edge.start, edge.end, after),),
                    audit=(entry,),
                    expect=(ExpectEdge(edge.type, edge.start, edge.end, before),),
                )
                started = time.perf_counter()
                await store.write(batch)
                timings[size].append((time.perf_counter() - started) * 1000)
                current[size] = after
        for event in stops.values():
            event.set()
        await asyncio.gather(*readers)
        for _, store, _ in stores:
            await store.close()
    base = statistics.median(timings[sizes[0]])
    rows = []
    for size in sizes:
        ordered = sorted(gaps[size])
        rows.append(
            {
                "relationships": size,
                "edits": edits,
                "edit_ms_median": round(statistics.median(timings[size]), 2),
                "edit_ms_p99": round(sorted(timings[size])[int(0.99 * (len(timings[size]) - 1))], 2),
                "growth_vs_smallest": round(statistics.median(timings[size]) / base, 2),
                "read_stall_ms_p99": round(ordered[int(0.99 * (len(ordered) - 1))], 2) if ordered else None,
                "read_stall_ms_max": round(ordered[-1], 2) if ordered else None,
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.writes", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="12500,125000", help="relationships, comma-separated (smallest first)")
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rows = asyncio.run(_run(sizes, args.edits))
    print("| relationships | edits | edit median ms | edit p99 ms | growth vs smallest | read stall p99 / max ms |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['relationships']:,} | {r['edits']} | {r['edit_ms_median']} | {r['edit_ms_p99']} | "
            f"{r['growth_vs_smallest']}× | {r['read_stall_ms_p99']} / {r['read_stall_ms_max']} |"
        )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
