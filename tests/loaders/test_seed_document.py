"""The curated data package against the real press release it describes (in ../shared/corpus)."""

from __future__ import annotations

import hashlib

import pytest

from graph_api.model.records import Direction
from graph_api.model.text import normalize
from graph_api.store.protocol import GraphStore
from tests.conftest import SEED_DOCUMENT

pytestmark = pytest.mark.skipif(not SEED_DOCUMENT.exists(), reason="../shared/corpus is not beside the checkout")


async def test_the_document_node_matches_the_file(loaded: GraphStore) -> None:
    [doc] = await loaded.get_nodes(["doc-mre-mesa-migraciones"])
    assert doc is not None
    assert doc.properties["checksum"] == "sha256:" + hashlib.sha256(SEED_DOCUMENT.read_bytes()).hexdigest()
    assert doc.properties["file_name"] == SEED_DOCUMENT.name
    assert normalize(doc.properties["title"]) == normalize(SEED_DOCUMENT.read_text(encoding="utf-8").splitlines()[0])


async def test_every_actor_it_cites_the_document_for_is_named_in_it(loaded: GraphStore) -> None:
    text = normalize(SEED_DOCUMENT.read_text(encoding="utf-8"))
    [edges] = await loaded.relations(["doc-mre-mesa-migraciones"], "MENTIONED_IN", Direction.IN)
    mentioned = [e.start for e in edges]
    nodes = [n for n in await loaded.get_nodes(mentioned) if n is not None]
    assert len(nodes) >= 17
    for node in nodes:
        names = [node.properties["name"], *node.properties.get("aliases", []), node.properties.get("acronym") or ""]
        words = {w for name in names for w in normalize(name).split() if len(w) > 3}
        assert any(w in text for w in words), f"{node.id}: none of {sorted(words)} appears in the document"
