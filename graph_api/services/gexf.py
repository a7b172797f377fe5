r"""GEXF 1.3 (http://gexf.net/1.3), written with the standard library.

networkx writes GEXF 1.2draft with a ``<graph name="">`` the schema does not
allow, parallel edges told apart only by a stray ``networkx_key`` attribute, and
lists as JSON text. GEXF 1.3 has what this graph needs: an edge ``kind`` for
parallel edges (source, target and kind unique) and typed list attributes. The
file validates against the official schema (kept in tests/data/gexf-1.3/).

Lists are written in the primer's syntax, every item quoted, the way Gephi's
graphstore reads them back (a backslash escapes a quote or a backslash):

>>> gexf_list(["Mesa", 'la "Mesa", 2011'])
'["Mesa", "la \\"Mesa\\", 2011"]'
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["GEXF_NAMESPACE", "gexf_list", "gexf_text"]

GEXF_NAMESPACE = "http://gexf.net/1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"

# An edge's keys that GEXF writes as the edge's own XML attributes, not as attvalues.
_EDGE_XML = {"id", "source", "target", "type"}


def gexf_list(values: Iterable[Any]) -> str:
    """The value of a list attribute (liststring): ``["a", "b"]``."""
    quoted = ('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "[" + ", ".join(quoted) + "]"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return gexf_list(value)
    return str(value)


def _attribute_type(values: Iterable[Any]) -> str:
    """The GEXF type of an attribute that takes these values; mixed kinds are strings."""
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    if kinds == {list}:
        return "liststring"
    return "string"


def _declare(graph: ET.Element, klass: str, rows: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Declare the attributes `rows` use, typed; return each one's id by its title."""
    values: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        for title, value in row.items():
            values[title].append(value)
    if not values:
        return {}
    attributes = ET.SubElement(graph, "attributes", {"class": klass})
    ids = {}
    for number, title in enumerate(sorted(values)):
        ids[title] = str(number)
        declared = {"id": ids[title], "title": title, "type": _attribute_type(values[title])}
        ET.SubElement(attributes, "attribute", declared)
    return ids


def _attvalues(element: ET.Element, row: Mapping[str, Any], ids: Mapping[str, str]) -> None:
    if row:
        holder = ET.SubElement(element, "attvalues")
        for title, value in sorted(row.items()):
            ET.SubElement(holder, "attvalue", {"for": ids[title], "value": _value(value)})


def gexf_text(nodes: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]]) -> str:
    """The graph as a GEXF 1.3 document.

    A node has an `id`, an ontology `label` and properties; Gephi shows a node's
    label, so the name goes there and the ontology label in `node_label`. An edge
    has a unique `id`, `source`, `target`, a `type` (its label and its kind) and
    properties. None values are left out.
    """
    node_rows = [
        {("node_label" if k == "label" else k): v for k, v in node.items() if k != "id" and v is not None}
        for node in nodes
    ]
    edge_rows = [{k: v for k, v in edge.items() if k not in _EDGE_XML and v is not None} for edge in edges]
    # ElementTree's default_namespace refuses unqualified attributes, so the namespaces are declared by hand.
    root = ET.Element(
        "gexf",
        {
            "xmlns": GEXF_NAMESPACE,
            "xmlns:xsi": _XSI,
            "xsi:schemaLocation": f"{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd",
            "version": "1.3",
        },
    )
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "migragraph"
    ET.SubElement(meta, "description").text = "Actors of migration policy and how they relate, with sources."
    graph = ET.SubElement(root, "graph", {"mode": "static", "defaultedgetype": "directed", "idtype": "string"})
    node_ids = _declare(graph, "node", node_rows)
    edge_ids = _declare(graph, "edge", edge_rows)
    holder = ET.SubElement(graph, "nodes", {"count": str(len(nodes))})
    for node, row in zip(nodes, node_rows, strict=True):
        element = ET.SubElement(holder, "node", {"id": str(node["id"]), "label": str(node.get("name", node["id"]))})
        _attvalues(element, row, node_ids)
    holder = ET.SubElement(graph, "edges", {"count": str(len(edges))})
    for edge, row in zip(edges, edge_rows, strict=True):
        ends = {"id": str(edge["id"]), "source": str(edge["source"]), "target": str(edge["target"])}
        element = ET.SubElement(holder, "edge", {**ends, "label": edge["type"], "kind": edge["type"]})
        _attvalues(element, row, edge_ids)
    ET.indent(root)
    # Encoded to UTF-8 and back, so the declaration names UTF-8 whatever the locale.
    encoded: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return encoded.decode("utf-8") + "\n"
