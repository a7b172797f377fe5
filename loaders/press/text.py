"""The extractor's Spanish name words: loose comparison of names ("del" is "de"), the function words, tokens.

The folding, normaliser and slugs are graph_api.model.text's (re-exported here for the extractor's modules);
the function words are data: schema/lexicon/es/grammar.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph_api.model.text import fold, normalize, slug
from loaders.press.lexicon import words

__all__ = [
    "ARTICLES",
    "CONNECTORS",
    "DETERMINERS",
    "HEADLINE_VERBS",
    "NAME_PUNCTUATION",
    "TOKEN",
    "WORD_ACRONYMS",
    "add_canonical",
    "canonical",
    "fold",
    "name_key",
    "slug",
]

TOKEN = re.compile(r"\w+|[^\w\s]")


ARTICLES = words("grammar", "articles")
DETERMINERS = words("grammar", "determiners")
# Headlines drop articles: "Cancillería instala Consejo…", "Defensoría impulsa grupo de trabajo…".
HEADLINE_VERBS = words("grammar", "headline_verbs")
CONNECTORS = words("grammar", "connectors")
WORD_ACRONYMS = words("grammar", "word_acronyms")


NAME_PUNCTUATION = frozenset({",", "-", "‐"})


def canonical(words: Iterable[str]) -> tuple[str, ...]:
    """Name words compared loosely: "del" is "de", "e" is "y", and articles after "de" do not count.

    So "Ministerio de Interior" finds "Ministerio del Interior", and "de la
    Mujer" in an enumeration finds "Ministerio de la Mujer…".
    """
    out: list[str] = []
    for word in words:
        add_canonical(out, word)
    return tuple(out)


def add_canonical(out: list[str], word: str) -> bool:
    word = {"del": "de", "e": "y"}.get(word, word)
    if word in ARTICLES and out and out[-1] == "de":
        return False
    out.append(word)
    return True


def name_key(name: str) -> tuple[str, ...]:
    """The gazetteer's key for a name: its normalised words, compared loosely (`canonical`).

    >>> name_key("Ministerio del Interior") == name_key("ministerio de interior")
    True
    """
    return canonical(normalize(name).split())
