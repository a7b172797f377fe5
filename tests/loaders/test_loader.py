"""The data-package loader: validation with file and line, all-or-nothing, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_api.model.ontology import Ontology
from graph_api.model.records import Direction
from graph_api.model.resources import bundled_data_dir
from graph_api.store.embedded import EmbeddedStore
from loaders.errors import DataFileError
from loaders.packages.loading import load_paths

HEAD = """\
package: test
nodes:
  - label: Document
    id: doc-test
    name: A test note
    title: A test note
    language: en
  - label: Institution
    id: test-agency
    name: Agencia de Prueba
    kind: agency
    sources: [doc-test]
"""
HEAD_LINES = HEAD.count("\n")


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "package.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


BAD = {
    "unknown label": (
        """\
  - label: Ministry
    id: x
    name: X
""",
        1,
        "unknown label 'Ministry'",
    ),
    "unknown property": (
        """\
  - label: Institution
    id: x
    name: X
    kind: agency
    budget: 12
    sources: [doc-test]
""",
        1,
        "unknown property 'budget'",
    ),
    "wrong property type": (
        """\
  - label: Population
    id: x
    name: X
    size: about three million
    sources: [doc-test]
""",
        1,
        "property 'size' of Population 'x': expected an integer",
    ),
    "term outside the vocabulary": (
        """\
  - label: Institution
    id: x
    name: X
    kind: department
    sources: [doc-test]
""",
        1,
        "property 'kind' of Institution 'x': 'department' is not a term of the institution_kinds vocabulary",
    ),
    "duplicate id": (
        """\
  - label: Institution
    id: test-agency
    name: Otra
    kind: agency
    sources: [doc-test]
""",
        1,
        f"duplicate id 'test-agency' (first at {{path}}:{HEAD_LINES - 4})",
    ),
    "missing sources": (
        """\
  - label: Institution
    id: x
    name: X
    kind: agency
""",
        1,
        "every fact needs 'sources'",
    ),
    "unknown relationship type": (
        """\
relationships:
  - {type: FUNDS, from: test-agency, to: test-agency, sources: [doc-test]}
""",
        2,
        "unknown relationship type 'FUNDS'",
    ),
    "wrong endpoint": (
        """\
relationships:
  - {type: MEMBER_OF, from: test-agency, to: doc-test, sources: [doc-test]}
""",
        2,
        "MEMBER_OF cannot go to a Document ('doc-test'); allowed: CoordinationBody",
    ),
    "dangling reference": (
        """\
relationships:
  - {type: PART_OF, from: test-agency, to: nowhere, sources: [doc-test]}
""",
        2,
        "PART_OF 'to' refers to 'nowhere', which is neither in the package nor in the store",
    ),
    "source that is not a document": (
        """\
relationships:
  - {type: PART_OF, from: test-agency, to: pe-minsa, sources: [pe-minsa]}
""",
        2,
        "source 'pe-minsa' is a Institution, not a Document",
    ),
    "duplicate relationship": (
        """\
relationships:
  - {type: PART_OF, from: test-agency, to: pe-minsa, sources: [doc-test]}
  - {type: PART_OF, from: test-agency, to: pe-minsa, sources: [doc-test]}
""",
        3,
        "duplicate relationship test-agency -PART_OF-> pe-minsa",
    ),
    "invalid YAML": (
        """\
  - label: Institution
    id: x: y
""",
        2,
        "invalid YAML: mapping values are not allowed here",
    ),
}


@pytest.mark.parametrize("case", BAD.keys())
async def test_bad_input_names_file_and_line_and_writes_nothing(
    case: str, tmp_path: Path, seeded: EmbeddedStore, store_path: Path, ontology: Ontology
) -> None:
    body, line_offset, message = BAD[case]
    before_bytes = store_path.read_bytes()
    before = await seeded.stats()
    path = write(tmp_path, body)
    with pytest.raises(DataFileError) as caught:
        await load_paths(seeded, [path], ontology)
    problem_lines = [str(p) for p in caught.value.problems]
    expected = f"{path}:{HEAD_LINES + line_offset}: {message.format(path=path)}"
    assert any(line.startswith(expected) for line in problem_lines), problem_lines
    assert "nothing was written" in str(caught.value)
    assert store_path.read_bytes() == before_bytes
    assert await seeded.stats() == before
    assert await seeded.get_nodes(["test-agency"]) == [None]


async def test_every_problem_is_reported_at_once(tmp_path: Path, embedded: EmbeddedStore, ontology: Ontology) -> None:
    path = write(tmp_path, BAD["unknown label"][0] + BAD["missing sources"][0].replace("id: x", "id: y"))
    with pytest.raises(DataFileError) as caught:
        await load_paths(embedded, [path], ontology)
    assert len(caught.value.problems) == 2
    assert not (await embedded.stats()).node_count


async def test_loading_twice_changes_nothing(embedded: EmbeddedStore, store_path: Path, ontology: Ontology) -> None:
    first = await load_paths(embedded, [bundled_data_dir()], ontology)
    assert first.summary.nodes_created == first.nodes > 0
    snapshot = store_path.read_bytes()
    again = await load_paths(embedded, [bundled_data_dir()], ontology)
    assert not again.summary.changed
    assert store_path.read_bytes() == snapshot


async def test_a_package_may_refer_to_nodes_already_in_the_store(
    tmp_path: Path, seeded: EmbeddedStore, ontology: Ontology
) -> None:
    path = write(
        tmp_path,
        """\
relationships:
  - {type: PART_OF, from: test-agency, to: pe-minsa, sources: [doc-test], valid_from: 2012-03}
""",
    )
    report = await load_paths(seeded, [path], ontology)
    assert report.summary.edges_created == 2  # PART_OF, and the agency's MENTIONED_IN
    [units] = await seeded.relations(["pe-minsa"], "PART_OF", Direction.IN)
    assert [(e.start, e.properties.get("valid_from")) for e in units] == [("pe-sis", None), ("test-agency", "2012-03")]


async def test_a_changed_package_updates_in_place(tmp_path: Path, embedded: EmbeddedStore, ontology: Ontology) -> None:
    path = write(tmp_path, "")
    await load_paths(embedded, [path], ontology)
    path.write_text(path.read_text().replace("Agencia de Prueba", "Agencia Nacional de Prueba"))
    report = await load_paths(embedded, [path], ontology)
    assert (report.summary.nodes_created, report.summary.nodes_updated) == (0, 1)
    [node] = await embedded.get_nodes(["test-agency"])
    assert node is not None and node.name == "Agencia Nacional de Prueba"


async def test_a_missing_path_is_an_error(tmp_path: Path, embedded: EmbeddedStore, ontology: Ontology) -> None:
    with pytest.raises(DataFileError, match="no such file or folder"):
        await load_paths(embedded, [tmp_path / "absent.yaml"], ontology)
