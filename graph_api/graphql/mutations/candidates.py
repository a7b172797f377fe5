"""Review of candidate actors: accept them (merged into an actor, or created) or reject them."""

from __future__ import annotations

import json
from typing import Any

import strawberry

from graph_api.graphql.context import Context
from graph_api.graphql.mutations.coverage import new_audit_entry
from graph_api.graphql.types import AuditEntryType, Candidate, Entity, wrap
from graph_api.model.errors import UserInputError
from graph_api.model.records import Direction, Edge, ExpectEdge, ExpectNode, GraphBatch, Node, canonical_json
from graph_api.services.auth import Role, require
from graph_api.services.retry import retried

__all__ = ["CandidateMutation"]

Info = strawberry.Info[Context, None]


@strawberry.input(description="How to create an actor from a candidate; what is left out comes from its proposal.")
class CandidateCreation:
    id: strawberry.ID | None = None
    label: str | None = None
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
    """Properties as audit entries record them everywhere (records.canonical_json)."""
    return canonical_json(props) or "null"


async def _created(info: Info, candidate: Node, names: list[str], create: CandidateCreation) -> Node:
    """The actor a candidate becomes, from its proposal and what staff said."""
    ontology = info.context.ontology
    proposal = json.loads(candidate.properties.get("proposed_properties") or "{}")
    label = create.label or candidate.properties.get("proposed_label") or "Institution"
    node_id = str(create.id or candidate.properties.get("proposed_id") or "")
    if label not in ontology.labels or label in {"Candidate", "Document"}:
        raise UserInputError(f"'label': {label!r} cannot be created from a candidate")
    if not node_id:
        raise UserInputError("'create.id' is needed: the candidate proposes none")
    if (await info.context.store.get_nodes([node_id]))[0] is not None:
        raise UserInputError(f"{node_id!r} already exists; use mergeInto", code="ALREADY_EXISTS")
    raw = {
        **proposal,
        "id": node_id,
        "name": candidate.name,
        "aliases": names[1:] or None,
        "acronym": candidate.properties.get("acronym"),
        "kind": create.kind or proposal.get("kind"),
    }
    spec = ontology.labels[label]
    props: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None or key not in spec.properties:
            continue
        try:
            props[key] = spec.properties[key].coerce(value, ontology)
        except ValueError as err:
            raise UserInputError(f"'{key}': {err}") from err
    missing = [p.name for p in spec.properties.values() if p.required and p.name not in props]
    if missing:
        raise UserInputError(f"a {label} needs {', '.join(missing)}")
    return Node(node_id, label, props)


async def _accept_relationship(info: Info, candidate: Node) -> CandidateReview:
    """A candidate relationship becomes a relationship once both its ends are actors of the graph."""
    ends = []
    for key in ("proposed_from", "proposed_to"):
        [node] = await info.context.store.get_nodes([str(candidate.properties[key])])
        if node is not None and node.label == "Candidate":
            if node.properties.get("status") != "accepted":
                raise UserInputError(f"accept or reject {node.id!r} first", code="CANDIDATE_PENDING")
            [node] = await info.context.store.get_nodes([str(node.properties["resolved_to"])])
        if node is None:
            raise UserInputError(f"{candidate.properties[key]!r} is not in the graph", code="NOT_FOUND")
        ends.append(node)
    rel_type = str(candidate.properties["proposed_type"])
    spec = info.context.ontology.relationships[rel_type]
    if ends[0].label not in spec.from_labels or ends[1].label not in spec.to_labels:
        raise UserInputError(f"{rel_type} cannot go from a {ends[0].label} to a {ends[1].label}")
    [mentions] = await info.context.store.relations([candidate.id], "MENTIONED_IN", Direction.OUT)
    proposal = json.loads(candidate.properties.get("proposed_properties") or "{}")
    props = {k: v for k, v in proposal.items() if k in spec.properties}
    props.update(sources=sorted({e.end for e in mentions}), evidence=candidate.properties.get("evidence"))
    props["evidence_offsets"] = [s.split(":", 1)[1] for s in candidate.properties.get("seen_in", []) if ":" in s]
    props = {k: v for k, v in props.items() if v}
    [known] = await info.context.store.relations([ends[0].id], rel_type, Direction.OUT)
    existing = next((e for e in known if e.end == ends[1].id), None)
    if existing is not None:
        # The relationship is on record already (a load, another document): this one adds its sources and
        # evidence to it rather than replacing what it says.
        props = {
            **props,
            **existing.properties,
            "sources": sorted({*existing.properties.get("sources", []), *props.get("sources", [])}),
        }
    edge = Edge(rel_type, ends[0].id, ends[1].id, props)
    reviewed = Node(candidate.id, "Candidate", {**candidate.properties, "status": "accepted"})
    before = _dump(existing.properties) if existing is not None else None
    entry = new_audit_entry(info, "acceptCandidate", f"{edge.start} -{edge.type}-> {edge.end}", before, _dump(props))
    expected = (
        _as_read(candidate),
        ExpectEdge(rel_type, edge.start, edge.end, existing.properties if existing else None),
    )
    await info.context.store.write(GraphBatch((reviewed,), (edge,), audit=(entry,), expect=expected))
    return CandidateReview(candidate=Candidate(node=reviewed), actor=None, audit=AuditEntryType(entry=entry))


def _as_read(node: Node) -> ExpectNode:
    """The write expects `node` still to be as it was read (a concurrent review makes it retry)."""
    return ExpectNode(node.id, node.label, node.properties)


async def _accept(
    info: Info, id: str, merge_into: strawberry.ID | None, create: CandidateCreation | None
) -> CandidateReview:
    candidate = await _candidate(info, id)
    if candidate.properties.get("proposed_type"):
        if merge_into is not None or create is not None:
            raise UserInputError("a candidate relationship takes neither 'mergeInto' nor 'create'")
        return await _accept_relationship(info, candidate)
    if (merge_into is None) == (create is None):
        raise UserInputError("pass exactly one of 'mergeInto' and 'create'")
    ontology = info.context.ontology
    names = [candidate.name, *candidate.properties.get("aliases", [])]
    [mentions] = await info.context.store.relations([candidate.id], "MENTIONED_IN", Direction.OUT)
    if merge_into is not None:
        [target] = await info.context.store.get_nodes([str(merge_into)])
        if target is None or target.label not in ontology.actor_labels():
            raise UserInputError(f"'mergeInto': {merge_into!r} is not an actor")
        # Its names and its acronym become the actor's aliases, so that a later sheet or query naming it finds the
        # actor (the actor keeps its own acronym).
        merged = [*names, candidate.properties.get("acronym")]
        own = {target.name, target.properties.get("acronym")}
        aliases = sorted({*target.properties.get("aliases", []), *(n for n in merged if n and n not in own)})
        actor = Node(target.id, target.label, {**target.properties, "aliases": aliases})
        before: Any = dict(target.properties)
        expected = (_as_read(candidate), _as_read(target))
    else:
        assert create is not None
        actor = await _created(info, candidate, names, create)
        before = None
        expected = (_as_read(candidate), ExpectNode(actor.id))
    reviewed = Node(candidate.id, "Candidate", {**candidate.properties, "status": "accepted", "resolved_to": actor.id})
    cited = [Edge("MENTIONED_IN", actor.id, e.end, e.properties) for e in mentions]
    entry = new_audit_entry(
        info,
        "acceptCandidate",
        f"{candidate.id} -> {actor.id}",
        _dump(before) if before else None,
        _dump(actor.properties),
    )
    await info.context.store.write(GraphBatch((actor, reviewed), tuple(cited), audit=(entry,), expect=expected))
    return CandidateReview(candidate=Candidate(node=reviewed), actor=wrap(actor), audit=AuditEntryType(entry=entry))


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
        return await retried(lambda: _accept(info, str(id), merge_into, create), f"candidate {id}")

    @strawberry.mutation(description="Reject a candidate: it stays on record as rejected and is not offered again.")
    async def reject_candidate(self, info: Info, id: strawberry.ID) -> CandidateReview:
        require(info.context.principal, Role.EDITOR)

        async def edit() -> CandidateReview:
            candidate = await _candidate(info, str(id))
            reviewed = Node(candidate.id, "Candidate", {**candidate.properties, "status": "rejected"})
            entry = new_audit_entry(
                info, "rejectCandidate", candidate.id, _dump(candidate.properties), _dump(reviewed.properties)
            )
            await info.context.store.write(GraphBatch((reviewed,), audit=(entry,), expect=(_as_read(candidate),)))
            return CandidateReview(candidate=Candidate(node=reviewed), actor=None, audit=AuditEntryType(entry=entry))

        return await retried(edit, f"candidate {id}")
