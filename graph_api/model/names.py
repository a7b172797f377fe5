"""Ranking of name matches, shared by both stores so that they agree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graph_api.model.errors import UserInputError
from graph_api.model.records import Node
from graph_api.model.text import normalize

__all__ = ["MAX_SEARCH_WORDS", "MAX_SEARCH_WORD_LENGTH", "check_search_text", "match_score", "name_keys", "rank"]

# Far above any name's, and far below Lucene's limits (1,024 clauses, 1,000 characters a prefix term), which
# the Neo4j store would otherwise hit as an internal error while the embedded one answered.
MAX_SEARCH_WORDS = 32
MAX_SEARCH_WORD_LENGTH = 100


def check_search_text(query: str) -> None:
    """Refuse a normalised search text with too many or too long words (UserInputError).

    >>> check_search_text("ministerio de relaciones exteriores")
    >>> check_search_text("a" * 101)
    Traceback (most recent call last):
    ...
    graph_api.model.errors.UserInputError: search words have at most 100 characters; one has 101
    """
    words = query.split()
    if len(words) > MAX_SEARCH_WORDS:
        raise UserInputError(f"search for at most {MAX_SEARCH_WORDS} words at once; the text has {len(words)}")
    longest = max(map(len, words), default=0)
    if longest > MAX_SEARCH_WORD_LENGTH:
        raise UserInputError(f"search words have at most {MAX_SEARCH_WORD_LENGTH} characters; one has {longest}")


# A name is matched on at most this many characters, and a node on at most this many characters of names, on
# both stores alike: Neo4j's text index refuses a value over 32 KB (an extractor can take a 92 KB sentence for
# a name), and no real name comes near.
MAX_KEY_LENGTH = 300
MAX_KEYS_LENGTH = 8_000


def name_keys(properties: Mapping[str, Any], searchable: Sequence[str]) -> list[str]:
    """The normalised names a node can be found by (each cut to MAX_KEY_LENGTH, MAX_KEYS_LENGTH in all)."""
    keys: list[str] = []
    room = MAX_KEYS_LENGTH
    for prop in searchable:
        value = properties.get(prop)
        values = value if isinstance(value, list) else [value]
        for key in (normalize(v)[:MAX_KEY_LENGTH].strip() for v in values if isinstance(v, str)):
            if key and len(key) + 4 <= room:
                keys.append(key)
                room -= len(key) + 4
    return keys


def match_score(query: str, keys: Iterable[str]) -> int:
    """How well a normalised query matches a node's keys; 0 means no match.

    An exact name beats a name that starts with the query, which beats a name
    in which every query word starts a word. Nothing else matches, so a store
    can find every candidate with a word-prefix index.

    >>> match_score("cancilleria", ["ministerio de relaciones exteriores", "cancilleria"])
    100
    >>> match_score("rel ext", ["ministerio de relaciones exteriores"])
    40
    """
    words = query.split()
    best = 0
    for key in keys:
        if key == query:
            return 100
        if key.startswith(query):
            best = max(best, 60)
        elif all(any(kw.startswith(w) for kw in key.split()) for w in words):
            best = max(best, 40)
    return best


def rank(text: str, candidates: Iterable[Node], searchable: Sequence[str], limit: int) -> list[Node]:
    """The `limit` best candidates for `text`, best first, ties by name then id."""
    query = normalize(text)
    if not query:
        return []
    scored = []
    for node in candidates:
        score = match_score(query, name_keys(node.properties, searchable))
        if score:
            scored.append((-score, normalize(node.name), node.id, node))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:limit]]
