"""The reliances of the HTTP view (graph_api/http/view.py) on Strawberry's, kept in graph_api/graphql/internals.py."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
import strawberry
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.testclient import TestClient
from strawberry.asgi import GraphQL

from graph_api.graphql import internals
from graph_api.http.view import CompliantGraphQL
from tests.graphql.reliances import Query, make_schema, reliance

# --- Strawberry's HTTP view --------------------------------------------------------------------------------


def test_view_hooks_are_strawberrys() -> None:
    with reliance("VIEW_HOOKS", "Strawberry's ASGI view no longer has a hook CompliantGraphQL overrides"):
        for name in internals.VIEW_HOOKS:
            ours, theirs = getattr(CompliantGraphQL, name), getattr(GraphQL, name)
            assert list(inspect.signature(ours).parameters) == list(inspect.signature(theirs).parameters), name
    overridden = {
        name
        for name, value in vars(CompliantGraphQL).items()
        if callable(value) and not name.startswith("_") and hasattr(GraphQL, name)
    }
    assert overridden <= set(internals.VIEW_HOOKS), f"declare these overrides in VIEW_HOOKS: {overridden}"


def test_view_hooks_are_called_once_a_request() -> None:
    calls: list[str] = []
    sub_responses: list[Response] = []

    class Recording(GraphQL[Any, Any]):
        pass

    def record(name: str) -> Any:
        hook = getattr(GraphQL, name)

        if inspect.iscoroutinefunction(hook):

            async def async_recorded(self: Any, *args: Any, **kwargs: Any) -> Any:
                calls.append(name)
                answer = await hook(self, *args, **kwargs)
                if name == "get_sub_response":
                    sub_responses.append(answer)
                return answer

            return async_recorded

        def recorded(self: Any, *args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            if name == "create_response":
                given = kwargs.get("sub_response", args[-1] if args else None)
                assert given is sub_responses[-1], "create_response got another sub-response"
            return hook(self, *args, **kwargs)

        return recorded

    for name in internals.VIEW_HOOKS:
        setattr(Recording, name, record(name))
    with reliance("VIEW_HOOKS", "Strawberry's ASGI view no longer calls each hook CompliantGraphQL overrides"):
        client = TestClient(Recording(make_schema()))
        assert client.post("/", json={"query": "{ __typename }"}).status_code == 200
        assert client.get("/", params={"query": "{ __typename }", "variables": "{}"}).status_code == 200
        assert set(calls) == set(internals.VIEW_HOOKS), set(internals.VIEW_HOOKS) - set(calls)


def test_media_type_of_reads_a_content_type_as_strawberry_does() -> None:
    with reliance("media_type_of", "strawberry.http.parse_content_type is gone or reads content types differently"):
        assert internals.media_type_of("application/json; charset=UTF-8") == "application/json"
        assert internals.media_type_of('multipart/form-data; boundary="x"') == "multipart/form-data"
        assert (
            internals.media_type_of("application/graphql-response+json;charset=utf-8")
            == "application/graphql-response+json"
        )


def _request(method: str, query: str) -> Request:
    scope = {
        "type": "http",
        "method": method,
        "path": "/",
        "query_string": f"query={query}".encode(),
        "headers": [(b"accept", b"application/json")],
    }
    return Request(scope)


async def test_is_mutation_over_get_knows_strawberrys_refusal() -> None:
    view = GraphQL[Any, Any](make_schema())
    with reliance("is_mutation_over_get", "Strawberry refuses a mutation sent by GET differently"):
        with pytest.raises(internals.HTTPException) as refused:
            await view.run(_request("GET", "mutation { touch }"))
        assert internals.is_mutation_over_get(refused.value)
        with pytest.raises(internals.HTTPException) as other:
            await view.run(_request("GET", ""))
        assert not internals.is_mutation_over_get(other.value)


async def test_status_unset_knows_strawberrys_sub_response() -> None:
    with reliance("status_unset", "Strawberry's ASGI view no longer leaves the sub-response's status unset"):
        sub_response = await GraphQL[Any, Any](make_schema()).get_sub_response(_request("GET", ""))
        assert internals.status_unset(sub_response)
        sub_response.status_code = 201
        assert not internals.status_unset(sub_response)


async def test_strawberry_calls_process_errors() -> None:
    """graph_api/graphql/schema.py silences Strawberry's error log by overriding Schema.process_errors."""
    seen: list[list[GraphQLError]] = []

    class Quiet(strawberry.Schema):
        def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
            seen.append(errors)

    result = await Quiet(query=Query).execute("{ broken }")
    assert result.errors
    assert seen == [result.errors], "Strawberry no longer calls Schema.process_errors: see graph_api/graphql/schema.py"
