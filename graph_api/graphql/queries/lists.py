"""The root Query type: nodes by id or name, search, and a Relay list per label."""

from __future__ import annotations

from typing import TypeVar

import strawberry

from graph_api.graphql.context import Context
from graph_api.graphql.inputs import NodeWhere, OrderBy
from graph_api.graphql.pagination import (
    Connection,
    check_first,
    check_sizes,
    connection_type,
    decode_key_cursor,
    default_page_size,
    encode_key_cursor,
    page_args,
    window,
)
from graph_api.graphql.queries.audit import AuditQuery
from graph_api.graphql.queries.candidates import CandidateQuery
from graph_api.graphql.queries.coverage import CoverageQuery
from graph_api.graphql.queries.research import ResearchQuery
from graph_api.graphql.types import (
    Actor,
    CoordinationBody,
    Document,
    Entity,
    Institution,
    Meeting,
    MigrantNeed,
    Place,
    PolicyTheme,
    Population,
    Program,
    wrap,
)
from graph_api.model.errors import UserInputError
from graph_api.model.names import check_search_text, rank
from graph_api.model.text import normalize
from graph_api.services.filtering import filtered_nodes, ranked_rows, well_formed_key

__all__ = ["Query"]

Info = strawberry.Info[Context, None]
E = TypeVar("E", bound=Entity)
MAX_SEARCH_RESULTS = 50


async def _one(info: Info, entity_type: type[E], id: strawberry.ID | None, name: str | None) -> E | None:
    label = entity_type.__name__
    if (id is None) == (name is None):
        raise UserInputError("pass exactly one of 'id' and 'name'")
    if id is not None:
        [node] = await info.context.nodes.load_many([str(id)])
        return entity_type(node=node) if node is not None and node.label == label else None
    key = normalize(name or "")
    found = await info.context.store.lookup(key, [label]) if key else []
    if len(found) > 1:
        ids = ", ".join(n.id for n in found)
        raise UserInputError(f"{name!r} names several {label} nodes ({ids}); ask by id", code="AMBIGUOUS_NAME")
    return entity_type(node=found[0]) if found else None


def one_field(entity_type: type[E], description: str) -> E | None:
    """The root field that finds one node of `entity_type` by id, or by name, alias or acronym."""

    async def resolve(self: object, info: Info, id: strawberry.ID | None = None, name: str | None = None) -> E | None:
        return await _one(info, entity_type, id, name)

    return strawberry.field(resolver=resolve, description=description, graphql_type=entity_type | None)


async def _filtered(
    info: Info,
    entity_type: type[E],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    where: NodeWhere | None,
    order_by: list[OrderBy] | None,
) -> Connection[E]:
    label = entity_type.__name__
    check_sizes(first, last, info.context.settings.max_page_size)
    size = first if first is not None or last is not None else default_page_size(info.context.settings.max_page_size)

    def shaped(key: list[object]) -> bool:
        return well_formed_key(key, order_by)

    one_count = order_by is not None and len(order_by) == 1 and order_by[0].relationship_count is not None
    if where is None and order_by and one_count and last is None and before is None:
        # The store pages it: its ranking is kept sorted.
        position = decode_key_cursor(after, shaped) if after is not None else None
        ranked, has_next, has_previous = await ranked_rows(
            info.context.store,
            info.context.ontology,
            label,
            order_by[0],
            first if first is not None else default_page_size(info.context.settings.max_page_size),
            position,
        )
        return Connection.of(
            label,
            [entity_type(node=row.node) for row in ranked],
            [encode_key_cursor(row.key, row.node.id) for row in ranked],
            has_next=has_next,
            has_previous=has_previous,
        )
    rows = await filtered_nodes(info.context.store, info.context.ontology, label, where, order_by)

    try:
        page = window(
            [row.position for row in rows],
            first=size,
            after=decode_key_cursor(after, shaped) if after is not None else None,
            last=last,
            before=decode_key_cursor(before, shaped) if before is not None else None,
        )
    except TypeError as err:  # a key from a list sorted another way (a number where a name was)
        raise UserInputError("the cursor belongs to a list sorted another way") from err
    shown = rows[page.start : page.stop]
    return Connection.of(
        label,
        [entity_type(node=row.node) for row in shown],
        [encode_key_cursor(row.key, row.node.id) for row in shown],
        has_next=page.has_next,
        has_previous=page.has_previous,
        total=len(rows),
    )


async def _listed(
    info: Info,
    entity_type: type[E],
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    where: NodeWhere | None,
    order_by: list[OrderBy] | None,
) -> Connection[E]:
    if where is not None or order_by:
        return await _filtered(info, entity_type, first, after, last, before, where, order_by)
    label = entity_type.__name__
    args = page_args(first, after, last, before, info.context.settings.max_page_size)
    page = await info.context.store.page_nodes(
        label, first=args.first, after=args.after, last=args.last, before=args.before
    )
    for node in page.nodes:
        info.context.nodes.prime(node.id, node)
    return Connection.from_page(label, page, [entity_type(node=n) for n in page.nodes])


def list_field(entity_type: type[E]) -> Connection[E]:
    """The root field that lists the nodes of `entity_type` a page at a time, filtered and sorted if asked."""

    async def resolve(
        self: object,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        where: NodeWhere | None = None,
        order_by: list[OrderBy] | None = None,
    ) -> Connection[E]:
        return await _listed(info, entity_type, first, after, last, before, where, order_by)

    return strawberry.field(resolver=resolve, graphql_type=connection_type(entity_type))


@strawberry.type
class Query(ResearchQuery, CoverageQuery, AuditQuery, CandidateQuery):
    institution = one_field(
        Institution, "An institution by id, or by name, alias or acronym (ignoring case and accents)."
    )
    coordination_body = one_field(CoordinationBody, "A coordination body by id, or by name, alias or acronym.")
    program = one_field(Program, "A programme by id, or by name, alias or acronym.")

    @strawberry.field(description="Any node by id.")
    async def entity(self, info: Info, id: strawberry.ID) -> Entity | None:
        [node] = await info.context.nodes.load_many([str(id)])
        return wrap(node) if node is not None else None

    @strawberry.field(description="Relay's refetch: any node by its global id (null if there is none).")
    async def node(self, info: Info, id: strawberry.ID) -> Entity | None:
        [node] = await info.context.nodes.load_many([str(id)])
        return wrap(node) if node is not None else None

    @strawberry.field(description="Many nodes by global id, in the order asked (null where there is none).")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Entity | None]:
        if len(ids) > info.context.settings.max_page_size:
            raise UserInputError(f"ask for at most {info.context.settings.max_page_size} ids at once")
        found = await info.context.nodes.load_many([str(i) for i in ids])
        return [wrap(n) if n is not None else None for n in found]

    @strawberry.field(
        description="Actors whose name, alias or acronym matches `text`, best first (ignores case and accents)."
    )
    async def search(self, info: Info, text: str, first: int = 10) -> list[Actor]:
        check_first(first, MAX_SEARCH_RESULTS)
        query = normalize(text)
        if not query:
            return []
        check_search_text(query)
        candidates = await info.context.store.search_candidates(query, info.context.ontology.actor_labels(), first)
        ranked = rank(query, candidates, info.context.ontology.searchable_properties(), first)
        return [wrap(n) for n in ranked]

    institutions = list_field(Institution)
    coordination_bodies = list_field(CoordinationBody)
    programs = list_field(Program)
    meetings = list_field(Meeting)
    policy_themes = list_field(PolicyTheme)
    migrant_needs = list_field(MigrantNeed)
    populations = list_field(Population)
    documents = list_field(Document)
    places = list_field(Place)
