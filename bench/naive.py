"""The peer: stock Strawberry with naive per-field resolvers on the same store (no DataLoaders, one
store call per parent object and per node), serving the nested query in the same response shape."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.asgi import GraphQL
from strawberry.types import Info

from graph_api.model.records import Direction, Node
from graph_api.store.protocol import GraphStore

__all__ = ["NaiveGraphQL", "naive_schema"]


def _store(info: Info[Any, Any]) -> GraphStore:
    store: GraphStore = info.context["store"]
    return store


async def _node(info: Info[Any, Any], node_id: str) -> Node:
    [node] = await _store(info).get_nodes([node_id])
    assert node is not None
    return node


@strawberry.type
class NeedT:
    id: strawberry.ID
    name: str


@strawberry.type
class NeedLinkT:
    target: strawberry.Private[str]

    @strawberry.field
    async def node(self, info: Info[Any, Any]) -> NeedT:
        node = await _node(info, self.target)
        return NeedT(id=strawberry.ID(node.id), name=node.name)


@strawberry.type
class MemberT:
    id: strawberry.ID
    name: str

    @strawberry.field
    async def covers(self, info: Info[Any, Any]) -> list[NeedLinkT]:
        [edges] = await _store(info).relations([str(self.id)], "COVERS", Direction.OUT)
        return [NeedLinkT(target=e.end) for e in edges]


@strawberry.type
class MemberLinkT:
    source: strawberry.Private[str]

    @strawberry.field
    async def node(self, info: Info[Any, Any]) -> MemberT:
        node = await _node(info, self.source)
        return MemberT(id=strawberry.ID(node.id), name=node.name)


@strawberry.type
class BodyT:
    id: strawberry.ID
    name: str

    @strawberry.field
    async def members(self, info: Info[Any, Any]) -> list[MemberLinkT]:
        [edges] = await _store(info).relations([str(self.id)], "MEMBER_OF", Direction.IN)
        return [MemberLinkT(source=e.start) for e in edges if e.start]


@strawberry.type
class BodyEdgeT:
    node: BodyT


@strawberry.type
class BodyConnectionT:
    edges: list[BodyEdgeT]


@strawberry.type
class EntityT:
    id: strawberry.ID
    name: str


@strawberry.type
class NaiveQuery:
    @strawberry.field
    async def coordination_bodies(self, info: Info[Any, Any], first: int) -> BodyConnectionT:
        page = await _store(info).page_nodes("CoordinationBody", first=first)
        return BodyConnectionT(edges=[BodyEdgeT(node=BodyT(id=strawberry.ID(n.id), name=n.name)) for n in page.nodes])

    @strawberry.field
    async def entity(self, info: Info[Any, Any], id: strawberry.ID) -> EntityT | None:
        [node] = await _store(info).get_nodes([str(id)])
        return None if node is None else EntityT(id=strawberry.ID(node.id), name=node.name)


def naive_schema() -> strawberry.Schema:
    return strawberry.Schema(query=NaiveQuery)


class NaiveGraphQL(GraphQL[dict[str, Any], None]):
    """Strawberry's stock ASGI view; the store comes from the Starlette app's lifespan state."""

    async def get_context(self, request: Any, response: Any) -> dict[str, Any]:
        return {"store": request.state.store}
