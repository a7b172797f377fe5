"""What the command line shows besides its reports: progress bars on a terminal, and what a dry run would write.

Progress bars are drawn with rich, on standard error and only when it is a terminal: piped or redirected,
the command prints its report alone. Nothing below the command line imports rich; the loaders report
progress through graph_api.model.progress.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as Bars

from graph_api.model.progress import Progress, no_progress
from graph_api.model.records import Direction, GraphBatch
from graph_api.settings import redact_url
from graph_api.store.protocol import GraphStore

__all__ = ["Plan", "dry_run_report", "progress_bars"]


class Plan(Protocol):
    """What a loader would write (LoadPlan, ImportPlan, IngestPlan): its text says what it read."""

    @property
    def batch(self) -> GraphBatch: ...


@contextmanager
def progress_bars(stream: TextIO | None = None) -> Iterator[Progress]:
    """A Progress that draws a bar a stage on `stream` (standard error) while inside, if it is a terminal;
    otherwise one that shows nothing. The bars are cleared on leaving, before the command prints its report."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield no_progress
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # Not redirected: the command's own output stays on standard output, wherever that goes.
    with Bars(
        *columns, console=Console(file=stream), transient=True, redirect_stdout=False, redirect_stderr=False
    ) as bars:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], completed=done, total=total)

        yield advance


def _counts(title: str, counts: Counter[str], new: Counter[str]) -> list[str]:
    lines = [f"{title}: {counts.total()} ({new.total()} new)"]
    lines += [f"  {key:<24} {count:>6} ({new[key]} new)" for key, count in sorted(counts.items())]
    return lines


async def dry_run_report(store: GraphStore, plan: Plan) -> str:
    """What writing the plan's batch would do to `store`, by label and by type, under what the loader read:
    nodes and relationships the store lacks count as new, the others would be merged with the stored ones."""
    batch = plan.batch
    stored_nodes = await store.get_nodes([node.id for node in batch.nodes])
    nodes = Counter(node.label for node in batch.nodes)
    new_nodes = Counter(node.label for node, stored in zip(batch.nodes, stored_nodes, strict=True) if stored is None)
    starts: dict[str, set[str]] = {}
    for edge in batch.edges:
        starts.setdefault(edge.type, set()).add(edge.start)
    stored_edges = {
        (edge.type, edge.start, edge.end)
        for rel_type, ids in starts.items()
        for found in await store.relations(sorted(ids), rel_type, Direction.OUT)
        for edge in found
    }
    edges = Counter(edge.type for edge in batch.edges)
    new_edges = Counter(e.type for e in batch.edges if (e.type, e.start, e.end) not in stored_edges)
    return "\n".join(
        [
            f"dry run: nothing was written to {redact_url(store.location)} ({store.kind})",
            str(plan),
            *_counts("nodes it would write", nodes, new_nodes),
            *_counts("relationships it would write", edges, new_edges),
        ]
    )
