"""The whole graph in the formats researchers' tools read: node-link JSON, GraphML, GEXF, CSV.

Every format keeps the ontology label, the properties and the sources of each
relationship. GraphML and GEXF carry only scalar attributes, so list values
(aliases, sources) are written as JSON text; attribute types are declared.

Every CSV cell goes through `csv_cell`: staff open these files in a spreadsheet,
which would run a text cell such as ``=HYPERLINK(…)`` from a 3W sheet as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import networkx as nx

__all__ = ["FORMULA_PREFIXES", "MEDIA_TYPES", "ExportFormat", "csv_cell", "export_text", "to_networkx"]


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
    writer.writerow({c: csv_cell(c) for c in columns})  # the header too: property names come from data
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
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
