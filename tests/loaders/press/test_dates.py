"""Dates as Spanish releases write them, and the leap day: no date the calendar does not have."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph_api.model.ontology import Ontology
from graph_api.model.temporal import earliest, holds_on, latest
from graph_api.store.embedded import EmbeddedStore
from graph_api.store.protocol import all_nodes
from loaders.evaluate import load_gazetteer
from loaders.press import Extraction, Gazetteer, extract
from loaders.press.dates import Date, Publication, dateline_date, dates_in, real_day
from loaders.press.documents import read_document
from loaders.press.errors import DocumentError
from loaders.press.ingest import ingest_documents
from loaders.press.sentences import split_sentences
from loaders.press.text import fold

MESA = "pe-mesa-migraciones"
INSTALLED = (
    "La Mesa de Trabajo Intersectorial sobre Migraciones se instaló {when}, "
    "integrada por el Ministerio del Interior y el Ministerio de Salud."
)


def day(value: str) -> Date:
    """A day computed from the publication date."""
    return Date(value, "day", True, True)


def dates(text: str, published: str | None) -> list[Date]:
    return [date for _, date in dates_in(fold(text), published)]


# ------------------------------------------------------------------ the leap day


def test_a_day_is_a_day_of_its_year() -> None:
    assert real_day(2016, 2, 29) and real_day(2000, 2, 29)
    assert not real_day(2015, 2, 29) and not real_day(1900, 2, 29) and not real_day(2015, 4, 31)
    assert real_day(None, 2, 29)  # some year has it
    assert not real_day(None, 2, 30) and not real_day(None, 13, 1)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # Written with its year, 29 February 2015 is no day: what the text still says is the month.
        ("se instaló el 29 de febrero de 2015", None, [Date("2015-02", "month", True, False)]),
        ("se instaló el 29 de febrero de 2016", None, [Date("2016-02-29", "day", True, False)]),
        ("se instaló el 29/02/2015", None, []),
        # Without one: an unknown year, whichever the publication's, if that year has no 29 February.
        ("se instaló el 29 de febrero", None, [Date("--02-29", "day", False, False)]),
        ("se instaló el 29 de febrero", "2015-03-02", [Date("--02-29", "day", False, False)]),
        ("se instaló el 29 de febrero", "2015", [Date("--02-29", "day", False, False)]),
        ("se instaló el 29 de febrero del año pasado", "2016-03-02", [Date("--02-29", "day", False, False)]),
        ("se instaló el 29 de febrero", "2016-03-02", [day("2016-02-29")]),
        ("se instaló el 29 de febrero", "2017-01-10", [day("2016-02-29")]),  # the last 29 February before it
        ("se instaló el 30 de febrero", "2016-03-02", []),
    ],
)
def test_the_leap_day(text: str, published: str | None, expected: list[Date]) -> None:
    assert dates(text, published) == expected


def test_an_impossible_publication_day_gives_no_day_to_count_from() -> None:
    assert Publication.of("2015-02-29") == Publication(2015, 2, None)
    assert Publication.of("2015-13-01") == Publication(2015, None, None)
    assert Publication.of("hacia 2015") == Publication(None, None, None)
    assert dates("se instaló ayer", "2015-02-29") == []


def extraction_of(tmp_path: Path, text: str, front_matter: str = "") -> Extraction:
    path = tmp_path / "nota.txt"
    path.write_text(f"---\ncountry: PE\n{front_matter}---\n{text}\n", encoding="utf-8")
    return extract(read_document(path), load_gazetteer())


def test_a_leap_day_the_year_has_not_does_not_reach_the_graph(tmp_path: Path) -> None:
    """The extractor gave "2015-02-29" for this text, as the meeting's date and the members' valid_from;
    ontology and store took it, and every question about time on the graph crashed ('day is out of range')."""
    extraction = extraction_of(tmp_path, INSTALLED.format(when="el 29 de febrero de 2015"))
    [meeting] = [a for a in extraction.actors if a.label == "Meeting"]
    assert meeting.properties == {"date": "2015-02", "date_precision": "month", "year_known": True}
    members = [f for f in extraction.facts if f.type == "MEMBER_OF"]
    assert {f.start_ref for f in members} == {"pe-mininter", "pe-minsa"}
    for fact in members:
        assert fact.properties == {"valid_from": "2015-02"}
        assert holds_on(fact.properties, dt.date(2015, 3, 1))
        assert not holds_on(fact.properties, dt.date(2015, 1, 31))


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2015-03-02", {"date": "--02-29", "date_precision": "day", "year_known": False}),
        ("2016-03-02", {"date": "2016-02-29", "date_precision": "day", "year_known": True, "year_inferred": True}),
    ],
)
def test_a_leap_day_takes_the_publication_year_only_if_that_year_has_it(
    tmp_path: Path, published: str, expected: dict[str, object]
) -> None:
    extraction = extraction_of(tmp_path, INSTALLED.format(when="el 29 de febrero"), f"published: '{published}'\n")
    [meeting] = [a for a in extraction.actors if a.label == "Meeting"]
    assert meeting.properties == expected
    for fact in extraction.facts:  # a bound without a year excludes nothing; none crashes
        assert holds_on(fact.properties, dt.date(2016, 3, 1))
        assert earliest(fact.properties.get("valid_from")) == latest(fact.properties.get("valid_from"))


@pytest.mark.parametrize("published", ["published: 2015-02-29", "published: '2015-02-29'", "date: 2015-04-31"])
def test_a_publication_date_that_is_no_day_is_refused(tmp_path: Path, published: str) -> None:
    path = tmp_path / "nota.md"
    path.write_text(f"---\ntitle: Nota\n{published}\n---\nLa Mesa sesionó.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="calendar") as raised:
        read_document(path)
    assert raised.value.line in {None, 3}


def test_a_publication_date_in_html_that_is_no_day_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "nota.html"
    path.write_text('<html><head><meta name="date" content="2015-02-29"></head><body><p>Nota.</p></body></html>')
    assert "published" not in read_document(path).metadata


async def test_a_publication_date_given_beside_the_document_is_checked_too(
    tmp_path: Path, embedded: EmbeddedStore, ontology: Ontology
) -> None:
    path = tmp_path / "nota.txt"
    path.write_text(f"---\ncountry: PE\n---\n{INSTALLED.format(when='el 29 de febrero')}\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="'published' must be an ISO date"):
        await ingest_documents(embedded, ontology, [path], metadata={"published": "2015-02-29"}, accept_new=True)
    assert not await all_nodes(embedded, ["Document"])
    await ingest_documents(embedded, ontology, [path], metadata={"published": "2016-03-02"}, accept_new=True)
    [meeting] = await all_nodes(embedded, ["Meeting"])
    assert meeting.properties["date"] == "2016-02-29"


# ------------------------------------------------------------------ as releases write them

# Thursday 16 January 2025.
PUBLISHED = "2025-01-16"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoy martes 14 de enero se instaló la Mesa.", [day("2025-01-14")]),
        ("Hoy, martes 14 de enero, se instaló la Mesa.", [day("2025-01-14")]),
        ("La Mesa sesionó este lunes en Lima.", [day("2025-01-13")]),
        ("La Mesa sesionó el pasado lunes.", [day("2025-01-13")]),
        ("La Mesa sesionó el lunes pasado.", [day("2025-01-13")]),
        ("La Mesa sesionó este jueves.", [day("2025-01-16")]),  # the publication's own day
        ("La Mesa sesionó el pasado jueves.", [day("2025-01-09")]),  # "pasado": a week before
        ("La Mesa sesionó este martes 14 en Lima.", [day("2025-01-14")]),
        ("La Mesa sesionó el martes 7 en Lima.", [day("2025-01-07")]),
        ("La Mesa sesionó este martes 11 en Lima.", []),  # no Tuesday the 11th lately
        ("La Mesa sesionará el próximo lunes.", []),
        ("La Mesa sesionará el lunes que viene.", []),
        ("La Mesa sesiona de lunes a viernes.", []),
        ("La Mesa sesionó el martes.", []),  # which Tuesday is not said
        ("La Mesa se instaló ayer.", [day("2025-01-15")]),
        ("La Mesa se instaló hoy.", [day("2025-01-16")]),
        ("La Mesa se instaló anteayer.", [day("2025-01-14")]),
        ("La Mesa se instaló antes de ayer.", [day("2025-01-14")]),
        ("Ayer martes la Mesa no sesionó.", [day("2025-01-15")]),
        ("Hoy en día la Mesa sesiona cada mes.", []),
        ("La reunión tuvo lugar el martes (7/1) en Quito.", [day("2025-01-07")]),
        ("La reunión tuvo lugar el martes 7/1 en Quito.", [day("2025-01-07")]),
        ("La reunión tuvo lugar el 7/1 en Quito.", [day("2025-01-07")]),
        ("La reunión tuvo lugar el 20/11/2024 en Quito.", [Date("2024-11-20", "day", True, False)]),
        ("La reunión tuvo lugar el 20/11/24 en Quito.", [Date("2024-11-20", "day", True, False)]),
        ("El decreto 819/2024 se publicó.", []),
        ("La Mesa sesionó (7/1) en Quito.", []),  # a day and a month alone, only after "el" or a weekday
        ("Entre los días 13 y 14 de enero sesionó la Mesa.", [day("2025-01-13")]),
        ("Los días 8, 9 y 10 de enero sesionó la Mesa.", [day("2025-01-08")]),
        ("Del 8 al 10 de enero de 2025 sesionó la Mesa.", [Date("2025-01-08", "day", True, False)]),
        ("El 1.º de diciembre sesionó la Mesa.", [day("2024-12-01")]),
        ("El 1° de diciembre sesionó la Mesa.", [day("2024-12-01")]),
        ("El primero de diciembre sesionó la Mesa.", [day("2024-12-01")]),
        ("El 3 de Diciembre sesionó la Mesa.", [day("2024-12-03")]),
        ("El 5 de agosto pasado sesionó la Mesa.", [day("2024-08-05")]),
        ("El 5 de agosto del año pasado sesionó la Mesa.", [day("2024-08-05")]),
        ("La Mesa sesionará el próximo 20 de enero.", [day("2025-01-20")]),
        ("La Mesa sesionó en marzo del año pasado.", [Date("2024-03", "month", True, True)]),
    ],
)
def test_dates_as_releases_write_them(text: str, expected: list[Date]) -> None:
    assert dates(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    "text",
    ["La Mesa sesionó este lunes.", "La Mesa se instaló ayer.", "Hoy martes la Mesa sesionó.", "El martes 7 sesionó."],
)
@pytest.mark.parametrize("published", [None, "2025", "2025-01"])
def test_days_counted_from_the_publication_need_its_day(text: str, published: str | None) -> None:
    assert dates(text, published) == []


def test_a_weekday_with_its_date_is_the_date_written() -> None:
    assert dates("Hoy martes 14 de enero se instaló la Mesa.", None) == [Date("--01-14", "day", False, False)]
    assert dates("El martes (11/7) sesionó la Mesa.", "2023") == [day("2023-07-11")]
    assert dates("Miércoles 13 de febrero de 2019.", PUBLISHED) == [Date("2019-02-13", "day", True, False)]


def test_each_date_is_where_its_expression_starts() -> None:
    text = fold("⟦0⟧ se instaló hoy martes 14 de enero; ⟦1⟧ sesionó ayer y ⟦2⟧ en marzo de 2024, en 2023.")
    assert dates_in(text, PUBLISHED) == [
        (text.index("hoy"), day("2025-01-14")),
        (text.index("ayer"), day("2025-01-15")),
        (text.index("marzo"), Date("2024-03", "month", True, False)),
        (text.index("en 2023"), Date("2023", "year", True, False)),
    ]


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("Lima, 1.º de julio de 2021.", "2021-07-01"),
        ("Morelia, Michoacán, a 25 de noviembre de 2024.- La Mesa sesionó.", "2024-11-25"),
        ("TIJUANA B.C.- Martes 12 de febrero de 2019.- La Mesa sesionó.", "2019-02-12"),
        ("Lima, 4 de marzo.", None),
        ("Lima, este lunes.", None),
    ],
)
def test_the_dateline_gives_the_publication_date(dateline: str, expected: str | None) -> None:
    assert dateline_date(split_sentences(f"La Mesa se reúne\n{dateline}\nLa Mesa sesionó.")) == expected


def test_a_relative_day_in_a_release_dated_by_its_dateline(tmp_path: Path) -> None:
    gazetteer: Gazetteer = load_gazetteer()
    path = tmp_path / "nota.txt"
    path.write_text(
        "---\ncountry: PE\n---\nLa Mesa se instala\nLima, 12 de mayo de 2016\n" + INSTALLED.format(when="ayer") + "\n",
        encoding="utf-8",
    )
    [meeting] = [a for a in extract(read_document(path), gazetteer).actors if a.label == "Meeting"]
    assert meeting.properties == {
        "date": "2016-05-11",
        "date_precision": "day",
        "year_known": True,
        "year_inferred": True,
    }
