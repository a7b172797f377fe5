"""Running an evaluation: the annotated documents found, read, extracted with a gazetteer, and compared."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from graph_api.model.ontology import load_ontology
from graph_api.model.records import Node
from graph_api.model.resources import bundled_data_dir
from loaders.evaluate.annotations import ANNOTATIONS, EVALUATED_LABELS, expected_key, read_annotations
from loaders.evaluate.matching import (
    assign,
    country_of,
    cross_country_merges,
    declared_country,
    relationship_keys,
    relationship_score,
)
from loaders.evaluate.report import DocumentResult, Evaluation, Score
from loaders.packages.loading import package_files
from loaders.packages.reference import load_reference
from loaders.press import Gazetteer, extract
from loaders.press.documents import SourceDocument, read_document
from loaders.press.errors import DocumentError
from loaders.yaml_source import read_yaml

__all__ = ["default_corpus_dir", "default_samples_dir", "evaluate", "evaluate_document", "load_gazetteer"]


def default_samples_dir() -> Path:
    """samples/documents in the source checkout (the samples are not part of the package)."""
    return Path(__file__).resolve().parents[2] / "samples" / "documents"


def default_corpus_dir() -> Path:
    """../shared/corpus beside the source checkout (it is not part of the package)."""
    return Path(__file__).resolve().parents[3] / "shared" / "corpus"


def load_gazetteer(paths: Iterable[Path] | None = None, *, reference: bool = False) -> Gazetteer:
    """A gazetteer of the nodes of the data packages at `paths` (default: the bundled data).

    With `reference`, the reference gazetteer's entries (loaders.packages.reference) are known too, as on ingest.
    """
    nodes: list[Node] = []
    for path in package_files(paths or [bundled_data_dir()]):
        raw = read_yaml(path)
        for item in raw.get("nodes") or [] if isinstance(raw, Mapping) else []:
            if isinstance(item, Mapping) and isinstance(item.get("id"), str) and isinstance(item.get("label"), str):
                properties = {k: v for k, v in item.items() if k not in {"label", "sources"}}
                nodes.append(Node(item["id"], item["label"], properties))
    return Gazetteer.from_nodes(nodes, load_reference() if reference else ())


def evaluate(samples: Path | None = None, corpus: Path | None = None, gazetteer: Gazetteer | None = None) -> Evaluation:
    """Extract every annotated document and compare; raises LoaderError when the annotations are unusable.

    With a `corpus` folder holding its own expected.json, its documents only;
    else the samples' (default samples/documents) and, from `corpus` (default
    ../shared/corpus), the documents the samples' annotations mark as the
    corpus's. `gazetteer` (default: the bundled data's and the reference
    gazetteer's, as on ingest) is what the extractor resolves names against;
    ids in the annotations are always the bundled data's.
    """
    bundled = load_gazetteer()
    gazetteer = gazetteer or load_gazetteer(reference=True)
    ontology = load_ontology()
    plan: list[tuple[str, Path, Mapping[str, Any]]] = []
    if corpus is not None and (corpus / ANNOTATIONS).is_file():
        for name, expected in read_annotations(corpus / ANNOTATIONS, ontology, bundled).items():
            plan.append((name, corpus / name, expected))
    else:
        samples = samples if samples is not None else default_samples_dir()
        corpus = corpus if corpus is not None else default_corpus_dir()
        for name, expected in read_annotations(samples / ANNOTATIONS, ontology, bundled).items():
            if expected.get("source") != "corpus":
                plan.append((name, samples / name, expected))
            elif (corpus / name).is_file():  # the corpus is optional; the samples are not
                plan.append((name, corpus / name, expected))
    results = [evaluate_document(name, path, expected, gazetteer, bundled) for name, path, expected in plan]
    return Evaluation(tuple(sorted(results, key=lambda r: r.name)))


def evaluate_document(
    name: str, path: Path, expected: Mapping[str, Any], gazetteer: Gazetteer, bundled: Gazetteer
) -> DocumentResult:
    annotated = list(dict.fromkeys(expected.get("actors", [])))
    expected_actors = {expected_key(a) for a in annotated}
    expected_relationships = {
        (r["type"], expected_key(r["from"]), expected_key(r["to"])) for r in expected.get("relationships", [])
    }
    doc: SourceDocument | None = None
    try:
        if not path.is_file():
            raise DocumentError(path, f"no such document in {path.parent}")
        doc = read_document(path)
        extraction = extract(doc, gazetteer)
    except DocumentError as err:
        refusal = expected.get("refused")
        refused = refusal is not None and str(refusal) in str(err)
        return DocumentResult(
            name,
            Score(false_negatives=len(expected_actors)),
            Score(false_negatives=len(expected_relationships)),
            missing_actors=tuple(sorted(expected_actors)),
            missing_relationships=tuple(sorted(expected_relationships)),
            refused=str(err) if refused else None,
            error=None if refused else str(err),
            country=country_of(None, doc),
            path=path,
        )
    country = country_of(extraction, doc)
    if expected.get("refused"):
        error = f"expected a refusal: {expected['refused']}"
        return DocumentResult(name, Score(), Score(), error=error, country=country, path=path)
    assigned = assign(annotated, extraction, gazetteer, bundled)
    evaluated = [a for a in extraction.actors if a.label in EVALUATED_LABELS]
    keys = relationship_keys(extraction.actors, assigned)
    found_relationships = {(f.type, keys[f.start_ref], keys[f.end_ref]) for f in extraction.facts}
    matched = set(assigned.values())
    unexpected = [keys[a.ref] for a in evaluated if a.ref not in assigned]
    return DocumentResult(
        name,
        Score(len(assigned), len(unexpected), len(expected_actors - matched)),
        relationship_score(found_relationships, expected_relationships),
        missing_actors=tuple(sorted(expected_actors - matched)),
        unexpected_actors=tuple(sorted(unexpected)),
        missing_relationships=tuple(sorted(expected_relationships - found_relationships)),
        unexpected_relationships=tuple(sorted(found_relationships - expected_relationships)),
        country=country,
        path=path,
        cross_country=cross_country_merges(extraction, gazetteer, declared_country(doc) or country),
    )
