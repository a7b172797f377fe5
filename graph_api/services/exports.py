"""The whole graph in the formats researchers' tools read: node-link JSON, GraphML, GEXF, CSV.

Every format keeps the ontology label, the properties and the sources of each
relationship, and cites each source from its Document node: node-link JSON gives
every edge a `citations` list of objects (id, title, publisher, published, url,
and all that as one line, `text`); GraphML, GEXF and CSV give the lines. Every
edge has a unique `id` (source, type and target), which GraphML and GEXF use as
the edge's id, so parallel edges stay apart.

Candidates (actors named in a source that match nothing known, awaiting review)
are not facts yet: exports leave them, and every edge that touches one, out
unless asked for.

GraphML has no list type, so lists are JSON text there; GEXF 1.3 has one
(graph_api/services/gexf.py); CSV joins lists with "; ". Attribute types are declared.

Every CSV cell goes through `csv_cell`: staff open these files in a spreadsheet,
which would run a text cell such as ``=HYPERLINK(…)`` from a 3W sheet as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any
from urllib.parse import quote

import networkx as nx

from graph_api.services.gexf import gexf_text

__all__ = [
    "FORMULA_PREFIXES",
    "MEDIA_TYPES",
    "ExportFormat",
    "citation",
    "csv_cell",
    "edge_id",
    "export_text",
    "prepare_export",
    "to_networkx",
]


class ExportFormat(StrEnum):
    JSON = "json"
    GRAPHML = "graphml"
    GEXF = "gexf"
    NODES_CSV = "nodes-csv"
    EDGES_CSV = "edges-csv"


MEDIA_TYPES = {
    ExportFormat.JSON: "application/json",
    ExportFormat.GRAPHML: "application/graphml+xml",
    ExportFormat.GEXF: "application/gexf+xml",
    ExportFormat.NODES_CSV: "text/csv",
    ExportFormat.EDGES_CSV: "text/csv",
}


# What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """`value` safe for a CSV cell: text that a spreadsheet would run as a formula gets a leading `'`.

    Numbers (int, float, not bool) stay as they are, so a negative count is still a
    number (a spreadsheet reads ``-5`` as minus five, nothing runs); only text is
    neutralised, a text "-5" included, as OWASP advises. Lists are joined with "; ".

    >>> csv_cell("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> csv_cell(-5), csv_cell("Cancillería")
    (-5, 'Cancillería')
    """
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


_CANDIDATE = "Candidate"
_DOCUMENT = "Document"
# What a citation gives of its Document, in the order its line of text gives it.
_CITED = ("title", "publisher", "published", "url")


def edge_id(edge: Mapping[str, Any]) -> str:
    """A relationship's id, unique in the graph as its source, type and target are.

    Each part is percent-encoded (a slug or a type stays as it is), so a `:` in a node id cannot make
    two ids one.

    >>> edge_id({"source": "pe-mre", "type": "LEADS", "target": "pe-mesa-migraciones"})
    'pe-mre:LEADS:pe-mesa-migraciones'
    """
    return ":".join(quote(str(edge[part]), safe="") for part in ("source", "type", "target"))


def citation(document_id: str, document: Mapping[str, Any] | None) -> dict[str, Any]:
    """How to cite a source: its Document's title, publisher, date and URL, and them as one line, `text`.

    A source with no Document node is cited by its id.

    >>> doc = {"title": "Nota de prensa", "publisher": "Cancillería", "url": "https://example.org/nota"}
    >>> citation("doc-nota", doc)["text"]
    'Nota de prensa — Cancillería, https://example.org/nota'
    >>> citation("doc-gone", None)
    {'id': 'doc-gone', 'text': 'doc-gone'}
    """
    found = {k: document[k] for k in _CITED if document and document.get(k) is not None}
    details = ", ".join(str(found[k]) for k in _CITED[1:] if k in found)
    title = str(found.get("title", document_id))
    return {"id": document_id, **found, "text": f"{title} — {details}" if details else title}


def prepare_export(export: Mapping[str, Any], *, include_candidates: bool = False) -> dict[str, Any]:
    """A store's node-link export as researchers get it: candidates left out unless `include_candidates`,
    and every edge with its `id` and the `citations` of its sources."""
    nodes = [n for n in export["nodes"] if include_candidates or n["label"] != _CANDIDATE]
    kept = {n["id"] for n in nodes}
    documents = {n["id"]: n for n in nodes if n["label"] == _DOCUMENT}
    edges = [
        {
            "id": edge_id(edge),
            **edge,
            "citations": [citation(source, documents.get(source)) for source in edge.get("sources", [])],
        }
        for edge in export["edges"]
        if edge["source"] in kept and edge["target"] in kept
    ]
    return {**export, "nodes": nodes, "edges": edges}


def _scalar(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value


def to_networkx(export: Mapping[str, Any]) -> nx.MultiDiGraph[str]:
    """A MultiDiGraph keyed by edge id, with scalar attributes only (lists as JSON text): GraphML's model."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in export["nodes"]:
        graph.add_node(node["id"], **{k: _scalar(v) for k, v in node.items() if k != "id" and v is not None})
    for edge in export["edges"]:
        attrs = {k: _scalar(v) for k, v in edge.items() if k not in {"id", "source", "target"} and v is not None}
        graph.add_edge(edge["source"], edge["target"], key=edge["id"], **attrs)
    return graph


def _csv(rows: Sequence[Mapping[str, Any]], first: list[str]) -> str:
    columns = first + sorted({k for row in rows for k in row} - set(first))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writerow({c: csv_cell(c) for c in columns})  # the header too: property names come from data
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return out.getvalue()


def export_text(export: Mapping[str, Any], fmt: ExportFormat, *, include_candidates: bool = False) -> str:
    """The graph (a store's node-link export) in `fmt`, as text; candidates only with `include_candidates`."""
    prepared = prepare_export(export, include_candidates=include_candidates)
    if fmt is ExportFormat.JSON:
        return json.dumps(prepared, ensure_ascii=False, indent=1) + "\n"
    nodes = prepared["nodes"]
    edges = [{**e, "citations": [c["text"] for c in e["citations"]]} for e in prepared["edges"]]
    if fmt is ExportFormat.NODES_CSV:
        return _csv(nodes, ["id", "label", "name", "name_en"])
    if fmt is ExportFormat.EDGES_CSV:
        first = ["source", "type", "target", "sources", "citations", "evidence", "valid_from", "valid_to"]
        return _csv(edges, first)
    if fmt is ExportFormat.GRAPHML:
        graph = to_networkx({"nodes": nodes, "edges": edges})
        # Keys numbered, not named: a candidate's `evidence` and a fact's would share one key id, which
        # GraphML forbids; readers go by each key's attr.name.
        return "\n".join(nx.generate_graphml(graph, encoding="utf-8")) + "\n"
    return gexf_text(nodes, edges)
