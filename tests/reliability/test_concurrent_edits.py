"""Concurrent edits serialise: none is lost, none acts on a stale read, on both stores and across processes."""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.model.ontology import Ontology
from graph_api.model.records import Direction
from graph_api.settings import Settings
from graph_api.store.opening import open_store
from tests.conftest import EDITOR_ENTRY, EDITOR_KEY, as_

REPO = Path(__file__).resolve().parents[2]
ADD = """mutation($input: CoverageInput!) { addCoverage(input: $input) { audit { id } } }"""
UPDATE = """mutation($input: CoverageInput!) { updateCoverage(input: $input) { audit { id before after } } }"""
AUDIT = """query($before: String) { auditLog(first: 100, before: $before) { id target before after } }"""


def coverage(activity: str) -> dict[str, Any]:
    return {"actor": "pe-inei", "need": "nutrition", "sources": ["doc-mre-mesa-migraciones"], "activity": activity}


def at_once(count: int, call: Any) -> list[dict[str, Any]]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(call, range(count)))


def audit_of(client: TestClient, target: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    before = None
    while page := as_(client, EDITOR_KEY, AUDIT, before=before)["data"]["auditLog"]:
        entries.extend(page)
        before = page[-1]["id"]
    return sorted((e for e in entries if e["target"] == target), key=lambda e: e["id"])


def test_of_sixteen_identical_adds_exactly_one_succeeds(staff: TestClient) -> None:
    answers = at_once(16, lambda i: as_(staff, EDITOR_KEY, ADD, input=coverage(f"try {i}")))
    succeeded = [a for a in answers if not a.get("errors")]
    codes = sorted(a["errors"][0]["extensions"]["code"] for a in answers if a.get("errors"))
    assert len(succeeded) == 1
    assert codes == ["ALREADY_EXISTS"] * 15
    assert len(audit_of(staff, "pe-inei -COVERS-> nutrition")) == 1


def test_concurrent_updates_each_see_the_previous_one(staff: TestClient, store_url: str) -> None:
    assert not as_(staff, EDITOR_KEY, ADD, input=coverage("first")).get("errors")
    answers = at_once(16, lambda i: as_(staff, EDITOR_KEY, UPDATE, input=coverage(f"update {i}")))
    assert [a.get("errors") for a in answers] == [None] * 16
    chain = audit_of(staff, "pe-inei -COVERS-> nutrition")
    assert len(chain) == 17
    for previous, entry in itertools.pairwise(chain):
        assert json.loads(entry["before"]) == json.loads(previous["after"])
    assert asyncio.run(stored_coverage(store_url)) == json.loads(chain[-1]["after"])


async def stored_coverage(store_url: str) -> dict[str, Any]:
    async with open_store(store_url) as store:
        [edges] = await store.relations(["pe-inei"], "COVERS", Direction.OUT)
    [edge] = [e for e in edges if e.end == "nutrition"]
    return dict(edge.properties)


INCREMENTS = textwrap.dedent(
    """
    import asyncio, json, sys
    from graph_api.services.retry import retried
    from graph_api.model.records import Direction, Edge, ExpectEdge, GraphBatch, canonical_json, new_audit_entry
    from graph_api.store.opening import open_store

    async def main(url: str, who: str, rounds: int) -> None:
        async with open_store(url) as store:
            async def increment() -> None:
                [edges] = await store.relations(["pe-inei"], "COVERS", Direction.OUT)
                [edge] = [e for e in edges if e.end == "nutrition"]
                after = {**edge.properties, "activity": str(int(edge.properties["activity"]) + 1)}
                entry = new_audit_entry(who, "editor", "updateCoverage", "pe-inei -COVERS-> nutrition",
                                        canonical_json(edge.properties), canonical_json(after))
                expected = ExpectEdge("COVERS", "pe-inei", "nutrition", edge.properties)
                batch = GraphBatch(edges=(Edge("COVERS", "pe-inei", "nutrition", after),), audit=(entry,),
                                   expect=(expected,))
                await store.write(batch)
            for _ in range(rounds):
                await retried(increment, "the counter")

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
    """
)


@pytest.mark.parametrize("rounds", [60])
async def test_two_processes_lose_no_increment(store_url: str, ontology: Ontology, rounds: int) -> None:
    with TestClient(create_app(Settings(store=store_url, api_keys=EDITOR_ENTRY))) as client:
        assert not as_(client, EDITOR_KEY, ADD, input=coverage("0")).get("errors")
    procs = [
        subprocess.Popen([sys.executable, "-c", INCREMENTS, store_url, f"process-{i}", str(rounds)], cwd=REPO)  # noqa: ASYNC220
        for i in range(2)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    async with open_store(store_url, ontology) as store:
        [edges] = await store.relations(["pe-inei"], "COVERS", Direction.OUT)
        [edge] = [e for e in edges if e.end == "nutrition"]
        assert edge.properties["activity"] == str(2 * rounds)
        entries = [e for e in await store.audit_log(1000) if e.who.startswith("process-")]
    assert len(entries) == 2 * rounds
    values = sorted(int(json.loads(e.after or "{}")["activity"]) for e in entries)
    assert values == list(range(1, 2 * rounds + 1))


def test_a_cli_load_while_serving_is_seen_and_loses_nothing(tmp_path: Path) -> None:
    store = str(tmp_path / "graph.db")
    package = tmp_path / "extra.yaml"
    package.write_text(
        "nodes:\n"
        "  - {label: Document, id: doc-extra, name: Nota, title: Nota, publisher: Nadie, language: es}\n"
        "  - {label: Institution, id: pe-extra, name: Agencia Extra, kind: agency, sources: [doc-extra]}\n",
        encoding="utf-8",
    )
    with TestClient(create_app(Settings(store=store, api_keys=EDITOR_ENTRY))) as client:
        assert not as_(client, EDITOR_KEY, ADD, input=coverage("before the load")).get("errors")
        done = subprocess.run(
            [sys.executable, "-m", "graph_api", "load", str(package), "--store", store],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        found = as_(client, EDITOR_KEY, '{ institution(id: "pe-extra") { name } }')
        assert found["data"]["institution"] == {"name": "Agencia Extra"}
        assert not as_(client, EDITOR_KEY, UPDATE, input=coverage("after the load")).get("errors")
    with TestClient(create_app(Settings(store=store, api_keys=EDITOR_ENTRY))) as client:
        assert len(audit_of(client, "pe-inei -COVERS-> nutrition")) == 2
        found = as_(client, EDITOR_KEY, '{ institution(id: "pe-extra") { name } }')
        assert found["data"]["institution"] == {"name": "Agencia Extra"}
