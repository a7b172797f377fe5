"""The country a document is about, and the countries its words name.

The words are data: schema/lexicon/es/places.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pycountry

from loaders.press.documents import SourceDocument
from loaders.press.errors import DocumentError
from loaders.press.lexicon import word_map
from loaders.press.sentences import Sentence
from loaders.press.text import fold

COUNTRIES: dict[str, str] = {str(k): str(v) for k, v in word_map("places", "countries").items()}
COUNTRY_WORDS = max(len(name.split()) for name in COUNTRIES)
NATIONALITIES: dict[str, str] = {
    f"{stem}{ending}": str(code)
    for stem, code in word_map("places", "demonyms").items()
    for ending in ("", "o", "a", "os", "as", "e", "es")
    if f"{stem}{ending}" not in COUNTRIES or ending == ""
}
CITIES: dict[str, str] = {str(k): str(v) for k, v in word_map("places", "cities").items()}
_NAMES = re.compile(
    r"\b(" + "|".join(sorted((re.escape(n) for n in (*COUNTRIES, *CITIES)), key=len, reverse=True)) + r")\b"
)


def country_at(words: Sequence[str]) -> tuple[str, int] | None:
    """The country named by the first folded `words` ("peru", "costa rica") and how many words name it."""
    for size in range(COUNTRY_WORDS, 0, -1):
        name = " ".join(words[:size])
        if len(words) >= size and name in COUNTRIES:
            return COUNTRIES[name], size
    return None


def document_country(
    doc: SourceDocument, sentences: Sequence[Sentence], actors: Mapping[str, int] | None = None
) -> str | None:
    """The country a document is about: its front matter's, else what its dateline, publisher and words say.

    Votes: a dateline city three; the publisher's country two; when neither says, each known actor only
    one country has (`actors`: country → how many) one — a graph of one country's actors makes every
    generic name look like that country's, so they never outvote a dateline; each country, city or demonym
    (after a capitalised word: "la Cancillería colombiana") the text names one, however often — a release
    that names Venezuela five times is about Venezuelans as often as about Venezuela. A tie is no country.
    """
    declared = doc.metadata.get("country")
    if declared:
        code = declared.strip().upper()
        if pycountry.countries.get(alpha_2=code) is None:
            raise DocumentError(
                doc.path, f"country {declared!r} is not an ISO 3166-1 alpha-2 code (such as PE, CO, MX)"
            )
        return code
    votes: dict[str, int] = {}

    def vote(code: str, weight: int) -> None:
        votes[code] = votes.get(code, 0) + weight

    for sentence in sentences[:3]:
        dateline = re.match(r"([a-z ]+),\s+\d{1,2}\s+de\s+[a-z]+", sentence.folded)
        if dateline and dateline.group(1).strip() in CITIES:
            vote(CITIES[dateline.group(1).strip()], 3)
    for match in _NAMES.finditer(fold(doc.metadata.get("publisher", ""))):
        vote(COUNTRIES.get(match.group(1)) or CITIES[match.group(1)], 2)
    if not votes:
        for code, n in (actors or {}).items():
            vote(code, n)
    named: set[str] = set()
    text = fold(doc.text)
    spans = []
    for match in _NAMES.finditer(text):
        name = match.group(1)
        named.add(COUNTRIES.get(name) or CITIES[name])
        spans.append(match.span())
    # A demonym counts after a capitalised word ("la Cancillería colombiana", "el Estado peruano"), not after a
    # common noun: "migrantes venezolanos" says where people come from, not where the text is; nor inside a
    # country's name ("República Dominicana").
    for match in re.finditer(r"(?<!\w)([A-ZÁÉÍÓÚÑ]\w+)\s+(\w+)", doc.text):
        word = fold(match.group(2))
        inside = any(a <= match.start(2) < b for a, b in spans)
        if word in NATIONALITIES and word not in COUNTRIES and not inside:
            named.add(NATIONALITIES[word])
    for code in named:
        vote(code, 1)
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
