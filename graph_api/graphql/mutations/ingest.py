"""Feeding a document to the graph over GraphQL (an editor's key), as `migragraph ingest` does."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import strawberry

from graph_api.graphql.context import Context
from graph_api.graphql.mutations.coverage import new_audit_entry
from graph_api.graphql.types import AuditEntryType, Document
from graph_api.model.errors import UserInputError
from graph_api.services.auth import Role, require
from loaders.press.errors import DocumentError, DocumentTooComplex
from loaders.press.ingest import ingest_documents

__all__ = ["IngestMutation"]

Info = strawberry.Info[Context, None]
MAX_DOCUMENT_BYTES = 5_000_000
SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}


@strawberry.input(description="A document's text and what is known of it.")
class DocumentInput:
    text: str
    file_name: str = strawberry.field(description="Its name, whose ending (.txt, .md, .html) says how to read it.")
    title: str | None = None
    publisher: str | None = None
    published: str | None = strawberry.field(default=None, description="ISO 8601, possibly partial.")
    url: str | None = None
    language: str | None = None
    country: str | None = strawberry.field(
        default=None,
        description="The country it is about, ISO 3166-1 alpha-2 (PE): shared names such as 'la Cancillería' "
        "resolve to that country's body.",
    )
    accept_new: bool = strawberry.field(
        default=False, description="Write unknown actors and their facts as confirmed, not as candidates."
    )


@strawberry.type(description="What ingesting a document wrote.")
class IngestResult:
    document: Document | None
    facts: int
    candidates: int
    audit: AuditEntryType


@strawberry.type
class IngestMutation:
    @strawberry.mutation(description="Read a Spanish document into facts with provenance (editor key).")
    async def ingest_document(self, info: Info, input: DocumentInput) -> IngestResult:
        require(info.context.principal, Role.EDITOR)
        name = Path(input.file_name).name
        if Path(name).suffix.lower() not in SUFFIXES or name != input.file_name:
            raise UserInputError(f"'fileName' must be a plain file name ending in one of {sorted(SUFFIXES)}")
        raw = input.text.encode("utf-8")
        if len(raw) > MAX_DOCUMENT_BYTES:
            raise UserInputError(f"the document is larger than {MAX_DOCUMENT_BYTES:,} bytes", code="BAD_DOCUMENT")
        metadata = {k: getattr(input, k) for k in ("title", "publisher", "published", "url", "language", "country")}
        entry = new_audit_entry(info, "ingestDocument", name, None, json.dumps({"bytes": len(raw)}))
        with tempfile.TemporaryDirectory(prefix="migragraph-ingest-") as folder:
            path = Path(folder) / name
            path.write_bytes(raw)
            try:
                report = await ingest_documents(
                    info.context.store,
                    info.context.ontology,
                    [path],
                    metadata=metadata,
                    accept_new=input.accept_new,
                    audit=entry,
                    seconds=info.context.settings.ingest_seconds,
                )
            except DocumentTooComplex as err:
                raise UserInputError(err.message, code="DOCUMENT_TOO_COMPLEX") from err
            except DocumentError as err:
                raise UserInputError(err.message, code="BAD_DOCUMENT") from err
        [document] = await info.context.nodes.load_many([report.document_ids[0]])
        return IngestResult(
            document=Document(node=document) if document is not None else None,
            facts=report.facts,
            candidates=report.candidates,
            audit=AuditEntryType(entry=entry),
        )
