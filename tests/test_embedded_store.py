"""The embedded store's file: atomic saves, other processes' writes, unreadable files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph_api.embedded import EmbeddedStore
from graph_api.errors import StoreFileError
from graph_api.ontology import Ontology
from graph_api.records import Edge, GraphBatch, Node

DOC = {"sources": ["doc-mre-mesa-migraciones"]}


def agency(node_id: str) -> GraphBatch:
    node = Node(node_id, "Institution", {"id": node_id, "name": node_id.title(), "kind": "agency"})
    return GraphBatch((node,), (Edge("MENTIONED_IN", node_id, "doc-mre-mesa-migraciones", DOC),))


async def test_the_graph_survives_a_reopen(seeded: EmbeddedStore, store_path: Path, ontology: Ontology) -> None:
    reopened = EmbeddedStore(store_path, ontology)
    assert await reopened.export() == await seeded.export()


async def test_a_crash_mid_save_leaves_the_previous_file(
    seeded: EmbeddedStore, store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = store_path.read_bytes()

    def crash(fd: int) -> None:
        # The new file is written out but never made durable: the disk fills up before fsync returns.
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(StoreFileError, match="disk full"):
        await seeded.write(agency("crash-agency"))
    monkeypatch.undo()
    assert store_path.read_bytes() == before
    assert [p.name for p in store_path.parent.iterdir()] == [store_path.name]
    assert await seeded.get_nodes(["crash-agency"]) == [None]


async def test_another_process_write_is_seen(seeded: EmbeddedStore, store_path: Path, ontology: Ontology) -> None:
    other = EmbeddedStore(store_path, ontology)
    await other.write(agency("later-agency"))
    [node] = await seeded.get_nodes(["later-agency"])
    assert node is not None and node.label == "Institution"


async def test_an_unreadable_file_is_a_clear_error(store_path: Path, ontology: Ontology) -> None:
    store_path.write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreFileError, match="cannot read the embedded store"):
        EmbeddedStore(store_path, ontology)
    store_path.write_text('{"nodes": []}', encoding="utf-8")
    with pytest.raises(StoreFileError, match="not a migragraph embedded store file"):
        EmbeddedStore(store_path, ontology)


async def test_an_unchanged_write_does_not_touch_the_file(seeded: EmbeddedStore, store_path: Path) -> None:
    await seeded.write(agency("same-agency"))
    stamp = store_path.stat().st_mtime_ns
    summary = await seeded.write(agency("same-agency"))
    assert not summary.changed
    assert store_path.stat().st_mtime_ns == stamp
