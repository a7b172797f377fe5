"""The GraphQL object types over graph nodes and their relationships."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, Generic, TypeVar

import strawberry

from graph_api.graphql.context import Context
from graph_api.graphql.pagination import Connection, PageInfo, encode_cursor, page_args
from graph_api.graphql.pagination import Edge as ConnectionEdge
from graph_api.model.errors import UserInputError
from graph_api.model.records import Direction, Edge, Node
from graph_api.model.temporal import holds_on
from graph_api.services.filtering import RelationDirection

__all__ = ["TYPE_BY_LABEL", "Actor", "Entity", "Link", "wrap"]

T = TypeVar("T")
Info = strawberry.Info[Context, None]
OUT, IN = Direction.OUT, Direction.IN


@strawberry.type(description="A label in Spanish and in English.")
class LocalizedText:
    es: str
    en: str


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


async def _links(
    info: Info, node_id: str, rel_type: str, direction: Direction, as_of: dt.date | None = None
) -> list[Link[Any]]:
    linked = await info.context.linked(rel_type, direction).load(node_id)
    if as_of is not None:
        return [Link(node=wrap(n), edge=e) for e, n in linked if holds_on(e.properties, as_of)]
    return [Link(node=wrap(n), edge=e) for e, n in linked]


async def _link(
    info: Info, node_id: str, rel_type: str, direction: Direction, as_of: dt.date | None = None
) -> Link[Any] | None:
    links = await _links(info, node_id, rel_type, direction, as_of)
    return links[0] if links else None


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
        links = await _links(info, self.node.id, "MENTIONED_IN", OUT)
        return [link.node for link in links]

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
        as_of: dt.date | None = None,
    ) -> Connection[Link[Entity]]:
        if type not in info.context.ontology.relationships:
            raise UserInputError(f"unknown relationship type {type!r}")
        way = OUT if direction is RelationDirection.OUT else IN
        args = page_args(first, after, last, before, info.context.settings.max_page_size)
        links = await _links(info, self.node.id, type, way, as_of)
        keyed = [(link.node.node.id, link) for link in links]
        if args.get("after") is not None:
            keyed = [k for k in keyed if k[0] > str(args["after"])]
        if args.get("before") is not None:
            keyed = [k for k in keyed if k[0] < str(args["before"])]
        total_before = len(keyed)
        has_previous = has_next = False
        last_n, first_n = args.get("last"), args.get("first")
        if isinstance(last_n, int):
            has_previous = len(keyed) > last_n
            keyed = keyed[max(0, len(keyed) - last_n) :]
            has_next = args.get("before") is not None
        else:
            size = first_n if isinstance(first_n, int) else 0
            has_next = total_before > size
            keyed = keyed[:size]
            has_previous = args.get("after") is not None
        edges = [ConnectionEdge(cursor=encode_cursor(key), node=link) for key, link in keyed]
        page = PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return Connection(edges=edges, page_info=page, label=type, total=len(links))


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
    async def themes(self, info: Info, as_of: dt.date | None = None) -> list[Link[PolicyTheme]]:
        return await _links(info, self.node.id, "ADDRESSES", OUT, as_of)

    @strawberry.field(description="Migrant needs it covers.")
    async def covers(self, info: Info, as_of: dt.date | None = None) -> list[Link[MigrantNeed]]:
        return await _links(info, self.node.id, "COVERS", OUT, as_of)

    @strawberry.field(description="Populations it serves.")
    async def serves(self, info: Info, as_of: dt.date | None = None) -> list[Link[Population]]:
        return await _links(info, self.node.id, "SERVES", OUT, as_of)


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
    async def parent(self, info: Info, as_of: dt.date | None = None) -> Link[Institution] | None:
        return await _link(info, self.node.id, "PART_OF", OUT, as_of)

    @strawberry.field(description="Its units.")
    async def units(self, info: Info, as_of: dt.date | None = None) -> list[Link[Institution]]:
        return await _links(info, self.node.id, "PART_OF", IN, as_of)

    @strawberry.field(description="Coordination bodies it is a member of.")
    async def member_of(self, info: Info, as_of: dt.date | None = None) -> list[Link[CoordinationBody]]:
        return await _links(info, self.node.id, "MEMBER_OF", OUT, as_of)

    @strawberry.field(description="Coordination bodies it convenes.")
    async def convenes(self, info: Info, as_of: dt.date | None = None) -> list[Link[CoordinationBody]]:
        return await _links(info, self.node.id, "CONVENES", OUT, as_of)

    @strawberry.field(description="Coordination bodies it leads.")
    async def leads(self, info: Info, as_of: dt.date | None = None) -> list[Link[CoordinationBody]]:
        return await _links(info, self.node.id, "LEADS", OUT, as_of)

    @strawberry.field(description="Programmes it runs.")
    async def runs(self, info: Info, as_of: dt.date | None = None) -> list[Link[Program]]:
        return await _links(info, self.node.id, "RUNS", OUT, as_of)

    @strawberry.field(description="Bodies and programmes it supports.")
    async def supports(self, info: Info, as_of: dt.date | None = None) -> list[Link[Actor]]:
        return await _links(info, self.node.id, "SUPPORTS", OUT, as_of)

    @strawberry.field(
        description="Institutions that sit on the same bodies or run the same programmes, most shared first."
    )
    async def co_members(self, info: Info, as_of: dt.date | None = None) -> list[CoMember]:
        return await co_members(info, self.node.id, as_of)


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
    async def run_by(self, info: Info, as_of: dt.date | None = None) -> list[Link[Institution]]:
        return await _links(info, self.node.id, "RUNS", IN, as_of)

    @strawberry.field(description="Bodies and programmes it supports.")
    async def supports(self, info: Info, as_of: dt.date | None = None) -> list[Link[Actor]]:
        return await _links(info, self.node.id, "SUPPORTS", OUT, as_of)


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
    async def members(self, info: Info, as_of: dt.date | None = None) -> list[Link[Institution]]:
        return await _links(info, self.node.id, "MEMBER_OF", IN, as_of)

    @strawberry.field(description="The institutions that convene it.")
    async def convened_by(self, info: Info, as_of: dt.date | None = None) -> list[Link[Institution]]:
        return await _links(info, self.node.id, "CONVENES", IN, as_of)

    @strawberry.field(description="The institutions that lead it.")
    async def led_by(self, info: Info, as_of: dt.date | None = None) -> list[Link[Institution]]:
        return await _links(info, self.node.id, "LEADS", IN, as_of)

    @strawberry.field(description="The programmes (and institutions) that support it.")
    async def supported_by(self, info: Info, as_of: dt.date | None = None) -> list[Link[Actor]]:
        return await _links(info, self.node.id, "SUPPORTS", IN, as_of)

    @strawberry.field(description="The meetings it held.")
    async def meetings(self, info: Info, as_of: dt.date | None = None) -> list[Link[Meeting]]:
        return await _links(info, self.node.id, "HELD", OUT, as_of)


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
    async def body(self, info: Info, as_of: dt.date | None = None) -> Link[CoordinationBody] | None:
        return await _link(info, self.node.id, "HELD", IN, as_of)

    @strawberry.field(description="Policy themes it addressed.")
    async def themes(self, info: Info, as_of: dt.date | None = None) -> list[Link[PolicyTheme]]:
        return await _links(info, self.node.id, "ADDRESSES", OUT, as_of)


@strawberry.type(description="A policy theme (a term of the policy_themes vocabulary).")
class PolicyTheme(Entity):
    @strawberry.field(description="Objectives (1-23) of the Global Compact for Migration it relates to.")
    def gcm_objectives(self) -> list[str]:
        return list(self.node.properties.get("gcm_objectives", []))

    @strawberry.field(description="The actors and meetings that address it.")
    async def addressed_by(self, info: Info, as_of: dt.date | None = None) -> list[Link[Entity]]:
        return await _links(info, self.node.id, "ADDRESSES", IN, as_of)


@strawberry.type(description="A migrant need (a term of the migrant_needs vocabulary, after the R4V sectors).")
class MigrantNeed(Entity):
    @strawberry.field(description="The broader need it is a sub-need of.")
    async def broader(self, info: Info, as_of: dt.date | None = None) -> Link[MigrantNeed] | None:
        return await _link(info, self.node.id, "BROADER", OUT, as_of)

    @strawberry.field(description="Its sub-needs.")
    async def narrower(self, info: Info, as_of: dt.date | None = None) -> list[Link[MigrantNeed]]:
        return await _links(info, self.node.id, "BROADER", IN, as_of)

    @strawberry.field(description="The actors that cover it.")
    async def covered_by(self, info: Info, as_of: dt.date | None = None) -> list[Link[Actor]]:
        return await _links(info, self.node.id, "COVERS", IN, as_of)


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
    async def served_by(self, info: Info, as_of: dt.date | None = None) -> list[Link[Actor]]:
        return await _links(info, self.node.id, "SERVES", IN, as_of)


@strawberry.type(description="A country or first-level region.")
class Place(Entity):
    @strawberry.field
    def iso_code(self) -> str | None:
        return self.node.properties.get("iso_code")

    @strawberry.field(description="country or region.")
    def place_type(self) -> str | None:
        return self.node.properties.get("place_type")


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
        links = await _links(info, self.node.id, "MENTIONED_IN", IN)
        return [link.node for link in links]


@strawberry.type(description="An institution that shares coordination bodies or programmes with another.")
class CoMember:
    institution: Institution
    shared: list[Actor]

    @strawberry.field(description="How many bodies and programmes they share.")
    def count(self) -> int:
        return len(self.shared)


async def co_members(info: Info, institution_id: str, as_of: dt.date | None) -> list[CoMember]:
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
    result = []
    for other in order:
        [node] = await info.context.nodes.load_many([other])
        if node is None or node.label != "Institution":
            continue
        shared_nodes = await info.context.nodes.load_many(sorted(shared[other]))
        result.append(
            CoMember(institution=Institution(node=node), shared=[wrap(n) for n in shared_nodes if n is not None])
        )
    return result


@strawberry.type(description="An actor named in a source that matches nothing known, awaiting review by staff.")
class Candidate(Entity):
    @strawberry.field(description="Other spellings seen.")
    def aliases(self) -> list[str]:
        return list(self.node.properties.get("aliases", []))

    @strawberry.field
    def acronym(self) -> str | None:
        return self.node.properties.get("acronym")

    @strawberry.field(description="pending, accepted or rejected.")
    def status(self) -> str:
        return str(self.node.properties.get("status", "pending"))

    @strawberry.field(description="The label it would take: Institution, Program or CoordinationBody.")
    def proposed_label(self) -> str | None:
        return self.node.properties.get("proposed_label")

    @strawberry.field(description="Where it was named: 'sheet.csv:row 12', or a document and offsets.")
    def seen_in(self) -> list[str]:
        return list(self.node.properties.get("seen_in", []))

    @strawberry.field(description="The actor it was merged into or created as, once accepted.")
    async def resolved_to(self, info: Info) -> Entity | None:
        target = self.node.properties.get("resolved_to")
        if not target:
            return None
        [node] = await info.context.nodes.load_many([target])
        return wrap(node) if node is not None else None


TYPE_BY_LABEL: dict[str, type[Entity]] = {
    "Institution": Institution,
    "Program": Program,
    "CoordinationBody": CoordinationBody,
    "Meeting": Meeting,
    "PolicyTheme": PolicyTheme,
    "MigrantNeed": MigrantNeed,
    "Population": Population,
    "Place": Place,
    "Document": Document,
    "Candidate": Candidate,
}


def wrap(node: Node) -> Any:
    """The GraphQL object for a stored node."""
    return TYPE_BY_LABEL[node.label](node=node)
