"""Where names end in a sentence's tokens, and what starts another actor's name or a country's.

`NameExtents` is the part of the `Reader` (loaders/press/reader.py) that measures names: how far a capitalised
name goes ("Dirección de Asuntos Migratorios, Consulares y Atención al Ciudadano"), what follows a known name
(a country, more of a longer name), and the short name written after one ("(OIM)", "-CONARE-").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.press.country import CITIES, COUNTRIES, COUNTRY_WORDS, NATIONALITIES, country_at
from loaders.press.drafts import Drafts
from loaders.press.gazetteer import KnownActor, Match
from loaders.press.names import ABBREVIATED_HEADS, BREAKING_HEADS, EMBEDDED_NAMES, NATIONAL_QUALIFIERS, head_at
from loaders.press.plurals import BULLETS
from loaders.press.records import ACTOR_LABELS, INSTITUTION
from loaders.press.sentences import Token
from loaders.press.text import ARTICLES, CONNECTORS

NAME_DASHES = frozenset({"-", "–", "—", "‐"})


def _is_bare_acronym(token: Token) -> bool:
    """An acronym written in capitals, three letters or more ("CONAMIGUA", "SERMIG")."""
    return len(token.text) >= 3 and token.text.isupper() and token.text.isalpha()


class NameExtents(Drafts):
    """The name-measuring part of a document's reading."""

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

    @staticmethod
    def _span_text(tokens: Sequence[Token], i: int, end: int) -> str:
        # The name as written, with line breaks and runs of spaces made single spaces.
        return re.sub(
            r"\s+",
            " ",
            " ".join(t.text for t in tokens[i:end]).replace(" ,", ",").replace(" :", ":").replace(" - ", "-"),
        )
