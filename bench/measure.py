"""Interleaved repetitions and the statistics reported (medians, p95), for a noisy shared machine."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Sample", "interleaved", "p95"]

Action = Callable[[], Awaitable[Any]]


@dataclass
class Sample:
    """Repeated measurements of one variant of one workload on one store at one size."""

    workload: str
    size: str
    store: str
    variant: str
    role: str  # "subject" (migragraph), "floor" or "peer"
    unit: str  # "s" (lower is better) or "req/s" / "entities/s" (higher is better)
    values: list[float] = field(default_factory=list)
    note: str = ""
    entities: int = 0  # bulk load: nodes + relationships written

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def p95(self) -> float:
        return p95(self.values) if self.unit == "s" else p05(self.values)

    @property
    def higher_is_better(self) -> bool:
        return self.unit != "s"


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank; with few samples it is the maximum)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]


def p05(values: list[float]) -> float:
    """The 5th percentile (for rates, the slow tail)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.05 * len(ordered) + 0.5) - 1)]


async def interleaved(
    actions: Mapping[str, Action],
    *,
    warmup: int,
    repetitions: int,
    budget_seconds: float = 90.0,
    least: int = 5,
    warmup_seconds: float = 3.0,
) -> dict[str, list[float]]:
    """Seconds per call of each action: untimed warm-up rounds, then `repetitions` rounds, each
    round calling every action once in a rotated order so that drift on the machine hits all alike."""
    names = list(actions)
    round_seconds = 0.0
    # At least `warmup` rounds, and more until `warmup_seconds` have passed (at most 100): a freshly started
    # JVM (Neo4j) takes hundreds of queries before its compiled code settles, and two rounds left the first
    # size of a run measuring a cold server.
    warm_start = time.perf_counter()
    rounds = 0
    while rounds < warmup or (time.perf_counter() - warm_start < warmup_seconds and rounds < 100):
        start = time.perf_counter()
        for name in names:
            await actions[name]()
        round_seconds = time.perf_counter() - start
        rounds += 1
    # Slow workloads get fewer rounds (never fewer than `least`) so that one run stays within its time box.
    if round_seconds > 0:
        repetitions = max(least, min(repetitions, int(budget_seconds / round_seconds)))
    times: dict[str, list[float]] = {name: [] for name in names}
    for rep in range(repetitions):
        shift = rep % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            await actions[name]()
            times[name].append(time.perf_counter() - start)
    return times
