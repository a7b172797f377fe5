"""The embedded store's file: a SQLite database in WAL mode (the standard library's sqlite3).

Its tables are in graph_api/store/embedded_tables.py. Every write that changes something takes the next `seq`
and stamps the rows it touches with it, so a process holding the graph in memory catches up on other
processes' writes by reading the rows stamped after the last `seq` it saw: O(what changed), not O(graph).

A write takes SQLite's write lock before it reads anything (BEGIN IMMEDIATE), checks the batch's expectations
and computes what changes against the rows as they are under that lock, and is durable when COMMIT returns
(WAL with synchronous=FULL): two processes' writes serialise, each applied on the latest state, and a crash at
any instant leaves the last committed state. A writer that cannot get the lock within LOCK_WAIT_SECONDS is
refused with StoreFileError, never silently dropped.

A file in the first format (one JSON document) is migrated when opened (graph_api/store/embedded_v1.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import orjson

from graph_api.model.errors import StoreError, StoreFileError, WriteConflict
from graph_api.model.records import AuditEntry, ExpectNode, GraphBatch, WriteSummary
from graph_api.store.embedded_tables import (
    EdgeKey,
    EdgeRow,
    NodeRow,
    connect_for_writes,
    create,
    dump_properties,
    folder_locked,
    schema_ready,
)
from graph_api.store.embedded_v1 import is_json_store, migrate_json

__all__ = ["Changes", "Committed", "StoreFile", "stored_edges_query"]

LOCK_WAIT_SECONDS = 30.0
# A reader never waits on writers in WAL mode; this bounds the rare waits that remain (a file being made).
READ_WAIT_SECONDS = 2.0
# Rows per IN (...) look-up: far under SQLite's 32,766 host parameters, large enough to be few statements.
_CHUNK = 300
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Changes:
    """The state after write `seq`: whole (a snapshot) or the rows changed since an earlier seq."""

    seq: int
    nodes: list[NodeRow]
    edges: list[EdgeRow]
    removed: list[EdgeKey]
    whole: bool = False


@dataclass(frozen=True, slots=True)
class Committed:
    """What a write did: its summary, the seq it found and the one it made, and the rows it changed."""

    summary: WriteSummary
    found_seq: int
    changes: Changes


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class StoreFile:
    """One SQLite database: a connection for reads (used on the event loop) and one for writes (used in a
    worker thread, one write at a time)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._reader_lock = threading.Lock()
        self._writer_lock = threading.Lock()
        self._sniff_lock = threading.Lock()
        self._sniffed = False
        self._reader: sqlite3.Connection | None = None
        self._writer: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None
        self._largest = 0
        # The `epoch` a clear() moves on: a reader that finds another than it last saw reads the graph whole.
        self._epoch = 0
        # A store that does not exist yet is empty; the first write makes its file.
        self._open_reader()

    def _open_reader(self) -> sqlite3.Connection | None:
        """The connection for reads; None while the file holds no store yet (none, or one being made).

        It never waits on another process's write lock: the event loop calls it."""
        if self._reader is not None:
            return self._reader
        with self._reader_lock:
            if self._reader is None and self.path.exists():
                try:
                    self._sniff()
                    reader = sqlite3.connect(
                        self.path, timeout=READ_WAIT_SECONDS, isolation_level=None, check_same_thread=False
                    )
                    try:
                        ready = schema_ready(reader, self.path)
                        if ready:
                            self._largest = 0
                            self._identity = self._stat_identity()
                    except BaseException:
                        reader.close()
                        raise
                    if ready:
                        self._reader = reader
                    else:
                        reader.close()
                except sqlite3.Error as err:
                    raise StoreFileError(f"cannot open the embedded store {self.path}: {err}") from err
                except OSError as err:
                    raise StoreFileError(f"cannot open the embedded store {self.path}: {err.strerror or err}") from err
        return self._reader

    def _sniff(self) -> None:
        """Migrate a first-format (JSON) file, once, before this process opens any connection to it.

        Never later: SQLite's locks are POSIX locks, which a process loses on a file when it closes any
        descriptor of that file, so reading the file's first bytes beside an open connection would drop the
        connection's locks (two processes then wrote at once, and writes were lost)."""
        with self._sniff_lock:
            if not self._sniffed and self._reader is None and self._writer is None:
                if is_json_store(self.path):
                    migrate_json(self.path)
                self._sniffed = self.path.exists()

    def _open_writer(self) -> sqlite3.Connection:
        """The connection for writes, making the file and its tables if there are none; worker threads only."""
        with self._writer_lock:
            if self._writer is None:
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    # Making a file a store (WAL mode, tables) is done by one process at a time: a connection
                    # opened while another switched the file to WAL could write beside the log, not in it.
                    with folder_locked(self.path.parent):
                        self._sniff()
                        writer = connect_for_writes(self.path, LOCK_WAIT_SECONDS)
                        try:
                            create(writer, self.path)
                        except BaseException:
                            writer.close()
                            raise
                except sqlite3.OperationalError as err:
                    if "locked" not in str(err):
                        raise StoreFileError(f"cannot open the embedded store {self.path}: {err}") from err
                    raise StoreFileError(
                        f"the embedded store {self.path} is locked by another writer ({err}); nothing was written, "
                        "try again"
                    ) from err
                except sqlite3.Error as err:
                    raise StoreFileError(f"cannot open the embedded store {self.path}: {err}") from err
                except OSError as err:
                    raise StoreFileError(f"cannot open the embedded store {self.path}: {err.strerror or err}") from err
                self._writer = writer
        self._open_reader()
        return self._writer

    # -- freshness -------------------------------------------------------------

    def _stat_identity(self) -> tuple[int, int]:
        st = self.path.stat()
        # SQLite never shrinks the file unless it is vacuumed, which this store never does: a smaller file
        # was cut short from outside.
        if st.st_size < self._largest:
            raise StoreFileError(
                f"the embedded store {self.path} was truncated ({self._largest} to {st.st_size} bytes)"
            )
        self._largest = st.st_size
        return (st.st_dev, st.st_ino)

    def check(self) -> int | None:
        """SQLite's data version: it changes whenever a commit happens (by this process's writer or another
        process); None while there is no store yet. Raises StoreFileError if the file is gone, was replaced
        or truncated. It only looks: the caller decides what it has seen."""
        reader = self._open_reader()
        if reader is None:
            return None
        try:
            identity = self._stat_identity()
        except OSError as err:
            raise StoreFileError(f"the embedded store {self.path} is gone ({err.strerror or err})") from err
        if identity != self._identity:
            raise StoreFileError(f"the embedded store {self.path} was replaced by another file; restart to open it")
        try:
            return int(reader.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as err:
            raise StoreFileError(f"cannot read the embedded store {self.path}: {err}") from err

    # -- reads -----------------------------------------------------------------

    def read_all(self) -> Changes:
        """Every node and relationship, as of the last commit."""
        return self._read(None)

    def read_since(self, seq: int) -> Changes:
        """The rows that writes after `seq` changed."""
        return self._read(seq)

    def _read(self, since: int | None) -> Changes:
        db = self._reader
        if db is None:
            return Changes(0, [], [], [], whole=True)
        loads, intern = orjson.loads, sys.intern
        try:
            db.execute("BEGIN")
            try:
                meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('seq', 'epoch')").fetchall())
                seq, epoch = int(meta["seq"]), int(meta.get("epoch", 0))
                if epoch != self._epoch:
                    since, self._epoch = None, epoch
                if since is not None and seq == since:
                    return Changes(seq, [], [], [])
                where = "" if since is None else " WHERE seq > ?"
                params: tuple[int, ...] = () if since is None else (since,)
                nodes = [
                    (intern(i), intern(label), _interned(loads(props)))
                    for i, label, props in db.execute(f"SELECT id, label, properties FROM nodes{where}", params)  # noqa: S608
                ]
                edges = [
                    (intern(s), intern(t), intern(e), _interned(loads(props)))
                    for s, t, e, props in db.execute(
                        f"SELECT source, type, target, properties FROM edges{where}",  # noqa: S608
                        params,
                    )
                ]
                removed: list[EdgeKey] = (
                    []
                    if since is None
                    else list(db.execute("SELECT source, type, target FROM removed WHERE seq > ?", params))
                )
            finally:
                db.execute("COMMIT")
        except sqlite3.Error as err:
            raise StoreFileError(f"cannot read the embedded store {self.path}: {err}") from err
        return Changes(seq, nodes, edges, removed, whole=since is None)

    def audit_log(self, first: int, before: str | None) -> list[AuditEntry]:
        fields = ", ".join(f.name for f in dataclasses.fields(AuditEntry))
        if self._reader is None:
            return []
        try:
            rows = self._reader.execute(
                f"SELECT {fields} FROM audit WHERE ? IS NULL OR id < ? ORDER BY id DESC LIMIT ?",  # noqa: S608
                (before, before, first),
            ).fetchall()
        except sqlite3.Error as err:
            raise StoreFileError(f"cannot read the embedded store {self.path}: {err}") from err
        return [AuditEntry(*row) for row in rows]

    def ping(self) -> None:
        self.check()
        if self._reader is None:
            return
        try:
            self._reader.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        except sqlite3.Error as err:
            raise StoreFileError(f"cannot read the embedded store {self.path}: {err}") from err

    # -- writes ----------------------------------------------------------------

    def commit(self, batch: GraphBatch) -> Committed:
        """Apply `batch` in one transaction under the write lock; run it in a worker thread."""
        if self._reader is None and batch == GraphBatch():
            return Committed(WriteSummary(), 0, Changes(0, [], [], []))
        db = self._open_writer()
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) and "busy" not in str(err):
                raise StoreFileError(f"cannot write the embedded store {self.path}: {err}") from err
            raise StoreFileError(
                f"the embedded store {self.path} is locked by another writer ({err}); nothing was written, try again"
            ) from err
        except sqlite3.Error as err:
            raise StoreFileError(f"cannot write the embedded store {self.path}: {err}") from err
        try:
            committed = self._write(db, batch)
            if committed.changes.seq == committed.found_seq:
                db.execute("ROLLBACK")
            else:
                db.execute("COMMIT")
        except BaseException as err:
            if db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            if isinstance(err, sqlite3.Error):
                raise StoreFileError(f"cannot write the embedded store {self.path}: {err}") from err
            raise
        return committed

    def _write(self, db: sqlite3.Connection, batch: GraphBatch) -> Committed:
        found = int(db.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()[0])
        seq = found + 1
        _check_expectations(db, batch)
        # Nodes: compared with the stored rows, later duplicates in the batch winning as they would in sequence.
        stored = _stored_nodes(db, [n.id for n in batch.nodes])
        node_rows: dict[str, tuple[str, bytes]] = {}
        created = updated = 0
        for node in batch.nodes:
            encoded = dump_properties(node.properties)
            before = node_rows.get(node.id) or stored.get(node.id)
            if before is None:
                created += 1
            elif before != (node.label, encoded):
                updated += 1
            else:
                continue
            node_rows[node.id] = (node.label, encoded)
        known = set(stored) | {n.id for n in batch.nodes}
        missing_ends = sorted({i for e in batch.edges for i in (e.start, e.end)} - known)
        absent = set(missing_ends) - set(_stored_nodes(db, missing_ends))
        if absent:
            types = sorted({e.type for e in batch.edges if e.start in absent or e.end in absent})
            raise StoreError(f"{', '.join(types)} relationship(s) refer to nodes that do not exist")
        stored_edges = _stored_edges(db, [(e.start, e.type, e.end) for e in (*batch.edges, *batch.remove_edges)])
        edge_rows: dict[EdgeKey, bytes] = {}
        edges_created = edges_updated = 0
        for edge in batch.edges:
            key = (edge.start, edge.type, edge.end)
            encoded = dump_properties(edge.properties)
            previous = edge_rows.get(key) or stored_edges.get(key)
            if previous is None:
                edges_created += 1
            elif previous != encoded:
                edges_updated += 1
            else:
                continue
            edge_rows[key] = encoded
        removed: list[EdgeKey] = []
        for edge in batch.remove_edges:
            key = (edge.start, edge.type, edge.end)
            if key in edge_rows or (key in stored_edges and key not in removed):
                edge_rows.pop(key, None)
                removed.append(key)
        summary = WriteSummary(created, updated, edges_created, edges_updated, len(removed))
        if not summary.changed and not batch.audit:
            return Committed(summary, found, Changes(found, [], [], []))
        db.executemany(
            "INSERT INTO nodes (id, label, properties, seq) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
            "SET label = excluded.label, properties = excluded.properties, seq = excluded.seq",
            [(i, label, encoded, seq) for i, (label, encoded) in node_rows.items()],
        )
        db.executemany(
            "INSERT INTO edges (source, type, target, properties, seq) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (source, type, target) DO UPDATE SET properties = excluded.properties, seq = excluded.seq",
            [(*key, encoded, seq) for key, encoded in edge_rows.items()],
        )
        if edge_rows and found:
            db.executemany("DELETE FROM removed WHERE source = ? AND type = ? AND target = ?", list(edge_rows))
        if removed:
            db.executemany("DELETE FROM edges WHERE source = ? AND type = ? AND target = ?", removed)
            db.executemany(
                "INSERT INTO removed (source, type, target, seq) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (source, type, target) DO UPDATE SET seq = excluded.seq",
                [(*key, seq) for key in removed],
            )
        db.executemany(
            "INSERT INTO audit (id, at, who, role, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [dataclasses.astuple(entry) for entry in batch.audit],
        )
        db.execute("UPDATE meta SET value = ? WHERE key = 'seq'", (seq,))
        # The graph in memory gets the properties as stored (JSON's lists, not the caller's tuples), as every
        # other process reads them.
        loads = orjson.loads
        changes = Changes(
            seq,
            [(i, label, _interned(loads(encoded))) for i, (label, encoded) in node_rows.items()],
            [(*key, _interned(loads(encoded))) for key, encoded in edge_rows.items()],
            removed,
        )
        return Committed(summary, found, changes)

    def migrate(self) -> None:
        """Make the file and its tables if there are none, converting a first-format file; check the version of
        one that has them. Run it in a worker thread."""
        self._open_writer()

    def clear(self) -> None:
        """Delete every node, relationship and audit entry in one transaction; processes holding the graph
        read it whole on their next look. Run it in a worker thread."""
        db = self._open_writer()
        try:
            db.execute("BEGIN IMMEDIATE")
            for table in ("nodes", "edges", "removed", "audit"):
                db.execute(f"DELETE FROM {table}")  # noqa: S608 (table names from this module)
            db.execute("UPDATE meta SET value = value + 1 WHERE key = 'seq'")
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('epoch', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1"
            )
            db.execute("COMMIT")
        except sqlite3.Error as err:
            if db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
            raise StoreFileError(f"cannot clear the embedded store {self.path}: {err}") from err

    def close(self) -> None:
        for connection in (self._reader, self._writer):
            if connection is not None:
                connection.close()


def _check_expectations(db: sqlite3.Connection, batch: GraphBatch) -> None:
    for expected in batch.expect:
        if isinstance(expected, ExpectNode):
            row = db.execute("SELECT properties, label FROM nodes WHERE id = ?", (expected.id,)).fetchone()
            what = f"node {expected.id}"
            label_holds = row is None or expected.label is None or row[1] == expected.label
        else:
            row = db.execute(
                "SELECT properties FROM edges WHERE source = ? AND type = ? AND target = ?",
                (expected.start, expected.type, expected.end),
            ).fetchone()
            what = f"{expected.start} -{expected.type}-> {expected.end}"
            label_holds = True
        want = None if expected.properties is None else dump_properties(expected.properties)
        if (row[0] if row is not None else None) != want or not label_holds:
            raise WriteConflict(f"{what} changed since it was read")


def _stored_nodes(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
    found: dict[str, tuple[str, bytes]] = {}
    unique = list(dict.fromkeys(ids))
    for chunk in _chunks(unique):
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT id, label, properties FROM nodes WHERE id IN ({marks})"  # noqa: S608
        found.update((i, (label, props)) for i, label, props in db.execute(query, chunk))
    return found


def stored_edges_query(count: int) -> str:
    """The statement that reads the stored edges of `count` (source, type, target) keys.

    A join from the wanted keys, in that order (CROSS JOIN fixes it), so that each is a primary-key search:
    `(source, type, target) IN (VALUES …)` was planned as a scan of the whole table per chunk, which made a
    load quadratic (the 10^6-actor graph of bench.scale never finished).
    """
    values = ", ".join("(?, ?, ?)" for _ in range(count))
    return (
        f"WITH wanted(source, type, target) AS (VALUES {values}) "  # noqa: S608
        "SELECT e.source, e.type, e.target, e.properties FROM wanted CROSS JOIN edges AS e "
        "ON e.source = wanted.source AND e.type = wanted.type AND e.target = wanted.target"
    )


def _stored_edges(db: sqlite3.Connection, keys: Sequence[EdgeKey]) -> dict[EdgeKey, bytes]:
    found: dict[EdgeKey, bytes] = {}
    unique = list(dict.fromkeys(keys))
    for chunk in _chunks(unique):
        params = [part for key in chunk for part in key]
        found.update(((s, t, e), props) for s, t, e, props in db.execute(stored_edges_query(len(chunk)), params))
    return found


def _interned(properties: dict[str, Any]) -> dict[str, Any]:
    # Ids and the strings in lists (sources, places) repeat across the graph; the parser makes a new string for
    # each occurrence, and interning keeps one (at 10^6 relationships, hundreds of MB).
    for key, value in properties.items():
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            properties[key] = [sys.intern(v) for v in value]
    return properties
