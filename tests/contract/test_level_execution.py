"""The level executor (graph_api/graphql/execution/levels.py) answers exactly as graphql-core's executor, on every store."""

from __future__ import annotations

from typing import Any

import pytest

from graph_api.model.ontology import Ontology
from graph_api.settings import Settings
from graph_api.store.protocol import GraphStore

from .test_api import MESA_QUERY
from .test_direct_resolvers import answer

FRAGMENTS = """
query Actors($withUnits: Boolean!, $skipName: Boolean!, $first: Int) {
  institutions(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        ...Named
        __typename
        kindLabel { es en }
        units @include(if: $withUnits) { node { id ...Named } }
        memberOf { node { id label ... on CoordinationBody { country } } since }
      }
    }
  }
  first: entity(id: "pe-mre") { ... on Institution { alias: acronym, sources { id title } } }
  missing: entity(id: "no-such-node") { id }
}
fragment Named on Entity { id name @skip(if: $skipName) nameEn }
"""

QUERIES: dict[str, tuple[str, dict[str, Any]]] = {
    "the Mesa, nested": (MESA_QUERY, {"name": "Mesa de Trabajo Intersectorial sobre Migraciones"}),
    "fragments, directives, variables, aliases, nulls": (
        FRAGMENTS,
        {"withUnits": True, "skipName": False, "first": 5},
    ),
    "the same, other variables": (FRAGMENTS, {"withUnits": False, "skipName": True, "first": 2}),
    "abstract lists and research": (
        """{ search(text: "ministerio", first: 5) { id __typename ... on Institution { kind } }
             nodes(ids: ["pe-mre", "nope", "pe-mesa-migraciones"]) { id label }
             paths(from: "pe-inei", to: "pe-oit") { length start { id } steps { node { id } direction
               relationship { type source target } } }
             coverageGaps { uncovered { id nameEn } } }""",
        {},
    ),
    "introspection": ("""{ __type(name: "Institution") { name fields { name } } __typename }""", {}),
    "a resolver error (graphql-core's path)": (
        """{ entity(id: "pe-mre") { id ... on Institution { links(type: "NOPE") { totalCount } } } }""",
        {},
    ),
    "a bad argument (graphql-core's path)": ("""{ search(text: "x", first: 0) { id } }""", {}),
}


@pytest.mark.parametrize("name", QUERIES)
async def test_levels_answer_as_graphql_core_does(loaded: GraphStore, ontology: Ontology, name: str) -> None:
    query, variables = QUERIES[name]
    by_object = await answer(loaded, ontology, Settings(store="unused", level_execution=False), query, variables)
    by_level = await answer(loaded, ontology, Settings(store="unused"), query, variables)
    assert by_level == by_object
    data, errors = by_level
    failing = "error" in name or "bad argument" in name
    assert bool(errors) == failing
    # A non-null root field that fails takes `data` with it; otherwise there is an answer.
    assert data is not None or name.startswith("a bad argument")


async def test_a_level_is_one_store_call(loaded: GraphStore, ontology: Ontology) -> None:
    """The members of every body on a page come in one call, their coverage in another."""
    calls: list[str] = []

    class Counting:
        def __getattr__(self, name: str) -> Any:
            attr = getattr(loaded, name)

            async def counted(*args: Any, **kwargs: Any) -> Any:
                calls.append(name)
                return await attr(*args, **kwargs)

            return counted if callable(attr) else attr

    query = "{ coordinationBodies(first: 5) { edges { node { members { node { covers { node { id } } } } } } } }"
    result = await answer(Counting(), ontology, Settings(store="unused"), query, {})
    assert result[1] == []
    assert calls == ["page_nodes", "related", "related"]
