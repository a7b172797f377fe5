"""Direct resolvers (graph_api/graphql/execution/direct.py) answer exactly as Strawberry's wrappers do, on every store."""

from __future__ import annotations

from typing import Any

import pytest

from graph_api.graphql.context import Context
from graph_api.graphql.execution.direct import install_direct_resolvers
from graph_api.graphql.schema import build_schema
from graph_api.model.ontology import Ontology
from graph_api.services.analytics import AnalyticsCache
from graph_api.settings import Settings
from graph_api.store.protocol import GraphStore

from .test_api import MESA_QUERY

QUERIES = {
    "the Mesa, nested": (MESA_QUERY, {"name": "Mesa de Trabajo Intersectorial sobre Migraciones"}),
    "as of a date (a scalar argument)": (
        """{ coordinationBody(id: "pe-mesa-migraciones") {
              members(asOf: "2012-01-01") { node { id } since until evidence note type }
              links(type: "MEMBER_OF", direction: IN, first: 3) { edges { cursor node { node { id label } } }
                pageInfo { hasNextPage endCursor } } } }""",
        {},
    ),
    "filters and ordering (input arguments, left to Strawberry)": (
        """{ institutions(first: 5, where: {name: {contains: "Minist"}}, orderBy: [{property: "name", direction: DESC}]) {
              edges { node { id name kind kindLabel { es en } } } } }""",
        {},
    ),
    "search, relay nodes, paths": (
        """{ search(text: "cancilleria") { id name __typename }
             nodes(ids: ["pe-mre", "nope"]) { id ... on Institution { acronym } }
             paths(from: "pe-inei", to: "pe-oit") { length start { id } steps { node { id } direction
               relationship { type } } } }""",
        {},
    ),
    "errors": ("""{ entity(id: "pe-mre") { id ... on Institution { links(type: "NOPE") { totalCount } } } }""", {}),
}


async def answer(
    store: GraphStore, ontology: Ontology, settings: Settings, query: str, variables: dict[str, Any]
) -> Any:
    """The data and the (message, path, code) of each error of `query` on a schema built with `settings`."""
    context = Context(store=store, ontology=ontology, settings=settings, analytics=AnalyticsCache(store))
    result = await build_schema(settings).execute(query, variable_values=variables, context_value=context)
    errors = [(e.message, e.path, (e.extensions or {}).get("code")) for e in result.errors or []]
    return result.data, errors


@pytest.mark.parametrize("name", QUERIES)
async def test_direct_resolvers_answer_as_strawberry_does(loaded: GraphStore, ontology: Ontology, name: str) -> None:
    query, variables = QUERIES[name]
    wrapped = await answer(loaded, ontology, Settings(store="unused", direct_resolvers=False), query, variables)
    direct = await answer(loaded, ontology, Settings(store="unused"), query, variables)
    assert direct == wrapped
    data, errors = direct
    assert data is not None
    assert bool(errors) == (name == "errors")


def test_only_fields_without_extensions_or_input_arguments_are_replaced() -> None:
    schema = build_schema(Settings(store="unused", direct_resolvers=False))
    assert install_direct_resolvers(schema) > 100
    fields = schema._schema.type_map["Query"].fields  # type: ignore[attr-defined]
    # `institutions` takes `where` and `orderBy` inputs, which Strawberry converts into Python objects.
    assert fields["institutions"].resolve.__qualname__.startswith("GraphQLCoreConverter")
    assert fields["entity"].resolve.__module__ == "graph_api.graphql.execution.direct"
