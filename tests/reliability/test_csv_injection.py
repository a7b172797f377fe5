"""Issue 13: CSV downloads wrote cells such as `=HYPERLINK(…)` as they came, and staff open them in a spreadsheet.

Formula text reaches the graph through a data package and through an editor's mutation (the 3W importer
refuses it); every CSV the project writes, over HTTP on both stores and from the command, must start no
cell with a formula character, and show the neutralised text.
"""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph_api.http.app import create_app
from graph_api.model.ontology import Ontology
from graph_api.services.exports import FORMULA_PREFIXES, csv_cell
from graph_api.settings import Settings
from graph_api.store.opening import open_store
from loaders.packages.loading import load_paths
from loaders.threew.importing import import_3w
from loaders.threew.sheet import SheetError
from tests.conftest import EDITOR_ENTRY, EDITOR_KEY, as_
from tests.reliability.test_closed_server import run

LINK = '=HYPERLINK("http://x","y")'
DDE = "-2+3+cmd|' /C calc'!A0"
ATTACK_PACKAGE = f"""
package: csv-attack
description: Cells that a spreadsheet would run as formulas.
nodes:
  - {{label: Document, id: doc-attack, name: '{LINK}', title: "@SUM(1+1)", language: es}}
  - label: Institution
    id: pe-attack
    name: '{LINK}'
    name_en: "+cmd|' /C calc'!A0"
    aliases: ["@SUM(1+1)", "-2+3"]
    kind: agency
    country: PE
    sources: [doc-attack]
relationships:
  - {{type: COVERS, from: pe-attack, to: health, places: [pe], activity: '{LINK}', sources: [doc-attack], evidence: "{DDE}"}}
  - {{type: MEMBER_OF, from: pe-attack, to: pe-mesa-migraciones, sources: [doc-attack], evidence: "=1+1"}}
"""
QUOTED_LINK = '"=HYPERLINK(""http://x"",""y"")"'  # LINK as a CSV cell
SHEET = (
    "Organización,Sector,Región,Actividad\n"
    "#org,#sector,#adm1,#activity\n"
    f"{QUOTED_LINK},Salud,Lima,Atención primaria\n"
    f"Ministerio de Salud,Salud,Lima,{QUOTED_LINK}\n"
    "Ministerio de Salud,Educación,Lima,@SUM(1+1)\n"
)
CSV_FILES = ["nodes.csv", "edges.csv", "coverage.csv", "coverage-hxl.csv"]
MUTATION = """mutation($input: CoverageInput!) { addCoverage(input: $input) { coverage { evidence } } }"""


def assert_no_formula_cells(name: str, text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 1, f"{name} is empty"
    for number, row in enumerate(rows, start=1):
        for cell in row:
            assert not cell.startswith(FORMULA_PREFIXES), f"{name}:{number}: {cell!r}"
    return rows


def test_csv_cell_neutralises_text_and_keeps_numbers() -> None:
    for prefix in FORMULA_PREFIXES:
        assert csv_cell(f"{prefix}1+1") == f"'{prefix}1+1"
    assert csv_cell("-5") == "'-5"  # text: neutralised like any other
    assert csv_cell(-5) == -5 and csv_cell(-2.5) == -2.5  # numbers: a spreadsheet runs nothing
    assert csv_cell(["@a", "b"]) == "'@a; b"
    assert csv_cell("Cancillería") == "Cancillería" and csv_cell(None) is None


@pytest.fixture
def attacked(store_url: str, ontology: Ontology, tmp_path: Path) -> str:
    """A store of each kind: the bundled data, a package with formula text, and a refused 3W sheet."""
    package = tmp_path / "attack.yaml"
    package.write_text(ATTACK_PACKAGE, encoding="utf-8")
    sheet = tmp_path / "attack-3w.csv"
    sheet.write_text(SHEET, encoding="utf-8")

    async def fill() -> list[str]:
        async with open_store(store_url, ontology) as store:
            await load_paths(store, [Path("data").resolve(), package], ontology)
            before = await store.stats()
            with pytest.raises(SheetError) as refused:
                await import_3w(store, ontology, [sheet])
            assert (await store.stats()).node_count == before.node_count, "a refused sheet writes nothing"
            return [str(p) for p in refused.value.problems]

    problems = asyncio.run(fill())
    assert f"{sheet}:row 3: column #org (Organización): {LINK!r} starts with '='" in problems[0]
    assert problems[1].startswith(f"{sheet}:row 4: column #activity (Actividad): ")
    assert problems[2].startswith(f"{sheet}:row 5: column #activity (Actividad): '@SUM(1+1)' starts with '@'")
    return store_url


def test_every_csv_download_is_neutralised(attacked: str) -> None:
    settings = Settings(store=attacked, api_keys=EDITOR_ENTRY)
    with TestClient(create_app(settings)) as staff:
        added = as_(
            staff,
            EDITOR_KEY,
            MUTATION,
            input={
                "actor": "pe-inei",
                "need": "nutrition",
                "activity": "@SUM(A1:A9)",
                "evidence": DDE,
                "sources": ["doc-attack"],
            },
        )
        assert added == {"data": {"addCoverage": {"coverage": {"evidence": DDE}}}}  # stored as given
        downloads = {}
        for name in CSV_FILES:
            response = staff.get(f"/export/{name}")
            assert response.status_code == 200, response.text
            assert response.headers["content-type"].startswith("text/csv")
            downloads[name] = assert_no_formula_cells(name, response.text)
    cells = {name: {cell for row in rows for cell in row} for name, rows in downloads.items()}
    assert "'" + LINK in cells["nodes.csv"] and "'+cmd|' /C calc'!A0" in cells["nodes.csv"]
    assert "'@SUM(1+1); -2+3" in cells["nodes.csv"]
    assert "'" + DDE in cells["edges.csv"] and "'" + LINK in cells["edges.csv"]
    for name in ("coverage.csv", "coverage-hxl.csv"):
        assert "'" + LINK in cells[name] and "'@SUM(A1:A9)" in cells[name]


def test_every_csv_the_command_writes_is_neutralised(attacked: str, tmp_path: Path) -> None:
    env = {"MIGRAGRAPH_STORE": attacked}
    folder = tmp_path / "csv"
    written = run("export", "--format", "csv", "--output", str(folder), cwd=tmp_path, env=env)
    assert written.returncode == 0, written.stderr
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in ("nodes.csv", "edges.csv")}
    for fmt in ("coverage-csv", "coverage-hxl"):
        result = run("export", "--format", fmt, cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr
        texts[fmt] = result.stdout
        to_file = tmp_path / f"{fmt}.csv"
        assert run("export", "--format", fmt, "-o", str(to_file), cwd=tmp_path, env=env).returncode == 0
        assert to_file.read_text(encoding="utf-8") == result.stdout
    for name, text in texts.items():
        rows = assert_no_formula_cells(name, text)
        assert "'" + LINK in {cell for row in rows for cell in row}, name


def test_the_command_refuses_a_3w_sheet_with_formula_text(tmp_path: Path) -> None:
    store = tmp_path / "graph.db"
    assert run("load", str(Path("data").resolve()), cwd=tmp_path, env={"MIGRAGRAPH_STORE": str(store)}).returncode == 0
    sheet = tmp_path / "attack-3w.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    refused = run("import-3w", str(sheet), cwd=tmp_path, env={"MIGRAGRAPH_STORE": str(store)})
    assert refused.returncode == 1
    assert "3 problems found; nothing was imported" in refused.stderr
    assert f"{sheet}:row 4: column #activity (Actividad): {LINK!r} starts with '='" in refused.stderr
