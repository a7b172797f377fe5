"""The phrasings the extractor was taught, each on a short release written for the test: where names start and
end, which country's actor a name is, what the reference gazetteer knows, meetings and their dates,
populations, the title (plural heads, lists and relationship cues are in test_phrasings.py).

Every document is invented, as in test_phrasings.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.press import Gazetteer

from .documents import BODY, INSTITUTION, MEETING, POPULATION, actor, extract_release, facts, key, keys, members

# ------------------------------------------------------------------ names


def test_an_abbreviated_head_is_read_in_full(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "El Comité de Frontera Norte está integrado por el Min. del Interior y Seguridad Pública, el Min. de "
        "Desarrollo Social y Familia y la Dir. de Asuntos Migratorios."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="CL")
    assert members(extraction, "Comité de Frontera Norte") == {
        "cl-interior",
        "cl-mds",
        "Dirección de Asuntos Migratorios",
    }
    assert actor(extraction, "cl-interior").written == ("Ministerio del Interior y Seguridad Pública",)
    assert actor(extraction, "cl-mds").written == ("Ministerio de Desarrollo Social y Familia",)


@pytest.mark.parametrize(
    ("country", "text", "body", "expected"),
    [
        pytest.param(
            "MX",
            "El Comité Estatal de Movilidad está integrado por la Secretaría de Bienestar y el Instituto Nacional "
            "de Migración en Mexicali.",
            "Comité Estatal de Movilidad",
            {"mx-bienestar", "mx-inm"},
            id="known-before-a-city",
        ),
        pytest.param(
            "CL",
            "El Comité Regional de Frontera está integrado por la Secretaría Regional de Salud y la Dirección "
            "Regional de Migración en Arica.",
            "Comité Regional de Frontera",
            {"Secretaría Regional de Salud", "Dirección Regional de Migración"},
            id="new-before-a-city",
        ),
        pytest.param(
            "PE",
            "La Mesa de Sociedad Civil está integrada por la Asociación de Migrantes en el Perú y la Cruz Roja "
            "Peruana.",
            "Mesa de Sociedad Civil",
            {"Asociación de Migrantes en el Perú", "pe-cruz-roja"},
            id="a-country-inside-a-name",
        ),
        pytest.param(
            "PY",
            "La Mesa de Sociedad Civil está integrada por la Federación de Venezolanos en el Paraguay y la Cruz "
            "Roja Paraguaya.",
            "Mesa de Sociedad Civil",
            {"Federación de Venezolanos en el Paraguay", "py-cruz-roja"},
            id="a-country-with-its-article-inside-a-name",
        ),
        pytest.param(
            "MX",
            "El Comité Estatal de Movilidad está integrado por el Instituto Nacional de Migración en Mexicali y la "
            "Secretaría de Bienestar.",
            "Comité Estatal de Movilidad",
            {"mx-inm", "mx-bienestar"},
            id="a-member-after-a-city",
        ),
        pytest.param(
            "CL",
            "El Comité Regional de Frontera está integrado por la Dirección Regional de Migración en Arica y la "
            "Secretaría Regional de Salud.",
            "Comité Regional de Frontera",
            {"Dirección Regional de Migración", "Secretaría Regional de Salud"},
            id="a-member-after-a-city-new",
        ),
    ],
)
def test_a_name_stops_before_a_city_but_not_before_a_country_it_contains(
    gazetteer: Gazetteer, tmp_path: Path, country: str, text: str, body: str, expected: set[str]
) -> None:
    extraction = extract_release(tmp_path, gazetteer, text, country=country)
    assert keys(extraction, INSTITUTION) == expected
    assert members(extraction, body) == expected


def test_a_bare_acronym_after_a_name_is_its_acronym(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "La Red de Retorno Digno está integrada por la Oficina Nacional de Retorno Seguro ONARS y la Cruz Roja "
        "Hondureña. La ONARS presentó su plan de trabajo."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="HN")
    office = actor(extraction, "Oficina Nacional de Retorno Seguro")
    assert office.candidate and office.ref == "candidate:hn-onars"
    assert office.properties == {"kind": "agency", "country": "HN", "acronym": "ONARS"}
    assert [e.sentence for e in office.evidence][1] == "La ONARS presentó su plan de trabajo."
    assert members(extraction, "Red de Retorno Digno") == {"Oficina Nacional de Retorno Seguro", "hn-cruz-roja"}


def test_a_regions_government_is_an_actor_and_the_government_as_such_is_not(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "La Mesa Departamental de Migración está integrada por el Gobierno de Canelones y la Dirección Nacional de "
        "Migración. El Gobierno de Uruguay, el Gobierno Nacional y el Consejo de Ministros respaldan la iniciativa."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="UY")
    assert keys(extraction) == {"Mesa Departamental de Migración", "Gobierno de Canelones", "uy-dnm"}
    assert actor(extraction, "Gobierno de Canelones").properties == {"kind": "local-government", "country": "UY"}
    assert members(extraction, "Mesa Departamental de Migración") == {"Gobierno de Canelones", "uy-dnm"}


@pytest.mark.parametrize(
    ("joined", "expected"),
    [
        ("la Organización Internacional para las Migraciones y CARE", {"int-iom", "int-care"}),
        ("la Fundación Esperanza Migrante y Médicos Sin Fronteras", {"Fundación Esperanza Migrante", "int-msf"}),
        (
            "la Fundación Esperanza Migrante y Asociación Rumbo Nuevo",
            {"Fundación Esperanza Migrante", "Asociación Rumbo Nuevo"},
        ),
    ],
)
def test_names_joined_by_y_split_where_an_actor_starts(
    gazetteer: Gazetteer, tmp_path: Path, joined: str, expected: set[str]
) -> None:
    text = f"La Plataforma Local de Protección está integrada por {joined}."
    extraction = extract_release(tmp_path, gazetteer, text, country="EC")
    assert members(extraction, "Plataforma Local de Protección") == expected


def test_carabineros_of_a_document_of_no_country_are_chiles(gazetteer: Gazetteer, tmp_path: Path) -> None:
    # A document that says nowhere where it is, naming an actor only Chile has: a Chilean document.
    text = "El acta fue firmada por Carabineros de Chile y por la Fundación Pasos Firmes."
    extraction = extract_release(tmp_path, gazetteer, text, country=None)
    assert extraction.country == "CL"
    assert keys(extraction) == {"cl-carabineros", "Fundación Pasos Firmes"}
    assert actor(extraction, "Fundación Pasos Firmes").properties["country"] == "CL"


@pytest.mark.parametrize(
    ("name", "label", "kind"),
    [
        ("Conferencia Provincial de Movilidad Humana", BODY, None),
        ("Junta Departamental de Migración", BODY, None),
        ("Foro Ciudadano de Migración", BODY, None),
        ("Asociación Civil Manos Abiertas", INSTITUTION, "ngo"),
        ("Federación de Comunidades Migrantes", INSTITUTION, "ngo"),
        ("Autoridad Portuaria Nacional", INSTITUTION, "agency"),
        ("Tesorería Municipal de Salto", INSTITUTION, "agency"),
        ("Gerencia de Desarrollo Social", INSTITUTION, "agency"),
        ("Área de Atención al Migrante", INSTITUTION, "agency"),
        ("Prefectura de Tarija", INSTITUTION, "local-government"),
        ("Ayuntamiento de Valencia", INSTITUTION, "local-government"),
    ],
)
def test_heads_that_start_a_new_actors_name(
    gazetteer: Gazetteer, tmp_path: Path, name: str, label: str, kind: str | None
) -> None:
    text = f"El acta fue firmada por {name} y por la Fundación Pasos Firmes."
    extraction = extract_release(tmp_path, gazetteer, text, country=None)
    assert keys(extraction) == {name, "Fundación Pasos Firmes"}
    found = actor(extraction, name)
    assert found.candidate and found.label == label and found.properties.get("kind") == kind


# ------------------------------------------------------------------ country scoping

NEW_OFFICE = "La Cancillería abrió un punto de atención para migrantes en la frontera."


@pytest.mark.parametrize(
    ("country", "expected", "reference"),
    [("CO", "co-cancilleria", True), ("EC", "ec-mremh", True), ("MX", "mx-sre", True), ("PE", "pe-mre", False)],
)
def test_the_cancilleria_is_the_documents_countrys(
    gazetteer: Gazetteer, tmp_path: Path, country: str, expected: str, reference: bool
) -> None:
    extraction = extract_release(tmp_path, gazetteer, NEW_OFFICE, country=country)
    [ministry] = extraction.actors
    assert ministry.known_id == expected and not ministry.candidate
    assert ministry.reference is reference  # a reference entry, or the bundled data's own actor
    assert ministry.written == ("Cancillería",)


def test_the_cancilleria_of_a_document_of_no_country_is_no_countrys(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "La Cancillería y la Mesa de Movilidad Humana anunciaron una jornada de registro."
    extraction = extract_release(tmp_path, gazetteer, text, country=None)
    assert extraction.country is None
    assert all(a.candidate and a.known_id is None for a in extraction.actors)


def test_the_cancilleria_of_a_document_of_no_country_is_a_candidate(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "La Cancillería y la Mesa de Movilidad Humana anunciaron una jornada de registro."
    extraction = extract_release(tmp_path, gazetteer, text, country=None)
    assert [(a.written, a.candidate) for a in extraction.actors if a.label == INSTITUTION] == [(("Cancillería",), True)]


def test_a_demonym_names_the_country_of_the_cancilleria(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "La Cancillería colombiana y el Ministerio del Interior coordinan la atención de migrantes en Tumbes."
    extraction = extract_release(tmp_path, gazetteer, text, country="PE")
    assert keys(extraction) == {"co-cancilleria", "pe-mininter"}
    assert actor(extraction, "co-cancilleria").written == ("Cancillería colombiana",)


def test_a_ministry_of_health_in_an_ecuadorian_release_is_never_another_countrys(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    # Both names are Ecuador's ministry (its reference entry lists the short one): never Colombia's or Bolivia's.
    text = "El Ministerio de Salud Pública y el Ministerio de Salud vacunaron a niños migrantes en Huaquillas."
    extraction = extract_release(tmp_path, gazetteer, text, country="EC")
    assert keys(extraction, INSTITUTION) == {"ec-msp"}
    assert set(actor(extraction, "ec-msp").written) == {"Ministerio de Salud Pública", "Ministerio de Salud"}


def test_the_short_name_of_ecuadors_ministry_of_health_resolves(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "El Ministerio de Salud vacunó a niños migrantes en Huaquillas."
    extraction = extract_release(tmp_path, gazetteer, text, country="EC")
    assert keys(extraction, INSTITUTION) == {"ec-msp"}


def test_a_dateline_city_gives_the_country(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "Bogotá, 3 de mayo de 2024.— La Cancillería abrió un punto de atención para migrantes en la frontera."
    extraction = extract_release(tmp_path, gazetteer, text, country=None, published=None)
    assert "country" not in extraction.document.metadata
    assert extraction.country == "CO"
    assert keys(extraction) == {"co-cancilleria"}


def test_actors_only_one_country_has_give_the_country(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "El Fondo Mivivienda y el Sistema Integral de Salud firmaron un convenio con la Cancillería."
    extraction = extract_release(tmp_path, gazetteer, text, country=None)
    assert extraction.country == "PE"
    assert keys(extraction) == {"pe-fondo-mivivienda", "pe-sis", "pe-mre"}


def test_facts_between_two_reference_actors_are_not_candidates(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "La Dirección General de Migración preside el Consejo Nacional de Migración. La Dirección General de "
        "Migración preside también la Mesa Local de Retorno de Dajabón."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="DO")
    assert actor(extraction, "do-dgm").reference and actor(extraction, "do-cnm").reference
    by_ref = {a.ref: key(a) for a in extraction.actors}
    assert {(f.type, by_ref[f.end_ref]): f.candidate for f in extraction.facts} == {
        ("LEADS", "do-cnm"): False,
        ("LEADS", "Mesa Local de Retorno de Dajabón"): True,  # a fact touching a candidate is one
    }


# ------------------------------------------------------------------ what the reference gazetteer knows


def test_international_acronyms_resolve_and_support_the_body(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "La Mesa de Movilidad Humana de Pichincha sesionó en Quito. Acnur y OIM apoyan la mesa."
    extraction = extract_release(tmp_path, gazetteer, text, country="EC")
    mesa = "Mesa de Movilidad Humana de Pichincha"
    assert facts(extraction) == {("SUPPORTS", "int-unhcr", mesa), ("SUPPORTS", "int-iom", mesa)}
    assert actor(extraction, "int-unhcr").reference and actor(extraction, "int-iom").reference
    assert actor(extraction, "int-unhcr").written == ("Acnur",)


def test_an_acronym_and_an_alias_in_apposition_are_one_actor(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "El acuerdo fue firmado con la OIM, Organismo de las Naciones Unidas para la Migración, y con la "
        "Defensoría del Pueblo."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="EC")
    assert keys(extraction) == {"int-iom", "ec-defensoria"}
    assert actor(extraction, "int-iom").written == ("OIM", "Organismo de las Naciones Unidas para la Migración")


def test_a_national_acronym_resolves_in_its_country(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "Agentes de la PNP y personal de la Cancillería atendieron a los migrantes en Tumbes."
    extraction = extract_release(tmp_path, gazetteer, text, country="PE")
    assert keys(extraction) == {"pe-pnp", "pe-mre"}
    assert actor(extraction, "pe-pnp").reference  # the reference gazetteer's
    assert not actor(extraction, "pe-mre").reference  # the bundled data's


# ------------------------------------------------------------------ meetings and their dates


@pytest.mark.parametrize(
    ("when", "published", "kind", "date"),
    [
        ("se instaló hoy martes 14 de enero", "2025-01-14", "Instalación", "2025-01-14"),
        ("sesionó este lunes", "2025-01-16", "Sesión", "2025-01-13"),  # published on a Thursday
        ("sesionó este lunes", "2025-01-13", "Sesión", "2025-01-13"),  # published that Monday
        ("se reunió entre los días 13 y 14 de marzo", "2025-03-20", "Sesión", "2025-03-13"),
    ],
)
def test_a_meeting_takes_its_day_from_the_publication_date(
    gazetteer: Gazetteer, tmp_path: Path, when: str, published: str, kind: str, date: str
) -> None:
    text = f"La Mesa de Movilidad Humana de Pichincha {when} con la participación del Ministerio del Interior."
    extraction = extract_release(tmp_path, gazetteer, text, country="EC", published=published)
    mesa = "Mesa de Movilidad Humana de Pichincha"
    [meeting] = [a for a in extraction.actors if a.label == MEETING]
    assert meeting.name == f"{kind} de la {mesa}"
    assert meeting.properties == {"date": date, "date_precision": "day", "year_known": True, "year_inferred": True}
    assert facts(extraction) == {("HELD", mesa, meeting.name), ("MEMBER_OF", "ec-mdi", mesa)}
    [membership] = [f for f in extraction.facts if f.type == "MEMBER_OF"]
    assert membership.properties == {"valid_from": date}


def test_a_dated_meeting_no_body_holds_is_still_a_meeting(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "El 5 de junio se reunieron en Quito representantes del Ministerio del Interior y de la Defensoría del Pueblo."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="EC", published="2025-06-07")
    [meeting] = [a for a in extraction.actors if a.label == MEETING]
    assert meeting.candidate and meeting.evidence[0].sentence == text
    assert meeting.properties == {
        "date": "2025-06-05",
        "date_precision": "day",
        "year_known": True,
        "year_inferred": True,
    }
    assert keys(extraction, INSTITUTION) == {"ec-mdi", "ec-defensoria"}
    assert facts(extraction, "HELD") == set()


def test_a_session_is_held_by_the_committee_that_is_its_subject(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "El Comité de Protección de Frontera se creó en 2023. El comité sesionó el 3 de abril y acordó fortalecer "
        "la coordinación interinstitucional."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="EC", published="2025-04-07")
    committee = "Comité de Protección de Frontera"
    session = f"Sesión del {committee}"
    assert actor(extraction, session).properties["date"] == "2025-04-03"
    # What it agreed is the committee's, the subject of the sentence, not the session's.
    assert facts(extraction) == {
        ("HELD", committee, session),
        ("ADDRESSES", committee, "inter-institutional-coordination"),
    }


# ------------------------------------------------------------------ populations


@pytest.mark.parametrize(
    ("figure", "name", "size", "approximate"),
    [("30 mil migrantes", "Migrantes", 30_000, False), ("más de 120.000 personas", "Personas", 120_000, True)],
)
def test_a_population_with_its_size(
    gazetteer: Gazetteer, tmp_path: Path, figure: str, name: str, size: int, approximate: bool
) -> None:
    text = f"La Mesa Cantonal de Movilidad Humana atiende a {figure} en la provincia."
    extraction = extract_release(tmp_path, gazetteer, text, country="EC")
    [population] = [a for a in extraction.actors if a.label == POPULATION]
    assert population.name == name
    assert population.properties == {"size": size, "size_approximate": approximate}
    assert facts(extraction) == {("SERVES", "Mesa Cantonal de Movilidad Humana", name)}


def test_a_range_is_no_population(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "La Mesa Cantonal de Movilidad Humana atiende a entre 50 y 100 personas cada día."
    extraction = extract_release(tmp_path, gazetteer, text, country="EC")
    assert keys(extraction) == {"Mesa Cantonal de Movilidad Humana"}


# ------------------------------------------------------------------ the title

COUNCIL_TEXT = "El Consejo sesionó por primera vez con la participación de la Dirección Nacional de Migraciones."
COUNCIL = "Consejo Consultivo de Movilidad Humana de Itapúa"


def test_the_title_names_the_body_the_text_calls_el_consejo(gazetteer: Gazetteer, tmp_path: Path) -> None:
    title = f"Gobernación y municipios de la región ponen en marcha el {COUNCIL}"
    extraction = extract_release(tmp_path, gazetteer, COUNCIL_TEXT, country="PY", title=title)
    assert facts(extraction) == {("MEMBER_OF", "py-dnm", COUNCIL)}
    # The title is no evidence: every span is the text's one sentence.
    spans = {(e.start, e.end) for a in extraction.actors for e in a.evidence}
    spans |= {(e.start, e.end) for f in extraction.facts for e in f.evidence}
    assert spans == {(0, len(COUNCIL_TEXT))}


def test_a_short_title_that_is_mostly_the_bodys_name_still_names_it(gazetteer: Gazetteer, tmp_path: Path) -> None:
    title = f"Se instala el {COUNCIL}"
    extraction = extract_release(tmp_path, gazetteer, COUNCIL_TEXT, country="PY", title=title)
    assert facts(extraction) == {("MEMBER_OF", "py-dnm", COUNCIL)}
