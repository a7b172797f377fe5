"""How a request names what to run: operationName among several operations, and Apollo's Automatic Persisted
Queries (a hash instead of the text), on every store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph_api.graphql.extensions.persisted import document_hash
from graph_api.http.app import create_app
from graph_api.settings import Settings
from tests.conftest import EDITOR_KEY, as_

TWO = "query Counts { institutions { totalCount } } query Programs { programs { totalCount } }"
COUNT = "{ institutions { totalCount } }"


def by_hash(document: str, *, with_text: bool = False, version: int = 1) -> dict[str, Any]:
    body: dict[str, Any] = {
        "extensions": {"persistedQuery": {"version": version, "sha256Hash": document_hash(document)}}
    }
    if with_text:
        body["query"] = document
    return body


def codes(answer: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in answer.get("errors", [])]


def test_several_operations_without_an_operation_name_are_refused(client: TestClient) -> None:
    refused = client.post("/graphql", json={"query": TWO}).json()
    assert "data" not in refused
    assert codes(refused) == ["OPERATION_NAME_REQUIRED"]
    chosen = client.post("/graphql", json={"query": TWO, "operationName": "Programs"}).json()
    assert chosen == {"data": {"programs": {"totalCount": 1}}}
    assert client.post("/graphql", json={"query": COUNT}).json()["data"]["institutions"]["totalCount"] > 0


def test_a_mutation_second_in_a_document_without_an_operation_name_changes_nothing(staff: TestClient) -> None:
    # The attack: a harmless-looking first operation, the second one removing a fact; Strawberry ran the first,
    # and a client that meant the second got an answer to something else.
    document = 'query Look { institutions { totalCount } } mutation Drop { removeCoverage(actor: "pe-minsa", need: "health") { __typename } }'
    before = as_(staff, EDITOR_KEY, "{ coverageMatrix { rows { actor { id } } } }")
    assert codes(as_(staff, EDITOR_KEY, document)) == ["OPERATION_NAME_REQUIRED"]
    assert as_(staff, EDITOR_KEY, "{ coverageMatrix { rows { actor { id } } } }") == before


def test_automatic_persisted_queries_register_then_answer_by_hash(client: TestClient) -> None:
    unknown = client.post("/graphql", json=by_hash(COUNT)).json()
    assert codes(unknown) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert unknown["errors"][0]["message"] == "PersistedQueryNotFound"
    registered = client.post("/graphql", json=by_hash(COUNT, with_text=True)).json()
    assert "errors" not in registered
    assert client.post("/graphql", json=by_hash(COUNT)).json() == registered


def test_a_query_that_is_not_its_hash_is_refused_and_not_registered(client: TestClient) -> None:
    other = "{ programs { totalCount } }"
    forged = {"query": other, "extensions": by_hash(COUNT)["extensions"]}
    assert codes(client.post("/graphql", json=forged).json()) == ["PERSISTED_QUERY_HASH_MISMATCH"]
    # Nothing was kept under the hash it claimed: the hash alone is still unknown.
    assert codes(client.post("/graphql", json=by_hash(COUNT)).json()) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_a_document_that_does_not_validate_is_not_registered(client: TestClient) -> None:
    broken = "{ institutions { noSuchField } }"
    assert codes(client.post("/graphql", json=by_hash(broken, with_text=True)).json()) == ["GRAPHQL_VALIDATION_FAILED"]
    assert codes(client.post("/graphql", json=by_hash(broken)).json()) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_an_unknown_protocol_version_is_refused(client: TestClient) -> None:
    assert codes(client.post("/graphql", json=by_hash(COUNT, with_text=True, version=2)).json()) == [
        "PERSISTED_QUERY_VERSION"
    ]


def test_the_registered_documents_are_bounded(store_url: str) -> None:
    first, second = COUNT, "{ programs { totalCount } }"
    with TestClient(create_app(Settings(store=store_url, apq_cache_size=1))) as small:
        for document in (first, second):
            assert "errors" not in small.post("/graphql", json=by_hash(document, with_text=True)).json()
        # The least recently used went when the second came.
        assert codes(small.post("/graphql", json=by_hash(first)).json()) == ["PERSISTED_QUERY_NOT_FOUND"]
        assert "errors" not in small.post("/graphql", json=by_hash(second)).json()
    with TestClient(create_app(Settings(store=store_url, apq_cache_size=0))) as off:
        assert "errors" not in off.post("/graphql", json=by_hash(first, with_text=True)).json()
        assert codes(off.post("/graphql", json=by_hash(first)).json()) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_a_hash_without_a_version_means_version_1(client: TestClient) -> None:
    body = by_hash(COUNT, with_text=True)
    del body["extensions"]["persistedQuery"]["version"]
    assert "errors" not in client.post("/graphql", json=body).json()


def test_a_long_document_runs_but_is_not_kept(client: TestClient) -> None:
    # Comments pass the token limit: a thousand of these kept would hold a gigabyte.
    padded = "# " + "x" * 50_000 + "\n" + COUNT
    assert "errors" not in client.post("/graphql", json=by_hash(padded, with_text=True)).json()
    assert codes(client.post("/graphql", json=by_hash(padded)).json()) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_the_allow_list_mode_registers_nothing(store_url: str, tmp_path: Path) -> None:
    operations = tmp_path / "operations.json"
    operations.write_text(f'{{"{document_hash(COUNT)}": "{COUNT}"}}', encoding="utf-8")
    other = "{ programs { totalCount } }"
    settings = Settings(store=store_url, persisted_operations=str(operations), persisted_only=True)
    with TestClient(create_app(settings)) as only:
        assert "errors" not in only.post("/graphql", json=by_hash(COUNT)).json()
        assert codes(only.post("/graphql", json=by_hash(other, with_text=True)).json()) == ["PERSISTED_QUERY_REQUIRED"]
        assert codes(only.post("/graphql", json=by_hash(other)).json()) == ["PERSISTED_QUERY_NOT_FOUND"]


@pytest.mark.parametrize("accept", ["*/*", "application/json", "application/graphql-response+json"])
def test_the_hash_alone_over_get_answers_once_registered(client: TestClient, accept: str) -> None:
    document = "{ places { totalCount } }"
    client.post("/graphql", json=by_hash(document, with_text=True))
    params = {"extensions": '{"persistedQuery": {"version": 1, "sha256Hash": "%s"}}' % document_hash(document)}
    answer = client.get("/graphql", params=params, headers={"accept": accept})
    assert answer.status_code == 200
    assert answer.json()["data"]["places"]["totalCount"] > 0
