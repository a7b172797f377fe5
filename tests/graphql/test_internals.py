"""One test per reliance on Strawberry's and graphql-core's internals (graph_api/graphql/internals.py).

Each runs the reliance against the installed libraries and, when an upgrade changed it, fails naming the
function or constant of internals.py to look at. The HTTP view's reliances are in test_internals_view.py;
test_internals_guard.py checks that nothing else in graph_api leans on the libraries' internals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import strawberry
from graphql import FieldNode, GraphQLError, GraphQLSchema, parse, validate
from graphql import build_schema as build_sdl_schema
from graphql.pyutils import Path as ResponsePath
from starlette.testclient import TestClient
from strawberry.asgi import GraphQL
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter, SchemaExtension
from strawberry.resolvers import is_default_resolver
from strawberry.types.field import StrawberryField

from graph_api.graphql import internals
from tests.graphql.reliances import BOOKS, Book, Probe, executor_of, make_schema, reliance

# --- graphql-core's executor, through Strawberry's execution context ---------------------------------------


async def test_strawberry_runs_operations_through_the_execution_context_class() -> None:
    with reliance("ExecutionContextBase", "Strawberry no longer calls execution_context_class.execute_operation"):
        executor = await executor_of('{ book(title: "x") { title } }')
        assert isinstance(executor, Probe)


async def test_runs_by_levels_tells_queries_from_the_rest() -> None:
    with reliance("runs_by_levels", "graphql-core's Executor no longer has operation/middleware_manager/abort_signal"):
        query = await executor_of('{ book(title: "x") { title } }')
        assert internals.runs_by_levels(query, None)
        assert not internals.runs_by_levels(query, True)
        mutation = await executor_of("mutation { touch }")
        assert not internals.runs_by_levels(mutation, None)


async def test_root_fields_groups_by_response_key() -> None:
    with reliance("root_fields", "graphql-core's collect_fields no longer groups the root fields so"):
        executor = await executor_of(BOOKS, {"t": "x"})
        grouped = internals.root_fields(executor)
        assert grouped is not None
        assert list(grouped) == ["book", "again"]
        assert [internals.field_name(group) for group in grouped.values()] == ["book", "book"]


async def test_sub_fields_expand_fragments() -> None:
    with reliance("sub_fields", "graphql-core's Executor.collect_subfields no longer collects sub-fields so"):
        executor = await executor_of(BOOKS, {"t": "x"})
        grouped = internals.root_fields(executor)
        assert grouped is not None
        book_type = executor.schema.get_type("Book")
        assert book_type is not None
        below = internals.sub_fields(executor, book_type, grouped["book"])  # type: ignore[arg-type]
        assert below is not None
        assert list(below) == ["title", "shout"]


async def test_resolve_info_carries_the_field_nodes() -> None:
    with reliance("resolve_info", "graphql-core's to_nodes or Executor.build_resolve_info changed"):
        executor = await executor_of(BOOKS, {"t": "x"})
        grouped = internals.root_fields(executor)
        assert grouped is not None and executor.schema.query_type is not None
        field_def = executor.schema.query_type.fields["book"]
        path = ResponsePath(None, "book", "Query")
        info = internals.resolve_info(executor, field_def, grouped["book"], executor.schema.query_type, path)
        assert info.field_name == "book"
        assert all(isinstance(node, FieldNode) for node in info.field_nodes)
        assert info.path.key == "book"


async def test_argument_values_coerces_variables() -> None:
    with reliance("argument_values", "graphql-core's get_argument_values no longer takes these arguments"):
        executor = await executor_of(BOOKS, {"t": "from a variable"})
        grouped = internals.root_fields(executor)
        assert grouped is not None and executor.schema.query_type is not None
        fields = executor.schema.query_type.fields
        assert internals.argument_values(executor, fields["book"], grouped["book"]) == {"title": "from a variable"}
        assert internals.argument_values(executor, fields["book"], grouped["again"]) == {"title": "y"}


async def test_response_builds_the_execution_result() -> None:
    with reliance("response", "graphql-core's Executor.build_response or finish changed"):
        executor = await executor_of('{ book(title: "x") { title } }')
        result = internals.response(executor, {"book": {"title": "x"}})
        assert result.data == {"book": {"title": "x"}}
        assert result.errors is None


# --- Strawberry's fields behind the GraphQL schema ---------------------------------------------------------


def test_graphql_schema_is_behind_strawberrys() -> None:
    with reliance("graphql_schema", "Strawberry's Schema no longer keeps graphql-core's schema in _schema"):
        schema = internals.graphql_schema(make_schema())
        assert isinstance(schema, GraphQLSchema)
        assert "Book" in schema.type_map


def test_strawberry_field_is_kept_in_the_extensions() -> None:
    with reliance("strawberry_field", "Strawberry no longer links a GraphQL field to its StrawberryField"):
        schema = internals.graphql_schema(make_schema())
        field = internals.strawberry_field(schema.query_type.fields["book"])  # type: ignore[union-attr]
        assert field is not None and field.python_name == "book"


def test_has_exception_handlers_finds_the_fields_a_handler_serves() -> None:
    with reliance("has_exception_handlers", "Strawberry's schema converter no longer lists a field's handlers"):
        strawberry_schema = make_schema()
        fields = internals.graphql_schema(strawberry_schema).query_type.fields  # type: ignore[union-attr]
        lookup, book = (internals.strawberry_field(fields[name]) for name in ("lookup", "book"))
        assert lookup is not None and book is not None
        assert internals.has_exception_handlers(strawberry_schema, lookup)
        assert not internals.has_exception_handlers(strawberry_schema, book)


def _book_field(name: str) -> StrawberryField:
    fields = internals.graphql_schema(make_schema()).get_type("Book").fields  # type: ignore[union-attr]
    field = internals.strawberry_field(fields[name])
    assert field is not None
    return field


def test_resolver_shape_reads_the_resolvers_parameters() -> None:
    with reliance("resolver_shape", "Strawberry's StrawberryResolver no longer reports its parameters so"):
        assert internals.resolver_shape(_book_field("title")) is None
        shout = internals.resolver_shape(_book_field("shout"))
        assert shout is not None and shout.method and shout.info_name == "info"
        assert shout.function.__qualname__ == "Book.shout"
        echo = internals.resolver_shape(_book_field("echo"))
        assert echo is not None and echo.method and echo.info_name is None
        assert echo.function(Book(title="ab"), times=2) == "abab"
        kind = internals.resolver_shape(_book_field("kind"))
        assert kind is not None and not kind.method


async def test_info_factory_builds_strawberrys_info() -> None:
    with reliance("info_factory", "Strawberry's Info is no longer built from _raw_info and _field"):
        schema = make_schema()
        field = _book_field("shout")
        captured: list[Any] = []
        graphql_field = internals.graphql_schema(schema).get_type("Book").fields["shout"]  # type: ignore[union-attr]
        make_info = internals.info_factory(schema, field)

        def resolve(source: Any, raw: Any) -> str:
            captured.append(make_info(raw))
            return "ok"

        graphql_field.resolve = resolve
        result = await schema.execute('{ book(title: "x") { shout } }')
        assert result.errors is None
        (info,) = captured
        assert isinstance(info, strawberry.Info)
        assert info.python_name == "shout" and info.field_name == "shout"


def test_mark_like_copies_strawberrys_default_resolver_mark() -> None:
    with reliance("mark_like", "Strawberry no longer marks the wrappers of plain attributes with _is_default"):
        fields = internals.graphql_schema(make_schema()).get_type("Book").fields  # type: ignore[union-attr]
        attribute, method = fields["title"].resolve, fields["shout"].resolve
        assert attribute is not None and method is not None
        assert is_default_resolver(attribute) and not is_default_resolver(method)

        def direct(source: Any, info: Any) -> Any:
            return source

        internals.mark_like(direct, attribute)
        assert is_default_resolver(direct)
        internals.mark_like(direct, method)
        assert not is_default_resolver(direct)


# --- The document and the query, filled in by schema extensions --------------------------------------------


async def test_parse_key_sees_the_token_limit() -> None:
    keys: list[tuple[tuple[str, Any], ...]] = []

    class Record(SchemaExtension):
        def on_parse(self) -> Iterator[None]:
            keys.append(internals.parse_key(self.execution_context))
            yield

    with reliance("parse_key", "MaxTokensLimiter no longer puts max_tokens in parse_options before on_parse"):
        schema = make_schema(extensions=[lambda: MaxTokensLimiter(max_token_count=77), Record])
        assert (await schema.execute("{ __typename }")).errors is None
        assert keys == [(("max_tokens", 77),)]


async def test_supply_document_skips_strawberrys_parse() -> None:
    class Supply(SchemaExtension):
        def on_parse(self) -> Iterator[None]:
            internals.supply_document(self.execution_context, parse('{ book(title: "supplied") { title } }'))
            yield

    with reliance("supply_document", "Strawberry parses the query even when on_parse supplied a document"):
        result = await make_schema(extensions=[Supply]).execute("{ __typename }")
        assert result.errors is None
        assert result.data == {"book": {"title": "supplied"}}


async def test_persisted_query_reads_the_operation_extensions() -> None:
    seen: list[tuple[object, str] | None] = []

    class Record(SchemaExtension):
        def on_operation(self) -> Iterator[None]:
            seen.append(internals.persisted_query(self.execution_context))
            yield

    with reliance("persisted_query", "Strawberry no longer hands the request's extensions to the schema"):
        schema = make_schema(extensions=[Record])
        extensions = {"persistedQuery": {"version": 1, "sha256Hash": "abc"}}
        assert (await schema.execute("{ __typename }", operation_extensions=extensions)).errors is None
        assert (await schema.execute("{ __typename }")).errors is None
        assert seen == [(1, "abc"), None]


async def test_provided_operation_name_is_none_without_one() -> None:
    names: list[tuple[str | None, str | None]] = []

    class Record(SchemaExtension):
        def on_validate(self) -> Iterator[None]:
            context = self.execution_context
            names.append((internals.provided_operation_name(context), context.operation_name))
            yield

    with reliance("provided_operation_name", "Strawberry no longer keeps the operationName the request sent"):
        schema = make_schema(extensions=[Record])
        document = "query A { __typename } query B { __typename }"
        await schema.execute(document)
        await schema.execute(document, operation_name="B")
        # Strawberry's own operation_name falls back to the first operation's: the reason for the reliance.
        assert names == [(None, "A"), ("B", "B")]


def test_supply_query_answers_a_request_without_one() -> None:
    class Supply(SchemaExtension):
        def on_operation(self) -> Iterator[None]:
            if self.execution_context.query is None:
                internals.supply_query(self.execution_context, '{ book(title: "by hash") { title } }')
            yield

    with reliance("supply_query", "Strawberry refuses a request without a query before on_operation"):
        client = TestClient(GraphQL(make_schema(extensions=[Supply])))
        response = client.post("/", json={"extensions": {"persistedQuery": {"sha256Hash": "abc"}}})
        assert response.status_code == 200, response.text
        assert response.json()["data"] == {"book": {"title": "by hash"}}


# --- The libraries' wording --------------------------------------------------------------------------------


async def _strawberry_refusal(extension: Callable[[], SchemaExtension], query: str) -> str:
    result = await make_schema(extensions=[extension]).execute(query)
    assert result.errors, "not refused"
    return result.errors[0].message


def _parse_refusal(query: str, **options: Any) -> str:
    with pytest.raises(GraphQLError) as refused:
        parse(query, **options)
    return refused.value.message


DEEP = '{ book(title: "x") { title } a: book(title: "x") { title } b: book(title: "x") { title } }'
LIMIT_REFUSALS = {
    "QueryDepthLimiter": lambda: _strawberry_refusal(lambda: QueryDepthLimiter(max_depth=0), "query Q " + DEEP),
    "MaxAliasesLimiter": lambda: _strawberry_refusal(lambda: MaxAliasesLimiter(max_alias_count=1), DEEP),
}


@pytest.mark.parametrize("limiter", LIMIT_REFUSALS)
async def test_limit_refusal_matches_strawberrys_limiters(limiter: str) -> None:
    with reliance("LIMIT_REFUSAL", f"Strawberry's {limiter} words its refusal differently"):
        message = await LIMIT_REFUSALS[limiter]()
        assert internals.LIMIT_REFUSAL.search(message), message


@pytest.mark.parametrize(
    ("case", "query", "options"),
    [
        ("max_tokens", "{ a b c d e f g h i j k l }", {"max_tokens": 5}),
        ("nesting", "{" + " a {" * 5000 + " b" + " }" * 5001, {}),
    ],
)
def test_limit_refusal_matches_graphql_cores_parser(case: str, query: str, options: dict[str, Any]) -> None:
    with reliance("LIMIT_REFUSAL", f"graphql-core's parser words its {case} refusal differently"):
        message = _parse_refusal(query, **options)
        assert internals.LIMIT_REFUSAL.search(message), message


def test_suggestion_matches_graphql_cores_hint() -> None:
    with reliance("SUGGESTION", "graphql-core words its 'Did you mean' suggestions differently"):
        schema = build_sdl_schema("type Query { institutions: Int institution: Int }")
        (error,) = validate(schema, parse("{ institutons }"))
        assert "institutions" in error.message
        hidden = internals.SUGGESTION.sub("", error.message)
        assert "institution" not in hidden and "Did you mean" not in hidden
        assert hidden == "Cannot query field 'institutons' on type 'Query'."


async def test_depth_and_alias_refusals_are_strawberrys_words() -> None:
    with reliance("depth_refusal", "Strawberry's QueryDepthLimiter words its refusal differently"):
        assert await LIMIT_REFUSALS["QueryDepthLimiter"]() == internals.depth_refusal("Q", 0)
    with reliance("alias_refusal", "Strawberry's MaxAliasesLimiter words its refusal differently"):
        assert await LIMIT_REFUSALS["MaxAliasesLimiter"]() == internals.alias_refusal(2, 1)


async def test_is_variable_coercion_error_knows_graphql_cores_refusal() -> None:
    with reliance("is_variable_coercion_error", "graphql-core reports a variable that does not coerce differently"):
        schema = make_schema()
        refused = await schema.execute("query ($t: String!) { book(title: $t) { title } }", variable_values={"t": 3})
        assert refused.errors and all(internals.is_variable_coercion_error(e) for e in refused.errors)
        failed = await schema.execute("{ broken }")
        assert failed.errors and not any(internals.is_variable_coercion_error(e) for e in failed.errors)
