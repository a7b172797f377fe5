"""The migrant needs that a 3W sheet's sectors name: the vocabulary's terms, their labels, R4V partners' names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph_api.model.ontology import Ontology, Term
from graph_api.model.text import normalize
from loaders.errors import LoaderError

__all__ = ["Needs"]

# Names and codes that R4V partners use for its sectors, besides each term's
# id, Spanish and English labels. Parenthesised parts are matched on their own
# too, so "Agua, saneamiento e higiene (ASH)" needs no entry of its own.
_SECTOR_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "food-security": ("Asistencia alimentaria", "Food assistance"),
    "health": ("Atención de salud", "Healthcare", "Health care"),
    "humanitarian-transportation": ("Humanitarian transport", "Transporte"),
    "integration": ("Integración socioeconómica", "Socio-economic integration", "Socioeconomic integration"),
    "protection": ("Protección general", "General protection"),
    "child-protection": ("Protección infantil", "Protección de niñas, niños y adolescentes", "Niñez"),
    "gender-based-violence": ("VBG", "GBV", "Violencia de género"),
    "trafficking-and-smuggling": (
        "Trata y tráfico",
        "Trata de personas",
        "Human trafficking",
        "Trafficking and smuggling",
    ),
    "shelter": ("Albergue", "Alojamiento temporal"),
    "wash": ("WASH", "ASH", "Water, sanitation and hygiene", "Agua y saneamiento"),
    "multipurpose-cash": (
        "Multipurpose cash",
        "Multi-purpose cash",
        "MPC",
        "MPCA",
        "CVA",
        "Cash and voucher assistance",
        "Cash-based interventions",
        "TMM",
        "Transferencias monetarias",
        "Efectivo multipropósito",
    ),
}
_PARENTHESISED = re.compile(r"\(([^()]*)\)")


def _keys(text: str) -> list[str]:
    """`text` normalised whole, without its parenthesised parts, and each such part."""
    outer = _PARENTHESISED.sub(" ", text)
    return [k for k in dict.fromkeys(normalize(t) for t in (text, outer, *_PARENTHESISED.findall(text))) if k]


@dataclass(frozen=True, slots=True)
class Needs:
    terms: Mapping[str, Term]
    by_key: Mapping[str, str]

    @classmethod
    def of(cls, ontology: Ontology) -> Needs:
        terms = {t.id: t for t in ontology.vocabularies["migrant_needs"].terms}
        unknown = _SECTOR_SYNONYMS.keys() - terms.keys()
        if unknown:
            raise LoaderError(f"sector synonyms name needs that the vocabulary lacks: {sorted(unknown)}")
        by_key: dict[str, str] = {}
        for term in terms.values():
            for label in (term.id, term.es, term.en, *_SECTOR_SYNONYMS.get(term.id, ())):
                for key in _keys(label):
                    if by_key.setdefault(key, term.id) != term.id:
                        raise LoaderError(f"sector name {key!r} means both {by_key[key]} and {term.id}")
        return cls(terms, by_key)

    def describe(self, term_ids: Iterable[str]) -> str:
        return "; ".join(f"{self.terms[t].es} / {self.terms[t].en}" for t in term_ids) or "none; leave it empty"

    def children(self, parent: str) -> list[str]:
        return [t.id for t in self.terms.values() if t.parent == parent]

    def lookup(self, text: str, what: str, allowed: Iterable[str]) -> str:
        """The need that `text` names; ValueError saying what is allowed when none (or several) does."""
        matches = list(dict.fromkeys(self.by_key[k] for k in _keys(text) if k in self.by_key))
        if len(matches) > 1:
            raise ValueError(f"{what} {text!r} could mean {self.describe(matches)}: write one")
        if not matches:
            raise ValueError(f"unknown {what} {text!r} (allowed: {self.describe(allowed)})")
        return matches[0]
