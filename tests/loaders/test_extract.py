"""Extraction of actors and facts from Spanish press releases, against the real release and the samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_api.model.ontology import load_ontology
from graph_api.model.records import Node
from graph_api.model.resources import bundled_data_dir
from loaders.evaluate import evaluate, load_gazetteer
from loaders.packages.loading import package_files
from loaders.press import CANDIDATE_THRESHOLD, Extraction, Gazetteer, extract
from loaders.press.documents import SourceDocument, read_document
from loaders.press.errors import DocumentError

SEED_DOCUMENT = Path(__file__).parents[3] / "shared" / "corpus" / "cancilleria-mesa-intersectorial-migraciones.txt"
SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "documents"
MESA = "pe-mesa-migraciones"
INAUGURATION = "pe-mesa-migraciones-inauguracion"
MEMBERS = ["pe-mre", "pe-mtpe", "pe-mininter", "pe-minedu", "pe-minsa", "pe-vivienda", "pe-mimdes", "pe-defensoria"]
SEED_FACTS = {
    ("LEADS", "pe-mre", MESA),
    ("CONVENES", "pe-mre", MESA),
    *{("MEMBER_OF", member, MESA) for member in [*MEMBERS, "pe-inei"]},
    ("PART_OF", "pe-sis", "pe-minsa"),
    ("PART_OF", "pe-fondo-mivivienda", "pe-vivienda"),
    ("RUNS", "int-ilo", "ilo-migrandina"),
    ("SUPPORTS", "ilo-migrandina", MESA),
    ("HELD", MESA, INAUGURATION),
    ("SERVES", MESA, "pe-peruanos-en-el-exterior"),
    ("ADDRESSES", MESA, "national-migration-policy"),
    ("ADDRESSES", MESA, "diaspora-wellbeing"),
    ("ADDRESSES", MESA, "migration-drivers"),
    ("ADDRESSES", MESA, "inter-institutional-coordination"),
    ("ADDRESSES", INAUGURATION, "inter-institutional-coordination"),
}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def seed(gazetteer: Gazetteer) -> Extraction:
    if not SEED_DOCUMENT.exists():
        pytest.skip("../shared/corpus is not beside the checkout")
    return extract(read_document(SEED_DOCUMENT), gazetteer)


def facts_of(extraction: Extraction) -> set[tuple[str, str, str]]:
    return {(f.type, f.start_ref, f.end_ref) for f in extraction.facts}


def text_document(tmp_path: Path, text: str, name: str = "nota.txt", country: str | None = "PE") -> SourceDocument:
    """A document of `text`; about Peru unless told otherwise (front matter), as the bundled actors are."""
    path = tmp_path / name
    if country:
        text = (
            f"---\ncountry: {country}\n{text[4:]}"
            if text.startswith("---\n")
            else f"---\ncountry: {country}\n---\n{text}"
        )
    path.write_text(text, encoding="utf-8")
    return read_document(path)


# ------------------------------------------------------------------ the real press release


def test_the_seed_release_yields_exactly_the_annotated_facts(seed: Extraction) -> None:
    assert facts_of(seed) == SEED_FACTS


def test_every_seed_fact_has_evidence_that_slices_the_text(seed: Extraction) -> None:
    text = seed.document.text
    for fact in seed.facts:
        assert fact.evidence, fact
        for evidence in fact.evidence:
            assert text[evidence.start : evidence.end] == evidence.sentence
            assert "\n" not in evidence.sentence and evidence.sentence.strip() == evidence.sentence
    for actor in seed.actors:
        assert all(text[e.start : e.end] == e.sentence for e in actor.evidence)


def test_the_repeated_paragraphs_give_each_fact_once_with_two_spans(seed: Extraction) -> None:
    repeated = [
        ("CONVENES", "pe-mre", MESA),
        ("ADDRESSES", MESA, "migration-drivers"),
        ("ADDRESSES", INAUGURATION, "inter-institutional-coordination"),
    ]
    for key in repeated:
        [fact] = [f for f in seed.facts if (f.type, f.start_ref, f.end_ref) == key]
        first, second = fact.evidence
        assert first.sentence == second.sentence
        assert first.start < second.start
    assert len(seed.facts) == len(SEED_FACTS)


def test_the_seed_actors_are_the_known_ones(seed: Extraction) -> None:
    actors = {a.ref: a for a in seed.actors}
    assert {"pe-sis", "pe-fondo-mivivienda", "int-ilo", "ilo-migrandina", "pe-inei", *MEMBERS} <= actors.keys()
    assert not any(a.candidate for a in seed.actors)
    assert not any(f.candidate for f in seed.facts)
    assert all(f.confidence >= CANDIDATE_THRESHOLD for f in seed.facts)


def test_the_inauguration_keeps_its_day_without_a_year(seed: Extraction) -> None:
    meeting = seed.actor(INAUGURATION)
    assert meeting is not None and meeting.label == "Meeting"
    assert meeting.properties == {"date": "--08-11", "date_precision": "day", "year_known": False}
    members = [f for f in seed.facts if f.type == "MEMBER_OF"]
    assert {f.properties.get("valid_from") for f in members} == {"--08-11"}


def test_the_population_abroad_is_about_three_million(seed: Extraction) -> None:
    population = seed.actor("pe-peruanos-en-el-exterior")
    assert population is not None
    assert population.properties == {"size": 3_000_000, "size_approximate": True}


# ------------------------------------------------------------------ the gazetteer


def test_names_aliases_and_acronyms_find_one_actor(gazetteer: Gazetteer, tmp_path: Path) -> None:
    doc = text_document(
        tmp_path,
        "La Cancillería, el MRE y el Ministerio de Relaciones Exteriores integran la Mesa de Trabajo "
        "Intersectorial sobre Migraciones.\nEl Vamre y la palabra mre no son actores, ni tampoco el Minsa de otro.",
    )
    extraction = extract(doc, gazetteer)
    mre = extraction.actor("pe-mre")
    assert mre is not None and len(mre.evidence) == 1
    assert facts_of(extraction) >= {("MEMBER_OF", "pe-mre", MESA)}
    assert gazetteer.lookup("ministerio de interior") == gazetteer.get("pe-mininter")
    assert gazetteer.lookup("CANCILLERIA") == gazetteer.get("pe-mre")


def test_an_acronym_matches_only_as_a_whole_word_and_not_in_lower_case(tmp_path: Path) -> None:
    gazetteer = Gazetteer.from_nodes(
        [
            Node("pe-mre", "Institution", {"name": "Ministerio de Relaciones Exteriores", "acronym": "MRE"}),
            Node("m", "CoordinationBody", {"name": "Mesa Uno"}),
        ]
    )
    extraction = extract(text_document(tmp_path, "La mre y el CAMRE integran la Mesa Uno."), gazetteer)
    assert [a.ref for a in extraction.actors] == ["m"]


def test_short_ministry_names_in_an_enumeration_resolve(gazetteer: Gazetteer, tmp_path: Path) -> None:
    doc = text_document(
        tmp_path,
        "La Mesa de Trabajo Intersectorial sobre Migraciones está integrada por los Ministerios de Salud, "
        "Trabajo y Promoción del Empleo, Interior y de la Mujer y Desarrollo Social.",
    )
    members = {start for kind, start, _ in facts_of(extract(doc, gazetteer)) if kind == "MEMBER_OF"}
    assert members == {"pe-minsa", "pe-mtpe", "pe-mininter", "pe-mimdes"}


# ------------------------------------------------------------------ unknown actors


def test_unknown_institutions_are_candidates_and_so_are_their_facts(gazetteer: Gazetteer) -> None:
    extraction = extract(read_document(SAMPLES / "comision-multisectorial-atencion-migrantes.md"), gazetteer)
    by_name = {a.name: a for a in extraction.actors}
    snm = by_name["Superintendencia Nacional de Migraciones"]
    assert snm.candidate and snm.known_id is None and snm.label == "Institution"
    assert snm.proposed_id == "pe-superintendencia-nacional-de-migraciones"
    assert snm.properties == {"kind": "agency", "country": "PE"}
    oim = by_name["Organización Internacional para las Migraciones"]
    assert oim.proposed_id == "int-oim" and oim.properties["kind"] == "international-organisation"
    comision = by_name["Comisión Multisectorial para la Atención de Migrantes"]
    assert comision.label == "CoordinationBody" and comision.candidate
    assert ("PART_OF", snm.ref, "pe-mininter") in facts_of(extraction)
    touching = [f for f in extraction.facts if comision.ref in (f.start_ref, f.end_ref)]
    assert touching and all(f.candidate for f in touching)


def test_another_countrys_namesakes_are_not_the_known_peruvian_actors(gazetteer: Gazetteer) -> None:
    extraction = extract(read_document(SAMPLES / "mesa-movilidad-humana-ecuador.txt"), gazetteer)
    assert not [a.ref for a in extraction.actors if a.known_id and a.label != "PolicyTheme"]
    by_name = {a.name: a for a in extraction.actors}
    ministry = by_name["Ministerio de Relaciones Exteriores y Movilidad Humana"]
    mesa = by_name["Mesa de Trabajo Interinstitucional de Movilidad Humana"]
    # "la Cancillería ecuatoriana" is that ministry, not the Peruvian one.
    assert ("LEADS", ministry.ref, mesa.ref) in facts_of(extraction)
    assert by_name["Ministerio de Educación"].properties["country"] == "EC"


def test_a_programme_supporting_a_body_is_run_by_its_organisation(gazetteer: Gazetteer) -> None:
    extraction = extract(read_document(SAMPLES / "programa-retorno-oim.txt"), gazetteer)
    by_name = {a.name: a.ref for a in extraction.actors}
    programme = by_name["Programa de Retorno Voluntario y Reintegración"]
    assert {
        ("RUNS", by_name["Organización Internacional para las Migraciones"], programme),
        ("SUPPORTS", programme, MESA),
        ("LEADS", "pe-mre", MESA),
    } <= facts_of(extraction)


# ------------------------------------------------------------------ dates and figures


@pytest.mark.parametrize(
    ("front_matter", "phrase", "expected"),
    [
        ("", "se instaló el 3 de marzo de 2015", {"date": "2015-03-03", "date_precision": "day", "year_known": True}),
        ("", "sesionó en marzo de 2015", {"date": "2015-03", "date_precision": "month", "year_known": True}),
        ("", "se instaló el 11 de agosto", {"date": "--08-11", "date_precision": "day", "year_known": False}),
        (
            "---\npublished: 2015-09-01\n---\n",
            "se instaló el 11 de agosto",
            {"date": "2015-08-11", "date_precision": "day", "year_known": True, "year_inferred": True},
        ),
        (  # a day after the release's own: the year before
            "---\npublished: 2016-01-05\n---\n",
            "se instaló el 20 de diciembre",
            {"date": "2015-12-20", "date_precision": "day", "year_known": True, "year_inferred": True},
        ),
        (
            "",
            "se instaló el 1.º de setiembre de 2019",
            {"date": "2019-09-01", "date_precision": "day", "year_known": True},
        ),
    ],
)
def test_meeting_dates_keep_their_precision(
    gazetteer: Gazetteer, tmp_path: Path, front_matter: str, phrase: str, expected: dict[str, object]
) -> None:
    doc = text_document(tmp_path, f"{front_matter}La Comisión Nacional de Migraciones {phrase} en Lima.")
    extraction = extract(doc, gazetteer)
    [meeting] = [a for a in extraction.actors if a.label == "Meeting"]
    assert meeting.properties == expected
    [held] = [f for f in extraction.facts if f.type == "HELD"]
    assert held.end_ref == meeting.ref


@pytest.mark.parametrize(
    ("phrase", "size", "approximate"),
    [
        ("los casi tres millones de peruanos que viven en el extranjero", 3_000_000, True),
        ("más de 1,2 millones de migrantes venezolanos", 1_200_000, True),
        ("alrededor de 500 mil venezolanos", 500_000, True),
        ("1.200.000 peruanos en el exterior", 1_200_000, False),
        ("medio millón de refugiados", 500_000, False),
        ("cerca de 1.200 peruanos retornados", 1_200, True),
    ],
)
def test_population_figures_and_who_serves_them(
    gazetteer: Gazetteer, tmp_path: Path, phrase: str, size: int, approximate: bool
) -> None:
    doc = text_document(tmp_path, f"La Mesa de Trabajo Intersectorial sobre Migraciones atenderá a {phrase}.")
    extraction = extract(doc, gazetteer)
    [population] = [a for a in extraction.actors if a.label == "Population"]
    assert population.properties == {"size": size, "size_approximate": approximate}
    assert ("SERVES", MESA, population.ref) in facts_of(extraction)


def test_numbers_that_are_not_populations_are_not(gazetteer: Gazetteer, tmp_path: Path) -> None:
    doc = text_document(
        tmp_path,
        "La Mesa de Trabajo Intersectorial sobre Migraciones se reunirá cada tres meses; "
        "desde 2017 se emitieron cerca de 400 mil permisos, y el 3 de marzo de 2015 hubo 12 sesiones.",
    )
    assert not [a for a in extract(doc, gazetteer).actors if a.label == "Population"]


# ------------------------------------------------------------------ every sample


def sample_extractions(gazetteer: Gazetteer) -> list[Extraction]:
    paths = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".md", ".html"} and "english" not in p.name)
    return [extract(read_document(path), gazetteer) for path in paths]


def test_every_fact_follows_the_ontology_and_points_at_an_actor(gazetteer: Gazetteer) -> None:
    ontology = load_ontology()
    themes = ontology.vocabularies["policy_themes"].term_ids
    for extraction in sample_extractions(gazetteer):
        labels = {a.ref: a.label for a in extraction.actors}
        candidates = {a.ref for a in extraction.actors if a.candidate}
        for fact in extraction.facts:
            spec = ontology.relationships[fact.type]
            assert labels[fact.start_ref] in spec.from_labels, fact
            assert labels[fact.end_ref] in spec.to_labels, fact
            if fact.type == "ADDRESSES":
                assert fact.end_ref in themes
            touches_candidate = bool({fact.start_ref, fact.end_ref} & candidates)
            assert fact.candidate == (fact.confidence < CANDIDATE_THRESHOLD or touches_candidate)
        for actor in extraction.actors:
            assert actor.label in ontology.labels
            assert actor.evidence


def test_the_english_sample_is_refused(gazetteer: Gazetteer) -> None:
    with pytest.raises(DocumentError, match="only Spanish documents are supported; this one looks English"):
        extract(read_document(SAMPLES / "migration-programme-english.txt"), gazetteer)


def test_a_document_naming_no_actor_is_refused(gazetteer: Gazetteer, tmp_path: Path) -> None:
    doc = text_document(tmp_path, "El clima en Lima será templado durante la semana, según los pronósticos.")
    with pytest.raises(DocumentError, match="no institution, programme or coordination body is named"):
        extract(doc, gazetteer)


def test_the_evaluation_meets_its_targets() -> None:
    evaluation = evaluate()
    assert not evaluation.failed, evaluation.report()
    names = {d.name for d in evaluation.documents}
    assert "migration-programme-english.txt" in names
    assert SEED_DOCUMENT.name in names or not SEED_DOCUMENT.exists()
    for score in (evaluation.actors, evaluation.relationships):
        assert score.precision >= 0.95, evaluation.report()
        assert score.recall >= 0.9, evaluation.report()


def test_the_sample_annotations_are_not_taken_for_a_data_package() -> None:
    # The loader reads every .yaml under data/: the annotations must not be one.
    assert all("samples" not in path.parts for path in package_files([bundled_data_dir()]))
