"""What every node is: an entity with a stable id, its relationships (links) and the documents that state them."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import strawberry

from graph_api.graphql.context import Context
from graph_api.graphql.inputs import RelationDirection
from graph_api.graphql.pagination import Connection, encode_cursor, page_args, window
from graph_api.model.errors import UserInputError
from graph_api.model.records import Direction, Edge, Node
from graph_api.model.temporal import Period, holds_on

__all__ = [
    "TYPE_BY_LABEL",
    "Document",
    "Entity",
    "Info",
    "Link",
    "RelayNode",
    "link_of",
    "links_of",
    "node_type",
    "typed_links",
    "wrap",
]

T = TypeVar("T")
E = TypeVar("E", bound="Entity")
L = TypeVar("L", bound="Link[Any]")
Info = strawberry.Info[Context, None]
OUT, IN = Direction.OUT, Direction.IN

TYPE_BY_LABEL: dict[str, type[Entity]] = {}


def node_type(cls: type[E]) -> type[E]:
    """Register `cls` as the GraphQL type of the nodes whose label is its name (for `wrap`)."""
    TYPE_BY_LABEL[cls.__name__] = cls
    return cls


def wrap(node: Node) -> Any:
    """The GraphQL object for a stored node."""
    return TYPE_BY_LABEL[node.label](node=node)


async def _documents(info: Info, ids: list[str]) -> list[Document]:
    nodes = await info.context.nodes.load_many(ids)
    return [Document(node=n) for n in nodes if n is not None]


@strawberry.type(description="A relationship to another node, with the documents that state it.")
class Link(Generic[T]):
    node: T
    edge: strawberry.Private[Edge]

    @strawberry.field(description="The relationship type, e.g. MEMBER_OF.")
    def type(self) -> str:
        return self.edge.type

    @strawberry.field(description="Since when it holds (ISO 8601, possibly partial: '2011', '--08-11').")
    def since(self) -> str | None:
        return self.edge.properties.get("valid_from")

    @strawberry.field(description="Until when it held, if it ended.")
    def until(self) -> str | None:
        return self.edge.properties.get("valid_to")

    @strawberry.field(description="Where in the sources the fact is stated.")
    def evidence(self) -> str | None:
        return self.edge.properties.get("evidence")

    @strawberry.field
    def note(self) -> str | None:
        return self.edge.properties.get("note")

    @strawberry.field(description="The documents that state this relationship.")
    async def sources(self, info: Info) -> list[Document]:
        return await _documents(info, list(self.edge.properties.get("sources", [])))


async def links_of(
    info: Info, node_id: str, rel_type: str, direction: Direction, as_of: Period | None = None
) -> list[Link[Any]]:
    """The `rel_type` relationships of a node in `direction` (those holding on `as_of`), by the other end's id."""
    return await typed_links(Link, info, node_id, rel_type, direction, as_of)


async def typed_links(
    kind: type[L], info: Info, node_id: str, rel_type: str, direction: Direction, as_of: Period | None = None
) -> list[L]:
    """`links_of` as `kind`: a Link subclass with the fields of one relationship type."""
    linked = await info.context.linked(rel_type, direction).load(node_id)
    return [kind(node=wrap(n), edge=e) for e, n in linked if as_of is None or holds_on(e.properties, as_of)]


async def link_of(
    info: Info, node_id: str, rel_type: str, direction: Direction, as_of: Period | None = None
) -> Link[Any] | None:
    """The first of `links_of`, if any."""
    found = await links_of(info, node_id, rel_type, direction, as_of)
    return found[0] if found else None


@strawberry.interface(
    name="Node",
    description="Relay's object identification: an id unique across the whole graph, refetchable with node(id).",
)
class RelayNode:
    node: strawberry.Private[Node]

    @strawberry.field(description="Stable readable id, unique across the graph, e.g. 'pe-mre'.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.node.id)


@strawberry.interface(description="Anything in the graph: every node has a stable id and a name.")
class Entity(RelayNode):
    @strawberry.field(description="The node's label in the ontology, e.g. 'Institution'.")
    def label(self) -> str:
        return self.node.label

    @strawberry.field(description="Official name, in the source language.")
    def name(self) -> str:
        return self.node.name

    @strawberry.field(description="English name.")
    def name_en(self) -> str | None:
        return self.node.properties.get("name_en")

    @strawberry.field
    def description(self) -> str | None:
        return self.node.properties.get("description")

    @strawberry.field(description="The documents that mention it.")
    async def sources(self, info: Info) -> list[Document]:
        return [found.node for found in await links_of(info, self.node.id, "MENTIONED_IN", OUT)]

    @strawberry.field(
        description="Its relationships of one type, a page at a time: every relationship list as a connection, "
        "ordered by the id of the other end."
    )
    async def links(
        self,
        info: Info,
        type: str,
        direction: RelationDirection = RelationDirection.OUT,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        as_of: Period | None = None,
    ) -> Connection[Link[Entity]]:
        if type not in info.context.ontology.relationships:
            raise UserInputError(f"unknown relationship type {type!r}")
        way = OUT if direction is RelationDirection.OUT else IN
        args = page_args(first, after, last, before, info.context.settings.max_page_size)
        found = await links_of(info, self.node.id, type, way, as_of)
        page = window(
            [(item.node.node.id,) for item in found],
            first=args.first,
            after=(args.after,) if args.after is not None else None,
            last=args.last,
            before=(args.before,) if args.before is not None else None,
        )
        shown = found[page.start : page.stop]
        cursors = [encode_cursor(item.node.node.id) for item in shown]
        return Connection.of(
            type, shown, cursors, has_next=page.has_next, has_previous=page.has_previous, total=len(found)
        )


@node_type
@strawberry.type(description="A source document; every fact cites one.")
class Document(Entity):
    @strawberry.field
    def title(self) -> str:
        return str(self.node.properties.get("title", self.node.name))

    @strawberry.field
    def publisher(self) -> str | None:
        return self.node.properties.get("publisher")

    @strawberry.field(description="Publication date, ISO 8601 (possibly partial).")
    def published(self) -> str | None:
        return self.node.properties.get("published")

    @strawberry.field(description="BCP 47 language tag.")
    def language(self) -> str:
        return str(self.node.properties.get("language", ""))

    @strawberry.field
    def url(self) -> str | None:
        return self.node.properties.get("url")

    @strawberry.field
    def file_name(self) -> str | None:
        return self.node.properties.get("file_name")

    @strawberry.field(description="sha256:<hex> of the document's bytes.")
    def checksum(self) -> str | None:
        return self.node.properties.get("checksum")

    @strawberry.field(description="Everything the document mentions.")
    async def mentions(self, info: Info) -> list[Entity]:
        return [found.node for found in await links_of(info, self.node.id, "MENTIONED_IN", IN)]
