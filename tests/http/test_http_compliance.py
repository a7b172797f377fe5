"""GraphQL over HTTP: media types, Accept negotiation and status codes, and graphql-http's audits of a live server."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.http.view import GRAPHQL_RESPONSE_JSON, JSON, negotiate
from graph_api.settings import Settings

REPO = Path(__file__).resolve().parents[2]
AUDIT = REPO / "tests" / "http" / "audit.mjs"

TYPENAME = {"query": "{ __typename }"}
# `node` takes a non-null ID: a null one fails variable coercion, an unknown one is simply not found.
NODE = "query Node($id: ID!) { node(id: $id) { id } }"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = tmp_path_factory.mktemp("http") / "g.json"
    with TestClient(create_app(Settings(store=str(store)))) as test_client:
        yield test_client


def post(client: TestClient, body: Any, accept: str | None = GRAPHQL_RESPONSE_JSON) -> Any:
    headers = {"accept": accept} if accept is not None else {}
    return client.post("/graphql", json=body, headers=headers)


def media_type(response: Any) -> str:
    return str(response.headers["content-type"]).split(";")[0]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        ("application/json", JSON),
        (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8, application/json; charset=utf-8", GRAPHQL_RESPONSE_JSON),
        (f"application/json, {GRAPHQL_RESPONSE_JSON}", GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON};q=0.9, application/json", JSON),
        (f"application/json;q=0.5, {GRAPHQL_RESPONSE_JSON};q=0.8", GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON}, */*;q=0.1", GRAPHQL_RESPONSE_JSON),
        (f"application/json, {GRAPHQL_RESPONSE_JSON};q=0", JSON),
        ("application/json;q=0, */*", GRAPHQL_RESPONSE_JSON),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", JSON),
        ("text/html", None),
        ("application/json;q=0", None),
        ("application/json;q=nonsense", JSON),
        ("nonsense", JSON),
    ],
)
def test_negotiation_follows_q_values_and_prefers_the_named_graphql_type(accept: str | None, expected: str) -> None:
    assert negotiate(accept) == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
        (f"application/json;q=0.9, {GRAPHQL_RESPONSE_JSON}", GRAPHQL_RESPONSE_JSON),
        (f"application/json, {GRAPHQL_RESPONSE_JSON};q=0.9", JSON),
    ],
)
def test_a_query_answers_in_the_negotiated_media_type(client: TestClient, accept: str | None, expected: str) -> None:
    response = post(client, TYPENAME, accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{expected}; charset=utf-8"
    assert response.json() == {"data": {"__typename": "Query"}}


def test_an_accept_header_naming_neither_type_gets_406(client: TestClient) -> None:
    response = post(client, TYPENAME, "text/html")
    assert response.status_code == 406
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


def test_get_runs_a_query(client: TestClient) -> None:
    for accept in (GRAPHQL_RESPONSE_JSON, JSON):
        response = client.get("/graphql", params=TYPENAME, headers={"accept": accept})
        assert response.status_code == 200
        assert media_type(response) == accept
        assert response.json() == {"data": {"__typename": "Query"}}
    variables = client.get("/graphql", params={"query": NODE, "variables": '{"id": "nowhere"}'})
    assert variables.json() == {"data": {"node": None}}


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE_JSON, JSON])
def test_get_refuses_a_mutation_with_405_and_runs_nothing(client: TestClient, accept: str) -> None:
    response = client.get("/graphql", params={"query": "mutation { __typename }"}, headers={"accept": accept})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert media_type(response) == accept
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert post(client, {"query": "mutation { __typename }"}, accept).json() == {"data": {"__typename": "Mutation"}}


def test_graphiql_still_answers_a_browser(client: TestClient) -> None:
    response = client.get("/graphql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "graphiql" in response.text.lower()


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE_JSON, JSON])
@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"notquery": "{ __typename }"}, id="missing-query"),
        pytest.param({"query": 7}, id="query-not-a-string"),
        pytest.param({"query": "{ __typename }", "variables": [7]}, id="variables-not-a-map"),
        pytest.param("{ __typename }", id="body-not-an-object"),
    ],
)
def test_a_request_that_is_not_a_graphql_request_gets_400(client: TestClient, body: Any, accept: str) -> None:
    response = post(client, body, accept)
    assert response.status_code == 400
    assert media_type(response) == accept
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE_JSON, JSON])
def test_a_body_that_is_not_json_gets_400(client: TestClient, accept: str) -> None:
    for content in (b'{ "not a JSON', b'{"query": "\xff"}'):
        response = client.post("/graphql", content=content, headers={"content-type": JSON, "accept": accept})
        assert response.status_code == 400, content
        assert media_type(response) == accept


def test_a_body_that_is_not_declared_json_gets_415(client: TestClient) -> None:
    body = json.dumps(TYPENAME).encode()
    for headers in ({"content-type": "text/plain"}, {}):
        response = client.post("/graphql", content=body, headers={"accept": GRAPHQL_RESPONSE_JSON, **headers})
        assert response.status_code == 415, headers
        assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"query": "{"}, id="parse-error"),
        pytest.param({"query": "{ noSuchField }"}, id="validation-error"),
        pytest.param({"query": NODE, "variables": {"id": None}}, id="variable-coercion-error"),
        pytest.param({"query": NODE}, id="missing-variable"),
    ],
)
def test_a_request_error_is_400_as_graphql_response_json_and_200_as_json(client: TestClient, body: Any) -> None:
    modern = post(client, body, GRAPHQL_RESPONSE_JSON)
    assert modern.status_code == 400
    assert modern.headers["content-type"] == f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
    legacy = post(client, body, JSON)
    assert legacy.status_code == 200
    assert legacy.headers["content-type"] == f"{JSON}; charset=utf-8"
    for response in (modern, legacy):
        answer = response.json()
        assert "data" not in answer
        assert answer["errors"]


@pytest.mark.parametrize("accept", [GRAPHQL_RESPONSE_JSON, JSON])
def test_an_execution_error_with_partial_data_is_200(tmp_path: Path, accept: str) -> None:
    # A neighbourhood past the bound fails in its resolver; the query's other field still answers.
    settings = Settings(store=str(tmp_path / "g.json"), max_neighborhood_nodes=5)
    query = '{ __typename neighborhood(id: "pe-mesa-migraciones", depth: 1) { nodes { id } } }'
    with TestClient(create_app(settings)) as small:
        response = post(small, {"query": query}, accept)
    assert response.status_code == 200
    assert media_type(response) == accept
    answer = response.json()
    assert answer["data"] == {"__typename": "Query", "neighborhood": None}
    assert answer["errors"][0]["path"] == ["neighborhood"]


def test_graphql_http_audits_pass_every_must(
    node: str, live_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "audit.json"
    run = subprocess.run(
        [node, str(AUDIT), live_server, "--json", str(results)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert results.exists(), f"the audit did not run (exit {run.returncode}):\n{run.stdout}{run.stderr}"
    report = json.loads(results.read_text())
    failed = {
        level: [
            f"{r['id']} {r['name']}: {r['reason']}" for r in report["results"] if r["level"] == level and not r["ok"]
        ]
        for level in ("MUST", "SHOULD")
    }
    tally = ", ".join(f"{level} {t['passed']} passed/{t['failed']} failed" for level, t in report["tally"].items())
    with capsys.disabled():
        print(f"\ngraphql-http audits: {tally}", *(f"  SHOULD failed: {f}" for f in failed["SHOULD"]), sep="\n")
    assert not failed["MUST"], "\n".join(failed["MUST"])
    assert run.returncode == 0, run.stdout + run.stderr
