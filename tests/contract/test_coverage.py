"""Coverage for coordination staff on every store: the matrix, gaps, edits behind keys, the audit log."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.settings import Settings
from tests.conftest import EDITOR_KEY, READER_ENTRY, READER_KEY, as_
from tests.contract.test_api import gql

MESA = "pe-mesa-migraciones"
MATRIX = """{ coverageMatrix(body: "pe-mesa-migraciones") {
  needs { id }
  rows { actor { id } coveredCount cells { need { id } covered places { id } activities sources { id } } } } }"""


def covered(matrix: dict[str, Any]) -> dict[str, set[str]]:
    return {r["actor"]["id"]: {c["need"]["id"] for c in r["cells"] if c["covered"]} for r in matrix["rows"]}


def test_the_mesa_against_the_needs_its_members_mandates_cover(client: TestClient) -> None:
    matrix = gql(client, MATRIX)["data"]["coverageMatrix"]
    assert len(matrix["needs"]) == 13
    table = covered(matrix)
    assert table["pe-minsa"] == {"health"} and table["pe-sis"] == {"health"}
    assert table["pe-minedu"] == {"education"}
    assert table["pe-mininter"] == {"protection", "trafficking-and-smuggling"}
    assert table["pe-inei"] == set()
    assert table["ilo-migrandina"] == {"integration"}
    assert len(table) == 12  # nine members, their two units, and MIGRANDINA
    minsa = next(r for r in matrix["rows"] if r["actor"]["id"] == "pe-minsa")
    [health] = [c for c in minsa["cells"] if c["need"]["id"] == "health"]
    assert health["places"] == [{"id": "pe"}]
    assert health["sources"] == [{"id": "doc-curation-mandates-mesa"}]


def test_gaps_name_the_needs_no_member_covers(client: TestClient) -> None:
    query = """query($place: ID, $body: ID) { coverageGaps(place: $place, body: $body) {
               uncovered { id } singleActor { need { id } actors { id } } covered { need { id } count } } }"""
    gaps = gql(client, query, body=MESA)["data"]["coverageGaps"]
    assert [n["id"] for n in gaps["uncovered"]] == ["humanitarian-transportation", "multipurpose-cash", "nutrition"]
    single = {s["need"]["id"]: [a["id"] for a in s["actors"]] for s in gaps["singleActor"]}
    assert single["education"] == ["pe-minedu"]
    assert {c["need"]["id"]: c["count"] for c in gaps["covered"]}["health"] == 2
    # National mandates reach every region of Peru.
    in_tumbes = gql(client, query, place="pe-tum")["data"]["coverageGaps"]
    assert [n["id"] for n in in_tumbes["uncovered"]] == [
        "humanitarian-transportation",
        "multipurpose-cash",
        "nutrition",
    ]


def test_need_and_actor_fields(client: TestClient) -> None:
    data = gql(
        client,
        '{ entity(id: "health") { ... on MigrantNeed { coveredBy { node { id } } } } '
        'institution(name: "MINSA") { covers { node { id } activity: evidence } } }',
    )["data"]
    assert [c["node"]["id"] for c in data["entity"]["coveredBy"]] == ["pe-minsa", "pe-sis"]
    assert data["institution"]["covers"][0]["node"]["id"] == "health"


def test_a_nested_query_shows_where_and_how_members_cover_needs(client: TestClient) -> None:
    # Body → members → covers, with the places and the activity of each coverage fact, in one request.
    query = """{ coordinationBody(id: "pe-mesa-migraciones") { members { node { id
                 covers { node { id } activity places { id isoCode name } } } } } }"""
    members = gql(client, query)["data"]["coordinationBody"]["members"]
    covers = {m["node"]["id"]: m["node"]["covers"] for m in members}
    assert covers["pe-minsa"] == [
        {
            "node": {"id": "health"},
            "activity": "Rectoría del sistema de salud y servicios de salud pública",
            "places": [{"id": "pe", "isoCode": "PE", "name": "Perú"}],
        }
    ]
    assert {c["node"]["id"] for c in covers["pe-mininter"]} == {"protection", "trafficking-and-smuggling"}
    back = gql(client, '{ entity(id: "health") { ... on MigrantNeed { coveredBy { node { id } places { id } } } } }')
    assert back["data"]["entity"]["coveredBy"] == [
        {"node": {"id": "pe-minsa"}, "places": [{"id": "pe"}]},
        {"node": {"id": "pe-sis"}, "places": [{"id": "pe"}]},
    ]


def test_unknown_filters_are_bad_input(client: TestClient) -> None:
    body = gql(client, '{ coverageMatrix(places: ["pe-minsa"]) { needs { id } } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    needs = gql(
        client, '{ coverageMatrix(needs: ["health"], themes: ["national-migration-policy"]) { rows { actor { id } } } }'
    )
    assert {r["actor"]["id"] for r in needs["data"]["coverageMatrix"]["rows"]} == {"pe-minsa"}


ADD = """mutation($input: CoverageInput!) { addCoverage(input: $input) {
  actor { id } need { id } coverage { since sources { id } } audit { who role action target before after } } }"""
INPUT = {
    "actor": "pe-inei",
    "need": "nutrition",
    "places": ["pe-tum"],
    "activity": "Encuesta de nutrición",
    "since": "2024-03",
    "sources": ["doc-curation-mandates-mesa"],
}


def test_edits_need_an_editor_key_and_change_nothing_otherwise(staff: TestClient) -> None:
    before = staff.get("/export/graph.json").json()
    for key, code in ((None, "UNAUTHENTICATED"), ("not-a-key", "UNAUTHENTICATED"), (READER_KEY, "FORBIDDEN")):
        body = as_(staff, key, ADD, input=INPUT)
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    assert as_(staff, None, "{ auditLog { id } }")["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert as_(staff, READER_KEY, "{ auditLog { id } }")["data"] == {"auditLog": []}
    assert staff.get("/export/graph.json").json() == before


def test_an_editor_adds_updates_and_removes_coverage_with_an_audit_trail(staff: TestClient) -> None:
    added = as_(staff, EDITOR_KEY, ADD, input=INPUT)["data"]["addCoverage"]
    assert added["coverage"] == {"since": "2024-03", "sources": [{"id": "doc-curation-mandates-mesa"}]}
    assert added["audit"]["who"] == "elena" and added["audit"]["role"] == "editor"
    assert added["audit"]["target"] == "pe-inei -COVERS-> nutrition" and added["audit"]["before"] is None
    gaps = as_(staff, None, '{ coverageGaps(body: "pe-mesa-migraciones") { uncovered { id } } }')["data"]
    assert [n["id"] for n in gaps["coverageGaps"]["uncovered"]] == ["humanitarian-transportation", "multipurpose-cash"]
    again = as_(staff, EDITOR_KEY, ADD, input=INPUT)
    assert again["errors"][0]["extensions"]["code"] == "ALREADY_EXISTS"

    update = ADD.replace("addCoverage", "updateCoverage")
    changed = as_(staff, EDITOR_KEY, update, input={**INPUT, "since": "2023"})["data"]["updateCoverage"]
    assert json.loads(changed["audit"]["before"])["valid_from"] == "2024-03"
    assert json.loads(changed["audit"]["after"])["valid_from"] == "2023"

    remove = 'mutation { removeCoverage(actor: "pe-inei", need: "nutrition") { coverage { since } audit { after } } }'
    removed = as_(staff, EDITOR_KEY, remove)["data"]["removeCoverage"]
    assert removed == {"coverage": None, "audit": {"after": None}}
    log = as_(staff, READER_KEY, "{ auditLog { action who target } }")["data"]["auditLog"]
    assert [e["action"] for e in log] == ["removeCoverage", "updateCoverage", "addCoverage"]
    assert as_(staff, EDITOR_KEY, remove)["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    "change",
    [
        {"places": ["pe-minsa"]},
        {"need": "pe-minsa"},
        {"actor": "health"},
        {"sources": ["pe-mre"]},
        {"since": "11 de agosto"},
    ],
)
def test_a_bad_edit_is_refused_and_changes_nothing(staff: TestClient, change: dict[str, Any]) -> None:
    before = staff.get("/export/graph.json").json()
    body = as_(staff, EDITOR_KEY, ADD, input={**INPUT, **change})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert staff.get("/export/graph.json").json() == before
    assert as_(staff, READER_KEY, "{ auditLog { id } }")["data"] == {"auditLog": []}


def test_coverage_csv_and_hxl_downloads(client: TestClient) -> None:
    plain = client.get("/export/coverage.csv", params={"body": MESA})
    assert plain.status_code == 200
    lines = plain.text.splitlines()
    assert lines[0] == "actor_id,actor_name,need_id,need_name,covered,places,activities,reached,targeted,status,sources"
    assert len(lines) == 1 + 12 * 13
    assert any(line.startswith("pe-minsa,Ministerio de Salud,health,Salud,yes,PE,") for line in lines)
    hxl = client.get("/export/coverage-hxl.csv", params={"body": MESA}).text.splitlines()
    assert hxl[1].startswith("#org+name,#org+acronym,#org+id,#sector+code,#subsector+code,#country+code,#adm1+code")


def test_reads_can_be_closed_to_keyless_requests(store_url: str) -> None:
    settings = Settings(store=store_url, api_keys=READER_ENTRY, reads_need_key=True)
    with TestClient(create_app(settings)) as closed:
        refused = closed.post("/graphql", json={"query": "{ institutions { totalCount } }"})
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert closed.get("/export/graph.json").status_code == 401
        assert closed.get("/healthz").status_code == 200
        allowed = as_(closed, READER_KEY, "{ institutions { totalCount } }")
        assert allowed["data"]["institutions"]["totalCount"] == 12
