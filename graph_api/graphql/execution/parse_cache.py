"""Parse each distinct query text once.

Strawberry's own ParserCache raises a parse error from inside its hook, where no extension sees it, so the
error would lose its code. This one only fills in documents that parse; for a text that does not, Strawberry
parses it again itself and reports the error as usual. The key includes the parse options (the token limit),
and a failure is never cached: a text over the limit is refused every time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, parse
from strawberry.extensions import SchemaExtension

from graph_api.graphql import internals

__all__ = ["ParseOnce"]


@lru_cache(maxsize=512)
def _parse(query: str, options: tuple[tuple[str, Any], ...]) -> DocumentNode:
    return parse(query, **dict(options))


class ParseOnce(SchemaExtension):
    """Reuse the document of a query text parsed before (with the same options)."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is None:
            with contextlib.suppress(GraphQLError, TypeError):  # TypeError: options that cannot be a key
                internals.supply_document(context, _parse(context.query, internals.parse_key(context)))
        yield
