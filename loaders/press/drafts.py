"""A document's reading state: the actors, short names, facts and meetings drafted from it so far.

`Drafts` is the base of the `Reader` (loaders/press/reader.py): it holds what one reading of a document has
learnt, and drafts actors (known ones, and candidates by name), facts and meetings into it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from graph_api.model.ontology import Ontology
from graph_api.model.text import normalize
from loaders.press.country import document_country
from loaders.press.dates import Date, dateline_date
from loaders.press.documents import SourceDocument
from loaders.press.gazetteer import Gazetteer, KnownActor, is_acronym
from loaders.press.names import HEADS, MASCULINE_HEADS, kind_of
from loaders.press.records import ACTOR_LABELS, MEETING, PROGRAM, THEME, Evidence
from loaders.press.sentences import split_sentences
from loaders.press.text import canonical, slug
from loaders.press.themes import theme_names
from loaders.press.view import View


@dataclass(slots=True)
class Draft:
    ref: str
    label: str
    name: str
    known_id: str | None
    key: tuple[str, ...]
    properties: dict[str, Any] = field(default_factory=dict)
    evidence: dict[tuple[int, int], Evidence] = field(default_factory=dict)
    reference: bool = False
    written: dict[str, None] = field(default_factory=dict)  # the full names the text gives it, in order

    @property
    def candidate(self) -> bool:
        return self.known_id is None


@dataclass(slots=True)
class FactDraft:
    type: str
    start: str
    end: str
    confidence: float
    properties: dict[str, Any] = field(default_factory=dict)
    evidence: dict[tuple[int, int], Evidence] = field(default_factory=dict)


class Drafts:
    """Extraction state for one document, and the drafting of its actors, facts and meetings."""

    def __init__(self, doc: SourceDocument, gazetteer: Gazetteer, ontology: Ontology) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.ontology = ontology
        self.sentences = split_sentences(doc.text)
        self.country = document_country(doc, self.sentences, self._countries_of_names())
        published = doc.metadata.get("published")
        self.published = published if published and re.match(r"^\d{4}", published) else dateline_date(self.sentences)
        self.drafts: dict[str, Draft] = {}
        self.names: dict[tuple[str, ...], str] = {}  # full names seen in the document → ref
        self.short_names: dict[str, str] = {}  # the document's own acronyms and short names → ref
        self.positions: dict[str, list[int]] = {}  # where each actor is named in full, in text order
        self.facts: dict[tuple[str, str, str], FactDraft] = {}
        self.learning = True
        self.depth = 0  # enumerations read inside the parentheses of an enumeration
        self.capitalised_short_names: dict[str, str] = {}  # "Minsa" for the short name "MINSA"
        self.suffixed: dict[str, dict[tuple[str, ...], str]] = {}  # a candidate's ref → the names sharing it
        # Discourse: the coordination body under discussion and the meetings seen so far.
        self.focus: str | None = None
        self.main_bodies: set[str] = set()  # the bodies the document is about
        self.meetings_on: dict[str, str] = {}  # the meeting of each day the document dates one
        self.held_by: dict[str, str] = {}  # the body that held each meeting, when known
        self.meetings: dict[str, str] = {}
        self.last_meeting: str | None = None

    def _countries_of_names(self) -> dict[str, int]:
        """How many known actors that only one country has ("Fondo Mivivienda") the text names, by country."""
        if self.doc.metadata.get("country"):
            return {}
        found: dict[str, set[str]] = {}
        for sentence in self.sentences:
            tokens = sentence.tokens
            i = 0
            while i < len(tokens):
                match = self.gazetteer.match(tokens, i)
                if match is None:
                    i += 1
                    continue
                countries = {actor.country for actor in match.actors}
                if len(countries) == 1 and None not in countries:
                    found.setdefault(str(next(iter(countries))), set()).update(a.id for a in match.actors)
                i = match.end
        return {code: len(ids) for code, ids in found.items()}

    # ------------------------------------------------------------ actor registry

    def _known_draft(self, actor: KnownActor) -> str:
        if actor.id not in self.drafts:
            self.drafts[actor.id] = Draft(
                actor.id,
                actor.label,
                actor.name,
                actor.id,
                canonical(normalize(actor.name).split()),
                dict(actor.properties),
                reference=actor.reference,
            )
        if self.learning and actor.label in ACTOR_LABELS:
            for key in self.gazetteer.keys_of(actor.id):
                self.names.setdefault(key, actor.id)
        return actor.id

    def _draft(self, ref: str, label: str, name: str, known_id: str | None) -> str:
        if ref not in self.drafts:
            self.drafts[ref] = Draft(ref, label, name, known_id, canonical(normalize(name).split()))
        return ref

    def _named_at(self, position: int, ref: str, written: str | None = None) -> None:
        if self.learning:
            self.positions.setdefault(ref, []).append(position)  # the first pass reads in order: sorted
            if written:
                self.drafts[ref].written.setdefault(written)

    def _candidate(self, name: str, head: tuple[str, ...], short: str | None, country: str | None) -> str:
        """The document's candidate actor of this name, made on first sight."""
        key = canonical(normalize(name).split())
        ref = self.names.get(key)
        if ref is None or ref not in self.drafts or not self.drafts[ref].candidate:
            label, kind = HEADS[head][0], kind_of(head, key)
            properties: dict[str, Any] = {}
            if kind:
                properties["kind"] = kind
            if country and kind != "international-organisation" and label != PROGRAM:
                properties["country"] = country
            prefix = "int" if kind == "international-organisation" else (country or "").lower()
            base = slug(short) if short and is_acronym(short) else slug(name)
            ref = self._free_ref(f"candidate:{prefix + '-' if prefix else ''}{base}", key)
            self._draft(ref, label, name, None)
            self.drafts[ref].properties.update(properties)
            self.names[key] = ref
        if short:
            self._add_short_name(ref, short)
        return ref

    def _free_ref(self, ref: str, key: tuple[str, ...]) -> str:
        """`ref`, or `ref` numbered from -2 on when another name has it (long names cut to one slug, one acronym)."""
        if ref not in self.drafts or self.drafts[ref].key == key:
            return ref
        # The names already numbered under this ref, so that the n-th of them costs no walk past the others.
        named = self.suffixed.setdefault(ref, {})
        if key in named:
            return named[key]
        number = len(named) + 2
        while f"{ref}-{number}" in self.drafts and self.drafts[f"{ref}-{number}"].key != key:
            number += 1
        named[key] = f"{ref}-{number}"
        return named[key]

    def _counterpart(self, actor: KnownActor) -> str | None:
        """The document's own actor standing for a known foreign namesake (another country's foreign ministry)."""
        key = canonical(normalize(actor.name).split())
        refs = [
            ref
            for name, ref in self.names.items()
            if name[: len(key)] == key and ref in self.drafts and self.drafts[ref].candidate
        ]
        return refs[0] if len(set(refs)) == 1 else None

    def _antecedent(self, key: tuple[str, ...], label: str, position: int) -> str | None:
        """The actor named in full that a shorter reference ("la Mesa de Trabajo") stands for."""
        # The longest names that extend the key: in sorted order a name that another extends comes right before one
        # that does, and both extend the key, so the test needs only the longer names themselves.
        longer = sorted(name for name in self.names if len(name) > len(key) and name[: len(key)] == key)
        refs = {
            self.names[name]
            for k, name in enumerate(longer)
            if not (k + 1 < len(longer) and longer[k + 1][: len(name)] == name)
            and self.drafts[self.names[name]].label == label
        }
        if not refs:
            return None
        # The one named last before the reference, else the one named first after it.
        before: list[tuple[int, str]] = []
        after: list[tuple[int, str]] = []
        for ref in refs:
            positions = self.positions.get(ref, [])
            k = bisect.bisect_left(positions, position)
            if k:
                before.append((positions[k - 1], ref))
            if k < len(positions):
                after.append((positions[k], ref))
        if before:
            return max(before)[1]
        return min(after)[1] if after else sorted(refs)[0]

    def _add_short_name(self, ref: str, short: str) -> None:
        if self.learning and short not in self.short_names:
            self.short_names[short] = ref
            if short.isupper():
                self.capitalised_short_names.setdefault(short.capitalize(), ref)
            draft = self.drafts[ref]
            if draft.candidate:
                if is_acronym(short):
                    draft.properties.setdefault("acronym", short)
                else:
                    draft.properties.setdefault("aliases", [short])

    # ------------------------------------------------------------ facts

    def fact(self, kind: str, start: str, end: str, view: View, confidence: float, **properties: Any) -> None:
        """Record a relationship, if the ontology allows it between these labels."""
        if start == end:
            return
        spec = self.ontology.relationships[kind]
        if self.drafts[start].label not in spec.from_labels or self.drafts[end].label not in spec.to_labels:
            return
        draft = self.facts.setdefault((kind, start, end), FactDraft(kind, start, end, confidence))
        draft.confidence = max(draft.confidence, confidence)
        for name, value in properties.items():
            if value is not None:
                draft.properties.setdefault(name, value)
        evidence = view.sentence.evidence
        draft.evidence[(evidence.start, evidence.end)] = evidence
        for ref in (start, end):
            self.drafts[ref].evidence.setdefault((evidence.start, evidence.end), evidence)

    def theme(self, theme_id: str) -> str:
        return self._draft(theme_id, THEME, theme_names()[theme_id], theme_id)

    def meeting(self, body: str | None, kind: str, date: Date) -> str:
        """The meeting of `body` on `date`: the known one of the same name, or a new one; of no body, a new one.

        A document reports one meeting a day: a body's session and "la reunión" of that day are one meeting.
        """
        same_day = self.meetings_on.get(date.value)
        if body is None:
            if same_day is not None:
                return same_day
            ref = self._draft(
                f"meeting:{slug(kind)}-{date.value.lstrip('-')}", MEETING, f"{kind} del {date.value}", None
            )
            self._dated(ref, date)
            self.meetings_on[date.value] = ref
            return ref
        draft = self.drafts[body]
        article = "del" if draft.key and draft.key[0] in MASCULINE_HEADS else "de la"
        name = f"{kind} {article} {draft.name}"
        if same_day is not None and self.held_by.get(same_day, body) == body:
            self.held_by[same_day] = body
            if self.drafts[same_day].candidate and self.drafts[same_day].name.startswith("Reunión del "):
                self.drafts[same_day].name = name  # the day's meeting, now known to be the body's
            return same_day
        known = self.gazetteer.lookup(name)
        if known is not None and known.label == MEETING:
            ref = self._known_draft(known)
        else:
            body_id = draft.known_id or draft.ref.split(":", 1)[1]
            ref = self._draft(f"meeting:{body_id}-{slug(kind)}-{date.value.lstrip('-')}", MEETING, name, None)
        self._dated(ref, date)
        self.meetings_on.setdefault(date.value, ref)
        self.held_by.setdefault(ref, body)
        return ref

    def _dated(self, ref: str, date: Date) -> None:
        properties = self.drafts[ref].properties
        properties.setdefault("date", date.value)
        properties.setdefault("date_precision", date.precision)
        properties.setdefault("year_known", date.year_known)
        if date.year_inferred:
            properties.setdefault("year_inferred", True)
