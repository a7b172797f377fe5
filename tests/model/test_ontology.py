import pytest

from graph_api.graphql.types import TYPE_BY_LABEL
from graph_api.model.ontology import Ontology


def test_every_label_has_a_graphql_type_and_back(ontology: Ontology) -> None:
    assert set(ontology.labels) == set(TYPE_BY_LABEL)


def test_relationship_endpoints_are_known_labels(ontology: Ontology) -> None:
    for rel in ontology.relationships.values():
        assert rel.from_labels <= ontology.labels.keys()
        assert rel.to_labels <= ontology.labels.keys()
        assert rel.properties["sources"].required


def test_vocabularies_have_spanish_and_english_labels_and_a_source(ontology: Ontology) -> None:
    assert {"institution_kinds", "policy_themes", "migrant_needs"} <= ontology.vocabularies.keys()
    for vocabulary in ontology.vocabularies.values():
        assert vocabulary.source["id"] and vocabulary.source["title"]
        for term in vocabulary.terms:
            assert term.es.strip() and term.en.strip()


def test_migrant_needs_follow_the_r4v_sectors(ontology: Ontology) -> None:
    needs = {t.id: t for t in ontology.vocabularies["migrant_needs"].terms}
    sectors = {
        "education",
        "food-security",
        "health",
        "humanitarian-transportation",
        "integration",
        "nutrition",
        "protection",
        "shelter",
        "wash",
    }
    assert sectors <= needs.keys()
    assert needs["child-protection"].parent == "protection"
    assert needs["wash"].en == "Water, sanitation and hygiene (WASH)"


def test_a_date_must_be_a_day_of_the_calendar(ontology: Ontology) -> None:
    # "29 de febrero de 2015" was once accepted and later crashed date comparisons (graph_api/model/temporal.py).
    since = ontology.relationships["MEMBER_OF"].properties["valid_from"]
    assert since.coerce("2016-02-29", ontology) == "2016-02-29"
    assert since.coerce("--02-29", ontology) == "--02-29"  # a day whose year is unknown
    for impossible in ("2015-02-29", "2015-04-31", "--04-31", "2015-13"):
        with pytest.raises(ValueError, match="of the calendar"):
            since.coerce(impossible, ontology)
