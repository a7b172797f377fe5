"""Candidate actors awaiting review, as GraphQL (graph_api.graphql.mutations.candidates reviews them)."""

from __future__ import annotations

import strawberry

from graph_api.graphql.context import Context
from graph_api.graphql.pagination import check_first
from graph_api.graphql.types import Candidate
from graph_api.store.protocol import all_nodes

__all__ = ["CandidateQuery"]

Info = strawberry.Info[Context, None]


@strawberry.type
class CandidateQuery:
    @strawberry.field(description="Candidate actors awaiting review (or with another status), by id.")
    async def candidates(self, info: Info, status: str = "pending", first: int = 100) -> list[Candidate]:
        check_first(first, info.context.settings.max_page_size)
        nodes = await all_nodes(info.context.store, ["Candidate"])
        return [Candidate(node=n) for n in nodes if n.properties.get("status") == status][:first]
