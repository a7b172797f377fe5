"""The audit trail as GraphQL: recorded changes, newest first."""

from __future__ import annotations

import strawberry

from graph_api.graphql.context import Context
from graph_api.graphql.pagination import check_first
from graph_api.graphql.types import AuditEntryType
from graph_api.services.auth import Role, require

__all__ = ["AuditQuery"]

Info = strawberry.Info[Context, None]


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Recorded changes, newest first (any valid key). Page with `before: <id>`.")
    async def audit_log(self, info: Info, first: int = 20, before: str | None = None) -> list[AuditEntryType]:
        require(info.context.principal, Role.READER)
        check_first(first, info.context.settings.max_page_size)
        return [AuditEntryType(entry=e) for e in await info.context.store.audit_log(first, before)]
