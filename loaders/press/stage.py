"""The extraction stage: a document in, its actors and facts out."""

from __future__ import annotations

from graph_api.model.ontology import load_ontology
from loaders.press.documents import SourceDocument, require_spanish
from loaders.press.errors import DocumentError
from loaders.press.gazetteer import Gazetteer
from loaders.press.reader import Reader
from loaders.press.records import ACTOR_LABELS, BODY, CANDIDATE_THRESHOLD, ExtractedActor, ExtractedFact, Extraction
from loaders.press.relations import relate
from loaders.press.sentences import Sentence, shifted, split_sentences
from loaders.press.view import make_view


def extract(doc: SourceDocument, gazetteer: Gazetteer) -> Extraction:
    """The actors and facts `doc` states, resolved against `gazetteer`.

    Raises DocumentError when the document is not Spanish (see
    `document_text.require_spanish`) or names no institution, programme or
    coordination body.
    """
    require_spanish(doc)
    reader = Reader(doc, gazetteer, load_ontology())
    # The title names what the text then calls "el Consejo": read first, for names only (it has no offsets in
    # the text, so it is no evidence).
    for sentence in title_sentences(doc):
        reader.mentions(sentence)
    for sentence in reader.sentences:
        reader.mentions(sentence)
    reader.learning = False
    views = []
    for sentence in reader.sentences:
        mentions = reader.mentions(sentence)
        for mention in mentions:
            reader.drafts[mention.ref].evidence.setdefault((sentence.start, sentence.end), sentence.evidence)
        views.append(make_view(sentence, mentions))
    named = [v for view in views for v in view.mentions if v.label in ACTOR_LABELS]
    if not named:
        raise DocumentError(
            doc.path, "no institution, programme or coordination body is named in this document; nothing to extract"
        )
    reader.focus = next((m.ref for view in views for m in view.mentions if m.label == BODY), None)
    # The bodies the document is about: named in two sentences or more (or the only one it names).
    sentences_of: dict[str, int] = {}
    for view in views:
        for ref in {m.ref for m in view.mentions if m.label == BODY}:
            sentences_of[ref] = sentences_of.get(ref, 0) + 1
    reader.main_bodies = {ref for ref, n in sentences_of.items() if n >= 2 or len(sentences_of) == 1}
    for view in views:
        relate(reader, view)
    return Extraction(doc, actors_of(reader), facts_of(reader), reader.country)


def title_sentences(doc: SourceDocument) -> list[Sentence]:
    """The title's sentences, placed before the text (negative offsets), unless the text starts with it."""
    title = " ".join(doc.metadata.get("title", "").split())
    if not title or " ".join(doc.text[: len(title) + 200].split()).startswith(title):
        return []
    long_words = [w for w in title.split() if len(w) > 3]
    capitalised = sum(w[0].isupper() for w in long_words)
    if capitalised >= 7 and capitalised > 0.6 * len(long_words):
        return []  # "Instala Mesa Municipal para Garantizar Derechos": in title case, names have no ends
    return [shifted(sentence, -len(title) - 1) for sentence in split_sentences(title)]


def actors_of(reader: Reader) -> tuple[ExtractedActor, ...]:
    drafts = [d for d in reader.drafts.values() if d.evidence]
    drafts.sort(key=lambda d: (min(d.evidence), d.ref))
    return tuple(
        ExtractedActor(
            ref=d.ref,
            label=d.label,
            name=d.name,
            known_id=d.known_id,
            candidate=d.candidate,
            evidence=tuple(e for _, e in sorted(d.evidence.items())),
            properties=dict(d.properties),
            written=tuple(d.written),
            reference=d.reference,
        )
        for d in drafts
    )


def facts_of(reader: Reader) -> tuple[ExtractedFact, ...]:
    facts = sorted(reader.facts.values(), key=lambda f: (min(f.evidence), f.type, f.start, f.end))
    return tuple(
        ExtractedFact(
            type=f.type,
            start_ref=f.start,
            end_ref=f.end,
            properties=dict(f.properties),
            confidence=round(f.confidence, 2),
            candidate=f.confidence < CANDIDATE_THRESHOLD
            or reader.drafts[f.start].candidate
            or reader.drafts[f.end].candidate,
            evidence=tuple(e for _, e in sorted(f.evidence.items())),
        )
        for f in facts
    )
