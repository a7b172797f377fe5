"""Precision and recall of the extractor against hand-written annotations.

    python -m loaders.evaluate [--corpus DIR] [--samples DIR]

Builds a `Gazetteer` from the bundled data packages, extracts every annotated
document of the samples folder (samples/documents; annotations in its
`expected.json`) and of the corpus folder (by default ../shared/corpus beside
the checkout, when it exists), and prints precision and recall of actors and
of relationships, micro-averaged over all documents, then each document's
errors. The exit status is 1 when the annotations or a document cannot be
read, else 0: the figures are for people to judge (and for the tests to hold
to their targets).

An actor is compared by its known id, else by its name (case- and
accent-insensitively); a new Meeting as "meeting@<date>" and a new Population
as "population@<size>". Policy themes are compared through the ADDRESSES
relationships that reach them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_api.records import Node
from graph_api.resources import bundled_data_dir
from graph_api.text import normalize

from .document_errors import DocumentError
from .document_text import read_document
from .errors import DataFileError, LoaderError, Problem
from .extract import ExtractedActor, Extraction, Gazetteer, extract
from .package import package_files
from .yaml_source import read_yaml

__all__ = [
    "DocumentResult",
    "Evaluation",
    "Score",
    "default_corpus_dir",
    "default_samples_dir",
    "evaluate",
    "load_gazetteer",
    "main",
]

ANNOTATIONS = "expected.json"
_EVALUATED_LABELS = frozenset({"Institution", "Program", "CoordinationBody", "Meeting", "Population"})

Relationship = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Score:
    """Counts of matches; precision and recall are 1.0 when there is nothing to find or nothing found."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )

    def __str__(self) -> str:
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        return f"precision {self.precision:.3f} ({tp}/{tp + fp})   recall {self.recall:.3f} ({tp}/{tp + fn})"


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """How one document's extraction compares with its annotation."""

    name: str
    actors: Score
    relationships: Score
    missing_actors: tuple[str, ...] = ()
    unexpected_actors: tuple[str, ...] = ()
    missing_relationships: tuple[Relationship, ...] = ()
    unexpected_relationships: tuple[Relationship, ...] = ()
    refused: str | None = None  # the error, when the document was refused as its annotation expects
    error: str | None = None  # what went wrong, when the document did not behave as annotated

    @property
    def errors(self) -> list[str]:
        lines = [f"error: {self.error}"] if self.error else []
        lines += [f"missing actor: {a}" for a in self.missing_actors]
        lines += [f"unexpected actor: {a}" for a in self.unexpected_actors]
        lines += [f"missing relationship: {_show(r)}" for r in self.missing_relationships]
        lines += [f"unexpected relationship: {_show(r)}" for r in self.unexpected_relationships]
        return lines


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Every document's result and the micro-averaged scores."""

    documents: tuple[DocumentResult, ...]

    @property
    def actors(self) -> Score:
        return sum((d.actors for d in self.documents), Score())

    @property
    def relationships(self) -> Score:
        return sum((d.relationships for d in self.documents), Score())

    @property
    def failed(self) -> bool:
        return any(d.error and not d.refused for d in self.documents)

    def report(self) -> str:
        refused = sum(1 for d in self.documents if d.refused)
        lines = [
            f"documents: {len(self.documents)} ({refused} refused as annotated)",
            f"actors         {self.actors}",
            f"relationships  {self.relationships}",
        ]
        flawed = [d for d in self.documents if d.errors]
        lines.append("errors by document:" if flawed else "no errors")
        for document in flawed:
            lines.append(f"  {document.name}")
            lines.extend(f"    {line}" for line in document.errors)
        return "\n".join(lines)


def default_samples_dir() -> Path:
    """samples/documents in the source checkout (the samples are not part of the package)."""
    return Path(__file__).resolve().parents[1] / "samples" / "documents"


def default_corpus_dir() -> Path:
    """../shared/corpus beside the source checkout (it is not part of the package)."""
    return Path(__file__).resolve().parents[2] / "shared" / "corpus"


def load_gazetteer(paths: Iterable[Path] | None = None) -> Gazetteer:
    """A gazetteer of the nodes of the data packages at `paths` (default: the bundled data)."""
    nodes: list[Node] = []
    for path in package_files(paths or [bundled_data_dir()]):
        raw = read_yaml(path)
        for item in raw.get("nodes") or [] if isinstance(raw, Mapping) else []:
            if isinstance(item, Mapping) and isinstance(item.get("id"), str) and isinstance(item.get("label"), str):
                properties = {k: v for k, v in item.items() if k not in {"label", "sources"}}
                nodes.append(Node(item["id"], item["label"], properties))
    return Gazetteer.from_nodes(nodes)


def evaluate(samples: Path | None = None, corpus: Path | None = None, gazetteer: Gazetteer | None = None) -> Evaluation:
    """Extract every annotated document and compare; raises LoaderError when the annotations are unusable."""
    samples = samples or default_samples_dir()
    corpus = corpus or default_corpus_dir()
    gazetteer = gazetteer or load_gazetteer()
    annotations = _annotations(samples / ANNOTATIONS)
    results = []
    for name, expected in sorted(annotations.items()):
        folder = corpus if expected.get("source") == "corpus" else samples
        path = folder / name
        if folder is corpus and not path.exists():
            continue  # the corpus is optional; the samples are not
        results.append(_evaluate_document(path, expected, gazetteer))
    return Evaluation(tuple(results))


def _annotations(path: Path) -> dict[str, dict[str, Any]]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise DataFileError([Problem(path, getattr(err, "lineno", 0), f"cannot read the annotations: {err}")]) from err
    documents = raw.get("documents") if isinstance(raw, dict) else None
    if not isinstance(documents, dict) or not all(isinstance(v, dict) for v in documents.values()):
        raise DataFileError([Problem(path, 0, "annotations need 'documents': a mapping of file names to expectations")])
    return documents


def _evaluate_document(path: Path, expected: Mapping[str, Any], gazetteer: Gazetteer) -> DocumentResult:
    expected_actors = {_expected_key(a) for a in expected.get("actors", [])}
    expected_relationships = {
        (r["type"], _expected_key(r["from"]), _expected_key(r["to"])) for r in expected.get("relationships", [])
    }
    try:
        extraction = extract(read_document(path), gazetteer)
    except DocumentError as err:
        refusal = expected.get("refused")
        refused = refusal is not None and str(refusal) in str(err)
        return DocumentResult(
            path.name,
            Score(false_negatives=len(expected_actors)),
            Score(false_negatives=len(expected_relationships)),
            missing_actors=tuple(sorted(expected_actors)),
            missing_relationships=tuple(sorted(expected_relationships)),
            refused=str(err) if refused else None,
            error=None if refused else str(err),
        )
    if expected.get("refused"):
        return DocumentResult(path.name, Score(), Score(), error=f"expected a refusal: {expected['refused']}")
    found_actors = {_actor_key(a) for a in extraction.actors if a.label in _EVALUATED_LABELS}
    found_relationships = _relationships(extraction)
    return DocumentResult(
        path.name,
        _score(found_actors, expected_actors),
        _score(found_relationships, expected_relationships),
        missing_actors=tuple(sorted(expected_actors - found_actors)),
        unexpected_actors=tuple(sorted(found_actors - expected_actors)),
        missing_relationships=tuple(sorted(expected_relationships - found_relationships)),
        unexpected_relationships=tuple(sorted(found_relationships - expected_relationships)),
    )


def _score(found: set[Any], expected: set[Any]) -> Score:
    return Score(len(found & expected), len(found - expected), len(expected - found))


def _expected_key(value: str) -> str:
    """An annotation's reference: an id or meeting@/population@ as written, a name normalised."""
    if "@" in value or (value == value.lower() and " " not in value):
        return value
    return normalize(value)


def _actor_key(actor: ExtractedActor) -> str:
    if actor.known_id:
        return actor.known_id
    if actor.label == "Meeting":
        return f"meeting@{actor.properties.get('date')}"
    if actor.label == "Population":
        return f"population@{actor.properties.get('size')}"
    return normalize(actor.name)


def _relationships(extraction: Extraction) -> set[Relationship]:
    keys = {a.ref: _actor_key(a) for a in extraction.actors}
    return {(f.type, keys[f.start_ref], keys[f.end_ref]) for f in extraction.facts}


def _show(relationship: Relationship) -> str:
    kind, start, end = relationship
    return f"{start} -{kind}-> {end}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="folder of real documents (default: ../shared/corpus)")
    parser.add_argument("--samples", type=Path, help=f"folder of sample documents and their {ANNOTATIONS}")
    args = parser.parse_args(argv)
    try:
        evaluation = evaluate(args.samples, args.corpus)
    except LoaderError as err:
        print(err, file=sys.stderr)
        return 1
    print(evaluation.report())
    return 1 if evaluation.failed else 0


if __name__ == "__main__":
    sys.exit(main())
