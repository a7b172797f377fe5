"""The built wheel carries schema/, data/ and the pages' browser libraries, and works from any folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from graph_api.http.vendor import CYTOSCAPE, LICENSES, SERVED, find_node_modules
from tests.conftest import REPO
from tests.http.test_explorer import parse


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "-q", "-w", str(folder)],
        check=True,
        timeout=300,
    )
    [built] = folder.glob("migragraph-*.whl")
    return built


def test_the_wheel_bundles_schema_and_data_and_runs_from_elsewhere(wheel: Path, tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "graph_api/_bundled/schema/ontology.yaml",
        "graph_api/_bundled/data/peru-mesa-migraciones.yaml",
        "graph_api/_bundled/schema/vocabularies/migrant_needs.yaml",
        "graph_api/_bundled/schema/lexicon/es/relations.yaml",
        "graph_api/_bundled/schema/reference/international.yaml",
        "graph_api/py.typed",
    } <= names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "MIGRAGRAPH_STORE": str(elsewhere / "g.json")}
    script = (
        "import asyncio, graph_api.model.resources as r\n"
        "from graph_api.http.app import seed_if_empty\n"
        "from graph_api.model.ontology import load_ontology\n"
        "from graph_api.store.opening import open_store\n"
        "assert str(r.schema_dir()).startswith(%r), r.schema_dir()\n"
        "async def main():\n"
        "    async with open_store(%r) as s:\n"
        "        assert await seed_if_empty(s, load_ontology())\n"
        "asyncio.run(main())\n"
    ) % (str(target), str(elsewhere / "g.json"))
    subprocess.run([sys.executable, "-c", script], cwd=elsewhere, env=env, check=True, timeout=120)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        """The command line of the unpacked wheel, run from elsewhere."""
        command = [sys.executable, "-m", "graph_api", *args]
        return subprocess.run(command, cwd=elsewhere, env=env, capture_output=True, text=True, check=True, timeout=120)

    stats = cli("stats", "--json")
    assert '"Institution": 12' in stats.stdout
    # The extractor reads its words and the reference gazetteer from the wheel too.
    release = elsewhere / "nota.txt"
    release.write_text("---\ncountry: CO\n---\nLa Cancillería y el ACNUR integran la Mesa Andina de Prueba.\n")
    cli("ingest", "--accept-new", str(release))
    stats = cli("stats", "--json")
    assert '"Institution": 14' in stats.stdout  # Colombia's Cancillería and the UNHCR, from the reference


def test_the_wheel_ships_only_the_two_packages(wheel: Path) -> None:
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"graph_api", "loaders"}


def test_the_wheel_carries_the_pages_browser_libraries_and_their_licences(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"graph_api/_bundled/vendor/{name}" for name in (*SERVED, *LICENSES)} <= names
    assert {"graph_api/http/static/graphiql/index.html", "graph_api/http/static/graphiql/graphiql.js"} <= names


def test_without_node_modules_the_wheel_does_not_build_and_says_why(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "hatch_build.py"):
        shutil.copy(REPO / name, source / name)
    for folder in ("graph_api", "loaders", "schema", "data"):
        shutil.copytree(REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    command = [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-w", "out"]
    built = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    assert built.returncode != 0
    assert f"from {source / 'node_modules'}, which lacks {CYTOSCAPE}" in built.stdout + built.stderr
    assert "Run `npm ci --omit=dev`" in built.stdout + built.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_the_sdist_has_what_npm_ci_docker_build_and_the_build_hook_need(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)]
    subprocess.run(command, cwd=REPO, check=True, capture_output=True, timeout=300)
    [sdist] = tmp_path.glob("migragraph-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.partition("/")[2] for name in archive.getnames()}
    needed = {"package.json", "package-lock.json", "hatch_build.py", "Dockerfile", ".dockerignore", "pyproject.toml"}
    assert needed | {"graph_api/http/vendor.py", "scripts/test.sh", "README.md"} <= names
    assert not any(name.startswith("node_modules/") for name in names)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def installed(wheel: Path, tmp_path: Path) -> Path:
    """A fresh virtualenv outside the checkout with the wheel installed; its folder.

    Its dependencies are this virtualenv's, reached through a .pth line: a directory named there goes on the
    path, but its own .pth files (this checkout's editable install) are not read, so only the wheel's
    graph_api can be imported.
    """
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q"]
    subprocess.run([*install, str(wheel)], check=True, timeout=300)
    return venv


@pytest.fixture
def served_from_the_wheel(installed: Path, tmp_path: Path) -> Iterator[str]:
    """`migragraph serve` of the installed wheel, run from a folder outside the checkout; its base URL."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MIGRAGRAPH_", "PYTHON", "NEO4J_"))}
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", "import graph_api; print(graph_api.__file__)"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(installed), where.stdout
    port = _free_port()
    command = [
        str(installed / "bin" / "migragraph"),
        "serve",
        "--store",
        str(elsewhere / "g.json"),
        "--port",
        str(port),
    ]
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=elsewhere, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


# Slow-ish (a virtualenv, a server): skipped only when asked to, with MIGRAGRAPH_TEST_WHEEL=0.
@pytest.mark.wheel
@pytest.mark.skipif(os.environ.get("MIGRAGRAPH_TEST_WHEEL") == "0", reason="MIGRAGRAPH_TEST_WHEEL=0")
def test_the_installed_wheel_serves_the_explorer_and_graphiql_without_node_modules(served_from_the_wheel: str) -> None:
    base = served_from_the_wheel
    cytoscape = httpx.get(f"{base}/explore/vendor/cytoscape.min.js")
    assert cytoscape.status_code == 200
    assert cytoscape.headers["content-type"] == "text/javascript; charset=utf-8"
    node_modules = find_node_modules(REPO, holding=CYTOSCAPE)
    if node_modules is not None:  # the wheel was built from it: the same file
        assert cytoscape.content == (node_modules / CYTOSCAPE).read_bytes()
    page = httpx.get(f"{base}/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text
    assets = [*parse(page.text).scripts, *parse(page.text).stylesheets]
    assert len(assets) == 8
    for asset in assets:
        response = httpx.get(f"{base}{asset}")
        assert response.status_code == 200, asset
        assert len(response.content) > 100, asset
