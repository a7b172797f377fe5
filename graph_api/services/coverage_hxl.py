"""The coverage as a 3W sheet with HXL hashtags: what `migragraph import-3w` reads back to the same facts.

One row a coverage fact and place (a fact with no place, one row), the organisation by id, name and acronym,
the need as a sector (and sub-sector), the place as #country, #adm1 or #adm2 codes (OCHA p-codes where the
place has one, else ISO 3166), the period, and the figures once per fact (on its first row, so that reading the
sheet back sums them to what they were). Every cell passes through `csv_cell`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from graph_api.model.records import Edge, Node
from graph_api.services.exports import csv_cell

__all__ = ["COLUMNS", "coverage_sheet"]

COLUMNS = (
    ("Organización", "#org+name"),
    ("Sigla", "#org+acronym"),
    ("ID", "#org+id"),
    ("Sector", "#sector+code"),
    ("Subsector", "#subsector+code"),
    ("País", "#country+code"),
    ("Región", "#adm1+code"),
    ("Provincia", "#adm2+code"),
    ("Actividad", "#activity"),
    ("Inicio", "#date+start"),
    ("Fin", "#date+end"),
    ("Alcanzados", "#reached"),
    ("Meta", "#targeted"),
    ("Estado", "#status"),
    ("Beneficiarios", "#beneficiary"),
    ("Fuentes", "#meta+source+list"),
)


def _code(node: Node | None, fallback: str) -> str:
    if node is None:
        return fallback
    return str(node.properties.get("pcode") or node.properties.get("iso_code") or fallback)


def _place_cells(place: str | None, nodes: Mapping[str, Node], parents: Mapping[str, str]) -> list[str]:
    """The #country, #adm1 and #adm2 cells naming `place` (and, for a province, its region)."""
    if place is None:
        return ["", "", ""]
    node = nodes.get(place)
    kind = node.properties.get("place_type") if node is not None else None
    if kind == "country":
        return [_code(node, place), "", ""]
    if kind == "province":
        region = parents.get(place)
        return ["", _code(nodes.get(region), region) if region else "", _code(node, place)]
    return ["", _code(node, place), ""]


def _rows(
    edge: Edge, nodes: Mapping[str, Node], parents: Mapping[str, str], broader: Mapping[str, str]
) -> list[list[Any]]:
    actor = nodes.get(edge.start)
    sector, subsector = (broader[edge.end], edge.end) if edge.end in broader else (edge.end, "")
    p = edge.properties
    figures = [p.get("reached", ""), p.get("targeted", "")]
    rows = []
    for place in p.get("places") or [None]:
        rows.append(
            [
                actor.name if actor is not None else edge.start,
                actor.properties.get("acronym", "") if actor is not None else "",
                edge.start,
                sector,
                subsector,
                *_place_cells(place, nodes, parents),
                p.get("activity", ""),
                p.get("valid_from", ""),
                p.get("valid_to", ""),
                *figures,
                p.get("status", ""),
                p.get("beneficiaries", ""),
                # libhxl splits a +list cell at "|".
                "|".join(p.get("sources", [])),
            ]
        )
        figures = ["", ""]
    return rows


def coverage_sheet(
    edges: list[Edge], nodes: Mapping[str, Node], parents: Mapping[str, str], broader: Mapping[str, str]
) -> str:
    """The COVERS `edges` as a 3W sheet: a header row, the hashtag row, then a row per fact and place.

    `nodes` holds the actors and places the edges name, `parents` where each province lies, `broader` the
    need each sub-need belongs to (written as the sector, the sub-need as the sub-sector).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header for header, _ in COLUMNS])
    writer.writerow([tag for _, tag in COLUMNS])
    for edge in sorted(edges, key=lambda e: (e.start, e.end)):
        for row in _rows(edge, nodes, parents, broader):
            writer.writerow([csv_cell(str(cell)) for cell in row])
    return out.getvalue()
