"""Whether a text reads as Spanish or English, by its function words (a stop-word test, enough for press releases)."""

from __future__ import annotations

import re

__all__ = ["SPANISH_WORDS", "looks_english", "words"]

_WORD = re.compile(r"[a-záéíóúüñ]+")
SPANISH_WORDS = frozenset(
    [
        "de",
        "la",
        "el",
        "en",
        "y",
        "los",
        "las",
        "del",
        "que",
        "por",
        "con",
        "para",
        "una",
        "un",
        "se",
        "su",
        "sus",
        "al",
        "es",
        "lo",
        "como",
        "más",
        "pero",
        "ya",
        "fue",
        "este",
        "esta",
        "entre",
        "sin",
        "sobre",
        "también",
        "ha",
        "han",
        "será",
        "sido",
        "nuestros",
    ]
)
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "for",
        "with",
        "on",
        "that",
        "by",
        "as",
        "will",
        "its",
        "from",
        "was",
        "has",
        "are",
        "be",
        "at",
        "this",
        "an",
        "which",
        "their",
        "have",
        "it",
        "were",
        "been",
        "who",
    ]
)


def words(text: str) -> list[str]:
    """The words of `text`, case-folded."""
    return _WORD.findall(text.casefold())


def looks_english(text: str) -> bool:
    """Whether English function words outnumber Spanish ones (a stop-word test, enough for press releases)."""
    found = words(text)
    english = sum(w in _ENGLISH_WORDS for w in found)
    spanish = sum(w in SPANISH_WORDS for w in found)
    return english >= 3 and english > spanish
