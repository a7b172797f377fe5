"""Press releases in, facts with provenance out, on every store."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph_api.model.ontology import Ontology
from graph_api.model.records import Direction
from graph_api.model.text import normalize
from graph_api.store.protocol import GraphStore
from loaders.press.errors import DocumentError
from loaders.press.ingest import ingest_documents
from tests.conftest import EDITOR_KEY, READER_KEY, SEED_DOCUMENT, as_

pytestmark = pytest.mark.skipif(not SEED_DOCUMENT.exists(), reason="../shared/corpus is not beside the checkout")
MEMBERS = 9


async def edges_of(store: GraphStore, node: str, rel_type: str, direction: Direction) -> list[tuple[str, str]]:
    [edges] = await store.relations([node], rel_type, direction)
    return [(e.start, e.end) for e in edges]


async def test_the_real_press_release_into_an_empty_store(store: GraphStore, ontology: Ontology) -> None:
    report = await ingest_documents(store, ontology, [SEED_DOCUMENT], accept_new=True)
    assert report.candidates == 0 and report.facts >= 20
    text = SEED_DOCUMENT.read_text(encoding="utf-8")
    [mesa] = await store.lookup("mesa de trabajo intersectorial sobre migraciones", ["CoordinationBody"])
    [members] = await store.relations([mesa.id], "MEMBER_OF", Direction.IN)
    assert len(members) == MEMBERS
    for edge in members:
        [offsets] = edge.properties["evidence_offsets"]
        start, end = map(int, offsets.split("-"))
        assert text[start:end] == edge.properties["evidence"]
        assert "integrada por" in edge.properties["evidence"]
    [convener] = await store.relations([mesa.id], "CONVENES", Direction.IN)
    [foreign] = await store.get_nodes([convener[0].start])
    assert foreign is not None and foreign.name == "Ministerio de Relaciones Exteriores"
    # The paragraph the release repeats gives the fact once, with both places it is said.
    assert len(convener[0].properties["evidence_offsets"]) == 2
    units = {}
    for member in members:
        for unit, parent in await edges_of(store, member.start, "PART_OF", Direction.IN):
            units[parent] = unit
    unit_names = {p: n.name for p, n in zip(units, await store.get_nodes(list(units.values())), strict=True) if n}
    assert sorted(unit_names.values()) == ["Fondo Mivivienda", "Sistema Integral de Salud"]
    [supporter] = await store.relations([mesa.id], "SUPPORTS", Direction.IN)
    [runner] = await store.relations([supporter[0].start], "RUNS", Direction.IN)
    [ilo] = await store.get_nodes([runner[0].start])
    assert ilo is not None and ilo.name == "Organización Internacional del Trabajo"
    [held] = await store.relations([mesa.id], "HELD", Direction.OUT)
    [meeting] = await store.get_nodes([held[0].end])
    assert meeting is not None
    assert (meeting.properties["date"], meeting.properties["date_precision"]) == ("--08-11", "day")
    [served] = await store.relations([mesa.id], "SERVES", Direction.OUT)
    [population] = await store.get_nodes([served[0].end])
    assert population is not None
    assert (population.properties["size"], population.properties["size_approximate"]) == (3_000_000, True)
    again = await ingest_documents(store, ontology, [SEED_DOCUMENT], accept_new=True)
    assert not again.summary.changed


async def test_unknown_actors_wait_for_review_by_default(store: GraphStore, ontology: Ontology) -> None:
    # An empty graph knows the reference gazetteer's bodies (the ministries, the ILO, its programme): facts
    # between two of them are written; the Mesa is new, so it and every fact touching it wait for review.
    report = await ingest_documents(store, ontology, [SEED_DOCUMENT])
    assert report.candidates > 20
    stats = await store.stats()
    assert "MEMBER_OF" not in stats.edges and stats.nodes["Candidate"] == report.candidates
    [[runs]] = await store.relations(["int-ilo"], "RUNS", Direction.OUT)
    assert runs.end == "ilo-migrandina" and "MIGRANDINA" in runs.properties["evidence"]
    [[unit]] = await store.relations(["pe-sis"], "PART_OF", Direction.OUT)
    assert unit.end == "pe-minsa"
    written = sum(n for kind, n in stats.edges.items() if kind in {"RUNS", "PART_OF", "SUPPORTS", "MEMBER_OF"})
    assert report.facts == written == 3
    [ilo] = await store.get_nodes(["int-ilo"])
    assert ilo is not None and ilo.properties["iati_id"] == "XM-DAC-41302" and ilo.properties["acronym"] == "OIT"
    [mesa] = await store.get_nodes(["candidate-pe-mesa-de-trabajo-intersectorial-sobre-migraciones"])
    assert mesa is not None and mesa.properties["proposed_label"] == "CoordinationBody"
    assert mesa.properties["seen_in"][0].startswith(f"{SEED_DOCUMENT.name}:")


async def test_the_bundled_graph_gains_evidence_not_duplicates(loaded: GraphStore, ontology: Ontology) -> None:
    before = await loaded.stats()
    report = await ingest_documents(loaded, ontology, [SEED_DOCUMENT])
    assert report.document_ids == ("doc-mre-mesa-migraciones",)  # the same bytes: the same document
    assert report.candidates == 0
    after = await loaded.stats()
    assert after.nodes == before.nodes
    [members] = await loaded.relations(["pe-mesa-migraciones"], "MEMBER_OF", Direction.IN)
    assert all(
        e.properties["sources"] == ["doc-mre-mesa-migraciones"] and e.properties["evidence_offsets"] for e in members
    )
    assert not (await ingest_documents(loaded, ontology, [SEED_DOCUMENT])).summary.changed


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        ("El día estuvo soleado y la gente paseó por el parque.".encode(), "no institution"),
        (b"The Ministry of Labour met the ILO to discuss the new programme for workers abroad.", "English"),
    ],
    ids=["empty", "binary", "no-actor", "english"],
)
async def test_bad_documents_are_refused_and_write_nothing(
    loaded: GraphStore, ontology: Ontology, tmp_path: Path, content: bytes, message: str
) -> None:
    before = await loaded.export()
    path = tmp_path / "nota.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        await ingest_documents(loaded, ontology, [SEED_DOCUMENT, path])
    assert str(path) in str(caught.value)
    assert message.lower() in str(caught.value).lower()
    assert await loaded.export() == before


def test_staff_ingest_over_graphql(staff: TestClient) -> None:
    mutation = """mutation($input: DocumentInput!) { ingestDocument(input: $input) {
                  document { id title } facts candidates audit { who action target } } }"""
    text = SEED_DOCUMENT.read_text(encoding="utf-8")
    document = {"text": text, "fileName": "nota.txt", "title": "Nota de prueba", "published": "2011-08-12"}
    refused = as_(staff, READER_KEY, mutation, input=document)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    result = as_(staff, EDITOR_KEY, mutation, input=document)["data"]["ingestDocument"]
    assert result["document"] == {"id": "doc-mre-mesa-migraciones", "title": result["document"]["title"]}
    assert result["facts"] >= 20 and result["audit"] == {
        "who": "elena",
        "action": "ingestDocument",
        "target": "nota.txt",
    }
    bad = as_(staff, EDITOR_KEY, mutation, input={**document, "text": "", "fileName": "vacia.txt"})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_DOCUMENT"
    sneaky = as_(staff, EDITOR_KEY, mutation, input={**document, "fileName": "../../etc/passwd.txt"})
    assert sneaky["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_candidates_from_a_document_are_reviewed_into_facts(staff: TestClient) -> None:
    sample = Path(__file__).resolve().parents[2] / "samples" / "documents" / "mesa-movilidad-humana-ecuador.txt"
    ingest = "mutation($input: DocumentInput!) { ingestDocument(input: $input) { facts candidates } }"
    result = as_(staff, EDITOR_KEY, ingest, input={"text": sample.read_text(encoding="utf-8"), "fileName": sample.name})
    assert result["data"]["ingestDocument"]["candidates"] > 5
    listed = as_(staff, None, "{ candidates(first: 100) { id name proposedLabel seenIn } }")["data"]["candidates"]
    by_name = {c["name"]: c for c in listed}
    body = next(c for c in listed if c["proposedLabel"] == "CoordinationBody")
    # Ecuador's Ministry of Education is in the reference gazetteer: a confirmed actor at once, with its names.
    assert "Ministerio de Educación" not in by_name
    ministry = as_(staff, None, '{ institution(id: "ec-mineduc") { id name country } }')["data"]["institution"]
    assert ministry == {"id": "ec-mineduc", "name": "Ministerio de Educación", "country": "EC"}
    relationship = next(c for c in listed if c["name"] == f"ec-mineduc MEMBER_OF {body['id']}")
    accept = "mutation($id: ID!) { acceptCandidate(id: $id, create: {}) { actor { id label } } }"
    pending = as_(
        staff,
        EDITOR_KEY,
        "mutation($id: ID!) { acceptCandidate(id: $id) { candidate { status } } }",
        id=relationship["id"],
    )
    assert pending["errors"][0]["extensions"]["code"] == "CANDIDATE_PENDING"
    created_body = as_(staff, EDITOR_KEY, accept, id=body["id"])["data"]["acceptCandidate"]["actor"]
    created_ministry = {"id": "ec-mineduc"}
    assert created_body["label"] == "CoordinationBody"
    done = as_(
        staff,
        EDITOR_KEY,
        "mutation($id: ID!) { acceptCandidate(id: $id) { candidate { status } audit { target } } }",
        id=relationship["id"],
    )["data"]["acceptCandidate"]
    assert done["audit"]["target"] == f"{created_ministry['id']} -MEMBER_OF-> {created_body['id']}"
    members = as_(
        staff,
        None,
        "query($id: ID!) { coordinationBody(id: $id) { members { node { id } evidence sources { id } } } }",
        id=created_body["id"],
    )["data"]["coordinationBody"]["members"]
    assert [m["node"]["id"] for m in members] == [created_ministry["id"]]
    assert members[0]["evidence"] and members[0]["sources"]


async def test_an_empty_store_given_the_seed_release_knows_its_actors_by_name(
    store: GraphStore, ontology: Ontology
) -> None:
    # The reference gazetteer knows Peru's Foreign Ministry and the ILO: the release's "Cancillería" and "OIT" are
    # those, written with their names, acronyms and identifiers, and answer by any of them.
    await ingest_documents(store, ontology, [SEED_DOCUMENT], accept_new=True)
    for name, expected in (("Cancilleria", "pe-mre"), ("MRE", "pe-mre"), ("OIT", "int-ilo"), ("ILO", "int-ilo")):
        assert [n.id for n in await store.lookup(normalize(name), ["Institution"])] == [expected], name
    [ilo] = await store.get_nodes(["int-ilo"])
    assert ilo is not None and ilo.properties["iati_id"] == "XM-DAC-41302"
