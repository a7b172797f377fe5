"""The country a document is about."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..document_text import SourceDocument
from .sentences import Sentence
from .text import fold

# fmt: off
COUNTRIES = {
    "peru": "PE", "ecuador": "EC", "colombia": "CO", "chile": "CL", "bolivia": "BO", "venezuela": "VE",
    "argentina": "AR", "brasil": "BR", "mexico": "MX", "paraguay": "PY", "uruguay": "UY",
}


# fmt: on
# fmt: off
NATIONALITIES = {
    stem + ending: code
    for stem, code in (
        ("peruan", "PE"), ("ecuatorian", "EC"), ("colombian", "CO"), ("chilen", "CL"), ("bolivian", "BO"),
        ("venezolan", "VE"), ("argentin", "AR"), ("brasilen", "BR"), ("mexican", "MX"),
    )
    for ending in ("o", "a")
}


# fmt: on
# fmt: off
CITIES = {
    "lima": "PE", "tumbes": "PE", "tacna": "PE", "arequipa": "PE", "cusco": "PE", "piura": "PE",
    "quito": "EC", "guayaquil": "EC", "bogota": "CO", "cucuta": "CO", "santiago": "CL", "caracas": "VE",
}


def document_country(doc: SourceDocument, sentences: Sequence[Sentence]) -> str | None:
    """The country a document is about: from its front matter, else its dateline and the countries it names."""
    declared = doc.metadata.get("country")
    if declared:
        return declared.upper()
    votes: dict[str, int] = {}
    for sentence in sentences[:3]:
        dateline = re.match(r"([a-z ]+),\s+\d{1,2}\s+de\s+[a-z]+", sentence.folded)
        if dateline and dateline.group(1).strip() in CITIES:
            code = CITIES[dateline.group(1).strip()]
            votes[code] = votes.get(code, 0) + 2
    for word in re.findall(r"[a-z]+", fold(" ".join([doc.text, doc.metadata.get("publisher", "")]))):
        if word in COUNTRIES:
            votes[COUNTRIES[word]] = votes.get(COUNTRIES[word], 0) + 1
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
