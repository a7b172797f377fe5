"""Sentences and their tokens, with the tables that let later stages answer by bisection."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.press.lexicon import words
from loaders.press.records import Evidence
from loaders.press.text import TOKEN, fold

# Parentheses inside an enumeration hold units ("Salud (SIS)"); an enumeration in those, and so on, is read only
# this deep, so that a run of nested parentheses costs no recursion.
MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    key: str  # folded

    @property
    def word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def upper(self) -> bool:
        return self.text[0].isupper()


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    folded: str
    tokens: tuple[Token, ...]
    starts: tuple[int, ...]  # each token's start, for bisection: a sentence may have a hundred thousand tokens

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.start, self.end, self.text)

    def token_at(self, offset: int, after: int = 0) -> int | None:
        """The index of the token starting at the absolute `offset`, if any."""
        k = bisect.bisect_left(self.starts, offset, after)
        return k if k < len(self.starts) and self.starts[k] == offset else None

    def first_from(self, offset: int, after: int = 0) -> int:
        """The index of the first token (from `after` on) starting at or after the absolute `offset`."""
        return bisect.bisect_left(self.starts, offset, after)


# A sentence ends at a full stop before a capital, also with a dash between ("Lima, 1 de julio.— La…").
# It starts only at the first mark of a run: from a later one the rest of the pattern would see the same text,
# so trying it again from each mark of a long run ("......") before long spaces would be quadratic.
SENTENCE_END = re.compile(
    r"(?<![.!?…])[.!?…]+[\"'”»)]*(?:(?=\s+[\"'“«¿¡(]?[A-ZÁÉÍÓÚÑ0-9])|[ \t]*[—–-]+(?=[ \t]*[\"'“«¿¡(]?[A-ZÁÉÍÓÚÑ0-9]))"
)


ABBREVIATIONS = words("grammar", "abbreviations")


LIST_BULLETS = frozenset("-•*–·‐")


PARAGRAPH_END = '.!?:;…"”»)'


def split_sentences(text: str) -> list[Sentence]:
    spans: list[tuple[int, int]] = []
    for start, end in paragraphs_of(text):
        cut = start
        for match in SENTENCE_END.finditer(text, start, end):
            if not is_abbreviation(text, match.start()):
                spans.append((cut, match.end()))
                cut = match.end()
        spans.append((cut, end))
    sentences = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            piece = text[start:end]
            tokens = tuple(
                Token(m.group(), start + m.start(), start + m.end(), fold(m.group())) for m in TOKEN.finditer(piece)
            )
            sentences.append(Sentence(start, end, piece, fold(piece), tokens, tuple(t.start for t in tokens)))
    return sentences


def shifted(sentence: Sentence, by: int) -> Sentence:
    """The sentence with its offsets moved by `by` characters."""
    tokens = tuple(Token(t.text, t.start + by, t.end + by, t.key) for t in sentence.tokens)
    return Sentence(
        sentence.start + by,
        sentence.end + by,
        sentence.text,
        sentence.folded,
        tokens,
        tuple(t.start for t in tokens),
    )


def closes_of(items: Sequence[Token] | Sequence[tuple[int, str]]) -> tuple[int, ...]:
    """For each item, the index of the first ")" at or after it; len(items) where there is none."""
    closes = [len(items)] * len(items)
    following = len(items)
    for k in range(len(items) - 1, -1, -1):
        item = items[k]
        if (item.text if isinstance(item, Token) else item[1]) == ")":
            following = k
        closes[k] = following
    return tuple(closes)


def paragraphs_of(text: str) -> list[tuple[int, int]]:
    """Lines, except that a line continues the paragraph before it when it is part of it.

    A line starting in lower case continues a line not ended by punctuation; a dash item ("-Hacienda.")
    continues the line that announces it ("… los ministerios de:") and the items before it, blank lines
    between them or not, so that a list and its cue are one sentence.
    """
    paragraphs: list[tuple[int, int]] = []
    offset = 0
    last = ""  # the last character of the previous non-blank line: the paragraph's, as that line ends it
    listing = False  # the previous non-blank line announced a list or was one of its items
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        previous = paragraphs[-1] if paragraphs else None
        item = (stripped[0] in LIST_BULLETS and len(stripped) > 1 and not stripped[1].isspace()) or (
            stripped[0] in LIST_BULLETS and len(stripped) > 2 and stripped[2].isupper()
        )
        if (previous is not None and item and listing) or (
            previous is not None and previous[1] == start - 1 and stripped[0].islower() and last not in PARAGRAPH_END
        ):
            paragraphs[-1] = (previous[0], end)
        else:
            paragraphs.append((start, end))
        last = stripped[-1]
        listing = last == ":" or (item and listing) or (item and stripped.endswith(("y", ";", ",")))
    return paragraphs


def is_abbreviation(text: str, dot: int) -> bool:
    match = re.search(r"(\w+)$", text[max(0, dot - 12) : dot])
    if match is None:
        return False
    word = match.group(1)
    return (len(word) == 1 and word.isupper()) or word.lower() in ABBREVIATIONS
