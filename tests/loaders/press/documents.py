"""Press releases written for the tests: a body under front matter, read and extracted as ingest does.

Actors are named by their key: the known id when the gazetteer resolves them
("gt-mineduc"), else the name the extractor gives them ("Ministerio de
Salud"), so that an expected set reads like the sentence it comes from.
"""

from __future__ import annotations

from pathlib import Path

from loaders.press import ExtractedActor, Extraction, Gazetteer, extract
from loaders.press.documents import SourceDocument, read_document

__all__ = ["actor", "extract_release", "facts", "key", "keys", "write_release"]


def write_release(
    folder: Path,
    body: str,
    *,
    country: str | None,
    title: str | None = "Nota de prensa",
    published: str | None = "2025-03-10",
) -> SourceDocument:
    """The release `body` under front matter giving its title, country and publication date (those given)."""
    front = "".join(
        f"{field}: {value}\n"
        for field, value in (("title", title), ("country", country), ("published", published))
        if value is not None
    )
    path = folder / "nota.txt"  # plain text: Markdown would join the lines of a dash list
    path.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    return read_document(path)


def extract_release(
    folder: Path,
    gazetteer: Gazetteer,
    body: str,
    *,
    country: str | None,
    title: str | None = "Nota de prensa",
    published: str | None = "2025-03-10",
) -> Extraction:
    """What the extractor reads in the release; every evidence it gives is checked to slice the text."""
    doc = write_release(folder, body, country=country, title=title, published=published)
    extraction = extract(doc, gazetteer)
    spans = [e for a in extraction.actors for e in a.evidence] + [e for f in extraction.facts for e in f.evidence]
    for evidence in spans:
        assert 0 <= evidence.start < evidence.end <= len(doc.text), evidence
        assert doc.text[evidence.start : evidence.end] == evidence.sentence, evidence
    return extraction


def key(extracted: ExtractedActor) -> str:
    return extracted.known_id or extracted.name


def keys(extraction: Extraction, *labels: str) -> set[str]:
    """The keys of the actors (of these labels, if any are given)."""
    return {key(a) for a in extraction.actors if not labels or a.label in labels}


def facts(extraction: Extraction, *types: str) -> set[tuple[str, str, str]]:
    """The facts (of these types, if any are given) as (type, start key, end key)."""
    by_ref = {a.ref: key(a) for a in extraction.actors}
    return {(f.type, by_ref[f.start_ref], by_ref[f.end_ref]) for f in extraction.facts if not types or f.type in types}


def actor(extraction: Extraction, wanted: str) -> ExtractedActor:
    """The one actor of this key."""
    [found] = [a for a in extraction.actors if key(a) == wanted]
    return found


INSTITUTION = "Institution"
BODY = "CoordinationBody"
MEETING = "Meeting"
POPULATION = "Population"


def members(extraction: Extraction, body: str) -> set[str]:
    """The actors a release makes members of `body`."""
    return {start for _, start, end in facts(extraction, "MEMBER_OF") if end == body}
