"""Errors raised by loaders.

LoaderError
 └── DataFileError        one or more records are invalid; each problem names its file and line

A message quotes a value from a file with `quoted(value)`, never a bare repr: a
value can be megabytes long (or, through YAML aliases, far more), and the
message would be too.
"""

from __future__ import annotations

import reprlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_api.model.errors import MigragraphError

__all__ = ["MAX_QUOTED", "DataFileError", "LoaderError", "Problem", "quoted", "shortened"]

MAX_QUOTED = 200  # characters of a value quoted in a message
_MAX_MESSAGE = 1_000  # characters of one problem's message
_MAX_LISTED = 100  # problems listed in a DataFileError's message (all are in its `problems`)


class _Short(reprlib.Repr):
    """A repr cut short: a few items of each collection, a few levels, long strings cut in the middle."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel, self.maxdict, self.maxlist, self.maxtuple, self.maxset = 3, 4, 6, 6, 6
        self.maxstring, self.maxother, self.maxlong = 80, 80, 40

    def repr1(self, x: Any, level: int) -> str:
        # reprlib dispatches on the type's name: a dict or list subclass (the YAML reader's LineMapping) would
        # get the full built-in repr.
        if isinstance(x, dict) and type(x) is not dict:
            return self.repr_dict(x, level)
        if isinstance(x, list) and type(x) is not list:
            return self.repr_list(x, level)
        if isinstance(x, str) and type(x) is not str:
            return self.repr_str(str(x), level)
        return super().repr1(x, level)


_SHORT = _Short()


def shortened(text: str, limit: int = MAX_QUOTED) -> str:
    """`text`, cut in the middle to at most about `limit` characters."""
    if len(text) <= limit:
        return text
    keep = max(limit - 30, 10)
    return f"{text[: keep // 2]}… ({len(text) - keep:,} characters cut) …{text[-(keep - keep // 2) :]}"


def quoted(value: object) -> str:
    """A value's repr for a message: short whatever the value.

    >>> quoted("x" * 1000)[:12]
    "'xxxxxxxxxxx"
    >>> len(quoted(list(range(10**6)))) < 100
    True
    """
    return shortened(_SHORT.repr(value))


class LoaderError(MigragraphError):
    """Root of the loaders' errors."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a data file, and where."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {shortened(self.message, _MAX_MESSAGE)}"


class DataFileError(LoaderError):
    """Data files hold invalid records; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found; nothing was written"
        shown = [str(p) for p in self.problems[:_MAX_LISTED]]
        if count > _MAX_LISTED:
            shown.append(f"… and {count - _MAX_LISTED:,} more")
        super().__init__("\n".join([head, *shown]))
