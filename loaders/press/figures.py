"""Population figures: "casi tres millones de peruanos que viven en el extranjero".

The words are data: schema/lexicon/es/numbers.yaml. `FIGURE` reads a number
(digits, "1,2", "120.000", "120 000", or words: "ciento treinta y cinco"), its
multiplier ("mil", "millones") and the qualifier before it ("más de"); a
number that closes a range ("entre 50 y 100", "de 50 a 100") is none. `PEOPLE`
reads, after a figure, the people it counts: numbers of applications or
permits are not populations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.errors import DataFileError, Problem
from loaders.press.lexicon import lexicon_dir, word_list, word_map

__all__ = ["FIGURE", "FIGURE_STARTS", "MULTIPLIERS", "NUMBER_WORDS", "PEOPLE", "QUALIFIERS", "figure_value"]


def _numbers(key: str) -> dict[str, float]:
    table = word_map("numbers", key)
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in table.values()):
        raise DataFileError([Problem(lexicon_dir() / "numbers.yaml", 1, f"'{key}' must map words to numbers")])
    return {str(word): float(value) for word, value in table.items()}


def alternatives(phrases: Iterable[str]) -> str:
    """A regular expression for any of `phrases`, longest first; a space in one stands for any white space."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


UNITS = _numbers("units")
TEENS = _numbers("teens")
TENS = _numbers("tens")
HUNDREDS = _numbers("hundreds")
HALF = word_list("numbers", "half")
MULTIPLIERS = _numbers("multipliers")
NUMBER_WORDS: dict[str, float] = {**UNITS, **TEENS, **TENS, **HUNDREDS, **dict.fromkeys(HALF, 0.5)}
QUALIFIERS = word_list("numbers", "qualifiers")
FIGURE_STARTS = frozenset(q.split()[0] for q in QUALIFIERS)


def _not_after(words: Iterable[str], links: Iterable[str]) -> str:
    """Look-behinds refusing a position right after a number and a link ("50 y ", "cincuenta a ", "mil ").

    A number there closes a range ("entre 50 y 100") or ends a longer one ("dos mil quinientos").
    Python's look-behinds are of fixed width: one for each width.
    """
    by_width: dict[int, set[str]] = {}
    for word, width in [*((rf"\b{re.escape(w)}", len(w)) for w in words), (r"\d", 1)]:
        for link in links:
            piece = rf"{word}\s{re.escape(link)}\s" if link else rf"{word}\s"
            by_width.setdefault(width + (len(link) + 2 if link else 1), set()).add(piece)
    return "".join(rf"(?<!{'|'.join(sorted(pieces))})" for _, pieces in sorted(by_width.items()))


_UNIT, _TEEN, _TEN, _HUNDRED = (alternatives(t) for t in (UNITS, TEENS, TENS, HUNDREDS))
_TENS_AND_UNITS = rf"(?:{_TEN})(?:\s+y\s+(?:{_UNIT}))?\b|(?:{_TEEN}|{_UNIT})\b"
_IN_WORDS = rf"(?:{_HUNDRED})(?:\s+(?:{_TENS_AND_UNITS})|\b)|{_TENS_AND_UNITS}|(?:{alternatives(HALF)})\b"
_MULTIPLIER = alternatives(MULTIPLIERS)

FIGURE = re.compile(
    _not_after([*NUMBER_WORDS, *MULTIPLIERS], ["", *word_list("numbers", "range_links")])
    + rf"(?:(?P<qualifier>{alternatives(QUALIFIERS)})\s+)?"
    rf"(?P<number>\d{{1,3}}(?:[.,\s]\d{{3}})+(?!\d)|\d+(?:[.,]\d+)?|{_IN_WORDS}"
    rf"|(?(qualifier)(?:{_MULTIPLIER})\b|(?!)))"  # "más de mil": a multiplier alone, after a qualifier
    rf"(?:\s+(?P<multiplier>{_MULTIPLIER})\b(?:\s+(?P<rest>{_IN_WORDS}))?)?"
    rf"(?P<half>\s+y\s+(?:{alternatives(HALF)}))?(?:\s+de)?\s+"
)


_PEOPLE_WORDS = alternatives(word_list("numbers", "people"))
_NATIONALITY = rf"[a-z]{{3,}}(?:{alternatives(word_list('numbers', 'nationality_endings'))})"
_QUALIFIER = alternatives(word_list("numbers", "people_qualifiers"))

PEOPLE = re.compile(
    rf"(?:(?:{_PEOPLE_WORDS}|{alternatives(word_list('numbers', 'people_groups'))})\s+)?"
    rf"(?:{_PEOPLE_WORDS}|{_NATIONALITY})\b"
    rf"(?:\s+(?:{_QUALIFIER}|{_NATIONALITY})\b)?(?:\s+y\s+(?:{_QUALIFIER})\b)?"
    rf"(?P<clause>\s+(?P<that>que\s+)?(?:{alternatives(word_list('numbers', 'residence_verbs'))}"
    rf"|{alternatives(word_list('numbers', 'residence_words'))})"
    rf"(?:\s+(?:{alternatives(word_list('numbers', 'residence_links'))}))?(?:\s+(?:el|la|los|las))?\s+[a-z]+)?"
)


def figure_value(match: re.Match[str]) -> tuple[int, bool]:
    """The size a FIGURE match gives, and whether a qualifier makes it approximate."""
    number = match.group("number")
    multiplier = MULTIPLIERS.get(match.group("multiplier") or "", 1.0)
    if number in MULTIPLIERS:  # "más de mil"
        value = MULTIPLIERS[number]
    elif number[0].isalpha():
        value = words_value(number)
    elif re.fullmatch(r"\d{1,3}(?:[.\s]\d{3})+", number):
        value = float(re.sub(r"[.\s]", "", number))  # Spanish thousands separators: 1.200.000, 120 000
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+", number) and (match.group("multiplier") is None or number.count(",") > 1):
        value = float(number.replace(",", ""))  # thousands written with commas, as in Mexico: 1,200
    else:
        value = float(number.replace(",", "."))  # a decimal comma (1,2 millones) or point
    if match.group("half"):
        value += 0.5
    rest = words_value(match.group("rest")) if match.group("rest") else 0.0  # "dos mil quinientos"
    return round(value * multiplier + rest), match.group("qualifier") is not None


def words_value(number: str) -> float:
    """ "ciento treinta y cinco" → 135."""
    return sum(NUMBER_WORDS[word] for word in number.split() if word != "y")
