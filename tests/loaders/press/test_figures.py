"""Population figures as Spanish releases write them; ranges and counts of papers are none."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.evaluate import load_gazetteer
from loaders.press import Extraction, extract
from loaders.press.documents import read_document
from loaders.press.figures import FIGURE, FIGURE_STARTS, NUMBER_WORDS, PEOPLE, figure_value
from loaders.press.text import fold


def figure(text: str) -> tuple[int, bool] | None:
    """The size and approximation of the figure `text` starts with, if the people it counts follow."""
    folded = fold(text)
    match = FIGURE.match(folded)
    if match is None or PEOPLE.match(folded, match.end()) is None:
        return None
    return figure_value(match)


@pytest.mark.parametrize(
    ("text", "size", "approximate"),
    [
        ("30 mil migrantes llegaron", 30_000, False),
        ("más de 120.000 personas", 120_000, True),
        ("1,2 millones de venezolanos", 1_200_000, False),
        ("cerca de 3.000 refugiados", 3_000, True),
        ("unos 500 niños migrantes", 500, True),
        ("unos 500 niños", 500, True),
        ("120 000 personas", 120_000, False),
        ("120\u00a0000 personas", 120_000, False),
        ("más de 7,7 millones de personas refugiadas y migrantes", 7_700_000, True),
        ("7.7 millones de migrantes", 7_700_000, False),
        ("1.500 millones de personas", 1_500_000_000, False),
        ("1,200 migrantes", 1_200, False),  # thousands with a comma, as in Mexico
        ("más de mil migrantes", 1_000, True),
        ("medio millón de refugiados", 500_000, False),
        ("dos millones y medio de colombianos", 2_500_000, False),
        ("ciento treinta y cinco mil venezolanos", 135_000, False),
        ("dos mil quinientos retornados", 2_500, False),
        ("veinticinco mil inmigrantes", 25_000, False),
        ("por lo menos 400 mujeres migrantes", 400, True),
        ("200 familias venezolanas", 200, False),
        ("900 solicitantes de refugio", 900, False),
    ],
)
def test_figures_as_releases_write_them(text: str, size: int, approximate: bool) -> None:
    assert figure(text) == (size, approximate)


@pytest.mark.parametrize(
    "text",
    [
        "30 mil solicitudes de refugio",
        "2.000 permisos de trabajo",
        "400 carnés de extranjería",
        "200 familias",  # how many families, not people
        "más de 7,7 millones",
        "300 trabajadores",
    ],
)
def test_what_is_counted_must_be_people(text: str) -> None:
    assert figure(text) is None


@pytest.mark.parametrize(
    ("text", "second"),
    [
        ("entre 50 y 100 personas", "100"),
        ("de 500 a 1.000 migrantes", "1.000"),
        ("entre 30 mil y 40 mil venezolanos", "40"),
        ("entre 30 y 40 mil venezolanos", "40"),
        ("entre cincuenta y cien personas", "cien"),
        ("200 o 300 refugiados", "300"),
        ("dos mil quinientos retornados", "quinientos"),
    ],
)
def test_a_number_closing_a_range_or_inside_a_longer_one_is_no_figure(text: str, second: str) -> None:
    folded = fold(text)
    assert FIGURE.match(folded, folded.index(fold(second))) is None


def test_the_reader_starts_figures_at_the_words_of_the_lexicon() -> None:
    assert {"casi", "cerca", "mas", "unos", "por"} <= FIGURE_STARTS
    assert NUMBER_WORDS["tres"] == 3 and NUMBER_WORDS["quinientos"] == 500 and NUMBER_WORDS["medio"] == 0.5


def test_the_people_and_where_they_live() -> None:
    folded = fold("peruanos que viven en el extranjero")
    people = PEOPLE.match(folded)
    assert people is not None and people.group(0) == folded and people.group("that")


def population_of(tmp_path: Path, phrase: str) -> Extraction:
    path = tmp_path / "nota.txt"
    path.write_text(
        f"---\ncountry: PE\n---\nLa Mesa de Trabajo Intersectorial sobre Migraciones atenderá a {phrase}.\n",
        encoding="utf-8",
    )
    return extract(read_document(path), load_gazetteer())


@pytest.mark.parametrize(
    ("phrase", "name", "size"),
    [
        ("más de 120.000 personas refugiadas y migrantes", "Personas refugiadas y migrantes", 120_000),
        ("unos 500 niños", "Niños", 500),
        ("más de mil inmigrantes", "Inmigrantes", 1_000),
    ],
)
def test_a_figure_is_a_population_the_body_serves(tmp_path: Path, phrase: str, name: str, size: int) -> None:
    extraction = population_of(tmp_path, phrase)
    [population] = [a for a in extraction.actors if a.label == "Population"]
    assert (population.name, population.properties["size"]) == (name, size)
    assert ("SERVES", population.ref) in {(f.type, f.end_ref) for f in extraction.facts}


@pytest.mark.parametrize("phrase", ["entre 50 y 100 personas", "30 mil solicitudes de refugio", "2.000 permisos"])
def test_a_range_or_a_count_of_papers_is_no_population(tmp_path: Path, phrase: str) -> None:
    assert not [a for a in population_of(tmp_path, phrase).actors if a.label == "Population"]
