"""Errors raised by loaders.

LoaderError
 └── DataFileError        one or more records are invalid; each problem names its file and line
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graph_api.errors import MigragraphError

__all__ = ["DataFileError", "LoaderError", "Problem"]


class LoaderError(MigragraphError):
    """Root of the loaders' errors."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a data file, and where."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class DataFileError(LoaderError):
    """Data files hold invalid records; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found; nothing was written"
        super().__init__("\n".join([head, *(str(p) for p in self.problems)]))
