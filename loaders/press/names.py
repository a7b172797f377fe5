"""The shapes of institutional names: the head words that start them, the label and kind they propose.

The words are data: schema/lexicon/es/names.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from loaders.press.lexicon import word_map, words
from loaders.press.records import BODY, INSTITUTION, PROGRAM
from loaders.press.sentences import Token

_LABELS = {"Institution": INSTITUTION, "Program": PROGRAM, "CoordinationBody": BODY}


@cache
def _heads() -> dict[tuple[str, ...], tuple[str, str | None]]:
    heads: dict[tuple[str, ...], tuple[str, str | None]] = {}
    for group, listed in word_map("names", "heads").items():
        label, _, kind = str(group).partition("/")
        for head in listed:
            heads[tuple(str(head).split())] = (_LABELS[label], kind or None)
    return heads


# The first word(s) of an institution's name, the label it proposes and the kind of institution.
HEADS = _heads()
# The heads by their first word, longest first: a token that starts none costs one lookup.
_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(sorted((h for h in HEADS if h[0] == first), key=len, reverse=True)) for first in {h[0] for h in HEADS}
}
# A name stops before one of these: "Oficina de Enlace de la Superintendencia…" is two institutions.
BREAKING_HEADS = frozenset(tuple(head.split()) for head in words("names", "breaking_heads"))
MASCULINE_HEADS = words("names", "masculine_heads")
INTERNATIONAL_WORDS = frozenset(tuple(phrase.split()) for phrase in words("names", "international_words"))
ABBREVIATED_HEADS: dict[str, str] = {str(k): str(v) for k, v in word_map("names", "abbreviated_heads").items()}
PLURAL_HEADS: dict[str, str] = {str(k): str(v) for k, v in word_map("names", "plural_heads").items()}
PLURAL_ADJECTIVES: dict[str, str] = {str(k): str(v) for k, v in word_map("names", "plural_adjectives").items()}
ROLE_CUES = frozenset(tuple(cue.split()) for cue in words("names", "role_cues"))
ROLE_HEADS = words("names", "role_heads")
ROLE_ADJECTIVES = words("names", "role_adjectives")
STANDALONE_HEADS = frozenset(tuple(head.split()) for head in words("names", "standalone_heads"))
NATIONAL_QUALIFIERS = words("names", "national_qualifiers")
EMBEDDED_NAMES = frozenset(tuple(name.split()) for name in words("names", "embedded_names"))
GOVERNMENT_NAMES = frozenset(tuple(name.split()) for name in words("names", "government_names"))


def head_at(tokens: Sequence[Token], i: int) -> tuple[str, ...] | None:
    """The longest head word(s) starting at tokens[i], if any."""
    heads = _BY_FIRST.get(tokens[i].key)
    if heads is None:
        return None
    for head in heads:
        if i + len(head) <= len(tokens) and all(tokens[i + j].key == head[j] for j in range(1, len(head))):
            return head
    return None


def kind_of(head: tuple[str, ...], key: tuple[str, ...]) -> str | None:
    label, kind = HEADS[head]
    if label != INSTITUTION:
        return None
    if any(tuple(key[k : k + len(words)]) == words for words in INTERNATIONAL_WORDS for k in range(len(key))):
        return "international-organisation"
    if head in {("seguro",), ("sistema",)} and "salud" in key:
        return "health-insurance"
    if head == ("fondo",) and "vivienda" in key:
        return "housing-fund"
    if "estadistica" in key or "estadisticas" in key:
        return "statistics-office"
    return kind


def is_government(key: Sequence[str]) -> bool:
    """Whether a name is the government as such ("Gobierno Nacional", "Consejo de Ministros"): not an actor."""
    return tuple(key) in GOVERNMENT_NAMES


def after_role_cue(tokens: Sequence[Token], i: int) -> bool:
    """Whether tokens[i] starts a role after the words that give one ("oficia de Secretaría Ejecutiva …")."""
    if tokens[i].key not in ROLE_HEADS or i + 1 >= len(tokens) or tokens[i + 1].key not in ROLE_ADJECTIVES:
        return False
    return any(tuple(t.key for t in tokens[max(0, i - len(cue)) : i]) == cue for cue in ROLE_CUES)
