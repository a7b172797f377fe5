"""The requests the scale curve times (issue 16's target list), made for one synthetic graph, each with a check
of its answer: a request that answers wrongly at some size would otherwise time as fast as it likes."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graph_api.graphql.pagination import encode_cursor
from graph_api.model.records import GraphBatch

__all__ = ["REQUESTS", "ScaleRequest", "scale_requests"]

Body = dict[str, Any]

NODE = "query($id: ID!) { node(id: $id) { id ... on Institution { name acronym } } }"
SEARCH = "query($text: String!) { search(text: $text, first: 10) { ... on Institution { id name } } }"
WHERE = """query($text: String!) {
  institutions(first: 5, where: {name: {contains: $text}}) { edges { node { id name } } }
}"""
DEEP_PAGE = "query($after: String!) { institutions(first: 10, after: $after) { edges { node { id name } } } }"
ORDER_BY = """{
  institutions(first: 10, orderBy: [{relationshipCount: "COVERS", direction: DESC}]) { edges { node { id } } }
}"""
MAX_EDITS = 5_000  # more than a run makes: warm-up rounds (at most 100) and repetitions
ADD_COVERAGE = "mutation($input: CoverageInput!) { addCoverage(input: $input) { audit { id } } }"

# In the order the report lists them.
REQUESTS = (
    "node(id:)",
    "search(text: <acronym>)",
    "institutions(first: 5, where: {name: {contains}})",
    "institutions(first: 10, after: <deep cursor>)",
    "institutions(first: 10, orderBy: COVERS count)",
    "addCoverage (one edit)",
)


@dataclass(frozen=True)
class ScaleRequest:
    """One request: `body()` gives the JSON to POST (a fresh one per call), `check` raises on a wrong answer."""

    name: str
    body: Callable[[], Body]
    check: Callable[[Any], None]
    edits: bool = False


def _expect(what: str, condition: bool, data: Any) -> None:
    if not condition:
        raise RuntimeError(f"{what}: unexpected answer {str(data)[:300]}")


def _ids(connection: Any) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


def _fresh_pairs(batch: GraphBatch, institutions: list[str]) -> Iterator[tuple[str, str]]:
    """Up to MAX_EDITS (institution, need) pairs the graph does not hold, in a seeded order: each edit adds a
    new fact. Made at once, so that the batch need not be kept."""
    needs = sorted(n.id for n in batch.nodes if n.label == "MigrantNeed")
    covered = {(e.start, e.end) for e in batch.edges if e.type == "COVERS"}
    rng = random.Random(16)
    fresh = []
    for actor in rng.sample(institutions, len(institutions)):
        fresh += [(actor, need) for need in needs if (actor, need) not in covered]
        if len(fresh) >= MAX_EDITS:
            break
    return iter(fresh[:MAX_EDITS])


def scale_requests(batch: GraphBatch) -> list[ScaleRequest]:
    """The requests for the graph `batch` (from loaders.packages.synthetic), in REQUESTS order.

    Targets sit mid-graph so that a scan in id order pays for half the graph at least: the looked-up and searched
    institution and the `where`'s only match are members of the middle body; the cursor is 90% down the list."""
    by_id = {n.id: n for n in batch.nodes}
    institutions = sorted(n.id for n in batch.nodes if n.label == "Institution")
    members = sorted(i for i in institutions if not i.endswith("-unit"))
    bodies = sorted(n.id for n in batch.nodes if n.label == "CoordinationBody")
    group = bodies[len(bodies) // 2].removeprefix("syn-body-")
    target = f"syn-inst-{group}-00"
    acronym = str(by_id[target].properties["acronym"])
    name = str(by_id[target].name)  # "Entidad <group>-0": no other name, alias or acronym contains it
    deep = institutions[len(institutions) * 9 // 10]
    after_deep = [i for i in institutions if i > deep][:10]
    document = next(n.id for n in batch.nodes if n.label == "Document")
    pairs = _fresh_pairs(batch, members)

    def add_body() -> Body:
        actor, need = next(pairs)
        return {"query": ADD_COVERAGE, "variables": {"input": {"actor": actor, "need": need, "sources": [document]}}}

    def search_found(data: Any) -> None:
        _expect("search", target in [hit.get("id") for hit in data["search"]], data)

    return [
        ScaleRequest(
            REQUESTS[0],
            lambda: {"query": NODE, "variables": {"id": target}},
            lambda data: _expect("node", data["node"]["id"] == target, data),
        ),
        ScaleRequest(REQUESTS[1], lambda: {"query": SEARCH, "variables": {"text": acronym}}, search_found),
        ScaleRequest(
            REQUESTS[2],
            lambda: {"query": WHERE, "variables": {"text": name}},
            lambda data: _expect("where", _ids(data["institutions"]) == [target], data),
        ),
        ScaleRequest(
            REQUESTS[3],
            lambda: {"query": DEEP_PAGE, "variables": {"after": encode_cursor(deep)}},
            lambda data: _expect("deep page", _ids(data["institutions"]) == after_deep, data),
        ),
        ScaleRequest(
            REQUESTS[4],
            lambda: {"query": ORDER_BY},
            lambda data: _expect("orderBy", len(_ids(data["institutions"])) == 10, data),
        ),
        ScaleRequest(
            REQUESTS[5],
            add_body,
            lambda data: _expect("addCoverage", bool(data["addCoverage"]["audit"]["id"]), data),
            edits=True,
        ),
    ]
