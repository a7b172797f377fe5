"""Persisted operations: a client may send a document's SHA-256 instead of its text, and a deployment may
allow only the documents it knows (MIGRAGRAPH_PERSISTED_OPERATIONS names a JSON file of
{"<sha256 hex>": "<document>"}; MIGRAGRAPH_PERSISTED_ONLY=1 refuses any other)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from graph_api.graphql import internals
from graph_api.model.errors import MigragraphError

__all__ = ["PersistedOperations", "document_hash", "load_documents"]


def document_hash(document: str) -> str:
    """The SHA-256 (hex) a document is persisted under."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def load_documents(path: str | None) -> dict[str, str]:
    """The persisted documents, checked: each key must be its document's hash."""
    if not path:
        return {}
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise MigragraphError(f"cannot read the persisted operations {path}: {err}") from err
    if not isinstance(raw, dict):
        raise MigragraphError(f"{path}: expected an object of sha256 → document")
    for key, document in raw.items():
        if not isinstance(document, str) or document_hash(document) != key:
            raise MigragraphError(f"{path}: {key!r} is not the SHA-256 of its document")
    return dict(raw)


class PersistedOperations(SchemaExtension):
    """Fill in a document sent by hash; with `only`, refuse documents that are not persisted."""

    def __init__(self, *, documents: Mapping[str, str], only: bool) -> None:
        self.documents = documents
        self.only = only

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        digest = internals.persisted_hash(context)
        if context.query is None and digest is not None:
            if digest not in self.documents:
                raise GraphQLError("PersistedQueryNotFound", extensions={"code": "PERSISTED_QUERY_NOT_FOUND"})
            internals.supply_query(context, self.documents[digest])
        elif self.only and (context.query is None or document_hash(context.query) not in self.documents):
            raise GraphQLError(
                "only persisted operations are allowed here", extensions={"code": "PERSISTED_QUERY_REQUIRED"}
            )
        yield
