"""A bounded soak: many staff editing and reading at once, through real servers, then a check that nothing was lost.

    python -m bench.soak                       # both stores, 16 clients × 60 s, two server processes per store
    python -m bench.soak --store embedded --seconds 20 --clients 8
    NEO4J_URI=bolt://127.0.0.1:7687 python -m bench.soak --store neo4j   # your own (empty!) Neo4j

For each store, two `migragraph serve` processes on loopback share one store (for the embedded store: one SQLite
file; for Neo4j: one database, from scripts/neo4j-dev.sh unless NEO4J_URI is set — its graph is cleared). Each
client sends to one of the two servers, half reads (coverage matrix, search, a nested query) and half edits:
- on coverage facts of its own (add when absent, else update or remove), whose every answer it can predict;
- on facts all clients share (updates only), where edits collide.

Afterwards the store itself is read and checked:
- every acknowledged mutation has its audit entry and no audit entry lacks an acknowledged mutation;
- per fact, each audit entry's `before` is the previous entry's `after` (no edit applied on a stale read);
- the stored fact is the last entry's `after`, and each client's own facts are as it left them;
- each server, asked before it stops, holds the same facts as the store (it caught up on the other's writes);
- no request failed (every answer 200 without errors), and /healthz answered 200 throughout.
Exit status 1 if any of that does not hold. Results go to stdout and, with --out, to a JSON file.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx

from graph_api.model.ontology import load_ontology
from graph_api.model.records import AuditEntry, Direction
from graph_api.services.auth import Role, new_key
from graph_api.store.opening import open_store

from .processes import free_port, neo4j_server, serving
from .progress import log

__all__ = ["SoakResult", "main", "soak"]

ADD = """mutation($input: CoverageInput!) { addCoverage(input: $input) { audit { id } } }"""
UPDATE = """mutation($input: CoverageInput!) { updateCoverage(input: $input) { audit { id } } }"""
REMOVE = """mutation($actor: ID!, $need: ID!) { removeCoverage(actor: $actor, need: $need) { audit { id } } }"""
READS = (
    "{ coverageMatrix { needs { id } rows { actor { id } coveredCount cells { need { id } covered } } } }",
    '{ search(text: "ministerio", first: 5) { ... on Institution { id name } } }',
    '{ coordinationBody(name: "Mesa") { members { node { id memberOf { node { id } } } } } }',
)
SHARED_PAIRS = 4
OWN_PAIRS = 2
DOCUMENT = "doc-mre-mesa-migraciones"


@dataclass
class SoakResult:
    store: str
    servers: int
    clients: int
    seconds: float
    reads: int = 0
    mutations_acknowledged: int = 0
    audit_entries: int = 0
    lost_writes: int = 0
    phantom_entries: int = 0
    stale_befores: int = 0
    state_mismatches: int = 0
    served_mismatches: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    read_ms_p50: float = 0.0
    read_ms_p99: float = 0.0
    edit_ms_p50: float = 0.0
    edit_ms_p99: float = 0.0

    @property
    def ok(self) -> bool:
        problems = (
            self.lost_writes,
            self.phantom_entries,
            self.stale_befores,
            self.state_mismatches,
            self.served_mismatches,
            self.errors,
        )
        busy = self.mutations_acknowledged >= self.clients and self.reads >= self.clients
        return busy and not any(problems) and self.mutations_acknowledged == self.audit_entries


@dataclass
class _Client:
    number: int
    url: str
    key: str
    own: list[tuple[str, str]]
    shared: list[tuple[str, str]]
    present: dict[tuple[str, str], str | None] = field(default_factory=dict)
    acknowledged: dict[str, tuple[str, str]] = field(default_factory=dict)
    read_ms: list[float] = field(default_factory=list)
    edit_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    edits: int = 0


@contextlib.asynccontextmanager
async def _servers(store: str, keys: str, count: int) -> AsyncIterator[list[str]]:
    """`count` real `migragraph serve` processes on loopback over `store`; the first seeds an empty store."""
    env = {**os.environ, "MIGRAGRAPH_API_KEYS": keys, "MIGRAGRAPH_STORE": store}
    async with contextlib.AsyncExitStack() as stack:
        urls: list[str] = []
        for index in range(count):
            port = free_port()
            args = [sys.executable, "-m", "graph_api", "serve", "--host", "127.0.0.1", "--port", str(port)]
            args += ["--log-level", "warning"] + (["--no-seed"] if index else [])
            server = serving(f"server {index + 1}", args, port, health_path="/healthz", env=env, within=60)
            urls.append(await stack.enter_async_context(server))
        yield urls


async def _post(client: httpx.AsyncClient, c: _Client, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(
        f"{c.url}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {c.key}"},
        timeout=60,
    )
    body: dict[str, Any] = response.json() if response.headers.get("content-type", "").find("json") >= 0 else {}
    if response.status_code != 200 or body.get("errors") or not body.get("data"):
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
    return body


def _coverage(pair: tuple[str, str], activity: str) -> dict[str, Any]:
    # The same text as evidence too: each server then shows which edit it holds (`covers { evidence }`).
    return {"actor": pair[0], "need": pair[1], "sources": [DOCUMENT], "activity": activity, "evidence": activity}


SERVED = "query($id: ID!) { institution(id: $id) { covers { node { id } evidence } } }"


async def _watch_health(urls: list[str], deadline: float, errors: list[str]) -> None:
    """/healthz on every server twice a second while the soak runs: each must answer 200."""
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            for url in urls:
                try:
                    response = await client.get(f"{url}/healthz", timeout=10)
                    if response.status_code != 200:
                        errors.append(f"{url}/healthz: HTTP {response.status_code} {response.text[:200]}")
                except httpx.HTTPError as err:
                    errors.append(f"{url}/healthz: {type(err).__name__}: {err}")
            await asyncio.sleep(0.5)


async def _served(url: str, key: str, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
    """What one server answers for each pair: the evidence of the coverage it holds, or None."""
    found: dict[tuple[str, str], str | None] = {}
    async with httpx.AsyncClient() as client:
        for actor in sorted({a for a, _ in pairs}):
            body = await _post(client, _Client(-1, url, key, [], []), SERVED, {"id": actor})
            covers = {c["node"]["id"]: c["evidence"] for c in body["data"]["institution"]["covers"]}
            found.update({(a, n): covers.get(n) for a, n in pairs if a == actor})
    return found


async def _run_client(c: _Client, deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                if rng.random() < 0.5:
                    await _post(client, c, rng.choice(READS), {})
                    c.read_ms.append((time.perf_counter() - started) * 1000)
                    continue
                c.edits += 1
                activity = f"client {c.number} edit {c.edits}"
                if rng.random() < 0.5:
                    pair = rng.choice(c.shared)
                    body = await _post(client, c, UPDATE, {"input": _coverage(pair, activity)})
                    c.acknowledged[body["data"]["updateCoverage"]["audit"]["id"]] = pair
                else:
                    pair = rng.choice(c.own)
                    if c.present.get(pair) is None:
                        body = await _post(client, c, ADD, {"input": _coverage(pair, activity)})
                        c.acknowledged[body["data"]["addCoverage"]["audit"]["id"]] = pair
                        c.present[pair] = activity
                    elif rng.random() < 0.7:
                        body = await _post(client, c, UPDATE, {"input": _coverage(pair, activity)})
                        c.acknowledged[body["data"]["updateCoverage"]["audit"]["id"]] = pair
                        c.present[pair] = activity
                    else:
                        body = await _post(client, c, REMOVE, {"actor": pair[0], "need": pair[1]})
                        c.acknowledged[body["data"]["removeCoverage"]["audit"]["id"]] = pair
                        c.present[pair] = None
                c.edit_ms.append((time.perf_counter() - started) * 1000)
            except (RuntimeError, httpx.HTTPError, ValueError) as err:
                c.errors.append(f"client {c.number}: {type(err).__name__}: {err}")


async def _pairs(store_url: str, count: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(actor, need) pairs that nothing covers yet: the shared ones first, then `count` for the clients."""
    ontology = load_ontology()
    async with open_store(store_url, ontology) as store:
        actors = [n.id for n in (await store.page_nodes("Institution", first=1000)).nodes]
        needs = [n.id for n in (await store.page_nodes("MigrantNeed", first=1000)).nodes]
        covered = {(e.start, e.end) for edges in await store.relations(actors, "COVERS", Direction.OUT) for e in edges}
    free = [(a, n) for a in actors for n in needs if (a, n) not in covered]
    if len(free) < SHARED_PAIRS + count:
        raise RuntimeError(f"the bundled graph has {len(free)} uncovered pairs; the soak needs {SHARED_PAIRS + count}")
    return free[:SHARED_PAIRS], free[SHARED_PAIRS : SHARED_PAIRS + count]


async def _audit(store_url: str) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    async with open_store(store_url, load_ontology()) as store:
        before = None
        while page := await store.audit_log(1000, before):
            entries.extend(page)
            before = page[-1].id
    return entries


async def _stored(store_url: str, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any] | None]:
    async with open_store(store_url, load_ontology()) as store:
        found = await store.relations(sorted({a for a, _ in pairs}), "COVERS", Direction.OUT)
    by_pair = {(e.start, e.end): dict(e.properties) for edges in found for e in edges}
    return {pair: by_pair.get(pair) for pair in pairs}


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 1)


async def soak(store_url: str, kind: str, clients: int, seconds: float, servers: int = 2) -> SoakResult:
    """Run the soak on the store at `store_url` (empty, or holding only what the soak writes) and check it."""
    keys = [new_key(f"soak-{i}", Role.EDITOR) for i in range(clients)]
    result = SoakResult(kind, servers, clients, seconds)
    async with _servers(store_url, ",".join(entry for _, entry in keys), servers) as urls:
        shared, own = await _pairs(store_url, clients * OWN_PAIRS)
        setup = _Client(-1, urls[0], keys[0][0], [], [])
        async with httpx.AsyncClient() as client:
            for pair in shared:
                body = await _post(client, setup, ADD, {"input": _coverage(pair, "set up")})
                setup.acknowledged[body["data"]["addCoverage"]["audit"]["id"]] = pair
        workers = [
            _Client(i, urls[i % len(urls)], keys[i][0], own[i * OWN_PAIRS : (i + 1) * OWN_PAIRS], shared)
            for i in range(clients)
        ]
        log(f"soak on {kind}: {clients} clients × {seconds:g} s over {len(urls)} servers")
        deadline = time.monotonic() + seconds
        health: list[str] = []
        await asyncio.gather(
            _watch_health(urls, deadline, health), *(_run_client(w, deadline, seed=i) for i, w in enumerate(workers))
        )
        # Each server must hold what the store holds (it catches up on the other's writes).
        in_store = await _stored(store_url, shared + own)
        for url in urls:
            for pair, served in (await _served(url, keys[0][0], shared + own)).items():
                now = in_store[pair]
                if served != (now.get("evidence") if now is not None else None):
                    result.served_mismatches += 1
    # The servers are stopped: what follows reads what they left in the store.
    everyone = [setup, *workers]
    acknowledged = {entry: pair for c in everyone for entry, pair in c.acknowledged.items()}
    entries = [e for e in await _audit(store_url) if e.who.startswith("soak-")]
    by_id = {e.id: e for e in entries}
    result.reads = sum(len(c.read_ms) for c in workers)
    result.mutations_acknowledged = len(acknowledged)
    result.audit_entries = len(entries)
    result.lost_writes = sum(1 for entry in acknowledged if entry not in by_id)
    result.phantom_entries = sum(1 for entry in by_id if entry not in acknowledged)
    chains: dict[str, list[AuditEntry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.id):
        chains[entry.target].append(entry)
    stored = await _stored(store_url, shared + own)
    for pair, now in stored.items():
        chain = chains.get(f"{pair[0]} -COVERS-> {pair[1]}", [])
        if chain and chain[0].before is not None:
            result.stale_befores += 1
        for previous, entry in itertools.pairwise(chain):
            if _parsed(entry.before) != _parsed(previous.after):
                result.stale_befores += 1
        last = _parsed(chain[-1].after) if chain else None
        if now != last:
            result.state_mismatches += 1
    for c in workers:
        for pair, activity in c.present.items():
            now = stored[pair]
            if (now is None) != (activity is None) or (now is not None and now.get("activity") != activity):
                result.state_mismatches += 1
    errors = [e for c in everyone for e in c.errors] + health
    result.errors, result.error_samples = len(errors), errors[:5]
    reads = [ms for c in workers for ms in c.read_ms]
    edits = [ms for c in workers for ms in c.edit_ms]
    result.read_ms_p50, result.read_ms_p99 = _percentile(reads, 0.5), _percentile(reads, 0.99)
    result.edit_ms_p50, result.edit_ms_p99 = _percentile(edits, 0.5), _percentile(edits, 0.99)
    return result


def _parsed(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _table(results: list[SoakResult]) -> str:
    lines = [
        "| store | servers × clients × s | reads | mutations acked | audit entries | lost | phantom | stale before "
        "| state mismatches (store, servers) | errors | read p50/p99 ms | edit p50/p99 ms | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.store} | {r.servers} × {r.clients} × {r.seconds:g} | {r.reads} | {r.mutations_acknowledged} | "
            f"{r.audit_entries} | {r.lost_writes} | {r.phantom_entries} | {r.stale_befores} | "
            f"{r.state_mismatches}, {r.served_mismatches} | "
            f"{r.errors} | {r.read_ms_p50}/{r.read_ms_p99} | {r.edit_ms_p50}/{r.edit_ms_p99} | "
            f"{'ok' if r.ok else 'FAILED'} |"
        )
    return "\n".join(lines)


async def _main(args: argparse.Namespace) -> list[SoakResult]:
    results: list[SoakResult] = []
    if args.store in ("embedded", "both"):
        with tempfile.TemporaryDirectory(prefix="migragraph-soak-") as folder:
            path = str(Path(folder) / "graph.db")
            results.append(await soak(path, "embedded", args.clients, args.seconds, args.servers))
    if args.store in ("neo4j", "both"):
        with neo4j_server() as uri:
            async with open_store(uri, load_ontology()) as store:
                await store.clear()
            results.append(await soak(uri, "neo4j", args.clients, args.seconds, args.servers))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", choices=["embedded", "neo4j", "both"], default="both")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()
    results = asyncio.run(_main(args))
    print(_table(results))
    for r in results:
        for sample in r.error_samples:
            print(f"  {r.store}: {sample}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        payload = [{**vars(r), "ok": r.ok} for r in results]
        args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    sys.exit(0 if all(r.ok for r in results) else 1)


if __name__ == "__main__":
    main()
