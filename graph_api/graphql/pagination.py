"""Relay connections over keyset pages: a cursor names the last position seen (an id, or a sort key and an id),
never an offset, so pages neither skip nor repeat items when others are inserted or deleted between them.

Every list of the API pages here: the store's id-ordered lists (`page_args` for `GraphStore.page_nodes`), and the
lists sorted in memory, a node's relationships and the filtered lists (`window` over their positions).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import orjson
import strawberry

from graph_api.graphql.context import Context
from graph_api.model.errors import UserInputError
from graph_api.store.protocol import NodePage

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "Connection",
    "Edge",
    "PageArgs",
    "PageInfo",
    "Window",
    "check_count",
    "check_first",
    "check_sizes",
    "connection_type",
    "decode_cursor",
    "decode_key_cursor",
    "default_page_size",
    "encode_cursor",
    "encode_key_cursor",
    "page_args",
    "window",
]

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 20
_PREFIX = "id:"
_KEY_TAG = "k"


def default_page_size(max_page_size: int) -> int:
    """How many items a list gives when neither `first` nor `last` is asked for."""
    return min(DEFAULT_PAGE_SIZE, max_page_size)


def _unpadded_base64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _base64_decoded(cursor: str) -> bytes:
    return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))


def encode_cursor(node_id: str) -> str:
    """An opaque cursor for the position just after `node_id` in id order."""
    return _unpadded_base64(f"{_PREFIX}{node_id}".encode())


def _control_free(text: str) -> bool:
    return not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text)


def decode_cursor(cursor: str) -> str:
    """The id a cursor points at; UserInputError if it is not one of ours.

    Only the exact text `encode_cursor` makes is taken: base64 decoding skips characters outside its
    alphabet, and an empty or control-character id (`aWQ6`, `aWQ6AAAA`) would sort before every id, so
    such cursors were read as the start of the list.

    >>> decode_cursor(encode_cursor("pe-mre"))
    'pe-mre'
    """
    try:
        raw = _base64_decoded(cursor).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as err:
        raise UserInputError(f"invalid cursor {cursor!r}") from err
    node_id = raw[len(_PREFIX) :]
    if not raw.startswith(_PREFIX) or not node_id or not _control_free(node_id) or encode_cursor(node_id) != cursor:
        raise UserInputError(f"invalid cursor {cursor!r}")
    return node_id


def encode_key_cursor(key: Sequence[Any], node_id: str) -> str:
    """An opaque cursor for the position just after (`key`, `node_id`) in a list sorted by a key, then by id."""
    return _unpadded_base64(json.dumps([_KEY_TAG, list(key), node_id]).encode())


def _frozen(value: Any) -> Any:
    """JSON's lists back into the tuples the sort keys were."""
    return tuple(_frozen(v) for v in value) if isinstance(value, list | tuple) else value


def decode_key_cursor(cursor: str, well_formed_key: Callable[[list[Any]], bool]) -> tuple[tuple[Any, ...], str]:
    """The sort key and id of a cursor `encode_key_cursor` made; UserInputError unless its key is well formed
    for the list (a key of another shape would not compare with the list's keys)."""
    try:
        # orjson: it refuses JSON nested past 1024 levels, where the json module recursed until it failed.
        tag, key, node_id = orjson.loads(_base64_decoded(cursor))
    except (binascii.Error, ValueError, TypeError) as err:
        raise UserInputError(f"invalid cursor {cursor!r}") from err
    # Only the exact text encode_key_cursor makes, and a real id (an empty one would sort before every row).
    well_formed = (
        tag == _KEY_TAG
        and isinstance(key, list)
        and well_formed_key(key)
        and isinstance(node_id, str)
        and bool(node_id)
        and encode_key_cursor(key, node_id) == cursor
    )
    if not well_formed:
        raise UserInputError(f"invalid cursor {cursor!r}")
    return _frozen(key), node_id


def check_count(name: str, value: int, low: int, high: int) -> None:
    """Refuse a size argument outside `low`..`high` (UserInputError naming the argument and the range)."""
    if not low <= value <= high:
        raise UserInputError(f"'{name}' must be between {low} and {high}")


def check_first(first: int, max_size: int) -> None:
    """A plain list's `first` (a list, not a connection: it answers at least one item)."""
    check_count("first", first, 1, max_size)


def check_sizes(first: int | None, last: int | None, max_size: int) -> None:
    """Relay's rules on `first` and `last`, and the largest page."""
    if first is not None and last is not None:
        raise UserInputError("pass either 'first' or 'last', not both")
    for name, value in (("first", first), ("last", last)):
        if value is not None:
            check_count(name, value, 0, max_size)


@dataclass(frozen=True, slots=True)
class PageArgs:
    """Checked Relay arguments over an id-ordered list: `first` ids after `after`, or `last` before `before`."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


def page_args(first: int | None, after: str | None, last: int | None, before: str | None, max_size: int) -> PageArgs:
    """Check Relay arguments; forward paging with a default size unless `last` is given."""
    check_sizes(first, last, max_size)
    if last is None and before is not None:
        raise UserInputError("'before' goes with 'last'")
    if last is not None and after is not None:
        raise UserInputError("'after' goes with 'first'")
    # `is not None`, not truthiness: an empty cursor is a malformed one, not a request for the first page.
    if last is not None:
        return PageArgs(last=last, before=decode_cursor(before) if before is not None else None)
    first = default_page_size(max_size) if first is None else first
    return PageArgs(first=first, after=decode_cursor(after) if after is not None else None)


@dataclass(frozen=True, slots=True)
class Window:
    """The slice `[start:stop]` of a sorted list that a page shows, and whether items lie on either side."""

    start: int
    stop: int
    has_previous: bool
    has_next: bool


def window(
    positions: Sequence[tuple[Any, ...]],
    *,
    first: int | None = None,
    after: tuple[Any, ...] | None = None,
    last: int | None = None,
    before: tuple[Any, ...] | None = None,
) -> Window:
    """The page of sorted `positions` that lies after `after` and before `before`, cut to `first` or `last`.

    >>> window([("a",), ("b",), ("c",)], first=1, after=("a",))
    Window(start=1, stop=2, has_previous=True, has_next=True)
    """
    # A scan, not a bisection: every position is compared, so a cursor from a list sorted another way fails
    # (a TypeError for the caller) rather than landing somewhere.
    start, stop = 0, len(positions)
    if after is not None:
        start = next((p for p, here in enumerate(positions) if here > after), len(positions))
    if before is not None:
        stop = next((p for p, here in enumerate(positions) if here >= before), len(positions))
    has_previous, has_next = start > 0, stop < len(positions)
    if first is not None and stop - start > first:
        stop, has_next = start + first, True
    if last is not None and stop - start > last:
        start, has_previous = stop - last, True
    return Window(start, stop, has_previous, has_next)


@strawberry.type(description="Where a page sits in its list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a connection and its cursor.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list, Relay style.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    label: strawberry.Private[str]
    total: strawberry.Private[int | None] = None

    @strawberry.field(description="The size of the whole list (costs a count; ask only when needed).")
    async def total_count(self, info: strawberry.Info[Context, None]) -> int:
        if self.total is not None:
            return self.total
        return await info.context.store.count_nodes(self.label)

    @classmethod
    def of(
        cls,
        label: str,
        items: Sequence[T],
        cursors: Sequence[str],
        *,
        has_next: bool,
        has_previous: bool,
        total: int | None = None,
    ) -> Connection[T]:
        """A page of `items` with their `cursors`; `total` is the whole list's size when known (else counted)."""
        edges = [Edge(cursor=key, node=item) for key, item in zip(cursors, items, strict=True)]
        info = PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return cls(edges=edges, page_info=info, label=label, total=total)

    @classmethod
    def from_page(cls, label: str, page: NodePage, items: Sequence[T]) -> Connection[T]:
        """The connection of a page the store read in id order."""
        cursors = [encode_cursor(n.id) for n in page.nodes]
        return cls.of(label, items, cursors, has_next=page.has_next, has_previous=page.has_previous)


def connection_type(item_type: type[T]) -> object:
    """`Connection[item_type]` for Strawberry, made at run time for a type known only then (a field factory's).

    mypy takes a type application only of types it knows statically, hence the detour through `Any`.
    """
    generic: Any = Connection
    return generic[item_type]
