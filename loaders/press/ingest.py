"""Writing what the extractor reads in documents: facts with provenance, candidates for review.

A document becomes a Document node (one already in the graph with the same
checksum is reused). Actors the graph knows get a MENTIONED_IN with the
offsets of the sentences naming them; facts between known nodes become
relationships citing the document, with the quoted sentence and its offsets.
Everything else — unknown actors, facts that touch them, facts read with low
confidence — becomes a Candidate node that staff accept or reject; with
`accept_new`, new actors and their facts are written as confirmed instead (to
start an empty graph from documents). All documents are read first; if any
fails, nothing is written. Ingesting a document again changes nothing.

Given `seconds`, the documents are read and extracted in a worker process
(a server's event loop stays free to answer others meanwhile), which is
stopped when it takes longer: the ingest is refused with DocumentTooComplex
and nothing is written. A thread could not be stopped, and would hold the
interpreter's lock while it reads.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import pickle
import subprocess
import sys
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from subprocess import PIPE
from typing import Any

import loaders
from graph_api.model.ontology import Ontology
from graph_api.model.progress import Progress, no_progress
from graph_api.model.records import AuditEntry, Direction, Edge, GraphBatch, Node, WriteSummary
from graph_api.model.text import slug
from graph_api.store.protocol import GraphStore, all_nodes
from loaders.packages.reference import load_reference
from loaders.press import Evidence, ExtractedActor, ExtractedFact, Extraction, Gazetteer, extract
from loaders.press.documents import SourceDocument, iso_date, read_document, require_spanish
from loaders.press.errors import DocumentError, DocumentTooComplex
from loaders.vocabulary import vocabulary_batch

__all__ = ["IngestPlan", "IngestReport", "ingest_documents", "plan_ingest"]

KNOWN_LABELS = ("Institution", "Program", "CoordinationBody", "Meeting", "Population", "PolicyTheme")


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What an ingest read and wrote."""

    documents: tuple[str, ...]
    document_ids: tuple[str, ...]
    facts: int
    candidates: int
    summary: WriteSummary

    def __str__(self) -> str:
        s = self.summary
        return (
            f"ingested {len(self.documents)} document(s) ({', '.join(self.documents)}): {self.facts} facts written, "
            f"{self.candidates} candidates for review; {s.nodes_created + s.edges_created} new and "
            f"{s.nodes_updated + s.edges_updated} changed nodes and relationships"
        )


@dataclass(frozen=True, slots=True)
class IngestPlan:
    """What an ingest would write: the documents read, what was found in them, and the batch (no audit)."""

    documents: tuple[str, ...]
    document_ids: tuple[str, ...]
    facts: int
    candidates: int
    batch: GraphBatch

    def __str__(self) -> str:
        return (
            f"read {len(self.documents)} document(s) ({', '.join(self.documents)}): {self.facts} facts, "
            f"{self.candidates} candidates for review"
        )


def _offsets(evidence: Sequence[Evidence]) -> list[str]:
    return [f"{e.start}-{e.end}" for e in evidence]


def _props(ontology: Ontology, label: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The properties the ontology allows for `label`, coerced; the extractor's own notes turned into words."""
    spec = ontology.labels[label].properties
    props: dict[str, Any] = {}
    for key, value in raw.items():
        if key in spec and value is not None:
            try:
                props[key] = spec[key].coerce(value, ontology)
            except ValueError:
                continue
    if raw.get("year_inferred"):
        props["note"] = "The year is taken from the document's publication date; the text gives none."
    return props


def _reference_node(ontology: Ontology, actor: ExtractedActor) -> Node:
    props = _props(ontology, actor.label, actor.properties)
    props = {k: v for k, v in props.items() if k not in {"id", "name"}}
    names = {actor.name, props.get("acronym"), *props.get("aliases", [])}
    aliases = [*props.get("aliases", []), *(w for w in actor.written if w not in names)]
    if aliases:
        props["aliases"] = aliases
    return Node(actor.known_id or actor.ref, actor.label, {"id": actor.known_id, "name": actor.name, **props})


@dataclass
class _Writer:
    ontology: Ontology
    accept_new: bool
    nodes: dict[str, Node]
    edges: dict[tuple[str, str, str], Edge]
    facts: int = 0
    candidates: int = 0

    def document(self, doc: SourceDocument, existing: Node | None) -> str:
        if existing is not None:
            return existing.id
        doc_id = f"doc-{slug(doc.path.stem)}"
        meta = doc.metadata
        props = {
            "id": doc_id,
            "name": doc.title,
            "title": doc.title,
            "language": meta.get("language", "es"),
            "file_name": doc.path.name,
            "checksum": doc.checksum,
        }
        props.update({k: meta[k] for k in ("publisher", "published", "url") if meta.get(k)})
        self.nodes[doc_id] = Node(doc_id, "Document", props)
        return doc_id

    def mention(self, node_id: str, doc_id: str, evidence: Sequence[Evidence]) -> None:
        props = {"sources": [doc_id], "evidence": evidence[0].sentence, "evidence_offsets": _offsets(evidence)}
        self.edges[(node_id, "MENTIONED_IN", doc_id)] = Edge("MENTIONED_IN", node_id, doc_id, props)

    def actor(self, actor: ExtractedActor, doc_id: str, file_name: str) -> str:
        """The id the actor has in the graph (known, created) or as a candidate."""
        if actor.known_id is not None:
            if actor.reference:
                # An entry of the reference gazetteer the graph does not have yet: a confirmed actor, written
                # with its identifiers and the names the texts give it (all of this ingest's documents).
                node = _reference_node(self.ontology, actor)
                earlier = self.nodes.get(actor.known_id)
                if earlier is not None:
                    aliases = [*earlier.properties.get("aliases", [])]
                    aliases += [a for a in node.properties.get("aliases", []) if a not in aliases]
                    node = Node(node.id, node.label, {**node.properties, "aliases": aliases})
                self.nodes[actor.known_id] = node
            self.mention(actor.known_id, doc_id, actor.evidence)
            return actor.known_id
        props = _props(self.ontology, actor.label, actor.properties)
        if self.accept_new:
            node_id = actor.proposed_id
            kind = {"kind": "agency"} if actor.label == "Institution" and "kind" not in props else {}
            self.nodes[node_id] = Node(node_id, actor.label, {"id": node_id, "name": actor.name, **kind, **props})
            self.mention(node_id, doc_id, actor.evidence)
            return node_id
        node_id = f"candidate-{actor.proposed_id}"
        self.candidates += 1
        self.nodes[node_id] = Node(
            node_id,
            "Candidate",
            {
                "id": node_id,
                "name": actor.name,
                "status": "pending",
                "proposed_label": actor.label,
                "proposed_id": actor.proposed_id,
                "proposed_properties": json.dumps(props, ensure_ascii=False, sort_keys=True),
                "evidence": actor.evidence[0].sentence,
                "seen_in": [f"{file_name}:{o}" for o in _offsets(actor.evidence)],
            },
        )
        self.mention(node_id, doc_id, actor.evidence)
        return node_id

    def fact(self, fact: ExtractedFact, start: str, end: str, doc_id: str, file_name: str) -> None:
        confirmed = not fact.candidate and not start.startswith("candidate-") and not end.startswith("candidate-")
        evidence = {"evidence": fact.evidence[0].sentence, "evidence_offsets": _offsets(fact.evidence)}
        if confirmed or self.accept_new:
            props = {
                **_props(self.ontology, "Candidate", {}),
                "sources": [doc_id],
                **evidence,
                "confidence": round(fact.confidence, 3),
            }
            spec = self.ontology.relationships[fact.type].properties
            props.update({k: v for k, v in fact.properties.items() if k in spec})
            self.edges[(start, fact.type, end)] = Edge(fact.type, start, end, props)
            self.facts += 1
            return
        node_id = f"candidate-rel-{slug(f'{start} {fact.type} {end}')}"
        self.candidates += 1
        self.nodes[node_id] = Node(
            node_id,
            "Candidate",
            {
                "id": node_id,
                "name": f"{start} {fact.type} {end}",
                "status": "pending",
                "proposed_type": fact.type,
                "proposed_from": start,
                "proposed_to": end,
                "proposed_properties": json.dumps(dict(fact.properties), ensure_ascii=False, sort_keys=True),
                "confidence": round(fact.confidence, 3),
                "evidence": fact.evidence[0].sentence,
                "seen_in": [f"{file_name}:{o}" for o in _offsets(fact.evidence)],
            },
        )
        self.mention(node_id, doc_id, fact.evidence)


def _read(paths: Sequence[Path], metadata: Mapping[str, str]) -> list[SourceDocument]:
    documents, problems = [], []
    for path in paths:
        try:
            doc = read_document(path)
            if metadata:
                if metadata.get("published"):  # given beside the document: a day of the calendar too
                    iso_date(path, metadata["published"], what="'published'")
                doc = SourceDocument(doc.path, doc.text, {**doc.metadata, **metadata}, doc.checksum, doc.format)
            require_spanish(doc)
            documents.append(doc)
        except DocumentError as err:
            problems.append(err)
    if problems:
        raise (
            problems[0] if len(problems) == 1 else DocumentError(problems[0].path, "; ".join(str(p) for p in problems))
        )
    return documents


def _read_and_extract(
    paths: Sequence[Path], metadata: Mapping[str, str], gazetteer: Gazetteer, progress: Progress = no_progress
) -> list[Extraction]:
    documents = _read(paths, metadata)
    extractions = []
    progress("extracting", 0, len(documents))
    for done, doc in enumerate(documents, 1):
        extractions.append(extract(doc, gazetteer))
        progress("extracting", done, len(documents))
    return extractions


def _serve() -> None:
    """The worker process: reads (paths, metadata, gazetteer) on stdin, writes the extractions or the error."""
    paths, metadata, gazetteer = pickle.load(sys.stdin.buffer)  # noqa: S301 - from the server that started it
    result: tuple[bool, object]
    try:
        result = (True, _read_and_extract(paths, metadata, gazetteer))
    except DocumentError as err:
        result = (False, err)
    except Exception as err:  # a bug: the server logs it as an unexpected error, the caller sees it masked
        result = (False, f"{type(err).__name__}: {err}"[:500])
    pickle.dump(result, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)


# A fresh interpreter that imports only the loaders: nothing of the server (its threads, sockets, main module) is
# copied or run again, and it can be killed. These threads wait for the workers, at most one per core at a time.
_WORKER = [sys.executable, "-c", "from loaders.press.ingest import _serve; _serve()"]
_WAITERS = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="migragraph-extract")


def worker_environment() -> tuple[dict[str, str], str]:
    """The environment and working folder of an extraction worker: the folder holding the very `loaders` package
    the server runs comes first on its path, so the worker runs the same code (not another installed copy)."""
    root = str(Path(loaders.__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}, root


def _in_worker(
    paths: Sequence[Path], metadata: Mapping[str, str], gazetteer: Gazetteer, seconds: float
) -> list[Extraction]:
    job = pickle.dumps((list(paths), dict(metadata), gazetteer), protocol=pickle.HIGHEST_PROTOCOL)
    env, root = worker_environment()
    with subprocess.Popen(_WORKER, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=env, cwd=root) as worker:  # noqa: S603
        try:
            out, err = worker.communicate(job, timeout=seconds)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()
            raise DocumentTooComplex(
                paths[0],
                f"extracting took longer than {seconds:g} s, the limit for a document (MIGRAGRAPH_INGEST_SECONDS):"
                " it was stopped and nothing was written; split the document or shorten its sentences",
            ) from None
    if worker.returncode != 0 or not out:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {worker.returncode}"]
        raise RuntimeError(f"the extraction worker failed: {detail[0][:500]}")
    ok, value = pickle.loads(out)  # noqa: S301 - our own worker's answer
    if ok:
        extractions: list[Extraction] = value
        return extractions
    if isinstance(value, DocumentError):
        raise value
    raise RuntimeError(f"the extraction worker failed: {value}")


async def _extractions(
    paths: Sequence[Path],
    metadata: Mapping[str, str],
    gazetteer: Gazetteer,
    seconds: float | None,
    progress: Progress,
) -> list[Extraction]:
    if seconds is None:
        return _read_and_extract(paths, metadata, gazetteer, progress)
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_WAITERS, _in_worker, paths, metadata, gazetteer, seconds)


async def _merged_with_known(store: GraphStore, edges: Mapping[tuple[str, str, str], Edge]) -> list[Edge]:
    """The edges, each merged with what the graph already says of it: its words stay, the sources add up."""
    by_type: dict[str, set[str]] = {}
    for start, rel_type, _ in edges:
        by_type.setdefault(rel_type, set()).add(start)
    known: dict[tuple[str, str, str], Mapping[str, Any]] = {}
    for rel_type, starts in by_type.items():
        for found in await store.relations(sorted(starts), rel_type, Direction.OUT):
            known.update({(e.start, e.type, e.end): e.properties for e in found})
    merged = []
    for key, edge in edges.items():
        old = known.get(key)
        if old is None:
            merged.append(edge)
            continue
        props = {**edge.properties, **old, "sources": sorted({*old.get("sources", []), *edge.properties["sources"]})}
        if "evidence_offsets" not in old and "evidence_offsets" in edge.properties:
            props["evidence_offsets"] = edge.properties["evidence_offsets"]
        merged.append(Edge(edge.type, edge.start, edge.end, props))
    return merged


async def ingest_documents(
    store: GraphStore,
    ontology: Ontology,
    paths: Sequence[Path],
    *,
    metadata: Mapping[str, str] | None = None,
    accept_new: bool = False,
    audit: AuditEntry | None = None,
    seconds: float | None = None,
    progress: Progress = no_progress,
) -> IngestReport:
    """Extract facts from the documents at `paths` and write them (and `audit`) in one transaction.

    With `seconds`, the extraction runs in a worker process stopped after that long (DocumentTooComplex); then
    `progress` hears of the write only.
    """
    plan = await plan_ingest(
        store, ontology, paths, metadata=metadata, accept_new=accept_new, seconds=seconds, progress=progress
    )
    progress("writing", 0, 1)
    summary = await store.write(dataclasses.replace(plan.batch, audit=(audit,) if audit else ()))
    progress("writing", 1, 1)
    return IngestReport(plan.documents, plan.document_ids, plan.facts, plan.candidates, summary)


async def plan_ingest(
    store: GraphStore,
    ontology: Ontology,
    paths: Sequence[Path],
    *,
    metadata: Mapping[str, str] | None = None,
    accept_new: bool = False,
    seconds: float | None = None,
    progress: Progress = no_progress,
) -> IngestPlan:
    """Extract facts from the documents at `paths` and build what `ingest_documents` writes, writing nothing."""
    vocabulary = vocabulary_batch(ontology)
    known = await all_nodes(store, KNOWN_LABELS)
    gazetteer = Gazetteer.from_nodes(
        [*known, *(n for n in vocabulary.nodes if n.label != "Document")], reference=load_reference()
    )
    extractions = await _extractions(
        paths, {k: v for k, v in (metadata or {}).items() if v}, gazetteer, seconds, progress
    )
    documents = [e.document for e in extractions]
    by_checksum = {n.properties.get("checksum"): n for n in await all_nodes(store, ["Document"])}
    writer = _Writer(
        ontology,
        accept_new,
        {n.id: n for n in vocabulary.nodes},
        {(e.start, e.type, e.end): e for e in vocabulary.edges},
    )
    doc_ids = []
    for extraction in extractions:
        doc = extraction.document
        doc_id = writer.document(doc, by_checksum.get(doc.checksum))
        doc_ids.append(doc_id)
        ids = {a.ref: writer.actor(a, doc_id, doc.path.name) for a in extraction.actors}
        for fact in extraction.facts:
            writer.fact(fact, ids[fact.start_ref], ids[fact.end_ref], doc_id, doc.path.name)
    # A candidate already reviewed keeps its status and what the review decided.
    existing = await store.get_nodes([i for i, n in writer.nodes.items() if n.label == "Candidate"])
    for old in existing:
        if old is not None and old.properties.get("status") != "pending":
            writer.nodes[old.id] = old
    edges = await _merged_with_known(store, writer.edges)
    batch = GraphBatch(tuple(writer.nodes.values()), tuple(edges))
    return IngestPlan(tuple(d.path.name for d in documents), tuple(doc_ids), writer.facts, writer.candidates, batch)
