"""Persisted operations: a client may send a document's SHA-256 instead of its text.

Two sources of documents, both keyed by the SHA-256 (hex) of the text:

- a deployment's allow-list, MIGRAGRAPH_PERSISTED_OPERATIONS, a JSON file of {"<sha256>": "<document>"};
  with MIGRAGRAPH_PERSISTED_ONLY=1 nothing else runs;
- Apollo's Automatic Persisted Queries (APQ): a client sends the hash alone, and on
  `PERSISTED_QUERY_NOT_FOUND` sends the hash with the text, which is checked against the hash and kept in a
  bounded cache (MIGRAGRAPH_APQ_CACHE_SIZE documents of at most MAX_REGISTERED_CHARACTERS, least recently used
  out first) for later hash-only calls. Only a document that parses and validates is kept, and never in
  allow-list mode, where registering would let any client widen the list.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from graph_api.graphql import internals
from graph_api.model.errors import MigragraphError

__all__ = ["AutomaticQueries", "PersistedOperations", "document_hash", "load_documents"]

APQ_VERSION = 1
HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
# A document longer than this runs but is not kept: comments and long strings pass the token limit, and a
# thousand request-sized documents would hold a gigabyte.
MAX_REGISTERED_CHARACTERS = 20_000


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


class AutomaticQueries:
    """The documents clients registered by APQ: at most `size`, the least recently used dropped first.

    >>> cache = AutomaticQueries(size=1)
    >>> cache.register("a", "{ a }"); cache.register("b", "{ b }")
    >>> cache.get("a"), cache.get("b")
    (None, '{ b }')
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._documents: OrderedDict[str, str] = OrderedDict()

    def get(self, digest: str) -> str | None:
        document = self._documents.get(digest)
        if document is not None:
            self._documents.move_to_end(digest)
        return document

    def register(self, digest: str, document: str) -> None:
        if self.size <= 0 or len(document) > MAX_REGISTERED_CHARACTERS:
            return
        self._documents[digest] = document
        self._documents.move_to_end(digest)
        while len(self._documents) > self.size:
            self._documents.popitem(last=False)


def _refusal(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


class PersistedOperations(SchemaExtension):
    """Fill in a document sent by hash, check a hash sent with its document, register it for APQ; with `only`,
    refuse documents that are not on the allow-list."""

    def __init__(self, *, documents: Mapping[str, str], only: bool, automatic: AutomaticQueries) -> None:
        self.documents = documents
        self.only = only
        self.automatic = automatic
        self._register: str | None = None

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        persisted = internals.persisted_query(context)
        if persisted is not None:
            version, digest = persisted
            # Apollo's clients send version 1; a client that names none (as allow-list clients did) means it too.
            if version not in (None, APQ_VERSION):
                raise _refusal(f"Unsupported persisted query version {version!r}: send 1.", "PERSISTED_QUERY_VERSION")
            if context.query is None:
                document = self.documents.get(digest) or (None if self.only else self.automatic.get(digest))
                if document is None:
                    # Apollo's clients recognise this message and code, and send the query with its hash.
                    raise _refusal("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
                internals.supply_query(context, document)
            elif document_hash(context.query) != digest:
                raise _refusal("The query's SHA-256 is not the sha256Hash sent with it.", HASH_MISMATCH)
            elif not self.only and digest not in self.documents:
                self._register = digest
        if self.only and (context.query is None or document_hash(context.query) not in self.documents):
            raise _refusal("only persisted operations are allowed here", "PERSISTED_QUERY_REQUIRED")
        yield

    def on_validate(self) -> Iterator[None]:
        yield
        context = self.execution_context
        if self._register is not None and context.query is not None and not context.pre_execution_errors:
            self.automatic.register(self._register, context.query)
