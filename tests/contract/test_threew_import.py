"""Importing 3W sheets on every store: coverage changes, bad sheets refused whole, candidates reviewed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from graph_api.model.ontology import load_ontology
from graph_api.store.opening import open_store
from loaders.threew.importing import ImportReport, import_3w
from loaders.threew.sheet import SheetError
from tests.conftest import EDITOR_KEY, READER_KEY, REPO, as_

SAMPLES = REPO / "samples" / "3w"


def run_import(store_url: str, *paths: Path) -> ImportReport:
    async def go() -> ImportReport:
        async with open_store(store_url) as store:
            return await import_3w(store, load_ontology(), list(paths))

    return asyncio.run(go())


def cells(client: TestClient, actor: str) -> dict[str, Any]:
    query = "{ coverageMatrix { rows { actor { id } cells { need { id } covered places { id } sources { id } } } } }"
    rows = as_(client, None, query)["data"]["coverageMatrix"]["rows"]
    row = next((r for r in rows if r["actor"]["id"] == actor), None)
    return {c["need"]["id"]: c for c in row["cells"] if c["covered"]} if row else {}


def test_a_sheet_changes_the_matrix_and_importing_it_again_changes_nothing(staff: TestClient, store_url: str) -> None:
    before = cells(staff, "pe-minsa")
    assert [p["id"] for p in before["health"]["places"]] == ["pe"]
    first = run_import(store_url, SAMPLES / "peru-3w-2024.csv")
    assert first.rows > 100 and first.coverage > 5
    after = cells(staff, "pe-minsa")
    places = {p["id"] for p in after["health"]["places"]}
    assert "pe" in places and len(places) > 3  # the curated national mandate, and the sheet's regions
    assert {s["id"] for s in after["health"]["sources"]} == {"doc-curation-mandates-mesa", "doc-3w-peru-3w-2024-csv"}
    export = staff.get("/export/graph.json").json()
    again = run_import(store_url, SAMPLES / "peru-3w-2024.csv")
    assert not again.summary.changed
    assert staff.get("/export/graph.json").json() == export


def test_a_sheet_with_bad_rows_is_refused_whole(staff: TestClient, store_url: str) -> None:
    export = staff.get("/export/graph.json").json()
    with pytest.raises(SheetError) as caught:
        run_import(store_url, SAMPLES / "peru-3w-bad.csv")
    rows = sorted({p.row for p in caught.value.problems if p.row is not None})
    assert rows == [5, 8, 11, 14, 17, 20, 23]
    assert staff.get("/export/graph.json").json() == export


def test_unknown_organisations_become_candidates_that_staff_review(staff: TestClient, store_url: str) -> None:
    report = run_import(store_url, SAMPLES / "peru-3w-2024.csv")
    names = {c.name for c in report.candidates}
    assert {"OIM", "ACNUR", "Cruz Roja Peruana"} <= names
    listed = as_(staff, None, "{ candidates { id name status seenIn sources { id } } }")["data"]["candidates"]
    oim = next(c for c in listed if c["name"] == "OIM")
    assert oim["status"] == "pending" and oim["seenIn"][0].startswith("peru-3w-2024.csv:row ")
    assert oim["sources"] == [{"id": "doc-3w-peru-3w-2024-csv"}]
    assert cells(staff, "int-iom") == {}

    accept = """mutation($id: ID!) { acceptCandidate(id: $id, create: {id: "int-iom", kind: "international-organisation"}) {
                candidate { status resolvedTo { id } } actor { id name } audit { who action } } }"""
    refused = as_(staff, READER_KEY, accept, id=oim["id"])
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    accepted = as_(staff, EDITOR_KEY, accept, id=oim["id"])["data"]["acceptCandidate"]
    assert accepted["candidate"] == {"status": "accepted", "resolvedTo": {"id": "int-iom"}}
    assert accepted["audit"] == {"who": "elena", "action": "acceptCandidate"}
    run_import(store_url, SAMPLES / "peru-3w-2024.csv")
    assert cells(staff, "int-iom")  # its rows count now

    acnur = next(c for c in listed if c["name"] == "ACNUR")
    merge = 'mutation($id: ID!) { acceptCandidate(id: $id, mergeInto: "int-ilo") { actor { ... on Institution { aliases } } } }'
    merged = as_(staff, EDITOR_KEY, merge, id=acnur["id"])["data"]["acceptCandidate"]
    assert "ACNUR" in merged["actor"]["aliases"]

    cruz = next(c for c in listed if c["name"] == "Cruz Roja Peruana")
    reject = "mutation($id: ID!) { rejectCandidate(id: $id) { candidate { status } } }"
    assert as_(staff, EDITOR_KEY, reject, id=cruz["id"])["data"]["rejectCandidate"] == {
        "candidate": {"status": "rejected"}
    }
    again = as_(staff, EDITOR_KEY, reject, id=cruz["id"])
    assert again["errors"][0]["extensions"]["code"] == "ALREADY_REVIEWED"
    pending = {c["name"] for c in as_(staff, None, "{ candidates { name } }")["data"]["candidates"]}
    assert not pending & {"OIM", "ACNUR", "Cruz Roja Peruana"}
    # A rejected candidate stays rejected when the sheet is imported again.
    run_import(store_url, SAMPLES / "peru-3w-2024.csv")
    rejected = as_(staff, None, '{ candidates(status: "rejected") { name } }')["data"]["candidates"]
    assert rejected == [{"name": "Cruz Roja Peruana"}]


def test_the_xlsx_sheet_gives_the_same_coverage_as_the_csv(staff: TestClient, store_url: str) -> None:
    csv_report = run_import(store_url, SAMPLES / "peru-3w-2024.csv")
    xlsx_report = run_import(store_url, SAMPLES / "peru-3w-2024.xlsx")
    assert (csv_report.rows, csv_report.coverage) == (xlsx_report.rows, xlsx_report.coverage)
    assert xlsx_report.summary.edges_created > 0  # the XLSX is a source of its own
