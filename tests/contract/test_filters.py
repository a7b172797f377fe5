"""Filters and sorting that compose, with the same results on every store."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.testclient import TestClient

from graph_api.model.records import Edge, GraphBatch, Node
from graph_api.store.opening import open_store
from tests.contract.test_api import gql

MEMBERS_WITHOUT_HEALTH = """{ institutions(where: {related: [
  {type: "MEMBER_OF", some: {id: {eq: "pe-mesa-migraciones"}}},
  {type: "COVERS", none: {id: {eq: "health"}}}
]}) { totalCount edges { node { id } } } }"""


def ids(connection: dict[str, Any]) -> list[str]:
    return [e["node"]["id"] for e in connection["edges"]]


def test_members_of_a_body_that_cover_no_health_need(client: TestClient) -> None:
    result = gql(client, MEMBERS_WITHOUT_HEALTH)["data"]["institutions"]
    assert result["totalCount"] == 8
    assert "pe-minsa" not in ids(result) and "pe-mre" in ids(result)


def test_and_or_not_and_scalar_operators(client: TestClient) -> None:
    query = """{
      either: institutions(where: {OR: [{property: [{name: "kind", text: {eq: "ombudsman"}}]},
                                        {name: {startsWith: "instituto"}}]}) { edges { node { id } } }
      neither: institutions(where: {NOT: {property: [{name: "level", text: {eq: "national"}}]}}) { edges { node { id } } }
      both: institutions(where: {AND: [{name: {contains: "salud"}}, {property: [{name: "kind", text: {in: ["ministry"]}}]}]}) {
        edges { node { id } } }
      accents: institutions(where: {name: {eq: "cancilleria"}}) { edges { node { id } } }
      all: coordinationBodies(where: {related: [{type: "MEMBER_OF", direction: IN,
                                                 all: {property: [{name: "country", text: {eq: "PE"}}]}}]}) {
        edges { node { id } } }
    }"""
    data = gql(client, query)["data"]
    assert ids(data["either"]) == ["pe-defensoria", "pe-inei"]
    assert ids(data["neither"]) == ["int-ilo"]
    assert ids(data["both"]) == ["pe-minsa"]
    assert ids(data["accents"]) == ["pe-mre"]
    assert ids(data["all"]) == ["pe-mesa-migraciones"]


def test_date_ranges(client: TestClient, store_url: str) -> None:
    async def add_meetings() -> None:
        async with open_store(store_url) as store:
            doc = {"sources": ["doc-mre-mesa-migraciones"]}
            meetings = [("m-2011", "2011-09"), ("m-2012", "2012-05-14")]
            await store.write(
                GraphBatch(
                    tuple(Node(i, "Meeting", {"id": i, "name": i, "date": d}) for i, d in meetings),
                    tuple(Edge("MENTIONED_IN", i, "doc-mre-mesa-migraciones", doc) for i, _ in meetings),
                )
            )

    asyncio.run(add_meetings())
    query = '{ meetings(where: {property: [{name: "date", date: {gte: "2012", lte: "2012-12-31"}}]}) { edges { node { id } } } }'
    assert ids(gql(client, query)["data"]["meetings"]) == ["m-2012"]
    undated = '{ meetings(where: {property: [{name: "date", date: {lte: "2011-12"}}]}) { edges { node { id } } } }'
    assert ids(gql(client, undated)["data"]["meetings"]) == ["m-2011"]  # the year-less inauguration cannot be placed


def test_sorting_by_fields_and_relationship_counts_pages_by_keyset(client: TestClient, store_url: str) -> None:
    by_name = gql(
        client, '{ institutions(orderBy: [{property: "name", direction: DESC}], first: 2) { edges { node { name } } } }'
    )
    assert [e["node"]["name"] for e in by_name["data"]["institutions"]["edges"]] == [
        "Sistema Integral de Salud",
        "Organización Internacional del Trabajo",
    ]
    query = """query($after: String) { institutions(orderBy: [{relationshipCount: "COVERS", direction: DESC}],
               first: 4, after: $after) { edges { node { id } } pageInfo { endCursor hasNextPage } } }"""
    first = gql(client, query)["data"]["institutions"]
    assert ids(first)[0] == "pe-mimdes"  # three needs

    # A row inserted before the cursor does not shift the next page.
    async def insert() -> None:
        async with open_store(store_url) as store:
            doc = {"sources": ["doc-mre-mesa-migraciones"]}
            await store.write(
                GraphBatch(
                    (Node("aaa-new", "Institution", {"id": "aaa-new", "name": "A", "kind": "agency"}),),
                    (
                        Edge("MENTIONED_IN", "aaa-new", "doc-mre-mesa-migraciones", doc),
                        Edge("COVERS", "aaa-new", "health", doc),
                        Edge("COVERS", "aaa-new", "shelter", doc),
                        Edge("COVERS", "aaa-new", "nutrition", doc),
                        Edge("COVERS", "aaa-new", "education", doc),
                    ),
                )
            )

    asyncio.run(insert())
    rest: list[str] = []
    after = first["pageInfo"]["endCursor"]
    while after:
        page = gql(client, query, after=after)["data"]["institutions"]
        rest += ids(page)
        after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    assert "aaa-new" not in rest and not set(rest) & set(ids(first))
    assert len(ids(first)) + len(rest) == 12


def test_bad_filters_are_bad_input(client: TestClient) -> None:
    for where in ('{property: [{name: "budget", text: {eq: "1"}}]}', '{related: [{type: "FUNDS"}]}'):
        body = gql(client, "{ institutions(where: %s) { totalCount } }" % where)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = gql(client, '{ institutions(orderBy: [{property: "name", relationshipCount: "COVERS"}]) { totalCount } }')
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
