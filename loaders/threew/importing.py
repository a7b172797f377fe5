"""Importing 3W sheets into the graph: coverage facts, the sheet as their source, candidates for unknown names.

Each sheet becomes a Document; each organisation-need pair it names becomes one
COVERS relationship whose places, activities and period gather all its rows
(and whatever the graph already said of that pair, so nothing known is lost).
Organisations that match no actor become Candidate nodes for staff to accept
or reject; their rows count once a re-import resolves them. Importing the same
sheet again changes nothing; a sheet with any bad row writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_api.model.names import name_resolver, name_values
from graph_api.model.ontology import Ontology
from graph_api.model.records import (
    AuditEntry,
    Direction,
    Edge,
    Expectation,
    ExpectEdge,
    ExpectNode,
    GraphBatch,
    Node,
    WriteSummary,
)
from graph_api.model.temporal import earliest, latest
from graph_api.model.text import slug
from graph_api.services.retry import retried
from graph_api.store.protocol import GraphStore, all_nodes
from loaders.threew.sheet import Candidate, CoverageRow, SheetError, SheetProblem, ThreeWSheet, places_index, read_3w

__all__ = ["ImportReport", "import_3w"]

COVERS = "COVERS"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import read and what it changed."""

    files: tuple[Path, ...]
    rows: int
    coverage: int
    candidates: tuple[Candidate, ...]
    summary: WriteSummary

    def __str__(self) -> str:
        s = self.summary
        lines = [
            f"imported {len(self.files)} sheet(s): {self.rows} rows of known organisations → {self.coverage} coverage "
            f"facts; wrote {s.nodes_created + s.edges_created} new and {s.nodes_updated + s.edges_updated} changed "
            "nodes and relationships"
        ]
        for candidate in self.candidates:
            rows = ", ".join(map(str, candidate.rows[:10])) + (" …" if len(candidate.rows) > 10 else "")
            lines.append(f"  candidate: {candidate.name!r} (rows {rows}) matches no actor; review it with `candidates`")
        return "\n".join(lines)


async def _places(store: GraphStore) -> dict[str, str]:
    entries: list[tuple[str, str, Sequence[str]]] = []
    for node in await all_nodes(store, ["Place"]):
        p = node.properties
        entries.append((node.id, str(p.get("iso_code", node.id)), name_values(p, ("name", "name_en", "aliases"))))
    return places_index(entries)


def _sheet_document(sheet: ThreeWSheet) -> Node:
    doc_id = f"doc-3w-{slug(sheet.path.name)}"
    props = {
        "id": doc_id,
        "name": f"3W {sheet.path.name}",
        "title": f"Who does what where: {sheet.path.name}",
        "publisher": "3W sheet",
        "language": "es",
        "file_name": sheet.path.name,
        "checksum": sheet.checksum,
    }
    return Node(doc_id, "Document", props)


def _merged(rows: Sequence[CoverageRow], existing: dict[str, Any] | None, source: str) -> dict[str, Any]:
    old = existing or {}
    activities = {a for a in str(old.get("activity", "")).split("; ") if a} | {r.activity for r in rows if r.activity}
    props: dict[str, Any] = {
        **old,
        "sources": sorted({*old.get("sources", []), source}),
        "places": sorted({*old.get("places", []), *(p for r in rows for p in r.place_ids)}),
    }
    if activities:
        props["activity"] = "; ".join(sorted(activities))
    # The period spans every row and what was known; any side left open stays open.
    starts = [r.valid_from for r in rows] + ([old.get("valid_from")] if existing is not None else [])
    ends = [r.valid_to for r in rows] + ([old.get("valid_to")] if existing is not None else [])
    props.pop("valid_from", None)
    props.pop("valid_to", None)
    if all(starts):
        props["valid_from"] = min((s for s in starts if s), key=lambda d: earliest(d) or dt.date.max)
    if all(ends):
        props["valid_to"] = max((e for e in ends if e), key=lambda d: latest(d) or dt.date.min)
    return props


def _candidate_node(candidate: Candidate, sheet: ThreeWSheet, existing: Node | None) -> Node:
    node_id = f"candidate-{slug(candidate.name)}"
    seen = {f"{sheet.path.name}:row {r}" for r in candidate.rows}
    old = dict(existing.properties) if existing else {}
    aliases = sorted({*old.get("aliases", []), *(s for s in candidate.spellings if s != candidate.name)})
    props: dict[str, Any] = {
        **old,
        "id": node_id,
        "name": old.get("name", candidate.name),
        "proposed_label": old.get("proposed_label", "Institution"),
        "status": old.get("status", "pending"),
        "seen_in": sorted({*old.get("seen_in", []), *seen}),
    }
    if aliases:
        props["aliases"] = aliases
    if candidate.acronym and "acronym" not in props:
        props["acronym"] = candidate.acronym
    return Node(node_id, "Candidate", props)


async def import_3w(
    store: GraphStore, ontology: Ontology, paths: Sequence[Path], *, audit: AuditEntry | None = None
) -> ImportReport:
    """Read every sheet, then write all of them (and `audit`) in one transaction; SheetError (nothing written) if
    any is bad. Coverage already recorded is merged with the sheet's rows on condition that it is unchanged when
    written (a concurrent edit makes the import read it again), so no edit made meanwhile is overwritten."""
    return await retried(lambda: _import(store, ontology, paths, audit), "the coverage this import merges with")


async def _import(
    store: GraphStore, ontology: Ontology, paths: Sequence[Path], audit: AuditEntry | None
) -> ImportReport:
    resolve_org = name_resolver(await all_nodes(store, ontology.actor_labels()), ontology.searchable_properties())
    places = await _places(store)
    sheets: list[ThreeWSheet] = []
    problems: list[SheetProblem] = []
    for path in paths:
        try:
            sheets.append(read_3w(path, resolve_org=resolve_org, places=places, ontology=ontology))
        except SheetError as err:
            problems.extend(err.problems)
    if problems:
        raise SheetError(problems)
    nodes: list[Node] = []
    edges: list[Edge] = []
    expect: list[Expectation] = []
    coverage = 0
    for sheet in sheets:
        document = _sheet_document(sheet)
        nodes.append(document)
        grouped: dict[tuple[str, str], list[CoverageRow]] = defaultdict(list)
        for row in sheet.rows:
            grouped[(row.org_id, row.need_id)].append(row)
        orgs = sorted({org for org, _ in grouped})
        known = {
            (e.start, e.end): dict(e.properties)
            for edges_of in await store.relations(orgs, COVERS, Direction.OUT)
            for e in edges_of
        }
        for (org, need), rows in sorted(grouped.items()):
            edges.append(Edge(COVERS, org, need, _merged(rows, known.get((org, need)), document.id)))
            expect.append(ExpectEdge(COVERS, org, need, known.get((org, need))))
        coverage += len(grouped)
        candidate_ids = [f"candidate-{slug(c.name)}" for c in sheet.candidates]
        existing = await store.get_nodes(candidate_ids)
        for candidate, old in zip(sheet.candidates, existing, strict=True):
            expect.append(
                ExpectNode(old.id, old.label, old.properties)
                if old
                else ExpectNode(f"candidate-{slug(candidate.name)}")
            )
            node = _candidate_node(candidate, sheet, old)
            nodes.append(node)
            edges.append(Edge("MENTIONED_IN", node.id, document.id, {"sources": [document.id]}))
    audited = (audit,) if audit else ()
    summary = await store.write(GraphBatch(tuple(nodes), tuple(edges), audit=audited, expect=tuple(expect)))
    return ImportReport(
        files=tuple(paths),
        rows=sum(len(s.rows) for s in sheets),
        coverage=coverage,
        candidates=tuple(c for s in sheets for c in s.candidates),
        summary=summary,
    )
