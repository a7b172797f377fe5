"""Every GraphQL error carries `extensions.code`; unexpected ones are masked."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql.error import GraphQLError
from strawberry.extensions import SchemaExtension

from graph_api.graphql import internals
from graph_api.model.errors import AccessDenied, StoreUnavailable, UserInputError, WriteConflict

__all__ = ["ErrorCodes"]

log = logging.getLogger("migragraph.api")


def _coded(error: GraphQLError, message: str, code: str) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={**(error.extensions or {}), "code": code},
    )


def classify(error: GraphQLError, *, suggestions: bool = True) -> GraphQLError:
    """The error as the client should see it; without `suggestions`, no hints at names in the schema."""
    original = error.original_error
    if original is None:
        default = "QUERY_TOO_COMPLEX" if internals.LIMIT_REFUSAL.search(error.message) else "GRAPHQL_VALIDATION_FAILED"
        code = (error.extensions or {}).get("code", default)
        message = error.message if suggestions else internals.SUGGESTION.sub("", error.message)
        return _coded(error, message, str(code))
    if internals.is_variable_coercion_error(error):
        # A variable that does not coerce to its type: graphql-core wraps the reason.
        return _coded(error, error.message, "BAD_USER_INPUT")
    if isinstance(original, UserInputError | AccessDenied):
        return _coded(error, str(original), original.code)
    if isinstance(original, WriteConflict):
        return _coded(error, str(original), "CONFLICT")
    if isinstance(original, StoreUnavailable):
        return _coded(error, "The graph store is unavailable; try again shortly.", "STORE_UNAVAILABLE")
    log.error("unexpected error at %s", error.path, exc_info=original)
    return _coded(error, "Unexpected error.", "INTERNAL_SERVER_ERROR")


class ErrorCodes(SchemaExtension):
    """Give every error a code and hide the details of unexpected ones."""

    def __init__(self, *, suggestions: bool = True) -> None:
        self.suggestions = suggestions

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [classify(e, suggestions=self.suggestions) for e in result.errors]
