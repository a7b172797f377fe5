"""Opening a store from one setting: a file path (embedded) or a neo4j:// or bolt:// URI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from graph_api.model.errors import UserInputError
from graph_api.model.ontology import Ontology, load_ontology
from graph_api.settings import Neo4jOptions
from graph_api.store.embedded import EmbeddedStore
from graph_api.store.protocol import GraphStore

__all__ = ["NEO4J_SCHEMES", "is_neo4j_url", "open_store"]

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def is_neo4j_url(store: str) -> bool:
    """Whether the store setting names a Neo4j server."""
    return store.startswith(NEO4J_SCHEMES)


@asynccontextmanager
async def open_store(
    store: str, ontology: Ontology | None = None, neo4j: Neo4jOptions | None = None
) -> AsyncIterator[GraphStore]:
    """Open the store that `store` names and close it on exit; a Neo4j store with the `neo4j` options (by default
    those the environment gives)."""
    ontology = ontology or load_ontology()
    opened: GraphStore
    if is_neo4j_url(store):
        from graph_api.store.neo4j import Neo4jStore

        opened = await Neo4jStore.connect(store, ontology, options=neo4j)
    elif "://" in store and not store.startswith("file://"):
        # Not a path: a mistyped scheme would otherwise become a folder named after the URL, credentials and all.
        scheme = store.partition("://")[0]
        known = ", ".join(s.removesuffix("://") for s in NEO4J_SCHEMES)
        raise UserInputError(f"unknown store URL scheme {scheme!r}: give a file path or a URL of {known}")
    else:
        opened = EmbeddedStore(Path(store.removeprefix("file://")).expanduser(), ontology)  # noqa: ASYNC240
    try:
        yield opened
    finally:
        await opened.close()
