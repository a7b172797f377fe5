"""Call simple resolvers directly instead of through Strawberry's per-field wrapper.

For every field Strawberry puts a wrapper between graphql-core and the resolver: it builds an `Info`, converts
the arguments, chains field extensions and exception handlers. On a nested query of a thousand objects that
wrapper costs more than the resolvers themselves (the benchmark's profile: a third of the execution). Where it
has nothing to do -- no field extensions, no permission classes, no exception handlers, only scalar arguments
(which graphql-core has already parsed into Python values) -- this module installs a resolver that renames the
arguments and calls the method, building an `Info` only when the method asks for one. The answers are the same;
`tests/contract/test_direct_resolvers.py` runs the API's queries both ways. What it reads of Strawberry's fields
and resolvers beyond their public API is in graph_api/graphql/internals.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLObjectType, GraphQLResolveInfo
from strawberry.types.base import StrawberryOptional
from strawberry.types.field import StrawberryField

from graph_api.graphql import internals
from graph_api.model.temporal import Period

__all__ = ["install_direct_resolvers"]

_SCALARS: frozenset[object] = frozenset({str, int, float, bool, strawberry.ID, dt.date, dt.datetime, Period})
Resolver = Callable[..., Any]


def _is_scalar(annotation: object) -> bool:
    if isinstance(annotation, StrawberryOptional):
        annotation = annotation.of_type
    return annotation in _SCALARS


def _attribute(name: str) -> Resolver:
    def resolve(source: Any, info: GraphQLResolveInfo[Any]) -> Any:
        return getattr(source, name)

    return resolve


def _method(
    schema: strawberry.Schema,
    field: StrawberryField,
    function: Callable[..., Any],
    renames: dict[str, str],
    info_name: str | None,
) -> Resolver:
    make_info = internals.info_factory(schema, field)
    if info_name is None and not renames:

        def resolve_plain(source: Any, info: GraphQLResolveInfo[Any]) -> Any:
            return function(source)

        return resolve_plain

    def resolve(source: Any, info: GraphQLResolveInfo[Any], **arguments: Any) -> Any:
        kwargs = {renames[name]: value for name, value in arguments.items()}
        if info_name is not None:
            kwargs[info_name] = make_info(info)
        return function(source, **kwargs)

    return resolve


def _direct(schema: strawberry.Schema, field: StrawberryField) -> Resolver | None:
    """A direct resolver for `field`, or None when Strawberry's wrapper has work to do."""
    if field.extensions or getattr(field, "permission_classes", None):
        return None
    if internals.has_exception_handlers(schema, field):
        return None
    shape = internals.resolver_shape(field)
    if shape is None:
        return _attribute(field.python_name)
    if not shape.method:
        return None
    if not all(_is_scalar(argument.type) for argument in field.arguments):
        return None
    convert = schema.config.name_converter
    renames = {convert.from_argument(argument): argument.python_name for argument in field.arguments}
    return _method(schema, field, shape.function, renames, shape.info_name)


def install_direct_resolvers(schema: strawberry.Schema) -> int:
    """Replace the wrappers of `schema`'s simple object fields with direct calls; how many were replaced."""
    replaced = 0
    for graphql_type in internals.graphql_schema(schema).type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        for graphql_field in graphql_type.fields.values():
            definition = internals.strawberry_field(graphql_field)
            if definition is None:
                continue
            direct = _direct(schema, definition)
            if direct is not None:
                # Strawberry marks the wrappers of plain attributes, and extensions such as tracing skip those.
                internals.mark_like(direct, graphql_field.resolve)
                graphql_field.resolve = direct
                replaced += 1
    return replaced
