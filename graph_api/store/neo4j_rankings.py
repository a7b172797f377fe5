"""The Neo4j store's count rankings (graph_api.store.rankings), kept in this process for one graph version.

Neo4j cannot index a node's number of relationships: ordering a label by it reads every node's degree (164 ms
a page at 10^5 institutions, 7.5× the time at 10^4). So the store keeps the rankings asked for, as the
embedded store does, tagged with the graph version (`_Meta.version`, which every write bumps) they hold for:

- a read first reads the version (one small query); a ranking made for another version is dropped and made
  again from one Cypher statement (every node of the label with its count);
- this process's own writes move the rankings: the write's transaction returns the version it made, and if
  the rankings held for the version just before it, the nodes the write touched are counted again (one
  statement per ranking kept) and the rankings take the new version. A write by another process shows as a
  version this process did not make, and the rankings are made again on the next read.

One lock serialises reads and updates of the rankings, so a ranking is never read half moved.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from graph_api.model.records import GraphBatch
from graph_api.store import cypher
from graph_api.store.rankings import CountRankings, RankingKey

__all__ = ["RankingCache"]

# Runs a statement that collects its answer into `rows`, with parameters.
Read = Callable[..., Awaitable[list[Any]]]


class RankingCache:
    __slots__ = ("_lock", "_rankings", "_version")

    def __init__(self) -> None:
        self._rankings = CountRankings()
        self._version: int | None = None
        self._lock = asyncio.Lock()

    async def page(
        self,
        version: int,
        key: RankingKey,
        read: Read,
        *,
        descending: bool,
        first: int,
        after: tuple[float, str] | None,
    ) -> tuple[list[tuple[int, str]], bool, bool]:
        """The page of the ranking of `key` as it is at `version` (read just before): (count, id) rows,
        whether more follow, whether any precede."""
        async with self._lock:
            if version != self._version:
                self._rankings.clear()
                self._version = version
            ranking = self._rankings.get(key)
            if ranking is None:
                label, rel, out = key
                every, _ = cypher.relationship_counts(label, rel, out=out)
                rows = await read(every)
                ranking = self._rankings.put(key, ((str(i), int(c)) for i, c in rows))
            return ranking.page(descending=descending, first=first, after=after)

    async def written(self, version: int, batch: GraphBatch, read: Read) -> None:
        """This process's write `batch` made the graph `version`: move the rankings, or drop them."""
        async with self._lock:
            if self._version is None or version != self._version + 1:
                self._rankings.clear()
                self._version = None
                return
            for key in self._rankings.kept():
                await self._recount(key, batch, read)
            self._version = version

    async def _recount(self, key: RankingKey, batch: GraphBatch, read: Read) -> None:
        label, rel, out = key
        ends: Sequence[Any] = (*batch.edges, *batch.remove_edges)
        ids = {e.start if out else e.end for e in ends if e.type == rel} | {n.id for n in batch.nodes}
        ranking = self._rankings.get(key)
        if not ids or ranking is None:
            return
        _, some = cypher.relationship_counts(label, rel, out=out)
        for node_id, node_label, count in await read(some, ids=sorted(ids)):
            if node_label == label:
                ranking.put(str(node_id), int(count))
            else:
                ranking.drop(str(node_id))
