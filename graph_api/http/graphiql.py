"""GraphiQL, the in-browser IDE at /graphql, served whole by this server: it works offline.

Strawberry's own page loads React and GraphiQL from public CDNs, and without a network shows "Loading…"
for ever. This page (`static/graphiql/`) is the same GraphiQL with its explorer plugin, its libraries from
the npm registry (see vendor.py: a wheel carries them, a checkout serves node_modules/) under
/graphiql/vendor/, and its script and styles under /graphiql/static/. The app's GraphQL view answers a
browser's GET with `graphiql_page()`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from graph_api.http.headers import page_headers
from graph_api.http.vendor import (
    EXPLORER_PLUGIN_CSS,
    EXPLORER_PLUGIN_JS,
    GRAPHIQL_CSS,
    GRAPHIQL_JS,
    REACT,
    REACT_DOM,
    vendor_file,
)

__all__ = ["STATIC_DIR", "VENDOR_ASSETS", "graphiql_page", "graphiql_routes"]

STATIC_DIR = Path(__file__).resolve().parent / "static" / "graphiql"
log = logging.getLogger("migragraph")

VENDOR_ASSETS = {
    "react.production.min.js": REACT,
    "react-dom.production.min.js": REACT_DOM,
    "graphiql.min.js": GRAPHIQL_JS,
    "graphiql.min.css": GRAPHIQL_CSS,
    "plugin-explorer.umd.js": EXPLORER_PLUGIN_JS,
    "plugin-explorer.css": EXPLORER_PLUGIN_CSS,
}
"""The names under /graphiql/vendor/, and the files (in node_modules) they serve."""

_OWN_ASSETS = {"graphiql.js": "text/javascript; charset=utf-8", "graphiql.css": "text/css; charset=utf-8"}

# As the explorer's (explorer.py): scripts from this server only, which talk to it only. GraphiQL's dialogs
# lock the page's scrolling with a <style> element of their own (hence 'unsafe-inline' styles), and its
# stylesheet embeds its fonts as data: URLs; it needs no eval. tests/browser/graphiql.test.mjs checks in
# Chromium that nothing is refused.
_PAGE_HEADERS, _VENDOR_HEADERS, _ERROR_HEADERS = page_headers(
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)

MISSING_VENDOR = (
    "GraphiQL's libraries (React, GraphiQL) are not installed.\n"
    "Run `npm ci` in the migragraph repository (it needs Node.js and npm), then reload the page;\n"
    "or set MIGRAGRAPH_NODE_MODULES to a node_modules folder that holds them.\n"
)


def graphiql_page() -> Response:
    """The GraphiQL page, with the headers that keep it to this server's scripts."""
    page = STATIC_DIR / "index.html"
    if not page.is_file():
        log.error("GraphiQL's page is missing from %s; reinstall migragraph", STATIC_DIR)
        return PlainTextResponse("GraphiQL's page is missing; reinstall migragraph", 500, headers=_ERROR_HEADERS)
    return FileResponse(page, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)


def graphiql_routes(node_modules: str | None = None) -> list[BaseRoute]:
    """The routes of the GraphiQL page's assets; `node_modules` is the setting of that name (see vendor.py)."""

    async def vendor(request: Request) -> Response:
        name = VENDOR_ASSETS.get(request.path_params["name"])
        if name is None:
            return PlainTextResponse("not found", status_code=404, headers=_ERROR_HEADERS)
        found = vendor_file(name, node_modules)
        if found is None:
            return PlainTextResponse(MISSING_VENDOR, status_code=503, headers=_ERROR_HEADERS)
        media_type = "text/css; charset=utf-8" if name.endswith(".css") else "text/javascript; charset=utf-8"
        return FileResponse(found, media_type=media_type, headers=_VENDOR_HEADERS)

    async def static(request: Request) -> Response:
        name: str = request.path_params["name"]
        media_type = _OWN_ASSETS.get(name)
        if media_type is None or not (STATIC_DIR / name).is_file():
            return PlainTextResponse("not found", status_code=404, headers=_ERROR_HEADERS)
        return FileResponse(STATIC_DIR / name, media_type=media_type, headers=_PAGE_HEADERS)

    return [
        Route("/graphiql/vendor/{name}", vendor, methods=["GET"]),
        Route("/graphiql/static/{name}", static, methods=["GET"]),
    ]
