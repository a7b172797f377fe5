"""Reading source documents (plain text, Markdown, HTML) into one normalised form.

`read_document(path)` returns a `SourceDocument`: its text with newlines
normalised and markup removed, its metadata, the sha256 of its bytes and its
format. Markdown and plain text may start with YAML front matter between two
`---` lines (title, publisher, published, url, language, country); HTML gives
its `<title>`, `<html lang>` and a few `<meta>` fields. Without a title, the
first non-empty line is the title.

Text is UTF-8, with or without a byte-order mark. Press releases saved on
Windows are often cp1252 or Latin-1: bytes that are not UTF-8 are decoded so
when the result reads as Spanish text, and `metadata["encoding"]` says which;
anything else is refused.

Only Spanish documents are supported: `require_spanish(doc)` (which the
extractor calls) refuses a document that declares another language or whose
words look English.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from loaders.errors import quoted
from loaders.press.decoding import decode, read_bytes
from loaders.press.errors import DocumentError
from loaders.press.front_matter import front_matter, front_matter_metadata, is_iso_date, iso_date
from loaders.press.html_text import html_text
from loaders.press.language import looks_english
from loaders.press.markdown_text import markdown_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DocumentFormat",
    "SourceDocument",
    "is_iso_date",
    "iso_date",
    "looks_english",
    "read_document",
    "require_spanish",
]

DEFAULT_MAX_BYTES = 25_000_000


class DocumentFormat(StrEnum):
    """How a document's file is written."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document's text and what is known about it.

    `text` has "\\n" newlines and no markup; extracted facts point into it by
    character offsets. `metadata` always has a `title`, and has `publisher`,
    `published` (an ISO date, possibly partial), `url`, `language`, `country`
    and `encoding` (when not UTF-8) where known.
    """

    path: Path
    text: str
    metadata: Mapping[str, str]
    checksum: str
    format: DocumentFormat

    @property
    def title(self) -> str:
        return self.metadata["title"]


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """Read the document at `path`; raise DocumentError saying why it cannot be used."""
    raw, checksum = read_bytes(path, max_bytes)
    text, encoding = decode(path, raw)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    document_format = _format_of(path, text)
    if document_format is DocumentFormat.HTML:
        body, metadata = html_text(text)
    else:
        front, body = front_matter(path, text)
        metadata = front_matter_metadata(path, front)
        if document_format is DocumentFormat.MARKDOWN:
            body = markdown_text(body)
    body = _tidy(body)
    if not body:
        raise DocumentError(path, "the document has no text")
    metadata.setdefault("title", next(line.strip() for line in body.splitlines() if line.strip()))
    if encoding is not None:
        metadata["encoding"] = encoding
    # Soft hyphens and zero-width characters ("Minis&shy;terio") would split words: they are not text.
    body = body.translate(_INVISIBLE)
    metadata = {key: value.translate(_INVISIBLE) for key, value in metadata.items()}
    return SourceDocument(path, body, metadata, checksum, document_format)


def _format_of(path: Path, text: str) -> DocumentFormat:
    suffix = path.suffix.lower()
    if suffix in {".md", ".markdown"}:
        return DocumentFormat.MARKDOWN
    if suffix in {".html", ".htm", ".xhtml"}:
        return DocumentFormat.HTML
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return DocumentFormat.HTML
    return DocumentFormat.TEXT


def _tidy(text: str) -> str:
    """Trailing spaces and the blank lines around the text removed."""
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n").rstrip()


def require_spanish(doc: SourceDocument) -> None:
    """Raise DocumentError unless `doc` is in Spanish: the extractor's patterns are Spanish only."""
    language = doc.metadata.get("language")
    if language and language.split("-")[0].strip().lower() != "es":
        raise DocumentError(doc.path, f"only Spanish documents are supported; this one is declared {quoted(language)}")
    if looks_english(doc.text):
        raise DocumentError(doc.path, "only Spanish documents are supported; this one looks English")
