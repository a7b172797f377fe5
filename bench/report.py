"""bench/RESULTS.md and bench/results.json: medians, p95, ratios to the floor and the peer, targets met or missed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .measure import Sample

__all__ = ["write_results"]

CAVEATS = [
    "The API server runs with the default cost budget (50,000): the estimate multiplies each relationship field by "
    "its own type's average fan-out, so the ~1,000-object nested query passes (3,548 at 10^5 actors).",
    "The embedded floors run on a networkx copy of the store's graph (and of its name index), read once, untimed, "
    "through the store's export.",
    "Nested query: the embedded floor takes the first bodies from a sorted id list made once (the store keeps the "
    "same index); everything else in it runs per call. The object count in the note is checked equal across variants.",
    "Shortest path: migragraph answers with every shortest path (up to `limit`, sorted, parallel relationships "
    "distinct; Cypher `allShortestPaths`), the floor finds one (`shortestPath` / `nx.shortest_path`), so the ratio "
    "includes enumerating the alternatives.",
    "Coverage: the floor counts covered needs per actor for the region (the synthetic places have no containment); "
    "the row count is checked equal to migragraph's.",
    "Bulk load: migragraph's `store.write` is one transaction (all or nothing) and reports created/updated counts "
    "per row and builds the search key; the Neo4j floor commits each 10k batch separately and does neither.",
    "Throughput: a Node keep-alive client (bench/load.mjs), 16 connections, fixed-time rounds, interleaved; "
    "the client and the one uvicorn worker share the 2 cores.",
]


def _fmt(sample: Sample, value: float) -> str:
    if sample.unit == "s":
        return f"{value * 1000:.2f} ms" if value < 10 else f"{value:.1f} s"
    return f"{value:,.0f} {sample.unit}"


def _ratio(sample: Sample, other: Sample | None) -> float | None:
    """Time ratio (subject / other; lower is better) or rate ratio (subject / other; higher is better)."""
    if other is None or other is sample:
        return None
    return sample.median / other.median


def _actors(size: str) -> int:
    """The number of actors a size names ("97,880 actors"), 0 for sizes of another kind ("10,000 rels")."""
    count, _, unit = size.partition(" ")
    return int(count.replace(",", "")) if unit == "actors" and count.replace(",", "").isdigit() else 0


def _target(sample: Sample, floor: Sample | None, peer: Sample | None, library: Sample | None) -> str:
    if sample.role != "subject":
        return ""
    w = sample.workload
    # Issue 16's targets: nested ≤ 2× its floor (and on Neo4j ≥ 1.0× @neo4j/graphql) at 10^4 and 10^5 actors;
    # at 10^5 actors, the shortest path ≤ 3× its floor and the coverage matrix ≤ 2× its floor.
    large = _actors(sample.size) >= 50_000  # the 10^5-actor graph (97,880 actors with seed 1)
    if w.startswith("nested") and sample.store == "neo4j" and floor is not None:
        r = sample.median / floor.median
        text = f"≤ 2× floor: {'met' if r <= 2 else 'MISSED'} ({r:.1f}×); "
        if library is None:
            return text + "≥ @neo4j/graphql: not measured"
        lr = library.median / sample.median
        return text + f"≥ @neo4j/graphql: {'met' if lr >= 1 else 'MISSED'} (library time / ours = {lr:.2f}×)"
    if w.startswith("nested") and sample.store == "embedded" and floor is not None:
        r = sample.median / floor.median
        return f"≤ 2× floor: {'met' if r <= 2 else 'MISSED'} ({r:.1f}×)"
    if w.startswith("shortest path") and floor is not None and large:
        r = sample.median / floor.median
        return f"≤ 3× floor at 10^5: {'met' if r <= 3 else 'MISSED'} ({r:.1f}×)"
    if w.startswith("coverage matrix") and floor is not None and large:
        r = sample.median / floor.median
        return f"≤ 2× floor at 10^5: {'met' if r <= 2 else 'MISSED'} ({r:.1f}×)"
    if w.startswith("GraphQL execution") and peer is not None:
        r = sample.median / peer.median
        return f"≤ 0.5× stock per field: {'met' if r <= 0.5 else 'MISSED'} ({r:.2f}×)"
    if w.startswith("trivial") and floor is not None and peer is not None:
        a, b = sample.median / peer.median, sample.median / floor.median
        return (
            f"≥ 1.5× stock: {'met' if a >= 1.5 else 'MISSED'} ({a:.2f}×); "
            f"≥ 40% bare: {'met' if b >= 0.4 else 'MISSED'} ({b:.0%})"
        )
    if w.startswith("bulk") and floor is not None:
        speed = floor.median / sample.median
        rate = sample.entities / sample.median
        text = f"≥ 0.8× hand-written: {'met' if speed >= 0.8 else 'MISSED'} ({speed:.2f}×); {rate:,.0f} entities/s"
        if "100,000 rels" in sample.size:
            text += f" (≥ 30,000/s: {'met' if rate >= 30_000 else 'MISSED'})"
        return text
    return ""


def _bulk_flatness(samples: list[Sample]) -> str:
    """The bulk-load target: throughput within 20% from the smallest to the largest load, per store."""
    lines = []
    for store in ("embedded", "neo4j"):
        rates = {
            s.size: s.entities / s.median
            for s in samples
            if s.workload == "bulk load" and s.store == store and s.role == "subject"
        }
        if len(rates) < 2:
            continue
        low, high = min(rates.values()), max(rates.values())
        spread = ", ".join(f"{size}: {rate:,.0f}/s" for size, rate in rates.items())
        verdict = "met" if low >= 0.8 * high else "MISSED"
        lines.append(
            f"Bulk load throughput on {store} ({spread}): slowest / fastest = {low / high:.2f} (flat within 20%: {verdict}).\n"
        )
    return "".join(lines)


def write_results(
    out: Path,
    samples: list[Sample],
    memory: dict[str, Any],
    machine: dict[str, Any],
    *,
    quick: bool,
    wall_seconds: float,
    notes: list[str] | None = None,
) -> None:
    groups: dict[tuple[str, str, str], list[Sample]] = {}
    for s in samples:
        groups.setdefault((s.workload, s.size, s.store), []).append(s)
    rows = []
    records = []
    for (_, _, _), group in groups.items():
        floor = next((s for s in group if s.role == "floor"), None)
        peer = next((s for s in group if s.role == "peer"), None)
        library = next((s for s in group if s.role == "library"), None)
        for s in group:
            rf, rp = _ratio(s, floor), _ratio(s, peer)
            target = _target(s, floor, peer, library)
            rows.append(
                f"| {s.workload} | {s.size} | {s.store} | {s.variant} | {_fmt(s, s.median)} | {_fmt(s, s.p95)} | "
                f"{'' if rf is None else f'{rf:.2f}×'} | {'' if rp is None else f'{rp:.2f}×'} | {len(s.values)} | "
                f"{s.note} | {target} |"
            )
            records.append(
                {
                    "workload": s.workload,
                    "size": s.size,
                    "store": s.store,
                    "variant": s.variant,
                    "role": s.role,
                    "unit": s.unit,
                    "median": s.median,
                    "p95_or_p05": s.p95,
                    "samples": s.values,
                    "ratio_to_floor": rf,
                    "ratio_to_peer": rp,
                    "note": s.note,
                    "target": target,
                }
            )
    mem = ""
    if memory:
        per = memory["bytes_per_million_relationships"]
        peak = memory.get("peak_bytes_per_million_relationships", per)
        how = "extrapolated linearly from" if memory["extrapolated"] else "measured at"
        mem = (
            f"Embedded store memory: {per / 2**30:.2f} GiB ({per / 1e9:.2f} GB) of RSS per 10^6 relationships once "
            f"open, {peak / 2**30:.2f} GiB ({peak / 1e9:.2f} GB) at the peak while opening ({how} "
            f"{memory['relationships']:,} relationships; a fresh process opening the store file: graph plus name "
            f"indexes). Target ≤ 2 GB: {'met' if max(per, peak) <= 2e9 else 'MISSED'}.\n"
        )
    mem += _bulk_flatness(samples)
    bullets = "".join(f"- {n}\n" for n in [*(notes or []), *CAVEATS])
    text = (
        f"""# Benchmark results

Produced by `python -m bench{" --quick" if quick else ""}` in {wall_seconds:.0f} s on {machine["cpu"]}
({machine["cores"]} cores, {machine["memory_gb"]} GB), {machine["platform"]}, Python {machine["python"]},
Node {machine["node"]}, Neo4j {machine["neo4j_server"]}; packages: {", ".join(f"{k} {v}" for k, v in machine["packages"].items())}.
{machine["date"]}.

Every row is the median (and p95; for rates the 5th percentile, the slow tail) of repeated runs, the variants of a
workload interleaved in rotating order after warm-up rounds. Ratios are median / median: for times, lower is
better (1.5× = 50% slower than the floor); for rates (req/s), higher is better. HTTP workloads hit a real uvicorn
on loopback (one worker; the client shares the 2 cores). The floor of each workload is the same answer computed
without GraphQL (one hand-written Cypher query through the driver, or networkx directly); the peer is stock
Strawberry with naive per-field resolvers on the same store and the same server.

{mem}
{bullets}
| workload | size | store | variant | median | p95 | ratio to floor | ratio to peer | n | note | target |
|---|---|---|---|---:|---:|---:|---:|---:|---|---|
"""
        + "\n".join(rows)
        + "\n"
    )
    out.mkdir(parents=True, exist_ok=True)
    (out / "RESULTS.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(
        json.dumps(
            {"quick": quick, "wall_seconds": wall_seconds, "machine": machine, "memory": memory, "results": records},
            indent=1,
        ),
        encoding="utf-8",
    )
