"""The GraphQL the query workloads send, and the counts that check every variant gave the same answer."""

from __future__ import annotations

from typing import Any

__all__ = ["COVERAGE_PLACE", "NESTED_BODIES", "count_fields", "count_ids", "neo4j_graphql_query", "nested_query"]

NESTED_BODIES = 9  # ~1,000 objects: 9 bodies, ~270 members, ~700 covered needs
COVERAGE_PLACE = "syn-region-03"


def nested_query(first: int) -> str:
    return (
        f"{{ coordinationBodies(first: {first}) {{ edges {{ node {{ id name members {{ node {{ id name "
        f"covers {{ node {{ id name }} }} }} }} }} }} }} }}"
    )


def neo4j_graphql_query(first: int) -> str:
    """The nested query in @neo4j/graphql's dialect (lists with `limit` and `sort` instead of connections)."""
    return (
        f"{{ coordinationBodies(limit: {first}, sort: [{{id: ASC}}]) {{ id name members(sort: [{{id: ASC}}]) "
        f"{{ id name covers(sort: [{{id: ASC}}]) {{ id name }} }} }} }}"
    )


def count_ids(payload: Any) -> int:
    if isinstance(payload, dict):
        return ("id" in payload) + sum(count_ids(v) for v in payload.values())
    if isinstance(payload, list):
        return sum(count_ids(v) for v in payload)
    return 0


def count_fields(payload: Any) -> int:
    """Resolved fields in a response: every key of every object (list items are not fields)."""
    if isinstance(payload, dict):
        return len(payload) + sum(count_fields(v) for v in payload.values())
    if isinstance(payload, list):
        return sum(count_fields(v) for v in payload)
    return 0
