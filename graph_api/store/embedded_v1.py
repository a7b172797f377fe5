"""The embedded store's first file format, one JSON document (node-link, with the audit log), and its migration.

A file in that format is migrated when a store opens it: the database takes its path, and the JSON is kept
beside it as `<name>.v1.json`.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import orjson

from graph_api.model.errors import StoreFileError
from graph_api.model.records import AuditEntry
from graph_api.store.embedded_tables import FILE_FORMAT, FILE_VERSION, EdgeRow, NodeRow, create_schema, dump_properties

__all__ = ["is_json_store", "migrate_json"]

_SQLITE_HEADER = b"SQLite format 3\x00"


def is_json_store(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return False
    if not head or head == _SQLITE_HEADER:
        return False
    if head.lstrip()[:1] != b"{":
        raise StoreFileError(f"{path} is not a migragraph embedded store file")
    return True


def migrate_json(path: Path) -> None:
    """Turn a first-format JSON store into a database at the same path, keeping the JSON beside it."""
    import fcntl

    with path.open("rb") as held:
        # Two processes opening the same old file at once: one migrates, the other then finds the database.
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        if not _still_json(path):
            return
        try:
            data = orjson.loads(held.read())
        except ValueError as err:
            raise StoreFileError(f"cannot read the embedded store {path}: {err}") from err
        graph = data.get("graph") if isinstance(data, dict) else None
        if not isinstance(graph, dict) or graph.get("format") != FILE_FORMAT:
            raise StoreFileError(f"{path} is not a migragraph embedded store file")
        if graph.get("version") != 1:
            raise StoreFileError(f"{path} has file version {graph.get('version')}; expected 1 or {FILE_VERSION}")
        fresh = path.with_name(f".{path.name}.migrating-{os.getpid()}")
        kept = path.with_name(f"{path.name}.v1.json")
        fresh.unlink(missing_ok=True)
        try:
            _write_database(fresh, _json_rows(data))
            # The JSON is kept under its new name first (a second link to it), then the database takes the old
            # name in one rename: at every instant the path holds the JSON or the whole database.
            kept.unlink(missing_ok=True)
            os.link(path, kept)
            os.replace(fresh, path)
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        finally:
            fresh.unlink(missing_ok=True)


def _still_json(path: Path) -> bool:
    try:
        return is_json_store(path)
    except StoreFileError:
        return False


def _json_rows(data: Mapping[str, Any]) -> tuple[list[NodeRow], list[EdgeRow], list[AuditEntry]]:
    nodes: list[NodeRow] = []
    for item in data.get("nodes", []):
        props = {k: v for k, v in item.items() if k != "label"}
        nodes.append((str(item["id"]), str(item["label"]), props))
    edges: list[EdgeRow] = []
    for item in data.get("edges", []):
        props = {k: v for k, v in item.items() if k not in ("source", "target", "type")}
        edges.append((str(item["source"]), str(item["type"]), str(item["target"]), props))
    audit = [AuditEntry(**entry) for entry in data.get("audit", [])]
    return nodes, edges, audit


def _write_database(path: Path, rows: tuple[Iterable[NodeRow], Iterable[EdgeRow], Iterable[AuditEntry]]) -> None:
    nodes, edges, audit = rows
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("BEGIN IMMEDIATE")
        create_schema(db, seq=1)
        db.executemany(
            "INSERT INTO nodes (id, label, properties, seq) VALUES (?, ?, ?, 1)",
            ((i, label, dump_properties(props)) for i, label, props in nodes),
        )
        db.executemany(
            "INSERT INTO edges (source, type, target, properties, seq) VALUES (?, ?, ?, ?, 1)",
            ((s, t, e, dump_properties(props)) for s, t, e, props in edges),
        )
        db.executemany(
            "INSERT INTO audit (id, at, who, role, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (dataclasses.astuple(entry) for entry in audit),
        )
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
