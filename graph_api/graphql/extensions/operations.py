"""A document of several operations needs an operationName (GraphQL spec, "GetOperation"): Strawberry would
otherwise run the first one."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from graph_api.graphql import internals

__all__ = ["OperationNameRequired"]


class OperationNameRequired(SchemaExtension):
    """Refuse, before validation, a document of two or more operations sent without an operationName."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and internals.provided_operation_name(context) is None:
            operations = sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
            if operations > 1:
                error = GraphQLError(
                    f"The document has {operations} operations: send operationName to say which to run.",
                    extensions={"code": "OPERATION_NAME_REQUIRED"},
                )
                # After the validation cache's hook, which sets the document's validation errors.
                context.pre_execution_errors = [*(context.pre_execution_errors or []), error]
        yield
