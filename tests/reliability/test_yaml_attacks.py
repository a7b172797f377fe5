"""Issue 13: YAML that stands for billions of values, or nests too deep, in data packages and front matter.

Before the fix a 588-byte alias bomb in a data package took 17 s and 2.8 GB and printed a 722 MB message, a
638-byte one died with MemoryError, brackets 300 deep with RecursionError, and a bomb in a document's front
matter answered `ingestDocument` with a 72 MB error. Each is now refused in milliseconds as invalid YAML at
its file and line, in a short message, with nothing written; anchors within the bounds still work.
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph_api.cli import main
from graph_api.model.ontology import Ontology
from graph_api.model.records import Direction
from graph_api.store.opening import open_store
from graph_api.store.protocol import GraphStore
from loaders.errors import DataFileError
from loaders.packages.loading import load_paths
from loaders.press.documents import read_document
from loaders.press.errors import DocumentError
from tests.conftest import EDITOR_KEY, as_

REFUSAL_SECONDS = 1.0  # measured at 1-20 ms (0.2 s through ingestDocument's worker process)
MESSAGE_CHARS = 1_000


def laughs(levels: int, width: int = 10, *, key: str = "nodes") -> str:
    """Anchor a0 is one value; each next anchor a list of `width` aliases of the one before: width**levels values."""
    lines = ['a0: &a0 ["ja"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join([*lines, f"{key}: [*a{levels - 1}]"]) + "\n"


def mapping_laughs(levels: int, *, key: str = "nodes") -> str:
    """The same through mappings: each level a mapping of ten keys whose values alias the level below."""
    lines = ["m0: &m0 {k: ja}"]
    for i in range(1, levels):
        lines.append(f"m{i}: &m{i} {{{', '.join(f'k{j}: *m{i - 1}' for j in range(10))}}}")
    return "\n".join([*lines, f"{key}: [*m{levels - 1}]"]) + "\n"


def brackets(depth: int) -> str:
    return "package: hondo\nnodes: " + "[" * depth + "]" * depth + "\n"


BOMBS = {
    "laughs-9": "package: risa\n" + laughs(9),  # 10^9 values in about 580 bytes
    "laughs-10": "package: risa\n" + laughs(10),  # 10^10, about 640 bytes
    "mapping-laughs-9": "package: risa\n" + mapping_laughs(9),
    "brackets-300": brackets(300),
    "brackets-10000": brackets(10_000),
}
# Where each is refused: the line whose value passes the bound.
LINES = {"laughs-9": 7, "laughs-10": 7, "mapping-laughs-9": 7, "brackets-300": 2, "brackets-10000": 2}


def _counts(store_url: str, ontology: Ontology) -> tuple[int, int, int]:
    async def read() -> tuple[int, int, int]:
        async with open_store(store_url, ontology) as store:
            stats = await store.stats()
            return stats.node_count, stats.edge_count, len(await store.audit_log(100))

    return asyncio.run(read())


def _bomb_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(BOMBS[name], encoding="utf-8")
    return path


def test_the_bombs_are_as_small_as_the_reported_ones() -> None:
    assert len(BOMBS["laughs-9"].encode()) < 600 and len(BOMBS["laughs-10"].encode()) < 660


@pytest.mark.parametrize("name", BOMBS)
async def test_a_package_bomb_is_refused_at_its_line(
    name: str, tmp_path: Path, store: GraphStore, ontology: Ontology
) -> None:
    path = _bomb_file(tmp_path, name)
    started = time.perf_counter()
    with pytest.raises(DataFileError) as raised:
        await load_paths(store, [path], ontology)
    elapsed = time.perf_counter() - started
    message = str(raised.value)
    assert elapsed < REFUSAL_SECONDS, (name, elapsed)
    assert len(message) < MESSAGE_CHARS, (name, len(message))
    assert f"{path}:{LINES[name]}: invalid YAML:" in message, message
    assert re.search(r"more than [\d,]+ (values|deep)", message), message
    stats = await store.stats()
    assert stats.node_count == 0 and stats.edge_count == 0
    assert await store.audit_log(10) == []


@pytest.mark.parametrize("name", ["laughs-10", "brackets-10000"])
def test_the_load_command_refuses_a_bomb_in_a_short_message(
    name: str, tmp_path: Path, store_url: str, ontology: Ontology, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _bomb_file(tmp_path, name)
    started = time.perf_counter()
    status = main(["load", "--store", store_url, str(path)])
    elapsed = time.perf_counter() - started
    out, err = capsys.readouterr()
    assert status == 1
    assert elapsed < REFUSAL_SECONDS, elapsed
    assert len(out) + len(err) < MESSAGE_CHARS, len(out) + len(err)
    assert f"{path}:{LINES[name]}: invalid YAML" in err, err
    assert _counts(store_url, ontology) == (0, 0, 0)


INGEST = "mutation($input: DocumentInput!) { ingestDocument(input: $input) { facts } }"
BODY = "La Defensoría del Pueblo y el Ministerio de Salud instalaron la Mesa de Trabajo el 11 de agosto.\n"


@pytest.mark.parametrize(
    # Under `title`, which the reader quotes when it is not a single value (the 72 MB answer).
    "front",
    [
        laughs(9, key="title"),
        laughs(10, key="title"),
        mapping_laughs(9, key="title"),
        "title: " + "[" * 300 + "]" * 300 + "\n",
        "title: " + "[" * 10_000 + "]" * 10_000 + "\n",
    ],
)
def test_a_front_matter_bomb_is_refused_over_the_api(
    front: str, staff: TestClient, store_url: str, ontology: Ontology
) -> None:
    text = f"---\n{front}---\n{BODY}"
    before = _counts(store_url, ontology)
    started = time.perf_counter()
    body = as_(staff, EDITOR_KEY, INGEST, input={"text": text, "fileName": "risa.md"})
    elapsed = time.perf_counter() - started
    assert elapsed < REFUSAL_SECONDS, elapsed
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_DOCUMENT", error
    assert error["message"].startswith("invalid front matter: "), error
    assert len(error["message"]) < MESSAGE_CHARS and len(str(body)) < 2 * MESSAGE_CHARS, len(str(body))
    assert _counts(store_url, ontology) == before


def test_a_value_too_long_to_quote_is_cut_in_the_message(tmp_path: Path) -> None:
    # Not a bomb: a list a megabyte long where a single value belongs, quoted in the problem.
    path = tmp_path / "largo.md"
    path.write_text(f"---\ntitle: {['x' * 1000] * 1000}\n---\n{BODY}", encoding="utf-8")
    with pytest.raises(DocumentError) as raised:
        read_document(path)
    assert "must be a single value" in str(raised.value) and len(str(raised.value)) < MESSAGE_CHARS


async def test_small_anchors_still_work(tmp_path: Path, store: GraphStore, ontology: Ontology) -> None:
    path = tmp_path / "anclas.yaml"
    path.write_text(
        "package: anclas\n"
        "nodes:\n"
        "  - {label: Document, id: doc-nota, name: Nota, title: Nota, language: es}\n"
        "  - {label: Institution, id: pe-uno, name: Oficina Uno, kind: agency, sources: &fuentes [doc-nota]}\n"
        "  - {label: Institution, id: pe-dos, name: Oficina Dos, kind: agency, sources: *fuentes}\n"
        "relationships:\n"
        "  - {type: PART_OF, from: pe-dos, to: pe-uno, sources: *fuentes}\n",
        encoding="utf-8",
    )
    report = await load_paths(store, [path], ontology)
    assert report.summary.nodes_created >= 3
    [[edge]] = await store.relations(["pe-dos"], "PART_OF", Direction.OUT)
    assert edge.end == "pe-uno" and edge.properties["sources"] == ["doc-nota"]
