"""The annotations an evaluation compares with: expected.json read, and checked against the ontology.

The annotations are checked against the ontology first: relationship types,
the labels each end may have, vocabulary terms (policy themes), ids of the
bundled data, `meeting@<ISO date>` and `population@<size>` keys, and ends
that are not among the document's actors. Any problem stops the evaluation
(`DataFileError`, naming expected.json, the line of the document, and the
document).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graph_api.model.ontology import Ontology
from graph_api.model.text import normalize
from loaders.errors import DataFileError, Problem, quoted
from loaders.press import Gazetteer

__all__ = ["ANNOTATIONS", "EVALUATED_LABELS", "MEETING", "POPULATION", "expected_key", "is_id", "read_annotations"]

ANNOTATIONS = "expected.json"
EVALUATED_LABELS = frozenset({"Institution", "Program", "CoordinationBody", "Meeting", "Population"})
MEETING, POPULATION = "meeting@", "population@"
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})-(\d{2})")
_SIZE = re.compile(r"[1-9][0-9]*")


def read_annotations(path: Path, ontology: Ontology, bundled: Gazetteer) -> dict[str, dict[str, Any]]:
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
        elif labels is not None and not labels & EVALUATED_LABELS:
            problems.append(f"actor {quoted(actor)} is a {'/'.join(sorted(labels))}, not an actor")
    listed = {expected_key(a) for a in actors}
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
    if is_id(value):
        return None  # an id of the bundled data or a term needs no listing among the actors
    if expected_key(value) not in listed:
        return f"{quoted(value)} is not among the document's actors, in {_show_raw(r)}"
    return None


def _labels_of(value: str, ontology: Ontology, bundled: Gazetteer) -> tuple[frozenset[str] | None, str | None]:
    """The labels an annotated value can have (None for a name: any actor's), or the problem with it."""
    if value.startswith(MEETING):
        ok = _valid_date(value.removeprefix(MEETING))
        return frozenset({"Meeting"}), None if ok else f"malformed {quoted(value)}: meeting@<ISO 8601 date>"
    if value.startswith(POPULATION):
        ok = _SIZE.fullmatch(value.removeprefix(POPULATION)) is not None
        return frozenset({"Population"}), None if ok else f"malformed {quoted(value)}: population@<whole number>"
    if "@" in value:
        return None, f"malformed {quoted(value)}: only meeting@<date> and population@<size> take an '@'"
    if not is_id(value):
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


def is_id(value: str) -> bool:
    return "@" not in value and value == value.lower() and " " not in value


def expected_key(value: str) -> str:
    """An annotation's reference: an id or meeting@/population@ as written, a name normalised."""
    return value if "@" in value or is_id(value) else normalize(value)


def _show_raw(r: Mapping[str, str]) -> str:
    return f"{r['from']} -{r['type']}-> {r['to']}"
