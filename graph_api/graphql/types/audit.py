"""The audit trail's entries, as the queries that read it and the mutations that add to it show them."""

from __future__ import annotations

import strawberry

from graph_api.model.records import AuditEntry

__all__ = ["AuditEntryType"]


@strawberry.type(name="AuditEntry", description="One recorded change: who, when, what, before and after.")
class AuditEntryType:
    entry: strawberry.Private[AuditEntry]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.entry.id)

    @strawberry.field(description="When, in UTC (ISO 8601).")
    def at(self) -> str:
        return self.entry.at

    @strawberry.field(description="The name of the API key that made the change.")
    def who(self) -> str:
        return self.entry.who

    @strawberry.field
    def role(self) -> str:
        return self.entry.role

    @strawberry.field
    def action(self) -> str:
        return self.entry.action

    @strawberry.field
    def target(self) -> str:
        return self.entry.target

    @strawberry.field(description="The relationship's properties before, as JSON; null if it did not exist.")
    def before(self) -> str | None:
        return self.entry.before

    @strawberry.field(description="The relationship's properties after, as JSON; null if it was removed.")
    def after(self) -> str | None:
        return self.entry.after
