"""The reference gazetteer (schema/reference/): every file loads, each country has its core bodies, the ids the
bundled data shares agree with it, a bad file is refused with its file and line, and identifiers reach GraphQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph_api.graphql.context import Context
from graph_api.graphql.schema import build_schema
from graph_api.model.ontology import Ontology
from graph_api.model.records import GraphBatch, Node
from graph_api.model.resources import bundled_data_dir
from graph_api.services.analytics import AnalyticsCache
from graph_api.settings import Settings
from graph_api.store.embedded import EmbeddedStore
from graph_api.store.protocol import GraphStore
from loaders.errors import DataFileError
from loaders.packages.reference import INTERNATIONAL, load_reference, reference_dir
from loaders.yaml_source import read_yaml

# The foreign ministry and the migration authority of every Spanish-speaking country (Puerto Rico has none of
# its own: US federal agencies handle its migration). The kinds vocabulary has no terms for these two roles.
CORE: dict[str, tuple[str, str]] = {
    "AR": ("ar-cancilleria", "ar-dnm"),
    "BO": ("bo-mre", "bo-digemig"),
    "CL": ("cl-minrel", "cl-sermig"),
    "CO": ("co-cancilleria", "co-migracion"),
    "CR": ("cr-rree", "cr-dgme"),
    "CU": ("cu-minrex", "cu-diie"),
    "DO": ("do-mirex", "do-dgm"),
    "EC": ("ec-mremh", "ec-vmh"),
    "ES": ("es-exteriores", "es-sem"),
    "GT": ("gt-minex", "gt-igm"),
    "HN": ("hn-sreci", "hn-inm"),
    "MX": ("mx-sre", "mx-inm"),
    "NI": ("ni-minrex", "ni-dgme"),
    "PA": ("pa-mire", "pa-snm"),
    "PE": ("pe-mre", "pe-migraciones"),
    "PY": ("py-mre", "py-dnm"),
    "SV": ("sv-rree", "sv-dgme"),
    "UY": ("uy-mrree", "uy-dnm"),
    "VE": ("ve-mppre", "ve-saime"),
}
NO_OMBUDSMAN = {"CU"}  # Cuba has no ombudsman office
# The actors of the bundled data package that the reference must describe under the same id and name.
SHARED = (
    "pe-mre",
    "pe-mtpe",
    "pe-mininter",
    "pe-minedu",
    "pe-minsa",
    "pe-sis",
    "pe-vivienda",
    "pe-fondo-mivivienda",
    "pe-mimdes",
    "pe-defensoria",
    "pe-inei",
    "int-ilo",
    "ilo-migrandina",
)


@pytest.fixture(scope="module")
def reference() -> dict[str, Node]:
    return {node.id: node for node in load_reference()}


def country_of(node: Node) -> str | None:
    """An Institution's or body's country, a Program's (first) country; None for international ones."""
    props = node.properties
    country = props.get("country") or (props.get("countries") or [None])[0]
    return str(country) if country else None


def test_every_file_loads_and_ids_are_unique(reference: dict[str, Node]) -> None:
    nodes = load_reference()
    assert len(nodes) == len(reference)  # ids unique across files
    assert load_reference() is nodes  # the bundled folder is read once
    files = {p.stem for p in reference_dir().glob("*.yaml")}
    assert files == {INTERNATIONAL} | {code.lower() for code in CORE}
    per_file = {stem: [n for n in nodes if (country_of(n) or INTERNATIONAL).lower() == stem] for stem in files}
    assert len(per_file[INTERNATIONAL]) >= 60
    assert all(len(entries) >= 10 for entries in per_file.values()), {k: len(v) for k, v in per_file.items()}
    assert load_reference(reference_dir()) == nodes  # an explicit folder is read afresh, to the same nodes


@pytest.mark.parametrize("country", sorted(CORE))
def test_each_country_has_its_core_bodies(reference: dict[str, Node], country: str) -> None:
    ministry_id, migration_id = CORE[country]
    ministry, migration = reference[ministry_id], reference[migration_id]
    assert ministry.properties["kind"] == "ministry"
    assert ministry.properties["country"] == migration.properties["country"] == country
    assert migration.properties["kind"] == "agency"
    kinds = {n.properties.get("kind") for n in reference.values() if country_of(n) == country}
    assert "statistics-office" in kinds
    assert ("ombudsman" in kinds) == (country not in NO_OMBUDSMAN)


def test_ids_shared_with_the_bundled_data_agree_on_what_they_say(reference: dict[str, Node]) -> None:
    data: dict[str, Any] = {}
    for path in sorted(bundled_data_dir().glob("*.yaml")):
        data.update({node["id"]: node for node in read_yaml(path)["nodes"]})
    shared = data.keys() & reference.keys()
    assert set(SHARED) <= shared
    for node_id in shared:
        mine, theirs = reference[node_id].properties, data[node_id]
        assert reference[node_id].label == theirs["label"], node_id
        assert mine["name"] == theirs["name"], node_id
        assert set(theirs.get("aliases", [])) <= set(mine.get("aliases", [])), node_id
        for key in ("acronym", "kind", "country", "level", "wikidata", "iati_id"):
            if key in theirs:
                assert mine.get(key) == theirs[key], (node_id, key)


def test_properties_are_the_ontologys_for_the_label(reference: dict[str, Node], ontology: Ontology) -> None:
    for node in reference.values():
        specs = ontology.labels[node.label].properties
        assert node.properties.keys() <= specs.keys(), node.id
        for key, value in node.properties.items():
            assert specs[key].coerce(value, ontology) == value
    iom, vuelta, gifmm = reference["int-iom"], reference["ve-vuelta-a-la-patria"], reference["co-gifmm"]
    assert iom.properties["acronym"] == "OIM"
    assert "IOM" in iom.properties["aliases"]  # acronyms after the first join the aliases
    assert iom.properties["iati_id"] == "XM-DAC-47066"
    assert "country" not in iom.properties
    assert vuelta.properties["countries"] == ["VE"]  # a Program has a list of countries
    assert gifmm.properties["country"] == "CO"
    assert "kind" not in gifmm.properties and "level" not in gifmm.properties


def test_foreign_ministries_share_the_alias_cancilleria(reference: dict[str, Node]) -> None:
    ministries = [reference[ministry] for ministry, _ in CORE.values()]
    named = [m for m in ministries if "Cancillería" in m.properties.get("aliases", [])]
    assert len(named) == len(ministries) - 1  # Spanish news does not call Spain's foreign ministry so


# Bad files: (files to write, the file and the text of the line the problem is reported at, message).
GOOD = "  - {id: int-good, label: Institution, kind: agency, name: Bueno}\n"
BAD: dict[str, tuple[dict[str, str], str, str, str]] = {
    "unknown label": (
        {"international.yaml": "entries:\n" + GOOD + "  - id: int-x\n    label: Ministry\n    name: X\n"},
        "international.yaml",
        "  - id: int-x",
        "unknown label 'Ministry'",
    ),
    "kind outside the vocabulary": (
        {
            "international.yaml": "entries:\n"
            + GOOD
            + "  - id: int-x\n    label: Institution\n    kind: department\n    name: X\n"
        },
        "international.yaml",
        "  - id: int-x",
        "'department' is not a term of the institution_kinds vocabulary",
    ),
    "no kind": (
        {"international.yaml": "entries:\n  - id: int-x\n    label: Institution\n    name: X\n"},
        "international.yaml",
        "  - id: int-x",
        "an Institution needs 'kind'",
    ),
    "a kind on a coordination body": (
        {"international.yaml": "entries:\n  - id: int-x\n    label: CoordinationBody\n    kind: agency\n    name: X\n"},
        "international.yaml",
        "  - id: int-x",
        "a CoordinationBody has no 'kind'",
    ),
    "level outside its values": (
        {
            "international.yaml": "entries:\n  - {id: int-x, label: Institution, kind: agency, name: X, level: galactic}\n"
        },
        "international.yaml",
        "  - {id: int-x",
        "level: 'galactic' is not one of international, national, regional, local",
    ),
    "not a country code": (
        {"xx.yaml": "country: XX\nentries:\n  - {id: xx-x, label: Institution, kind: agency, name: X}\n"},
        "xx.yaml",
        "country: XX",
        "country 'XX' is not an ISO 3166-1 alpha-2 code",
    ),
    "a country code in lower case": (
        {"pe.yaml": "country: pe\nentries:\n  - {id: pe-x, label: Institution, kind: agency, name: X}\n"},
        "pe.yaml",
        "country: pe",
        "is not an ISO 3166-1 alpha-2 code in capitals",
    ),
    "country and file name differ": (
        {"peru.yaml": "country: PE\nentries:\n  - {id: pe-x, label: Institution, kind: agency, name: X}\n"},
        "peru.yaml",
        "country: PE",
        "a file of country PE is named pe.yaml, not peru.yaml",
    ),
    "a country in the international file": (
        {"international.yaml": "country: PE\nentries:\n" + GOOD},
        "international.yaml",
        "country: PE",
        "it has no 'country'",
    ),
    "an id of another country": (
        {"pe.yaml": "country: PE\nentries:\n  - {id: cl-x, label: Institution, kind: agency, name: X}\n"},
        "pe.yaml",
        "  - {id: cl-x",
        "must start with 'pe-'",
    ),
    "duplicate id across files": (
        {
            "international.yaml": "entries:\n" + GOOD + "  - {id: pe-x, label: Institution, kind: agency, name: X}\n",
            "pe.yaml": "country: PE\nentries:\n  - {id: pe-y, label: Institution, kind: agency, name: Y}\n"
            "  - {id: pe-x, label: Institution, kind: agency, name: X}\n",
        },
        "pe.yaml",
        "  - {id: pe-x",
        "duplicate id 'pe-x' (first at ",
    ),
    "missing name": (
        {"international.yaml": "entries:\n" + GOOD + "  - id: int-x\n    label: Program\n    name_en: X\n"},
        "international.yaml",
        "  - id: int-x",
        "missing name",
    ),
    "malformed QID": (
        {"international.yaml": "entries:\n  - {id: int-x, label: Program, name: X, wikidata: Q0123}\n"},
        "international.yaml",
        "  - {id: int-x",
        "wikidata 'Q0123' is not a Wikidata item id",
    ),
    "a QID as a number": (
        {"international.yaml": "entries:\n  - {id: int-x, label: Program, name: X, wikidata: 1065}\n"},
        "international.yaml",
        "  - {id: int-x",
        "wikidata 1065 is not a Wikidata item id",
    ),
    "malformed IATI id": (
        {"international.yaml": "entries:\n  - {id: int-x, label: Program, name: X, iati: xm-dac-41302}\n"},
        "international.yaml",
        "  - {id: int-x",
        "iati 'xm-dac-41302' is not an IATI organisation identifier",
    ),
    "a bare DAC code": (
        {"international.yaml": "entries:\n  - {id: int-x, label: Program, name: X, iati: '41302'}\n"},
        "international.yaml",
        "  - {id: int-x",
        "iati '41302' is not an IATI organisation identifier",
    ),
    "unknown key": (
        {"international.yaml": "entries:\n  - {id: int-x, label: Program, name: X, budget: 12}\n"},
        "international.yaml",
        "  - {id: int-x",
        "unknown key 'budget'",
    ),
    "aliases not a list of names": (
        {"international.yaml": "entries:\n  - {id: int-x, label: Program, name: X, aliases: Equis}\n"},
        "international.yaml",
        "  - {id: int-x",
        "'aliases' must be a list of names",
    ),
    "invalid YAML": (
        {"international.yaml": "entries:\n" + GOOD + "  - {id: int-x, name: [unclosed\n"},
        "international.yaml",
        "",
        "invalid YAML",
    ),
}


def write_files(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", BAD)
def test_a_bad_file_is_refused_with_its_file_and_line(tmp_path: Path, case: str) -> None:
    files, bad_file, line_text, message = BAD[case]
    write_files(tmp_path, files)
    with pytest.raises(DataFileError) as caught:
        load_reference(tmp_path)
    lines = files[bad_file].splitlines()
    expected_line = next(i for i, text in enumerate(lines, 1) if text.startswith(line_text)) if line_text else None
    found = [p for p in caught.value.problems if message in p.message]
    assert found, caught.value
    assert len(caught.value.problems) == 1, caught.value
    assert found[0].path == tmp_path / bad_file
    if expected_line is not None:
        assert found[0].line == expected_line, caught.value
    assert str(tmp_path / bad_file) in str(caught.value)


def test_every_problem_is_reported_and_nothing_partial_is_returned(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "international.yaml": "entries:\n" + GOOD + "  - {id: int-x, label: Ministry, name: X}\n",
            "pe.yaml": "country: PE\nentries:\n  - {id: pe-x, label: Institution, kind: agency, wikidata: Q}\n",
        },
    )
    with pytest.raises(DataFileError) as caught:
        load_reference(tmp_path)
    where = {(p.path.name, p.line) for p in caught.value.problems}
    assert where == {("international.yaml", 3), ("pe.yaml", 3)}
    assert len(caught.value.problems) == 3  # pe-x lacks a name and has a bad QID


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no reference files"):
        load_reference(tmp_path)


async def graphql(store: GraphStore, ontology: Ontology, query: str) -> Any:
    settings = Settings(store="unused")
    context = Context(store=store, ontology=ontology, settings=settings, analytics=AnalyticsCache(store))
    result = await build_schema(settings).execute(query, context_value=context)
    assert result.errors is None, result.errors
    return result.data


BY_PROPERTY = """{ institutions(first: 5, where: {property: [{name: "%s", text: {eq: "%s"}}]}) {
    edges { node { id name acronym } } } }"""


async def test_the_bundled_data_answers_the_ilo_by_its_identifiers(seeded: EmbeddedStore, ontology: Ontology) -> None:
    for prop, value in (("iati_id", "XM-DAC-41302"), ("wikidata", "Q54129")):
        data = await graphql(seeded, ontology, BY_PROPERTY % (prop, value))
        assert [e["node"]["id"] for e in data["institutions"]["edges"]] == ["int-ilo"]


async def test_reference_nodes_are_valid_graph_nodes_found_by_their_identifiers(
    embedded: EmbeddedStore, ontology: Ontology
) -> None:
    await embedded.write(GraphBatch(nodes=load_reference()))
    data = await graphql(embedded, ontology, BY_PROPERTY % ("iati_id", "XM-DAC-47066"))
    assert [e["node"] for e in data["institutions"]["edges"]] == [
        {"id": "int-iom", "name": "Organización Internacional para las Migraciones", "acronym": "OIM"}
    ]
    data = await graphql(embedded, ontology, BY_PROPERTY % ("wikidata", "Q7164"))
    assert [e["node"]["id"] for e in data["institutions"]["edges"]] == ["int-world-bank"]
