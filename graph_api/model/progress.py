"""How a long task tells its caller how far it has got, without knowing how that is shown.

The command line draws progress bars on a terminal (graph_api/console.py); other callers pass nothing, and
the task tells `no_progress`. So the loaders and services report progress without depending on a console
library.
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["Progress", "no_progress"]


class Progress(Protocol):
    """Told `done` of the `total` steps of `stage` are finished: with 0 when the stage starts, then after
    each step. `stage` is a few words ("reading sheets"); a task may go through several, one after another."""

    def __call__(self, stage: str, done: int, total: int) -> None: ...


def no_progress(stage: str, done: int, total: int) -> None:
    """The Progress that shows nothing."""
