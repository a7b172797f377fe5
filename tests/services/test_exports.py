"""The researchers' exports as their tools read them, on every store.

GEXF is validated against the official GEXF 1.3 schema (tests/data/gexf-1.3/) and read back by
networkx; GraphML is read by networkx and by igraph. The graph is the bundled data plus a 3W
sheet's candidates, which stay out of every export unless asked for.
"""

from __future__ import annotations

import asyncio
import csv
import doctest
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import igraph
import networkx as nx
import pytest
import xmlschema
from starlette.testclient import TestClient

from graph_api import cli
from graph_api.model.ontology import Ontology, load_ontology
from graph_api.model.resources import bundled_data_dir
from graph_api.services import exports, gexf
from graph_api.services.exports import ExportFormat, citation, export_text
from graph_api.services.gexf import gexf_list
from graph_api.store.opening import open_store
from graph_api.store.protocol import GraphStore
from loaders.packages.loading import load_paths
from loaders.press.ingest import ingest_documents
from loaders.threew.importing import import_3w
from tests.conftest import REPO, SEED_DOCUMENT

SCHEMA = xmlschema.XMLSchema(REPO / "tests" / "data" / "gexf-1.3" / "gexf.xsd")
SHEET = REPO / "samples" / "3w" / "peru-3w-2024.csv"
GEXF = "{http://gexf.net/1.3}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
MESA = "pe-mesa-migraciones"
RELEASE = "doc-mre-mesa-migraciones"
# The bundled press release records no date and no address: its citation is its title and publisher.
RELEASE_CITATION = (
    "Cancillería lidera instituciones estatales en favor de migrantes peruanos — "
    "Ministerio de Relaciones Exteriores del Perú"
)
ISO_CITATION = (
    "ISO 3166-2:PE, codes for the subdivisions of Peru — International Organization for Standardization, "
    "https://www.iso.org/obp/ui/#iso:code:3166:PE"
)


@pytest.fixture
async def graph(loaded: GraphStore, ontology: Ontology) -> dict[str, Any]:
    """The store's own export of the bundled data and a 3W sheet's candidates."""
    report = await import_3w(loaded, ontology, [SHEET])
    assert report.candidates
    return await loaded.export()


def _facts(graph: dict[str, Any]) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The ids of the nodes that are not candidates, and the edges between them."""
    nodes = [n["id"] for n in graph["nodes"] if n["label"] != "Candidate"]
    kept = set(nodes)
    edges = [(e["source"], e["type"], e["target"]) for e in graph["edges"] if {e["source"], e["target"]} <= kept]
    return nodes, edges


def _everything(graph: dict[str, Any]) -> tuple[list[str], list[tuple[str, str, str]]]:
    return [n["id"] for n in graph["nodes"]], [(e["source"], e["type"], e["target"]) for e in graph["edges"]]


def _rows(graph: dict[str, Any], fmt: ExportFormat, *, include_candidates: bool = False) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export_text(graph, fmt, include_candidates=include_candidates))))


def test_the_examples_in_the_docstrings() -> None:
    assert doctest.testmod(exports).failed == 0
    assert doctest.testmod(gexf).failed == 0


def test_a_citation_gives_title_publisher_date_and_url() -> None:
    document = {"title": "Nota", "publisher": "Cancillería", "published": "2011-08-11", "url": "https://x.example/n"}
    assert citation("doc-nota", document) == {
        "id": "doc-nota",
        **document,
        "text": "Nota — Cancillería, 2011-08-11, https://x.example/n",
    }
    assert citation("doc-nota", {"title": "Nota", "language": "es"}) == {
        "id": "doc-nota",
        "title": "Nota",
        "text": "Nota",
    }


@pytest.mark.parametrize("include_candidates", [False, True])
def test_gexf_is_valid_gexf_1_3_and_networkx_reads_it_back(graph: dict[str, Any], include_candidates: bool) -> None:
    text = export_text(graph, ExportFormat.GEXF, include_candidates=include_candidates)
    SCHEMA.validate(text)
    root = ET.fromstring(text)
    assert root.tag == f"{GEXF}gexf" and root.get("version") == "1.3"
    nodes, edges = _everything(graph) if include_candidates else _facts(graph)

    read = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    assert isinstance(read, nx.MultiDiGraph)
    assert sorted(read.nodes) == sorted(nodes)
    assert sorted((u, d["label"], v) for u, v, d in read.edges(data=True)) == sorted(edges)
    # Parallel edges stay apart: each has its own id, its type as label and kind, and no networkx_key.
    parallel = read.get_edge_data("pe-mre", MESA)
    assert sorted(d["label"] for d in parallel.values()) == ["CONVENES", "LEADS", "MEMBER_OF"]
    assert all(key == d["id"] for key, d in parallel.items())
    elements = list(root.iter(f"{GEXF}edge"))
    assert len({e.get("id") for e in elements}) == len(elements) == len(edges)
    assert all(e.get("kind") == e.get("label") for e in elements)
    assert "networkx_key" not in text

    # Lists are lists: typed liststring, written as Gephi reads them.
    declared = {(a.get("title"), a.get("type")) for a in root.iter(f"{GEXF}attribute")}
    assert {("aliases", "liststring"), ("sources", "liststring"), ("citations", "liststring")} <= declared
    assert ("size", "long") in declared and ("year_known", "boolean") in declared
    mesa = next(n for n in graph["nodes"] if n["id"] == MESA)
    assert read.nodes[MESA]["aliases"] == gexf_list(mesa["aliases"])
    assert read.nodes[MESA]["label"] == mesa["name"] and read.nodes[MESA]["node_label"] == "CoordinationBody"
    member = read.edges["pe-inei", MESA, f"pe-inei:MEMBER_OF:{MESA}"]
    assert member["sources"] == gexf_list([RELEASE]) and member["citations"] == gexf_list([RELEASE_CITATION])


@pytest.mark.parametrize("include_candidates", [False, True])
def test_graphml_has_unique_edge_ids_for_networkx_and_igraph(
    graph: dict[str, Any], include_candidates: bool, tmp_path: Path
) -> None:
    text = export_text(graph, ExportFormat.GRAPHML, include_candidates=include_candidates)
    path = tmp_path / "graph.graphml"
    path.write_text(text, encoding="utf-8")
    nodes, edges = _everything(graph) if include_candidates else _facts(graph)
    root = ET.fromstring(text)
    ids = [e.get("id") for e in root.iter(f"{GRAPHML}edge")]
    assert len(set(ids)) == len(ids) == len(edges)
    keys = [k.get("id") for k in root.iter(f"{GRAPHML}key")]
    assert len(set(keys)) == len(keys)

    read = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(read, nx.MultiDiGraph)
    assert sorted(read.nodes) == sorted(nodes)
    assert sorted((u, d["type"], v) for u, v, d in read.edges(data=True)) == sorted(edges)
    assert len({k for _, _, k in read.edges(keys=True)}) == len(edges)
    member = read.edges["pe-inei", MESA, f"pe-inei:MEMBER_OF:{MESA}"]
    assert json.loads(member["sources"]) == [RELEASE] and json.loads(member["citations"]) == [RELEASE_CITATION]

    # igraph 1.0 fills its edge `id` attribute with vertex ids, so edges are told apart by ends and type.
    loaded = igraph.Graph.Read_GraphML(str(path))
    assert loaded.is_directed() and loaded.vcount() == len(nodes) and loaded.ecount() == len(edges)
    names = loaded.vs["id"]
    triples = [(names[e.source], e["type"], names[e.target]) for e in loaded.es]
    assert sorted(triples) == sorted(edges) and len(set(triples)) == len(triples)
    assert Counter(t for s, t, o in triples if (s, o) == ("pe-mre", MESA)) == {
        "CONVENES": 1,
        "LEADS": 1,
        "MEMBER_OF": 1,
    }


async def test_the_whole_graph_leaves_candidates_out_unless_asked(graph: dict[str, Any], loaded: GraphStore) -> None:
    stats = await loaded.stats()
    assert stats.nodes["Candidate"] > 0
    facts = json.loads(export_text(graph, ExportFormat.JSON))
    assert "Candidate" not in {n["label"] for n in facts["nodes"]}
    assert not any(e["source"].startswith("candidate-") or e["target"].startswith("candidate-") for e in facts["edges"])
    assert len(facts["nodes"]) == stats.node_count - stats.nodes["Candidate"]
    everything = json.loads(export_text(graph, ExportFormat.JSON, include_candidates=True))
    assert (len(everything["nodes"]), len(everything["edges"])) == (stats.node_count, stats.edge_count)
    for include, (nodes, edges) in ((False, _facts(graph)), (True, _everything(graph))):
        node_rows = _rows(graph, ExportFormat.NODES_CSV, include_candidates=include)
        edge_rows = _rows(graph, ExportFormat.EDGES_CSV, include_candidates=include)
        assert sorted(r["id"] for r in node_rows) == sorted(nodes)
        assert sorted((r["source"], r["type"], r["target"]) for r in edge_rows) == sorted(edges)


def test_every_edge_cites_its_sources(graph: dict[str, Any]) -> None:
    export = json.loads(export_text(graph, ExportFormat.JSON))
    edges = {e["id"]: e for e in export["edges"]}
    assert all(len(e["citations"]) == len(e["sources"]) > 0 for e in edges.values())
    member = edges[f"pe-inei:MEMBER_OF:{MESA}"]
    assert member["citations"] == [
        {
            "id": RELEASE,
            "title": "Cancillería lidera instituciones estatales en favor de migrantes peruanos",
            "publisher": "Ministerio de Relaciones Exteriores del Perú",
            "text": RELEASE_CITATION,
        }
    ]
    [region] = edges["pe-ama:LOCATED_IN:pe"]["citations"]
    assert region["url"] == "https://www.iso.org/obp/ui/#iso:code:3166:PE" and region["text"] == ISO_CITATION
    cited = {(r["source"], r["type"], r["target"]): r["citations"] for r in _rows(graph, ExportFormat.EDGES_CSV)}
    assert cited[("pe-inei", "MEMBER_OF", MESA)] == RELEASE_CITATION
    assert cited[("pe-ama", "LOCATED_IN", "pe")] == ISO_CITATION


@pytest.mark.skipif(not SEED_DOCUMENT.exists(), reason="../shared/corpus is not beside the checkout")
async def test_candidates_from_a_press_release_export_to_valid_files(
    store: GraphStore, ontology: Ontology, tmp_path: Path
) -> None:
    # A press release's candidates carry `evidence` and `confidence`, as facts do: one name, two keys.
    await ingest_documents(store, ontology, [SEED_DOCUMENT])
    graph = await store.export()
    stats = await store.stats()
    SCHEMA.validate(export_text(graph, ExportFormat.GEXF, include_candidates=True))
    path = tmp_path / "graph.graphml"
    path.write_text(export_text(graph, ExportFormat.GRAPHML, include_candidates=True), encoding="utf-8")
    keys = [(k.get("id"), k.get("for"), k.get("attr.name")) for k in ET.parse(path).iter(f"{GRAPHML}key")]
    assert {("node", "evidence"), ("edge", "evidence")} <= {(f, name) for _, f, name in keys}
    assert len({i for i, _, _ in keys}) == len(keys)
    loaded = igraph.Graph.Read_GraphML(str(path))
    assert (loaded.vcount(), loaded.ecount()) == (stats.node_count, stats.edge_count)
    assert "Candidate" in loaded.vs["label"] and any(loaded.vs["evidence"]) and any(loaded.es["evidence"])


def test_the_download_route_takes_include_candidates(client: TestClient, store_url: str) -> None:
    async def add_candidates() -> None:
        async with open_store(store_url) as opened:
            await import_3w(opened, load_ontology(), [SHEET])

    asyncio.run(add_candidates())
    labels = {n["label"] for n in client.get("/export/graph.json").json()["nodes"]}
    assert "Candidate" not in labels
    asked = client.get("/export/graph.json", params={"include_candidates": "true"}).json()
    assert "Candidate" in {n["label"] for n in asked["nodes"]}
    drawn = client.get("/export/graph.gexf", params={"include_candidates": "1"}).text
    SCHEMA.validate(drawn)
    assert any(n.get("id", "").startswith("candidate-") for n in ET.fromstring(drawn).iter(f"{GEXF}node"))
    refused = client.get("/export/edges.csv", params={"include_candidates": "maybe"})
    assert refused.status_code == 400 and "include_candidates" in refused.json()["error"]


def test_the_command_takes_include_candidates(store_path: Path, ontology: Ontology, tmp_path: Path) -> None:
    async def fill() -> None:
        async with open_store(str(store_path), ontology) as opened:
            await load_paths(opened, [bundled_data_dir()], ontology)
            await import_3w(opened, ontology, [SHEET])

    asyncio.run(fill())
    written = {}
    for flags in ([], ["--include-candidates"]):
        out = tmp_path / f"graph{len(flags)}.json"
        assert cli.main(["export", "--store", str(store_path), "--format", "json", "--output", str(out), *flags]) == 0
        written[bool(flags)] = json.loads(out.read_text(encoding="utf-8"))
    assert "Candidate" not in {n["label"] for n in written[False]["nodes"]}
    assert "Candidate" in {n["label"] for n in written[True]["nodes"]}
    folder = tmp_path / "csv"
    assert (
        cli.main(["export", "--store", str(store_path), "--format", "csv", "-o", str(folder), "--include-candidates"])
        == 0
    )
    assert "candidate-" in (folder / "nodes.csv").read_text(encoding="utf-8")
