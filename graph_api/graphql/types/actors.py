"""The actors of migration policy: institutions, programmes, coordination bodies and the meetings bodies hold."""

from __future__ import annotations

from collections import defaultdict
from typing import Generic, TypeVar

import strawberry

from graph_api.graphql.types.entity import IN, OUT, Entity, Info, Link, link_of, links_of, node_type, typed_links, wrap
from graph_api.graphql.types.topics import CoverageLink, MigrantNeed, Place, PolicyTheme, Population, places_of
from graph_api.model.records import Direction
from graph_api.model.temporal import Period, holds_on

T = TypeVar("T")

__all__ = [
    "Actor",
    "CoMember",
    "CoordinationBody",
    "Institution",
    "LocalizedText",
    "Meeting",
    "PartnerLink",
    "Program",
    "co_members",
]


@strawberry.type(description="An implementing partnership: for which needs, where, with which activities.")
class PartnerLink(Link[T], Generic[T]):
    @strawberry.field(description="The needs the partnership covers.")
    async def needs(self, info: Info) -> list[MigrantNeed]:
        ids = list(self.edge.properties.get("needs", []))
        return [MigrantNeed(node=n) for n in await info.context.nodes.load_many(ids) if n is not None]

    @strawberry.field(description="Where the partner works for it.")
    async def places(self, info: Info) -> list[Place]:
        return await places_of(info, self.edge)

    @strawberry.field(description="What the partner does, as the sheet words it.")
    def activity(self) -> str | None:
        return self.edge.properties.get("activity")

    @strawberry.field(description="The 3W rows that state it: 'sheet.csv:row 12'.")
    def sheet_rows(self) -> list[str]:
        return list(self.edge.properties.get("sheet_rows", []))


@strawberry.type(description="A label in Spanish and in English.")
class LocalizedText:
    es: str
    en: str


@strawberry.interface(description="An actor of migration policy: an institution, a programme or a coordination body.")
class Actor(Entity):
    @strawberry.field(description="Other names it goes by.")
    def aliases(self) -> list[str]:
        return list(self.node.properties.get("aliases", []))

    @strawberry.field
    def acronym(self) -> str | None:
        return self.node.properties.get("acronym")

    @strawberry.field(description="Its Wikidata item id (Q…), when known.")
    def wikidata(self) -> str | None:
        return self.node.properties.get("wikidata")

    @strawberry.field(description="Its IATI organisation identifier (such as XM-DAC-41302 for the ILO), when known.")
    def iati_id(self) -> str | None:
        return self.node.properties.get("iati_id")

    @strawberry.field(description="Policy themes it addresses.")
    async def themes(self, info: Info, as_of: Period | None = None) -> list[Link[PolicyTheme]]:
        return await links_of(info, self.node.id, "ADDRESSES", OUT, as_of)

    @strawberry.field(description="Migrant needs it covers, where and with which activity.")
    async def covers(self, info: Info, as_of: Period | None = None) -> list[CoverageLink[MigrantNeed]]:
        return await typed_links(CoverageLink, info, self.node.id, "COVERS", OUT, as_of)

    @strawberry.field(description="Implementing partners that carry out its activities (from 3W/5W sheets).")
    async def implemented_by(self, info: Info, as_of: Period | None = None) -> list[PartnerLink[Actor]]:
        return await typed_links(PartnerLink, info, self.node.id, "PARTNER_OF", IN, as_of)

    @strawberry.field(description="The organisations whose activities it carries out, as implementing partner.")
    async def implements_for(self, info: Info, as_of: Period | None = None) -> list[PartnerLink[Actor]]:
        return await typed_links(PartnerLink, info, self.node.id, "PARTNER_OF", OUT, as_of)

    @strawberry.field(description="Populations it serves.")
    async def serves(self, info: Info, as_of: Period | None = None) -> list[Link[Population]]:
        return await links_of(info, self.node.id, "SERVES", OUT, as_of)


@node_type
@strawberry.type(description="A public body or an international organisation.")
class Institution(Actor):
    @strawberry.field(description="A term of the institution_kinds vocabulary, e.g. 'ministry'.")
    def kind(self) -> str:
        return str(self.node.properties["kind"])

    @strawberry.field(description="The kind's label in Spanish and English.")
    def kind_label(self, info: Info) -> LocalizedText:
        kind = self.kind()
        for term in info.context.ontology.vocabularies["institution_kinds"].terms:
            if term.id == kind:
                return LocalizedText(es=term.es, en=term.en)
        return LocalizedText(es=kind, en=kind)

    @strawberry.field(description="ISO 3166-1 alpha-2 code of its country.")
    def country(self) -> str | None:
        return self.node.properties.get("country")

    @strawberry.field(description="international, national, regional or local.")
    def level(self) -> str | None:
        return self.node.properties.get("level")

    @strawberry.field
    def url(self) -> str | None:
        return self.node.properties.get("url")

    @strawberry.field(description="The institution it is a unit of.")
    async def parent(self, info: Info, as_of: Period | None = None) -> Link[Institution] | None:
        return await link_of(info, self.node.id, "PART_OF", OUT, as_of)

    @strawberry.field(description="Its units.")
    async def units(self, info: Info, as_of: Period | None = None) -> list[Link[Institution]]:
        return await links_of(info, self.node.id, "PART_OF", IN, as_of)

    @strawberry.field(description="Coordination bodies it is a member of.")
    async def member_of(self, info: Info, as_of: Period | None = None) -> list[Link[CoordinationBody]]:
        return await links_of(info, self.node.id, "MEMBER_OF", OUT, as_of)

    @strawberry.field(description="Coordination bodies it convenes.")
    async def convenes(self, info: Info, as_of: Period | None = None) -> list[Link[CoordinationBody]]:
        return await links_of(info, self.node.id, "CONVENES", OUT, as_of)

    @strawberry.field(description="Coordination bodies it leads.")
    async def leads(self, info: Info, as_of: Period | None = None) -> list[Link[CoordinationBody]]:
        return await links_of(info, self.node.id, "LEADS", OUT, as_of)

    @strawberry.field(description="Programmes it runs.")
    async def runs(self, info: Info, as_of: Period | None = None) -> list[Link[Program]]:
        return await links_of(info, self.node.id, "RUNS", OUT, as_of)

    @strawberry.field(description="Bodies and programmes it supports.")
    async def supports(self, info: Info, as_of: Period | None = None) -> list[Link[Actor]]:
        return await links_of(info, self.node.id, "SUPPORTS", OUT, as_of)

    @strawberry.field(
        description="Institutions that sit on the same bodies or run the same programmes, most shared first."
    )
    async def co_members(self, info: Info, as_of: Period | None = None) -> list[CoMember]:
        return await co_members(info, self.node.id, as_of)


@node_type
@strawberry.type(description="A programme or project run by an institution.")
class Program(Actor):
    @strawberry.field
    def start_date(self) -> str | None:
        return self.node.properties.get("start_date")

    @strawberry.field
    def end_date(self) -> str | None:
        return self.node.properties.get("end_date")

    @strawberry.field(description="ISO 3166-1 alpha-2 codes.")
    def countries(self) -> list[str]:
        return list(self.node.properties.get("countries", []))

    @strawberry.field(description="The institutions that run it.")
    async def run_by(self, info: Info, as_of: Period | None = None) -> list[Link[Institution]]:
        return await links_of(info, self.node.id, "RUNS", IN, as_of)

    @strawberry.field(description="Bodies and programmes it supports.")
    async def supports(self, info: Info, as_of: Period | None = None) -> list[Link[Actor]]:
        return await links_of(info, self.node.id, "SUPPORTS", OUT, as_of)


@node_type
@strawberry.type(description="A standing body through which institutions coordinate.")
class CoordinationBody(Actor):
    @strawberry.field
    def established(self) -> str | None:
        return self.node.properties.get("established")

    @strawberry.field
    def legal_basis(self) -> str | None:
        return self.node.properties.get("legal_basis")

    @strawberry.field
    def country(self) -> str | None:
        return self.node.properties.get("country")

    @strawberry.field(description="Its member institutions.")
    async def members(self, info: Info, as_of: Period | None = None) -> list[Link[Institution]]:
        return await links_of(info, self.node.id, "MEMBER_OF", IN, as_of)

    @strawberry.field(description="The institutions that convene it.")
    async def convened_by(self, info: Info, as_of: Period | None = None) -> list[Link[Institution]]:
        return await links_of(info, self.node.id, "CONVENES", IN, as_of)

    @strawberry.field(description="The institutions that lead it.")
    async def led_by(self, info: Info, as_of: Period | None = None) -> list[Link[Institution]]:
        return await links_of(info, self.node.id, "LEADS", IN, as_of)

    @strawberry.field(description="The programmes (and institutions) that support it.")
    async def supported_by(self, info: Info, as_of: Period | None = None) -> list[Link[Actor]]:
        return await links_of(info, self.node.id, "SUPPORTS", IN, as_of)

    @strawberry.field(description="The meetings it held.")
    async def meetings(self, info: Info, as_of: Period | None = None) -> list[Link[Meeting]]:
        return await links_of(info, self.node.id, "HELD", OUT, as_of)


@node_type
@strawberry.type(description="A session of a coordination body.")
class Meeting(Entity):
    @strawberry.field(
        description="ISO 8601, as precise as the sources allow: '2011-08-11', '2011-08', or '--08-11' with no year."
    )
    def date(self) -> str | None:
        return self.node.properties.get("date")

    @strawberry.field(description="day, month or year.")
    def date_precision(self) -> str | None:
        return self.node.properties.get("date_precision")

    @strawberry.field(description="False when the sources give no year.")
    def year_known(self) -> bool:
        return bool(self.node.properties.get("year_known", True))

    @strawberry.field(description="The body that held it.")
    async def body(self, info: Info, as_of: Period | None = None) -> Link[CoordinationBody] | None:
        return await link_of(info, self.node.id, "HELD", IN, as_of)

    @strawberry.field(description="Policy themes it addressed.")
    async def themes(self, info: Info, as_of: Period | None = None) -> list[Link[PolicyTheme]]:
        return await links_of(info, self.node.id, "ADDRESSES", OUT, as_of)


@strawberry.type(description="An institution that shares coordination bodies or programmes with another.")
class CoMember:
    institution: Institution
    shared: list[Actor]

    @strawberry.field(description="How many bodies and programmes they share.")
    def count(self) -> int:
        return len(self.shared)


async def co_members(info: Info, institution_id: str, as_of: Period | None) -> list[CoMember]:
    """Institutions that sit on the same bodies or run the same programmes as `institution_id`."""
    shared: dict[str, set[str]] = defaultdict(set)
    for rel_type in ("MEMBER_OF", "RUNS"):
        loader_out = info.context.relations(rel_type, Direction.OUT)
        groups = [e.end for e in await loader_out.load(institution_id) if holds_on(e.properties, as_of)]
        for edges in await info.context.relations(rel_type, Direction.IN).load_many(groups):
            for edge in edges:
                if edge.start != institution_id and holds_on(edge.properties, as_of):
                    shared[edge.start].add(edge.end)
    order = sorted(shared, key=lambda other: (-len(shared[other]), other))
    # The co-members and what they share in one batch: a call per co-member was one round trip each.
    wanted = sorted(set(order).union(*shared.values()))
    nodes = {n.id: n for n in await info.context.nodes.load_many(wanted) if n is not None}
    result = []
    for other in order:
        node = nodes.get(other)
        if node is None or node.label != "Institution":
            continue
        shared_nodes = [wrap(nodes[s]) for s in sorted(shared[other]) if s in nodes]
        result.append(CoMember(institution=Institution(node=node), shared=shared_nodes))
    return result
