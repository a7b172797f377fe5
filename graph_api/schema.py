"""The Strawberry schema, and its SDL as front-ends see it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql.error import GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from .candidates import CandidateMutation
from .cost import CostLimit
from .direct_resolvers import install_direct_resolvers
from .error_codes import ErrorCodes
from .ingest_api import IngestMutation
from .mutations import CoverageMutation
from .persisted import PersistedOperations, load_documents
from .query import Query
from .settings import Settings
from .types import TYPE_BY_LABEL

__all__ = ["build_schema", "schema_sdl"]


@strawberry.type
class Mutation(CoverageMutation, CandidateMutation, IngestMutation):
    pass


class _Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        # ErrorCodes logs the unexpected errors; a client's mistake is not worth a traceback.
        return None


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The GraphQL schema of migragraph, with the limits `settings` set against abusive queries."""
    limits = settings or Settings(store="")
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        # Validating the same document again costs most of a small query's time. (A parser cache would bypass
        # the token limit, which is enforced while parsing.)
        lambda: ValidationCache(maxsize=512),
        (lambda: ErrorCodes(suggestions=limits.suggestions)),
        lambda: QueryDepthLimiter(max_depth=limits.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=limits.max_aliases),
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: CostLimit(budget=limits.max_cost, default_page=min(20, limits.max_page_size)),
    ]
    if limits.persisted_operations or limits.persisted_only:
        documents = load_documents(limits.persisted_operations)
        extensions.insert(1, lambda: PersistedOperations(documents=documents, only=limits.persisted_only))
    if not limits.introspection:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    schema = _Schema(
        query=Query,
        mutation=Mutation,
        types=list(TYPE_BY_LABEL.values()),
        extensions=extensions,
    )
    if limits.direct_resolvers:
        install_direct_resolvers(schema)
    return schema


def schema_sdl() -> str:
    """The schema in SDL, as checked in at schema/schema.graphql."""
    return build_schema().as_str() + "\n"
