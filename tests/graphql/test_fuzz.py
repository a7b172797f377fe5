"""Property-based fuzzing: queries generated from the schema never cause an internal error."""

from __future__ import annotations

import asyncio
from pathlib import Path

import hypothesis_graphql as hg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes

from graph_api.graphql.context import Context
from graph_api.graphql.schema import build_schema, schema_sdl
from graph_api.model.ontology import load_ontology
from graph_api.model.resources import bundled_data_dir
from graph_api.services.analytics import AnalyticsCache
from graph_api.settings import Settings
from graph_api.store.embedded import EmbeddedStore
from loaders.packages.loading import load_paths

SDL = schema_sdl()
SCHEMA = build_schema()
SCALARS = {"Date": st.dates().map(lambda d: nodes.String(d.isoformat()))}
EXPECTED_CODES = {
    "BAD_USER_INPUT",
    "GRAPHQL_VALIDATION_FAILED",
    "QUERY_TOO_COMPLEX",
    "UNAUTHENTICATED",
    "AMBIGUOUS_NAME",
    "NEIGHBORHOOD_TOO_LARGE",
    "NOT_FOUND",
}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    path: Path = tmp_path_factory.mktemp("fuzz") / "graph.json"
    store = EmbeddedStore(path, load_ontology())
    asyncio.run(load_paths(store, [bundled_data_dir()], load_ontology()))
    return store


def run(store: EmbeddedStore, query: str) -> list[str]:
    context = Context(
        store=store, ontology=load_ontology(), settings=Settings(store=""), analytics=AnalyticsCache(store)
    )
    result = asyncio.run(SCHEMA.execute(query, context_value=context))
    return [str((e.extensions or {}).get("code")) for e in result.errors or []]


@FUZZ
@given(query=hg.queries(SDL, custom_scalars=SCALARS))
def test_generated_queries_cause_no_internal_error(store: EmbeddedStore, query: str) -> None:
    codes = run(store, query)
    assert set(codes) <= EXPECTED_CODES, (query, codes)


@FUZZ
@given(mutation=hg.mutations(SDL, custom_scalars=SCALARS))
def test_generated_mutations_without_a_key_change_nothing(store: EmbeddedStore, mutation: str) -> None:
    before = asyncio.run(store.export())
    codes = run(store, mutation)
    assert codes and set(codes) <= EXPECTED_CODES, (mutation, codes)
    assert asyncio.run(store.export()) == before


@FUZZ
@given(query=hg.queries(SDL, custom_scalars=SCALARS, mode=hg.Mode.NEGATIVE))
def test_invalid_queries_are_rejected_cleanly(store: EmbeddedStore, query: str) -> None:
    codes = run(store, query)
    assert "INTERNAL_SERVER_ERROR" not in codes and "None" not in codes, (query, codes)
