"""The names a node goes by, the one name index, and the three users of it agreeing: the stores' lookup, the 3W
resolver and the extractor's gazetteer."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_api.model import names
from graph_api.model.names import (
    MAX_KEY_LENGTH,
    NameIndex,
    SearchIndex,
    match_score,
    name_keys,
    name_resolver,
    name_values,
    name_variants,
    starts_words,
)
from graph_api.model.ontology import Ontology
from graph_api.model.text import normalize
from graph_api.store.protocol import GraphStore, all_nodes
from loaders.press.gazetteer import Gazetteer
from loaders.press.sentences import split_sentences
from loaders.press.text import name_key

SEARCHABLE = ("acronym", "aliases", "name", "name_en")


def test_the_examples_in_the_docstrings_hold() -> None:
    assert doctest.testmod(names).failed == 0


def test_name_values_and_keys() -> None:
    props = {"name": " Cancillería ", "aliases": ["Cancilleria", "", 3], "acronym": "MRE", "name_en": None}
    assert name_values(props, SEARCHABLE) == ["MRE", "Cancilleria", "Cancillería"]
    # Pinned: the Neo4j store keeps these on its nodes. Duplicates stay, as they always did.
    assert name_keys(props, SEARCHABLE) == ["mre", "cancilleria", "cancilleria"]
    assert name_keys({"name": "a" * 400}, ["name"]) == ["a" * MAX_KEY_LENGTH]
    assert len(name_keys({"aliases": [f"{i} " + "b" * 290 for i in range(100)]}, ["aliases"])) == 26


def test_name_variants_try_the_literal_name_first() -> None:
    assert name_variants("Seguro Integral de Salud (SIS)") == [
        "seguro integral de salud sis",
        "seguro integral de salud",
        "sis",
    ]
    assert name_variants("ACNUR / UNHCR") == ["acnur unhcr", "acnur", "unhcr"]
    assert name_variants("¿?") == []


@pytest.mark.parametrize(
    ("query", "score"),
    [
        ("cancilleria", 100),
        ("ministerio de rel", 60),
        ("rel ext", 40),
        ("exteriores ministerio", 40),
        ("relaciones interiores", 0),
    ],
)
def test_match_score(query: str, score: int) -> None:
    keys = ["ministerio de relaciones exteriores", "cancilleria"]
    assert match_score(query, keys) == score
    # Whatever scores is found by the word-prefix rule a store searches with.
    assert any(starts_words(query.split(), key) for key in keys) == (score > 0)


def test_a_name_index_keeps_ids_in_order_and_forgets_what_is_removed() -> None:
    index = NameIndex[str]()
    index.add("b", ["cancilleria", "ministerio de relaciones exteriores"])
    index.add("a", ["cancilleria"])
    index.add("b", ["cancilleria", "mre"])
    assert index.ids("cancilleria") == ("b", "a")
    assert index.keys_of("b") == ["cancilleria", "ministerio de relaciones exteriores", "mre"]
    assert index.resolve(["cancilleria", "mre"]) == "b"
    assert index.is_prefix("mr")
    index.remove("b")
    assert index.ids("cancilleria") == ("a",)
    assert index.ids("mre") == ()
    assert not index.is_prefix("mr")
    assert index.resolve(["cancilleria"]) == "a"
    assert dict(index.entries()) == {"a": ("cancilleria",)}
    index.remove("nobody")


def test_a_name_index_of_word_tuples_matches_word_prefixes() -> None:
    index = NameIndex[tuple[str, ...]]()
    index.add("pe-mre", [name_key("Ministerio de Relaciones Exteriores")])
    assert index.is_prefix(("ministerio", "de"))
    assert not index.is_prefix(("ministerio", "d"))
    assert index.ids(name_key("MINISTERIO DE RELACIONES EXTERIORES")) == ("pe-mre",)
    assert list(index.items()) == [(("ministerio", "de", "relaciones", "exteriores"), ("pe-mre",))]


WRITTEN = [
    "Ministerio de Relaciones Exteriores",
    "MINISTERIO DE RELACIONES EXTERIORES",
    "ministerio de relaciones exteriores.",
    "Ministerio  de Relaciones-Exteriores",
    "Cancillería del Perú",
    "CANCILLERIA DEL PERU",
    "¡cancilleria del peru!",
    "Ministry of Foreign Affairs",
]


@pytest.mark.parametrize("written", WRITTEN)
async def test_the_stores_the_resolver_and_the_gazetteer_agree_on_a_name(
    loaded: GraphStore, ontology: Ontology, written: str
) -> None:
    labels = ontology.actor_labels()
    actors = await all_nodes(loaded, labels)
    looked_up = await loaded.lookup(normalize(written), labels)
    resolved = name_resolver(actors, ontology.searchable_properties())(written)
    known = Gazetteer.from_nodes(actors).lookup(written, "PE")
    assert [n.id for n in looked_up] == ["pe-mre"]
    assert resolved == "pe-mre"
    assert known is not None and known.id == "pe-mre"


@pytest.mark.parametrize("written", ["Ministerio de Relaciones", "Cancillería de Chile", "Relaciones Exteriores"])
async def test_the_stores_the_resolver_and_the_gazetteer_agree_on_a_name_they_do_not_know(
    loaded: GraphStore, ontology: Ontology, written: str
) -> None:
    labels = ontology.actor_labels()
    actors = await all_nodes(loaded, labels)
    assert await loaded.lookup(normalize(written), labels) == []
    assert name_resolver(actors, ontology.searchable_properties())(written) is None
    assert Gazetteer.from_nodes(actors).lookup(written, "PE") is None


async def test_the_extractor_reads_a_name_as_the_gazetteer_keys_it(loaded: GraphStore, ontology: Ontology) -> None:
    gazetteer = Gazetteer.from_nodes(await all_nodes(loaded, ontology.actor_labels()))
    [sentence] = split_sentences("Lo anunció la CANCILLERÍA DEL PERÚ, junto al Ministerio de Relaciones-Exteriores.")
    found = []
    for i, token in enumerate(sentence.tokens):
        match = gazetteer.match(sentence.tokens, i)
        if token.upper and match is not None:
            found.append((token.text, match.actor.id))
    assert found == [("CANCILLERÍA", "pe-mre"), ("Ministerio", "pe-mre")]


_WORDS = st.sampled_from(["de", "del", "min", "ministerio", "migra", "migraciones", "mesa", "salud", "sis", "s"])


@given(
    st.dictionaries(
        st.sampled_from([f"n{i}" for i in range(12)]),
        st.lists(st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=3),
        max_size=12,
    ),
    st.lists(st.sampled_from([f"n{i}" for i in range(12)]), max_size=4),
    st.lists(st.sampled_from(["de", "mi", "min", "mes", "s", "sa", "migraciones", "x"]), min_size=1, max_size=3),
)
def test_the_search_index_finds_what_a_scan_finds(
    keys_by_id: dict[str, list[str]], removed: list[str], words: list[str]
) -> None:
    # The embedded store's search reads the word index instead of scanning every name (issue 16): it must find
    # exactly the ids a scan with `starts_words` finds, after adds and removes alike.
    index = SearchIndex()
    for node_id, keys in keys_by_id.items():
        index.add(node_id, keys)
    for node_id in removed:
        index.remove(node_id)
    kept = {i: k for i, k in keys_by_id.items() if i not in removed}
    scanned = sorted(i for i, keys in kept.items() if any(starts_words(words, key) for key in keys))
    assert index.matching(words) == scanned
