"""Edits that read, then write on condition (GraphBatch.expect), tried again while what they read keeps changing."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from graph_api.model.errors import WriteConflict

__all__ = ["MAX_ATTEMPTS", "retried"]

T = TypeVar("T")
# Each try reads afresh, so under contention the edits serialise; past this many the caller is told to try again.
MAX_ATTEMPTS = 25


async def retried(edit: Callable[[], Awaitable[T]], what: str) -> T:
    """Run `edit` (which reads, then writes with expectations) until its write finds what it read.

    Raises WriteConflict (GraphQL code CONFLICT) when `what` changed under it MAX_ATTEMPTS times running.
    """
    for attempt in range(MAX_ATTEMPTS):
        try:
            return await edit()
        except WriteConflict:
            # A short random pause, growing with the tries, so that competing edits fall out of step.
            await asyncio.sleep(random.uniform(0, 0.002 * (attempt + 1)))
    raise WriteConflict(f"{what} was changed by concurrent edits {MAX_ATTEMPTS} times running; try again")
