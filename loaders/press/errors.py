"""The errors raised when a source document cannot be read or extracted.

LoaderError                (loaders.errors)
 └── DocumentError         a document is unreadable, empty, too large, binary,
      │                    has no text, is not Spanish, or names no actor;
      │                    it names the file (and the line, where there is one)
      └── DocumentTooComplex  extracting it took longer than its time budget
"""

from __future__ import annotations

from pathlib import Path

from loaders.errors import LoaderError

__all__ = ["DocumentError", "DocumentTooComplex"]


class DocumentError(LoaderError):
    """A document cannot be used; nothing was extracted from it."""

    def __init__(self, path: Path, message: str, *, line: int | None = None) -> None:
        self.path = path
        self.message = message
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        # Raised in the extraction worker and raised again here: rebuilt from its parts, not from its message.
        return (_rebuild, (type(self), self.path, self.message, self.line))


class DocumentTooComplex(DocumentError):
    """Extracting the documents took longer than the time allowed; the worker was stopped, nothing was written."""


def _rebuild(cls: type[DocumentError], path: Path, message: str, line: int | None) -> DocumentError:
    return cls(path, message, line=line)
