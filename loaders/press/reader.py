"""The mentions of one document: known actors, the document's own acronyms, new actors by the shape of their names."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_api.model.ontology import Ontology
from graph_api.model.text import normalize
from loaders.press.country import CITIES, COUNTRIES, COUNTRY_WORDS, NATIONALITIES, country_at, document_country
from loaders.press.dates import Date, dateline_date
from loaders.press.documents import SourceDocument
from loaders.press.figures import FIGURE, FIGURE_STARTS, NUMBER_WORDS, PEOPLE, figure_value
from loaders.press.gazetteer import Gazetteer, KnownActor, Match, is_acronym
from loaders.press.names import (
    ABBREVIATED_HEADS,
    BREAKING_HEADS,
    EMBEDDED_NAMES,
    HEADS,
    MASCULINE_HEADS,
    NATIONAL_QUALIFIERS,
    STANDALONE_HEADS,
    after_role_cue,
    head_at,
    is_government,
    kind_of,
)
from loaders.press.plurals import BULLETS, PluralItem, plural_items
from loaders.press.records import ACTOR_LABELS, INSTITUTION, MEETING, POPULATION, PROGRAM, THEME, Evidence
from loaders.press.sentences import MAX_DEPTH, Sentence, Token, split_sentences
from loaders.press.text import ARTICLES, CONNECTORS, DETERMINERS, HEADLINE_VERBS, canonical, fold, slug
from loaders.press.themes import theme_names
from loaders.press.view import Mention, View


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


NAME_DASHES = frozenset({"-", "–", "—", "‐"})


def _is_bare_acronym(token: Token) -> bool:
    """An acronym written in capitals, three letters or more ("CONAMIGUA", "SERMIG")."""
    return len(token.text) >= 3 and token.text.isupper() and token.text.isalpha()


class Reader:
    """Extraction state for one document."""

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

    # ------------------------------------------------------------ mentions

    def mentions(self, sentence: Sentence, start: int = 0, stop: int | None = None) -> list[Mention]:
        tokens = sentence.tokens
        stop = len(tokens) if stop is None else stop
        found: list[Mention] = []
        i = start
        while i < stop:
            step = (
                self._enumeration(sentence, i)
                or self._abbreviated(sentence, i)
                or self._figure(sentence, i)
                or self._short_name(sentence, i)
                or self._known(sentence, i)
                or self._shape(sentence, i)
            )
            if step is None:
                i += 1
                continue
            mentions, i = step
            found.extend(mentions)
        return found

    def _enumeration(self, sentence: Sentence, i: int) -> tuple[list[Mention], int] | None:
        """ "los ministerios de Salud, Trabajo y Educación", "las cancillerías de Chile y Perú": one actor each."""
        tokens = sentence.tokens
        parsed = plural_items(
            tokens,
            i,
            lambda k: self._is_bullet(tokens, k),
            lambda k: self._stands_alone(tokens, k),
            lambda name: self.gazetteer.lookup(name, self.country) is not None,
        )
        if parsed is None:
            return None
        items, end = parsed
        found: list[Mention] = []
        for n, item in enumerate(items):
            start = tokens[i].start if n == 0 else tokens[item.first].start
            found.append(self._plural_item(tokens, item, start))
            if item.units is not None and self.depth < MAX_DEPTH:
                self.depth += 1
                try:
                    found.extend(self.mentions(sentence, *item.units))
                finally:
                    self.depth -= 1
        return found, end

    def _plural_item(self, tokens: Sequence[Token], item: PluralItem, start: int) -> Mention:
        where = item.country or self.country
        actor = self.gazetteer.pick(self.gazetteer.namesakes(item.name), where)
        if actor is None and item.country:
            # "las cancillerías de Chile y Perú": each country's Cancillería.
            actor = self.gazetteer.pick(self.gazetteer.namesakes(item.name.split()[0]), item.country)
        if actor is not None and actor.label in ACTOR_LABELS and self._local(actor, where):
            ref = self._known_draft(actor)
        else:
            head = head_at([Token(w, 0, 0, w) for w in fold(item.name).split()], 0) or ("ministerio",)
            short = self._acronym_after(tokens, item.end)
            ref = self._candidate(item.name, head, short, where)
        self._named_at(start, ref, item.name)
        return Mention(start, tokens[item.end - 1].end, ref, self.drafts[ref].label)

    @staticmethod
    def _local(actor: KnownActor, where: str | None) -> bool:
        """Whether a known actor can stand for a mention in a text about `where`: never another country's."""
        return not actor.country or actor.country == where

    def _is_bullet(self, tokens: Sequence[Token], k: int) -> bool:
        """Whether tokens[k] is a dash starting an item on its own line."""
        if tokens[k].text not in BULLETS:
            return False
        line = self.doc.text.rfind("\n", 0, tokens[k].start) + 1
        return not self.doc.text[line : tokens[k].start].strip()

    def _stands_alone(self, tokens: Sequence[Token], k: int) -> bool:
        """Whether an actor of its own starts at tokens[k] (after an article): it ends an enumeration's items."""
        if k >= len(tokens):
            return False
        if k < len(tokens) - 1 and tokens[k].key in ARTICLES:
            return head_at(tokens, k + 1) is not None or self._starts_other(tokens, k + 1)
        head = head_at(tokens, k)
        after = k + len(head) if head else k
        # "…, Instituto Nacional de Migración": a name of its own; "…, Gobernación, Economía": a sector.
        return head is not None and after < len(tokens) and (tokens[after].upper or tokens[after].key in {"de", "del"})

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
        known = self.gazetteer.match(sentence.tokens, after) if after is not None else None
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
            ref = f"population:{slug(name)}"
            if ref in self.drafts and self.drafts[ref].properties.get("size") not in (None, size):
                ref = f"{ref}-{size}"  # "un millón de venezolanos" and "2,3 millones de venezolanos": two populations
            ref = self._draft(ref, POPULATION, name[0].upper() + name[1:], None)
            end_index = sentence.first_from(end, i)
        self.drafts[ref].properties.setdefault("size", size)
        self.drafts[ref].properties.setdefault("size_approximate", approximate)
        return [Mention(token.start, end, ref, POPULATION)], end_index

    def _known(self, sentence: Sentence, i: int) -> tuple[list[Mention], int] | None:
        match = self.gazetteer.match(sentence.tokens, i)
        if match is None:
            return None
        resolved = self._resolve_known(sentence, i, match, sentence.tokens[i].start)
        if resolved is None:
            return None
        mention, end = resolved
        return [mention], end

    def _resolve_known(
        self, sentence: Sentence, i: int, match: Match, start: int, *, in_list: bool = False
    ) -> tuple[Mention, int] | None:
        """The known actor matched, unless the text names a longer body or another country's namesake.

        A name several countries' bodies share ("la Cancillería", "el Ministerio de Salud") is the one of the
        country the mention names ("la Cancillería colombiana") or else the document's; a known actor of
        another country, or of a country when the document's is unclear, is never taken: the mention is a
        new actor.
        """
        tokens = sentence.tokens
        country, end, extended = self._continuation(tokens, i, match, in_list=in_list)
        country = country or self._country_within(tokens, i, match.end)  # "Migración Colombia"
        written = self._span_text(tokens, i, end)
        where = country or self.country
        if extended:
            # "Ministerio de Salud Pública" is not the "Ministerio de Salud": another actor with the longer name.
            longer = self.gazetteer.pick(self.gazetteer.namesakes(written), where)
            if longer is not None and longer.label in ACTOR_LABELS and self._local(longer, where):
                ref = self._known_draft(longer)
            else:
                ref = self._new_actor(tokens, i, end, match.actor, where)
            self._named_at(start, ref, written)
            return Mention(start, tokens[end - 1].end, ref, self.drafts[ref].label), end
        actor = self.gazetteer.pick(match.actors, where)
        if actor is None or not self._local(actor, where):
            # "la Cancillería ecuatoriana", or "Ministerio de Educación" in an Ecuadorian release: a new actor,
            # named as far as its own name goes ("Secretaría de Desarrollo Social y Político").
            if end == i + 1 and not match.by_acronym and not country and head_at(tokens, i) is None:
                return None  # another country's one-word name ("Migraciones"): here only a word
            if head_at(tokens, i) is not None and not country:
                end = max(end, self._name_end(tokens, i + 1))
                written = self._span_text(tokens, i, end)
            like = actor or match.actor
            ref = self._counterpart(like) or self._new_actor(tokens, i, end, like, where)
            self._named_at(start, ref, written)
            return Mention(start, tokens[end - 1].end, ref, self.drafts[ref].label), end
        ref = self._known_draft(actor)
        self._named_at(start, ref, written)
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
        if after.key in {"de", "del", "en"}:
            # "de Chile", "del Perú", "de El Salvador" (whose article is part of the name).
            for k in (end + 1, end + 2):
                if k >= len(tokens) or (k == end + 2 and tokens[end + 1].key not in ARTICLES):
                    continue
                place = country_at([t.key for t in tokens[k : k + COUNTRY_WORDS]])
                if place is not None and tokens[k].upper:
                    return place[0], k + place[1], False
        if match.by_acronym or match.actor.label != INSTITUTION:
            return None, end, False
        if after.word and after.upper and not self._starts_other(tokens, end):
            return None, self._name_end(tokens, end), True  # "Ministerio de Salud Pública"
        if after.key in {"de", "del"} and match.actor.properties.get("level", "national") == "national":
            k = end + 1 + (end + 1 < len(tokens) and tokens[end + 1].key in ARTICLES)
            if k < len(tokens) and tokens[k].key in NATIONAL_QUALIFIERS:
                return None, self._name_end(tokens, k), False  # "Ministerio de Salud de la Nación": the same
            if k < len(tokens) and tokens[k].word and tokens[k].upper and not self._starts_other(tokens, k):
                # "Secretaría de Salud de Baja California": a state's or a city's namesake, another actor.
                return None, self._name_end(tokens, k), True
        # Ministries' names list their sectors: "… y Movilidad Humana", "… de Trabajo, Empleo y Previsión Social".
        # In an enumeration the "y" and the commas separate ministries instead.
        if not in_list and tokens[i].key == "ministerio":
            k = end
            while k + 1 < len(tokens) and tokens[k].text == "," and self._name_word(tokens, k + 1):
                k += 2
                while k < len(tokens) and tokens[k].word and (tokens[k].upper or tokens[k].key in {"de", "la"}):
                    k += 1  # "…, Comercio Internacional y Culto"
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
        if head == ("gobierno", "de") and (
            head_end >= len(tokens)
            or not tokens[head_end].upper
            or country_at([t.key for t in tokens[head_end : head_end + COUNTRY_WORDS]])
        ):
            return None  # "el Gobierno de Chile": the government as such; "el Gobierno de Canelones" is local
        if label == INSTITUTION and after_role_cue(tokens, i):
            return None  # "oficia de Secretaría Ejecutiva del Consejo": a role the subject holds
        end = self._name_end(tokens, head_end)
        if label == INSTITUTION and end > head_end:
            end = self._sectors_end(tokens, end)  # "Dirección de Asuntos Migratorios, Consulares y Atención …"
        if i and self._is_bullet(tokens, i - 1):
            end = max(end, self._item_end(tokens, i))  # "-Ministerio de Planificación, Economía y Finanzas;"
        key = canonical(t.key for t in tokens[i:end])
        if is_government(key):
            return None  # "el Consejo de Ministros": the government as such
        ref = self._antecedent(key, label, tokens[i].start)
        if ref is None:
            if end == head_end and head not in STANDALONE_HEADS:
                return None  # a bare "Comisión" with nothing to refer to
            name = self._span_text(tokens, i, end)
            known = self._glossed(tokens, end, key)
            if known is not None:
                # "Oficina de las Naciones Unidas para los Refugiados (ACNUR)": another name of the known actor.
                ref = self._known_draft(known)
                self._named_at(tokens[i].start, ref, name)
                return [Mention(tokens[i].start, tokens[end - 1].end, ref, known.label)], end
            ref = self._candidate(name, head, self._acronym_after(tokens, end), self.country)
            self._named_at(tokens[i].start, ref, name)
        return [Mention(tokens[i].start, tokens[end - 1].end, ref, label)], end

    def _sectors_end(self, tokens: Sequence[Token], end: int) -> int:
        """Where an institution's name ends when it lists its sectors: ", Consulares y Atención al Ciudadano".

        Only a list closed by "y" and a capitalised sector, none of whose items is an actor of its own.
        """
        k = end

        def sector(j: int) -> int | None:  # where a sector's name starts at tokens[j] ("la Xenofobia"), if one
            j += j < len(tokens) and tokens[j].key in ARTICLES
            return j if j < len(tokens) and self._name_word(tokens, j) else None

        while k + 1 < len(tokens) and tokens[k].text == "," and (start := sector(k + 1)) is not None:
            k = start + 1
            while k < len(tokens) and tokens[k].word and (tokens[k].upper or tokens[k].key in {"de", "la"}):
                k += 1
        if k > end and k + 1 < len(tokens) and tokens[k].key in {"y", "e"} and (start := sector(k + 1)) is not None:
            return self._name_end(tokens, start)
        return end

    def _item_end(self, tokens: Sequence[Token], i: int) -> int:
        """Where a dash item starting at tokens[i] ends, when it is all name (an enumeration item is taken whole)."""
        line_end = self.doc.text.find("\n", tokens[i].start)
        k = i
        while k < len(tokens) and tokens[k].text not in {";", "."} and not self._is_bullet(tokens, k):
            if line_end != -1 and tokens[k].start > line_end:
                break
            if not (tokens[k].text == "," or (tokens[k].word and (tokens[k].upper or tokens[k].key in CONNECTORS))):
                return i
            k += 1
        while k > i + 1 and (tokens[k - 1].key in {"y", "e"} or tokens[k - 1].text == ","):
            k -= 1  # "-Ministerio de Capital Humano; y"
        return k

    def _glossed(self, tokens: Sequence[Token], end: int, key: tuple[str, ...]) -> KnownActor | None:
        """The known actor whose acronym follows a new name in parentheses, when the two names share two words.

        "Oficina de las Naciones Unidas para los Refugiados (ACNUR)" is the UNHCR under another name; in
        "Ministerio de Salud (SIS)" the names share nothing: the acronym is a unit's.
        """
        if end + 2 >= len(tokens) or tokens[end].text != "(" or tokens[end + 2].text != ")":
            return None
        match = self.gazetteer.match(tokens, end + 1)
        if match is None or not match.by_acronym or match.end != end + 2:
            return None
        actor = self.gazetteer.pick(match.actors, self.country)
        if actor is None or actor.label not in ACTOR_LABELS or not self._local(actor, self.country):
            return None
        content = {w for w in key if len(w) > 3}
        return actor if len(content & set(canonical(normalize(actor.name).split()))) >= 2 else None

    def _abbreviated(self, sentence: Sentence, i: int) -> tuple[list[Mention], int] | None:
        """ "Min. del Interior y Seguridad Pública": a head written short, read as the full name."""
        tokens = sentence.tokens
        expansion = ABBREVIATED_HEADS.get(tokens[i].key)
        if expansion is None or not tokens[i].upper or i + 2 >= len(tokens) or tokens[i + 1].text != ".":
            return None
        if tokens[i + 2].key not in {"de", "del"} and not (tokens[i + 2].upper and expansion == "H."):
            return None
        known = self.gazetteer.match(tokens, i + 2, prefix=tuple(fold(expansion).split()))
        end = max(self._name_end(tokens, i + 2), known.end if known else 0)
        if end == i + 2:
            return None
        name = f"{expansion} {self._span_text(tokens, i + 2, end)}"
        head = head_at([Token(w, 0, 0, w) for w in fold(name).replace(".", "").split()], 0)
        if head is None:
            return None
        actor = self.gazetteer.pick(self.gazetteer.namesakes(name), self.country)
        if actor is not None and actor.label in ACTOR_LABELS and self._local(actor, self.country):
            ref = self._known_draft(actor)
        else:
            ref = self._candidate(name, head, self._acronym_after(tokens, end), self.country)
        self._named_at(tokens[i].start, ref, name)
        return [Mention(tokens[i].start, tokens[end - 1].end, ref, self.drafts[ref].label)], end

    def _programme_named(self, tokens: Sequence[Token], i: int, j: int) -> tuple[list[Mention], int] | None:
        """ "el programa Jóvenes Productivos", 'el proyecto "Fortalecimiento de…"': a programme named after its kind."""
        j += j < len(tokens) and tokens[j].text in {'"', "“", "«", "'"}
        if j >= len(tokens) or not (tokens[j].word and tokens[j].upper) or self.gazetteer.match(tokens, j):
            return None  # not named here, or a known programme ("el programa MIGRANDINA")
        end = self._name_end(tokens, j)
        ref = self._antecedent(canonical(t.key for t in tokens[j:end]), PROGRAM, tokens[j].start)
        if ref is None:
            name = self._span_text(tokens, j, end)
            ref = self._candidate(name, ("programa",), self._acronym_after(tokens, end), None)
            self._named_at(tokens[i].start, ref, name)
        return [Mention(tokens[i].start, tokens[end - 1].end, ref, PROGRAM)], end

    def _name_end(self, tokens: Sequence[Token], j: int) -> int:
        """Where a capitalised name that continues at tokens[j] ends (words joined by de, la, y, para, sobre…)."""
        end = k = j
        while k < len(tokens):
            token = tokens[k]
            if not token.word:
                if token.text == ":" and k == end and k > j and self._place_pair_at(tokens, k + 1):
                    k = end = k + 4  # "Mesa Transfronteriza sobre Movilidad Humana: Guatemala-México"
                    continue
                break
            if token.upper:
                if k > end and self._starts_other(tokens, k):
                    break
                if k > j and _is_bare_acronym(token) and not all(_is_bare_acronym(t) for t in tokens[j:k] if t.upper):
                    break  # "… de Guatemala CONAMIGUA": the name's acronym, not more of it
                k = end = k + 1
                continue
            if token.text.isdigit() and len(token.text) == 4 and k == end and k > j:
                if k + 1 < len(tokens) and tokens[k + 1].text in NAME_DASHES:
                    break  # "Consejo Estatal de Migración 2025-2028": a term, not the name
                k = end = k + 1  # "… de la Caravana 2019"
                continue
            if token.key not in CONNECTORS:
                break
            if token.key == "en" and self._city_at(tokens, k + 1):
                break  # "Instituto Nacional de Migración en Mexicali": a place, not the name
            if token.key in {"y", "e"}:
                following = tokens[k + 1] if k + 1 < len(tokens) else None
                if (
                    following is None
                    or not (following.word and following.upper)
                    or self._starts_other(tokens, k + 1)
                    or head_at(tokens, k + 1) is not None
                ):
                    break
            k += 1
        return end

    @staticmethod
    def _country_within(tokens: Sequence[Token], i: int, end: int) -> str | None:
        """The country a known name names itself ("Migración Colombia", "Cancillería de Chile"), if one."""
        found = {NATIONALITIES.get(t.key) or COUNTRIES.get(t.key) for t in tokens[i:end] if t.upper} - {None}
        return next(iter(found)) if len(found) == 1 else None

    @staticmethod
    def _place_pair_at(tokens: Sequence[Token], k: int) -> bool:
        """Whether two countries joined by a dash are named at tokens[k] ("Guatemala-México")."""
        if k + 2 >= len(tokens) or tokens[k + 1].text not in NAME_DASHES:
            return False
        return all(country_at([tokens[j].key]) is not None for j in (k, k + 2))

    @staticmethod
    def _city_at(tokens: Sequence[Token], k: int) -> bool:
        """Whether a city is named at tokens[k] ("en Mexicali"; "en el Paraguay" may be part of a name)."""
        if k >= len(tokens) or not tokens[k].upper:
            return False
        folded = [t.key for t in tokens[k : k + 3]]
        return any(" ".join(folded[:n]) in CITIES for n in range(1, 4))

    def _starts_other(self, tokens: Sequence[Token], k: int, *, short_names: bool = False) -> bool:
        """Whether another actor's name starts at tokens[k] (or, if asked, one of the document's short names)."""
        if head_at(tokens, k) in BREAKING_HEADS or (short_names and tokens[k].text in self.short_names):
            return True
        if tokens[k].key in ABBREVIATED_HEADS and k + 1 < len(tokens) and tokens[k + 1].text == ".":
            return True  # "Subsecretaría del Min. del Interior": the ministry starts at "Min."
        if any(tuple(t.key for t in tokens[k : k + len(name)]) == name for name in EMBEDDED_NAMES):
            return False  # "Alto Comisionado de las Naciones Unidas": the UN's name is part of its bodies'
        match = self.gazetteer.match(tokens, k)
        if match is None or match.actor.label not in ACTOR_LABELS:
            return False
        if match.end == k + 1 and not match.by_acronym:
            return False  # a one-word name ("Migraciones") inside a longer one ("Dirección General de Migraciones")
        actor = self.gazetteer.pick(match.actors, self.country)
        return actor is not None and self._local(actor, self.country)

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

    def _acronym_after(self, tokens: Sequence[Token], end: int, of: str | None = None) -> str | None:
        """The short name right after a name: "(OIM)", "(EsSalud)", "(Migraciones)", "-CONARE-", " CONAMIGUA".

        A known actor's acronym in the parentheses is a unit of its own ("Ministerio de Salud (SIS)"), unless it
        is the acronym of the actor `of` named before it ("Policía Nacional del Perú (PNP)").
        """
        if end < len(tokens) and _is_bare_acronym(tokens[end]) and tokens[end].start - tokens[end - 1].end <= 1:
            k = end
        elif end + 1 < len(tokens) and tokens[end].text in NAME_DASHES and _is_bare_acronym(tokens[end + 1]):
            k = end + 1
        elif end + 2 >= len(tokens) or tokens[end].text != "(" or tokens[end + 2].text != ")":
            return None
        else:
            k = end + 1
        short = tokens[k]
        if not (short.word and short.upper) or short.key in COUNTRIES:
            return None
        match = self.gazetteer.match(tokens, k)
        if match is not None and match.end == k + 1 and of not in {a.id for a in match.actors}:
            local = self.gazetteer.pick(match.actors, self.country)
            if local is not None and self._local(local, self.country):
                return None  # a known actor of its own: a unit, not a short name
        return short.text

    def _short_name_after(self, tokens: Sequence[Token], end: int, ref: str) -> None:
        short = self._acronym_after(tokens, end, of=ref)
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
        return re.sub(
            r"\s+",
            " ",
            " ".join(t.text for t in tokens[i:end]).replace(" ,", ",").replace(" :", ":").replace(" - ", "-"),
        )

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
