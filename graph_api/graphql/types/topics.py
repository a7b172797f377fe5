"""What actors work on and where: policy themes, migrant needs, populations and places."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph_api.graphql.types.entity import IN, OUT, Entity, Info, Link, link_of, links_of, node_type

if TYPE_CHECKING:
    from graph_api.graphql.types.actors import Actor

__all__ = ["MigrantNeed", "Place", "PolicyTheme", "Population"]

# The actors' module imports this one (an actor covers needs, addresses themes): the way back is lazy.
LazyActor = Annotated["Actor", strawberry.lazy("graph_api.graphql.types.actors")]


@node_type
@strawberry.type(description="A policy theme (a term of the policy_themes vocabulary).")
class PolicyTheme(Entity):
    @strawberry.field(description="Objectives (1-23) of the Global Compact for Migration it relates to.")
    def gcm_objectives(self) -> list[str]:
        return list(self.node.properties.get("gcm_objectives", []))

    @strawberry.field(description="The actors and meetings that address it.")
    async def addressed_by(self, info: Info, as_of: dt.date | None = None) -> list[Link[Entity]]:
        return await links_of(info, self.node.id, "ADDRESSES", IN, as_of)


@node_type
@strawberry.type(description="A migrant need (a term of the migrant_needs vocabulary, after the R4V sectors).")
class MigrantNeed(Entity):
    @strawberry.field(description="The broader need it is a sub-need of.")
    async def broader(self, info: Info, as_of: dt.date | None = None) -> Link[MigrantNeed] | None:
        return await link_of(info, self.node.id, "BROADER", OUT, as_of)

    @strawberry.field(description="Its sub-needs.")
    async def narrower(self, info: Info, as_of: dt.date | None = None) -> list[Link[MigrantNeed]]:
        return await links_of(info, self.node.id, "BROADER", IN, as_of)

    @strawberry.field(description="The actors that cover it.")
    async def covered_by(self, info: Info, as_of: dt.date | None = None) -> list[Link[LazyActor]]:
        return await links_of(info, self.node.id, "COVERS", IN, as_of)


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
    async def served_by(self, info: Info, as_of: dt.date | None = None) -> list[Link[LazyActor]]:
        return await links_of(info, self.node.id, "SERVES", IN, as_of)


@node_type
@strawberry.type(description="A country or first-level region.")
class Place(Entity):
    @strawberry.field
    def iso_code(self) -> str | None:
        return self.node.properties.get("iso_code")

    @strawberry.field(description="country or region.")
    def place_type(self) -> str | None:
        return self.node.properties.get("place_type")
