"""What the cost estimate multiplies a list by: each relationship field's real average fan-out.

A relationship field (`members`, `memberOf`, `covers`, `mentions`, the `sources` of a node…) follows the
relationship types the ontology lets join its owner's labels to its items' labels, in one direction. Its
fan-out is the number of those relationships over the number of nodes of the owner's label (the fewest,
when the owner is an interface over several; at least 1), from the statistics the store keeps. Where a
field could follow more than one type (`memberOf` might be MEMBER_OF, CONVENES or LEADS as far as the
types say), the largest is taken: the estimate stays an upper bound of the average. A link's own lists
(the `sources` of a relationship) are counted like the same field of the node at its end, as no count of
citations per relationship is kept. Any other list is multiplied by the graph's largest average fan-out over
the network's relationship types, as every list was before.

The table is made once for a schema and the graph's statistics; an estimate only looks fields up in it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    get_named_type,
)

from graph_api.model.ontology import Ontology
from graph_api.model.records import Direction
from graph_api.store.protocol import GraphStats

__all__ = ["FanOuts", "fan_outs", "fanout_of"]

# The arguments of the connection that pages through a node's relationships of any one type.
LINK_ARGUMENTS = frozenset({"type", "direction"})


@dataclass(frozen=True, slots=True)
class FanOuts:
    """Average fan-outs by field: `fields` by (GraphQL type, field), `links` by (GraphQL type, relationship
    type, direction) for the `links(type:, direction:)` connection, and `largest` for any other list."""

    largest: int
    fields: Mapping[tuple[str, str], int] = field(default_factory=dict)
    links: Mapping[tuple[str, str, Direction], int] = field(default_factory=dict)

    @classmethod
    def flat(cls, fanout: int) -> FanOuts:
        """Every list multiplied by `fanout`: the estimate without statistics."""
        return cls(largest=fanout)

    def of_field(self, owner: str, name: str) -> int:
        return self.fields.get((owner, name), self.largest)


def fanout_of(stats: GraphStats, ontology: Ontology) -> int:
    """The largest average number of relationships of one type per node, either way (at least 1), over the
    network's types: provenance and vocabulary links (MENTIONED_IN, BROADER) are read the wide way only through
    fields of their own (a document's `mentions`), whose fan-out the table has; counted here, a dataset of many
    places citing one gazetteer made every other list as wide as that gazetteer's mentions."""
    best = 1.0
    for rel_type, count in stats.edges.items():
        spec = ontology.relationships.get(rel_type)
        if spec is None or not spec.network:
            continue
        starts = sum(stats.nodes.get(label, 0) for label in spec.from_labels)
        ends = sum(stats.nodes.get(label, 0) for label in spec.to_labels)
        best = max(best, count / max(1, starts), count / max(1, ends))
    return math.ceil(best)


def _average(stats: GraphStats, count: int, labels: Iterable[str]) -> int:
    """The relationships over the nodes of the label they could be spread over the least (at least 1): the
    statistics count relationships by type alone, so this bounds the average of each label from above."""
    present = [n for n in (stats.nodes.get(label, 0) for label in labels) if n]
    return max(1, math.ceil(count / min(present))) if present else 1


def _unwrapped(type_: GraphQLOutputType) -> GraphQLOutputType:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_


def fan_outs(schema: GraphQLSchema, stats: GraphStats, ontology: Ontology) -> FanOuts:
    """The fan-out table of `schema`'s fields over a graph with `stats`."""

    def labels_of(type_: GraphQLNamedType) -> frozenset[str]:
        if isinstance(type_, GraphQLInterfaceType):
            return frozenset(t.name for t in schema.get_possible_types(type_) if t.name in ontology.labels)
        return frozenset({type_.name}) if type_.name in ontology.labels else frozenset()

    def along(rel_type: str, direction: Direction, owners: frozenset[str]) -> int:
        spec = ontology.relationships[rel_type]
        side = spec.from_labels if direction is Direction.OUT else spec.to_labels
        return _average(stats, stats.edges.get(rel_type, 0), owners & side)

    def following(owners: frozenset[str], items: frozenset[str]) -> list[int]:
        found = []
        for name, spec in ontology.relationships.items():
            if owners & spec.from_labels and items & spec.to_labels:
                found.append(along(name, Direction.OUT, owners))
            if owners & spec.to_labels and items & spec.from_labels:
                found.append(along(name, Direction.IN, owners))
        return found

    types = [
        t
        for name, t in schema.type_map.items()
        if not name.startswith("__") and isinstance(t, GraphQLObjectType | GraphQLInterfaceType)
    ]
    fields: dict[tuple[str, str], int] = {}
    links: dict[tuple[str, str, Direction], int] = {}
    for owner in types:
        owners = labels_of(owner)
        if not owners:
            continue
        for name, graphql_field in owner.fields.items():
            if graphql_field.args.keys() >= LINK_ARGUMENTS:
                for rel_type in ontology.relationships:
                    for direction in Direction:
                        links[(owner.name, rel_type, direction)] = along(rel_type, direction, owners)
            if not isinstance(_unwrapped(graphql_field.type), GraphQLList):
                continue
            item = get_named_type(graphql_field.type)
            end = item.fields.get("node") if isinstance(item, GraphQLObjectType) else None
            items = labels_of(get_named_type(end.type) if end is not None else item)
            candidates = following(owners, items) if items else []
            if candidates:
                fields[(owner.name, name)] = max(candidates)
    # A link's lists (its `sources`) count like the same field of the node at its end.
    for link in types:
        end = link.fields.get("node")
        if end is None or not labels_of(node_type := get_named_type(end.type)):
            continue
        for name in link.fields:
            if (node_type.name, name) in fields:
                fields[(link.name, name)] = fields[(node_type.name, name)]
    return FanOuts(largest=fanout_of(stats, ontology), fields=fields, links=links)
