"""The explorer: pages to search actors, draw their network, find paths and map coverage.

The pages are static files (`static/explore/`: HTML, plain ES modules, CSS) that talk to
`/graphql` like any other client. The graph-drawing library, Cytoscape.js, comes from the
npm registry: a wheel carries a copy, a source checkout serves its `node_modules/` (see vendor.py).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from graph_api.http.headers import page_headers
from graph_api.http.vendor import CYTOSCAPE, vendor_file

__all__ = ["STATIC_DIR", "explorer_routes"]

STATIC_DIR = Path(__file__).resolve().parent / "static" / "explore"
log = logging.getLogger("migragraph")

# Only plain file names with a known type: no folders, so nothing outside STATIC_DIR can be named.
_STATIC_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
}

# The pages load scripts from this server only, and talk to it only; data reach the page
# through textContent, and this keeps any slip from running code. Inline styles are allowed
# because Cytoscape.js adds a <style> element for its container. Every explorer response
# carries these, static files and errors too: a file opened by its own URL (an HTML page under
# /explore/static/, say) must not be framed or run scripts from elsewhere either.
_PAGE_HEADERS, _VENDOR_HEADERS, _ERROR_HEADERS = page_headers(
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

MISSING_VENDOR = (
    "The explorer's graph-drawing library (Cytoscape.js) is not installed.\n"
    "Run `npm ci` in the migragraph repository (it needs Node.js and npm), then reload the page;\n"
    "or set MIGRAGRAPH_NODE_MODULES to a node_modules folder that holds cytoscape.\n"
)


def explorer_routes(
    static_dir: Path | None = None, *, at_root: bool = False, node_modules: str | None = None
) -> list[BaseRoute]:
    """The explorer's routes; `at_root` also answers GET / with the explorer (for when GraphiQL is off);
    `node_modules` is the setting of that name (where Cytoscape.js is when the wheel carries none; found when
    not given).

    Put them before a route that serves GraphQL on `/`: a POST to `/` then still reaches GraphQL.
    """
    folder = (static_dir or STATIC_DIR).resolve()

    def page(name: str) -> Response:
        if not (folder / name).is_file():
            log.error("the explorer's %s is missing from %s; reinstall migragraph", name, folder)
            return PlainTextResponse(
                f"the explorer's {name} is missing; reinstall migragraph", 500, headers=_ERROR_HEADERS
            )
        return FileResponse(folder / name, media_type=_MEDIA_TYPES[".html"], headers=_PAGE_HEADERS)

    async def explore(request: Request) -> Response:
        return page("index.html")

    async def coverage(request: Request) -> Response:
        return page("coverage.html")

    async def static(request: Request) -> Response:
        name: str = request.path_params["path"]
        media_type = _MEDIA_TYPES.get(Path(name).suffix)
        path = folder / name
        if not _STATIC_NAME.match(name) or media_type is None or not path.is_file():
            return PlainTextResponse("not found", status_code=404, headers=_ERROR_HEADERS)
        return FileResponse(path, media_type=media_type, headers=_PAGE_HEADERS)

    async def vendor(request: Request) -> Response:
        found = vendor_file(CYTOSCAPE, node_modules)
        if found is None:
            return PlainTextResponse(MISSING_VENDOR, status_code=503, headers=_ERROR_HEADERS)
        return FileResponse(found, media_type=_MEDIA_TYPES[".js"], headers=_VENDOR_HEADERS)

    routes: list[BaseRoute] = [
        Route("/explore", explore, methods=["GET"]),
        Route("/explore/coverage", coverage, methods=["GET"]),
        Route("/explore/static/{path:path}", static, methods=["GET"]),
        Route("/explore/vendor/cytoscape.min.js", vendor, methods=["GET"]),
    ]
    if at_root:
        routes.append(Route("/", explore, methods=["GET"]))
    return routes
