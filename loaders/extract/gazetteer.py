"""Known actors by name, alias and acronym: the graph's, looked up token by token."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from graph_api.records import Node
from graph_api.text import normalize

from .records import KNOWN_LABELS, MEETING, POPULATION
from .sentences import Token
from .text import NAME_PUNCTUATION, add_canonical, canonical


@dataclass(frozen=True, slots=True)
class KnownActor:
    """An actor of the graph the extractor can recognise."""

    id: str
    label: str
    name: str
    country: str | None = None
    kind: str | None = None


class Match(NamedTuple):
    actor: KnownActor
    end: int  # index of the token after the match
    by_acronym: bool


ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9]{1,9}")


MIXED_ACRONYM = re.compile(r"[A-Z][a-z]*[A-Z][A-Za-z]*")


class Gazetteer:
    """Known actors by name, English name, alias and acronym.

    Names match accent- and case-insensitively, longest first, with "del"/"de
    el" and "de la"/"de" alike ("Cancillería", "Ministerio de Relaciones
    Exteriores" and "MRE" are one actor). Acronyms match as whole words, as
    written or capitalised when four letters or more ("MINSA", "Minsa"), never
    in lower case. A name two actors share is left out rather than guessed.

    >>> g = Gazetteer.from_nodes([Node("pe-mre", "Institution", {"name": "Ministerio de Relaciones Exteriores",
    ...     "aliases": ["Cancillería"], "acronym": "MRE"})])
    >>> g.lookup("cancilleria").id
    'pe-mre'
    """

    def __init__(
        self, actors: Iterable[KnownActor], names: Mapping[tuple[str, ...], str], acronyms: Mapping[str, str]
    ) -> None:
        self._actors = {actor.id: actor for actor in actors}
        self._names = dict(names)
        self._acronyms = dict(acronyms)
        self._capitalised = {a.capitalize(): i for a, i in self._acronyms.items() if len(a) >= 4 and a.isupper()}
        self._prefixes = {key[:n] for key in self._names for n in range(1, len(key) + 1)}
        self._keys: dict[str, list[tuple[str, ...]]] = {}
        for key, actor_id in self._names.items():
            self._keys.setdefault(actor_id, []).append(key)

    @classmethod
    def from_nodes(cls, nodes: Iterable[Node]) -> Gazetteer:
        """A gazetteer of the institutions, programmes, bodies, meetings and populations among `nodes`."""
        actors: list[KnownActor] = []
        names: dict[tuple[str, ...], set[str]] = {}
        acronyms: dict[str, set[str]] = {}
        for node in nodes:
            if node.label not in KNOWN_LABELS:
                continue
            props = node.properties
            actors.append(
                KnownActor(
                    node.id, node.label, node.name, text_value(props.get("country")), text_value(props.get("kind"))
                )
            )
            aliases = props.get("aliases")
            values = [props.get("name"), props.get("name_en"), *(aliases if isinstance(aliases, list) else [])]
            for value in (v.strip() for v in values if isinstance(v, str) and v.strip()):
                key = canonical(normalize(value).split())
                names.setdefault(key, set()).add(node.id)
                if ACRONYM.fullmatch(value):
                    acronyms.setdefault(value, set()).add(node.id)
            acronym = text_value(props.get("acronym"))
            if acronym:
                acronyms.setdefault(acronym, set()).add(node.id)
        return cls(
            actors,
            {key: next(iter(ids)) for key, ids in names.items() if len(ids) == 1},
            {acronym: next(iter(ids)) for acronym, ids in acronyms.items() if len(ids) == 1},
        )

    def __len__(self) -> int:
        return len(self._actors)

    def get(self, actor_id: str) -> KnownActor | None:
        return self._actors.get(actor_id)

    def lookup(self, name: str) -> KnownActor | None:
        """The actor with exactly this name, alias or acronym (compared loosely), if one."""
        actor_id = self._names.get(canonical(normalize(name).split())) or self._acronyms.get(name.strip())
        return self._actors.get(actor_id) if actor_id else None

    def _keys_of(self, actor_id: str) -> list[tuple[str, ...]]:
        return self._keys.get(actor_id, [])

    def _match(self, tokens: Sequence[Token], i: int, prefix: tuple[str, ...] = ()) -> Match | None:
        """The longest known actor named from tokens[i] on (read after `prefix` words), if any."""
        first = tokens[i]
        if not first.word:
            return None
        best: Match | None = None
        if not prefix:
            acronym_id = self._acronyms.get(first.text) or self._capitalised.get(first.text)
            if acronym_id is not None:
                best = Match(self._actors[acronym_id], i + 1, True)
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
            if key not in self._prefixes:
                break
            actor = self._actors.get(self._names.get(key, ""))
            # Meetings are found by their body, not by name; a population may be written in lower case.
            if actor is not None and actor.label != MEETING and (first.upper or actor.label == POPULATION):
                best = Match(actor, j + 1, False)
        return best


def text_value(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def is_acronym(text: str) -> bool:
    return bool(ACRONYM.fullmatch(text) or MIXED_ACRONYM.fullmatch(text))
