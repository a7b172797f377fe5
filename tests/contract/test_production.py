"""Production behaviour: introspection and suggestions off, CORS allow-list, body limits, Relay refetching."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph_api.graphql.extensions.persisted import document_hash
from graph_api.http.app import create_app
from graph_api.model.errors import MigragraphError
from graph_api.settings import Settings
from tests.contract.test_api import gql


@pytest.fixture
def production(store_url: str) -> Iterator[TestClient]:
    env = {
        "MIGRAGRAPH_ENV": "production",
        "MIGRAGRAPH_STORE": store_url,
        "MIGRAGRAPH_CORS_ORIGINS": "https://staff.example",
    }
    with TestClient(create_app(Settings.from_env(env, max_body_bytes=100_000))) as client:
        yield client


def test_production_turns_off_graphiql_introspection_and_suggestions(
    production: TestClient, client: TestClient
) -> None:
    introspect = {"query": "{ __schema { queryType { name } } }"}
    assert production.post("/graphql", json=introspect).json()["errors"][0]["extensions"]["code"] == (
        "GRAPHQL_VALIDATION_FAILED"
    )
    assert client.post("/graphql", json=introspect).json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    typo = {"query": "{ institutoins { totalCount } }"}
    assert "Did you mean" in client.post("/graphql", json=typo).json()["errors"][0]["message"]
    hidden = production.post("/graphql", json=typo).json()["errors"][0]
    assert "Did you mean" not in hidden["message"] and "institutions" not in hidden["message"]
    page = production.get("/", headers={"accept": "text/html"})
    assert "graphiql" not in page.text.lower() and "explore" in page.text.lower()
    assert production.post("/graphql", json={"query": '{ institution(name: "MRE") { id } }'}).json() == {
        "data": {"institution": {"id": "pe-mre"}}
    }


def test_cors_allows_only_the_listed_origins(production: TestClient) -> None:
    preflight = {"access-control-request-method": "POST", "access-control-request-headers": "content-type"}
    allowed = production.options("/graphql", headers={"origin": "https://staff.example", **preflight})
    assert allowed.headers["access-control-allow-origin"] == "https://staff.example"
    refused = production.options("/graphql", headers={"origin": "https://elsewhere.example", **preflight})
    assert "access-control-allow-origin" not in refused.headers


def test_request_bodies_past_the_limit_are_refused(production: TestClient) -> None:
    padding = " " * 200_000
    response = production.post(
        "/graphql", content=f'{{"query": "{{ __typename }}{padding}"}}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_relay_node_and_nodes(client: TestClient) -> None:
    data = gql(
        client,
        '{ node(id: "pe-sis") { id __typename ... on Institution { acronym } } '
        'nodes(ids: ["pe-mre", "nowhere", "ilo-migrandina"]) { id } }',
    )["data"]
    assert data["node"] == {"id": "pe-sis", "__typename": "Institution", "acronym": "SIS"}
    assert data["nodes"] == [{"id": "pe-mre"}, None, {"id": "ilo-migrandina"}]


def test_an_over_budget_query_is_refused_with_its_estimated_cost(client: TestClient) -> None:
    # Every document's mentions and their documents' mentions: over budget at each relationship's own fan-out.
    expensive = "{ documents(first: 100) { edges { node { mentions { sources { mentions { sources { id } } } } } } } }"
    [error] = client.post("/graphql", json={"query": expensive}).json()["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] > error["extensions"]["budget"] == 50_000
    cheap = '{ coordinationBody(id: "pe-mesa-migraciones") { members { node { memberOf { node { id } } } } } }'
    assert "errors" not in client.post("/graphql", json={"query": cheap}).json()


def test_the_estimate_follows_page_sizes_variables_and_fragments() -> None:
    from graphql import parse

    from graph_api.graphql.extensions.cost import estimate_cost
    from graph_api.graphql.schema import build_schema

    schema = build_schema()._schema
    flat = estimate_cost(
        schema, parse("{ institutions(first: 10) { edges { node { id } } } }"), None, None, fanout=5, default_page=20
    )
    assert flat == 1 + 1 + 10 + 10  # institutions, edges, ten nodes, ten ids
    by_variable = estimate_cost(
        schema,
        parse("query($n: Int) { institutions(first: $n) { edges { node { id } } } }"),
        None,
        {"n": 10},
        fanout=5,
        default_page=20,
    )
    assert by_variable == flat
    fragment = parse(
        "fragment F on Institution { memberOf { node { id } } } { institutions { edges { node { ...F } } } }"
    )
    # 20 institutions by default, each with a fan-out of 5 memberships: 1 + 1 + 20 + 20 + 5·20·2
    assert estimate_cost(schema, fragment, None, None, fanout=5, default_page=20) == 242


def test_persisted_operations_by_hash_and_the_allow_list(store_url: str, tmp_path: Path) -> None:
    document = '{ institution(name: "MRE") { id } }'
    operations = tmp_path / "operations.json"
    operations.write_text(json.dumps({document_hash(document): document}), encoding="utf-8")
    by_hash = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": document_hash(document)}}}
    settings = Settings(store=store_url, persisted_operations=str(operations), persisted_only=True)
    with TestClient(create_app(settings)) as only:
        assert only.post("/graphql", json=by_hash).json() == {"data": {"institution": {"id": "pe-mre"}}}
        assert only.post("/graphql", json={"query": document}).json() == {"data": {"institution": {"id": "pe-mre"}}}
        other = only.post("/graphql", json={"query": "{ institutions { totalCount } }"}).json()
        assert other["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
        unknown = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}}
        assert (
            only.post("/graphql", json=unknown).json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        )
    operations.write_text(json.dumps({"0" * 64: document}), encoding="utf-8")
    with pytest.raises(MigragraphError, match="is not the SHA-256 of its document"):
        create_app(Settings(store=store_url, persisted_operations=str(operations)))
