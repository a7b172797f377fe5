"""The README's GraphQL is valid against the schema: its fenced `graphql` blocks, and the inline examples that
start at a root field (`candidates { name seenIn }`), which users paste into GraphiQL."""

from __future__ import annotations

import re

import pytest
from graphql import GraphQLError, parse, validate

from graph_api.graphql.internals import graphql_schema
from graph_api.graphql.schema import build_schema
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SCHEMA = graphql_schema(build_schema())
QUERY_FIELDS = set(SCHEMA.query_type.fields) if SCHEMA.query_type else set()
MUTATION_FIELDS = set(SCHEMA.mutation_type.fields) if SCHEMA.mutation_type else set()
ROOT_FIELDS = QUERY_FIELDS | MUTATION_FIELDS
BLOCKS = re.findall(r"```graphql\n(.*?)```", README, re.S)


def _example(span: str) -> str | None:
    """The inline span as a document, when it is an example: a root field with a selection that parses (the
    README also writes signatures in prose, such as `acceptCandidate(id, create: {})`, which are not)."""
    span = " ".join(span.split())
    name = re.match(r"([A-Za-z]+)\s*[({]", span)
    if name is None or name.group(1) not in ROOT_FIELDS or not span.endswith("}"):
        return None
    operation = "mutation" if name.group(1) in MUTATION_FIELDS else "query"
    document = f"{operation} {{ {span} }}"
    try:
        parse(document)
    except GraphQLError:
        return None
    return document


_SPANS = re.findall(r"(?<!`)`([^`]+)`(?!`)", re.sub(r"```.*?```", "", README, flags=re.S))
INLINE = [document for document in map(_example, _SPANS) if document is not None]


def errors_of(document: str) -> list[GraphQLError]:
    try:
        return validate(SCHEMA, parse(document))
    except GraphQLError as err:
        return [err]


def test_the_readme_has_graphql_to_check() -> None:
    assert len(BLOCKS) >= 5
    assert any(document.startswith("query { candidates") for document in INLINE)


@pytest.mark.parametrize("block", BLOCKS, ids=[b.split("{")[0].strip() or "query" for b in BLOCKS])
def test_each_graphql_block_validates(block: str) -> None:
    assert errors_of(block) == []


@pytest.mark.parametrize("document", INLINE)
def test_each_inline_example_validates(document: str) -> None:
    assert errors_of(document) == []
