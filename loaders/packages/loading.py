"""Data packages: YAML files of nodes and relationships, validated against the ontology.

A package file has the keys `package`, `description`, `nodes` and
`relationships`. A node is a mapping with `label`, `id`, its properties and
`sources` (ids of Document nodes); a relationship has `type`, `from`, `to`,
`sources` and its properties. Every problem found is reported with its file
and line, all at once, and nothing is written unless there are none.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_api.model.ontology import Ontology, PropertySpec
from graph_api.model.progress import Progress, no_progress
from graph_api.model.records import AuditEntry, Edge, GraphBatch, Node, WriteSummary
from graph_api.store.protocol import GraphStore
from loaders.errors import DataFileError, Problem, quoted
from loaders.vocabulary import vocabulary_batch
from loaders.yaml_source import LineMapping, read_yaml

__all__ = ["LoadPlan", "LoadReport", "build_batch", "load_paths", "package_files", "plan_load"]

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOP_KEYS = frozenset({"package", "description", "nodes", "relationships"})
_PROVENANCE_LABEL = "Document"
_MENTIONED_IN = "MENTIONED_IN"


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load read and what it changed."""

    files: tuple[Path, ...]
    nodes: int
    edges: int
    summary: WriteSummary

    def __str__(self) -> str:
        s = self.summary
        return (
            f"loaded {len(self.files)} file(s): {self.nodes} nodes "
            f"({s.nodes_created} new, {s.nodes_updated} changed), {self.edges} relationships "
            f"({s.edges_created} new, {s.edges_updated} changed)"
        )


@dataclass(frozen=True, slots=True)
class LoadPlan:
    """What a load would write, validated: the files read and the batch."""

    files: tuple[Path, ...]
    batch: GraphBatch

    def __str__(self) -> str:
        return f"read {len(self.files)} file(s): no problems found"


@dataclass(frozen=True, slots=True)
class _Entry:
    path: Path
    line: int
    data: Mapping[str, Any]


def package_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named, with folders expanded to the YAML files under them, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise DataFileError([Problem(path, 0, "no such file or folder")])
    return files


def _entries(path: Path, raw: Any, problems: list[Problem]) -> tuple[list[_Entry], list[_Entry]]:
    if not isinstance(raw, LineMapping):
        problems.append(Problem(path, 1, "a data package is a mapping with 'nodes' and 'relationships'"))
        return [], []
    for key in raw.keys() - _TOP_KEYS:
        problems.append(
            Problem(path, raw.line, f"unknown top-level key {quoted(key)} (allowed: {', '.join(sorted(_TOP_KEYS))})")
        )
    found: dict[str, list[_Entry]] = {"nodes": [], "relationships": []}
    for key, entries in found.items():
        items = raw.get(key) or []
        if not isinstance(items, list):
            problems.append(Problem(path, raw.line, f"'{key}' must be a list"))
            continue
        for item in items:
            if isinstance(item, LineMapping):
                entries.append(_Entry(path, item.line, item))
            else:
                problems.append(Problem(path, raw.line, f"an item of '{key}' is not a mapping: {quoted(item)}"))
    return found["nodes"], found["relationships"]


def _properties(
    entry: _Entry,
    specs: Mapping[str, PropertySpec],
    reserved: frozenset[str],
    owner: str,
    ontology: Ontology,
    problems: list[Problem],
) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for key, value in entry.data.items():
        if key in reserved:
            continue
        spec = specs.get(key)
        if spec is None:
            allowed = ", ".join(sorted(specs.keys() | reserved))
            problems.append(
                Problem(entry.path, entry.line, f"unknown property {quoted(key)} for {owner} (allowed: {allowed})")
            )
            continue
        try:
            props[key] = spec.coerce(value, ontology)
        except ValueError as err:
            problems.append(Problem(entry.path, entry.line, f"property {quoted(key)} of {owner}: {err}"))
    for spec in specs.values():
        if spec.required and spec.name not in entry.data and spec.name not in reserved:
            problems.append(Problem(entry.path, entry.line, f"{owner} lacks the required property {spec.name!r}"))
    return props


def _source_ids(entry: _Entry, problems: list[Problem], *, required: bool) -> list[str]:
    sources = entry.data.get("sources")
    if sources is None:
        if required:
            problems.append(
                Problem(entry.path, entry.line, "every fact needs 'sources': the ids of the documents that state it")
            )
        return []
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) for s in sources):
        problems.append(Problem(entry.path, entry.line, "'sources' must be a non-empty list of document ids"))
        return []
    return list(sources)


def build_batch(
    ontology: Ontology,
    node_entries: Sequence[_Entry],
    rel_entries: Sequence[_Entry],
    existing: Mapping[str, str],
    problems: list[Problem],
) -> GraphBatch:
    """Validate entries and turn them into one batch; append every problem found.

    `existing` maps ids already in the store (and referenced here) to their labels.
    """
    vocab = vocabulary_batch(ontology)
    labels: dict[str, str] = {n.id: n.label for n in vocab.nodes}
    nodes: list[Node] = []
    node_sources: list[tuple[_Entry, str, list[str]]] = []
    seen: dict[str, _Entry] = {}
    for entry in node_entries:
        label, node_id = entry.data.get("label"), entry.data.get("id")
        if not isinstance(label, str) or label not in ontology.labels:
            problems.append(
                Problem(entry.path, entry.line, f"unknown label {quoted(label)} (known: {', '.join(ontology.labels)})")
            )
            continue
        spec = ontology.labels[label]
        if not isinstance(node_id, str) or not _ID.match(node_id):
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"id {quoted(node_id)} must be a slug of lower-case letters, digits and hyphens",
                )
            )
            continue
        if spec.vocabulary is not None:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"{label} nodes come from schema/vocabularies/{spec.vocabulary}.yaml; refer to their ids instead",
                )
            )
            continue
        if node_id in seen or node_id in labels:
            first = seen.get(node_id)
            where = f" (first at {first.path}:{first.line})" if first else " (a vocabulary term)"
            problems.append(Problem(entry.path, entry.line, f"duplicate id {quoted(node_id)}{where}"))
            continue
        if node_id in existing and existing[node_id] != label:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"id {quoted(node_id)} is already a {existing[node_id]} in the store, not a {label}",
                )
            )
            continue
        seen[node_id] = entry
        labels[node_id] = label
        props = _properties(
            entry, spec.properties, frozenset({"label", "sources"}), f"{label} {quoted(node_id)}", ontology, problems
        )
        props["id"] = node_id
        nodes.append(Node(node_id, label, props))
        node_sources.append((entry, node_id, _source_ids(entry, problems, required=label != _PROVENANCE_LABEL)))

    def label_of(node_id: str) -> str | None:
        return labels.get(node_id) or existing.get(node_id)

    def check_documents(entry: _Entry, sources: list[str]) -> None:
        for source in sources:
            if label_of(source) != _PROVENANCE_LABEL:
                what = "unknown id" if label_of(source) is None else f"a {label_of(source)}, not a Document"
                problems.append(Problem(entry.path, entry.line, f"source {quoted(source)} is {what}"))

    edges: list[Edge] = []
    for entry, node_id, sources in node_sources:
        check_documents(entry, sources)
        edges.extend(Edge(_MENTIONED_IN, node_id, s, {"sources": [s]}) for s in sources)

    seen_edges: dict[tuple[str, str, str], _Entry] = {}
    for entry in rel_entries:
        rel_type, start, end = entry.data.get("type"), entry.data.get("from"), entry.data.get("to")
        if not isinstance(rel_type, str) or rel_type not in ontology.relationships:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"unknown relationship type {quoted(rel_type)} (known: {', '.join(ontology.relationships)})",
                )
            )
            continue
        rel = ontology.relationships[rel_type]
        ok = True
        for role, ref, allowed in (("from", start, rel.from_labels), ("to", end, rel.to_labels)):
            ref_label = label_of(ref) if isinstance(ref, str) else None
            if ref_label is None:
                problems.append(
                    Problem(
                        entry.path,
                        entry.line,
                        f"{rel_type} '{role}' refers to {quoted(ref)}, which is neither in the package"
                        " nor in the store",
                    )
                )
                ok = False
            elif ref_label not in allowed:
                problems.append(
                    Problem(
                        entry.path,
                        entry.line,
                        f"{rel_type} cannot go {role} a {ref_label} ({quoted(ref)}); "
                        f"allowed: {', '.join(sorted(allowed))}",
                    )
                )
                ok = False
        props = _properties(entry, rel.properties, frozenset({"type", "from", "to"}), rel_type, ontology, problems)
        check_documents(entry, props.get("sources", []))
        for prop in rel.properties.values():
            for ref in props.get(prop.name, []) if prop.references else []:
                if label_of(ref) != prop.references:
                    problems.append(
                        Problem(
                            entry.path, entry.line, f"{rel_type} {prop.name}: {quoted(ref)} is not a {prop.references}"
                        )
                    )
        if not ok or not isinstance(start, str) or not isinstance(end, str):
            continue
        key = (start, rel_type, end)
        if key in seen_edges:
            first = seen_edges[key]
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"duplicate relationship {start} -{rel_type}-> {end} (first at {first.path}:{first.line})",
                )
            )
            continue
        seen_edges[key] = entry
        edges.append(Edge(rel_type, start, end, props))
    return GraphBatch(vocab.nodes + tuple(nodes), vocab.edges + tuple(edges))


def _references(
    node_entries: Sequence[_Entry], rel_entries: Sequence[_Entry], reference_properties: frozenset[str]
) -> set[str]:
    refs: set[str] = set()
    for entry in node_entries:
        refs.update(s for s in entry.data.get("sources") or [] if isinstance(s, str))
        if isinstance(entry.data.get("id"), str):
            refs.add(entry.data["id"])
    for entry in rel_entries:
        for key in ("from", "to"):
            if isinstance(entry.data.get(key), str):
                refs.add(entry.data[key])
        for key in ("sources", *reference_properties):
            values = entry.data.get(key)
            if isinstance(values, list):
                refs.update(s for s in values if isinstance(s, str))
    return refs


async def plan_load(
    store: GraphStore, paths: Iterable[Path], ontology: Ontology, *, progress: Progress = no_progress
) -> LoadPlan:
    """Read and validate the packages at `paths` against the ontology and what `store` holds, writing nothing:
    the batch `load_paths` writes.

    Raises DataFileError listing every problem.
    """
    paths = list(paths)
    files = package_files(paths)
    if not files:
        raise DataFileError([Problem(Path(p), 0, "no .yaml data package found") for p in paths])
    problems: list[Problem] = []
    node_entries: list[_Entry] = []
    rel_entries: list[_Entry] = []
    progress("reading data packages", 0, len(files))
    for done, path in enumerate(files, 1):
        try:
            nodes, rels = _entries(path, read_yaml(path), problems)
        except DataFileError as err:
            problems.extend(err.problems)
            continue
        finally:
            progress("reading data packages", done, len(files))
        node_entries.extend(nodes)
        rel_entries.extend(rels)
    reference_properties = frozenset(
        spec.name for rel in ontology.relationships.values() for spec in rel.properties.values() if spec.references
    )
    refs = sorted(_references(node_entries, rel_entries, reference_properties))
    existing = {node.id: node.label for node in await store.get_nodes(refs) if node is not None}
    batch = build_batch(ontology, node_entries, rel_entries, existing, problems)
    if problems:
        raise DataFileError(problems)
    return LoadPlan(tuple(files), batch)


async def load_paths(
    store: GraphStore,
    paths: Iterable[Path],
    ontology: Ontology,
    *,
    audit: AuditEntry | None = None,
    progress: Progress = no_progress,
) -> LoadReport:
    """Validate the packages at `paths` (see `plan_load`) and write them to `store` (and `audit`) in one
    transaction.

    Raises DataFileError listing every problem; then the store is unchanged.
    """
    plan = await plan_load(store, paths, ontology, progress=progress)
    batch = plan.batch if audit is None else dataclasses.replace(plan.batch, audit=(audit,))
    progress("writing", 0, 1)
    summary = await store.write(batch)
    progress("writing", 1, 1)
    return LoadReport(plan.files, len(batch.nodes), len(batch.edges), summary)
