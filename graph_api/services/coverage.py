"""Who covers which migrant needs, where: the coverage matrix and its gaps.

Computed from COVERS relationships with a handful of batched store calls.
A relationship counts for a place when its `places` include that place, a
place it lies in, or a place that lies in it; one with no places counts
everywhere. Both the GraphQL API and the CSV exports use this module.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from graph_api.model.errors import UserInputError
from graph_api.model.ontology import Ontology
from graph_api.model.records import Direction, Edge, Node
from graph_api.model.temporal import Period, holds_on
from graph_api.services.coverage_hxl import coverage_sheet
from graph_api.services.exports import csv_cell
from graph_api.store.protocol import GraphStore

__all__ = ["Cell", "Matrix", "coverage_csv", "coverage_matrix", "figure"]

_MAX_PLACE_DEPTH = 4


@dataclass(frozen=True, slots=True)
class Cell:
    """One actor against one need: the COVERS relationships that apply (none: not covered)."""

    actor: str
    need: str
    edges: tuple[Edge, ...]

    @property
    def covered(self) -> bool:
        return bool(self.edges)


@dataclass(frozen=True, slots=True)
class Matrix:
    """Actors (rows) against needs (columns), in id order, and the nodes they name."""

    needs: tuple[str, ...]
    actors: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    nodes: dict[str, Node]
    # How many needs each actor covers (actors covering none are absent), counted once.
    covered_counts: dict[str, int] = field(default_factory=dict)
    # Where each place the cells name lies, and the need each sub-need belongs to: for the 3W download.
    place_parents: dict[str, str] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)

    def cell(self, actor: str, need: str) -> Cell:
        return self.cells.get((actor, need)) or Cell(actor, need, ())

    def coverers(self, need: str) -> list[str]:
        return [a for a in self.actors if self.cell(a, need).covered]


async def _closure(store: GraphStore, start: Sequence[str], rel_type: str, direction: Direction) -> set[str]:
    seen, frontier = set(start), list(start)
    for _ in range(_MAX_PLACE_DEPTH):
        found = [
            e.end if direction is Direction.OUT else e.start
            for edges in await store.relations(frontier, rel_type, direction)
            for e in edges
        ]
        frontier = [f for f in found if f not in seen]
        if not frontier:
            break
        seen.update(frontier)
    return seen


async def _check(store: GraphStore, ids: Sequence[str], label: str, argument: str) -> None:
    for node_id, node in zip(ids, await store.get_nodes(ids), strict=True):
        if node is None or node.label != label:
            raise UserInputError(f"'{argument}': {node_id!r} is not a {label}")


async def coverage_matrix(
    store: GraphStore,
    ontology: Ontology,
    *,
    needs: Sequence[str] | None = None,
    places: Sequence[str] | None = None,
    body: str | None = None,
    themes: Sequence[str] | None = None,
    as_of: Period | None = None,
) -> Matrix:
    """The coverage matrix, filtered as asked."""
    if needs:
        await _check(store, needs, "MigrantNeed", "needs")
        need_ids = tuple(dict.fromkeys(needs))
    else:
        need_ids = tuple(sorted(t.id for t in ontology.vocabularies["migrant_needs"].terms))
    scope: set[str] | None = None
    if places:
        await _check(store, places, "Place", "places")
        scope = await _closure(store, places, "LOCATED_IN", Direction.OUT)
        scope |= await _closure(store, places, "LOCATED_IN", Direction.IN)
    covers = [
        e
        for edges in await store.relations(need_ids, "COVERS", Direction.IN)
        for e in edges
        if (as_of is None or holds_on(e.properties, as_of))
        and (scope is None or not (at := e.properties.get("places")) or not scope.isdisjoint(at))
    ]
    if body is not None:
        await _check(store, [body], "CoordinationBody", "body")
        [members] = await store.relations([body], "MEMBER_OF", Direction.IN)
        [supporters] = await store.relations([body], "SUPPORTS", Direction.IN)
        actors = {e.start for e in [*members, *supporters] if holds_on(e.properties, as_of)}
        # A member's units (a health insurance scheme inside a ministry) act for it.
        units = await store.relations(sorted(actors), "PART_OF", Direction.IN)
        actors |= {e.start for edges in units for e in edges if holds_on(e.properties, as_of)}
    else:
        actors = {e.start for e in covers}
    if themes:
        await _check(store, themes, "PolicyTheme", "themes")
        addressing = {e.start for edges in await store.relations(themes, "ADDRESSES", Direction.IN) for e in edges}
        bodies_members = {
            e.start for edges in await store.relations(sorted(addressing), "MEMBER_OF", Direction.IN) for e in edges
        }
        actors &= addressing | bodies_members
    cells: dict[tuple[str, str], list[Edge]] = {}
    for edge in covers:
        if edge.start in actors:
            cells.setdefault((edge.start, edge.end), []).append(edge)
    actor_ids = tuple(sorted(actors))
    place_ids = sorted({p for e in covers for p in e.properties.get("places", [])})
    nodes = {n.id: n for n in await store.get_nodes([*actor_ids, *need_ids, *place_ids]) if n is not None}
    counts: dict[str, int] = {}
    for actor, _ in cells:
        counts[actor] = counts.get(actor, 0) + 1
    located = await store.relations(place_ids, "LOCATED_IN", Direction.OUT)
    parents = sorted({e.end for edges in located for e in edges} - nodes.keys())
    nodes |= {n.id: n for n in await store.get_nodes(parents) if n is not None}
    return Matrix(
        needs=need_ids,
        actors=actor_ids,
        cells={k: Cell(k[0], k[1], tuple(v)) for k, v in cells.items()},
        nodes=nodes,
        covered_counts=counts,
        place_parents={e.start: e.end for edges in located for e in edges},
        broader={t.id: t.parent for t in ontology.vocabularies["migrant_needs"].terms if t.parent},
    )


_COLUMNS = [
    "actor_id",
    "actor_name",
    "need_id",
    "need_name",
    "covered",
    "places",
    "activities",
    "reached",
    "targeted",
    "status",
    "sources",
]


def _place_code(matrix: Matrix, place: str) -> str:
    node = matrix.nodes.get(place)
    return str(node.properties.get("iso_code", place)) if node is not None else place


def figure(edges: Sequence[Edge], key: str) -> int | None:
    """The people the `edges` count under `key` (reached, targeted), summed; None when none counts any."""
    counts = [e.properties[key] for e in edges if isinstance(e.properties.get(key), int)]
    return sum(counts) if counts else None


def coverage_csv(matrix: Matrix, *, hxl: bool = False) -> str:
    """The matrix, one row per actor and need (covered or not); with `hxl`, the coverage as a 3W sheet with
    HXL hashtags instead, which `import-3w` reads back to the same facts (services/coverage_hxl.py).

    Cells pass through `csv_cell`: an activity or a name from a 3W sheet can start like a formula.
    """
    if hxl:
        edges = [e for cell in matrix.cells.values() for e in cell.edges]
        return coverage_sheet(edges, matrix.nodes, matrix.place_parents, matrix.broader)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for actor in matrix.actors:
        for need in matrix.needs:
            cell = matrix.cell(actor, need)
            places = sorted({_place_code(matrix, p) for e in cell.edges for p in e.properties.get("places", [])})
            activities = sorted({str(e.properties["activity"]) for e in cell.edges if e.properties.get("activity")})
            statuses = sorted({str(e.properties["status"]) for e in cell.edges if e.properties.get("status")})
            sources = sorted({s for e in cell.edges for s in e.properties.get("sources", [])})
            reached, targeted = figure(cell.edges, "reached"), figure(cell.edges, "targeted")
            cells = [
                actor,
                matrix.nodes[actor].name if actor in matrix.nodes else "",
                need,
                matrix.nodes[need].name if need in matrix.nodes else "",
                "yes" if cell.covered else "no",
                "; ".join(places),
                "; ".join(activities),
                *("" if count is None else str(count) for count in (reached, targeted)),
                "; ".join(statuses),
                "; ".join(sources),
            ]
            writer.writerow([csv_cell(c) for c in cells])
    return out.getvalue()
