"""One pagination for every list: the store's id-ordered lists, a node's relationships and the filtered lists."""

from __future__ import annotations

from typing import Any

import pytest

from graph_api.graphql.context import Context
from graph_api.graphql.pagination import (
    DEFAULT_PAGE_SIZE,
    PageArgs,
    decode_key_cursor,
    default_page_size,
    encode_cursor,
    encode_key_cursor,
    page_args,
    window,
)
from graph_api.graphql.schema import build_schema
from graph_api.model.errors import UserInputError
from graph_api.model.ontology import Ontology
from graph_api.services.analytics import AnalyticsCache
from graph_api.settings import Settings
from graph_api.store.protocol import GraphStore

IDS = [("a",), ("b",), ("c",), ("d",)]


async def execute(store: GraphStore, ontology: Ontology, query: str) -> dict[str, Any]:
    context = Context(
        store=store, ontology=ontology, settings=Settings(store="unused"), analytics=AnalyticsCache(store)
    )
    result = await build_schema().execute(query, context_value=context)
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


def test_page_args_are_a_typed_value_with_the_default_size() -> None:
    assert page_args(None, None, None, None, 100) == PageArgs(first=DEFAULT_PAGE_SIZE)
    assert page_args(None, None, None, None, 5) == PageArgs(first=5)
    assert page_args(None, None, 3, encode_cursor("pe-mre"), 100) == PageArgs(last=3, before="pe-mre")
    assert default_page_size(100) == DEFAULT_PAGE_SIZE
    assert default_page_size(7) == 7


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({}, (0, 4, False, False)),
        ({"first": 2}, (0, 2, False, True)),
        ({"first": 2, "after": ("b",)}, (2, 4, True, False)),
        ({"first": 0}, (0, 0, False, True)),
        ({"last": 2}, (2, 4, True, False)),
        ({"last": 2, "before": ("c",)}, (0, 2, False, True)),
        ({"last": 0}, (4, 4, True, False)),
        # A cursor outside the list: nothing lies beyond it, and the page says so.
        ({"first": 2, "after": ("0",)}, (0, 2, False, True)),
        ({"last": 2, "before": ("z",)}, (2, 4, True, False)),
    ],
)
def test_a_window_is_the_slice_between_the_cursors(args: dict[str, Any], expected: tuple[int, int, bool, bool]) -> None:
    page = window(IDS, **args)
    assert (page.start, page.stop, page.has_previous, page.has_next) == expected


def test_a_sort_key_cursor_gives_back_its_key_and_id() -> None:
    cursor = encode_key_cursor(((0, "ministerio"),), "pe-mre")
    assert decode_key_cursor(cursor, lambda key: len(key) == 1) == (((0, "ministerio"),), "pe-mre")
    with pytest.raises(UserInputError, match="invalid cursor"):
        decode_key_cursor(cursor, lambda key: len(key) == 2)


@pytest.mark.parametrize(
    "field",
    [
        "institutions(last: 0)",
        'institutions(last: 0, orderBy: [{property: "name"}])',
        "institutions(last: 0, where: {name: {exists: true}})",
    ],
)
async def test_last_zero_is_an_empty_page_on_every_list(loaded: GraphStore, ontology: Ontology, field: str) -> None:
    # The filtered lists took `last: 0` for the whole list (a slice from -0).
    data = await execute(loaded, ontology, f"{{ {field} {{ edges {{ cursor }} pageInfo {{ hasPreviousPage }} }} }}")
    assert data["institutions"] == {"edges": [], "pageInfo": {"hasPreviousPage": True}}


LINKS = """{{ coordinationBody(id: "pe-mesa-migraciones") {{
  links(type: "MEMBER_OF", direction: IN, {args}) {{ edges {{ cursor }} pageInfo {{ hasNextPage hasPreviousPage }} }}
}} }}"""
INSTITUTIONS = "{{ institutions({args}) {{ edges {{ cursor }} pageInfo {{ hasNextPage hasPreviousPage }} }} }}"


@pytest.mark.parametrize(
    "args",
    [
        f'first: 2, after: "{encode_cursor("0")}"',
        f'last: 2, before: "{encode_cursor("zzz")}"',
        "first: 2",
        "last: 2",
    ],
)
async def test_relationships_page_as_the_lists_do(loaded: GraphStore, ontology: Ontology, args: str) -> None:
    # A node's relationships said there was a previous page after any cursor (and a next page before any), even
    # one before (after) every item; the lists, paged by the store, say whether there is one.
    links = (await execute(loaded, ontology, LINKS.format(args=args)))["coordinationBody"]["links"]
    institutions = (await execute(loaded, ontology, INSTITUTIONS.format(args=args)))["institutions"]
    assert len(links["edges"]) == len(institutions["edges"]) == 2
    assert links["pageInfo"] == institutions["pageInfo"]
