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


CO_MEMBERS = """
{
  institution(id: "member-00000") {
    coMembers { institution { id name } shared { id name } count }
  }
}
"""

COMMUNITIES = """
{
  communities(first: 100) { size members { id name } }
}
"""


def separate_bodies(count: int) -> GraphBatch:
    """`count` coordination bodies of two members each, nothing shared between them: `count` communities."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    for i in range(count):
        body = f"body-{i:03d}"
        nodes.append(Node(body, "CoordinationBody", {"id": body, "name": f"Mesa {i}"}))
        for j in range(2):
            member = f"member-{i:03d}-{j}"
            nodes.append(Node(member, "Institution", {"id": member, "name": f"Entidad {i}.{j}", "kind": "agency"}))
            edges.append(Edge("MEMBER_OF", member, body, {}))
    return GraphBatch(tuple(nodes), tuple(edges))


async def run_counted(store: GraphStore, ontology: Ontology, query: str) -> tuple[dict[str, Any], Counter[str]]:
    counting = CountingStore(store)
    context = Context(
        store=counting, ontology=ontology, settings=Settings(store="unused"), analytics=AnalyticsCache(counting)
    )
    result = await build_schema().execute(query, context_value=context)
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data, counting.calls


@pytest.mark.parametrize("members", [10, 300])
async def test_co_members_are_read_in_one_call(store: GraphStore, ontology: Ontology, members: int) -> None:
    await store.write(vocabulary_batch(ontology))
    await store.write(body_with_members(members))
    data, calls = await run_counted(store, ontology, CO_MEMBERS)
    co_members = data["institution"]["coMembers"]
    assert len(co_members) == members - 1
    assert co_members[0] == {
        "institution": {"id": "member-00001", "name": "Entidad 1"},
        "shared": [{"id": "body-batching", "name": "Mesa de prueba"}],
        "count": 1,
    }
    # The institution by id; its MEMBER_OF and RUNS relationships, out and then in; the co-members and
    # what they share, all at once.
    assert calls == {"get_nodes": 2, "relations": 3}


@pytest.mark.parametrize("bodies", [3, 40])
async def test_community_members_are_read_in_one_call(store: GraphStore, ontology: Ontology, bodies: int) -> None:
    await store.write(separate_bodies(bodies))
    data, calls = await run_counted(store, ontology, COMMUNITIES)
    assert [c["size"] for c in data["communities"]] == [3] * bodies
    assert sorted(m["id"] for c in data["communities"] for m in c["members"]) == sorted(
        [f"body-{i:03d}" for i in range(bodies)] + [f"member-{i:03d}-{j}" for i in range(bodies) for j in range(2)]
    )
    # Whatever the analytics read to find the communities, every community's members come in one call.
    assert calls["get_nodes"] == 1
