"""The Strawberry schema, and its SDL as front-ends see it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql.error import GraphQLError
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from graph_api.graphql.execution.direct import install_direct_resolvers
from graph_api.graphql.execution.levels import LevelExecutionContext
from graph_api.graphql.execution.parse_cache import ParseOnce
from graph_api.graphql.extensions.cost import CostLimit
from graph_api.graphql.extensions.error_codes import ErrorCodes
from graph_api.graphql.extensions.limits import limits_rule
from graph_api.graphql.extensions.operations import OperationNameRequired
from graph_api.graphql.extensions.persisted import AutomaticQueries, PersistedOperations, load_documents
from graph_api.graphql.inputs import SCALARS
from graph_api.graphql.mutations.candidates import CandidateMutation
from graph_api.graphql.mutations.coverage import CoverageMutation
from graph_api.graphql.mutations.ingest import IngestMutation
from graph_api.graphql.pagination import default_page_size
from graph_api.graphql.queries.lists import Query
from graph_api.graphql.types import TYPE_BY_LABEL
from graph_api.settings import Settings

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
    # The limiters' rules are made once: a rule class made per request would make every request's validation
    # rules new, and the validation cache (keyed by document and rules) would never hit.
    # Our own rule rather than Strawberry's depth and alias limiters: theirs expand every fragment spread
    # where it occurs, exponential in a chain of fragments that spread the one before twice. A document
    # that expands to more fields than the cost budget could not run within it either.
    rules: list[type[ASTValidationRule]] = [
        limits_rule(max_depth=limits.max_depth, max_aliases=limits.max_aliases, max_fields=limits.max_cost)
    ]
    if not limits.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        # Parsing and validating the same document again cost most of a small query's time. Both caches are
        # keyed by what decides the outcome (the text and the token limit; the document and the rules), and
        # a document over a limit is refused every time (a failed parse is not cached, a failed validation is).
        ParseOnce,
        lambda: ValidationCache(maxsize=512),
        OperationNameRequired,
        (lambda: ErrorCodes(suggestions=limits.suggestions)),
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: AddValidationRules(rules),
        lambda: CostLimit(budget=limits.max_cost, default_page=default_page_size(limits.max_page_size)),
    ]
    documents = load_documents(limits.persisted_operations)
    automatic = AutomaticQueries(size=limits.apq_cache_size)
    extensions.insert(
        1, lambda: PersistedOperations(documents=documents, only=limits.persisted_only, automatic=automatic)
    )
    schema = _Schema(
        query=Query,
        mutation=Mutation,
        types=list(TYPE_BY_LABEL.values()),
        extensions=extensions,
        execution_context_class=LevelExecutionContext if limits.level_execution else None,
        config=StrawberryConfig(scalar_map=SCALARS),
    )
    if limits.direct_resolvers:
        install_direct_resolvers(schema)
    return schema


def schema_sdl() -> str:
    """The schema in SDL, as checked in at schema/schema.graphql."""
    return build_schema().as_str() + "\n"
