"""One run of the suite: its settings, the samples measured so far, and the machine it runs on."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from graph_api.model.ontology import Ontology, load_ontology

from .measure import Sample
from .report import write_results

__all__ = ["Run", "machine"]


@dataclass
class Run:
    quick: bool
    samples: list[Sample] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ontology: Ontology = field(default_factory=load_ontology)
    memory: dict[str, Any] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)
    warmup: int = 2

    @property
    def reps(self) -> int:
        return 7 if self.quick else 15

    def add(
        self, workload: str, size: str, store: str, times: dict[str, list[float]], roles: dict[str, str], note: str = ""
    ) -> None:
        for variant, values in times.items():
            self.samples.append(Sample(workload, size, store, variant, roles[variant], "s", values, note))

    def checkpoint(self, out: Path, done: str) -> None:
        """Write what is measured so far (a long run that stops still leaves its results)."""
        write_results(
            out,
            self.samples,
            self.memory,
            machine(),
            quick=self.quick,
            wall_seconds=time.perf_counter() - self.started,
            notes=[*self.notes, f"PARTIAL: the run is still going; last finished: {done}."],
        )


def machine() -> dict[str, Any]:
    versions = {}
    for package in ("migragraph", "strawberry-graphql", "starlette", "uvicorn", "neo4j", "networkx", "httpx2"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()  # noqa: S607
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "node": node,
        "neo4j_server": os.environ.get("NEO4J_VERSION", "5.26.31 (scripts/neo4j-dev.sh default)"),
        "packages": versions,
    }
