"""The tables of the embedded store's file (graph_api/store/embedded_file.py): their schema, the check that a file
holds a store of this version, how properties are stored, and how a file is opened for writes.

Tables: `meta` (format, version, `seq`, the number of the last committed write, and `epoch`, moved on by a
clear), `nodes`, `edges`, `removed` (a tombstone per removed relationship) and `audit`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from graph_api.model.errors import StoreFileError

__all__ = [
    "FILE_FORMAT",
    "FILE_VERSION",
    "SCHEMA",
    "EdgeKey",
    "EdgeRow",
    "NodeRow",
    "connect_for_writes",
    "create",
    "create_schema",
    "dump_properties",
    "folder_locked",
    "schema_ready",
]

FILE_FORMAT = "migragraph-embedded"
FILE_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS nodes (
  id TEXT PRIMARY KEY, label TEXT NOT NULL, properties BLOB NOT NULL, seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_seq ON nodes (seq);
CREATE TABLE IF NOT EXISTS edges (
  source TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL, properties BLOB NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY (source, type, target)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_seq ON edges (seq);
CREATE TABLE IF NOT EXISTS removed (
  source TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY (source, type, target)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS removed_seq ON removed (seq);
CREATE TABLE IF NOT EXISTS audit (
  id TEXT PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL, role TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT NOT NULL, before TEXT, after TEXT
) WITHOUT ROWID;
"""

NodeRow = tuple[str, str, dict[str, Any]]
EdgeRow = tuple[str, str, str, dict[str, Any]]
EdgeKey = tuple[str, str, str]


def dump_properties(properties: Mapping[str, Any]) -> bytes:
    """Properties as stored: JSON with sorted keys, so that equal properties are equal bytes."""
    return orjson.dumps(dict(properties), option=orjson.OPT_SORT_KEYS)


@contextlib.contextmanager
def folder_locked(folder: Path) -> Iterator[None]:
    """An exclusive lock (flock) on the store's folder, held while a process opens the file for writing."""
    import fcntl

    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def connect_for_writes(path: Path, lock_wait: float) -> sqlite3.Connection:
    """A connection for writes in WAL mode with synchronous=FULL, waiting up to `lock_wait` seconds for locks."""
    connection = sqlite3.connect(path, timeout=lock_wait, isolation_level=None, check_same_thread=False)
    # Switching a new file to WAL needs an exclusive lock and does not wait for it (two processes making one
    # store at once): try again until the writers' deadline.
    deadline = time.monotonic() + lock_wait
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode = WAL")
            break
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                connection.close()
                raise
            time.sleep(0.02)
    connection.execute("PRAGMA synchronous = FULL")
    return connection


def create(db: sqlite3.Connection, path: Path) -> None:
    """Make the tables of a file that has none; check that one that has them is a store of this version."""
    db.execute("BEGIN IMMEDIATE")
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            create_schema(db, seq=0)
            tables = {"meta"}
        _check_meta(db, path, tables)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


def schema_ready(db: sqlite3.Connection, path: Path) -> bool:
    """Whether the file holds a store of this version (False while it holds no tables yet); raise StoreFileError
    if it holds something else."""
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.OperationalError as err:
        if "locked" in str(err):  # another process is making it
            return False
        raise
    if not tables:
        return False
    _check_meta(db, path, tables)
    return True


def _check_meta(db: sqlite3.Connection, path: Path, tables: set[str]) -> None:
    if "meta" not in tables:
        raise StoreFileError(f"{path} is not a migragraph embedded store file")
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("format") != FILE_FORMAT:
        raise StoreFileError(f"{path} is not a migragraph embedded store file")
    if meta.get("version") != FILE_VERSION:
        raise StoreFileError(f"{path} has file version {meta.get('version')}; expected {FILE_VERSION}")


def create_schema(db: sqlite3.Connection, seq: int) -> None:
    for statement in SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("format", FILE_FORMAT), ("version", FILE_VERSION), ("seq", seq), ("epoch", 0)],
    )
