"""Known actors by name, alias and acronym: the graph's, looked up token by token."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from graph_api.model.names import NameIndex, name_values
from graph_api.model.records import Node
from loaders.press.records import KNOWN_LABELS, MEETING, POPULATION
from loaders.press.sentences import Token
from loaders.press.text import NAME_PUNCTUATION, WORD_ACRONYMS, add_canonical, name_key


@dataclass(frozen=True, slots=True)
class KnownActor:
    """An actor the extractor can recognise: one of the graph's, or an entry of the reference gazetteer.

    A reference entry (`reference`) is not in the graph yet: `properties` are
    what it is written with when a document names it.
    """

    id: str
    label: str
    name: str
    country: str | None = None
    kind: str | None = None
    reference: bool = False
    properties: Mapping[str, Any] = field(default_factory=dict)


class Match(NamedTuple):
    actors: tuple[KnownActor, ...]  # every actor going by the name matched (namesakes of several countries)
    end: int  # index of the token after the match
    by_acronym: bool

    @property
    def actor(self) -> KnownActor:
        return self.actors[0]


ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9]{1,9}")


MIXED_ACRONYM = re.compile(r"[A-Z][a-z]*[A-Z][A-Za-z]*")

# The properties an actor is named by; its `acronym` matches as written.
NAME_PROPERTIES = ("name", "name_en", "aliases")


class Gazetteer:
    """Known actors by name, English name, alias and acronym, scoped by country.

    Names match accent- and case-insensitively, longest first, with "del"/"de
    el" and "de la"/"de" alike ("Cancillería", "Ministerio de Relaciones
    Exteriores" and "MRE" are one actor). Acronyms match as whole words, as
    written or capitalised when four letters or more ("MINSA", "Minsa"), never
    in lower case. A name several actors share ("Cancillería", "Ministerio de
    Salud", "CONARE") resolves by country (`pick`): the one of the document's
    country, else the one international body; never another country's.

    >>> g = Gazetteer.from_nodes([Node("pe-mre", "Institution", {"name": "Ministerio de Relaciones Exteriores",
    ...     "aliases": ["Cancillería"], "acronym": "MRE", "country": "PE"})])
    >>> g.lookup("cancilleria", "PE").id
    'pe-mre'
    """

    def __init__(
        self, actors: Iterable[KnownActor], names: NameIndex[tuple[str, ...]], acronyms: NameIndex[str]
    ) -> None:
        """`names` keyed by `name_key`, `acronyms` as written."""
        self._actors = {actor.id: actor for actor in actors}
        self._names = names
        self._acronyms = acronyms
        # "MINSA" is written "Minsa" too, and "EsSalud" "Essalud" or "ESSALUD"; but "Mide" is a verb, not MIDE.
        self._capitalised = {
            form: i
            for a, i in self._acronyms.items()
            if len(a) >= 4 and (a.isupper() or MIXED_ACRONYM.fullmatch(a))
            for form in {a.capitalize(), a.upper()} - {a}
            if form.lower() not in WORD_ACRONYMS
        }

    @classmethod
    def from_nodes(cls, nodes: Iterable[Node], reference: Iterable[Node] = ()) -> Gazetteer:
        """A gazetteer of the institutions, programmes, bodies, meetings and populations among `nodes`.

        `reference` entries (loaders.packages.reference) are known too; one the graph has (same id) is the graph's, and
        gains the entry's names.
        """
        actors: dict[str, KnownActor] = {}
        names = NameIndex[tuple[str, ...]]()
        acronyms = NameIndex[str]()
        graph = [(node, False) for node in nodes]
        for node, is_reference in [*graph, *((node, True) for node in reference)]:
            if node.label not in KNOWN_LABELS:
                continue
            props = node.properties
            if node.id not in actors:
                countries = props.get("countries")
                only = countries[0] if isinstance(countries, list) and len(countries) == 1 else None
                actors[node.id] = KnownActor(
                    node.id,
                    node.label,
                    node.name,
                    text_value(props.get("country")) or text_value(only),
                    text_value(props.get("kind")),
                    is_reference,
                    dict(props) if is_reference else {},
                )
            for value in name_values(props, NAME_PROPERTIES):
                if ACRONYM.fullmatch(value):
                    # An acronym among the aliases ("UN", "MIRE") matches as an acronym, never as a word: "Un"
                    # opening a sentence is no United Nations.
                    acronyms.add(node.id, [value])
                else:
                    names.add(node.id, [name_key(value)])
            acronym = text_value(props.get("acronym"))
            if acronym:
                acronyms.add(node.id, [acronym])
        return cls(actors.values(), names, acronyms)

    def __len__(self) -> int:
        return len(self._actors)

    def get(self, actor_id: str) -> KnownActor | None:
        return self._actors.get(actor_id)

    def lookup(self, name: str, country: str | None = None) -> KnownActor | None:
        """The actor with exactly this name, alias or acronym (compared loosely), if one, scoped by `country`."""
        return self.pick(self.namesakes(name), country)

    def namesakes(self, name: str) -> tuple[KnownActor, ...]:
        """Every actor going by exactly this name, alias or acronym (compared loosely)."""
        ids = self._names.ids(name_key(name)) or self._acronyms.ids(name.strip())
        return tuple(self._actors[i] for i in ids)

    @staticmethod
    def pick(actors: Sequence[KnownActor], country: str | None) -> KnownActor | None:
        """Which of the namesakes `actors` a text about `country` means.

        One actor: it (the caller decides what a foreign namesake means). Several: the one of `country`, else
        the one without a country (an international body); when neither is one actor, none — never a guess.
        """
        if len(actors) == 1:
            return actors[0]
        local = [a for a in actors if a.country == country] if country else []
        if len(local) == 1:
            return local[0]
        if local:
            return None
        international = [a for a in actors if not a.country]
        return international[0] if len(international) == 1 else None

    def keys_of(self, actor_id: str) -> list[tuple[str, ...]]:
        return self._names.keys_of(actor_id)

    def match(self, tokens: Sequence[Token], i: int, prefix: tuple[str, ...] = ()) -> Match | None:
        """The longest known name from tokens[i] on (read after `prefix` words), with all its namesakes, if any."""
        first = tokens[i]
        if not first.word:
            return None
        best: Match | None = None
        if not prefix:
            acronym_ids = self._acronyms.ids(first.text) or self._capitalised.get(first.text)
            if acronym_ids:
                best = Match(tuple(self._actors[a] for a in acronym_ids), i + 1, True)
        words = list(prefix)
        for j in range(i, len(tokens)):
            token = tokens[j]
            if not token.word:
                if token.text in NAME_PUNCTUATION and j > i:
                    continue
                break
            if not add_canonical(words, token.key):
                continue
            key = tuple(words)
            if not self._names.is_prefix(key):
                break
            # Meetings are found by their body, not by name; a population may be written in lower case.
            found = tuple(
                actor
                for actor in (self._actors[a] for a in self._names.ids(key))
                if actor.label != MEETING and (first.upper or prefix or actor.label == POPULATION)
            )
            if found:
                best = Match(found, j + 1, False)
        return best


def text_value(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def is_acronym(text: str) -> bool:
    return bool(ACRONYM.fullmatch(text) or MIXED_ACRONYM.fullmatch(text))
