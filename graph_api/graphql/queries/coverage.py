"""Coverage for coordination staff, as GraphQL: the matrix and its gaps."""

from __future__ import annotations

import strawberry

from graph_api.graphql.context import Context
from graph_api.graphql.types import Actor, Document, MigrantNeed, Place, wrap
from graph_api.model.temporal import Period
from graph_api.services.coverage import Matrix, coverage_matrix, figure

__all__ = ["CoverageQuery"]

Info = strawberry.Info[Context, None]


@strawberry.type(description="One actor against one need.")
class CoverageCell:
    matrix: strawberry.Private[Matrix]
    actor_id: strawberry.Private[str]
    need_id: strawberry.Private[str]

    @strawberry.field
    def need(self) -> MigrantNeed:
        return MigrantNeed(node=self.matrix.nodes[self.need_id])

    @strawberry.field
    def covered(self) -> bool:
        return self.matrix.cell(self.actor_id, self.need_id).covered

    @strawberry.field(description="Where the actor covers the need (empty: not tied to a place).")
    async def places(self, info: Info) -> list[Place]:
        ids = sorted(
            {p for e in self.matrix.cell(self.actor_id, self.need_id).edges for p in e.properties.get("places", [])}
        )
        return [Place(node=n) for n in await info.context.nodes.load_many(ids) if n is not None]

    @strawberry.field
    def activities(self) -> list[str]:
        edges = self.matrix.cell(self.actor_id, self.need_id).edges
        return sorted({str(e.properties["activity"]) for e in edges if e.properties.get("activity")})

    @strawberry.field(description="People reached, as the 3W sheets count them (null: no sheet says).")
    def reached(self) -> int | None:
        return figure(self.matrix.cell(self.actor_id, self.need_id).edges, "reached")

    @strawberry.field(description="People targeted, as the 3W sheets count them (null: no sheet says).")
    def targeted(self) -> int | None:
        return figure(self.matrix.cell(self.actor_id, self.need_id).edges, "targeted")

    @strawberry.field(description="The activities' status, as the 3W sheets give it.")
    def status(self) -> list[str]:
        edges = self.matrix.cell(self.actor_id, self.need_id).edges
        return sorted({str(e.properties["status"]) for e in edges if e.properties.get("status")})

    @strawberry.field(description="The documents that state the coverage.")
    async def sources(self, info: Info) -> list[Document]:
        edges = self.matrix.cell(self.actor_id, self.need_id).edges
        ids = sorted({s for e in edges for s in e.properties.get("sources", [])})
        return [Document(node=n) for n in await info.context.nodes.load_many(ids) if n is not None]


@strawberry.type(description="One actor's row of the matrix.")
class CoverageRow:
    matrix: strawberry.Private[Matrix]
    actor_id: strawberry.Private[str]

    @strawberry.field
    def actor(self) -> Actor:
        actor: Actor = wrap(self.matrix.nodes[self.actor_id])  # the matrix's rows are actors
        return actor

    @strawberry.field
    def cells(self) -> list[CoverageCell]:
        return [CoverageCell(matrix=self.matrix, actor_id=self.actor_id, need_id=n) for n in self.matrix.needs]

    @strawberry.field(description="How many of the needs it covers.")
    def covered_count(self) -> int:
        return self.matrix.covered_counts.get(self.actor_id, 0)


@strawberry.type(description="Actors against migrant needs: who covers what, where, and on whose word.")
class CoverageMatrix:
    matrix: strawberry.Private[Matrix]

    @strawberry.field
    def needs(self) -> list[MigrantNeed]:
        return [MigrantNeed(node=self.matrix.nodes[n]) for n in self.matrix.needs]

    @strawberry.field
    def rows(self) -> list[CoverageRow]:
        return [CoverageRow(matrix=self.matrix, actor_id=a) for a in self.matrix.actors]


@strawberry.type(description="A need and the actors that cover it.")
class NeedCoverage:
    need: MigrantNeed
    actors: list[Actor]

    @strawberry.field
    def count(self) -> int:
        return len(self.actors)


@strawberry.type(description="Needs nobody covers, and needs only one actor covers (a single point of failure).")
class CoverageGaps:
    uncovered: list[MigrantNeed]
    single_actor: list[NeedCoverage]
    covered: list[NeedCoverage]


@strawberry.type
class CoverageQuery:
    @strawberry.field(description="Actors (rows) against needs (columns); filters compose.")
    async def coverage_matrix(
        self,
        info: Info,
        needs: list[strawberry.ID] | None = None,
        places: list[strawberry.ID] | None = None,
        body: strawberry.ID | None = None,
        themes: list[strawberry.ID] | None = None,
        as_of: Period | None = None,
    ) -> CoverageMatrix:
        matrix = await coverage_matrix(
            info.context.store, info.context.ontology, needs=needs, places=places, body=body, themes=themes, as_of=as_of
        )
        return CoverageMatrix(matrix=matrix)

    @strawberry.field(
        description="The needs nobody covers in a place (or among a body's members), and the fragile ones."
    )
    async def coverage_gaps(
        self,
        info: Info,
        place: strawberry.ID | None = None,
        needs: list[strawberry.ID] | None = None,
        body: strawberry.ID | None = None,
        themes: list[strawberry.ID] | None = None,
        as_of: Period | None = None,
    ) -> CoverageGaps:
        matrix = await coverage_matrix(
            info.context.store,
            info.context.ontology,
            needs=needs,
            places=[place] if place else None,
            body=body,
            themes=themes,
            as_of=as_of,
        )
        uncovered: list[MigrantNeed] = []
        single: list[NeedCoverage] = []
        covered: list[NeedCoverage] = []
        for need in matrix.needs:
            actors = [wrap(matrix.nodes[a]) for a in matrix.coverers(need)]
            node = MigrantNeed(node=matrix.nodes[need])
            if not actors:
                uncovered.append(node)
            else:
                (single if len(actors) == 1 else covered).append(NeedCoverage(need=node, actors=actors))
        return CoverageGaps(uncovered=uncovered, single_actor=single, covered=covered)
