"""Filters answered by the stores' name indexes, and lists ordered by a count that the stores page: the same
answers as reading every node, on every store, before and after edits.

The expected answers are worked out here from the nodes' names, as the filter's documentation states them
(every name, English name, acronym and alias, normalised; `contains` a substring of one of them), not by the
code under test. Names over the index's key length and nodes with more names than its keys hold are among
the data, so a filter that trusted the keys alone would miss them.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph_api.model.records import Direction, Edge, GraphBatch, Node
from graph_api.model.text import normalize
from graph_api.store.opening import open_store
from graph_api.store.protocol import GraphStore, all_nodes
from tests.contract.test_api import gql

WORDS = ["ministerio", "salud", "trabajo", "migraciones", "instituto", "nacional", "defensoria", "pueblo", "regional"]
SOURCES = {"sources": ["doc-mre-mesa-migraciones"]}
NEEDS = ["zz-need-a", "zz-need-b", "zz-need-c", "zz-need-d"]


def institutions(seed: int) -> list[Node]:
    rng = random.Random(seed)
    nodes = []
    for n in range(60):
        name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))) + f" {n}"
        props: dict[str, Any] = {
            "id": f"zz-{n:03d}",
            "name": name.capitalize(),
            "kind": rng.choice(["ministry", "agency"]),
        }
        if n % 3 == 0:
            props["acronym"] = "".join(w[0] for w in name.split()[:3]).upper()
        if n % 7 == 0:
            props["aliases"] = [f"Ofícina {rng.choice(WORDS)} {n}"]
        nodes.append(Node(props["id"], "Institution", props))
    # Names the keys do not hold whole: one past the key length, one past the keys' total room.
    tail = "consejo consultivo de salud mental comunitaria"
    nodes.append(Node("zz-long", "Institution", {"id": "zz-long", "name": "Comisión " + "especial " * 45 + tail}))
    many = [f"alias número {i} {'x' * 60}" for i in range(130)] + ["Oficina de Enlace Final"]
    nodes.append(
        Node("zz-many", "Institution", {"id": "zz-many", "name": "Entidad con muchos nombres", "aliases": many})
    )
    return nodes


def coverage(nodes: list[Node], seed: int) -> list[Edge]:
    rng = random.Random(seed)
    return [Edge("COVERS", n.id, need, SOURCES) for n in nodes for need in rng.sample(NEEDS, rng.randint(0, 4))]


def write(store_url: str, batch: GraphBatch) -> None:
    async def run() -> None:
        async with open_store(store_url) as store:
            await store.write(batch)

    asyncio.run(run())


def everything(store_url: str) -> tuple[list[Node], dict[str, int]]:
    """Every institution, and each one's number of outgoing COVERS relationships."""

    async def run() -> tuple[list[Node], dict[str, int]]:
        async with open_store(store_url) as store:
            nodes = await all_nodes(store, ["Institution"])
            counts = await store.relations([n.id for n in nodes], "COVERS", Direction.OUT)
            return nodes, {n.id: len(c) for n, c in zip(nodes, counts, strict=True)}

    return asyncio.run(run())


@pytest.fixture
def graph(client: TestClient, store_url: str) -> TestClient:
    needs = tuple(Node(i, "MigrantNeed", {"id": i, "name": i}) for i in NEEDS)
    nodes = institutions(7)
    write(store_url, GraphBatch((*needs, *nodes), tuple(coverage(nodes, 7))))
    return client


def names(node: Node) -> list[str]:
    p = node.properties
    values = [p.get("name"), p.get("name_en"), p.get("acronym"), *p.get("aliases", [])]
    return [normalize(v) for v in values if isinstance(v, str)]


def listed(client: TestClient, where: str) -> list[str]:
    query = f"{{ institutions(first: 100, where: {where}) {{ totalCount edges {{ node {{ id }} }} }} }}"
    body = gql(client, query)
    assert "errors" not in body, body
    result = body["data"]["institutions"]
    found = [e["node"]["id"] for e in result["edges"]]
    assert result["totalCount"] == len(found)
    return found


CASES: list[tuple[str, Callable[[list[str], Node], bool]]] = [
    ('{name: {contains: "nister"}}', lambda ns, n: any("nister" in v for v in ns)),
    ('{name: {contains: "salud trab"}}', lambda ns, n: any("salud trab" in v for v in ns)),
    ('{name: {contains: "TERIO SAL"}}', lambda ns, n: any("terio sal" in v for v in ns)),
    ('{name: {contains: "salud mental comunitaria"}}', lambda ns, n: any("salud mental comunitaria" in v for v in ns)),
    ('{name: {contains: "enlace final"}}', lambda ns, n: any("enlace final" in v for v in ns)),
    ('{name: {startsWith: "oficina"}}', lambda ns, n: any(v.startswith("oficina") for v in ns)),
    ('{name: {eq: "Oficina de Enlace Final"}}', lambda ns, n: "oficina de enlace final" in ns),
    (
        '{name: {in: ["msm", "Entidad con muchos nombres"]}}',
        lambda ns, n: bool({"msm", "entidad con muchos nombres"} & set(ns)),
    ),
    ('{id: {in: ["zz-001", "zz-002", "pe-mre", "nowhere"]}}', lambda ns, n: n.id in {"zz-001", "zz-002", "pe-mre"}),
    (
        '{OR: [{name: {contains: "pueblo"}}, {id: {eq: "zz-004"}}], property: [{name: "kind", text: {eq: "agency"}}]}',
        lambda ns, n: (any("pueblo" in v for v in ns) or n.id == "zz-004") and n.properties.get("kind") == "agency",
    ),
    (
        '{AND: [{name: {contains: "salud"}}, {NOT: {name: {contains: "trabajo"}}}]}',
        lambda ns, n: any("salud" in v for v in ns) and not any("trabajo" in v for v in ns),
    ),
    ('{name: {contains: "!!"}}', lambda ns, n: bool(ns)),  # nothing left to look for: every named node
]


@pytest.mark.parametrize(("where", "holds"), CASES, ids=[c[0] for c in CASES])
def test_a_filter_by_name_finds_what_reading_every_name_finds(
    graph: TestClient, store_url: str, where: str, holds: Callable[[list[str], Node], bool]
) -> None:
    nodes, _ = everything(store_url)
    expected = sorted(n.id for n in nodes if holds(names(n), n))
    assert listed(graph, where) == expected


def ranked(client: TestClient, direction: str, size: int) -> tuple[list[str], list[int]]:
    """The whole list ordered by COVERS count, read `size` at a time through the cursors."""
    query = """query($after: String) { institutions(first: %d, after: $after,
      orderBy: [{relationshipCount: "COVERS", direction: %s}]) {
        totalCount edges { cursor node { id covers { type } } } pageInfo { hasNextPage hasPreviousPage endCursor } } }"""
    found: list[str] = []
    counts: list[int] = []
    after = None
    while True:
        body = gql(client, query % (size, direction), after=after)
        assert "errors" not in body, body
        page = body["data"]["institutions"]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        found += [e["node"]["id"] for e in page["edges"]]
        counts += [len(e["node"]["covers"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            assert page["totalCount"] == len(found)
            return found, counts
        after = page["pageInfo"]["endCursor"]


def expected_order(store_url: str, direction: str) -> list[str]:
    nodes, counts = everything(store_url)
    sign = -1 if direction == "DESC" else 1
    return [n.id for n in sorted(nodes, key=lambda n: (sign * counts[n.id], n.id))]


@pytest.mark.parametrize("direction", ["DESC", "ASC"])
def test_ordering_by_a_count_pages_the_order_and_follows_edits(
    graph: TestClient, store_url: str, direction: str
) -> None:
    order, counts = ranked(graph, direction, 7)
    assert order == expected_order(store_url, direction)
    assert counts == sorted(counts, reverse=direction == "DESC")
    # Edits after the first read: a relationship added, one removed, a new node, a node merged again.
    nodes, have = everything(store_url)
    top = next(n for n in nodes if have[n.id] == 4)
    low = next(n for n in nodes if have[n.id] == 0)
    write(
        store_url,
        GraphBatch(
            (Node("zz-new", "Institution", {"id": "zz-new", "name": "Nueva"}), low),
            (Edge("COVERS", low.id, NEEDS[0], SOURCES), Edge("COVERS", "zz-new", NEEDS[1], SOURCES)),
            remove_edges=(Edge("COVERS", top.id, NEEDS[2], SOURCES),),
        ),
    )
    assert ranked(graph, direction, 5)[0] == expected_order(store_url, direction)


def test_a_count_order_and_its_generic_pages_agree(graph: TestClient) -> None:
    """The store's page (first/after) and the sorted list's (last/before) give the same order and cursors."""
    order, _ = ranked(graph, "DESC", 50)
    query = """{ institutions(last: 6, orderBy: [{relationshipCount: "COVERS", direction: DESC}]) {
        edges { cursor node { id } } } }"""
    tail = gql(graph, query)["data"]["institutions"]["edges"]
    assert [e["node"]["id"] for e in tail] == order[-6:]
    after = """query($after: String) { institutions(first: 3, after: $after,
        orderBy: [{relationshipCount: "COVERS", direction: DESC}]) { edges { node { id } } } }"""
    body = gql(graph, after, after=tail[0]["cursor"])
    assert [e["node"]["id"] for e in body["data"]["institutions"]["edges"]] == order[-5:-2]


def test_a_cursor_from_another_order_is_refused(graph: TestClient) -> None:
    by_name = '{ institutions(first: 1, orderBy: [{property: "name"}]) { pageInfo { endCursor } } }'
    cursor = gql(graph, by_name)["data"]["institutions"]["pageInfo"]["endCursor"]
    query = """query($after: String) { institutions(first: 3, after: $after,
        orderBy: [{relationshipCount: "COVERS"}]) { edges { node { id } } } }"""
    body = gql(graph, query, after=cursor)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    "arguments",
    [
        'where: {name: {contains: "no such name anywhere"}, property: [{name: "nonesuch", text: {eq: "x"}}]}',
        'where: {id: {eq: "nowhere"}, related: [{type: "NONESUCH"}]}',
        'where: {name: {eq: "nobody"}, property: [{name: "date", date: {gte: "not a date"}}]}',
        'orderBy: [{relationshipCount: "NONESUCH"}]',
    ],
)
def test_a_bad_filter_is_refused_even_when_nothing_would_match(graph: TestClient, arguments: str) -> None:
    body = gql(graph, f"{{ programs({arguments}) {{ edges {{ node {{ id }} }} }} }}")
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body


async def test_a_ranking_follows_the_stores_own_writes_and_concurrent_ones(store: GraphStore) -> None:
    """Writes through the store that keeps the ranking (moved in place), several at once, and a node merged
    again under another label."""
    needs = tuple(Node(i, "MigrantNeed", {"id": i, "name": i}) for i in NEEDS)
    nodes = institutions(11)[:30]
    await store.write(GraphBatch((*needs, *nodes), tuple(coverage(nodes, 11))))

    async def order(descending: bool) -> list[tuple[int, str]]:
        page = await store.ranked_by_count("Institution", "COVERS", Direction.OUT, descending=descending, first=100)
        return [(count, node.id) for count, node in page.rows]

    async def expected(descending: bool) -> list[tuple[int, str]]:
        members = await all_nodes(store, ["Institution"])
        counts = await store.relations([n.id for n in members], "COVERS", Direction.OUT)
        pairs = [(len(c), n.id) for n, c in zip(members, counts, strict=True)]
        return sorted(pairs, key=lambda p: (-p[0] if descending else p[0], p[1]))

    assert await order(True) == await expected(True)
    await store.write(GraphBatch(edges=(Edge("COVERS", nodes[-1].id, NEEDS[0], SOURCES),)))  # one at a time
    await store.write(GraphBatch(remove_edges=(Edge("COVERS", nodes[0].id, NEEDS[1], SOURCES),)))
    assert await order(True) == await expected(True)
    rng = random.Random(3)
    edits = [
        GraphBatch(edges=(Edge("COVERS", n.id, need, SOURCES),))
        for n in rng.sample(nodes, 8)
        for need in rng.sample(NEEDS, 1)
    ]
    edits.append(GraphBatch(remove_edges=tuple(Edge("COVERS", n.id, d, SOURCES) for n in nodes[:5] for d in NEEDS)))
    edits.append(GraphBatch((Node("zz-003", "Program", {"id": "zz-003", "name": "Ahora un programa"}),)))
    await asyncio.gather(*(store.write(e) for e in edits), order(True), order(False))
    assert await order(True) == await expected(True)
    assert await order(False) == await expected(False)
