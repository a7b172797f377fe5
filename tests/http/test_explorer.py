"""The explorer's pages and assets over HTTP (the browser tests in tests/browser/ drive them in Chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.http.explorer import STATIC_DIR, explorer_routes
from graph_api.http.vendor import CYTOSCAPE, find_node_modules
from graph_api.settings import Settings


class _Page(HTMLParser):
    """The ids, scripts, stylesheets and labelled controls of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.labels_for: set[str] = set()
        self.inline_scripts = 0
        self.inline_handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "script":
            if attributes.get("src"):
                self.scripts.append(str(attributes["src"]))
            else:
                self.inline_scripts += 1
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(str(attributes["href"]))
        if tag == "label" and attributes.get("for"):
            self.labels_for.add(str(attributes["for"]))
        self.inline_handlers += [name for name in attributes if name.startswith("on")]


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _app(tmp_path: Path, *, graphiql: bool = True, node_modules: str | None = None) -> Starlette:
    app = create_app(Settings(store=str(tmp_path / "g.json"), graphiql=graphiql, node_modules=node_modules))
    # Before the app's own routes, as app.py is to mount them: GET / may then be the explorer.
    app.router.routes[0:0] = explorer_routes(at_root=not graphiql, node_modules=node_modules)
    return app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(_app(tmp_path)) as test_client:
        yield test_client


def test_the_explorer_page_has_search_network_and_path_finder(client: TestClient) -> None:
    response = client.get("/explore")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page = parse(response.text)
    assert {"search-form", "search-input", "search-results", "actor", "network", "depth", "legend"} <= page.ids
    assert {"relations", "path-form", "path-from", "path-to", "path-graph", "path-results", "vendor-banner"} <= page.ids
    assert {"search-input", "depth", "path-from", "path-to", "path-max"} <= page.labels_for
    assert page.scripts == ["/explore/vendor/cytoscape.min.js", "/explore/static/explore.js"]
    assert page.stylesheets == ["/explore/static/style.css"]
    assert page.inline_scripts == 0 and page.inline_handlers == []


def test_the_coverage_page_has_filters_matrix_and_download(client: TestClient) -> None:
    response = client.get("/explore/coverage")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = parse(response.text)
    assert {"filters", "filter-body", "filter-place", "filter-theme", "matrix", "summary", "cell-dialog"} <= page.ids
    assert {"filter-body", "filter-place", "filter-theme"} <= page.labels_for
    assert 'href="/export/coverage.csv"' in response.text
    assert page.scripts == ["/explore/static/coverage.js"]
    assert page.inline_scripts == 0 and page.inline_handlers == []


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("explore.js", "text/javascript; charset=utf-8"),
        ("coverage.js", "text/javascript; charset=utf-8"),
        ("common.js", "text/javascript; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
    ],
)
def test_static_files_are_served_with_their_types(client: TestClient, name: str, media_type: str) -> None:
    response = client.get(f"/explore/static/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.content == (STATIC_DIR / name).read_bytes()


def test_every_script_and_stylesheet_the_pages_name_is_served(client: TestClient) -> None:
    for page_path in ("/explore", "/explore/coverage"):
        page = parse(client.get(page_path).text)
        for asset in [*page.scripts, *page.stylesheets]:
            if asset.startswith("/explore/static/"):
                assert client.get(asset).status_code == 200, asset
    for module in ("explore.js", "coverage.js"):
        text = (STATIC_DIR / module).read_text(encoding="utf-8")
        assert "from './common.js'" in text
        assert "innerHTML" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/explore/static/../../app.py",
        "/explore/static/..%2F..%2Fapp.py",
        "/explore/static/%2e%2e/%2e%2e/app.py",
        "/explore/static/../explorer.py",
        "/explore/static/%2Fetc%2Fpasswd",
        "/explore/static/sub/style.css",
        "/explore/static/missing.js",
        "/explore/static/.hidden.js",
        "/explore/static/index.py",
    ],
)
def test_only_the_static_folder_s_own_files_are_served(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "import" not in response.text


def test_the_drawing_library_comes_from_node_modules(client: TestClient) -> None:
    node_modules = find_node_modules()
    if node_modules is None:
        pytest.skip("no node_modules with cytoscape: run `npm ci`")
    response = client.get("/explore/vendor/cytoscape.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.content == (node_modules / CYTOSCAPE).read_bytes()


def test_without_node_modules_the_library_route_says_to_run_npm_ci(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path, node_modules=str(tmp_path / "nowhere"))) as client:
        response = client.get("/explore/vendor/cytoscape.min.js")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/plain")
    assert "npm ci" in response.text


def test_the_node_modules_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGRAGRAPH_NODE_MODULES", "/srv/migragraph/node_modules")
    assert Settings.from_env().node_modules == "/srv/migragraph/node_modules"


def test_node_modules_are_found_from_the_setting_or_above_the_package(tmp_path: Path) -> None:
    vendored = tmp_path / "checkout" / "node_modules" / CYTOSCAPE
    vendored.parent.mkdir(parents=True)
    vendored.write_text("/* cytoscape */", encoding="utf-8")
    package = tmp_path / "checkout" / ".venv" / "lib" / "site-packages" / "graph_api"
    package.mkdir(parents=True)
    assert find_node_modules(package) == tmp_path / "checkout" / "node_modules"
    other = tmp_path / "elsewhere"
    assert find_node_modules(package, configured=str(other)) is None
    (other / CYTOSCAPE).parent.mkdir(parents=True)
    (other / CYTOSCAPE).write_text("/* cytoscape */", encoding="utf-8")
    assert find_node_modules(package, configured=str(other)) == other


def test_a_static_folder_can_be_given(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>mine</title>", encoding="utf-8")
    app = Starlette(routes=explorer_routes(tmp_path))
    with TestClient(app) as client:
        assert "mine" in client.get("/explore").text
        assert client.get("/explore/static/explore.js").status_code == 404
        missing = client.get("/explore/coverage")
        assert missing.status_code == 500 and "coverage.html is missing" in missing.text


def test_the_root_is_the_explorer_only_when_graphiql_is_off(tmp_path: Path) -> None:
    query = {"query": '{ search(text: "Cancilleria") { id } }'}
    with TestClient(_app(tmp_path, graphiql=False)) as client:
        root = client.get("/")
        assert root.status_code == 200
        assert "search-input" in root.text
        assert client.post("/", json=query).json() == {"data": {"search": [{"id": "pe-mre"}]}}
    with TestClient(_app(tmp_path, graphiql=True)) as client:
        assert "search-input" not in client.get("/", headers={"accept": "text/html"}).text
