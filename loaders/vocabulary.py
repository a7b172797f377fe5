"""Vocabulary terms as graph nodes: each term a node, each vocabulary's source a Document."""

from __future__ import annotations

from graph_api.model.ontology import Ontology, Vocabulary
from graph_api.model.records import Edge, GraphBatch, Node

__all__ = ["vocabulary_batch"]


def _document(vocabulary: Vocabulary) -> Node:
    source = dict(vocabulary.source)
    props = {"id": source.pop("id"), "name": source["title"], **source}
    return Node(str(props["id"]), "Document", props)


def vocabulary_batch(ontology: Ontology) -> GraphBatch:
    """The nodes and edges of every vocabulary that a label is bound to."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    for label in ontology.labels.values():
        if label.vocabulary is None:
            continue
        vocabulary = ontology.vocabularies[label.vocabulary]
        document = _document(vocabulary)
        nodes.append(document)
        cite = {"sources": [document.id]}
        for term in vocabulary.terms:
            props = {"id": term.id, "name": term.es, "name_en": term.en}
            for key, value in term.extra.items():
                if key in label.properties:
                    props[key] = label.properties[key].coerce(value, ontology)
            nodes.append(Node(term.id, label.name, props))
            edges.append(Edge("MENTIONED_IN", term.id, document.id, cite))
            if term.parent is not None:
                edges.append(Edge("BROADER", term.id, term.parent, cite))
    return GraphBatch(tuple(nodes), tuple(edges))
