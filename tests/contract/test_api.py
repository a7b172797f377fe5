"""The GraphQL API over HTTP, on every store."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.settings import Settings

MESA_QUERY = """
query Mesa($name: String!) {
  coordinationBody(name: $name) {
    id
    name
    sources { id title language }
    members { node { id name acronym } since sources { id } }
    convenedBy { node { id } sources { id } }
    ledBy { node { id } }
    supportedBy { node { id name ... on Program { runBy { node { id acronym nameEn } sources { id } } } } sources { id } }
    meetings { node { id date datePrecision yearKnown } }
    serves { node { id size sizeApproximate } }
    themes { node { id nameEn gcmObjectives } }
  }
  health: institution(name: "Ministerio de Salud") {
    units { node { id name parent { node { id } } } sources { id title } }
  }
}
"""


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_mesa_with_its_members_convener_supporter_and_sources(client: TestClient) -> None:
    data = gql(client, MESA_QUERY, name="Mesa de Trabajo Intersectorial sobre Migraciones")["data"]
    mesa = data["coordinationBody"]
    assert mesa["id"] == "pe-mesa-migraciones"
    assert mesa["sources"] == [
        {"id": "doc-mre-mesa-migraciones", "title": mesa["sources"][0]["title"], "language": "es"}
    ]
    members = mesa["members"]
    assert len(members) == 9
    assert {m["node"]["acronym"] for m in members} >= {
        "MRE",
        "MTPE",
        "MININTER",
        "MINEDU",
        "MINSA",
        "INEI",
        "MIMDES",
        "MVCS",
    }
    assert "Defensoría del Pueblo" in {m["node"]["name"] for m in members}
    assert all(m["sources"] == [{"id": "doc-mre-mesa-migraciones"}] and m["since"] == "--08-11" for m in members)
    assert mesa["convenedBy"] == [{"node": {"id": "pe-mre"}, "sources": [{"id": "doc-mre-mesa-migraciones"}]}]
    assert mesa["ledBy"] == [{"node": {"id": "pe-mre"}}]
    [support] = mesa["supportedBy"]
    assert support["node"]["id"] == "ilo-migrandina" and support["sources"] == [{"id": "doc-mre-mesa-migraciones"}]
    assert support["node"]["runBy"] == [
        {
            "node": {"id": "int-ilo", "acronym": "OIT", "nameEn": "International Labour Organization"},
            "sources": [{"id": "doc-mre-mesa-migraciones"}],
        }
    ]
    assert mesa["meetings"] == [
        {
            "node": {
                "id": "pe-mesa-migraciones-inauguracion",
                "date": "--08-11",
                "datePrecision": "day",
                "yearKnown": False,
            }
        }
    ]
    assert mesa["serves"] == [
        {"node": {"id": "pe-peruanos-en-el-exterior", "size": 3_000_000, "sizeApproximate": True}}
    ]
    assert {t["node"]["id"] for t in mesa["themes"]} == {
        "national-migration-policy",
        "migration-drivers",
        "diaspora-wellbeing",
        "inter-institutional-coordination",
    }
    [sis] = data["health"]["units"]
    assert sis["node"] == {"id": "pe-sis", "name": "Sistema Integral de Salud", "parent": {"node": {"id": "pe-minsa"}}}
    assert sis["sources"][0]["id"] == "doc-mre-mesa-migraciones"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Cancilleria", "pe-mre"),
        ("CANCILLERÍA", "pe-mre"),
        ("MRE", "pe-mre"),
        ("Ministerio de Relaciones Exteriores", "pe-mre"),
        ("oit", "int-ilo"),
        ("International Labour Organization", "int-ilo"),
        ("defensoria del pueblo", "pe-defensoria"),
    ],
)
def test_institution_by_name_alias_or_acronym(client: TestClient, name: str, expected: str) -> None:
    data = gql(client, "query($n: String!) { institution(name: $n) { id } }", n=name)["data"]
    assert data == {"institution": {"id": expected}}


def test_unknown_ids_and_names_are_null(client: TestClient) -> None:
    body = gql(
        client,
        '{ a: institution(id: "nowhere") { id } b: institution(name: "Ministerio de Magia") { id } '
        'c: program(id: "pe-mre") { id } d: entity(id: "pe-sis") { label name } }',
    )
    assert body["data"] == {
        "a": None,
        "b": None,
        "c": None,
        "d": {"label": "Institution", "name": "Sistema Integral de Salud"},
    }
    assert "errors" not in body


def test_program_and_reverse_fields(client: TestClient) -> None:
    data = gql(
        client,
        '{ program(name: "migrandina") { id supports { node { id } } } '
        'institution(id: "int-ilo") { runs { node { id } } memberOf { node { id } } } }',
    )["data"]
    assert data["program"] == {"id": "ilo-migrandina", "supports": [{"node": {"id": "pe-mesa-migraciones"}}]}
    assert data["institution"] == {"runs": [{"node": {"id": "ilo-migrandina"}}], "memberOf": []}


def test_search_ignores_case_and_accents_and_knows_aliases(client: TestClient) -> None:
    data = gql(
        client,
        '{ a: search(text: "cancilleria") { id } b: search(text: "educación", first: 5) { id __typename } '
        'c: search(text: "migrandina") { id __typename } d: search(text: "mesa migraciones") { id } }',
    )["data"]
    assert data["a"] == [{"id": "pe-mre"}]
    assert data["b"] == [{"id": "pe-minedu", "__typename": "Institution"}]
    assert data["c"] == [{"id": "ilo-migrandina", "__typename": "Program"}]
    assert data["d"] == [{"id": "pe-mesa-migraciones"}]


def test_connections_page_by_cursor_with_total_count(client: TestClient) -> None:
    query = (
        "query($after: String) { institutions(first: 5, after: $after) { totalCount edges { cursor node { id } } "
        "pageInfo { hasNextPage hasPreviousPage endCursor } } }"
    )
    ids: list[str] = []
    after = None
    for _ in range(5):
        conn = gql(client, query, after=after)["data"]["institutions"]
        assert conn["totalCount"] == 12
        ids.extend(e["node"]["id"] for e in conn["edges"])
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert len(ids) == len(set(ids)) == 12 and ids == sorted(ids)
    last = gql(client, "{ institutions(last: 2) { edges { node { id } } pageInfo { hasPreviousPage hasNextPage } } }")
    assert last["data"]["institutions"] == {
        "edges": [{"node": {"id": "pe-sis"}}, {"node": {"id": "pe-vivienda"}}],
        "pageInfo": {"hasPreviousPage": True, "hasNextPage": False},
    }


def test_every_list_is_a_connection(client: TestClient) -> None:
    query = "{ %s }" % " ".join(
        f"{name} {{ totalCount }}"
        for name in [
            "institutions",
            "coordinationBodies",
            "programs",
            "meetings",
            "policyThemes",
            "migrantNeeds",
            "populations",
            "documents",
            "places",
        ]
    )
    data = gql(client, query)["data"]
    assert {k: v["totalCount"] for k, v in data.items()} == {
        "institutions": 12,
        "coordinationBodies": 1,
        "programs": 1,
        "meetings": 1,
        "policyThemes": 10,
        "migrantNeeds": 13,
        "populations": 1,
        "documents": 6,
        # Peru, its 26 regions and its 196 provinces.
        "places": 223,
    }


def test_documents_say_what_they_mention(client: TestClient) -> None:
    data = gql(
        client,
        '{ entity(id: "doc-mre-mesa-migraciones") { ... on Document { title publisher language checksum '
        "mentions { id label } } } }",
    )["data"]["entity"]
    assert data["language"] == "es" and data["checksum"].startswith("sha256:")
    assert {"pe-mre", "pe-mesa-migraciones", "ilo-migrandina", "pe-peruanos-en-el-exterior"} <= {
        m["id"] for m in data["mentions"]
    }


def test_needs_vocabulary_with_sub_needs(client: TestClient) -> None:
    data = gql(
        client,
        "{ migrantNeeds(first: 100) { edges { node { id nameEn narrower { node { id } } sources { title } } } } }",
    )
    needs = {e["node"]["id"]: e["node"] for e in data["data"]["migrantNeeds"]["edges"]}
    assert {n["node"]["id"] for n in needs["protection"]["narrower"]} == {
        "child-protection",
        "gender-based-violence",
        "trafficking-and-smuggling",
    }
    assert "R4V" in needs["health"]["sources"][0]["title"] or "RMRP" in needs["health"]["sources"][0]["title"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ institutions(first: 1000) { totalCount } }", "BAD_USER_INPUT"),
        ('{ institutions(after: "not-a-cursor") { totalCount } }', "BAD_USER_INPUT"),
        ('{ institution(id: "pe-mre", name: "MRE") { id } }', "BAD_USER_INPUT"),
        ('{ search(text: "x", first: 0) { id } }', "BAD_USER_INPUT"),
        ("{ institution { nope } }", "GRAPHQL_VALIDATION_FAILED"),
    ],
)
def test_bad_requests_get_an_error_code(client: TestClient, query: str, code: str) -> None:
    response = client.post("/graphql", json={"query": query})
    errors = response.json()["errors"]
    assert errors and all(e["extensions"]["code"] == code for e in errors), errors
    assert "Traceback" not in response.text


def test_get_queries_and_health(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": '{ institution(name: "INEI") { id } }'})
    assert response.json() == {"data": {"institution": {"id": "pe-inei"}}}
    assert client.get("/healthz").json()["status"] == "ok"


def test_graphiql_in_development(client: TestClient) -> None:
    for path in ("/", "/graphql"):
        page = client.get(path, headers={"accept": "text/html"})
        assert page.status_code == 200 and "graphiql" in page.text.lower()


@pytest.mark.parametrize(
    "query",
    [
        '{ institution(id: "pe-mre") { ' + "parent { node { " * 30 + "id" + " } }" * 30 + " } }",
        "fragment F on Institution { "
        + "parent { node { " * 15
        + "id"
        + " } }" * 15
        + ' } { institution(id: "pe-mre") { ...F } }',
        "{ " + " ".join(f'a{i}: institution(id: "pe-mre") {{ id }}' for i in range(40)) + " }",
        "{ " + " ".join(["__typename"] * 6000) + " }",
    ],
    ids=["deep", "deep-through-a-fragment", "many-aliases", "many-tokens"],
)
def test_abusive_queries_are_refused_before_they_run(client: TestClient, query: str) -> None:
    errors = client.post("/graphql", json={"query": query}).json()["errors"]
    assert [e["extensions"]["code"] for e in errors][:1] == ["QUERY_TOO_COMPLEX"]


def test_paging_while_rows_are_inserted_visits_every_existing_row_once(store_url: str) -> None:
    import asyncio
    import random

    from graph_api.model.ontology import load_ontology
    from graph_api.model.records import Edge, GraphBatch, Node
    from graph_api.store.opening import open_store
    from loaders.packages.synthetic import synthetic_graph

    ontology = load_ontology()

    async def write(batch: GraphBatch) -> None:
        async with open_store(store_url) as store:
            await store.write(batch)

    batch = synthetic_graph(ontology, 8_000, seed=11)
    asyncio.run(write(batch))
    existing = sorted(n.id for n in batch.nodes if n.label == "Institution")
    rng = random.Random(5)
    doc = next(n.id for n in batch.nodes if n.label == "Document")
    query = "query($after: String) { institutions(first: 100, after: $after) { edges { node { id } } pageInfo { endCursor hasNextPage } } }"
    seen: list[str] = []
    with TestClient(create_app(Settings(store=store_url, seed_if_empty=False))) as client:
        after = None
        while True:
            page = gql(client, query, after=after)["data"]["institutions"]
            seen.extend(e["node"]["id"] for e in page["edges"])
            # Rows appear on both sides of the cursor between pages.
            new = [f"syn-inst-{rng.randint(0, 99999):05d}-new-{len(seen)}" for _ in range(3)]
            asyncio.run(
                write(
                    GraphBatch(
                        tuple(Node(i, "Institution", {"id": i, "name": i, "kind": "agency"}) for i in new),
                        tuple(Edge("MENTIONED_IN", i, doc, {"sources": [doc]}) for i in new),
                    )
                )
            )
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen))
    assert set(existing) <= set(seen)
    assert len(existing) > 1_000


def test_a_variable_of_the_wrong_type_is_bad_input(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        json={"query": "query($n: Int) { institutions(first: $n) { totalCount } }", "variables": {"n": "many"}},
    )
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "many" in error["message"]


def test_every_relationship_list_pages_as_a_connection(client: TestClient) -> None:
    query = """query($after: String) { coordinationBody(id: "pe-mesa-migraciones") {
      links(type: "MEMBER_OF", direction: IN, first: 4, after: $after) {
        totalCount edges { node { node { id } since sources { id } } } pageInfo { hasNextPage endCursor } } } }"""
    seen: list[str] = []
    after = None
    while True:
        links = gql(client, query, after=after)["data"]["coordinationBody"]["links"]
        assert links["totalCount"] == 9
        seen += [e["node"]["node"]["id"] for e in links["edges"]]
        if not links["pageInfo"]["hasNextPage"]:
            break
        after = links["pageInfo"]["endCursor"]
    assert seen == sorted(seen) and len(seen) == 9
    last = gql(
        client,
        '{ coordinationBody(id: "pe-mesa-migraciones") { links(type: "MEMBER_OF", direction: IN, last: 2) '
        "{ edges { node { node { id } } } } } }",
    )
    assert [e["node"]["node"]["id"] for e in last["data"]["coordinationBody"]["links"]["edges"]] == [
        "pe-mtpe",
        "pe-vivienda",
    ]


def test_a_depth_100_query_and_a_million_aliases_are_refused_fast(client: TestClient) -> None:
    import time

    deep = '{ institution(id: "pe-mre") { ' + "parent { node { " * 100 + "id" + " } }" * 100 + " } }"
    started = time.monotonic()
    errors = client.post("/graphql", json={"query": deep}).json()["errors"]
    assert errors[0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    aliases = "{ " + " ".join(f"a{i}: __typename" for i in range(1_000_000)) + " }"
    response = client.post("/graphql", json={"query": aliases})
    assert response.status_code == 413  # over the request size limit, refused before it is parsed
    assert time.monotonic() - started < 10
