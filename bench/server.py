"""The server the HTTP workloads hit: the real migragraph app, plus on the same server (same process,
same store object) a bare Starlette endpoint (the floor) and stock Strawberry (the peer).

    BENCH_STORE=<path or bolt URI> python -m uvicorn bench.server:app --factory --port 8000
"""

from __future__ import annotations

import json
import logging
import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graph_api.http.app import create_app
from graph_api.settings import Settings
from graph_api.store.protocol import GraphStore

from .naive import NaiveGraphQL, naive_schema

__all__ = ["app"]


async def bare(request: Request) -> Response:
    """The trivial query's answer without GraphQL: read the node, serialise the same JSON."""
    body = await request.json()
    store: GraphStore = request.state.store
    [node] = await store.get_nodes([body["id"]])
    data = {"data": {"entity": None if node is None else {"id": node.id, "name": node.name}}}
    return Response(json.dumps(data), media_type="application/json")


def app() -> Starlette:
    # The coverage query names LOCATED_IN, which the synthetic graph lacks: Neo4j warns on every call.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    # The default cost budget: the estimate multiplies each relationship field by its own type's average fan-out
    # (graph_api/graphql/extensions/fanout.py), so the ~1,000-object nested query passes on large graphs.
    settings = Settings(store=os.environ["BENCH_STORE"], graphiql=False, seed_if_empty=False)
    served = create_app(settings)
    naive = NaiveGraphQL(naive_schema(), graphql_ide=None)
    served.router.routes[0:0] = [Route("/bare", bare, methods=["POST"]), Route("/naive", naive, methods=["POST"])]
    return served
