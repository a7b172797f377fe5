"""Filters and sorting for lists: `where` with AND / OR / NOT, scalar operators, relationship filters.

Evaluated the same way on both stores: the nodes a filter can hold for are found by the stores' name
indexes where it names an id or a name (graph_api.services.narrowing), else the label's nodes are read in
pages; relationship filters take one batched call per filter and level, and the result is sorted by the
asked order with the id as tie-break (graph_api.graphql.pagination pages it: a cursor carries the sort key
and the id). A list ordered by one relationship count alone is paged by the store itself (`ranked_rows`).
The filter and the order are checked before any node is read, so a bad one is refused on any graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph_api.model.errors import UserInputError
from graph_api.model.ontology import Ontology
from graph_api.model.records import Direction, Node
from graph_api.model.temporal import earliest, latest
from graph_api.model.text import normalize
from graph_api.services.conditions import (
    MAX_FILTER_DEPTH,
    DateCondition,
    RelationCondition,
    RelationDirection,
    SortDirection,
    SortOrder,
    TextCondition,
    Where,
)
from graph_api.services.narrowing import narrowed_nodes
from graph_api.store.protocol import GraphStore, all_nodes

__all__ = [
    "SortedNode",
    "filtered_nodes",
    "ranked_rows",
    "well_formed_key",
]


@dataclass
class _Evaluator:
    store: GraphStore
    ontology: Ontology

    async def matching(self, nodes: Sequence[Node], where: Where | None, depth: int = 0) -> set[str]:
        """The ids of `nodes` that `where` holds for."""
        ids = {n.id for n in nodes}
        if where is None:
            return ids
        if depth > MAX_FILTER_DEPTH:
            raise UserInputError(f"filters nest at most {MAX_FILTER_DEPTH} deep")
        result = {n.id for n in nodes if self._scalar_ok(n, where)}
        for part in where.and_ or []:
            result &= await self.matching(nodes, part, depth + 1)
        if where.or_:
            either: set[str] = set()
            for part in where.or_:
                either |= await self.matching(nodes, part, depth + 1)
            result &= either
        if where.not_ is not None:
            result -= await self.matching(nodes, where.not_, depth + 1)
        for relation in where.related or []:
            result &= await self._related_ok([n for n in nodes if n.id in result], relation, depth)
        return result

    def _scalar_ok(self, node: Node, where: Where) -> bool:
        props = node.properties
        if where.id is not None and not _text_ok([node.id], where.id):
            return False
        if where.name is not None:
            names = [props.get("name"), props.get("name_en"), props.get("acronym"), *props.get("aliases", [])]
            if not _text_ok([n for n in names if isinstance(n, str)], where.name):
                return False
        for condition in where.property or []:
            spec = self.ontology.labels[node.label].properties.get(condition.name)
            if spec is None and condition.name not in {p for s in self.ontology.labels.values() for p in s.properties}:
                raise UserInputError(f"no property {condition.name!r} in the ontology")
            value = props.get(condition.name)
            values = value if isinstance(value, list) else [value] if value is not None else []
            if condition.text is not None and not _text_ok([str(v) for v in values], condition.text):
                return False
            if condition.date is not None and not _date_ok([str(v) for v in values], condition.date):
                return False
        return True

    async def _related_ok(self, nodes: Sequence[Node], relation: RelationCondition, depth: int) -> set[str]:
        if relation.type not in self.ontology.relationships:
            raise UserInputError(f"unknown relationship type {relation.type!r}")
        direction = Direction.OUT if relation.direction is RelationDirection.OUT else Direction.IN
        edges = await self.store.relations([n.id for n in nodes], relation.type, direction)
        others = {
            n.id: [e.end if direction is Direction.OUT else e.start for e in es]
            for n, es in zip(nodes, edges, strict=True)
        }
        wanted = sorted({o for group in others.values() for o in group})
        related = [n for n in await self.store.get_nodes(wanted) if n is not None]
        some = await self.matching(related, relation.some, depth + 1) if relation.some else None
        none = await self.matching(related, relation.none, depth + 1) if relation.none else None
        all_ = await self.matching(related, relation.all, depth + 1) if relation.all else None
        result = set()
        for node_id, group in others.items():
            if relation.some is None and relation.none is None and relation.all is None and not group:
                continue
            if some is not None and not any(o in some for o in group):
                continue
            if none is not None and any(o in none for o in group):
                continue
            if all_ is not None and not all(o in all_ for o in group):
                continue
            result.add(node_id)
        return result


def _text_ok(values: Sequence[str], f: TextCondition) -> bool:
    if f.exists is not None and bool(values) != f.exists:
        return False
    folded = [normalize(v) for v in values]
    if f.eq is not None and normalize(f.eq) not in folded:
        return False
    if f.in_ is not None and not {normalize(v) for v in f.in_} & set(folded):
        return False
    if f.contains is not None and not any(normalize(f.contains) in v for v in folded):
        return False
    return f.starts_with is None or any(v.startswith(normalize(f.starts_with)) for v in folded)


def _date_ok(values: Sequence[str], f: DateCondition) -> bool:
    if f.exists is not None and bool(values) != f.exists:
        return False
    if f.eq is not None and f.eq not in values:
        return False
    try:
        if f.gte is not None:
            bound = earliest(f.gte)
            if bound is None or not any((latest(v) or bound) >= bound for v in values if earliest(v)):
                return False
        if f.lte is not None:
            bound = latest(f.lte)
            if bound is None or not any((earliest(v) or bound) <= bound for v in values if earliest(v)):
                return False
    except ValueError as err:
        raise UserInputError(f"not an ISO 8601 date: {err}") from err
    return True


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _sort_part(part: Any) -> bool:
    """Whether `part` is shaped like one column of a sort key, as `_sort_keys` makes them."""
    if not (isinstance(part, list) and len(part) == 2 and part[0] in (0, 1) and _number(part[0])):
        return False
    value = part[1]
    return isinstance(value, str) or _number(value) or (isinstance(value, list) and all(map(_number, value)))


def well_formed_key(key: Sequence[Any], order_by: Sequence[SortOrder] | None) -> bool:
    """Whether `key` (as JSON gives it back) is shaped like the sort keys of a list sorted by `order_by`."""
    return len(key) == len(order_by or []) and all(_sort_part(part) for part in key)


@dataclass(frozen=True, slots=True)
class SortedNode:
    """A node of a filtered list and its place in the list's order: its sort key, then its id."""

    key: tuple[Any, ...]
    node: Node

    @property
    def position(self) -> tuple[tuple[Any, ...], str]:
        return (self.key, self.node.id)


async def filtered_nodes(
    store: GraphStore, ontology: Ontology, label: str, where: Where | None, order_by: Sequence[SortOrder] | None
) -> list[SortedNode]:
    """The nodes of `label` that `where` holds for, sorted by `order_by` with the id as tie-break."""
    _check_where(ontology, where)
    _check_order(ontology, order_by or [])
    narrowed = await narrowed_nodes(store, label, where)
    nodes = narrowed if narrowed is not None else await all_nodes(store, [label])
    keep = await _Evaluator(store, ontology).matching(nodes, where)
    chosen = [n for n in nodes if n.id in keep]
    keys = await _sort_keys(store, ontology, chosen, order_by or [])
    rows = [SortedNode(keys[n.id], n) for n in chosen]
    return sorted(rows, key=lambda row: row.position)


async def _sort_keys(
    store: GraphStore, ontology: Ontology, nodes: Sequence[Node], order_by: Sequence[SortOrder]
) -> dict[str, tuple[Any, ...]]:
    columns: list[dict[str, Any]] = []
    for order in order_by:
        if (order.property is None) == (order.relationship_count is None):
            raise UserInputError("each orderBy takes exactly one of 'property' and 'relationshipCount'")
        sign = -1 if order.direction is SortDirection.DESC else 1
        if order.relationship_count is not None:
            if order.relationship_count not in ontology.relationships:
                raise UserInputError(f"unknown relationship type {order.relationship_count!r}")
            direction = Direction.OUT if order.relationship_direction is RelationDirection.OUT else Direction.IN
            counts = await store.relations([n.id for n in nodes], order.relationship_count, direction)
            columns.append({n.id: (0, sign * len(c)) for n, c in zip(nodes, counts, strict=True)})
        else:
            name = order.property or ""
            if name not in {p for s in ontology.labels.values() for p in s.properties}:
                raise UserInputError(f"no property {name!r} in the ontology")
            column: dict[str, tuple[Any, ...]] = {}
            for n in nodes:
                value = n.properties.get(name)
                if value is None:
                    column[n.id] = (1, 0)  # missing values last, whichever the direction
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    column[n.id] = (0, sign * value)
                else:
                    text = normalize(str(value))
                    column[n.id] = (0, text if sign > 0 else (*(-ord(c) for c in text), 1))
            columns.append(column)
    return {n.id: tuple(col[n.id] for col in columns) for n in nodes}


def _check_where(ontology: Ontology, where: Where | None, depth: int = 0) -> None:
    """Refuse a filter that names what the ontology has not, nests too deep or holds a bad date."""
    if where is None:
        return
    if depth > MAX_FILTER_DEPTH:
        raise UserInputError(f"filters nest at most {MAX_FILTER_DEPTH} deep")
    known = {p for s in ontology.labels.values() for p in s.properties}
    for condition in where.property or []:
        if condition.name not in known:
            raise UserInputError(f"no property {condition.name!r} in the ontology")
        if condition.date is not None:
            _check_bounds(condition.date)
    for part in [*(where.and_ or []), *(where.or_ or []), where.not_]:
        _check_where(ontology, part, depth + 1)
    for relation in where.related or []:
        if relation.type not in ontology.relationships:
            raise UserInputError(f"unknown relationship type {relation.type!r}")
        for part in (relation.some, relation.none, relation.all):
            _check_where(ontology, part, depth + 1)


def _check_bounds(f: DateCondition) -> None:
    try:
        if f.gte is not None:
            earliest(f.gte)
        if f.lte is not None:
            latest(f.lte)
    except ValueError as err:
        raise UserInputError(f"not an ISO 8601 date: {err}") from err


def _check_order(ontology: Ontology, order_by: Sequence[SortOrder]) -> None:
    known = {p for s in ontology.labels.values() for p in s.properties}
    for order in order_by:
        if (order.property is None) == (order.relationship_count is None):
            raise UserInputError("each orderBy takes exactly one of 'property' and 'relationshipCount'")
        if order.relationship_count is not None and order.relationship_count not in ontology.relationships:
            raise UserInputError(f"unknown relationship type {order.relationship_count!r}")
        if order.property is not None and order.property not in known:
            raise UserInputError(f"no property {order.property!r} in the ontology")


async def ranked_rows(
    store: GraphStore,
    ontology: Ontology,
    label: str,
    order: SortOrder,
    first: int,
    after: tuple[tuple[Any, ...], str] | None,
) -> tuple[list[SortedNode], bool, bool]:
    """The page of the unfiltered list of `label` ordered by one relationship count, read by the store's
    ranking (the same rows, keys and cursors as `filtered_nodes` sorts): the rows, whether more follow,
    whether any precede."""
    _check_order(ontology, [order])
    if order.relationship_count is None:
        raise UserInputError("only a relationship count is ranked by the store")
    sign = -1 if order.direction is SortDirection.DESC else 1
    position: tuple[float, str] | None = None
    if after is not None:
        (key, node_id) = after
        [(missing, value)] = key
        if missing:  # after the missing values, which a count never is: past the end
            return [], False, await store.count_nodes(label) > 0
        if not _number(value):
            raise UserInputError("the cursor belongs to a list sorted another way")
        position = (value, node_id)
    direction = Direction.OUT if order.relationship_direction is RelationDirection.OUT else Direction.IN
    page = await store.ranked_by_count(
        label, order.relationship_count, direction, descending=sign < 0, first=first, after=position
    )
    rows = [SortedNode(((0, sign * count),), node) for count, node in page.rows]
    return rows, page.has_next, page.has_previous
