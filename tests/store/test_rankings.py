"""Count rankings (graph_api/store/rankings.py): both orders kept as counts move, and a bounded number kept."""

from __future__ import annotations

from graph_api.store.rankings import MAX_RANKINGS, CountRankings


def test_a_ranking_pages_both_orders_and_follows_its_counts() -> None:
    rankings = CountRankings()
    ranking = rankings.ranking(("Institution", "COVERS", True), lambda: [("b", 2), ("a", 2), ("c", 0)])
    assert ranking.page(descending=True, first=2, after=None) == ([(2, "a"), (2, "b")], True, False)
    ranking.moved("c", +3)
    ranking.drop("a")
    assert ranking.page(descending=True, first=5, after=None) == ([(3, "c"), (2, "b")], False, False)
    assert ranking.page(descending=False, first=5, after=(2, "b")) == ([(3, "c")], False, True)


def test_at_most_max_rankings_are_kept_the_least_recently_used_dropped() -> None:
    rankings = CountRankings()
    keys = [("Institution", f"T{i}", True) for i in range(MAX_RANKINGS + 1)]
    for key in keys[:MAX_RANKINGS]:
        rankings.ranking(key, lambda: [("a", 1)])
    assert rankings.get(keys[0]) is not None  # now the most recently used
    rankings.ranking(keys[-1], lambda: [("a", 1)])
    assert len(rankings.kept()) == MAX_RANKINGS
    assert rankings.get(keys[1]) is None and rankings.get(keys[0]) is not None
