"""The Starlette application: GraphQL at /graphql (and /), the explorer at /explore, health at /healthz."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypedDict

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_api.graphql import internals
from graph_api.graphql.context import Context
from graph_api.graphql.extensions.fanout import FanOuts, fan_outs
from graph_api.graphql.schema import build_schema
from graph_api.http.explorer import explorer_routes
from graph_api.http.graphiql import graphiql_page, graphiql_routes
from graph_api.http.view import CompliantGraphQL
from graph_api.model.errors import StoreError, UserInputError
from graph_api.model.ontology import Ontology, load_ontology
from graph_api.model.resources import bundled_data_dir
from graph_api.services.analytics import AnalyticsCache
from graph_api.services.auth import ApiKeys
from graph_api.services.coverage import coverage_csv, coverage_matrix
from graph_api.services.exports import MEDIA_TYPES, ExportFormat, export_text
from graph_api.settings import Settings
from graph_api.store.opening import open_store
from graph_api.store.protocol import GraphStore
from loaders.packages.loading import load_paths

__all__ = ["create_app", "seed_if_empty"]

log = logging.getLogger("migragraph")


class State(TypedDict):
    store: GraphStore
    analytics: AnalyticsCache
    fanout: FanOuts


async def seed_if_empty(store: GraphStore, ontology: Ontology) -> bool:
    """Load the bundled data when the store holds nothing; True if it did."""
    if (await store.stats()).node_count:
        return False
    report = await load_paths(store, [bundled_data_dir()], ontology)
    log.info("seeded an empty store at %s: %s", store.location, report)
    return True


class _GraphQLApp(CompliantGraphQL[Context, None]):
    def __init__(self, settings: Settings, ontology: Ontology) -> None:
        schema = build_schema(settings)
        super().__init__(schema, graphql_ide="graphiql" if settings.graphiql else None)
        self.fields = internals.graphql_schema(schema)  # what the cost estimate's fan-outs are tabled for
        self.settings = settings
        self.ontology = ontology
        self.keys = ApiKeys.load(settings.api_keys, settings.api_keys_file)

    async def get_context(self, request: Any, response: Any) -> Context:
        state = request.state
        return Context(
            store=state.store,
            ontology=self.ontology,
            settings=self.settings,
            analytics=state.analytics,
            principal=self.keys.authenticate(request.headers.get("authorization")),
            fanout=state.fanout,
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        # Strawberry's page loads GraphiQL from CDNs; this one is served by this app, and works offline.
        return graphiql_page()


async def healthz(request: Request) -> Response:
    """Status only: anyone may ask (reads closed or not), so the why (host, port, errno, file) goes to the log."""
    store: GraphStore = request.state.store
    try:
        await store.ping()
    except StoreError as err:
        log.warning("health check: the %s store is unavailable: %s", store.kind, err)
        return JSONResponse({"status": "unavailable", "store": store.kind}, status_code=503)
    return JSONResponse({"status": "ok", "store": store.kind})


EXPORT_FILES = {
    "graph.json": ExportFormat.JSON,
    "graph.graphml": ExportFormat.GRAPHML,
    "graph.gexf": ExportFormat.GEXF,
    "nodes.csv": ExportFormat.NODES_CSV,
    "edges.csv": ExportFormat.EDGES_CSV,
}


COVERAGE_FILES = {"coverage.csv": False, "coverage-hxl.csv": True}
FLAGS = {"true": True, "1": True, "false": False, "0": False}


def _flag(request: Request, name: str) -> bool:
    """A yes-or-no query parameter (`?name=true`), false when absent."""
    value = request.query_params.get(name, "false")
    if value.lower() not in FLAGS:
        raise UserInputError(f"{name} is true or false, not {value!r}")
    return FLAGS[value.lower()]


async def export_file(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in EXPORT_FILES and name not in COVERAGE_FILES:
        known = ", ".join([*EXPORT_FILES, *COVERAGE_FILES])
        return JSONResponse({"error": f"no such export; try one of {known}"}, status_code=404)
    store: GraphStore = request.state.store
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    try:
        if name in COVERAGE_FILES:
            # The matrix's filters, as query parameters: ?body=…&place=…&need=…&need=…
            params = request.query_params
            matrix = await coverage_matrix(
                store,
                load_ontology(),
                needs=params.getlist("need") or None,
                places=params.getlist("place") or None,
                body=params.get("body"),
                themes=params.getlist("theme") or None,
            )
            return Response(coverage_csv(matrix, hxl=COVERAGE_FILES[name]), media_type="text/csv", headers=headers)
        fmt = EXPORT_FILES[name]
        # Candidates await review: the whole graph leaves them out unless ?include_candidates=true.
        include = _flag(request, "include_candidates")
        text = export_text(await store.export(), fmt, include_candidates=include)
        return Response(text, media_type=MEDIA_TYPES[fmt], headers=headers)
    except UserInputError as err:
        return JSONResponse({"error": str(err)}, status_code=400)
    except StoreError:
        return JSONResponse({"error": "the graph store is unavailable"}, status_code=503)


class KeyRequired:
    """ASGI middleware: with reads closed, every request but /healthz needs a valid API key."""

    def __init__(self, app: ASGIApp, keys: ApiKeys) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] != "/healthz":
            authorization = Headers(scope=scope).get("authorization")
            if self.keys.authenticate(authorization) is None:
                error = {
                    "message": "a valid API key is needed: send Authorization: Bearer <key>",
                    "extensions": {"code": "UNAUTHENTICATED"},
                }
                response = JSONResponse({"errors": [error]}, status_code=401, headers={"www-authenticate": "Bearer"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """ASGI middleware: a request body over `limit` bytes gets 413, whether or not it says its length."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        too_large = JSONResponse({"error": f"request body over {self.limit} bytes"}, status_code=413)
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await too_large(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await too_large(scope, receive, send)


class _TooLarge(Exception):
    pass


def create_app(settings: Settings | None = None) -> Starlette:
    """The ASGI app; the store opens at start-up and closes at shut-down."""
    settings = settings or Settings.from_env()
    ontology = load_ontology()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        async with open_store(settings.store, ontology, settings.neo4j) as store:
            if settings.seed_if_empty:
                await seed_if_empty(store, ontology)
            # The cost estimate's fan-out of each field, from the graph as it is at start-up.
            fanout = fan_outs(graphql.fields, await store.stats(), ontology)
            yield {"store": store, "analytics": AnalyticsCache(store), "fanout": fanout}

    graphql = _GraphQLApp(settings, ontology)
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/export/{name}", export_file, methods=["GET"]),
        # Before GraphQL's `/`: with GraphiQL off, a browser's GET / opens the explorer (POST / is still GraphQL).
        *explorer_routes(at_root=not settings.graphiql, node_modules=settings.node_modules),
        *(graphiql_routes(settings.node_modules) if settings.graphiql else []),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/", graphql, methods=["GET", "POST"]),
    ]
    middleware = [Middleware(BodyLimit, limit=settings.max_body_bytes)]
    if settings.cors_origins:
        middleware.insert(
            0,
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=list(settings.cors_headers),
                max_age=600,
            ),
        )
    if settings.reads_need_key:
        middleware.append(Middleware(KeyRequired, keys=graphql.keys))
    return Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
