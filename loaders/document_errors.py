"""The error raised when a source document cannot be read or extracted.

LoaderError                (loaders.errors)
 └── DocumentError         a document is unreadable, empty, too large, binary,
                           has no text, is not Spanish, or names no actor;
                           it names the file (and the line, where there is one)
"""

from __future__ import annotations

from pathlib import Path

from .errors import LoaderError

__all__ = ["DocumentError"]


class DocumentError(LoaderError):
    """A document cannot be used; nothing was extracted from it."""

    def __init__(self, path: Path, message: str, *, line: int | None = None) -> None:
        self.path = path
        self.message = message
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")
