"""Nested reads cost a fixed number of store calls, whatever the number of parents."""

from __future__ import annotations

import inspect
from collections import Counter
from typing import Any

import pytest

from graph_api.graphql.context import Context
from graph_api.graphql.schema import build_schema
from graph_api.model.ontology import Ontology
from graph_api.model.records import Edge, GraphBatch, Node
from graph_api.services.analytics import AnalyticsCache
from graph_api.settings import Settings
from graph_api.store.protocol import GraphStore
from loaders.vocabulary import vocabulary_batch

DOC = "doc-batching"
NESTED = """
{
  coordinationBody(id: "body-batching") {
    members {
      node {
        id
        memberOf { node { id } sources { id } }
        covers { node { id nameEn } }
        sources { id }
      }
      sources { title }
    }
  }
}
"""


class CountingStore:
    """Passes every call to a real store and counts the calls (each is one database round-trip)."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if not inspect.iscoroutinefunction(attr):
            return attr

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return await attr(*args, **kwargs)

        return counted


def body_with_members(count: int) -> GraphBatch:
    cite = {"sources": [DOC]}
    nodes = [
        Node(DOC, "Document", {"id": DOC, "name": "Batching test", "title": "Batching test", "language": "en"}),
        Node("body-batching", "CoordinationBody", {"id": "body-batching", "name": "Mesa de prueba"}),
    ]
    edges = [Edge("MENTIONED_IN", "body-batching", DOC, cite)]
    for i in range(count):
        member = f"member-{i:05d}"
        nodes.append(Node(member, "Institution", {"id": member, "name": f"Entidad {i}", "kind": "agency"}))
        edges += [
            Edge("MEMBER_OF", member, "body-batching", cite),
            Edge("MENTIONED_IN", member, DOC, cite),
            Edge("COVERS", member, ["health", "education", "shelter"][i % 3], cite),
        ]
    return GraphBatch(tuple(nodes), tuple(edges))


async def calls_for(store: GraphStore, ontology: Ontology, members: int) -> Counter[str]:
    await store.write(vocabulary_batch(ontology))
    await store.write(body_with_members(members))
    counting = CountingStore(store)
    context = Context(
        store=counting, ontology=ontology, settings=Settings(store="unused"), analytics=AnalyticsCache(counting)
    )
    result = await build_schema().execute(NESTED, context_value=context)
    assert result.errors is None, result.errors
    assert result.data is not None
    assert len(result.data["coordinationBody"]["members"]) == members
    return counting.calls


@pytest.mark.parametrize("members", [10, 1000])
async def test_store_calls_do_not_grow_with_parents(store: GraphStore, ontology: Ontology, members: int) -> None:
    # One call per level and kind, the same for 10 parents as for 1,000: the body by id; its MEMBER_OF
    # relationships with the members at their other ends; the MEMBER_OF, COVERS and MENTIONED_IN
    # relationships of all members at once, each with the nodes at their far ends; the documents the
    # relationships cite.
    assert await calls_for(store, ontology, members) == {"get_nodes": 2, "related": 4}
