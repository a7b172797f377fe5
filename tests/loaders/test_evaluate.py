"""The evaluation of the extractor: any annotated folder, annotations checked, strict one-to-one matching.

The documents are short Spanish texts written for these tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graph_api.model.records import Node
from loaders.errors import DataFileError
from loaders.evaluate import (
    Score,
    assign,
    cross_country_merges,
    default_corpus_dir,
    default_samples_dir,
    evaluate,
    load_gazetteer,
    main,
)
from loaders.press import Evidence, ExtractedActor, Extraction, Gazetteer
from loaders.press.documents import read_document
from tests.conftest import REPO

RED = """---
title: Se instala la Red Amazónica de Apoyo al Migrante
country: PE
published: 2021-03-10
---
La Red Amazónica de Apoyo al Migrante, integrada por el Ministerio de Salud, el Ministerio de Educación y la \
Oficina Regional de Asistencia Humanitaria de Loreto, celebró su primera sesión el 9 de marzo de 2021.
"""
RED_BODY = "Red Amazónica de Apoyo al Migrante"
RED_MEETING = "meeting@2021-03-09"
RED_EXPECTED = {
    # The Oficina is left out (one actor found but not expected) and pe-mtpe put in (one expected, not found).
    "actors": [RED_BODY, "pe-minsa", "pe-minedu", RED_MEETING, "pe-mtpe"],
    "relationships": [
        {"type": "MEMBER_OF", "from": "pe-minsa", "to": RED_BODY},
        {"type": "MEMBER_OF", "from": "pe-minedu", "to": RED_BODY},
        {"type": "MEMBER_OF", "from": "pe-mtpe", "to": RED_BODY},
        {"type": "HELD", "from": RED_BODY, "to": RED_MEETING},
    ],
}
CONSEJO = """---
title: El Consejo Consultivo de Movilidad Humana aprueba su reglamento
country: PE
---
El Consejo Consultivo de Movilidad Humana (CCMH), integrado por el Ministerio de Salud y el Ministerio de \
Educación, aprobó su reglamento interno.
"""
CONSEJO_BODY = "Consejo Consultivo de Movilidad Humana"


def mesa(country: str, city: str) -> str:
    return f"""---
title: Sesiona la Mesa de Garantías para Migrantes de {city}
country: {country}
---
La Mesa de Garantías para Migrantes de {city}, integrada por la DPCOL y la Personería de {city}, sesionó en la ciudad.
"""


# A reference entry of Colombia: "Defensoría del Pueblo" is its alias, and every country's ombudsman's name.
COLOMBIAN_OMBUDSMAN = Node(
    "ref-co-defensoria",
    "Institution",
    {
        "name": "Defensoría del Pueblo de Colombia",
        "aliases": ["Defensoría del Pueblo"],
        "acronym": "DPCOL",
        "country": "CO",
    },
)


@pytest.fixture(scope="module")
def bundled() -> Gazetteer:
    return load_gazetteer()


def corpus(folder: Path, documents: dict[str, str], annotations: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "expected.json").write_text(
        json.dumps({"documents": annotations}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return folder


def members_of(body: str, *members: str) -> list[dict[str, str]]:
    return [{"type": "MEMBER_OF", "from": member, "to": body} for member in members]


def test_a_folder_with_its_own_annotations_is_scored_on_exactly_those(tmp_path: Path) -> None:
    folder = corpus(tmp_path, {"red.txt": RED, "sin-anotar.txt": CONSEJO}, {"red.txt": RED_EXPECTED})
    evaluation = evaluate(corpus=folder)
    assert [d.name for d in evaluation.documents] == ["red.txt"]
    [red] = evaluation.documents
    assert red.country == "PE"
    assert red.actors == Score(4, 1, 1)
    assert red.missing_actors == ("pe-mtpe",)
    assert red.unexpected_actors == ("oficina regional de asistencia humanitaria de loreto",)
    assert red.relationships == Score(3, 1, 1)
    assert red.missing_relationships == (("MEMBER_OF", "pe-mtpe", "red amazonica de apoyo al migrante"),)
    assert not evaluation.failed


def test_the_cli_prints_the_totals_then_a_markdown_table_then_the_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = corpus(tmp_path, {"red.txt": RED}, {"red.txt": RED_EXPECTED})
    assert main(["--corpus", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:10] == [
        "documents: 1 (0 refused as annotated)",
        "actors         precision 0.800 (4/5)   recall 0.800 (4/5)",
        "relationships  precision 0.750 (3/4)   recall 0.750 (3/4)",
        "cross-country merges: 0",
        "",
        "| document | country | actors P | actors R | relationships P | relationships R |",
        "|---|---|---|---|---|---|",
        "| red.txt | PE | 0.80 (4/5) | 0.80 (4/5) | 0.75 (3/4) | 0.75 (3/4) |",
        "| all |  | 0.80 (4/5) | 0.80 (4/5) | 0.75 (3/4) | 0.75 (3/4) |",
        "",
    ]
    assert "errors by document:\n  red.txt\n    missing actor: pe-mtpe\n" in out
    assert main(["--corpus", str(folder)]) == 0
    assert capsys.readouterr().out == out


def test_python_dash_m_runs_the_evaluation_with_the_options_of_the_cli(tmp_path: Path) -> None:
    folder = corpus(tmp_path / "corpus", {"red.txt": RED}, {"red.txt": RED_EXPECTED})
    done = subprocess.run(
        [sys.executable, "-m", "loaders.evaluate", "--corpus", str(folder)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        "documents: 1 (0 refused as annotated)",
        "actors         precision 0.800 (4/5)   recall 0.800 (4/5)",
    ]
    refused = subprocess.run(
        [sys.executable, "-m", "loaders.evaluate", "--samples", str(tmp_path / "no-such")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert (refused.returncode, refused.stderr.strip()) == (1, f"--samples: no such folder: {tmp_path / 'no-such'}")


def test_the_default_folders_are_the_checkouts_samples_and_the_shared_corpus_beside_it() -> None:
    assert default_samples_dir() == REPO / "samples" / "documents"
    assert default_corpus_dir() == REPO.parent / "shared" / "corpus"


def test_an_annotation_matches_one_actor_and_an_actor_one_annotation(tmp_path: Path) -> None:
    # The Consejo is written in full and by its acronym: only one of the two annotations can have it, the name.
    expected = {
        "actors": [CONSEJO_BODY, "CCMH", "pe-minsa", "pe-minedu"],
        "relationships": members_of("CCMH", "pe-minsa", "pe-minedu"),
    }
    [consejo] = evaluate(corpus=corpus(tmp_path, {"consejo.txt": CONSEJO}, {"consejo.txt": expected})).documents
    assert consejo.actors == Score(3, 0, 1)
    assert consejo.missing_actors == ("ccmh",)
    # Relationships follow the assignment: the extracted Consejo stands for the annotation of its full name.
    assert consejo.relationships == Score(0, 2, 2)
    assert ("MEMBER_OF", "pe-minsa", "consejo consultivo de movilidad humana") in consejo.unexpected_relationships


def test_a_new_actor_is_matched_by_its_acronym(tmp_path: Path) -> None:
    expected = {
        "actors": ["CCMH", "pe-minsa", "pe-minedu"],
        "relationships": members_of("CCMH", "pe-minsa", "pe-minedu"),
    }
    [consejo] = evaluate(corpus=corpus(tmp_path, {"consejo.txt": CONSEJO}, {"consejo.txt": expected})).documents
    assert consejo.actors == Score(3, 0, 0)
    assert consejo.relationships == Score(2, 0, 0)


def test_an_alias_counts_for_an_entity_of_the_documents_country_not_for_another_countrys_namesake(
    tmp_path: Path,
) -> None:
    gazetteer = Gazetteer.from_nodes([COLOMBIAN_OMBUDSMAN])
    annotations = {
        f"{code.lower()}.txt": {
            "actors": ["Defensoría del Pueblo", f"Mesa de Garantías para Migrantes de {city}"],
            "relationships": members_of(f"Mesa de Garantías para Migrantes de {city}", "Defensoría del Pueblo"),
        }
        for code, city in (("CO", "Cúcuta"), ("EC", "Tulcán"))
    }
    documents = {"co.txt": mesa("CO", "Cúcuta"), "ec.txt": mesa("EC", "Tulcán")}
    evaluation = evaluate(corpus=corpus(tmp_path, documents, annotations), gazetteer=gazetteer)
    colombian, ecuadorian = evaluation.documents
    assert colombian.actors == Score(2, 0, 0)
    assert colombian.relationships == Score(1, 0, 0)
    assert "defensoria del pueblo" in ecuadorian.missing_actors
    assert ecuadorian.relationships.true_positives == 0


def extraction_of(tmp_path: Path, country: str | None, *actors: ExtractedActor) -> Extraction:
    path = tmp_path / "nota.txt"
    path.write_text("---\ntitle: Nota\n---\nLa Mesa de Trabajo sesionó.\n", encoding="utf-8")
    return Extraction(read_document(path), actors, (), country)


def actor(
    ref: str,
    name: str,
    *,
    known_id: str | None = None,
    written: tuple[str, ...] = (),
    reference: bool = False,
    **properties: Any,
) -> ExtractedActor:
    return ExtractedActor(
        ref, "Institution", name, known_id, known_id is None, (), properties, written=written, reference=reference
    )


def test_names_are_preferred_to_written_names_and_written_names_to_aliases(tmp_path: Path, bundled: Gazetteer) -> None:
    by_alias = actor("candidate:a", "Unidad de Migraciones", aliases=["Oficina de Migraciones"])
    by_written = actor("candidate:b", "Dirección de Migraciones", written=("Oficina de Migraciones",))
    by_name = actor("candidate:c", "Oficina de Migraciones")
    for order in ((by_alias, by_written, by_name), (by_name, by_written, by_alias)):
        extraction = extraction_of(tmp_path, "PE", *order)
        assert assign(["Oficina de Migraciones"], extraction, bundled, bundled) == {
            "candidate:c": "oficina de migraciones"
        }
        assert assign(["Oficina de Migraciones", "Unidad de Migraciones"], extraction, bundled, bundled) == {
            "candidate:c": "oficina de migraciones",
            "candidate:a": "unidad de migraciones",
        }
    extraction = extraction_of(tmp_path, "PE", by_alias, by_written)
    assert assign(["Oficina de Migraciones"], extraction, bundled, bundled) == {"candidate:b": "oficina de migraciones"}


def test_ids_match_known_ids_only_and_the_bundled_datas_aliases_do_not_count(
    tmp_path: Path, bundled: Gazetteer
) -> None:
    mre = actor("pe-mre", "Ministerio de Relaciones Exteriores", known_id="pe-mre", aliases=["Cancillería"])
    namesake = actor("candidate:pe-mre", "pe-mre")
    extraction = extraction_of(tmp_path, "PE", namesake, mre)
    assert assign(["pe-mre"], extraction, bundled, bundled) == {"pe-mre": "pe-mre"}
    assert assign(["Cancillería"], extraction, bundled, bundled) == {}
    assert assign(["Ministerio de Relaciones Exteriores"], extraction, bundled, bundled) == {
        "pe-mre": "ministerio de relaciones exteriores"
    }
    resolved = actor(
        "pe-mre", "Ministerio de Relaciones Exteriores", known_id="pe-mre", reference=True, aliases=["MRE"]
    )
    assert assign(["MRE"], extraction_of(tmp_path, "PE", resolved), bundled, bundled) == {}
    written = actor("pe-mre", "Ministerio de Relaciones Exteriores", known_id="pe-mre", written=("Cancillería",))
    assert assign(["Cancillería"], extraction_of(tmp_path, "PE", written), bundled, bundled) == {
        "pe-mre": "cancilleria"
    }


def test_a_reference_entry_of_another_country_matches_by_its_names_not_its_aliases(
    tmp_path: Path, bundled: Gazetteer
) -> None:
    entry = actor(
        "ref-co-mre",
        "Ministerio de Relaciones Exteriores de Colombia",
        known_id="ref-co-mre",
        reference=True,
        written=("Cancillería colombiana",),
        aliases=["Cancillería"],
        country="CO",
    )
    annotations = ["Cancillería", "Cancillería colombiana", "Ministerio de Relaciones Exteriores de Colombia"]
    for country, matched in (("CO", "cancilleria"), ("EC", None), (None, None)):
        extraction = extraction_of(tmp_path, country, entry)
        assert assign(annotations[:1], extraction, bundled, bundled) == ({"ref-co-mre": matched} if matched else {})
        for annotation in annotations[1:]:
            assert assign([annotation], extraction, bundled, bundled) != {}


def test_the_annotations_are_checked_against_the_ontology(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "Mesa de Trabajo"
    annotations = {
        "bien.txt": {
            "actors": [body, "pe-minsa", "meeting@--03-09", "population@1200"],
            "relationships": [
                *members_of(body, "pe-minsa"),
                {"type": "HELD", "from": body, "to": "meeting@--03-09"},
                {"type": "SERVES", "from": body, "to": "population@1200"},
                {"type": "ADDRESSES", "from": body, "to": "inter-institutional-coordination"},
            ],
        },
        "mal.txt": {
            "actors": [body, "meeting@2021-13-01", "population@unos cien", "pe-inexistente", "migration-drivers"],
            "relationships": [
                {"type": "MANAGES", "from": "pe-minsa", "to": body},
                {"type": "ADDRESSES", "from": body, "to": "coordinacion"},
                {"type": "ADDRESSES", "from": body, "to": "Coordinación interinstitucional"},
                *members_of(body, "Ministerio de Salud"),
                {"type": "MEMBER_OF", "from": body, "to": "meeting@--03-09"},
            ],
        },
    }
    folder = corpus(tmp_path, {}, annotations)
    with pytest.raises(DataFileError) as raised:
        evaluate(corpus=folder)
    problems = raised.value.problems
    path = folder / "expected.json"
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if '"mal.txt": {' in text)
    assert {(p.path, p.line) for p in problems} == {(path, line)}
    messages = "\n".join(p.message for p in problems)
    for expected in (
        "malformed 'meeting@2021-13-01'",
        "malformed 'population@unos cien'",
        "'pe-inexistente' is neither an id of the bundled data nor a vocabulary term",
        "actor 'migration-drivers' is a PolicyTheme, not an actor",
        "unknown relationship type 'MANAGES'",
        "'coordinacion' is not a term of policy_themes",
        "'Coordinación interinstitucional' is not a term of policy_themes",
        "'Ministerio de Salud' is not among the document's actors",
        "MEMBER_OF cannot go to 'meeting@--03-09' (a Meeting), only to CoordinationBody",
    ):
        assert expected in messages
    assert all(p.message.startswith("document 'mal.txt': ") for p in problems)
    assert len(problems) == 9
    assert main(["--corpus", str(folder)]) == 1
    assert f"{path}:{line}: document 'mal.txt': unknown relationship type 'MANAGES'" in capsys.readouterr().err


def test_a_document_annotated_but_missing_is_an_error_and_its_expectations_are_missed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = {"actors": [CONSEJO_BODY, "pe-minsa"], "relationships": members_of(CONSEJO_BODY, "pe-minsa")}
    folder = corpus(tmp_path, {"red.txt": RED}, {"red.txt": RED_EXPECTED, "ausente.txt": missing})
    evaluation = evaluate(corpus=folder)
    absent, red = evaluation.documents
    assert absent.name == "ausente.txt"
    assert absent.error is not None
    assert "no such document" in absent.error
    assert (absent.actors, absent.relationships) == (Score(0, 0, 2), Score(0, 0, 1))
    assert red.actors == Score(4, 1, 1)
    assert evaluation.failed
    assert main(["--corpus", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "| ausente.txt | — | 1.00 (0/0) | 0.00 (0/2) | 1.00 (0/0) | 0.00 (0/1) |" in out
    assert "  ausente.txt\n    error: " in out


def test_without_its_own_annotations_the_corpus_folder_holds_the_samples_corpus_documents(tmp_path: Path) -> None:
    expected = {"source": "corpus", **RED_EXPECTED}
    samples = corpus(tmp_path / "samples", {}, {"red.txt": expected, "otra.txt": {"source": "corpus"}})
    real = tmp_path / "corpus"
    real.mkdir()
    (real / "red.txt").write_text(RED, encoding="utf-8")
    evaluation = evaluate(samples, real)
    assert [d.name for d in evaluation.documents] == ["red.txt"]  # a corpus document not there is skipped
    assert evaluation.actors == Score(4, 1, 1)


def test_unreadable_annotations_name_their_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "expected.json").write_text('{"documents": {\n  "a.txt": {,}\n}}', encoding="utf-8")
    assert main(["--corpus", str(tmp_path)]) == 1
    assert f"{tmp_path / 'expected.json'}:2: cannot read the annotations" in capsys.readouterr().err
    assert main(["--corpus", str(tmp_path / "no-existe")]) == 1
    assert "no such folder" in capsys.readouterr().err


def test_a_merge_into_another_countrys_namesake_is_counted(tmp_path: Path) -> None:
    # The extractor never does this; the evaluator must still see it if it ever did: "la Cancillería" of a
    # Colombian text taken for Peru's ministry. "la Cancillería del Perú" in the same text would not count.
    path = tmp_path / "nota.txt"
    path.write_text("---\ncountry: CO\n---\nLa Cancillería abrió una oficina.", encoding="utf-8")
    doc = read_document(path)
    evidence = (Evidence(0, 10, doc.text[:10]),)

    def mre(*written: str) -> Extraction:
        name = "Ministerio de Relaciones Exteriores"
        actor = ExtractedActor("pe-mre", "Institution", name, "pe-mre", False, evidence, {}, written=written)
        return Extraction(doc, (actor,), (), "CO")

    gazetteer = load_gazetteer(reference=True)
    assert cross_country_merges(mre("Cancillería"), gazetteer, "CO") == ("pe-mre",)
    assert cross_country_merges(mre("Cancillería del Perú"), gazetteer, "CO") == ()
    assert cross_country_merges(mre("Cancillería peruana"), gazetteer, "CO") == ()
