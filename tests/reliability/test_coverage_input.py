"""addCoverage and updateCoverage refuse a period that ends before it starts, as the 3W import does."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.conftest import EDITOR_KEY, as_

ADD = """mutation($input: CoverageInput!) { addCoverage(input: $input) { audit { id } } }"""
UPDATE = """mutation($input: CoverageInput!) { updateCoverage(input: $input) { audit { id } } }"""


def coverage(since: str, until: str) -> dict[str, object]:
    return {
        "actor": "pe-inei",
        "need": "nutrition",
        "sources": ["doc-mre-mesa-migraciones"],
        "since": since,
        "until": until,
    }


@pytest.mark.parametrize(
    ("since", "until"), [("2024-05", "2024-04"), ("2024", "2023-12-31"), ("2024-03-02", "2024-03-01")]
)
def test_a_period_that_ends_before_it_starts_is_refused(staff: TestClient, since: str, until: str) -> None:
    answer = as_(staff, EDITOR_KEY, ADD, input=coverage(since, until))
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'until'" in error["message"] and "before 'since'" in error["message"]
    assert not as_(staff, EDITOR_KEY, ADD, input=coverage("2024", "2024")).get("errors")
    answer = as_(staff, EDITOR_KEY, UPDATE, input=coverage(since, until))
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    audit = as_(staff, EDITOR_KEY, "{ auditLog(first: 10) { action } }")["data"]["auditLog"]
    assert [e["action"] for e in audit] == ["addCoverage"]
