"""Issue 13: a request body nested too deep is a 400 with a GraphQL error and a code, never a bare 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.settings import Settings


@pytest.fixture
def app_client(tmp_path: Path) -> Iterator[TestClient]:
    # The body is refused before the store is touched: the embedded store is enough here.
    with TestClient(create_app(Settings(store=str(tmp_path / "graph.json"))), raise_server_exceptions=False) as c:
        yield c


def _arrays(depth: int) -> str:
    return "[" * depth + "]" * depth


def _objects(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


DEEP_BODIES = {
    "body-100000": _arrays(100_000),
    "variables-100000": '{"query": "{ __typename }", "variables": ' + _objects(100_000) + "}",
    "extensions-100000": '{"query": "{ __typename }", "extensions": ' + _objects(100_000) + "}",
    "variable-value-2000": '{"query": "query($a: [String]) { __typename }", "variables": {"a": '
    + _arrays(2_000)
    + "}}",
}


@pytest.mark.parametrize("body", DEEP_BODIES.values(), ids=DEEP_BODIES.keys())
@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json"])
def test_deeply_nested_json_is_a_bad_request(app_client: TestClient, body: str, accept: str) -> None:
    response = app_client.post("/graphql", content=body, headers={"content-type": "application/json", "accept": accept})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith(accept)
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "depth" in error["message"]


def test_deeply_nested_query_parameters_are_a_bad_request(app_client: TestClient) -> None:
    for name in ("variables", "extensions"):
        response = app_client.get("/graphql", params={"query": "{ __typename }", name: _arrays(2_000)})
        assert response.status_code == 400, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_nesting_json_allows_is_still_refused_with_a_code(app_client: TestClient) -> None:
    # 1,000 levels parse; graphql-core then refuses variable values nested past 200.
    where = '{"NOT": ' * 1_000 + '{"id": {"eq": "x"}}' + "}" * 1_000
    body = '{"query": "query($w: NodeWhere) { institutions(where: $w) { totalCount } }", "variables": {"w": '
    response = app_client.post("/graphql", content=body + where + "}}", headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] in {"QUERY_TOO_COMPLEX", "BAD_USER_INPUT"}


def test_a_body_that_is_not_json_is_still_a_bad_request(app_client: TestClient) -> None:
    for body in (b'{"query": "\xff"}', b'{"query": "{ __typename }", "variables": {"a": NaN}}', b"{"):
        response = app_client.post("/graphql", content=body, headers={"content-type": "application/json"})
        assert response.status_code == 400, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    fine = app_client.post(
        "/graphql", json={"query": "query($s: String!) { search(text: $s) { id } }", "variables": {"s": "ilo"}}
    )
    assert fine.status_code == 200 and "errors" not in fine.json()
