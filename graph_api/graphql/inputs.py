"""The GraphQL input types of lists: `where` (AND / OR / NOT, scalar operators, relationship filters) and `orderBy`.

They are the shapes graph_api.services.filtering evaluates (`Where`, `SortOrder`, …), declared for the schema.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError

from graph_api.model.temporal import Period
from graph_api.services.conditions import RelationDirection, SortDirection

__all__ = [
    "SCALARS",
    "DateFilter",
    "NodeWhere",
    "OrderBy",
    "PropertyFilter",
    "RelationDirection",
    "RelationFilter",
    "SortDirection",
    "StringFilter",
]


def _parse_date(value: object) -> Period:
    # graphql-core reports a GraphQLError from a scalar's parser as the client's mistake; anything else is masked.
    if not isinstance(value, str):
        raise GraphQLError(f"Date cannot represent a non-string value: {value!r}")
    try:
        return Period.parse(value)
    except ValueError as err:
        raise GraphQLError(str(err)) from err


# `asOf` takes dates as partial as the facts' own: a year or a month means "at some time in it". The scalar
# keeps the name Date, so that documents declaring `$asOf: Date` still validate.
SCALARS: dict[object, Any] = {
    Period: strawberry.scalar(
        name="Date",
        description="An ISO 8601 date, whole or partial: '2012-04-30', '2012-04' (a month) or '2012' (a year).",
        serialize=lambda period: period.text,
        parse_value=_parse_date,
    )
}

# The services layer's enums, declared as GraphQL enums (strawberry.enum registers the class itself).
strawberry.enum(RelationDirection)
strawberry.enum(SortDirection)


@strawberry.input(description="Conditions on a text property; text matches ignore case and accents.")
class StringFilter:
    eq: str | None = None
    in_: list[str] | None = strawberry.field(default=None, name="in")
    contains: str | None = None
    starts_with: str | None = None
    exists: bool | None = None


@strawberry.input(description="Conditions on a date property (ISO 8601, possibly partial); ranges compare periods.")
class DateFilter:
    eq: str | None = None
    gte: str | None = strawberry.field(default=None, description="On or after: the period ends on or after this.")
    lte: str | None = strawberry.field(default=None, description="On or before: the period starts on or before this.")
    exists: bool | None = None


@strawberry.input(description="A condition on one property of the ontology, by its name (e.g. 'kind', 'country').")
class PropertyFilter:
    name: str
    text: StringFilter | None = None
    date: DateFilter | None = None


@strawberry.input(description="Nodes related by `type` that `some`, `none` or `all` match (none given: any exists).")
class RelationFilter:
    type: str
    direction: RelationDirection = RelationDirection.OUT
    some: NodeWhere | None = None
    none: NodeWhere | None = None
    all: NodeWhere | None = None


@strawberry.input(description="Which nodes a list returns; every condition given must hold.")
class NodeWhere:
    and_: list[NodeWhere] | None = strawberry.field(default=None, name="AND")
    or_: list[NodeWhere] | None = strawberry.field(default=None, name="OR")
    not_: NodeWhere | None = strawberry.field(default=None, name="NOT")
    id: StringFilter | None = None
    name: StringFilter | None = strawberry.field(
        default=None, description="The name, English name, aliases or acronym."
    )
    property: list[PropertyFilter] | None = None
    related: list[RelationFilter] | None = None


@strawberry.input(description="A sort key: a property by name, or the number of relationships of a type.")
class OrderBy:
    property: str | None = None
    relationship_count: str | None = strawberry.field(default=None, description="A relationship type, e.g. COVERS.")
    relationship_direction: RelationDirection = RelationDirection.OUT
    direction: SortDirection = SortDirection.ASC
