"""The phrasings the extractor was taught, each on a short release written for the test.

Every document is invented: plausible bodies, plausible sentences, real
institutions only where the reference gazetteer (schema/reference/) knows
them, so that a test says which id a name resolves to in which country. An
expected failure names the sentence, what comes out and what should.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.press import Extraction, Gazetteer

from .documents import actor, extract_release, facts, key, keys

INSTITUTION = "Institution"
BODY = "CoordinationBody"
MEETING = "Meeting"
POPULATION = "Population"


def members(extraction: Extraction, body: str) -> set[str]:
    return {start for _, start, end in facts(extraction, "MEMBER_OF") if end == body}


# ------------------------------------------------------------------ plural heads

PLURALS = [
    pytest.param(
        "MX",
        "El Consejo Estatal de Atención al Migrante está integrado por las secretarías de Seguridad, Hacienda y "
        "Bienestar.",
        "Consejo Estatal de Atención al Migrante",
        {"Secretaría de Seguridad", "Secretaría de Hacienda", "mx-bienestar"},
        id="secretarias",
    ),
    pytest.param(
        "CO",
        "La Mesa Migratoria Fronteriza reúne a las alcaldías de Cúcuta y Villa del Rosario.",
        "Mesa Migratoria Fronteriza",
        {"Alcaldía de Cúcuta", "Alcaldía de Villa del Rosario"},
        id="alcaldias",
    ),
    pytest.param(
        "PE",
        "La Mesa Regional de Movilidad Humana la integran las direcciones regionales de Salud, Trabajo y Educación.",
        "Mesa Regional de Movilidad Humana",
        {"Dirección Regional de Salud", "Dirección Regional de Trabajo", "Dirección Regional de Educación"},
        id="direcciones-regionales",
    ),
    pytest.param(
        "EC",
        "La Red Provincial de Movilidad Humana está conformada por los consejos cantonales de Protección de "
        "Derechos de Ambato, Pelileo y Baños.",
        "Red Provincial de Movilidad Humana",
        {
            "Consejo Cantonal de Protección de Derechos de Ambato",
            "Consejo Cantonal de Protección de Derechos de Pelileo",
            "Consejo Cantonal de Protección de Derechos de Baños",
        },
        id="shared-stem",
    ),
    pytest.param(
        "GT",
        "El Gabinete Migratorio Departamental está integrado por los ministerios de Gobernación, Salud Pública y "
        "Asistencia Social, Trabajo y Previsión Social, y Desarrollo Social.",
        "Gabinete Migratorio Departamental",
        {"gt-mingob", "gt-mspas", "gt-mintrab", "gt-mides"},
        id="items-with-y-before-a-final-comma-y",
    ),
    pytest.param(
        "ES",
        "El Foro Local de Integración lo componen los ministerios de Trabajo, Cultura y Deporte y Juventud e Infancia.",
        "Foro Local de Integración",
        {"es-trabajo", "Ministerio de Cultura y Deporte", "es-juventud-infancia"},
        id="the-last-y-of-the-last-item",
    ),
    pytest.param(
        "CO",
        "La Comisión Intersectorial de Retorno está conformada por los ministerios de Salud, Educación y el "
        "Instituto Colombiano de Bienestar Familiar.",
        "Comisión Intersectorial de Retorno",
        {"co-minsalud", "co-mineducacion", "co-icbf"},
        id="ends-at-an-actor-of-its-own",
    ),
    pytest.param(
        "CO",
        "La Comisión Intersectorial de Retorno está conformada por los ministerios de Salud y Trabajo y el "
        "Servicio Nacional de Aprendizaje.",
        "Comisión Intersectorial de Retorno",
        {"co-minsalud", "co-mintrabajo", "co-sena"},
        id="two-items-then-an-actor-of-its-own",
    ),
    pytest.param(
        "CO",
        "La Comisión Intersectorial de Retorno está conformada por los ministerios de Salud, Trabajo y Educación y "
        "el Servicio Nacional de Aprendizaje.",
        "Comisión Intersectorial de Retorno",
        {"co-minsalud", "co-mintrabajo", "co-mineducacion", "co-sena"},
        id="a-list-then-an-actor-of-its-own",
    ),
]


@pytest.mark.parametrize(("country", "text", "body", "items"), PLURALS)
def test_a_plural_head_names_one_actor_per_item_in_the_singular(
    gazetteer: Gazetteer, tmp_path: Path, country: str, text: str, body: str, items: set[str]
) -> None:
    extraction = extract_release(tmp_path, gazetteer, text, country=country)
    assert keys(extraction, INSTITUTION, BODY) == items | {body}
    # Institutions are members; councils are bodies, which the ontology does not make members of bodies.
    assert members(extraction, body) == {i for i in items if actor(extraction, i).label == INSTITUTION}


def test_ministries_in_a_plural_resolve_to_the_countrys_reference_entries_or_are_candidates(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = "La Mesa Cantonal de Movilidad Humana está integrada por los ministerios de Salud, Trabajo y Educación."
    extraction = extract_release(tmp_path, gazetteer, text, country="GT")
    mesa = "Mesa Cantonal de Movilidad Humana"
    assert members(extraction, mesa) == {"Ministerio de Salud", "Ministerio de Trabajo", "gt-mineduc"}
    education = actor(extraction, "gt-mineduc")
    assert education.reference and not education.candidate and education.written == ("Ministerio de Educación",)
    # Guatemala's are "… de Salud Pública y Asistencia Social" and "… de Trabajo y Previsión Social": not these names.
    for name in ("Ministerio de Salud", "Ministerio de Trabajo"):
        ministry = actor(extraction, name)
        assert ministry.candidate and ministry.known_id is None
        assert ministry.properties == {"kind": "ministry", "country": "GT"}
    assert all(f.candidate for f in extraction.facts)  # the Mesa is a candidate


def test_foreign_ministries_in_a_plural_are_one_per_country(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "La Mesa Binacional de Movilidad reúne a las cancillerías de Chile y Perú."
    extraction = extract_release(tmp_path, gazetteer, text, country="PE")
    institutions = [a for a in extraction.actors if a.label == INSTITUTION]
    assert len(institutions) == 2
    peru = actor(extraction, "pe-mre")
    assert peru.written == ("Cancillería de Perú",) and not peru.reference  # the bundled actor
    [chile] = [a for a in institutions if a is not peru]
    assert chile.properties["country"] == "CL"
    assert members(extraction, "Mesa Binacional de Movilidad") == {"pe-mre", key(chile)}


def test_a_foreign_ministry_in_a_plural_resolves_as_it_does_alone(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "La Mesa Binacional de Movilidad reúne a las cancillerías de Chile y Perú."
    extraction = extract_release(tmp_path, gazetteer, text, country="PE")
    assert members(extraction, "Mesa Binacional de Movilidad") == {"pe-mre", "cl-minrel"}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Las alcaldías de Cúcuta y Villa del Rosario participan en la Mesa Migratoria Fronteriza.",
            id="verb-between",
        ),
        pytest.param(
            "Participaron las alcaldías de Cúcuta y Villa del Rosario en la Mesa Migratoria Fronteriza.",
            id="list-right-before",
        ),
    ],
)
def test_a_plural_list_ends_before_the_body_it_names_next(gazetteer: Gazetteer, tmp_path: Path, text: str) -> None:
    extraction = extract_release(tmp_path, gazetteer, text, country="CO")
    assert keys(extraction) == {"Alcaldía de Cúcuta", "Alcaldía de Villa del Rosario", "Mesa Migratoria Fronteriza"}


@pytest.mark.xfail(
    strict=True,
    reason="'los consejos cantonales de protección de derechos de Ambato, Pelileo y Baños' (the shared stem in "
    "lower case, as releases often write a plural) gives no actor at all: an item must start with a capital, so "
    "the enumeration stops at 'protección'; expected one council per canton",
)
def test_a_plural_with_a_lower_case_stem_still_names_its_items(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "La Red Provincial de Movilidad Humana está conformada por los consejos cantonales de protección de "
        "derechos de Ambato, Pelileo y Baños."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="EC")
    councils = {a.name.lower() for a in extraction.actors if a.name.startswith("Consejo Cantonal")}
    assert councils == {
        f"consejo cantonal de protección de derechos de {canton}" for canton in ("ambato", "pelileo", "baños")
    }


# ------------------------------------------------------------------ dash lists

BOLIVIAN_COMMISSION = (
    "La Comisión Regional de Refugio quedó integrada por representantes de:{gap}"
    "-Ministerio de Gobierno;{gap}"
    "-Ministerio de Trabajo, Empleo y Previsión Social;{gap}"
    "- Defensoría del Pueblo."
)


@pytest.mark.parametrize("gap", ["\n", "\n\n"], ids=["lines", "blank-lines"])
def test_dash_items_under_a_member_cue_are_members_and_an_item_with_commas_is_taken_whole(
    gazetteer: Gazetteer, tmp_path: Path, gap: str
) -> None:
    extraction = extract_release(tmp_path, gazetteer, BOLIVIAN_COMMISSION.format(gap=gap), country="BO")
    assert keys(extraction, INSTITUTION) == {"bo-mingobierno", "bo-mintrabajo", "bo-defensoria"}
    assert members(extraction, "Comisión Regional de Refugio") == {"bo-mingobierno", "bo-mintrabajo", "bo-defensoria"}


def test_an_unknown_dash_item_with_commas_is_taken_whole(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "La Comisión Regional de Refugio quedó integrada por representantes de:\n"
        "-Ministerio de Planificación, Economía y Finanzas;\n"
        "-Servicio Departamental de Gestión Social;\n"
        "-Defensoría del Pueblo."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="BO")
    assert members(extraction, "Comisión Regional de Refugio") == {
        "Ministerio de Planificación, Economía y Finanzas",
        "Servicio Departamental de Gestión Social",
        "bo-defensoria",
    }


SALVADORAN_MINISTRIES = "-Hacienda.{gap}-Salud y\n-Trabajo y Previsión Social."


@pytest.mark.parametrize("gap", ["\n", "\n\n"], ids=["lines", "blank-lines"])
def test_dash_items_under_a_plural_head_are_named_after_it(gazetteer: Gazetteer, tmp_path: Path, gap: str) -> None:
    text = (
        f"La Mesa Departamental de Movilidad Humana trabajará junto a los ministerios de:{gap}"
        + SALVADORAN_MINISTRIES.format(gap=gap)
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="SV")
    assert keys(extraction, INSTITUTION) == {"sv-hacienda", "sv-minsal", "sv-mtps"}
    assert actor(extraction, "sv-minsal").written == ("Ministerio de Salud",)
    assert facts(extraction) == set()  # "junto a" says no membership


def test_dash_items_ending_in_full_stops_under_a_member_cue_are_all_members(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = "La Mesa Departamental de Movilidad Humana está integrada por los ministerios de:\n" + (
        SALVADORAN_MINISTRIES.format(gap="\n")
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="SV")
    assert members(extraction, "Mesa Departamental de Movilidad Humana") == {"sv-hacienda", "sv-minsal", "sv-mtps"}


# ------------------------------------------------------------------ membership cues


@pytest.mark.parametrize(
    ("country", "text", "expected"),
    [
        pytest.param(
            "EC",
            "La Mesa Técnica de Movilidad Humana se creó en 2021. La integran el Ministerio del Interior, la "
            "Defensoría del Pueblo y el Instituto Nacional de Estadística y Censos.",
            {
                ("MEMBER_OF", member, "Mesa Técnica de Movilidad Humana")
                for member in ("ec-mdi", "ec-defensoria", "ec-inec")
            },
            id="la-integran",
        ),
        pytest.param(
            "EC",
            "La Comisión Nacional de Retorno será integrada por los titulares del Ministerio del Trabajo, del "
            "Ministerio de Salud Pública y de la Secretaría de Derechos Humanos.",
            {("MEMBER_OF", member, "Comisión Nacional de Retorno") for member in ("ec-mdt", "ec-msp", "ec-sdh")},
            id="sera-integrada-por-los-titulares-de",
        ),
        pytest.param(
            "EC",
            "La Mesa de Atención Humanitaria contempla a la Secretaría de Derechos Humanos y al Ministerio de "
            "Inclusión Económica y Social.",
            {("MEMBER_OF", member, "Mesa de Atención Humanitaria") for member in ("ec-sdh", "ec-mies")},
            id="contempla-a",
        ),
        pytest.param(
            "GT",
            "La Junta Consultiva de Frontera estará representada por un comisionado de:\n-Ministerio de "
            "Gobernación;\n-Ministerio de Desarrollo Social;\n-Procuraduría General de la Nación.",
            {("MEMBER_OF", member, "Junta Consultiva de Frontera") for member in ("gt-mingob", "gt-mides", "gt-pgn")},
            id="representada-por-un-comisionado-de",
        ),
        pytest.param(
            "MX",
            "Se instaló la Red Local de Protección al Migrante, de la que formarán parte, asimismo, los municipios "
            "de Tapachula y Suchiate.",
            {
                ("MEMBER_OF", member, "Red Local de Protección al Migrante")
                for member in ("Municipio de Tapachula", "Municipio de Suchiate")
            },
            id="de-la-que-formaran-parte-asimismo",
        ),
        pytest.param(
            "PA",
            "El Consejo Consultivo de Migraciones está integrado por el Secretario Ejecutivo de la Secretaría "
            "Nacional de Niñez, Adolescencia y Familia, autoridades de la Dirección Nacional de Migración y de la "
            "Defensoría del Pueblo, y el Director del Servicio Nacional de Fronteras.",
            {
                ("MEMBER_OF", member, "Consejo Consultivo de Migraciones")
                for member in ("pa-senniaf", "Dirección Nacional de Migración", "pa-defensoria", "pa-senafront")
            },
            id="posts-read-through",
        ),
        pytest.param(
            "UY",
            "La Junta Departamental de Migración de Rivera está integrada por la Dirección Nacional de Migración, "
            "el Ministerio de Desarrollo Social y el Ministerio del Interior, quien la preside.",
            {
                *(
                    ("MEMBER_OF", member, "Junta Departamental de Migración de Rivera")
                    for member in ("uy-dnm", "uy-mides", "uy-minterior")
                ),
                ("LEADS", "uy-minterior", "Junta Departamental de Migración de Rivera"),
            },
            id="quien-la-preside",
        ),
        pytest.param(
            "PY",
            "Con la participación de la Dirección Nacional de Migraciones y de la Comisión Nacional de Refugiados "
            "se realizó un taller sobre refugio en Encarnación.",
            set(),
            id="no-body-before-the-cue",
        ),
    ],
)
def test_membership_cues(
    gazetteer: Gazetteer, tmp_path: Path, country: str, text: str, expected: set[tuple[str, str, str]]
) -> None:
    extraction = extract_release(tmp_path, gazetteer, text, country=country)
    assert facts(extraction, "MEMBER_OF", "LEADS") == expected


def test_a_member_list_without_its_body_is_the_body_under_discussion_at_a_lower_confidence(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = (
        "La Mesa Técnica de Movilidad Humana se creó en 2021. La integran el Ministerio del Interior y la "
        "Defensoría del Pueblo."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="EC")
    assert {f.confidence for f in extraction.facts} == {0.75}
    assert {e.sentence for f in extraction.facts for e in f.evidence} == {
        "La integran el Ministerio del Interior y la Defensoría del Pueblo."
    }


# ------------------------------------------------------------------ leadership and structure


@pytest.mark.parametrize(
    ("country", "text", "expected"),
    [
        pytest.param(
            "EC",
            "La Mesa Técnica de Movilidad Humana trabaja bajo la coordinación del Ministerio de Relaciones "
            "Exteriores y Movilidad Humana.",
            {("LEADS", "ec-mremh", "Mesa Técnica de Movilidad Humana")},
            id="bajo-la-coordinacion-de",
        ),
        pytest.param(
            "EC",
            "La Comisión Nacional de Retorno, presidida por la Secretaría de Derechos Humanos, sesionará cada "
            "trimestre.",
            {("LEADS", "ec-sdh", "Comisión Nacional de Retorno")},
            id="presidida-por",
        ),
        pytest.param(
            "DO",
            "La Dirección General de Migración oficia de Secretaría Ejecutiva del Consejo Nacional de Migración.",
            {("LEADS", "do-dgm", "do-cnm")},
            id="oficia-de-secretaria-ejecutiva",
        ),
        pytest.param(
            "CR",
            "El Consejo Nacional de Migración aprobó su reglamento; la secretaría la ejercerá la Dirección General "
            "de Migración y Extranjería.",
            {("LEADS", "cr-dgme", "cr-cnm")},
            id="la-secretaria-la-ejercera",
        ),
        pytest.param(
            "MX",
            "El Instituto Nacional de Migración, organismo adscrito a la Secretaría de Gobernación, abrió una "
            "oficina de atención.",
            {("PART_OF", "mx-inm", "mx-segob")},
            id="organismo-adscrito-a",
        ),
        pytest.param(
            "EC",
            "La Subsecretaría de Migración Laboral del Ministerio del Trabajo presentó su informe anual.",
            {("PART_OF", "Subsecretaría de Migración Laboral", "ec-mdt")},
            id="unit-of-a-ministry",
        ),
    ],
)
def test_leadership_and_structure(
    gazetteer: Gazetteer, tmp_path: Path, country: str, text: str, expected: set[tuple[str, str, str]]
) -> None:
    extraction = extract_release(tmp_path, gazetteer, text, country=country)
    assert facts(extraction) == expected
    # Only the actors the facts join: a role ("Secretaría Ejecutiva") is no actor.
    assert keys(extraction) == {name for fact in expected for name in fact[1:]}


def test_a_national_unit_named_for_international_protection_is_national(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "La Subsecretaría de Protección Internacional del Ministerio de Relaciones Exteriores y Movilidad Humana "
        "presentó su informe anual."
    )
    extraction = extract_release(tmp_path, gazetteer, text, country="EC")
    assert facts(extraction) == {("PART_OF", "Subsecretaría de Protección Internacional", "ec-mremh")}
    assert actor(extraction, "Subsecretaría de Protección Internacional").properties == {
        "kind": "agency",
        "country": "EC",
    }


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
