"""GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/) on Strawberry's ASGI view.

Strawberry answers every request with `application/json`, and with 200 for every GraphQL error.
`CompliantGraphQL` also answers `application/graphql-response+json`, chosen by the Accept header, and
then uses the status codes that media type calls for: 400 for a request error (the document does not
parse or validate, the variables do not coerce), whose response carries no `data`; 200 once execution
began, partial data included. Whatever the media type, a request that is not a GraphQL request (no
query, a body that does not parse as a JSON object) gets 400, a body not sent as JSON 415, an Accept
naming neither media type 406, and a mutation over GET 405 with `Allow: POST`; each with a GraphQL
error body. The hooks of Strawberry's view it overrides, and what it relies on each doing, are listed in
graph_api/graphql/internals.py (VIEW_HOOKS), with the view's other internals it leans on.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TypeVar

import orjson
from cross_web import AsyncHTTPRequestAdapter
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.types import ExecutionResult

from graph_api.graphql.internals import (
    BaseRequestProtocol,
    HTTPException,
    is_mutation_over_get,
    media_type_of,
    status_unset,
)

__all__ = ["GRAPHQL_RESPONSE_JSON", "JSON", "CompliantGraphQL", "negotiate"]

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"

ContextT = TypeVar("ContextT")
RootValueT = TypeVar("RootValueT")


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values, skipping any that do not parse."""
    ranges = []
    for part in accept.split(","):
        media_range, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = -1.0
        if media_range.count("/") == 1 and 0 <= quality <= 1:
            ranges.append((media_range.lower(), quality))
    return ranges


def negotiate(accept: str | None) -> str | None:
    """The media type to answer with, by the Accept header; None when it accepts neither of ours.

    The highest q-value wins. On a tie, a type the client names outranks one it only reaches through a
    wildcard, and `application/graphql-response+json` outranks `application/json` when both are named;
    a missing Accept header, or wildcards alone, get the legacy `application/json`.

    >>> negotiate("application/graphql-response+json, application/json;q=0.9")
    'application/graphql-response+json'
    >>> negotiate("*/*"), negotiate(None), negotiate("text/html")
    ('application/json', 'application/json', None)
    """
    ranges = _accept_ranges(accept or "")
    if not ranges:
        return JSON
    best: tuple[float, int, bool] = (0.0, 0, False)
    chosen = None
    # application/json first: on a tie, max() keeps the first.
    for media_type in (JSON, GRAPHQL_RESPONSE_JSON):
        kind = media_type.split("/")[0]
        # The most specific range that matches decides the q-value (RFC 9110, section 12.5.1).
        matches = [
            (specificity, quality)
            for media_range, quality in ranges
            for specificity, pattern in ((2, media_type), (1, f"{kind}/*"), (0, "*/*"))
            if media_range == pattern
        ]
        if not matches:
            continue
        specificity, quality = max(matches)
        rank = (quality, specificity, specificity == 2 and media_type == GRAPHQL_RESPONSE_JSON)
        if quality > 0 and rank > best:
            best, chosen = rank, media_type
    return chosen


def _is_request_error(result: ExecutionResult) -> bool:
    # Errors raised while parsing, validating or coercing variables point at no field; execution's do.
    errors = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


class CompliantGraphQL(GraphQL[ContextT, RootValueT]):
    """Strawberry's ASGI GraphQL view, speaking GraphQL over HTTP in both its media types."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await self.run(request)
        except HTTPException as err:
            response = self._refusal(request, err)
        await response(scope, receive, send)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        # The only hook that sees the request and hands create_response something: carry the media type there.
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = negotiate(request.headers.get("accept"))
        return sub_response

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A GET that names a persisted query by its hash (Apollo's useGETForHashedQueries) has no `query` and
        # accepts */*: it is a GraphQL request, not a browser asking for the IDE.
        return request.query_params.get("extensions") is None and super().should_render_graphql_ide(request)

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData | list[GraphQLRequestData]:
        if negotiate(request.headers.get("accept")) is None:
            raise HTTPException(406, f"The Accept header allows neither {GRAPHQL_RESPONSE_JSON} nor {JSON}.")
        if request.method == "POST":
            content_type = media_type_of(request.content_type or "")
            readable = {JSON, "multipart/form-data"} if self.multipart_uploads_enabled else {JSON}
            if content_type not in readable:
                raise HTTPException(415, f"Send the request body as {JSON}.")
        return await super().parse_http_body(request)

    def encode_json(self, data: object) -> bytes:
        # orjson writes a thousand-object answer several times faster than the json module (same JSON; it
        # leaves non-ASCII characters as UTF-8 instead of escaping them).
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        # orjson, not the json module: json recurses once per nesting level, and a body nested 100,000 deep
        # raised RecursionError (a bare 500); orjson refuses more than 1024 levels with a decode error.
        return orjson.loads(data)

    def parse_json(self, data: str | bytes) -> object:
        try:
            parsed = self.decode_json(data)
        except orjson.JSONDecodeError as err:
            raise HTTPException(400, f"The request is not valid JSON: {err}.") from err
        # A list is a batch, which Strawberry runs or refuses itself.
        if not isinstance(parsed, dict | list):
            raise HTTPException(400, "The request body must be a JSON object.")
        return parsed

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        if _is_request_error(result):
            # A request error leaves out `data` altogether (GraphQL spec, section 7.1.2).
            response.pop("data", None)
        return response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        media_type = sub_response.media_type or JSON
        response.headers["content-type"] = f"{media_type}; charset=utf-8"
        failed = isinstance(response_data, dict) and "data" not in response_data
        if media_type == GRAPHQL_RESPONSE_JSON and failed and status_unset(sub_response):
            response.status_code = HTTPStatus.BAD_REQUEST
        return response

    def _refusal(self, request: Request, err: HTTPException) -> Response:
        """The answer to a request refused before it ran: a GraphQL error in the negotiated media type."""
        status = err.status_code
        mutation_by_get = request.method == "GET" and is_mutation_over_get(err)
        if mutation_by_get:
            status = HTTPStatus.METHOD_NOT_ALLOWED
        headers = {"allow": "POST" if mutation_by_get else "GET, POST"} if status == 405 else {}
        error = {"message": err.reason, "extensions": {"code": HTTPStatus(status).name}}
        media_type = negotiate(request.headers.get("accept")) or JSON
        return Response(
            self.encode_json({"errors": [error]}),
            status_code=status,
            headers=headers,
            media_type=f"{media_type}; charset=utf-8",
        )
