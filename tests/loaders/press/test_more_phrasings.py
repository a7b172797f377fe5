"""Phrasings taught after the first phrasing tests, each on a short release written for the test.

Invented bodies and sentences; real institutions only where the reference
gazetteer knows them (schema/reference/), so that a test says which id a name
resolves to in which country.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.press import Gazetteer

from .documents import actor, extract_release, facts, keys

MEETING = "Meeting"
POPULATION = "Population"


@pytest.mark.parametrize(
    "sentence",
    [
        "La Mesa Provincial de Movilidad celebró el jueves 6 de marzo su segunda sesión ordinaria en Loja.",
        "La Mesa Provincial de Movilidad realizó este jueves su segunda sesión del año.",
        "Tras tres meses sin reunirse, la Mesa Provincial de Movilidad volvió a sesionar este jueves.",
    ],
)
def test_a_session_with_its_day_between_verb_and_noun(gazetteer: Gazetteer, tmp_path: Path, sentence: str) -> None:
    extraction = extract_release(tmp_path, gazetteer, sentence, country="EC", published="2025-03-07")
    [meeting] = [a for a in extraction.actors if a.label == MEETING]
    assert meeting.properties["date"] == "2025-03-06"
    assert ("HELD", "Mesa Provincial de Movilidad", meeting.name) in facts(extraction, "HELD")


def test_one_meeting_a_day(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "El 4 de marzo se reunieron en Quito delegados de varias instituciones. "
        "La Mesa Provincial de Movilidad sesionó el 4 de marzo para revisar su plan."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="EC", published="2025-03-07")
    assert [a.properties["date"] for a in extraction.actors if a.label == MEETING] == ["2025-03-04"]


def test_two_figures_of_the_same_people_are_two_populations(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "La Mesa Regional de Atención atiende a cerca de un millón de venezolanos. "
        "De los 2,3 millones de venezolanos que salieron de su país, muchos cruzan la frontera."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="CO")
    sizes = sorted(a.properties["size"] for a in extraction.actors if a.label == POPULATION)
    assert sizes == [1_000_000, 2_300_000]


def test_sectors_after_a_comma_may_take_an_article(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "El Instituto contra la Intolerancia, la Exclusión y el Odio se sumó a la Mesa de Diálogo Migrante."
    extraction = extract_release(tmp_path, gazetteer, text, country="UY")
    assert "Instituto contra la Intolerancia, la Exclusión y el Odio" in keys(extraction)


def test_a_national_bodys_namesake_of_a_state_is_another_actor(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "La Mesa Estatal de Movilidad está integrada por la Secretaría de Salud de Chihuahua y el INM."
    extraction = extract_release(tmp_path, gazetteer, text, country="MX")
    state = actor(extraction, "Secretaría de Salud de Chihuahua")
    assert state.candidate and not state.reference
    assert "mx-inm" in keys(extraction)


def test_de_la_nacion_is_the_national_body(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "La Mesa Federal de Refugio está integrada por el Ministerio de Salud de la Nación y la CONARE."
    extraction = extract_release(tmp_path, gazetteer, text, country="AR")
    assert "ar-salud" in keys(extraction)
    assert "Ministerio de Salud de la Nación" in actor(extraction, "ar-salud").written


def test_a_secretariat_held_by_a_subject_with_an_apposition(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "La Comisión Asesora de Refugio fue creada en 2019. La Dirección de Protección (DP), oficina dependiente "
        "de la Cancillería, ejerce la Secretaría Técnica de la Comisión Asesora de Refugio."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="PY")
    assert ("LEADS", "Dirección de Protección", "Comisión Asesora de Refugio") in facts(extraction, "LEADS")
    assert "Secretaría Técnica" not in keys(extraction)


def test_a_secretariat_left_to_the_context(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "La Comisión Asesora de Refugio sesiona cada trimestre. "
        "La Dirección de Protección tendrá a su cargo la secretaría técnica."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="PY")
    assert ("LEADS", "Dirección de Protección", "Comisión Asesora de Refugio") in facts(extraction, "LEADS")


def test_a_member_unit_named_with_its_parent_is_one_member(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "La Mesa de Retorno Seguro está integrada por el Departamento de Documentación de la Policía Nacional "
        "y la Fundación Puentes."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="PY")
    members = {start for _, start, end in facts(extraction, "MEMBER_OF") if end == "Mesa de Retorno Seguro"}
    assert members == {"Departamento de Documentación", "Fundación Puentes"}
    assert any(kind == "PART_OF" and start == "Departamento de Documentación" for kind, start, _ in facts(extraction))


def test_attendance_is_not_membership(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "Con la participación de la Fundación Puentes y de la Mesa de Retorno Seguro se realizó un taller."
    extraction = extract_release(tmp_path, gazetteer, text, country="PY")
    assert not facts(extraction, "MEMBER_OF")


def test_one_actor_only_one_country_has_places_a_document(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "Carabineros de Chile y la Fundación Puentes firmaron un acuerdo de cooperación."
    extraction = extract_release(tmp_path, gazetteer, text, country=None)
    assert extraction.country == "CL"
    assert actor(extraction, "Fundación Puentes").properties["country"] == "CL"


@pytest.mark.parametrize(
    "sentence",
    [
        "El Ministerio de Salud no forma parte de la Mesa Regional de Movilidad Humana de Piura.",
        "La Superintendencia Nacional de Migraciones ya no preside la Mesa Regional de Movilidad Humana de Piura.",
        "El Ministerio de Salud solicitó formar parte de la Mesa Regional de Movilidad Humana de Piura.",
    ],
)
def test_a_denied_or_wished_tie_is_not_read(gazetteer: Gazetteer, tmp_path: Path, sentence: str) -> None:
    extraction = extract_release(tmp_path, gazetteer, sentence, country="PE")
    assert not facts(extraction, "MEMBER_OF", "LEADS")


def test_a_singular_member_before_its_body(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "El Reniec integra la Mesa Regional de Movilidad Humana de Piura."
    extraction = extract_release(tmp_path, gazetteer, text, country="PE")
    assert facts(extraction, "MEMBER_OF") == {("MEMBER_OF", "pe-reniec", "Mesa Regional de Movilidad Humana de Piura")}
