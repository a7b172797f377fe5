"""Precision and recall of the extractor against hand-written annotations.

    python -m loaders.evaluate [--corpus DIR] [--samples DIR]

Builds a `Gazetteer` from the bundled data packages and extracts every
annotated document. With `--corpus DIR` holding its own `expected.json`, the
documents are exactly those it annotates, read from DIR (one annotated but
absent is an error, its expectations all missed). Otherwise they are those of
the samples folder (samples/documents, annotated in its `expected.json`) and
those it marks `"source": "corpus"`, read from the corpus folder (by default
../shared/corpus beside the checkout; skipped when absent there).

It prints precision and recall of actors and of relationships, micro-averaged
over all documents, then a markdown table of each document's figures, then
each document's errors. The exit status is 1 when the annotations are wrong
or a document cannot be read or extracted (unless its annotation expects that
refusal), else 0: the figures are for people to judge (and for the tests to
hold to their targets).

The annotations are checked against the ontology first: relationship types,
the labels each end may have, vocabulary terms (policy themes), ids of the
bundled data, `meeting@<ISO date>` and `population@<size>` keys, and ends
that are not among the document's actors. Any problem stops the evaluation
(`DataFileError`, naming expected.json, the line of the document, and the
document).

Matching is strict: no fuzzy matching, no substring matching. Names are
compared after `graph_api.model.text.normalize` (case and accents folded,
punctuation made spaces), and nothing else is loosened, except that a name
the gazetteer gives an actor outside the bundled data counts as it counts
there (see 3). An annotation

1. written as an id (an actor of the bundled data, "pe-mre") matches only the
   extracted actor with that `known_id`;
2. written `meeting@<date>` or `population@<size>` matches only a new Meeting
   or Population with that date or size;
3. written as a name matches an extracted actor whose `name`, or one of whose
   `written` names (the names the text gives it), is that name; or, only for
   an actor outside the bundled data (a candidate, or an entry of a reference
   list of organisations whose id is not one of the bundled data's), one of
   its `aliases` or its `acronym` (or a name the gazetteer knows it by). A reference entry of a country matches by
   those only in a document of that same country (`Extraction.country`, else
   the document's front matter), so that a generic alias ("Cancillería")
   never makes another country's namesake count.

Each annotation matches at most one extracted actor and each actor at most
one annotation: the pairs are taken greedily, ids and exact names first, then
`written` names, then aliases, each in the order of the annotations and of
the extraction. Relationships are compared after each extracted actor is
given the annotation it was assigned; an unassigned actor keeps its own key
(its known id, its meeting@/population@ key, or its name normalised; with its
ref added should that collide with another actor's). Policy themes are
compared by id, through the relationships that reach them.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import re
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_api.model.ontology import Ontology, load_ontology
from graph_api.model.records import Node
from graph_api.model.resources import bundled_data_dir
from graph_api.model.text import normalize
from loaders.errors import DataFileError, LoaderError, Problem, quoted
from loaders.packages.loading import package_files
from loaders.packages.reference import load_reference
from loaders.press import ExtractedActor, Extraction, Gazetteer, extract
from loaders.press.country import COUNTRIES, NATIONALITIES
from loaders.press.documents import SourceDocument, read_document
from loaders.press.errors import DocumentError
from loaders.yaml_source import read_yaml

__all__ = [
    "DocumentResult",
    "Evaluation",
    "Score",
    "assign",
    "default_corpus_dir",
    "default_samples_dir",
    "evaluate",
    "load_gazetteer",
    "main",
]

ANNOTATIONS = "expected.json"
_EVALUATED_LABELS = frozenset({"Institution", "Program", "CoordinationBody", "Meeting", "Population"})
_MEETING, _POPULATION = "meeting@", "population@"
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})-(\d{2})")
_SIZE = re.compile(r"[1-9][0-9]*")
# How an annotated name was matched, best first.
_BY_NAME, _BY_WRITTEN, _BY_ALIAS = 0, 1, 2

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

    def cells(self) -> tuple[str, str]:
        """Precision and recall for a table: "0.83 (5/6)"."""
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        return f"{self.precision:.2f} ({tp}/{tp + fp})", f"{self.recall:.2f} ({tp}/{tp + fn})"


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
    country: str | None = None  # the country the document is about, as the matching took it
    path: Path | None = None  # the document read
    # Known actors of another country than the document's that no name the text gives them says so: merges of a
    # mention into another country's namesake (the worst error the extractor can make).
    cross_country: tuple[str, ...] = ()

    @property
    def errors(self) -> list[str]:
        lines = [f"error: {self.error}"] if self.error else []
        lines += [f"missing actor: {a}" for a in self.missing_actors]
        lines += [f"unexpected actor: {a}" for a in self.unexpected_actors]
        lines += [f"missing relationship: {_show(r)}" for r in self.missing_relationships]
        lines += [f"unexpected relationship: {_show(r)}" for r in self.unexpected_relationships]
        lines += [f"cross-country merge: {ref}" for ref in self.cross_country]
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

    def table(self) -> str:
        """Each document's figures, and all documents', as a markdown table."""
        lines = [
            "| document | country | actors P | actors R | relationships P | relationships R |",
            "|---|---|---|---|---|---|",
        ]
        rows = [(d.name.replace("|", "\\|"), d.country or "—", d.actors, d.relationships) for d in self.documents]
        for name, country, actors, relationships in [*rows, ("all", "", self.actors, self.relationships)]:
            lines.append(f"| {name} | {country} | {' | '.join([*actors.cells(), *relationships.cells()])} |")
        return "\n".join(lines)

    def report(self) -> str:
        refused = sum(1 for d in self.documents if d.refused)
        lines = [
            f"documents: {len(self.documents)} ({refused} refused as annotated)",
            f"actors         {self.actors}",
            f"relationships  {self.relationships}",
            f"cross-country merges: {sum(len(d.cross_country) for d in self.documents)}",
            "",
            self.table(),
            "",
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
        for name, expected in _annotations(corpus / ANNOTATIONS, ontology, bundled).items():
            plan.append((name, corpus / name, expected))
    else:
        samples = samples if samples is not None else default_samples_dir()
        corpus = corpus if corpus is not None else default_corpus_dir()
        for name, expected in _annotations(samples / ANNOTATIONS, ontology, bundled).items():
            if expected.get("source") != "corpus":
                plan.append((name, samples / name, expected))
            elif (corpus / name).is_file():  # the corpus is optional; the samples are not
                plan.append((name, corpus / name, expected))
    results = [_evaluate_document(name, path, expected, gazetteer, bundled) for name, path, expected in plan]
    return Evaluation(tuple(sorted(results, key=lambda r: r.name)))


# ---------------------------------------------------------------------- annotations


def _annotations(path: Path, ontology: Ontology, bundled: Gazetteer) -> dict[str, dict[str, Any]]:
    """The documents' expectations in `path`, checked against the ontology and the bundled data."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataFileError([Problem(path, getattr(err, "lineno", 0), f"cannot read the annotations: {err}")]) from err
    documents = raw.get("documents") if isinstance(raw, dict) else None
    if not isinstance(documents, dict) or not all(isinstance(v, dict) for v in documents.values()):
        raise DataFileError([Problem(path, 0, "annotations need 'documents': a mapping of file names to expectations")])
    problems = [
        Problem(path, _line_of(text, name), f"document {quoted(name)}: {message}")
        for name, expected in documents.items()
        for message in _check(name, expected, ontology, bundled)
    ]
    if problems:
        raise DataFileError(problems)
    return documents


def _line_of(text: str, name: str) -> int:
    """The line of the JSON key `name` (a document's), else 0."""
    for spelling in {json.dumps(name), json.dumps(name, ensure_ascii=False)}:
        found = re.search(re.escape(spelling) + r"\s*:", text)
        if found:
            return text.count("\n", 0, found.start()) + 1
    return 0


def _check(name: str, expected: Mapping[str, Any], ontology: Ontology, bundled: Gazetteer) -> list[str]:
    """What is wrong with one document's expectations."""
    problems: list[str] = []
    if not name or Path(name).is_absolute() or ".." in Path(name).parts:
        problems.append("the key must be a file name inside the folder")
    for field in ("note", "source", "refused"):
        if expected.get(field) is not None and not isinstance(expected[field], str):
            problems.append(f"{field!r} must be a string")
    actors = expected.get("actors", [])
    if not isinstance(actors, list) or not all(isinstance(a, str) and a.strip() for a in actors):
        return [*problems, "'actors' must be a list of names, ids, meeting@<date> or population@<size>"]
    relationships = expected.get("relationships", [])
    fields = ("type", "from", "to")
    if not isinstance(relationships, list) or not all(
        isinstance(r, dict) and all(isinstance(r.get(f), str) and r[f].strip() for f in fields) for r in relationships
    ):
        return [*problems, "'relationships' must be a list of {type, from, to} strings"]
    for actor in actors:
        labels, problem = _labels_of(actor, ontology, bundled)
        if problem:
            problems.append(problem)
        elif labels is not None and not labels & _EVALUATED_LABELS:
            problems.append(f"actor {quoted(actor)} is a {'/'.join(sorted(labels))}, not an actor")
    listed = {_expected_key(a) for a in actors}
    for r in relationships:
        spec = ontology.relationships.get(r["type"])
        if spec is None:
            problems.append(f"unknown relationship type {quoted(r['type'])} in {_show_raw(r)}")
            continue
        for end, allowed in (("from", spec.from_labels), ("to", spec.to_labels)):
            problem = _check_end(r, end, allowed, listed, ontology, bundled)
            if problem:
                problems.append(problem)
    return problems


def _check_end(
    r: Mapping[str, str],
    end: str,
    allowed: frozenset[str],
    listed: set[str],
    ontology: Ontology,
    bundled: Gazetteer,
) -> str | None:
    value = r[end]
    vocabularies = sorted(v for v in (ontology.labels[label].vocabulary for label in allowed) if v)
    only_terms = bool(vocabularies) and all(ontology.labels[label].vocabulary for label in allowed)
    labels, problem = _labels_of(value, ontology, bundled)
    if only_terms and (labels is None or not labels & allowed):
        return f"{quoted(value)} is not a term of {' or '.join(vocabularies)} in {_show_raw(r)}"
    if problem:
        return f"{problem} in {_show_raw(r)}"
    if labels is not None and not labels & allowed:
        shown = "/".join(sorted(labels))
        return f"{r['type']} cannot go {end} {quoted(value)} (a {shown}), only {end} {'/'.join(sorted(allowed))}"
    if _is_id(value):
        return None  # an id of the bundled data or a term needs no listing among the actors
    if _expected_key(value) not in listed:
        return f"{quoted(value)} is not among the document's actors, in {_show_raw(r)}"
    return None


def _labels_of(value: str, ontology: Ontology, bundled: Gazetteer) -> tuple[frozenset[str] | None, str | None]:
    """The labels an annotated value can have (None for a name: any actor's), or the problem with it."""
    if value.startswith(_MEETING):
        ok = _valid_date(value.removeprefix(_MEETING))
        return frozenset({"Meeting"}), None if ok else f"malformed {quoted(value)}: meeting@<ISO 8601 date>"
    if value.startswith(_POPULATION):
        ok = _SIZE.fullmatch(value.removeprefix(_POPULATION)) is not None
        return frozenset({"Population"}), None if ok else f"malformed {quoted(value)}: population@<whole number>"
    if "@" in value:
        return None, f"malformed {quoted(value)}: only meeting@<date> and population@<size> take an '@'"
    if not _is_id(value):
        return None, None
    known = bundled.get(value)
    if known is not None:
        return frozenset({known.label}), None
    terms = frozenset(
        label
        for label, spec in ontology.labels.items()
        if spec.vocabulary and value in ontology.vocabularies[spec.vocabulary].term_ids
    )
    if terms:
        return terms, None
    return None, f"{quoted(value)} is neither an id of the bundled data nor a vocabulary term (write names in full)"


def _valid_date(text: str) -> bool:
    match = _DATE.fullmatch(text)
    if match is None:
        return False
    year, month, day, bare_month, bare_day = match.groups()
    try:
        if bare_month:
            datetime.date(2000, int(bare_month), int(bare_day))  # a leap year: "--02-29" is a day
        else:
            datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def _is_id(value: str) -> bool:
    return "@" not in value and value == value.lower() and " " not in value


def _expected_key(value: str) -> str:
    """An annotation's reference: an id or meeting@/population@ as written, a name normalised."""
    return value if "@" in value or _is_id(value) else normalize(value)


def _show_raw(r: Mapping[str, str]) -> str:
    return f"{r['from']} -{r['type']}-> {r['to']}"


# ---------------------------------------------------------------------- matching


def _evaluate_document(
    name: str, path: Path, expected: Mapping[str, Any], gazetteer: Gazetteer, bundled: Gazetteer
) -> DocumentResult:
    annotated = list(dict.fromkeys(expected.get("actors", [])))
    expected_actors = {_expected_key(a) for a in annotated}
    expected_relationships = {
        (r["type"], _expected_key(r["from"]), _expected_key(r["to"])) for r in expected.get("relationships", [])
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
            country=_country(None, doc),
            path=path,
        )
    country = _country(extraction, doc)
    if expected.get("refused"):
        error = f"expected a refusal: {expected['refused']}"
        return DocumentResult(name, Score(), Score(), error=error, country=country, path=path)
    assigned = assign(annotated, extraction, gazetteer, bundled)
    evaluated = [a for a in extraction.actors if a.label in _EVALUATED_LABELS]
    keys = _keys(extraction.actors, assigned)
    found_relationships = {(f.type, keys[f.start_ref], keys[f.end_ref]) for f in extraction.facts}
    matched = set(assigned.values())
    unexpected = [keys[a.ref] for a in evaluated if a.ref not in assigned]
    return DocumentResult(
        name,
        Score(len(assigned), len(unexpected), len(expected_actors - matched)),
        _score(found_relationships, expected_relationships),
        missing_actors=tuple(sorted(expected_actors - matched)),
        unexpected_actors=tuple(sorted(unexpected)),
        missing_relationships=tuple(sorted(expected_relationships - found_relationships)),
        unexpected_relationships=tuple(sorted(found_relationships - expected_relationships)),
        country=country,
        path=path,
        cross_country=cross_country_merges(extraction, gazetteer, _declared(doc) or country),
    )


def _country_words(code: str) -> list[str]:
    """The words Spanish texts name a country with: its names and demonyms (schema/lexicon/es/places.yaml)."""
    return [name for name, c in (*COUNTRIES.items(), *NATIONALITIES.items()) if c == code]


def cross_country_merges(extraction: Extraction, gazetteer: Gazetteer, country: str | None) -> tuple[str, ...]:
    """The known actors of another country than `country` that the text does not name with their country."""
    found = []
    for actor in extraction.actors:
        known = gazetteer.get(actor.known_id) if actor.known_id else None
        if known is None or not known.country or not country or known.country == country:
            continue
        written = {word for name in actor.written for word in normalize(name).split()}
        names = {normalize(n) for n in _country_words(known.country)}
        if not any(set(n.split()) <= written for n in names):
            found.append(actor.known_id or actor.ref)
    return tuple(sorted(found))


def assign(
    annotated: Sequence[str], extraction: Extraction, gazetteer: Gazetteer, bundled: Gazetteer
) -> dict[str, str]:
    """Which annotation each extracted actor matches (its ref → the annotation's key), one to one.

    `gazetteer` is the one the extraction was made with, `bundled` the
    bundled data's; the rules are in the module's docstring.
    """
    country = _country(extraction, extraction.document)
    actors = [a for a in extraction.actors if a.label in _EVALUATED_LABELS]
    pairs: list[tuple[int, int, int]] = []  # (how, annotation, actor)
    for i, annotation in enumerate(annotated):
        for j, actor in enumerate(actors):
            how = _how(annotation, actor, country, gazetteer, bundled)
            if how is not None:
                pairs.append((how, i, j))
    assigned: dict[str, str] = {}
    taken: set[str] = set()
    for _, i, j in sorted(pairs):
        key, ref = _expected_key(annotated[i]), actors[j].ref
        if key not in taken and ref not in assigned:
            assigned[ref] = key
            taken.add(key)
    return assigned


def _how(
    annotation: str, actor: ExtractedActor, country: str | None, gazetteer: Gazetteer, bundled: Gazetteer
) -> int | None:
    """How `annotation` matches `actor` (_BY_NAME, _BY_WRITTEN, _BY_ALIAS), or None."""
    if _is_id(annotation):
        return _BY_NAME if actor.known_id == annotation else None
    if "@" in annotation:
        return _BY_NAME if actor.known_id is None and _own_key(actor) == annotation else None
    name = normalize(annotation)
    if normalize(actor.name) == name:
        return _BY_NAME
    if any(normalize(w) == name for w in actor.written):
        return _BY_WRITTEN
    if actor.known_id is not None and bundled.get(actor.known_id) is not None:
        return None  # the bundled data's actors (however resolved) are annotated by id, not by their aliases
    props = actor.properties
    known = gazetteer.get(actor.known_id) if actor.known_id else None
    home = props.get("country") or (known.country if known else None)
    is_reference = actor.reference or (known is not None and not actor.candidate)
    if is_reference and isinstance(home, str) and home.upper() != (country or "").upper():
        return None  # another country's namesake: through its name or its written names only
    aliases = props.get("aliases")
    names = [*(aliases if isinstance(aliases, list) else []), props.get("acronym")]
    if any(isinstance(n, str) and normalize(n) == name for n in names):
        return _BY_ALIAS
    if known is not None and gazetteer.lookup(annotation) == known:
        return _BY_ALIAS
    return None


def _declared(doc: SourceDocument | None) -> str | None:
    """The country the document's front matter declares, if any: what merges are judged against when given."""
    country = doc.metadata.get("country") if doc else None
    return country.strip().upper() if country else None


def _country(extraction: Extraction | None, doc: SourceDocument | None) -> str | None:
    """The country the document is about: the extractor's finding, else its front matter's."""
    country = (extraction.country if extraction else None) or (doc.metadata.get("country") if doc else None)
    return country.upper() if country else None


def _keys(actors: Sequence[ExtractedActor], assigned: Mapping[str, str]) -> dict[str, str]:
    """Each actor's key for the relationships: its annotation's, else its own (with its ref if that is taken)."""
    own = {a.ref: _own_key(a) for a in actors if a.ref not in assigned}
    counts: dict[str, int] = {}
    for key in [*own.values(), *assigned.values()]:
        counts[key] = counts.get(key, 0) + 1
    keys = {ref: key if counts[key] == 1 else f"{key} ({ref})" for ref, key in own.items()}
    return {**keys, **assigned}


def _own_key(actor: ExtractedActor) -> str:
    if actor.known_id:
        return actor.known_id
    if actor.label == "Meeting":
        return f"{_MEETING}{actor.properties.get('date')}"
    if actor.label == "Population":
        return f"{_POPULATION}{actor.properties.get('size')}"
    return normalize(actor.name)


def _score(found: set[Any], expected: set[Any]) -> Score:
    return Score(len(found & expected), len(found - expected), len(expected - found))


def _show(relationship: Relationship) -> str:
    kind, start, end = relationship
    return f"{start} -{kind}-> {end}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        help=f"folder of documents: with its own {ANNOTATIONS}, exactly the documents it annotates; "
        "else where the samples' corpus documents are (default: ../shared/corpus)",
    )
    parser.add_argument("--samples", type=Path, help=f"folder of sample documents and their {ANNOTATIONS}")
    parser.add_argument(
        "--ingest",
        action="store_true",
        help="also ingest each document, with the default settings, into an empty embedded store of its own and "
        "say how many facts are written and how many candidates wait for review",
    )
    args = parser.parse_args(argv)
    for option, folder in (("--corpus", args.corpus), ("--samples", args.samples)):
        if folder is not None and not folder.is_dir():
            print(f"{option}: no such folder: {folder}", file=sys.stderr)
            return 1
    try:
        evaluation = evaluate(args.samples, args.corpus)
    except LoaderError as err:
        print(err, file=sys.stderr)
        return 1
    print(evaluation.report())
    if args.ingest:
        print()
        print(asyncio.run(_ingest_report(evaluation)))
    return 1 if evaluation.failed else 0


async def _ingest_report(evaluation: Evaluation) -> str:
    """What a default ingest writes of each document into an empty graph: facts, candidates (a markdown table)."""
    from graph_api.store.opening import open_store
    from loaders.press.ingest import ingest_documents

    ontology = load_ontology()
    lines = ["| document | facts written | candidates for review |", "|---|---:|---:|"]
    facts = candidates = 0
    for document in evaluation.documents:
        if document.path is None or document.error or document.refused:
            continue
        with tempfile.TemporaryDirectory() as folder:
            async with open_store(str(Path(folder) / "graph.db"), ontology) as store:
                report = await ingest_documents(store, ontology, [document.path])
        facts, candidates = facts + report.facts, candidates + report.candidates
        lines.append(f"| {document.name} | {report.facts} | {report.candidates} |")
    lines.append(f"| all | {facts} | {candidates} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
