"""Text folding and name keys: one character for one (positions survive), loose comparison of name words, slugs.

The function words are data: schema/lexicon/es/grammar.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from graph_api.model.text import normalize
from loaders.press.lexicon import words

TOKEN = re.compile(r"\w+|[^\w\s]")


ARTICLES = words("grammar", "articles")
DETERMINERS = words("grammar", "determiners")
# Headlines drop articles: "Cancillería instala Consejo…", "Defensoría impulsa grupo de trabajo…".
HEADLINE_VERBS = words("grammar", "headline_verbs")
CONNECTORS = words("grammar", "connectors")
WORD_ACRONYMS = words("grammar", "word_acronyms")


NAME_PUNCTUATION = frozenset({",", "-", "‐"})


@cache
def fold_char(char: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so that positions in it are positions in `text`."""
    return "".join(fold_char(c) for c in text)


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


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")[:60].rstrip("-") or "x"
