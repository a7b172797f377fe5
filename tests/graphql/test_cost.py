"""The cost estimate multiplies each relationship field by that relationship's own average fan-out (issue 16).

On a graph of 10^5 actors the README's and the bench's nested queries pass the default budget, which the
graph's largest fan-out applied to every level refused; fan-out bombs are still refused; and the estimate is
the same on every store holding the same data.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLSchema, parse
from starlette.testclient import TestClient

from bench.queries import NESTED_BODIES, nested_query
from graph_api.graphql.extensions.cost import estimate_cost
from graph_api.graphql.extensions.fanout import FanOuts, fan_outs, fanout_of
from graph_api.graphql.schema import build_schema
from graph_api.http.app import create_app
from graph_api.model.ontology import Ontology
from graph_api.model.records import GraphBatch
from graph_api.settings import Settings
from graph_api.store.opening import open_store
from graph_api.store.protocol import GraphStats, GraphStore
from loaders.packages.synthetic import synthetic_graph

README = Path(__file__).resolve().parents[2] / "README.md"
# The generator gives about 0.23 actors a relationship (bench/suite.py): this is 10^5 actors.
RELATIONSHIPS_FOR_1E5_ACTORS = 437_700
DEFAULT_PAGE = 20
BUDGET = Settings(store="unused").max_cost  # the default budget


def readme_nested_query() -> str:
    """The first query of the README's "Example queries": a body with its convener, supporters and members."""
    section = README.read_text(encoding="utf-8").split("## Example queries", 1)[1]
    found = re.search(r"```graphql\n(.*?)```", section, re.DOTALL)
    assert found is not None
    return found.group(1)


def stats_of(batch: GraphBatch) -> GraphStats:
    return GraphStats(Counter(n.label for n in batch.nodes), Counter(e.type for e in batch.edges))


def estimate(schema: GraphQLSchema, query: str, fanout: int | FanOuts, **variables: Any) -> int:
    return estimate_cost(schema, parse(query), None, variables, fanout=fanout, default_page=DEFAULT_PAGE)


@pytest.fixture(scope="module")
def schema() -> GraphQLSchema:
    return build_schema()._schema


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory, ontology: Ontology) -> tuple[str, GraphStats]:
    """An embedded store of 10^5 synthetic actors, written once for the module, and its statistics."""
    path = str(tmp_path_factory.mktemp("large") / "graph.db")
    batch = synthetic_graph(ontology, RELATIONSHIPS_FOR_1E5_ACTORS, seed=1)

    async def write() -> GraphStats:
        async with open_store(path, ontology) as store:
            await store.write(batch)
            return await store.stats()

    stats = asyncio.run(write())
    assert sum(stats.nodes[label] for label in ontology.actor_labels() if label in stats.nodes) >= 95_000
    return path, stats


@pytest.fixture(scope="module")
def large_client(large: tuple[str, GraphStats]) -> Iterator[TestClient]:
    """The app over the large store with the default settings, the cost budget among them."""
    with TestClient(create_app(Settings(store=large[0], seed_if_empty=False))) as client:
        yield client


def test_the_nested_queries_pass_the_default_budget_on_1e5_actors(
    large: tuple[str, GraphStats], large_client: TestClient, schema: GraphQLSchema, ontology: Ontology
) -> None:
    stats = large[1]
    by_field, everywhere = fan_outs(schema, stats, ontology), fanout_of(stats, ontology)
    readme = readme_nested_query()
    bench = nested_query(NESTED_BODIES)
    for query in (readme, bench):
        assert estimate(schema, query, by_field) <= BUDGET < estimate(schema, query, everywhere)
    # The README's body, played by one of the synthetic ones, and the bench's nine: answered, not refused.
    body = large_client.post(
        "/graphql", json={"query": readme.replace("Mesa Intersectorial sobre Migraciones", "Mesa de Trabajo 7")}
    ).json()
    assert "errors" not in body, body
    assert len(body["data"]["coordinationBody"]["members"]) >= 10
    body = large_client.post("/graphql", json={"query": bench}).json()
    assert "errors" not in body, body
    assert len(body["data"]["coordinationBodies"]["edges"]) == NESTED_BODIES


BOMBS = {
    # Bodies' members' bodies' members' bodies: about 30 · 1 · 30 · 1 per body, a hundred bodies.
    "members-and-bodies": "{ coordinationBodies(first: 100) { edges { node { members { node { memberOf { node { "
    "members { node { memberOf { node { id } } } } } } } } } } } }",
    # Every actor covering a need, and every actor covering theirs: thousands per need.
    "coverage": "{ migrantNeeds(first: 100) { edges { node { coveredBy { node { covers { node { coveredBy { "
    "node { id } } } } } } } } } }",
    "mentions": "{ documents(first: 100) { edges { node { mentions { sources { mentions { id } } } } } } }",
    "links": '{ coordinationBodies(first: 100) { edges { node { links(type: "MEMBER_OF", direction: IN, '
    "first: 100) { edges { node { node { ... on Institution { memberOf { node { members { node { id } } } } } } } } } } } } }",
}


@pytest.mark.parametrize("name", BOMBS)
def test_fan_out_bombs_are_still_refused_on_1e5_actors(large_client: TestClient, name: str) -> None:
    [error] = large_client.post("/graphql", json={"query": BOMBS[name]}).json()["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] > error["extensions"]["budget"] == BUDGET


# Two bodies of 30 members on average, 40 institutions in 1.5 bodies each, 4 needs covered 2.5 times each.
SMALL = GraphStats(
    nodes={"CoordinationBody": 2, "Institution": 40, "MigrantNeed": 4, "Document": 3},
    edges={"MEMBER_OF": 60, "COVERS": 10, "MENTIONED_IN": 30},
)


def test_each_relationship_field_has_its_own_average_at_least_one(schema: GraphQLSchema, ontology: Ontology) -> None:
    table = fan_outs(schema, SMALL, ontology)
    assert table.largest == 30  # MEMBER_OF per body, as before
    assert table.of_field("CoordinationBody", "members") == 30
    assert table.of_field("Institution", "memberOf") == 2  # 1.5 rounded up
    assert table.of_field("Institution", "covers") == 1  # 0.25, at least 1
    assert table.of_field("MigrantNeed", "coveredBy") == 3
    assert table.of_field("Document", "mentions") == 10
    assert table.of_field("CoordinationBody", "sources") == 15
    # A link's sources count like its node's; a list that follows no one relationship, like the largest.
    assert table.of_field("InstitutionLink", "sources") == table.of_field("Institution", "sources") == 1
    assert table.of_field("Institution", "coMembers") == 30


def test_the_estimate_multiplies_each_level_by_its_field(schema: GraphQLSchema, ontology: Ontology) -> None:
    table = fan_outs(schema, SMALL, ontology)
    query = '{ coordinationBody(id: "x") { members { node { memberOf { node { id } } } } } }'
    # coordinationBody 1 + members (1 + 30 · (node 1 + memberOf (1 + 2 · (node 1 + id 1))))
    assert estimate(schema, query, table) == 1 + 1 + 30 * (1 + 1 + 2 * 2) == 182
    assert estimate(schema, query, table.largest) == 1 + 1 + 30 * (1 + 1 + 30 * 2) == 1862  # the old rule
    co_members = '{ institution(id: "x") { coMembers { institution { id } } } }'
    assert estimate(schema, co_members, table) == 1 + 1 + 30 * 2


def test_links_pages_no_more_than_its_types_average(schema: GraphQLSchema, ontology: Ontology) -> None:
    table = fan_outs(schema, SMALL, ontology)
    inline = '{ institution(id: "x") { links(type: "MEMBER_OF", first: 50) { edges { node { node { id } } } } } }'
    # institution 1 + links 1 + edges (1 + min(50, 2) · (link 1 + node 1 + id 1))
    assert estimate(schema, inline, table) == 1 + 1 + 1 + 2 * 3
    by_variables = (
        'query($t: String!, $d: RelationDirection!) { institution(id: "x") { links(type: $t, direction: $d, '
        "first: 50) { edges { node { node { id } } } } } }"
    )
    # No institution is at the end of a MEMBER_OF: at least one.
    assert estimate(schema, by_variables, table, t="MEMBER_OF", d="IN") == 1 + 1 + 1 + 1 * 3
    # A type the estimate cannot see pages as asked.
    assert estimate(schema, by_variables, table) == 1 + 1 + 1 + 50 * 3


async def test_the_estimate_is_the_same_on_every_store(
    store: GraphStore, schema: GraphQLSchema, ontology: Ontology
) -> None:
    batch = synthetic_graph(ontology, 8_000, seed=11)
    await store.write(batch)
    stored, written = fan_outs(schema, await store.stats(), ontology), fan_outs(schema, stats_of(batch), ontology)
    assert stored == written
    for query in (readme_nested_query(), nested_query(NESTED_BODIES), *BOMBS.values()):
        assert estimate(schema, query, stored) == estimate(schema, query, written)
