"""Organisations as 3W sheets write them: abbreviated heads ("Min. de Salud", "Gob. Reg. de Tumbes") spelt out,
and the known names closest to one that matches nothing, for the curator who reviews it."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from graph_api.model.text import normalize

__all__ = ["closest_names", "expand_abbreviations"]

# The heads of Spanish public bodies that sheets shorten. A token matches with its dot ("Min.", any case) or,
# capitalised, without one ("Min de Salud"); lower-case words without a dot are left alone.
ABBREVIATIONS = {
    "min": "Ministerio",
    "mun": "Municipalidad",
    "muni": "Municipalidad",
    "sec": "Secretaría",
    "secr": "Secretaría",
    "dir": "Dirección",
    "gob": "Gobierno",
    "reg": "Regional",
    "prov": "Provincial",
    "dist": "Distrital",
    "nac": "Nacional",
    "gral": "General",
    "of": "Oficina",
    "ofic": "Oficina",
    "inst": "Instituto",
    "asoc": "Asociación",
    "org": "Organización",
    "int": "Internacional",
    "comis": "Comisión",
    "def": "Defensoría",
    "depto": "Departamento",
    "dpto": "Departamento",
    "sist": "Sistema",
    "serv": "Servicio",
    "superint": "Superintendencia",
}
_STOPWORDS = frozenset({"de", "del", "la", "las", "los", "el", "y", "e", "para", "en", "por", "a", "sobre", "peru"})
_TOKEN = re.compile(r"\b([A-Za-zÁÉÍÓÚáéíóúÑñ]+)(\.|\b)")


def expand_abbreviations(name: str) -> str:
    """`name` with its abbreviated words spelt out.

    >>> expand_abbreviations("Min. de Salud"), expand_abbreviations("Gob. Reg. de Tumbes")
    ('Ministerio de Salud', 'Gobierno Regional de Tumbes')
    >>> expand_abbreviations("Mun Prov. de Sullana"), expand_abbreviations("Fundación min de todo")
    ('Municipalidad Provincial de Sullana', 'Fundación min de todo')
    """

    def spell(match: re.Match[str]) -> str:
        word, dot = match.group(1), match.group(2)
        full = ABBREVIATIONS.get(word.lower())
        if full is None or not (dot or (word[:1].isupper() and word[1:].islower())):
            return match.group()
        return full

    return " ".join(_TOKEN.sub(spell, name).split())


def _words(name: str) -> list[str]:
    return [w for w in normalize(expand_abbreviations(name)).split() if w not in _STOPWORDS]


def closest_names(name: str, known: Sequence[str], limit: int = 3, cutoff: float = 0.3) -> tuple[str, ...]:
    """The `limit` names of `known` most like `name`, best first, none scoring under `cutoff` (of 1).

    The score is the share of `name`'s words a known name has, each word counting by how rare it is among the
    known names (inverse document frequency): the head all ministries share weighs little beside the word that
    tells one from another. rapidfuzz's own scorers, on whole names, ranked "Ministerio de Salud" first for
    "Min. de la Mujer y Poblaciones Vulnerables" for that head. A word matches a misspelling of itself
    (rapidfuzz's ratio of 85 or more); abbreviations are spelt out, case and accents ignored.

    >>> known = ["Ministerio de Salud", "Ministerio de la Mujer y Desarrollo Social", "Defensoría del Pueblo"]
    >>> closest_names("Min. de la Mujer y Poblaciones Vulnerables", known)
    ('Ministerio de la Mujer y Desarrollo Social',)
    >>> closest_names("Ministero de Salud", known)[0], closest_names("Cruz Roja Peruana", known)
    ('Ministerio de Salud', ())
    """
    query = set(_words(name))
    candidates = {choice: set(_words(choice)) for choice in dict.fromkeys(known)}
    frequency: dict[str, int] = {}
    for words in candidates.values():
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    total = len(candidates) + 1

    def weight(word: str) -> float:
        return math.log(1 + total / (1 + frequency.get(word, 0)))

    scores = []
    for choice, words in candidates.items():
        if not words or not query:
            continue
        shared = 0.0
        for word in query:
            match = process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=85)
            if match is not None:
                shared += weight(word) * match[1] / 100
        score = shared / sum(weight(w) for w in query)
        if score >= cutoff:
            scores.append((-score, choice))
    return tuple(choice for _, choice in sorted(scores)[:limit])
