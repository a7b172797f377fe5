"""A seeded synthetic actor graph with realistic fan-outs, for scale tests and benchmarks.

Coordination bodies with tens of members, institutions with units, programmes
run by institutions and supporting bodies, meetings, themes addressed, and
coverage of needs across regions; every fact cites one of a pool of documents.
The same seed and size give the same graph.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from graph_api.model.ontology import Ontology
from graph_api.model.records import Edge, GraphBatch, Node
from loaders.vocabulary import vocabulary_batch

__all__ = ["synthetic_graph"]

REGIONS = 25


@dataclass
class _Builder:
    rng: random.Random
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    def cite(self) -> dict[str, list[str]]:
        return {"sources": [self.rng.choice(self.documents)]}

    def node(self, node_id: str, label: str, **props: object) -> str:
        self.nodes.append(Node(node_id, label, {"id": node_id, **props}))
        if label != "Document":
            self.edges.append(Edge("MENTIONED_IN", node_id, self.rng.choice(self.documents), self.cite()))
        return node_id

    def edge(self, rel_type: str, start: str, end: str, **props: object) -> None:
        self.edges.append(Edge(rel_type, start, end, {**self.cite(), **props}))


def synthetic_graph(ontology: Ontology, relationships: int, seed: int = 1) -> GraphBatch:
    """About `relationships` relationships (never fewer), with the vocabularies they refer to."""
    rng = random.Random(seed)
    vocabulary = vocabulary_batch(ontology)
    needs = [n.id for n in vocabulary.nodes if n.label == "MigrantNeed"]
    themes = [n.id for n in vocabulary.nodes if n.label == "PolicyTheme"]
    b = _Builder(rng)
    for d in range(max(10, relationships // 500)):
        b.documents.append(
            b.node(f"syn-doc-{d:06d}", "Document", name=f"Documento {d}", title=f"Nota de prensa {d}", language="es")
        )
    regions = [
        b.node(f"syn-region-{r:02d}", "Place", name=f"Región {r}", iso_code=f"XX-{r:02d}", place_type="region")
        for r in range(REGIONS)
    ]
    institutions: list[str] = []
    bodies: list[str] = []
    group = 0
    # Grow in groups: a body, its members (some with units), a programme now and then, meetings, coverage.
    while len(b.edges) + len(vocabulary.edges) < relationships:
        body = b.node(f"syn-body-{group:05d}", "CoordinationBody", name=f"Mesa de Trabajo {group}", country="XX")
        bodies.append(body)
        members = []
        for m in range(rng.randint(10, 40)):
            inst = b.node(
                f"syn-inst-{group:05d}-{m:02d}",
                "Institution",
                name=f"Entidad {group}-{m}",
                acronym=f"E{group}X{m}",
                kind=rng.choice(["ministry", "agency", "ngo", "local-government"]),
            )
            institutions.append(inst)
            members.append(inst)
            b.edge("MEMBER_OF", inst, body, valid_from=f"{rng.randint(2005, 2020)}")
            for need in rng.sample(needs, rng.randint(1, 4)):
                b.edge("COVERS", inst, need, places=rng.sample(regions, rng.randint(1, 3)))
            if rng.random() < 0.2:
                unit = b.node(f"{inst}-unit", "Institution", name=f"Unidad de {group}-{m}", kind="agency")
                b.edge("PART_OF", unit, inst)
        # Members of earlier bodies join this one too, so bodies interlock.
        for inst in rng.sample(institutions[: -len(members)] or members, min(5, len(institutions) - len(members))):
            b.edge("MEMBER_OF", inst, body)
        b.edge("CONVENES", members[0], body)
        b.edge("LEADS", members[0], body)
        for theme in rng.sample(themes, rng.randint(1, 3)):
            b.edge("ADDRESSES", body, theme)
        for k in range(rng.randint(1, 5)):
            meeting = b.node(
                f"{body}-meeting-{k}",
                "Meeting",
                name=f"Sesión {k}",
                date=f"{rng.randint(2010, 2024)}",
                date_precision="year",
            )
            b.edge("HELD", body, meeting)
        if group % 10 == 0:
            program = b.node(f"syn-prog-{group:05d}", "Program", name=f"Programa {group}")
            b.edge("RUNS", rng.choice(members), program)
            for supported in rng.sample(bodies, min(3, len(bodies))):
                b.edge("SUPPORTS", program, supported)
        group += 1
    return GraphBatch(vocabulary.nodes + tuple(b.nodes), vocabulary.edges + tuple(b.edges))
