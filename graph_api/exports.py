"""The whole graph in the formats researchers' tools read: node-link JSON, GraphML, GEXF, CSV.

Every format keeps the ontology label, the properties and the sources of each
relationship. GraphML and GEXF carry only scalar attributes, so list values
(aliases, sources) are written as JSON text; attribute types are declared.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import networkx as nx

__all__ = ["MEDIA_TYPES", "ExportFormat", "export_text", "to_networkx"]


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


def _scalar(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value


def to_networkx(export: Mapping[str, Any], *, display_label: bool = False) -> nx.MultiDiGraph[str]:
    """A MultiDiGraph keyed by relationship type, with scalar attributes only.

    With `display_label` (for GEXF, whose `label` is what Gephi shows) the node's
    name goes in `label` and its ontology label in `node_label`.
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in export["nodes"]:
        attrs = {k: _scalar(v) for k, v in node.items() if k != "id" and v is not None}
        if display_label:
            attrs["node_label"] = attrs.pop("label")
            attrs["label"] = node.get("name", node["id"])
        graph.add_node(node["id"], **attrs)
    for edge in export["edges"]:
        attrs = {k: _scalar(v) for k, v in edge.items() if k not in {"source", "target", "type"} and v is not None}
        graph.add_edge(edge["source"], edge["target"], key=edge["type"], relationship=edge["type"], **attrs)
    return graph


def _csv(rows: list[Mapping[str, Any]], first: list[str]) -> str:
    columns = first + sorted({k for row in rows for k in row} - set(first))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})
    return out.getvalue()


def export_text(export: Mapping[str, Any], fmt: ExportFormat) -> str:
    """The graph in `fmt`, as text."""
    if fmt is ExportFormat.JSON:
        return json.dumps(export, ensure_ascii=False, indent=1) + "\n"
    if fmt is ExportFormat.NODES_CSV:
        return _csv(export["nodes"], ["id", "label", "name", "name_en"])
    if fmt is ExportFormat.EDGES_CSV:
        return _csv(export["edges"], ["source", "type", "target", "sources", "evidence", "valid_from", "valid_to"])
    if fmt is ExportFormat.GRAPHML:
        return "\n".join(nx.generate_graphml(to_networkx(export), encoding="utf-8", named_key_ids=True)) + "\n"
    out = io.BytesIO()
    nx.write_gexf(to_networkx(export, display_label=True), out, version="1.2draft")
    return out.getvalue().decode("utf-8")
