"""Edits by staff: coverage added, updated and removed, each behind an API key and recorded in the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry

from graph_api.graphql.context import Context
from graph_api.graphql.types import Actor, AuditEntryType, Link, MigrantNeed, wrap
from graph_api.model import records
from graph_api.model.errors import UserInputError
from graph_api.model.records import AuditEntry, Direction, Edge, ExpectEdge, GraphBatch, canonical_json
from graph_api.model.temporal import earliest, latest
from graph_api.services.auth import Role, require
from graph_api.services.retry import retried

__all__ = ["CoverageMutation", "new_audit_entry"]

Info = strawberry.Info[Context, None]
COVERS = "COVERS"


@strawberry.input(description="A coverage fact: an actor covers a need, where, when, doing what, on whose word.")
class CoverageInput:
    actor: strawberry.ID
    need: strawberry.ID
    sources: list[strawberry.ID]
    places: list[strawberry.ID] | None = None
    activity: str | None = None
    since: str | None = strawberry.field(default=None, description="ISO 8601, possibly partial: '2024', '2024-05'.")
    until: str | None = None
    evidence: str | None = None


@strawberry.type(description="The outcome of a coverage edit.")
class CoverageChange:
    actor: Actor
    need: MigrantNeed
    coverage: Link[MigrantNeed] | None = strawberry.field(description="The coverage now; null once removed.")
    audit: AuditEntryType


def new_audit_entry(info: Info, action: str, target: str, before: str | None, after: str | None) -> AuditEntry:
    """An audit entry for a change the request's (editor) principal makes now."""
    principal = require(info.context.principal, Role.EDITOR)
    return records.new_audit_entry(principal.name, principal.role.value, action, target, before, after)


def _entry(
    info: Info, action: str, edge: Edge, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> AuditEntry:
    target = f"{edge.start} -{edge.type}-> {edge.end}"
    return new_audit_entry(info, action, target, canonical_json(before), canonical_json(after))


async def _existing(info: Info, actor: str, need: str) -> Edge | None:
    [edges] = await info.context.store.relations([actor], COVERS, Direction.OUT)
    return next((e for e in edges if e.end == need), None)


async def _validated(info: Info, data: CoverageInput) -> Edge:
    """The relationship `data` describes, checked against the ontology and the graph."""
    ontology = info.context.ontology
    spec = ontology.relationships[COVERS]
    actor, need = str(data.actor), str(data.need)
    places = [str(p) for p in data.places or []]
    sources = [str(s) for s in data.sources]
    nodes = dict(
        zip(
            [actor, need, *places, *sources],
            await info.context.store.get_nodes([actor, need, *places, *sources]),
            strict=True,
        )
    )
    checks = [(actor, spec.from_labels, "actor"), (need, frozenset({"MigrantNeed"}), "need")]
    checks += [(p, frozenset({"Place"}), "places") for p in places]
    checks += [(s, frozenset({"Document"}), "sources") for s in sources]
    for node_id, labels, field in checks:
        node = nodes[node_id]
        if node is None or node.label not in labels:
            raise UserInputError(f"'{field}': {node_id!r} is not a {' or '.join(sorted(labels))}")
    raw = {
        "sources": sources,
        "places": places or None,
        "activity": data.activity,
        "valid_from": data.since,
        "valid_to": data.until,
        "evidence": data.evidence,
    }
    props = {}
    for key, value in raw.items():
        if value is None:
            continue
        try:
            props[key] = spec.properties[key].coerce(value, ontology)
        except ValueError as err:
            raise UserInputError(f"'{key}': {err}") from err
    if not sources:
        raise UserInputError("'sources': every fact needs at least one document")
    start, end = earliest(props.get("valid_from")), latest(props.get("valid_to"))
    if start is not None and end is not None and end < start:
        raise UserInputError(f"'until' ({data.until}) is before 'since' ({data.since})")
    return Edge(COVERS, actor, need, props)


async def _change(info: Info, action: str, edge: Edge, before: Edge | None, remove: bool) -> CoverageChange:
    entry = _entry(info, action, edge, before.properties if before else None, None if remove else edge.properties)
    # The write holds only if the relationship is still as it was read: the audit's `before` is then true.
    expected = (ExpectEdge(COVERS, edge.start, edge.end, before.properties if before else None),)
    if remove:
        batch = GraphBatch(remove_edges=(edge,), audit=(entry,), expect=expected)
    else:
        batch = GraphBatch(edges=(edge,), audit=(entry,), expect=expected)
    await info.context.store.write(batch)
    actor, need = await info.context.nodes.load_many([edge.start, edge.end])
    if actor is None or need is None:  # validated before the write; a concurrent delete could still do it
        raise UserInputError(f"{edge.start} or {edge.end} no longer exists", code="NOT_FOUND")
    link = None if remove else Link(node=MigrantNeed(node=need), edge=edge)
    return CoverageChange(
        actor=wrap(actor), need=MigrantNeed(node=need), coverage=link, audit=AuditEntryType(entry=entry)
    )


@strawberry.type
class CoverageMutation:
    @strawberry.mutation(
        description="Record that an actor covers a need (editor key). Fails if it is already recorded."
    )
    async def add_coverage(self, info: Info, input: CoverageInput) -> CoverageChange:
        require(info.context.principal, Role.EDITOR)

        async def edit() -> CoverageChange:
            edge = await _validated(info, input)
            if await _existing(info, edge.start, edge.end) is not None:
                raise UserInputError(
                    f"{edge.start} already covers {edge.end}; use updateCoverage", code="ALREADY_EXISTS"
                )
            return await _change(info, "addCoverage", edge, None, remove=False)

        return await retried(edit, f"{input.actor} covering {input.need}")

    @strawberry.mutation(description="Replace what is recorded about an actor covering a need (editor key).")
    async def update_coverage(self, info: Info, input: CoverageInput) -> CoverageChange:
        require(info.context.principal, Role.EDITOR)

        async def edit() -> CoverageChange:
            edge = await _validated(info, input)
            before = await _existing(info, edge.start, edge.end)
            if before is None:
                raise UserInputError(f"{edge.start} does not cover {edge.end}; use addCoverage", code="NOT_FOUND")
            return await _change(info, "updateCoverage", edge, before, remove=False)

        return await retried(edit, f"{input.actor} covering {input.need}")

    @strawberry.mutation(description="Remove the record that an actor covers a need (editor key).")
    async def remove_coverage(self, info: Info, actor: strawberry.ID, need: strawberry.ID) -> CoverageChange:
        require(info.context.principal, Role.EDITOR)

        async def edit() -> CoverageChange:
            before = await _existing(info, str(actor), str(need))
            if before is None:
                raise UserInputError(f"{actor} does not cover {need}", code="NOT_FOUND")
            return await _change(info, "removeCoverage", before, before, remove=True)

        return await retried(edit, f"{actor} covering {need}")
