"""bench.profile: each workload runs through the schema on a real store, with its store calls counted."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from bench.profile import profile


def test_the_profile_times_each_workload_and_counts_its_store_calls(tmp_path: Path) -> None:
    report = asyncio.run(profile(str(tmp_path / "graph.db"), 300, repetitions=2, top=3))
    sections = re.findall(r"^## (.+?): ([\d.]+) ms median of 2; (\d+) store calls", report, re.M)
    assert [name for name, _, _ in sections] == ["nested 3-level query", "coverage matrix, one region", "shortest path"]
    assert all(float(ms) > 0 and int(calls) >= 1 for _, ms, calls in sections)
    assert "tottime" in report  # the cProfile table follows each
