"""The mentions of one document: known actors, the document's own acronyms, new actors by the shape of their names."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_api.ontology import Ontology
from graph_api.text import normalize

from ..document_text import SourceDocument
from .country import COUNTRIES, NATIONALITIES, document_country
from .dates import Date, dateline_date
from .figures import FIGURE, FIGURE_STARTS, NUMBER_WORDS, PEOPLE, figure_value
from .gazetteer import Gazetteer, KnownActor, Match, is_acronym
from .names import BREAKING_HEADS, HEADS, MASCULINE_HEADS, head_at, kind_of
from .records import ACTOR_LABELS, INSTITUTION, MEETING, POPULATION, PROGRAM, THEME, Evidence
from .sentences import MAX_DEPTH, Sentence, Token, split_sentences
from .text import ARTICLES, CONNECTORS, DETERMINERS, HEADLINE_VERBS, canonical, slug
from .themes import theme_names
from .view import Mention, View


@dataclass(slots=True)
class Draft:
    ref: str
    label: str
    name: str
    known_id: str | None
    key: tuple[str, ...]
    properties: dict[str, Any] = field(default_factory=dict)
    evidence: dict[tuple[int, int], Evidence] = field(default_factory=dict)

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


class Reader:
    """Extraction state for one document."""

    def __init__(self, doc: SourceDocument, gazetteer: Gazetteer, ontology: Ontology) -> None:
        self.doc = doc
        self.gazetteer = gazetteer
        self.ontology = ontology
        self.sentences = split_sentences(doc.text)
        self.country = document_country(doc, self.sentences)
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
        self.meetings: dict[str, str] = {}
        self.last_meeting: str | None = None

    # ------------------------------------------------------------ mentions

    def mentions(self, sentence: Sentence, start: int = 0, stop: int | None = None) -> list[Mention]:
        tokens = sentence.tokens
        stop = len(tokens) if stop is None else stop
        found: list[Mention] = []
        i = start
        while i < stop:
            step = (
                self._enumeration(sentence, i)
                or self._figure(sentence, i)
                or self._known(sentence, i)
                or self._short_name(sentence, i)
                or self._shape(sentence, i)
            )
            if step is None:
                i += 1
                continue
            mentions, i = step
            found.extend(mentions)
        return found

    def _enumeration(self, sentence: Sentence, i: int) -> tuple[list[Mention], int] | None:
        """ "los Ministerios de Relaciones Exteriores, Trabajo y …, Salud (SIS) y de la Mujer…": one ministry each."""
        tokens = sentence.tokens
        if tokens[i].key != "ministerios" or i + 1 >= len(tokens) or tokens[i + 1].key not in {"de", "del"}:
            return None
        found: list[Mention] = []
        k = i + 1
        while k < len(tokens):
            lead = k
            while k < len(tokens) and (tokens[k].key in {"de", "del"} or tokens[k].key in ARTICLES):
                k += 1
            if k >= len(tokens) or not (tokens[k].word and tokens[k].upper):
                break
            start = tokens[i].start if not found else tokens[k].start
            match = self.gazetteer._match(tokens, k, prefix=("ministerio", "de"))
            if match is not None and match.actor.label == INSTITUTION:
                mention, k = self._resolve_known(sentence, k, match, start, in_list=True)
            else:
                end = self._name_end(tokens, k)
                linking = " ".join(t.text for t in tokens[lead:k]) if lead < k else "de"
                name = f"Ministerio {linking} {self._span_text(tokens, k, end)}"
                ref = self._candidate(name, ("ministerio",), self._acronym_after(tokens, end), self.country)
                self._named_at(start, ref)
                mention, k = Mention(start, tokens[end - 1].end, ref, INSTITUTION), end
            found.append(mention)
            if k < len(tokens) and tokens[k].text == "(" and self.depth < MAX_DEPTH:
                close = sentence.close_from(k + 1)
                if close is not None:
                    self.depth += 1
                    try:
                        found.extend(self.mentions(sentence, k + 1, close))
                    finally:
                        self.depth -= 1
                    k = close + 1
            if k < len(tokens) and (tokens[k].text == "," or tokens[k].key in {"y", "e"}):
                k += 1
                continue
            break
        return (found, k) if found else None

    def _figure(self, sentence: Sentence, i: int) -> tuple[list[Mention], int] | None:
        """A population with its size: "casi tres millones de peruanos que viven en el extranjero"."""
        token = sentence.tokens[i]
        if not (token.key in FIGURE_STARTS or token.key in NUMBER_WORDS or token.text[0].isdigit()):
            return None
        figure = FIGURE.match(sentence.folded, token.start - sentence.start)
        if figure is None:
            return None
        size, approximate = figure_value(figure)
        if size < 100:
            return None
        after = sentence.token_at(sentence.start + figure.end(), i)
        known = self.gazetteer._match(sentence.tokens, after) if after is not None else None
        if known is not None and known.actor.label == POPULATION:
            ref, end_index = self._known_draft(known.actor), known.end
            end = sentence.tokens[end_index - 1].end
        else:
            people = PEOPLE.match(sentence.folded, figure.end())
            if people is None:
                return None
            end = sentence.start + people.end()
            name = sentence.text[people.start() : people.end()]
            if people.group("clause") and not people.group("that") and re.match(r"\s+[a-z]+[nr]\b", people["clause"]):
                # "2,8 millones de peruanos residen fuera del país": the verb is the sentence's, the name needs "que".
                cut = people.start("clause") - people.start()
                name = f"{name[:cut]} que{name[cut:]}"
            ref = self._draft(f"population:{slug(name)}", POPULATION, name[0].upper() + name[1:], None)
            end_index = sentence.first_from(end, i)
        self.drafts[ref].properties.setdefault("size", size)
        self.drafts[ref].properties.setdefault("size_approximate", approximate)
        return [Mention(token.start, end, ref, POPULATION)], end_index

    def _known(self, sentence: Sentence, i: int) -> tuple[list[Mention], int] | None:
        match = self.gazetteer._match(sentence.tokens, i)
        if match is None:
            return None
        mention, end = self._resolve_known(sentence, i, match, sentence.tokens[i].start)
        return [mention], end

    def _resolve_known(
        self, sentence: Sentence, i: int, match: Match, start: int, *, in_list: bool = False
    ) -> tuple[Mention, int]:
        """The known actor matched, unless the text names a longer body or another country's namesake."""
        tokens = sentence.tokens
        actor = match.actor
        country, end, extended = self._continuation(tokens, i, match, in_list=in_list)
        if extended:
            # "Ministerio de Salud Pública" is not the "Ministerio de Salud": a new actor with the longer name.
            ref = self._new_actor(tokens, i, end, actor, country or self.country)
            self._named_at(start, ref)
            return Mention(start, tokens[end - 1].end, ref, self.drafts[ref].label), end
        where = country or self.country
        if actor.country and where and where != actor.country:
            # "la Cancillería ecuatoriana", or "Ministerio de Educación" in an Ecuadorian release.
            ref = self._counterpart(actor) or self._new_actor(tokens, i, end, actor, where)
            self._named_at(start, ref)
            return Mention(start, tokens[end - 1].end, ref, self.drafts[ref].label), end
        ref = self._known_draft(actor)
        self._named_at(start, ref)
        if not match.by_acronym:
            self._short_name_after(tokens, end, ref)
        return Mention(start, tokens[end - 1].end, ref, actor.label), end

    def _continuation(
        self, tokens: Sequence[Token], i: int, match: Match, *, in_list: bool
    ) -> tuple[str | None, int, bool]:
        """What follows a known name: a country ("del Perú", "ecuatoriana"), or more of a longer name."""
        end = match.end
        if end >= len(tokens):
            return None, end, False
        after = tokens[end]
        if after.key in NATIONALITIES:
            return NATIONALITIES[after.key], end + 1, False
        if after.key in {"de", "del"}:
            k = end + 1 + (end + 1 < len(tokens) and tokens[end + 1].key in ARTICLES)
            if k < len(tokens) and tokens[k].key in COUNTRIES:
                return COUNTRIES[tokens[k].key], k + 1, False
        if match.by_acronym or match.actor.label != INSTITUTION:
            return None, end, False
        if after.word and after.upper and not self._starts_other(tokens, end):
            return None, self._name_end(tokens, end), True  # "Ministerio de Salud Pública"
        # Ministries' names list their sectors: "… y Movilidad Humana", "… de Trabajo, Empleo y Previsión Social".
        # In an enumeration the "y" and the commas separate ministries instead.
        if not in_list and tokens[i].key == "ministerio":
            k = end
            while k + 1 < len(tokens) and tokens[k].text == "," and self._name_word(tokens, k + 1):
                k += 2
            if k + 1 < len(tokens) and tokens[k].key in {"y", "e"} and self._name_word(tokens, k + 1):
                return None, self._name_end(tokens, k + 1), True
        return None, end, False

    def _name_word(self, tokens: Sequence[Token], k: int) -> bool:
        return tokens[k].word and tokens[k].upper and not self._starts_other(tokens, k, short_names=True)

    def _short_name(self, sentence: Sentence, i: int) -> tuple[list[Mention], int] | None:
        token = sentence.tokens[i]
        ref = self.short_names.get(token.text)
        if ref is None and len(token.text) >= 4 and token.upper:
            ref = self.capitalised_short_names.get(token.text)
        if ref is None:
            return None
        return [Mention(token.start, token.end, ref, self.drafts[ref].label)], i + 1

    def _shape(self, sentence: Sentence, i: int) -> tuple[list[Mention], int] | None:
        """An institution known by the shape of its name, or a short reference to one named elsewhere."""
        tokens = sentence.tokens
        head = head_at(tokens, i)
        if head is None or not tokens[i].word:
            return None
        label = HEADS[head][0]
        head_end = i + len(head)
        if not tokens[i].upper and label == PROGRAM:
            named = self._programme_named(tokens, i, head_end)
            if named is not None:
                return named
        if not tokens[i].upper:
            # "el programa", "la mesa" (or, in headline style, "impulsa grupo"): only as a reference back
            # to one the document names in full.
            if label == INSTITUTION or i == 0 or tokens[i - 1].key not in DETERMINERS | HEADLINE_VERBS:
                return None
            ref = self._antecedent(head, label, tokens[i].start)
            return ([Mention(tokens[i].start, tokens[head_end - 1].end, ref, label)], head_end) if ref else None
        end = self._name_end(tokens, head_end)
        key = canonical(t.key for t in tokens[i:end])
        ref = self._antecedent(key, label, tokens[i].start)
        if ref is None:
            if end == head_end:
                return None  # a bare "Comisión" with nothing to refer to
            ref = self._candidate(self._span_text(tokens, i, end), head, self._acronym_after(tokens, end), self.country)
            self._named_at(tokens[i].start, ref)
        return [Mention(tokens[i].start, tokens[end - 1].end, ref, label)], end

    def _programme_named(self, tokens: Sequence[Token], i: int, j: int) -> tuple[list[Mention], int] | None:
        """ "el programa Jóvenes Productivos", 'el proyecto "Fortalecimiento de…"': a programme named after its kind."""
        j += j < len(tokens) and tokens[j].text in {'"', "“", "«", "'"}
        if j >= len(tokens) or not (tokens[j].word and tokens[j].upper) or self.gazetteer._match(tokens, j):
            return None  # not named here, or a known programme ("el programa MIGRANDINA")
        end = self._name_end(tokens, j)
        ref = self._antecedent(canonical(t.key for t in tokens[j:end]), PROGRAM, tokens[j].start)
        if ref is None:
            ref = self._candidate(
                self._span_text(tokens, j, end), ("programa",), self._acronym_after(tokens, end), None
            )
            self._named_at(tokens[i].start, ref)
        return [Mention(tokens[i].start, tokens[end - 1].end, ref, PROGRAM)], end

    def _name_end(self, tokens: Sequence[Token], j: int) -> int:
        """Where a capitalised name that continues at tokens[j] ends (words joined by de, la, y, para, sobre…)."""
        end = k = j
        while k < len(tokens) and tokens[k].word:
            token = tokens[k]
            if token.upper:
                if k > end and self._starts_other(tokens, k):
                    break
                k = end = k + 1
                continue
            if token.key not in CONNECTORS:
                break
            if token.key in {"y", "e"}:
                following = tokens[k + 1] if k + 1 < len(tokens) else None
                if following is None or not (following.word and following.upper) or self._starts_other(tokens, k + 1):
                    break
            k += 1
        return end

    def _starts_other(self, tokens: Sequence[Token], k: int, *, short_names: bool = False) -> bool:
        """Whether another actor's name starts at tokens[k] (or, if asked, one of the document's short names)."""
        if head_at(tokens, k) in BREAKING_HEADS or (short_names and tokens[k].text in self.short_names):
            return True
        match = self.gazetteer._match(tokens, k)
        return match is not None and match.actor.label in ACTOR_LABELS

    # ------------------------------------------------------------ actor registry

    def _known_draft(self, actor: KnownActor) -> str:
        if actor.id not in self.drafts:
            self.drafts[actor.id] = Draft(
                actor.id, actor.label, actor.name, actor.id, canonical(normalize(actor.name).split())
            )
        if self.learning and actor.label in ACTOR_LABELS:
            for key in self.gazetteer._keys_of(actor.id):
                self.names.setdefault(key, actor.id)
        return actor.id

    def _draft(self, ref: str, label: str, name: str, known_id: str | None) -> str:
        if ref not in self.drafts:
            self.drafts[ref] = Draft(ref, label, name, known_id, canonical(normalize(name).split()))
        return ref

    def _named_at(self, position: int, ref: str) -> None:
        if self.learning:
            self.positions.setdefault(ref, []).append(position)  # the first pass reads in order: sorted

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

    def _new_actor(self, tokens: Sequence[Token], i: int, end: int, like: KnownActor, country: str | None) -> str:
        head = head_at(tokens, i)
        if head is None:
            # "Cancillería colombiana": no head word, so it takes the label and kind of its namesake.
            head = next(
                (h for h, (label, kind) in HEADS.items() if label == like.label and kind == like.kind), ("oficina",)
            )
        return self._candidate(self._span_text(tokens, i, end), head, self._acronym_after(tokens, end), country)

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

    def _acronym_after(self, tokens: Sequence[Token], end: int) -> str | None:
        """The short name in parentheses right after a name: "(OIM)", "(EsSalud)", "(Migraciones)"."""
        if end + 2 >= len(tokens) or tokens[end].text != "(" or tokens[end + 2].text != ")":
            return None
        short = tokens[end + 1]
        if not (short.word and short.upper) or short.key in COUNTRIES:
            return None
        match = self.gazetteer._match(tokens, end + 1)
        if match is not None and match.end == end + 2:
            return None  # a known actor of its own: a unit, not a short name
        return short.text

    def _short_name_after(self, tokens: Sequence[Token], end: int, ref: str) -> None:
        short = self._acronym_after(tokens, end)
        if short:
            self._add_short_name(ref, short)

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

    @staticmethod
    def _span_text(tokens: Sequence[Token], i: int, end: int) -> str:
        # The name as written, with line breaks and runs of spaces made single spaces.
        return re.sub(r"\s+", " ", " ".join(t.text for t in tokens[i:end]).replace(" ,", ",").replace(" - ", "-"))

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

    def meeting(self, body: str, kind: str, date: Date) -> str:
        """The meeting of `body` on `date`: the known one of the same name, or a new one."""
        draft = self.drafts[body]
        article = "del" if draft.key and draft.key[0] in MASCULINE_HEADS else "de la"
        name = f"{kind} {article} {draft.name}"
        known = self.gazetteer.lookup(name)
        if known is not None and known.label == MEETING:
            ref = self._known_draft(known)
        else:
            body_id = draft.known_id or draft.ref.split(":", 1)[1]
            ref = self._draft(f"meeting:{body_id}-{slug(kind)}-{date.value.lstrip('-')}", MEETING, name, None)
        properties = self.drafts[ref].properties
        properties.setdefault("date", date.value)
        properties.setdefault("date_precision", date.precision)
        properties.setdefault("year_known", date.year_known)
        if date.year_inferred:
            properties.setdefault("year_inferred", True)
        return ref
