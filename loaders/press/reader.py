"""The mentions of one document: known actors, the document's own acronyms, new actors by the shape of their names.

A `Reader` finds them left to right in each sentence (`mentions`): enumerations under a plural head, population
figures, abbreviated heads, the document's short names, known actors, and names by their shape. It builds on
`NameExtents` (loaders/press/name_extents.py: where names end) and `Drafts` (loaders/press/drafts.py: the
document's state, and the drafting of its actors, facts and meetings).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph_api.model.text import normalize
from loaders.press.country import COUNTRY_WORDS, country_at
from loaders.press.figures import FIGURE, FIGURE_STARTS, NUMBER_WORDS, PEOPLE, figure_value
from loaders.press.gazetteer import KnownActor, Match
from loaders.press.name_extents import NameExtents
from loaders.press.names import ABBREVIATED_HEADS, HEADS, STANDALONE_HEADS, after_role_cue, head_at, is_government
from loaders.press.plurals import PluralItem, plural_items
from loaders.press.records import ACTOR_LABELS, INSTITUTION, POPULATION, PROGRAM
from loaders.press.sentences import MAX_DEPTH, Sentence, Token
from loaders.press.text import DETERMINERS, HEADLINE_VERBS, canonical, fold, slug
from loaders.press.view import Mention

__all__ = ["Reader"]


class Reader(NameExtents):
    """Extraction state for one document, and the mentions of each of its sentences.

    The state and the drafting of actors, facts and meetings are `Drafts`'; where names end, `NameExtents`'.
    """

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

    def _new_actor(self, tokens: Sequence[Token], i: int, end: int, like: KnownActor, country: str | None) -> str:
        head = head_at(tokens, i)
        if head is None:
            # "Cancillería colombiana": no head word, so it takes the label and kind of its namesake.
            head = next(
                (h for h, (label, kind) in HEADS.items() if label == like.label and kind == like.kind), ("oficina",)
            )
        return self._candidate(self._span_text(tokens, i, end), head, self._acronym_after(tokens, end), country)
