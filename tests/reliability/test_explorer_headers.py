"""Issue 13: /explore/static/index.html was served without the CSP and frame-ancestors headers /explore has.

Every response of the explorer, static files, the vendored library and errors included, carries them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.http.explorer import STATIC_DIR, explorer_routes
from graph_api.settings import Settings

PATHS = [
    "/explore",
    "/explore/coverage",
    "/",  # the explorer, GraphiQL being off
    *(f"/explore/static/{p.name}" for p in sorted(STATIC_DIR.iterdir()) if p.is_file()),
    "/explore/vendor/cytoscape.min.js",
    "/explore/static/missing.html",
    "/explore/static/..%2Fexplorer.py",
]


@pytest.fixture(scope="module")
def explorer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = tmp_path_factory.mktemp("explorer") / "graph.db"
    with TestClient(create_app(Settings(store=str(store), graphiql=False, seed_if_empty=False))) as client:
        yield client


@pytest.fixture(scope="module")
def page_headers(explorer: TestClient) -> dict[str, str]:
    page = explorer.get("/explore")
    assert page.status_code == 200
    return {
        k: page.headers[k]
        for k in ("content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy")
    }


def test_the_page_forbids_framing_and_foreign_scripts(page_headers: dict[str, str]) -> None:
    csp = page_headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "object-src 'none'" in csp
    assert page_headers["x-frame-options"] == "DENY"
    assert page_headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", PATHS)
def test_every_explorer_response_has_the_security_headers(
    explorer: TestClient, page_headers: dict[str, str], path: str
) -> None:
    response = explorer.get(path, headers={"accept": "text/html"})
    assert response.status_code in (200, 404, 503), path
    assert {k: response.headers.get(k) for k in page_headers} == page_headers


def test_the_static_copy_of_the_page_is_the_page(explorer: TestClient) -> None:
    static = explorer.get("/explore/static/index.html")
    assert static.status_code == 200 and static.headers["content-type"].startswith("text/html")
    assert static.text == (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    assert "frame-ancestors 'none'" in static.headers["content-security-policy"]


def test_a_missing_page_does_not_tell_where_the_files_are(tmp_path: Path) -> None:
    with TestClient(Starlette(routes=explorer_routes(tmp_path))) as bare:
        missing = bare.get("/explore")
    assert missing.status_code == 500
    assert str(tmp_path) not in missing.text
    assert "frame-ancestors 'none'" in missing.headers["content-security-policy"]
