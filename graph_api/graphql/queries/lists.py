"""The root Query type."""

from __future__ import annotations

from typing import Any, TypeVar

import strawberry

from graph_api.graphql.context import Context
from graph_api.graphql.mutations.candidates import CandidateQuery
from graph_api.graphql.mutations.coverage import AuditQuery
from graph_api.graphql.pagination import Connection, check_sizes, page_args
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
from graph_api.services.filtering import NodeWhere, OrderBy, filtered_page
from graph_api.store.protocol import NodePage

__all__ = ["Query"]

Info = strawberry.Info[Context, None]
T = TypeVar("T")
MAX_SEARCH_RESULTS = 50


async def _one(info: Info, label: str, id: strawberry.ID | None, name: str | None) -> Any:
    if (id is None) == (name is None):
        raise UserInputError("pass exactly one of 'id' and 'name'")
    if id is not None:
        [node] = await info.context.nodes.load_many([str(id)])
        return wrap(node) if node is not None and node.label == label else None
    key = normalize(name or "")
    found = await info.context.store.lookup(key, [label]) if key else []
    if len(found) > 1:
        ids = ", ".join(n.id for n in found)
        raise UserInputError(f"{name!r} names several {label} nodes ({ids}); ask by id", code="AMBIGUOUS_NAME")
    return wrap(found[0]) if found else None


async def _list(
    info: Info,
    label: str,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    where: NodeWhere | None = None,
    order_by: list[OrderBy] | None = None,
) -> Any:
    if where is not None or order_by:
        check_sizes(first, last, info.context.settings.max_page_size)
        size = first if first is not None or last is not None else min(20, info.context.settings.max_page_size)
        nodes, cursors, has_next, has_previous, total = await filtered_page(
            info.context.store,
            info.context.ontology,
            label,
            where,
            order_by,
            first=size,
            after=after,
            last=last,
            before=before,
        )
        found = NodePage(tuple(nodes), has_next=has_next, has_previous=has_previous)
        return Connection.from_page(label, found, [wrap(n) for n in nodes], cursors=cursors, total=total)
    args = page_args(first, after, last, before, info.context.settings.max_page_size)
    page = await info.context.store.page_nodes(label, **args)  # type: ignore[arg-type]
    for node in page.nodes:
        info.context.nodes.prime(node.id, node)
    return Connection.from_page(label, page, [wrap(n) for n in page.nodes])


@strawberry.type
class Query(ResearchQuery, CoverageQuery, AuditQuery, CandidateQuery):
    @strawberry.field(description="An institution by id, or by name, alias or acronym (ignoring case and accents).")
    async def institution(
        self, info: Info, id: strawberry.ID | None = None, name: str | None = None
    ) -> Institution | None:
        return await _one(info, "Institution", id, name)  # type: ignore[no-any-return]

    @strawberry.field(description="A coordination body by id, or by name, alias or acronym.")
    async def coordination_body(
        self, info: Info, id: strawberry.ID | None = None, name: str | None = None
    ) -> CoordinationBody | None:
        return await _one(info, "CoordinationBody", id, name)  # type: ignore[no-any-return]

    @strawberry.field(description="A programme by id, or by name, alias or acronym.")
    async def program(self, info: Info, id: strawberry.ID | None = None, name: str | None = None) -> Program | None:
        return await _one(info, "Program", id, name)  # type: ignore[no-any-return]

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
        if not 1 <= first <= MAX_SEARCH_RESULTS:
            raise UserInputError(f"'first' must be between 1 and {MAX_SEARCH_RESULTS}")
        query = normalize(text)
        if not query:
            return []
        check_search_text(query)
        candidates = await info.context.store.search_candidates(query, info.context.ontology.actor_labels(), first)
        ranked = rank(query, candidates, info.context.ontology.searchable_properties(), first)
        return [wrap(n) for n in ranked]

    @strawberry.field
    async def institutions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        where: NodeWhere | None = None,
        order_by: list[OrderBy] | None = None,
    ) -> Connection[Institution]:
        return await _list(info, "Institution", first, after, last, before, where, order_by)  # type: ignore[no-any-return]

    @strawberry.field
    async def coordination_bodies(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        where: NodeWhere | None = None,
        order_by: list[OrderBy] | None = None,
    ) -> Connection[CoordinationBody]:
        return await _list(info, "CoordinationBody", first, after, last, before, where, order_by)  # type: ignore[no-any-return]

    @strawberry.field
    async def programs(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        where: NodeWhere | None = None,
        order_by: list[OrderBy] | None = None,
    ) -> Connection[Program]:
        return await _list(info, "Program", first, after, last, before, where, order_by)  # type: ignore[no-any-return]

    @strawberry.field
    async def meetings(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        where: NodeWhere | None = None,
        order_by: list[OrderBy] | None = None,
    ) -> Connection[Meeting]:
        return await _list(info, "Meeting", first, after, last, before, where, order_by)  # type: ignore[no-any-return]

    @strawberry.field
    async def policy_themes(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        where: NodeWhere | None = None,
        order_by: list[OrderBy] | None = None,
    ) -> Connection[PolicyTheme]:
        return await _list(info, "PolicyTheme", first, after, last, before, where, order_by)  # type: ignore[no-any-return]

    @strawberry.field
    async def migrant_needs(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        where: NodeWhere | None = None,
        order_by: list[OrderBy] | None = None,
    ) -> Connection[MigrantNeed]:
        return await _list(info, "MigrantNeed", first, after, last, before, where, order_by)  # type: ignore[no-any-return]

    @strawberry.field
    async def populations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        where: NodeWhere | None = None,
        order_by: list[OrderBy] | None = None,
    ) -> Connection[Population]:
        return await _list(info, "Population", first, after, last, before, where, order_by)  # type: ignore[no-any-return]

    @strawberry.field
    async def documents(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        where: NodeWhere | None = None,
        order_by: list[OrderBy] | None = None,
    ) -> Connection[Document]:
        return await _list(info, "Document", first, after, last, before, where, order_by)  # type: ignore[no-any-return]

    @strawberry.field
    async def places(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        where: NodeWhere | None = None,
        order_by: list[OrderBy] | None = None,
    ) -> Connection[Place]:
        return await _list(info, "Place", first, after, last, before, where, order_by)  # type: ignore[no-any-return]
