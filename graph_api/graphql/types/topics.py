"""What actors work on and where: policy themes, migrant needs, populations and places."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Generic, TypeVar

import strawberry

from graph_api.graphql.types.entity import (
    IN,
    OUT,
    Document,
    Entity,
    Info,
    Link,
    link_of,
    links_of,
    node_type,
    typed_links,
)
from graph_api.model.records import Edge
from graph_api.model.temporal import Period

if TYPE_CHECKING:
    from graph_api.graphql.types.actors import Actor

__all__ = ["CoverageLink", "MigrantNeed", "Place", "PolicyTheme", "Population", "places_of"]

T = TypeVar("T")

# The actors' module imports this one (an actor covers needs, addresses themes): the way back is lazy.
LazyActor = Annotated["Actor", strawberry.lazy("graph_api.graphql.types.actors")]


@node_type
@strawberry.type(description="A policy theme (a term of the policy_themes vocabulary).")
class PolicyTheme(Entity):
    @strawberry.field(description="Objectives (1-23) of the Global Compact for Migration it relates to.")
    def gcm_objectives(self) -> list[str]:
        return list(self.node.properties.get("gcm_objectives", []))

    @strawberry.field(description="The actors and meetings that address it.")
    async def addressed_by(self, info: Info, as_of: Period | None = None) -> list[Link[Entity]]:
        return await links_of(info, self.node.id, "ADDRESSES", IN, as_of)


@node_type
@strawberry.type(description="A migrant need (a term of the migrant_needs vocabulary, after the R4V sectors).")
class MigrantNeed(Entity):
    @strawberry.field(description="The broader need it is a sub-need of.")
    async def broader(self, info: Info, as_of: Period | None = None) -> Link[MigrantNeed] | None:
        return await link_of(info, self.node.id, "BROADER", OUT, as_of)

    @strawberry.field(description="Its sub-needs.")
    async def narrower(self, info: Info, as_of: Period | None = None) -> list[Link[MigrantNeed]]:
        return await links_of(info, self.node.id, "BROADER", IN, as_of)

    @strawberry.field(description="The actors that cover it, where and with which activity.")
    async def covered_by(self, info: Info, as_of: Period | None = None) -> list[CoverageLink[LazyActor]]:
        return await typed_links(CoverageLink, info, self.node.id, "COVERS", IN, as_of)


@node_type
@strawberry.type(description="A population of migrants.")
class Population(Entity):
    @strawberry.field
    def size(self) -> int | None:
        return self.node.properties.get("size")

    @strawberry.field(description="True when the size is an estimate ('nearly three million').")
    def size_approximate(self) -> bool:
        return bool(self.node.properties.get("size_approximate", False))

    @strawberry.field
    def as_of(self) -> str | None:
        return self.node.properties.get("as_of")

    @strawberry.field(description="The actors that serve it.")
    async def served_by(self, info: Info, as_of: Period | None = None) -> list[Link[LazyActor]]:
        return await links_of(info, self.node.id, "SERVES", IN, as_of)


@node_type
@strawberry.type(description="A country, a first-level region or a second-level province.")
class Place(Entity):
    @strawberry.field
    def iso_code(self) -> str | None:
        return self.node.properties.get("iso_code")

    @strawberry.field(description="Its OCHA p-code (PE15, PE1501), as humanitarian 3W/5W sheets name places.")
    def pcode(self) -> str | None:
        return self.node.properties.get("pcode")

    @strawberry.field(description="country, region or province.")
    def place_type(self) -> str | None:
        return self.node.properties.get("place_type")


async def places_of(info: Info, edge: Edge) -> list[Place]:
    """The Place nodes a relationship's `places` name."""
    ids = list(edge.properties.get("places", []))
    return [Place(node=n) for n in await info.context.nodes.load_many(ids) if n is not None]


@strawberry.type(description="That an actor covers a need: where, with which activity, and the documents that say so.")
class CoverageLink(Link[T], Generic[T]):
    @strawberry.field(description="Where the need is covered (empty: not tied to a place).")
    async def places(self, info: Info) -> list[Place]:
        return await places_of(info, self.edge)

    @strawberry.field(description="What the actor does for the need, as its source words it.")
    def activity(self) -> str | None:
        return self.edge.properties.get("activity")

    @strawberry.field(description="People reached, as the 3W sheet in figuresFrom counts them.")
    def reached(self) -> int | None:
        return self.edge.properties.get("reached")

    @strawberry.field(description="People targeted, as the 3W sheet in figuresFrom counts them.")
    def targeted(self) -> int | None:
        return self.edge.properties.get("targeted")

    @strawberry.field(description="The 3W sheet the figures come from.")
    async def figures_from(self, info: Info) -> Document | None:
        source = self.edge.properties.get("figures_from")
        [node] = await info.context.nodes.load_many([source]) if source else [None]
        return Document(node=node) if node is not None else None

    @strawberry.field(description="The activities' status, as the sheet gives it.")
    def status(self) -> str | None:
        return self.edge.properties.get("status")

    @strawberry.field(description="Who the activities are for, as the sheet words it.")
    def beneficiaries(self) -> str | None:
        return self.edge.properties.get("beneficiaries")

    @strawberry.field(description="The 3W rows that state it: 'sheet.csv:row 12'.")
    def sheet_rows(self) -> list[str]:
        return list(self.edge.properties.get("sheet_rows", []))
