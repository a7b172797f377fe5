"""Accepting a candidate relationship that is already on record adds to it instead of replacing it, and says
what was there before."""

from __future__ import annotations

import asyncio
import json

from starlette.testclient import TestClient

from graph_api.model.records import Direction, Edge, GraphBatch, Node
from graph_api.store.opening import open_store
from tests.conftest import EDITOR_KEY, as_

ACCEPT = "mutation($id: ID!) { acceptCandidate(id: $id) { audit { before after } } }"


def test_accepting_a_known_relationship_keeps_what_it_said(staff: TestClient, store_url: str) -> None:
    async def propose() -> Edge:
        async with open_store(store_url) as store:
            [members] = await store.relations(["pe-inei"], "MEMBER_OF", Direction.OUT)
            [known] = [e for e in members if e.end == "pe-mesa-migraciones"]
            document = Node("doc-otra-nota", "Document", {"id": "doc-otra-nota", "name": "Otra nota", "language": "es"})
            candidate = Node(
                "candidate-rel-inei-mesa",
                "Candidate",
                {
                    "id": "candidate-rel-inei-mesa",
                    "name": "pe-inei MEMBER_OF pe-mesa-migraciones",
                    "status": "pending",
                    "proposed_type": "MEMBER_OF",
                    "proposed_from": "pe-inei",
                    "proposed_to": "pe-mesa-migraciones",
                    "proposed_properties": "{}",
                    "evidence": "El INEI integra la Mesa.",
                    "seen_in": ["otra-nota.txt:0-24"],
                },
            )
            mention = Edge("MENTIONED_IN", candidate.id, document.id, {"sources": [document.id]})
            await store.write(GraphBatch((document, candidate), (mention,)))
            return known

    known = asyncio.run(propose())
    answer = as_(staff, EDITOR_KEY, ACCEPT, id="candidate-rel-inei-mesa")
    assert "errors" not in answer, answer
    audit = answer["data"]["acceptCandidate"]["audit"]
    assert json.loads(audit["before"]) == dict(known.properties)
    after = json.loads(audit["after"])
    assert after["sources"] == sorted({*known.properties["sources"], "doc-otra-nota"})
    assert after["evidence"] == known.properties.get("evidence", "El INEI integra la Mesa.")
