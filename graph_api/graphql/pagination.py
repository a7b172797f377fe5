"""Relay connections over keyset pages: a cursor names the last id seen, not an offset."""

from __future__ import annotations

import base64
import binascii
from typing import Generic, TypeVar

import strawberry

from graph_api.graphql.context import Context
from graph_api.model.errors import UserInputError
from graph_api.store.protocol import NodePage

__all__ = ["Connection", "PageInfo", "check_sizes", "decode_cursor", "encode_cursor", "page_args"]

T = TypeVar("T")
_PREFIX = "id:"


def encode_cursor(node_id: str) -> str:
    """An opaque cursor for the position just after `node_id` in id order."""
    return base64.urlsafe_b64encode(f"{_PREFIX}{node_id}".encode()).decode().rstrip("=")


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
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as err:
        raise UserInputError(f"invalid cursor {cursor!r}") from err
    node_id = raw[len(_PREFIX) :]
    if not raw.startswith(_PREFIX) or not node_id or not _control_free(node_id) or encode_cursor(node_id) != cursor:
        raise UserInputError(f"invalid cursor {cursor!r}")
    return node_id


def check_sizes(first: int | None, last: int | None, max_size: int) -> None:
    """Relay's rules on `first` and `last`, and the largest page."""
    if first is not None and last is not None:
        raise UserInputError("pass either 'first' or 'last', not both")
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= max_size:
            raise UserInputError(f"'{name}' must be between 0 and {max_size}")


def page_args(
    first: int | None, after: str | None, last: int | None, before: str | None, max_size: int
) -> dict[str, int | str | None]:
    """Check Relay arguments; forward paging with a default size unless `last` is given."""
    check_sizes(first, last, max_size)
    if last is None and before is not None:
        raise UserInputError("'before' goes with 'last'")
    if last is not None and after is not None:
        raise UserInputError("'after' goes with 'first'")
    # `is not None`, not truthiness: an empty cursor is a malformed one, not a request for the first page.
    if last is not None:
        return {"last": last, "before": decode_cursor(before) if before is not None else None}
    first = min(20, max_size) if first is None else first
    return {"first": first, "after": decode_cursor(after) if after is not None else None}


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
    def from_page(
        cls, label: str, page: NodePage, items: list[T], cursors: list[str] | None = None, total: int | None = None
    ) -> Connection[T]:
        keys = cursors if cursors is not None else [encode_cursor(n.id) for n in page.nodes]
        edges = [Edge(cursor=key, node=item) for key, item in zip(keys, items, strict=True)]
        info = PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return cls(edges=edges, page_info=info, label=label, total=total)
