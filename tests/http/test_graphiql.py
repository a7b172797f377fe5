"""GraphiQL's page and assets over HTTP, all from this server (tests/browser/graphiql.test.mjs runs it offline)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.http.graphiql import STATIC_DIR, VENDOR_ASSETS
from graph_api.http.vendor import find_node_modules
from graph_api.settings import Settings
from tests.http.test_explorer import parse

HTML = {"accept": "text/html"}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=str(tmp_path / "g.json"), seed_if_empty=False))) as test_client:
        yield test_client


def _needs_node_modules() -> Path:
    found = find_node_modules(holding=VENDOR_ASSETS["graphiql.min.js"])
    if found is None:
        pytest.skip("no node_modules with graphiql: run `npm ci`")
    return found


@pytest.mark.parametrize("path", ["/graphql", "/"])
def test_the_page_names_only_this_server_s_files(client: TestClient, path: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy and "unsafe-eval" not in policy
    assert response.headers["x-frame-options"] == "DENY"
    page = parse(response.text)
    assert page.inline_scripts == 0 and page.inline_handlers == []
    assets = [*page.scripts, *page.stylesheets]
    assert len(page.scripts) == 5 and len(page.stylesheets) == 3
    assert all(asset.startswith("/graphiql/") for asset in assets), assets
    assert not re.search(r"https?:|=\s*[\"']?//", response.text)  # no URL elsewhere, nor one relative to the scheme


def test_every_asset_the_page_names_is_served(client: TestClient) -> None:
    node_modules = _needs_node_modules()
    page = parse(client.get("/graphql", headers=HTML).text)
    for asset in [*page.scripts, *page.stylesheets]:
        response = client.get(asset)
        assert response.status_code == 200, asset
        kind = "text/css" if asset.endswith(".css") else "text/javascript"
        assert response.headers["content-type"] == f"{kind}; charset=utf-8", asset
        assert response.headers["x-content-type-options"] == "nosniff"
        folder, _, name = asset.rpartition("/")
        expected = node_modules / VENDOR_ASSETS[name] if folder == "/graphiql/vendor" else STATIC_DIR / name
        assert response.content == expected.read_bytes(), asset


def test_the_page_s_script_sets_graphiql_up_with_the_explorer_plugin(client: TestClient) -> None:
    script = client.get("/graphiql/static/graphiql.js").text
    assert "GraphiQL.createFetcher" in script and "GraphiQLPluginExplorer.explorerPlugin()" in script
    assert not re.search(r"https?:", script)  # the fetcher posts to the page's own URL


@pytest.mark.parametrize(
    "path",
    [
        "/graphiql/vendor/cytoscape.min.js",
        "/graphiql/vendor/..%2F..%2Fpackage.json",
        "/graphiql/vendor/react",
        "/graphiql/static/index.html",
        "/graphiql/static/..%2Fexplore%2Fexplore.js",
        "/graphiql/static/missing.js",
    ],
)
def test_only_the_page_s_own_assets_are_served(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_without_its_libraries_the_vendor_route_says_to_run_npm_ci(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "g.json"), seed_if_empty=False, node_modules=str(tmp_path / "nowhere"))
    with TestClient(create_app(settings)) as client:
        response = client.get("/graphiql/vendor/graphiql.min.js")
    assert response.status_code == 503
    assert "npm ci" in response.text


def test_with_graphiql_off_neither_page_nor_assets_are_served(tmp_path: Path) -> None:
    with TestClient(
        create_app(Settings(store=str(tmp_path / "g.json"), seed_if_empty=False, graphiql=False))
    ) as client:
        assert client.get("/graphql", headers=HTML).status_code == 404
        assert client.get("/graphiql/vendor/graphiql.min.js").status_code == 404
        assert client.get("/graphiql/static/graphiql.js").status_code == 404
