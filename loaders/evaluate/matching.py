"""Extracted actors matched to annotated ones, one to one, and the keys relationships are compared by.

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

from collections.abc import Mapping, Sequence
from typing import Any

from graph_api.model.text import normalize
from loaders.evaluate.annotations import EVALUATED_LABELS, MEETING, POPULATION, expected_key, is_id
from loaders.evaluate.report import Score
from loaders.press import ExtractedActor, Extraction, Gazetteer
from loaders.press.country import COUNTRIES, NATIONALITIES
from loaders.press.documents import SourceDocument

__all__ = [
    "assign",
    "country_of",
    "cross_country_merges",
    "declared_country",
    "relationship_keys",
    "relationship_score",
]

# How an annotated name was matched, best first.
_BY_NAME, _BY_WRITTEN, _BY_ALIAS = 0, 1, 2


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
    country = country_of(extraction, extraction.document)
    actors = [a for a in extraction.actors if a.label in EVALUATED_LABELS]
    pairs: list[tuple[int, int, int]] = []  # (how, annotation, actor)
    for i, annotation in enumerate(annotated):
        for j, actor in enumerate(actors):
            how = _how(annotation, actor, country, gazetteer, bundled)
            if how is not None:
                pairs.append((how, i, j))
    assigned: dict[str, str] = {}
    taken: set[str] = set()
    for _, i, j in sorted(pairs):
        key, ref = expected_key(annotated[i]), actors[j].ref
        if key not in taken and ref not in assigned:
            assigned[ref] = key
            taken.add(key)
    return assigned


def _how(
    annotation: str, actor: ExtractedActor, country: str | None, gazetteer: Gazetteer, bundled: Gazetteer
) -> int | None:
    """How `annotation` matches `actor` (_BY_NAME, _BY_WRITTEN, _BY_ALIAS), or None."""
    if is_id(annotation):
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


def declared_country(doc: SourceDocument | None) -> str | None:
    """The country the document's front matter declares, if any: what merges are judged against when given."""
    country = doc.metadata.get("country") if doc else None
    return country.strip().upper() if country else None


def country_of(extraction: Extraction | None, doc: SourceDocument | None) -> str | None:
    """The country the document is about: the extractor's finding, else its front matter's."""
    country = (extraction.country if extraction else None) or (doc.metadata.get("country") if doc else None)
    return country.upper() if country else None


def relationship_keys(actors: Sequence[ExtractedActor], assigned: Mapping[str, str]) -> dict[str, str]:
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
        return f"{MEETING}{actor.properties.get('date')}"
    if actor.label == "Population":
        return f"{POPULATION}{actor.properties.get('size')}"
    return normalize(actor.name)


def relationship_score(found: set[Any], expected: set[Any]) -> Score:
    return Score(len(found & expected), len(found - expected), len(expected - found))
