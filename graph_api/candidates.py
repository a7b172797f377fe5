"""Review of candidate actors: list them, accept them (merged into an actor, or created) or reject them."""

from __future__ import annotations

import json
from typing import Any

import strawberry

from .auth import Role, require
from .context import Context
from .errors import UserInputError
from .mutations import AuditEntryType, new_audit_entry
from .records import Direction, Edge, GraphBatch, Node
from .types import Candidate, Entity, wrap

__all__ = ["CandidateMutation", "CandidateQuery"]

Info = strawberry.Info[Context, None]
_PAGE = 1_000


@strawberry.input(description="How to create an actor from a candidate.")
class CandidateCreation:
    id: strawberry.ID
    label: str = "Institution"
    kind: str | None = strawberry.field(default=None, description="For institutions: a term of institution_kinds.")


@strawberry.type(description="The outcome of a review.")
class CandidateReview:
    candidate: Candidate
    actor: Entity | None
    audit: AuditEntryType


async def _candidate(info: Info, candidate_id: str) -> Node:
    [node] = await info.context.store.get_nodes([candidate_id])
    if node is None or node.label != "Candidate":
        raise UserInputError(f"{candidate_id!r} is not a candidate", code="NOT_FOUND")
    if node.properties.get("status") != "pending":
        raise UserInputError(f"{candidate_id!r} was already {node.properties.get('status')}", code="ALREADY_REVIEWED")
    return node


def _dump(props: Any) -> str:
    return json.dumps(props, ensure_ascii=False, sort_keys=True, default=list)


@strawberry.type
class CandidateQuery:
    @strawberry.field(description="Candidate actors awaiting review (or with another status), by id.")
    async def candidates(self, info: Info, status: str = "pending", first: int = 100) -> list[Candidate]:
        found: list[Candidate] = []
        after = None
        while len(found) < first:
            page = await info.context.store.page_nodes("Candidate", first=_PAGE, after=after)
            found.extend(Candidate(node=n) for n in page.nodes if n.properties.get("status") == status)
            if not page.has_next:
                break
            after = page.nodes[-1].id
        return found[:first]


@strawberry.type
class CandidateMutation:
    @strawberry.mutation(
        description="Accept a candidate: merge it into an actor (its names become aliases) or create one."
    )
    async def accept_candidate(
        self,
        info: Info,
        id: strawberry.ID,
        merge_into: strawberry.ID | None = None,
        create: CandidateCreation | None = None,
    ) -> CandidateReview:
        require(info.context.principal, Role.EDITOR)
        if (merge_into is None) == (create is None):
            raise UserInputError("pass exactly one of 'mergeInto' and 'create'")
        candidate = await _candidate(info, str(id))
        ontology = info.context.ontology
        names = [candidate.name, *candidate.properties.get("aliases", [])]
        [mentions] = await info.context.store.relations([candidate.id], "MENTIONED_IN", Direction.OUT)
        if merge_into is not None:
            [target] = await info.context.store.get_nodes([str(merge_into)])
            if target is None or target.label not in ontology.actor_labels():
                raise UserInputError(f"'mergeInto': {merge_into!r} is not an actor")
            aliases = sorted({*target.properties.get("aliases", []), *(n for n in names if n != target.name)})
            actor = Node(target.id, target.label, {**target.properties, "aliases": aliases})
            before: Any = dict(target.properties)
        else:
            assert create is not None
            if create.label not in ontology.actor_labels():
                raise UserInputError(f"'label' must be one of {', '.join(ontology.actor_labels())}")
            if (await info.context.store.get_nodes([str(create.id)]))[0] is not None:
                raise UserInputError(f"{create.id!r} already exists", code="ALREADY_EXISTS")
            raw = {
                "id": str(create.id),
                "name": candidate.name,
                "aliases": names[1:] or None,
                "acronym": candidate.properties.get("acronym"),
                "kind": create.kind,
            }
            spec = ontology.labels[create.label]
            props: dict[str, Any] = {}
            for key, value in raw.items():
                if value is None:
                    continue
                if key not in spec.properties:
                    raise UserInputError(f"a {create.label} has no {key!r}")
                try:
                    props[key] = spec.properties[key].coerce(value, ontology)
                except ValueError as err:
                    raise UserInputError(f"'{key}': {err}") from err
            missing = [p.name for p in spec.properties.values() if p.required and p.name not in props]
            if missing:
                raise UserInputError(f"a {create.label} needs {', '.join(missing)}")
            actor = Node(str(create.id), create.label, props)
            before = None
        reviewed = Node(
            candidate.id, "Candidate", {**candidate.properties, "status": "accepted", "resolved_to": actor.id}
        )
        cited = [Edge("MENTIONED_IN", actor.id, e.end, e.properties) for e in mentions]
        entry = new_audit_entry(
            info,
            "acceptCandidate",
            f"{candidate.id} -> {actor.id}",
            _dump(before) if before else None,
            _dump(actor.properties),
        )
        await info.context.store.write(GraphBatch((actor, reviewed), tuple(cited), audit=(entry,)))
        return CandidateReview(candidate=Candidate(node=reviewed), actor=wrap(actor), audit=AuditEntryType(entry=entry))

    @strawberry.mutation(description="Reject a candidate: it stays on record as rejected and is not offered again.")
    async def reject_candidate(self, info: Info, id: strawberry.ID) -> CandidateReview:
        require(info.context.principal, Role.EDITOR)
        candidate = await _candidate(info, str(id))
        reviewed = Node(candidate.id, "Candidate", {**candidate.properties, "status": "rejected"})
        entry = new_audit_entry(
            info, "rejectCandidate", candidate.id, _dump(candidate.properties), _dump(reviewed.properties)
        )
        await info.context.store.write(GraphBatch((reviewed,), audit=(entry,)))
        return CandidateReview(candidate=Candidate(node=reviewed), actor=None, audit=AuditEntryType(entry=entry))
