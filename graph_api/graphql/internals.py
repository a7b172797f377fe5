"""What migragraph leans on in Strawberry and graphql-core beyond their documented API, in one place.

pyproject.toml pins strawberry-graphql>=0.341.2,<0.350, which brings graphql-core>=3.3,<3.4 and cross-web;
every reliance below holds for those releases. Each is a small named function or constant with a docstring
saying what it assumes, and tests/graphql/test_internals.py checks each against the installed libraries,
failing with the name of the one an upgrade broke. The same tests check that no other module of graph_api
imports a private or unexported name from those libraries, nor reaches for a private attribute.

The reliances, by user:

- execution/levels.py (the level executor) subclasses Strawberry's unexported execution context and calls
  graphql-core's executor methods that its docstring calls "not part of the public API": the field
  collection (`root_fields`, `sub_fields`), the field nodes (`to_nodes`, in `resolve_info`), argument
  coercion (`argument_values`), the response (`response`) and the conditions under which it may run at all
  (`runs_by_levels`).
- execution/direct.py (direct resolvers) reads Strawberry's field definitions behind the GraphQL schema
  (`graphql_schema`, `strawberry_field`), its resolvers' parameters (`resolver_shape`), its exception
  handlers (`has_exception_handlers`), builds an `Info` the way Strawberry does (`info_factory`) and marks a
  resolver the way Strawberry marks plain-attribute ones (`mark_like`).
- execution/parse_cache.py and extensions/persisted.py fill in the document or the query from a schema
  extension, before Strawberry parses (`parse_key`, `supply_document`, `persisted_query`, `supply_query`);
  extensions/operations.py reads the operation name the request sent (`provided_operation_name`).
- extensions/error_codes.py and extensions/limits.py match and copy the libraries' wording (`LIMIT_REFUSAL`,
  `SUGGESTION`, `depth_refusal`, `alias_refusal`, `is_variable_coercion_error`).
- extensions/cost.py reads the GraphQL schema behind Strawberry's (`graphql_schema`).
- http/view.py overrides hooks of Strawberry's HTTP view (`VIEW_HOOKS`, one of which takes a
  `BaseRequestProtocol`), checks a content type as the view
  does (`media_type_of`), recognises its refusal of a mutation over GET (`is_mutation_over_get`) and its
  unset sub-response status (`status_unset`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import strawberry
from cross_web import HTTPException
from graphql import (
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    OperationType,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet, collect_fields
from graphql.execution.executor import to_nodes
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from starlette.responses import Response
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types import ExecutionContext
from strawberry.types.field import StrawberryField
from strawberry.types.graphql import OperationType as StrawberryOperationType

__all__ = [
    "LIMIT_REFUSAL",
    "SUGGESTION",
    "VIEW_HOOKS",
    "BaseRequestProtocol",
    "ExecutionContextBase",
    "FieldDetailsList",
    "GroupedFieldSet",
    "HTTPException",
    "ResolverShape",
    "alias_refusal",
    "argument_values",
    "depth_refusal",
    "field_name",
    "graphql_schema",
    "has_exception_handlers",
    "info_factory",
    "is_mutation_over_get",
    "is_variable_coercion_error",
    "mark_like",
    "media_type_of",
    "parse_key",
    "persisted_query",
    "provided_operation_name",
    "resolve_info",
    "resolver_shape",
    "response",
    "root_fields",
    "runs_by_levels",
    "status_unset",
    "strawberry_field",
    "sub_fields",
    "supply_document",
    "supply_query",
]

# --- graphql-core's executor, through Strawberry's execution context (execution/levels.py) ---------------

ExecutionContextBase = StrawberryGraphQLCoreExecutionContext
"""Strawberry's execution context (strawberry.schema.schema, not exported): graphql-core's `Executor` with
Strawberry's resolve info. `Schema(execution_context_class=...)` takes a subclass of it, and Strawberry calls
its `execute_operation(serially)` for every query and mutation (graphql-core 3.3's Executor)."""


def runs_by_levels(executor: ExecutionContextBase, serially: bool | None) -> bool:
    """Whether a level executor may answer the operation: a query, no middleware, no abort signal, not serial.

    Relies on graphql-core 3.3's `Executor` attributes `operation`, `middleware_manager` (with its
    `middlewares`) and `abort_signal`, and on `execute_operation(serially)` being asked to run serially only
    when the caller insists.
    """
    return not (
        executor.operation.operation is not OperationType.QUERY
        or (executor.middleware_manager is not None and bool(executor.middleware_manager.middlewares))
        or executor.abort_signal is not None
        or serially
    )


def root_fields(executor: ExecutionContextBase) -> GroupedFieldSet | None:
    """The root fields of the operation grouped by response key; None when @defer or a forbidden directive
    (which graphql-core handles in its own way) is among them.

    Relies on graphql-core 3.3's `collect_fields(schema, fragments, variable_values, runtime_type, operation,
    hide_suggestions)` (graphql.execution.collect_fields) and its `CollectedFields` result, and on the
    `Executor` attributes of the same names.
    """
    root_type = executor.schema.query_type
    if root_type is None:
        return None
    collected = collect_fields(
        executor.schema,
        executor.fragments,
        executor.variable_values,
        root_type,
        executor.operation,
        executor.hide_suggestions,
    )
    if collected.new_defer_usages or collected.forbidden_directive_instances:
        return None
    return collected.grouped_field_set


def sub_fields(
    executor: ExecutionContextBase, object_type: GraphQLObjectType, group: FieldDetailsList
) -> GroupedFieldSet | None:
    """The sub-fields of a field group on `object_type` (memoised by the executor); None as in `root_fields`.

    Relies on graphql-core 3.3's private `Executor.collect_subfields(return_type, field_details_list)`.
    """
    collected = executor.collect_subfields(object_type, group)
    if collected.new_defer_usages or collected.forbidden_directive_instances:
        return None
    return collected.grouped_field_set


def field_name(group: FieldDetailsList) -> str:
    """The schema name of the field a group of field details selects (graphql-core 3.3's `FieldDetails.node`)."""
    return group[0].node.name.value


def resolve_info(
    executor: ExecutionContextBase,
    field_def: GraphQLField,
    group: FieldDetailsList,
    parent_type: GraphQLObjectType,
    path: Path,
) -> GraphQLResolveInfo[Any]:
    """The resolve info Strawberry's executor would give the resolvers of `group`.

    Relies on `Executor.build_resolve_info(field_def, field_nodes, parent_type, path)` (overridden by
    Strawberry) and graphql-core 3.3's unexported `to_nodes` (graphql.execution.executor).
    """
    return executor.build_resolve_info(field_def, to_nodes(group), parent_type, path)


def argument_values(executor: ExecutionContextBase, field_def: GraphQLField, group: FieldDetailsList) -> dict[str, Any]:
    """The field's arguments, coerced as graphql-core coerces them (an empty dict when there are none).

    Relies on graphql-core 3.3's `get_argument_values(type_def, node, variable_values,
    fragment_variable_values, hide_suggestions)` and `FieldDetails.fragment_variable_values`.
    """
    first = group[0]
    if not field_def.args and not first.node.arguments:
        return {}
    return get_argument_values(
        field_def, first.node, executor.variable_values, first.fragment_variable_values, executor.hide_suggestions
    )


def response(executor: ExecutionContextBase, data: dict[str, Any]) -> Any:
    """The execution result for completed `data`, as `execute_operation` would return it.

    Relies on graphql-core 3.3's private `Executor.build_response(data)` and `Executor.finish(result)`.
    """
    return executor.finish(executor.build_response(data))


# --- Strawberry's fields behind the GraphQL schema (execution/direct.py, extensions/cost.py) ---------------


def graphql_schema(schema: strawberry.Schema) -> GraphQLSchema:
    """graphql-core's schema behind a Strawberry schema: Strawberry's private `Schema._schema`."""
    return schema._schema


def strawberry_field(graphql_field: GraphQLField) -> StrawberryField | None:
    """The Strawberry field a GraphQL field was made from: Strawberry's schema converter keeps it in the
    field's extensions under `GraphQLCoreConverter.DEFINITION_BACKREF`."""
    definition = (graphql_field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    return definition if isinstance(definition, StrawberryField) else None


def has_exception_handlers(schema: strawberry.Schema, field: StrawberryField) -> bool:
    """Whether Strawberry's wrapper of `field` handles exceptions of its own: the schema converter's private
    `_get_field_exception_handlers(field)`, empty when none apply."""
    return bool(schema.schema_converter._get_field_exception_handlers(field))


@dataclass(frozen=True)
class ResolverShape:
    """What a field's resolver function takes, as Strawberry's `StrawberryResolver` reports it.

    function: the decorated function itself (`StrawberryResolver.wrapped_func`); method: it takes `self` and
    neither `root` nor a `strawberry.Parent`; info_name: the name of its `Info` parameter, if any.
    """

    function: Callable[..., Any]
    method: bool
    info_name: str | None


def resolver_shape(field: StrawberryField) -> ResolverShape | None:
    """The shape of `field`'s resolver; None for a field without one (a plain attribute).

    Relies on `StrawberryResolver.wrapped_func`, `self_parameter`, `root_parameter`, `parent_parameter` and
    `info_parameter` (strawberry.types.fields.resolver).
    """
    resolver = field.base_resolver
    if resolver is None:
        return None
    info_name = None if resolver.info_parameter is None else resolver.info_parameter.name
    function = resolver.wrapped_func
    if isinstance(function, staticmethod | classmethod):  # takes no `self`
        return ResolverShape(function.__func__, method=False, info_name=info_name)
    method = resolver.self_parameter is not None and resolver.root_parameter is None
    return ResolverShape(function, method=method and resolver.parent_parameter is None, info_name=info_name)


def info_factory(schema: strawberry.Schema, field: StrawberryField) -> Callable[[GraphQLResolveInfo[Any]], Any]:
    """Make the `strawberry.Info` Strawberry's wrapper would pass `field`'s resolver: the schema's
    `config.info_class` built from the private keyword arguments `_raw_info` and `_field`."""
    make_info = schema.config.info_class

    def build(raw: GraphQLResolveInfo[Any]) -> Any:
        return make_info(_raw_info=raw, _field=field)

    return build


def mark_like(resolver: Callable[..., Any], wrapper: Callable[..., Any] | None) -> None:
    """Mark `resolver` as Strawberry marked the `wrapper` it replaces: Strawberry sets a private
    `_is_default` on the wrappers of plain attributes, which `strawberry.resolvers.is_default_resolver` reads
    (its tracing extensions skip those fields)."""
    resolver._is_default = getattr(wrapper, "_is_default", False)  # type: ignore[attr-defined]


# --- The document and the query, filled in by schema extensions (parse_cache.py, persisted.py) ------------


def parse_key(context: ExecutionContext) -> tuple[tuple[str, Any], ...]:
    """The options Strawberry will parse the query with, as a key: `ExecutionContext.parse_options`, where
    `MaxTokensLimiter` puts `max_tokens` in its `on_operation`, before any `on_parse` runs."""
    return tuple(sorted(context.parse_options.items()))


def supply_document(context: ExecutionContext, document: Any) -> None:
    """Hand Strawberry the parsed document from an `on_parse` hook: Strawberry parses the query only when
    `ExecutionContext.graphql_document` is still None after the hooks."""
    context.graphql_document = document


def persisted_query(context: ExecutionContext) -> tuple[object, str] | None:
    """The version and SHA-256 an Apollo persisted-query request names, None when it names no hash: the
    request's `extensions` reach the schema as `ExecutionContext.operation_extensions`."""
    persisted = (context.operation_extensions or {}).get("persistedQuery")
    if not isinstance(persisted, dict) or not isinstance(persisted.get("sha256Hash"), str):
        return None
    return persisted.get("version"), persisted["sha256Hash"]


def provided_operation_name(context: ExecutionContext) -> str | None:
    """The operationName the request sent: Strawberry's `ExecutionContext.operation_name` falls back to the
    first operation's name when none was sent, which would run the first of several operations."""
    name = context._provided_operation_name
    return name if isinstance(name, str) else None


def supply_query(context: ExecutionContext, query: str) -> None:
    """Fill in the query of a request sent without one from an `on_operation` hook: Strawberry's HTTP view
    passes a request without `query` on to the schema, which refuses it (MissingQueryError) only after the
    `on_operation` hooks have run."""
    context.query = query


# --- The libraries' wording (extensions/error_codes.py, extensions/limits.py) -----------------------------

LIMIT_REFUSAL = re.compile(
    r"exceeds maximum operation depth|nested too deeply|aliases found\. Allowed|more than \d+ tokens", re.I
)
"""How the libraries word a refusal of a query that is too big: Strawberry's QueryDepthLimiter ("'Q' exceeds
maximum operation depth of 3") and MaxAliasesLimiter ("5 aliases found. Allowed: 2"), graphql-core's parser
with `max_tokens` ("Document contains more than 10 tokens. Parsing aborted.") and on a document deeper than
the recursion limit ("Document is nested too deeply. Parsing aborted.")."""

SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
"""How graphql-core words a suggestion of names in the schema ("... Did you mean 'institutions'?")."""


def depth_refusal(operation_name: str, max_depth: int) -> str:
    """Strawberry's QueryDepthLimiter's message, word for word."""
    return f"'{operation_name}' exceeds maximum operation depth of {max_depth}"


def alias_refusal(aliases: int, max_aliases: int) -> str:
    """Strawberry's MaxAliasesLimiter's message, word for word."""
    return f"{aliases} aliases found. Allowed: {max_aliases}"


def is_variable_coercion_error(error: GraphQLError) -> bool:
    """Whether graphql-core refused a variable's value: it reports the reason as the `original_error` (itself
    a GraphQLError) of an error without a path."""
    return error.path is None and isinstance(error.original_error, GraphQLError)


# --- Strawberry's HTTP view (http/view.py) -----------------------------------------------------------------

VIEW_HOOKS: Mapping[str, str] = {
    "run": "handles one HTTP request and returns the response, raising HTTPException to refuse it (called, "
    "not overridden: CompliantGraphQL's __call__ answers the refusal itself)",
    "get_sub_response": "makes the response object resolvers may change, once per request, and hands that same "
    "object to create_response",
    "should_render_graphql_ide": "decides from the method, query string and Accept header whether a GET is a "
    "browser asking for the IDE",
    "parse_http_body": "reads the request (body or query string) into GraphQLRequestData",
    "parse_json": "decodes a JSON body (and the JSON in a GET's variables and extensions), through decode_json",
    "decode_json": "decodes JSON text",
    "encode_json": "encodes the response body",
    "process_result": "turns an ExecutionResult into the response's JSON object",
    "create_response": "makes the HTTP response from the JSON object and the sub-response",
}
"""The methods of Strawberry's ASGI view (`strawberry.asgi.GraphQL` and its `AsyncBaseHTTPView`) that
`CompliantGraphQL` overrides or calls, and what it relies on each doing; only some (process_result, encode_json,
decode_json) are documented."""


def media_type_of(content_type: str) -> str:
    """The media type of a Content-Type header as Strawberry's view reads it (without its parameters, in the
    case it was sent in), through its unexported `strawberry.http.parse_content_type`."""
    media_type, _ = parse_content_type(content_type)
    return media_type


def is_mutation_over_get(err: HTTPException) -> bool:
    """Whether Strawberry's view refused a mutation sent by GET: it raises HTTPException(400) from an
    `InvalidOperationTypeError` that names the operation type."""
    cause = err.__cause__
    return isinstance(cause, InvalidOperationTypeError) and cause.operation_type is StrawberryOperationType.MUTATION


def status_unset(sub_response: Response) -> bool:
    """Whether no resolver set the sub-response's status: Strawberry's ASGI view makes it with
    `status_code = None`."""
    return not sub_response.status_code
