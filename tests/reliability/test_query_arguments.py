"""Issue 13: malformed cursors, out-of-range sizes and over-long searches are BAD_USER_INPUT on both stores."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph_api.graphql.pagination import encode_cursor


def ask(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def refused(body: dict[str, Any]) -> str:
    """The message of the BAD_USER_INPUT a request was refused with (its field null)."""
    assert not any((body.get("data") or {}).values()), body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return str(error["message"])


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# "" and "aWQ6" (base64 of "id:") and "aWQ6AAAA" ("id:" and NULs) were all read as page one.
BAD_CURSORS = [
    "",
    "aWQ6",
    "aWQ6AAAA",
    _b64(b"id:\x01x"),
    encode_cursor("pe-mre") + "==",  # padded: not the text we hand out
    "a!" + encode_cursor("pe-mre"),  # base64 decoding would skip the "!"
    "not base64 at all",
    _b64(b"\xff\xfe"),
]

CONNECTIONS = {
    "list": "query($c: String) { institutions(first: 2, after: $c) { edges { node { id } } } }",
    "list-backwards": "query($c: String) { institutions(last: 2, before: $c) { edges { node { id } } } }",
    "links": 'query($c: String) { coordinationBody(id: "pe-mesa-migraciones") '
    '{ links(type: "MEMBER_OF", direction: IN, first: 2, after: $c) { edges { cursor } } } }',
}

FILTERED = (
    'query($c: String) { institutions(first: 2, after: $c, orderBy: [{property: "name"}]) '
    "{ edges { cursor node { id } } } }"
)


def test_malformed_cursors_are_refused(client: TestClient) -> None:
    for name, query in CONNECTIONS.items():
        for cursor in BAD_CURSORS:
            assert "invalid cursor" in refused(ask(client, query, c=cursor)), (name, cursor)
    first = ask(client, CONNECTIONS["list"], c=None)["data"]["institutions"]["edges"]
    after = ask(client, CONNECTIONS["list"], c=encode_cursor(first[-1]["node"]["id"]))
    assert "errors" not in after and after["data"]["institutions"]["edges"]


def test_malformed_keyset_cursors_are_refused(client: TestClient) -> None:
    page = ask(client, FILTERED, c=None)["data"]["institutions"]["edges"]
    good = page[-1]["cursor"]
    assert [e["node"]["id"] for e in ask(client, FILTERED, c=good)["data"]["institutions"]["edges"]]
    key, node_id = json.loads(base64.urlsafe_b64decode(good + "=" * (-len(good) % 4)))[1:]
    forged = [
        "",
        *BAD_CURSORS,
        _b64(json.dumps(["k", key, ""]).encode()),  # no id: before every row
        _b64(json.dumps(["k", "a string", node_id]).encode()),  # a key that does not compare with the rows'
        _b64(json.dumps(["k", [], node_id]).encode()),  # a key for another sort
        _b64(json.dumps(["k", [[0, {"x": 1}]], node_id]).encode()),
        _b64(json.dumps(["k", [[0, 5]], node_id]).encode()),  # a number where this sort has a name
        _b64(b"[" * 5_000 + b"]" * 5_000),
        encode_cursor(node_id),  # a plain list's cursor
    ]
    for cursor in forged:
        assert "cursor" in refused(ask(client, FILTERED, c=cursor)), cursor


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("{ communities(first: -1) { size } }", "'first' must be between 1 and 100"),
        ("{ communities(first: 0) { size } }", "'first' must be between 1 and 100"),
        ("{ communities(first: 101) { size } }", "'first' must be between 1 and 100"),
        ("{ communities(minSize: -3) { size } }", "'minSize' must be at least 1"),
        ("{ candidates(first: -1) { id } }", "'first' must be between 1 and 100"),
        ("{ candidates(first: 0) { id } }", "'first' must be between 1 and 100"),
        ("{ candidates(first: 1000) { id } }", "'first' must be between 1 and 100"),
        ("{ centrality(measure: DEGREE, first: -1) { nodeCount } }", "'first' must be between 1 and 100"),
        ('{ search(text: "ilo", first: -1) { id } }', "'first' must be between 1 and 50"),
        ('{ paths(from: "pe-mre", to: "pe-inei", limit: -1) { length } }', "'limit'"),
        ('{ paths(from: "pe-mre", to: "pe-inei", maxLength: -1) { length } }', "'maxLength'"),
        ('{ neighborhood(id: "pe-mre", depth: -1) { depth } }', "'depth'"),
        ("{ institutions(first: -1) { totalCount } }", "'first' must be between 0 and 100"),
        ("{ institutions(last: -1) { totalCount } }", "'last' must be between 0 and 100"),
        ("{ institutions(last: 101) { totalCount } }", "'last' must be between 0 and 100"),
        ('{ institutions(first: -1, where: {id: {eq: "pe-mre"}}) { totalCount } }', "'first'"),
        ('{ institution(id: "pe-mre") { links(type: "MEMBER_OF", first: -1) { totalCount } } }', "'first'"),
        ('{ institution(id: "pe-mre") { links(type: "MEMBER_OF", last: -5) { totalCount } } }', "'last'"),
    ],
)
def test_out_of_range_sizes_are_refused(client: TestClient, query: str, message: str) -> None:
    assert message in refused(ask(client, query))


def test_candidates_first_takes_exactly_that_many(client: TestClient) -> None:
    # `first: -1` was a slice that dropped the last candidate; in range, it is a plain limit.
    every = ask(client, '{ candidates(status: "pending", first: 100) { id } }')["data"]["candidates"]
    assert ask(client, '{ candidates(status: "pending", first: 1) { id } }')["data"]["candidates"] == every[:1]


SEARCH = "query($t: String!) { search(text: $t) { id } }"


def test_over_long_searches_are_refused_alike_on_both_stores(client: TestClient) -> None:
    # On Neo4j these were Lucene errors (a prefix over 1,000 characters, over 1,024 clauses): INTERNAL_SERVER_ERROR.
    assert "at most 100 characters" in refused(ask(client, SEARCH, t="a" * 1_001))
    assert "at most 100 characters" in refused(ask(client, SEARCH, t="cancilleria " + "b" * 101))
    assert "at most 32 words" in refused(ask(client, SEARCH, t=" ".join(["ab"] * 1_025)))
    assert "at most 32 words" in refused(ask(client, SEARCH, t=" ".join(["ab"] * 33)))
    # At the limits, an answer (no match here; the words must start words of one name).
    assert ask(client, SEARCH, t="a" * 100) == {"data": {"search": []}}
    assert ask(client, SEARCH, t=" ".join(["zz"] * 32)) == {"data": {"search": []}}
    assert ask(client, SEARCH, t="Cancillería")["data"]["search"][0]["id"] == "pe-mre"
    # Punctuation alone normalises to nothing: no words, no search.
    assert ask(client, SEARCH, t="!?" * 600) == {"data": {"search": []}}
