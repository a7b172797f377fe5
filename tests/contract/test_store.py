"""The store contract: every GraphStore gives these answers for the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_api.model.names import rank
from graph_api.model.ontology import Ontology
from graph_api.model.records import AuditEntry, Direction, Edge, GraphBatch, Node
from graph_api.model.text import normalize
from graph_api.store.protocol import GraphStore, ProjectedEdge
from loaders.errors import DataFileError
from loaders.packages.loading import load_paths

MESA = "pe-mesa-migraciones"
MEMBERS = [
    "pe-defensoria",
    "pe-inei",
    "pe-mimdes",
    "pe-minedu",
    "pe-mininter",
    "pe-minsa",
    "pe-mre",
    "pe-mtpe",
    "pe-vivienda",
]


async def test_counts(loaded: GraphStore) -> None:
    stats = await loaded.stats()
    assert stats.nodes["Institution"] == 12
    assert stats.nodes["CoordinationBody"] == 1
    assert stats.edges["MEMBER_OF"] == 9
    assert stats.nodes["Place"] == 1 + 26 + 196
    assert stats.node_count == 268
    assert stats.edge_count == 524


async def test_get_nodes_keeps_order_and_marks_missing(loaded: GraphStore) -> None:
    nodes = await loaded.get_nodes(["pe-sis", "nowhere", "pe-mre"])
    assert [n.id if n else None for n in nodes] == ["pe-sis", None, "pe-mre"]
    assert nodes[2] is not None and nodes[2].label == "Institution"
    assert nodes[2].properties["aliases"][0] == "Cancillería"


async def test_relations_both_directions_in_id_order(loaded: GraphStore) -> None:
    [members] = await loaded.relations([MESA], "MEMBER_OF", Direction.IN)
    assert [e.start for e in members] == MEMBERS
    assert all(e.end == MESA and e.properties["sources"] == ["doc-mre-mesa-migraciones"] for e in members)
    by_node = await loaded.relations(["pe-mre", "pe-sis", "nowhere"], "MEMBER_OF", Direction.OUT)
    assert [[e.end for e in edges] for edges in by_node] == [[MESA], [], []]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("cancilleria", ["pe-mre"]),
        ("mre", ["pe-mre"]),
        ("oit", ["int-ilo"]),
        ("ministerio de salud", ["pe-minsa"]),
        ("salud", []),
    ],
)
async def test_lookup_by_name_alias_or_acronym(loaded: GraphStore, key: str, expected: list[str]) -> None:
    assert [n.id for n in await loaded.lookup(key, ["Institution"])] == expected


async def test_search_ranks_the_same(loaded: GraphStore, ontology: Ontology) -> None:
    query = normalize("Ministerio de")
    candidates = await loaded.search_candidates(query, ["Institution"], 3)
    ranked = rank(query, candidates, ontology.searchable_properties(), 3)
    assert [n.id for n in ranked] == ["pe-minedu", "pe-mimdes", "pe-mre"]


async def test_keyset_pages_do_not_skip_or_repeat(loaded: GraphStore) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = await loaded.page_nodes("Institution", first=5, after=after)
        seen.extend(n.id for n in page.nodes)
        if not page.has_next:
            break
        after = page.nodes[-1].id
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 12
    back = await loaded.page_nodes("Institution", last=3, before="pe-mre")
    assert [n.id for n in back.nodes] == ["pe-minedu", "pe-mininter", "pe-minsa"]
    assert back.has_previous and back.has_next


async def test_a_page_survives_inserts_before_its_cursor(loaded: GraphStore) -> None:
    page = await loaded.page_nodes("Institution", first=2)
    cursor = page.nodes[-1].id
    doc = {"sources": ["doc-mre-mesa-migraciones"]}
    await loaded.write(
        GraphBatch(
            (Node("aa-new", "Institution", {"id": "aa-new", "name": "A", "kind": "agency"}),),
            (Edge("MENTIONED_IN", "aa-new", "doc-mre-mesa-migraciones", doc),),
        )
    )
    nxt = await loaded.page_nodes("Institution", first=1, after=cursor)
    assert nxt.nodes[0].id > cursor


async def test_a_failed_load_leaves_the_store_as_it_was(loaded: GraphStore, ontology: Ontology, tmp_path: Path) -> None:
    before = await loaded.export()
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "nodes:\n"
        "  - {label: Institution, id: ok-agency, name: Ok, kind: agency, sources: [doc-mre-mesa-migraciones]}\n"
        "relationships:\n"
        "  - {type: MEMBER_OF, from: ok-agency, to: pe-nowhere, sources: [doc-mre-mesa-migraciones]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"bad\.yaml:4: MEMBER_OF 'to' refers to 'pe-nowhere'"):
        await load_paths(loaded, [bad], ontology)
    assert await loaded.export() == before


async def test_export_is_node_link_json_with_labels_and_sources(loaded: GraphStore) -> None:
    data = await loaded.export()
    assert data["directed"] and data["multigraph"]
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["pe-mre"]["label"] == "Institution" and nodes["pe-mre"]["acronym"] == "MRE"
    edges = [e for e in data["edges"] if e["type"] == "SUPPORTS"]
    assert edges == [
        {
            "source": "ilo-migrandina",
            "target": MESA,
            "type": "SUPPORTS",
            "sources": ["doc-mre-mesa-migraciones"],
            "evidence": edges[0]["evidence"],
        }
    ]


async def test_the_version_changes_with_every_write(loaded: GraphStore) -> None:
    before = await loaded.version()
    assert await loaded.version() == before
    doc = {"sources": ["doc-mre-mesa-migraciones"]}
    await loaded.write(GraphBatch((), (Edge("MEMBER_OF", "int-ilo", MESA, doc),)))
    assert await loaded.version() != before


async def test_removals_and_audit_entries_are_part_of_the_write(loaded: GraphStore) -> None:
    entry = AuditEntry(
        "2026-01-01T00:00:00Z-0001",
        "2026-01-01T00:00:00Z",
        "tester",
        "editor",
        "removeCoverage",
        "pe-mre -MEMBER_OF-> pe-mesa-migraciones",
        '{"sources": []}',
        None,
    )
    summary = await loaded.write(GraphBatch(remove_edges=(Edge("MEMBER_OF", "pe-mre", MESA, {}),), audit=(entry,)))
    assert summary.edges_removed == 1
    [members] = await loaded.relations([MESA], "MEMBER_OF", Direction.IN)
    assert "pe-mre" not in [e.start for e in members]
    assert await loaded.audit_log(10) == [entry]
    assert await loaded.audit_log(10, before=entry.id) == []


async def test_clear_empties_the_store_and_changes_its_version(loaded: GraphStore) -> None:
    entry = AuditEntry(
        "2026-01-01T00:00:00Z-0002", "2026-01-01T00:00:00Z", "tester", "editor", "x", "pe-mre", None, None
    )
    await loaded.write(GraphBatch(audit=(entry,)))
    before = await loaded.version()
    await loaded.clear()
    stats = await loaded.stats()
    assert (stats.node_count, stats.edge_count) == (0, 0)
    assert await loaded.get_nodes(["pe-mre"]) == [None]
    assert await loaded.audit_log(10) == []
    assert await loaded.version() != before
    summary = await loaded.write(GraphBatch((Node("pe-mre", "Institution", {"id": "pe-mre", "name": "MRE"}),)))
    assert summary.nodes_created == 1


async def test_migrate_keeps_the_data_and_can_run_again(loaded: GraphStore) -> None:
    before = await loaded.export()
    await loaded.migrate()
    await loaded.migrate()
    assert await loaded.export() == before


async def test_migrate_prepares_an_empty_store_for_writes(store: GraphStore) -> None:
    await store.migrate()
    assert (await store.stats()).node_count == 0
    await store.write(GraphBatch((Node("pe-mre", "Institution", {"id": "pe-mre", "name": "MRE"}),)))
    assert [n.id for n in (await store.page_nodes("Institution")).nodes] == ["pe-mre"]


async def test_a_projection_holds_the_labels_and_types_asked_for(loaded: GraphStore, ontology: Ontology) -> None:
    labels, types = ontology.actor_labels(), ontology.network_types()
    graph = await loaded.projection(labels, types)
    export = await loaded.export()
    ids = sorted(n["id"] for n in export["nodes"] if n["label"] in labels)
    assert graph.ids == tuple(ids)
    expected = [
        ProjectedEdge(e["type"], e["source"], e["target"], e.get("valid_from"), e.get("valid_to"))
        for e in export["edges"]
        if e["type"] in types and e["source"] in ids and e["target"] in ids
    ]
    assert graph.edges == tuple(sorted(expected, key=lambda e: (e.start, e.type, e.end)))
    assert ProjectedEdge("MEMBER_OF", "pe-mre", MESA, "--08-11") in graph.edges
    only = await loaded.projection(["Institution"], ["PART_OF"])
    assert {e.type for e in only.edges} == {"PART_OF"}
    assert {n.label for n in await loaded.get_nodes(only.ids) if n} == {"Institution"}
    assert len(only.ids) == await loaded.count_nodes("Institution")
