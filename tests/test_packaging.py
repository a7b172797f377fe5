"""The built wheel carries schema/ and data/, and the command works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


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
