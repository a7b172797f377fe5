"""A short run of the soak (bench/soak.py): two server processes per store, editors and readers at once, then
acknowledged mutations = audit entries = stored state, and no request failed."""

from __future__ import annotations

from bench.soak import soak


async def test_a_short_soak_loses_nothing(store_url: str) -> None:
    kind = "neo4j" if store_url.startswith("bolt") else "embedded"
    result = await soak(store_url, kind, clients=8, seconds=4)
    assert result.error_samples == []
    assert result.mutations_acknowledged > 20
    assert (result.lost_writes, result.phantom_entries, result.stale_befores, result.state_mismatches) == (0, 0, 0, 0)
    assert result.audit_entries == result.mutations_acknowledged
    assert result.ok
