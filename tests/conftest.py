"""Shared fixtures.

`store_url` names a fresh, empty store of each kind; the contract tests in
tests/contract/ take it (through `store` and `client`) and so run unchanged
against every store.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.model.ontology import Ontology, load_ontology
from graph_api.model.resources import bundled_data_dir
from graph_api.services.auth import Role, new_key
from graph_api.settings import Settings
from graph_api.store.embedded import EmbeddedStore
from graph_api.store.neo4j import Neo4jStore
from graph_api.store.opening import open_store
from graph_api.store.protocol import GraphStore
from loaders.packages.loading import load_paths

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
SEED_DOCUMENT = CORPUS / "cancilleria-mesa-intersectorial-migraciones.txt"


def neo4j_uri() -> str:
    """The test server's URI; skip (or fail, when MIGRAGRAPH_REQUIRE_NEO4J=1) without one."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        if os.environ.get("MIGRAGRAPH_REQUIRE_NEO4J") == "1":
            pytest.fail("MIGRAGRAPH_REQUIRE_NEO4J=1 but NEO4J_URI is not set: start scripts/neo4j-dev.sh")
        pytest.skip("no Neo4j server: run `eval $(scripts/neo4j-dev.sh start)` to test against one")
    return uri


async def clear_neo4j(uri: str, ontology: Ontology) -> None:
    store = await Neo4jStore.connect(uri, ontology)
    try:
        await store.clear()
    finally:
        await store.close()


@pytest.fixture(scope="session")
def ontology() -> Ontology:
    return load_ontology()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "graph.db"


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store_url(request: pytest.FixtureRequest, store_path: Path, ontology: Ontology) -> str:
    """A fresh, empty store of each kind."""
    if request.param == "embedded":
        return str(store_path)
    uri = neo4j_uri()
    asyncio.run(clear_neo4j(uri, ontology))
    return uri


@pytest.fixture
async def store(store_url: str, ontology: Ontology) -> AsyncIterator[GraphStore]:
    """An opened, empty store of each kind."""
    async with open_store(store_url, ontology) as opened:
        yield opened


@pytest.fixture
async def loaded(store: GraphStore, ontology: Ontology) -> GraphStore:
    """A store of each kind holding the bundled data."""
    await load_paths(store, [bundled_data_dir()], ontology)
    return store


@pytest.fixture
def client(store_url: str) -> Iterator[TestClient]:
    """The app over HTTP on a store of each kind, seeded with the bundled data at start-up."""
    with TestClient(create_app(Settings(store=store_url))) as test_client:
        yield test_client


@pytest.fixture
def embedded(store_path: Path, ontology: Ontology) -> EmbeddedStore:
    """An empty embedded store, for tests of the embedded store itself."""
    return EmbeddedStore(store_path, ontology)


@pytest.fixture
async def seeded(embedded: EmbeddedStore, ontology: Ontology) -> EmbeddedStore:
    """An embedded store holding the bundled data."""
    await load_paths(embedded, [bundled_data_dir()], ontology)
    return embedded


EDITOR_KEY, EDITOR_ENTRY = new_key("elena", Role.EDITOR)
READER_KEY, READER_ENTRY = new_key("rita", Role.READER)


@pytest.fixture
def staff(store_url: str) -> Iterator[TestClient]:
    """The app on a store of each kind, with an editor's and a reader's API keys configured."""
    settings = Settings(store=store_url, api_keys=f"{EDITOR_ENTRY},{READER_ENTRY}")
    with TestClient(create_app(settings)) as client:
        yield client


def as_(client: TestClient, key: str | None, query: str, **variables: Any) -> dict[str, Any]:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    response = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
