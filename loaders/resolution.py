"""Resolving the names organisations go by in sources to actors of the graph."""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph_api.model.names import name_keys
from graph_api.model.ontology import Ontology
from graph_api.model.records import Node
from graph_api.model.text import normalize
from graph_api.store.protocol import GraphStore, all_nodes

__all__ = ["ActorIndex", "name_variants", "slug"]

_COUNTRY_SUFFIX = re.compile(r"\s+(?:del|de la|de)\s+(?:peru|republica del peru)$")


def slug(text: str) -> str:
    """A readable id fragment: 'Cruz Roja Peruana' → 'cruz-roja-peruana'."""
    return "-".join(normalize(text).replace("_", " ").split())[:80]


def name_variants(name: str) -> list[str]:
    """The normalised forms to try for a name as sheets and press releases write it.

    >>> name_variants("Sistema Integral de Salud - SIS")
    ['sistema integral de salud sis', 'sistema integral de salud', 'sis']
    >>> name_variants("Ministerio de Salud del Perú")
    ['ministerio de salud del peru', 'ministerio de salud']
    """
    variants = [normalize(name)]
    variants.append(_COUNTRY_SUFFIX.sub("", variants[0]))
    for separator in (" - ", " – ", " / "):
        if separator in name:
            variants.extend(normalize(part) for part in name.split(separator))
    inside = re.match(r"^(.*)\(([^)]+)\)\s*$", name)
    if inside:
        variants.extend([normalize(inside[1]), normalize(inside[2])])
    return [v for v in dict.fromkeys(variants) if v]


class ActorIndex:
    """Every actor's names, for resolving many names without a store call each."""

    def __init__(self, nodes: Iterable[Node], searchable: tuple[str, ...]) -> None:
        self._by_key: dict[str, set[str]] = {}
        for node in nodes:
            for key in name_keys(node.properties, searchable):
                self._by_key.setdefault(key, set()).add(node.id)

    @classmethod
    async def of(cls, store: GraphStore, ontology: Ontology) -> ActorIndex:
        return cls(await all_nodes(store, ontology.actor_labels()), ontology.searchable_properties())

    def resolve(self, name: str) -> str | None:
        """The one actor a name means, or None (unknown, or ambiguous)."""
        for variant in name_variants(name):
            found = self._by_key.get(variant, set())
            if len(found) == 1:
                return next(iter(found))
        return None
