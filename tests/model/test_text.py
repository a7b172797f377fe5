"""The one normaliser: `normalize` (its output is stored by the Neo4j store: pinned), `fold` on the same folding,
one character for one, and `slug`."""

from __future__ import annotations

import doctest
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_api.model import text
from graph_api.model.text import SLUG_LENGTH, fold, fold_char, normalize, slug

# The loaders' id rule (loaders/packages/loading.py): what a slug must pass as an id.
ID_RULE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_the_examples_in_the_docstrings_hold() -> None:
    assert doctest.testmod(text).failed == 0


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("  Cancillería del Perú! ", "cancilleria del peru"),
        (
            "MINISTERIO DE LA MUJER Y POBLACIONES VULNERABLES (MIMP)",
            "ministerio de la mujer y poblaciones vulnerables mimp",
        ),
        ("Sistema Integral de Salud - SIS", "sistema integral de salud sis"),
        ("Ñuñoa,  Asunción\tSão Paulo", "nunoa asuncion sao paulo"),
        ("Straße ﬁnal ½", "strasse final 1 2"),
        ("ACNUR/UNHCR", "acnur unhcr"),
        ("O'Higgins", "o higgins"),
        ("snake_case", "snake_case"),
        ("—¿?—", ""),
    ],
)
def test_normalize_is_pinned(written: str, normalised: str) -> None:
    # The Neo4j store keeps these keys on its nodes: a change here strands every stored graph.
    assert normalize(written) == normalised


def test_fold_keeps_every_character_where_it_was() -> None:
    written = "La Cancillería y el MINSA, ß y ﬁ."
    folded = fold(written)
    assert folded == "la cancilleria y el minsa, ß y ﬁ."
    assert len(folded) == len(written)
    at = folded.index("cancilleria")
    assert written[at : at + len("cancilleria")] == "Cancillería"


def test_fold_folds_each_character_as_normalize_does() -> None:
    # Over planes 0 and 1 (every script; the planes above hold ideographs, tags and private use): a character
    # folds to one character exactly as normalize folds it, so the extractor's folded words are the
    # gazetteer's normalised words. Uncached: the cache is for the few characters documents use.
    for code in range(0x20000):
        if not 0xD800 <= code <= 0xDFFF:
            char = chr(code)
            folded = fold_char.__wrapped__(char)
            assert len(folded) == 1, hex(code)
            assert normalize(folded) == normalize(char), hex(code)


@given(st.text())
def test_fold_and_normalize_agree_on_any_text(written: str) -> None:
    folded = fold(written)
    assert len(folded) == len(written)
    assert normalize(folded) == normalize(written)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Cruz Roja Peruana", "cruz-roja-peruana"),
        ("Sistema Integral de Salud - SIS", "sistema-integral-de-salud-sis"),
        ("3w_lima_2024.csv", "3w-lima-2024-csv"),
        ("pe-mre MEMBER_OF pe-mesa", "pe-mre-member-of-pe-mesa"),
        ("Łódź", "lodz"),
        ("Ørsted", "orsted"),
        ("¿?", "x"),
    ],
)
def test_slug_examples(written: str, expected: str) -> None:
    assert slug(written) == expected


def test_a_slug_keeps_room_for_an_id_made_of_two_ids() -> None:
    # The extractor's candidate relationships are named by their ends and type: cut at 60 characters, every
    # relationship of this body was one id.
    body = "candidate-pe-mesa-de-trabajo-intersectorial-sobre-migraciones"
    ids = {slug(f"{body} ADDRESSES {theme}") for theme in ("diaspora-wellbeing", "national-migration-policy")}
    assert len(ids) == 2
    assert all(len(i) <= SLUG_LENGTH for i in ids)


@given(st.text())
def test_every_slug_is_an_id(written: str) -> None:
    made = slug(written)
    assert ID_RULE.fullmatch(made), made
    assert len(made) <= SLUG_LENGTH
    assert slug(made) == made
