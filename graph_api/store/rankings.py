"""Count rankings: the nodes of a label in the order of how many relationships of one type they have in one
direction, kept sorted as the graph changes, so that a page of `orderBy: relationshipCount` reads only the
page. Neither store can index a count (Neo4j reads a degree per node, and ordering a label by it reads the
label), so both keep these.

A ranking is made the first time a (label, type, direction) is asked for, from the store (the label's nodes,
their counts), and from then on moved at each relationship written or removed: O(log n) a change. Each
ranking holds both orders (ascending and descending counts, each then by id), as `(signed count, id)`. At
most MAX_RANKINGS are kept, the least recently used dropped first (each costs about 250 bytes a node).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sortedcontainers import SortedList

__all__ = ["MAX_RANKINGS", "CountRanking", "CountRankings", "RankingKey"]

MAX_RANKINGS = 8

# (label, relationship type, True for outgoing)
RankingKey = tuple[str, str, bool]


@dataclass(slots=True)
class CountRanking:
    """The nodes of one label by their count of one (type, direction): `(count, id)` and `(-count, id)`."""

    counts: dict[str, int] = field(default_factory=dict)
    ascending: SortedList[tuple[float, str]] = field(default_factory=SortedList)
    descending: SortedList[tuple[float, str]] = field(default_factory=SortedList)

    def put(self, node_id: str, count: int) -> None:
        old = self.counts.get(node_id)
        if old == count:
            return
        if old is not None:
            self.ascending.remove((old, node_id))
            self.descending.remove((-old, node_id))
        self.counts[node_id] = count
        self.ascending.add((count, node_id))
        self.descending.add((-count, node_id))

    def drop(self, node_id: str) -> None:
        old = self.counts.pop(node_id, None)
        if old is not None:
            self.ascending.remove((old, node_id))
            self.descending.remove((-old, node_id))

    def moved(self, node_id: str, delta: int) -> None:
        if node_id in self.counts:
            self.put(node_id, self.counts[node_id] + delta)

    def page(
        self, *, descending: bool, first: int, after: tuple[float, str] | None
    ) -> tuple[list[tuple[int, str]], bool, bool]:
        """The `first` (count, id) after the position `after` (signed count, id), whether more follow, whether
        any precede."""
        order = self.descending if descending else self.ascending
        start = order.bisect_right(after) if after is not None else 0
        stop = min(len(order), start + first)
        rows = [(int(abs(signed)), node_id) for signed, node_id in order.islice(start, stop)]
        return rows, stop < len(order), start > 0


class CountRankings:
    """Every ranking asked for so far, kept up to date by the store's writes."""

    __slots__ = ("_rankings",)

    def __init__(self) -> None:
        self._rankings: dict[RankingKey, CountRanking] = {}

    def kept(self) -> list[RankingKey]:
        return list(self._rankings)

    def get(self, key: RankingKey) -> CountRanking | None:
        """The ranking of `key` if it is kept (now the most recently used)."""
        found = self._rankings.pop(key, None)
        if found is not None:
            self._rankings[key] = found
        return found

    def put(self, key: RankingKey, members: Iterable[tuple[str, int]]) -> CountRanking:
        """Keep the ranking of `key` made from `members` (each node of the label and its count)."""
        made = CountRanking()
        pairs = sorted(members)
        made.counts = dict(pairs)
        made.ascending = SortedList((count, node_id) for node_id, count in pairs)
        made.descending = SortedList((-count, node_id) for node_id, count in pairs)
        self._rankings.pop(key, None)
        self._rankings[key] = made
        while len(self._rankings) > MAX_RANKINGS:
            del self._rankings[next(iter(self._rankings))]
        return made

    def ranking(self, key: RankingKey, members: Callable[[], Iterable[tuple[str, int]]]) -> CountRanking:
        """The ranking of `key`, made from `members` if it is not kept."""
        return self.get(key) or self.put(key, members())

    def clear(self) -> None:
        self._rankings.clear()

    def node_added(self, node_id: str, label: str, count: Callable[[str, bool], int]) -> None:
        """Put a node that now carries `label` into that label's rankings (`count(type, outgoing)`)."""
        for (ranked_label, rel_type, out), ranking in self._rankings.items():
            if ranked_label == label:
                ranking.put(node_id, count(rel_type, out))

    def node_removed(self, node_id: str, label: str) -> None:
        for (ranked_label, _, _), ranking in self._rankings.items():
            if ranked_label == label:
                ranking.drop(node_id)

    def edge_changed(self, rel_type: str, start: tuple[str, str], end: tuple[str, str], delta: int) -> None:
        """One relationship of `rel_type` from `start` to `end` (each (id, label)) came (+1) or went (-1)."""
        outgoing = self._rankings.get((start[1], rel_type, True))
        if outgoing is not None:
            outgoing.moved(start[0], delta)
        incoming = self._rankings.get((end[1], rel_type, False))
        if incoming is not None:
            incoming.moved(end[0], delta)
