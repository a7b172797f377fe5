"""The limits on shortest paths, on every store: the store's cap on the paths it enumerates before sorting
(MAX_ENUMERATED_PATHS), the `limit` (the first paths of all, in order) and the API's cap on the `limit`."""

from __future__ import annotations

import asyncio

from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.model.ontology import Ontology
from graph_api.model.records import Edge, GraphBatch, Node
from graph_api.settings import Settings
from graph_api.store.opening import open_store
from graph_api.store.paths import MAX_ENUMERATED_PATHS, path_sort_key
from graph_api.store.protocol import GraphStore
from tests.contract.test_api import gql

# Two hubs joined through two layers of middles, every middle of one layer tied to every one of the other:
# 101 × 100 shortest paths of length 3, more than a store enumerates.
FIRST, SECOND = 101, 100
START, END = "hub-start", "hub-end"
DOC = {"sources": ["doc-hubs"]}


def _hubs() -> GraphBatch:
    firsts = [f"hub-a{i:03}" for i in range(FIRST)]
    seconds = [f"hub-b{i:03}" for i in range(SECOND)]
    nodes = tuple(
        Node(i, "Institution", {"id": i, "name": i.replace("-", " ").title()}) for i in [START, END, *firsts, *seconds]
    )
    edges = (
        *(Edge("MEMBER_OF", START, a, DOC) for a in firsts),
        *(Edge("MEMBER_OF", a, b, DOC) for a in firsts for b in seconds),
        *(Edge("MEMBER_OF", b, END, DOC) for b in seconds),
    )
    return GraphBatch(nodes, edges)


async def test_a_store_enumerates_at_most_max_enumerated_paths(store: GraphStore) -> None:
    assert FIRST * SECOND > MAX_ENUMERATED_PATHS
    await store.write(_hubs())
    found = await store.shortest_paths(START, END, ["MEMBER_OF"], 6, limit=FIRST * SECOND)
    assert len(found) == MAX_ENUMERATED_PATHS
    assert {len(path) for path in found} == {3}
    first = await store.shortest_paths(START, END, ["MEMBER_OF"], 6, limit=5)
    assert len(first) == 5
    assert first == sorted(first, key=lambda p: path_sort_key(START, p))


async def test_the_first_paths_are_the_first_of_all_in_order(store: GraphStore) -> None:
    # Under the cap: every path START-a-b-END, with a pair of parallel relationships (one each way) from every
    # a to b02, so that the order must look at types and directions, not only at the ids along the path.
    firsts, seconds = [f"hub-a{i:03}" for i in range(9)], [f"hub-b{i:03}" for i in range(4)]
    hubs = _hubs()
    nodes = tuple(n for n in hubs.nodes if n.id in {START, END, *firsts, *seconds})
    forward = [
        *(Edge("MEMBER_OF", START, a, DOC) for a in firsts),
        *(Edge("MEMBER_OF", a, b, DOC) for a in firsts for b in seconds),
        *(Edge("MEMBER_OF", b, END, DOC) for b in seconds),
    ]
    parallel = [Edge("PART_OF", "hub-b002", a, DOC) for a in firsts] + [
        Edge("LEADS", a, "hub-b002", DOC) for a in firsts
    ]
    await store.write(GraphBatch(nodes, (*forward, *parallel)))
    middle = {(a, b): [e for e in [*forward, *parallel] if {e.start, e.end} == {a, b}] for a in firsts for b in seconds}
    expected = sorted(
        (
            [Edge("MEMBER_OF", START, a, DOC), step, Edge("MEMBER_OF", b, END, DOC)]
            for a in firsts
            for b in seconds
            for step in middle[a, b]
        ),
        key=lambda p: path_sort_key(START, p),
    )
    assert len(expected) == 9 * 4 + 2 * 9
    types = ["MEMBER_OF", "PART_OF", "LEADS"]
    assert await store.shortest_paths(START, END, types, 6, limit=len(expected) + 1) == expected
    assert await store.shortest_paths(START, END, types, 3, limit=7) == expected[:7]
    assert await store.shortest_paths(START, END, types, 2, limit=7) == []
    only_members = [p for p in expected if all(e.type == "MEMBER_OF" for e in p)]
    assert await store.shortest_paths(START, END, ["MEMBER_OF"], 6, limit=100) == only_members


def test_the_api_answers_at_most_100_paths_a_query(store_url: str, ontology: Ontology) -> None:
    async def write() -> None:
        async with open_store(store_url, ontology) as store:
            await store.write(_hubs())

    asyncio.run(write())
    with TestClient(create_app(Settings(store=store_url))) as client:
        query = '{ paths(from: "hub-start", to: "hub-end", limit: %d) { length } }'
        assert len(gql(client, query % 100)["data"]["paths"]) == 100
        refused = gql(client, query % 101)
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert "between 1 and 100" in refused["errors"][0]["message"]
