"""The scale curve end to end in its quick mode: real stores, real `migragraph serve` processes, real requests.

It takes some seconds: two small graphs written into SQLite files, two servers, a few timed rounds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.scale import QUICK_SIZES
from bench.scale_requests import REQUESTS

REPO = Path(__file__).resolve().parents[2]


def test_the_quick_curve_times_every_request_at_every_size(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    subprocess.run(
        [sys.executable, "-m", "bench.scale", "--quick", "--out", str(tmp_path)], cwd=REPO, env=env, check=True
    )
    report = json.loads((tmp_path / "scale.json").read_text())
    [curve] = report["stores"]
    assert curve["store"] == "embedded"
    assert [s["requested"] for s in curve["sizes"]] == QUICK_SIZES
    assert all(s["actors"] > 0 and s["relationships"] > s["actors"] for s in curve["sizes"])
    assert list(curve["requests"]) == list(REQUESTS)
    for request, measured in curve["requests"].items():
        assert sorted(measured["by_size"]) == sorted(str(size) for size in QUICK_SIZES), request
        for timings in measured["by_size"].values():
            assert len(timings["seconds"]) >= 5, request
            assert all(seconds > 0 for seconds in timings["seconds"]), request
            assert 0 < timings["median_s"] <= timings["p95_s"], request
        assert measured["growth_largest_over_smallest"] > 0, request
    markdown = (tmp_path / "SCALE.md").read_text()
    assert all(f"`{request}`" in markdown for request in REQUESTS)
    assert all(f"{size['actors']:,} actors" in markdown for size in curve["sizes"])
