"""Candidates: actors named in a source that match nothing known, awaiting review by staff."""

from __future__ import annotations

import strawberry

from graph_api.graphql.types.entity import Entity, Info, node_type, wrap

__all__ = ["Candidate"]


@node_type
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

    @strawberry.field(description="The sentence that names it, when it was read from a document.")
    def evidence(self) -> str | None:
        return self.node.properties.get("evidence")

    @strawberry.field(description="The known actors' names closest to it, best first: check them before creating one.")
    def closest(self) -> list[str]:
        return list(self.node.properties.get("closest", []))

    @strawberry.field(description="The actor it was merged into or created as, once accepted.")
    async def resolved_to(self, info: Info) -> Entity | None:
        target = self.node.properties.get("resolved_to")
        if not target:
            return None
        [node] = await info.context.nodes.load_many([target])
        return wrap(node) if node is not None else None
