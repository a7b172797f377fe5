"""The run's progress, on stderr (stdout stays free for the results)."""

from __future__ import annotations

import sys
import time

__all__ = ["log"]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
