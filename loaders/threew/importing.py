"""Importing 3W sheets into the graph: coverage facts, the sheet as their source, candidates for unknown names.

Each sheet becomes a Document; each organisation-need pair it names becomes one
COVERS relationship whose places, activities and period gather all its rows
(and whatever the graph already said of that pair, so nothing known is lost),
with the rows that state it (`sheet_rows`) and the sheet's figures: people
reached and targeted, summed over its rows, replacing an earlier sheet's. An
implementing partner (#org+impl) becomes PARTNER_OF the reporting organisation,
for the needs, places and activities of its rows (loaders/threew/facts.py).
Organisations that match no actor become Candidate nodes for staff to accept
or reject; their rows count once a re-import resolves them, and a rejected one
is left as it is. Importing the same sheet again changes nothing; a sheet with
any bad row writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graph_api.model.names import name_resolver, name_values
from graph_api.model.ontology import Ontology
from graph_api.model.progress import Progress, no_progress
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
from graph_api.services.retry import retried
from graph_api.store.protocol import GraphStore, all_nodes
from loaders.threew.facts import (
    candidate_id,
    candidate_node,
    coverage_properties,
    partnership_properties,
    sheet_document,
)
from loaders.threew.sheet import (
    Candidate,
    CoverageRow,
    DateOrder,
    Places,
    SheetError,
    SheetProblem,
    ThreeWSheet,
    places_index,
    read_3w,
)

__all__ = ["ImportPlan", "ImportReport", "import_3w", "plan_3w"]

COVERS = "COVERS"
PARTNER_OF = "PARTNER_OF"


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What an import would write: what it read, and the batch (its expectations included, no audit)."""

    files: tuple[Path, ...]
    rows: int
    coverage: int
    candidates: tuple[Candidate, ...]
    batch: GraphBatch
    partnerships: int = 0
    # Names staff rejected before, seen again and left alone; what the sheets did not read, or read as they chose.
    rejected: tuple[Candidate, ...] = ()
    warnings: tuple[str, ...] = ()

    def __str__(self) -> str:
        first = (
            f"read {len(self.files)} sheet(s): {self.rows} rows of known organisations → {self.coverage} coverage "
            f"facts and {self.partnerships} implementing partnerships"
        )
        return "\n".join([first, *_lines(self)])


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import read and what it changed."""

    plan: ImportPlan
    summary: WriteSummary

    @property
    def rows(self) -> int:
        return self.plan.rows

    @property
    def coverage(self) -> int:
        return self.plan.coverage

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        return self.plan.candidates

    def __str__(self) -> str:
        s, plan = self.summary, self.plan
        first = (
            f"imported {len(plan.files)} sheet(s): {plan.rows} rows of known organisations → {plan.coverage} coverage "
            f"facts and {plan.partnerships} implementing partnerships; wrote {s.nodes_created + s.edges_created} new "
            f"and {s.nodes_updated + s.edges_updated} changed nodes and relationships"
        )
        return "\n".join([first, *_lines(plan)])


def _lines(plan: ImportPlan) -> list[str]:
    lines = []
    for candidate in plan.candidates:
        rows = ", ".join(map(str, candidate.rows[:10])) + (" …" if len(candidate.rows) > 10 else "")
        close = f"; closest known: {', '.join(map(repr, candidate.closest))}" if candidate.closest else ""
        lines.append(
            f"  candidate: {candidate.name!r} (rows {rows}) matches no actor{close}; review it with `candidates`"
        )
    lines += [f"  rejected before, left alone: {c.name!r} (rows {', '.join(map(str, c.rows))})" for c in plan.rejected]
    lines += [f"  warning: {warning}" for warning in plan.warnings]
    return lines


async def _places(store: GraphStore) -> Places:
    """Countries and regions, and provinces, each by code (ISO 3166, OCHA p-code) and name; where each lies."""
    levels: dict[bool, list[tuple[str, list[str], Sequence[str]]]] = {True: [], False: []}
    nodes = await all_nodes(store, ["Place"])
    for node in nodes:
        p = node.properties
        codes = [str(p.get("iso_code", node.id)), *([str(p["pcode"])] if p.get("pcode") else [])]
        levels[p.get("place_type") == "province"].append(
            (node.id, codes, name_values(p, ("name", "name_en", "aliases")))
        )
    located = await store.relations([n.id for n in nodes], "LOCATED_IN", Direction.OUT)
    return Places(
        regions=places_index(levels[False]),
        provinces=places_index(levels[True]),
        parent={e.start: e.end for edges in located for e in edges},
        pcode={n.id: str(n.properties["pcode"]) for n in nodes if n.properties.get("pcode")},
    )


def _warnings(sheet: ThreeWSheet) -> list[str]:
    warnings = [f"{sheet.path.name}: ignored columns: {', '.join(sheet.ignored)}"] if sheet.ignored else []
    if sheet.duplicates:
        repeats = ", ".join(f"row {row} repeats row {first}" for row, first in sheet.duplicates[:10])
        more = f" and {len(sheet.duplicates) - 10} more" if len(sheet.duplicates) > 10 else ""
        warnings.append(f"{sheet.path.name}: counted once: {repeats}{more}")
    if sheet.date_order:
        warnings.append(f"{sheet.path.name}: dates of day and month read {sheet.date_order}")
    return warnings


async def import_3w(
    store: GraphStore,
    ontology: Ontology,
    paths: Sequence[Path],
    *,
    audit: AuditEntry | None = None,
    progress: Progress = no_progress,
    date_order: DateOrder | None = None,
) -> ImportReport:
    """Read every sheet, then write all of them (and `audit`) in one transaction; SheetError (nothing written) if
    any is bad. Coverage already recorded is merged with the sheet's rows on condition that it is unchanged when
    written (a concurrent edit makes the import read it again), so no edit made meanwhile is overwritten.
    `date_order` reads dates of day and month in that order where a sheet does not tell."""
    return await retried(
        lambda: _import(store, ontology, paths, audit, progress, date_order), "the coverage this import merges with"
    )


async def _import(
    store: GraphStore,
    ontology: Ontology,
    paths: Sequence[Path],
    audit: AuditEntry | None,
    progress: Progress,
    date_order: DateOrder | None,
) -> ImportReport:
    plan = await plan_3w(store, ontology, paths, progress=progress, date_order=date_order)
    progress("writing", 0, 1)
    summary = await store.write(replace(plan.batch, audit=(audit,) if audit else ()))
    progress("writing", 1, 1)
    return ImportReport(plan, summary)


async def plan_3w(
    store: GraphStore,
    ontology: Ontology,
    paths: Sequence[Path],
    *,
    progress: Progress = no_progress,
    date_order: DateOrder | None = None,
) -> ImportPlan:
    """Read every sheet and build what `import_3w` writes, writing nothing; SheetError if any sheet is bad."""
    # Only actors that can cover a need and partner (institutions, programmes): a sheet naming a coordination
    # body makes it a candidate, not a fact the ontology refuses.
    coverers = {*ontology.relationships[COVERS].from_labels} & {*ontology.relationships[PARTNER_OF].from_labels}
    actors = await all_nodes(store, sorted(coverers))
    resolve_org = name_resolver(actors, ontology.searchable_properties())
    by_id = {n.id: n.id for n in actors} | {
        str(n.properties["iati_id"]): n.id for n in actors if n.properties.get("iati_id")
    }
    known_names = sorted({n.name for n in actors})
    places = await _places(store)
    sheets: list[ThreeWSheet] = []
    problems: list[SheetProblem] = []
    progress("reading sheets", 0, len(paths))
    for done, path in enumerate(paths, 1):
        try:
            sheets.append(
                read_3w(
                    path,
                    resolve_org=resolve_org,
                    places=places,
                    ontology=ontology,
                    date_order=date_order,
                    known_names=known_names,
                    resolve_id=by_id.get,
                )
            )
        except SheetError as err:
            problems.extend(err.problems)
        progress("reading sheets", done, len(paths))
    if problems:
        raise SheetError(problems)
    nodes: list[Node] = []
    mentions: list[Edge] = []
    expect: list[Expectation] = []
    # What this plan has built so far, by key: a later sheet of the same import merges into it, not into the
    # store's copy (which the first sheet already merged), and the write expects the store's copy once.
    facts_built: dict[tuple[str, str, str], Edge] = {}
    candidates_built: dict[str, tuple[Candidate, Node]] = {}
    coverage = partnerships = 0
    rejected: list[Candidate] = []
    for sheet in sheets:
        document = sheet_document(sheet)
        nodes.append(document)
        grouped: dict[tuple[str, str], list[CoverageRow]] = defaultdict(list)
        partnered: dict[tuple[str, str], list[CoverageRow]] = defaultdict(list)
        for row in sheet.rows:
            grouped[(row.org_id, row.need_id)].append(row)
            if row.implementer_id is not None:
                partnered[(row.implementer_id, row.org_id)].append(row)
        for rel_type, facts, merge in (
            (COVERS, grouped, coverage_properties),
            (PARTNER_OF, partnered, partnership_properties),
        ):
            starts = sorted({start for start, _ in facts})
            known = {
                (e.start, e.end): dict(e.properties)
                for edges_of in await store.relations(starts, rel_type, Direction.OUT)
                for e in edges_of
            }
            for (start, end), rows in sorted(facts.items()):
                key = (rel_type, start, end)
                if key in facts_built:
                    before: dict[str, Any] | None = dict(facts_built[key].properties)
                else:
                    before = known.get((start, end))
                    expect.append(ExpectEdge(rel_type, start, end, before))
                facts_built[key] = Edge(rel_type, start, end, merge(rows, before, document.id, sheet))
        coverage += len(grouped)
        partnerships += len(partnered)
        existing = await store.get_nodes([candidate_id(c) for c in sheet.candidates])
        for candidate, old in zip(sheet.candidates, existing, strict=True):
            if old is not None and old.properties.get("status") == "rejected":
                # Staff said no: the name is not proposed again, and its node is not touched.
                rejected.append(candidate)
                continue
            node_id = candidate_id(candidate)
            if node_id in candidates_built:
                first, built = candidates_built[node_id]
                candidates_built[node_id] = (first, candidate_node(candidate, sheet, built))
            else:
                expect.append(ExpectNode(old.id, old.label, old.properties) if old else ExpectNode(node_id))
                candidates_built[node_id] = (candidate, candidate_node(candidate, sheet, old))
            mentions.append(Edge("MENTIONED_IN", node_id, document.id, {"sources": [document.id]}))
    nodes += [node for _, node in candidates_built.values()]
    edges = [*facts_built.values(), *mentions]
    return ImportPlan(
        files=tuple(paths),
        rows=sum(len(s.rows) for s in sheets),
        coverage=coverage,
        candidates=tuple(candidate for candidate, _ in candidates_built.values()),
        batch=GraphBatch(tuple(nodes), tuple(edges), expect=tuple(expect)),
        partnerships=partnerships,
        rejected=tuple(rejected),
        warnings=tuple(w for sheet in sheets for w in _warnings(sheet)),
    )
