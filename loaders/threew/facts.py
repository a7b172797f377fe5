"""What a sheet's rows become in the graph: the sheet as a Document, the properties of the COVERS facts and
PARTNER_OF partnerships its rows state (merged with what the graph already says), and its candidates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from graph_api.model.records import Node
from graph_api.model.temporal import earliest, latest
from graph_api.model.text import slug
from loaders.threew.organisations import expand_abbreviations
from loaders.threew.sheet import Candidate, CoverageRow, ThreeWSheet

__all__ = ["candidate_id", "candidate_node", "coverage_properties", "partnership_properties", "sheet_document"]


def sheet_document(sheet: ThreeWSheet) -> Node:
    doc_id = f"doc-3w-{slug(sheet.path.name)}"
    props = {
        "id": doc_id,
        "name": f"3W {sheet.path.name}",
        "title": f"Who does what where: {sheet.path.name}",
        "publisher": "3W sheet",
        "language": "es",
        "file_name": sheet.path.name,
        "checksum": sheet.checksum,
    }
    return Node(doc_id, "Document", props)


def _rows_cited(old: Sequence[str], sheet: ThreeWSheet, rows: Sequence[CoverageRow]) -> list[str]:
    """The rows that state a fact: this sheet's (replacing what an earlier import of it recorded), and others'."""
    prefix = f"{sheet.path.name}:row "
    return [*(r for r in old if not r.startswith(prefix)), *(f"{prefix}{r.row}" for r in rows)]


def _joined(old: object, new: Sequence[str | None]) -> str | None:
    """Texts gathered from several rows, each once: "; " joins them, and splits a cell that gathered some already
    (a coverage download read back)."""
    values = {part for text in [old, *new] if text for part in str(text).split("; ") if part}
    return "; ".join(sorted(values)) or None


def coverage_properties(
    rows: Sequence[CoverageRow], existing: dict[str, Any] | None, source: str, sheet: ThreeWSheet
) -> dict[str, Any]:
    """The COVERS fact of an organisation and a need: its `rows` of `sheet` (the Document `source`) merged with
    what the graph says of it (`existing`), so that nothing known is lost."""
    old = existing or {}
    props: dict[str, Any] = {
        **old,
        "sources": sorted({*old.get("sources", []), source}),
        "places": sorted({*old.get("places", []), *(p for r in rows for p in r.place_ids)}),
        "sheet_rows": _rows_cited(old.get("sheet_rows", []), sheet, rows),
    }
    for key, values in (
        ("activity", [r.activity for r in rows]),
        ("status", [r.status for r in rows]),
        ("beneficiaries", [r.beneficiaries for r in rows]),
    ):
        joined = _joined(old.get(key), values)
        if joined:
            props[key] = joined
    # The figures are the latest counting sheet's: an earlier sheet's counts of the same people, added, would count
    # them twice. A sheet that counts nobody leaves them as they were.
    reached = [r.reached for r in rows if r.reached is not None]
    targeted = [r.targeted if r.targeted is not None else r.population for r in rows]
    if reached or any(t is not None for t in targeted):
        for key in ("reached", "targeted", "figures_from"):
            props.pop(key, None)
        for key, counts in (("reached", reached), ("targeted", [t for t in targeted if t is not None])):
            if counts:
                props[key] = sum(counts)
        props["figures_from"] = source
    return _spanned(props, rows, existing)


def _spanned(props: dict[str, Any], rows: Sequence[CoverageRow], existing: dict[str, Any] | None) -> dict[str, Any]:
    """`props` with the period spanning every row and what was known; any side left open stays open."""
    old = existing or {}
    starts = [r.valid_from for r in rows] + ([old.get("valid_from")] if existing is not None else [])
    ends = [r.valid_to for r in rows] + ([old.get("valid_to")] if existing is not None else [])
    props.pop("valid_from", None)
    props.pop("valid_to", None)
    if all(starts):
        props["valid_from"] = min((s for s in starts if s), key=lambda d: earliest(d) or dt.date.max)
    if all(ends):
        props["valid_to"] = max((e for e in ends if e), key=lambda d: latest(d) or dt.date.min)
    return props


def partnership_properties(
    rows: Sequence[CoverageRow], existing: dict[str, Any] | None, source: str, sheet: ThreeWSheet
) -> dict[str, Any]:
    """An implementing partner's PARTNER_OF its reporting organisation: the needs, places and activities of the
    `rows` that name both, merged with `existing`."""
    old = existing or {}
    props: dict[str, Any] = {
        **old,
        "role": "implementing",
        "sources": sorted({*old.get("sources", []), source}),
        "needs": sorted({*old.get("needs", []), *(r.need_id for r in rows)}),
        "places": sorted({*old.get("places", []), *(p for r in rows for p in r.place_ids)}),
        "sheet_rows": _rows_cited(old.get("sheet_rows", []), sheet, rows),
    }
    activity = _joined(old.get("activity"), [r.activity for r in rows])
    if activity:
        props["activity"] = activity
    return _spanned(props, rows, existing)


def candidate_id(candidate: Candidate) -> str:
    return f"candidate-{slug(candidate.name)}"


def candidate_node(candidate: Candidate, sheet: ThreeWSheet, existing: Node | None) -> Node:
    """The Candidate node of an organisation no actor matches, with the rows it was seen in and the closest
    known names; a pending one gathers what each sheet adds."""
    node_id = candidate_id(candidate)
    seen = {f"{sheet.path.name}:row {r}" for r in candidate.rows}
    old = dict(existing.properties) if existing else {}
    # The sheet's spellings, and each spelt out ("Min. de Salud" → "Ministerio de Salud"): the names a merge
    # makes aliases of the actor, so that a query or a later sheet naming it either way finds it.
    spellings = {spelling for s in candidate.spellings for spelling in (s, expand_abbreviations(s))}
    aliases = sorted({*old.get("aliases", []), *(s for s in spellings if s != candidate.name)})
    props: dict[str, Any] = {
        **old,
        "id": node_id,
        "name": old.get("name", candidate.name),
        "proposed_label": old.get("proposed_label", "Institution"),
        "status": old.get("status", "pending"),
        "seen_in": sorted({*old.get("seen_in", []), *seen}),
    }
    if aliases:
        props["aliases"] = aliases
    if candidate.acronym and "acronym" not in props:
        props["acronym"] = candidate.acronym
    if candidate.closest:
        props["closest"] = list(candidate.closest)
    return Node(node_id, "Candidate", props)
