"""The Neo4j store, on the official driver's async API.

One driver for the store's lifetime; every statement names its database;
reads are routed as reads; a load is one managed write transaction of
`UNWIND` batches (retried by the driver on transient errors, so it is kept
idempotent with MERGE). Connection failures become StoreUnavailable, and the
driver reconnects by itself when the server is back.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, Record
from neo4j.exceptions import (
    AuthError,
    ConnectionPoolError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph_api.model.errors import StoreError, StoreUnavailable, WriteConflict
from graph_api.model.names import name_keys_and_cut
from graph_api.model.ontology import Ontology
from graph_api.model.records import (
    AuditEntry,
    Direction,
    Edge,
    Expectation,
    ExpectEdge,
    ExpectNode,
    GraphBatch,
    Node,
    WriteSummary,
    canonical_json,
)
from graph_api.settings import Neo4jOptions
from graph_api.store import cypher
from graph_api.store.neo4j_rankings import RankingCache
from graph_api.store.paths import MAX_ENUMERATED_PATHS, path_sort_key
from graph_api.store.protocol import GraphProjection, GraphStats, NodePage, ProjectedEdge, RankedPage

T = TypeVar("T")

__all__ = ["Neo4jStore", "parse_neo4j_url"]

BATCH_SIZE = 10_000
POOL_SIZE = 100
MAX_SEARCH_CANDIDATES = 10_000
FULLTEXT_ANALYZER = "standard-folding"
# Lucene's English stop words are dropped from the index, so a query must not require them. (A list of words
# reads best as words: a literal would take a line each.)
_LUCENE_STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or"  # noqa: SIM905
    " such that the their then there these they this to was will with".split()
)
_UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionError, OSError)


def parse_neo4j_url(
    url: str, environ: Mapping[str, str] | None = None, *, options: Neo4jOptions | None = None
) -> tuple[str, tuple[str, str] | None, str]:
    """Split a store URL into (URI without credentials, auth or None, URI to show in messages).

    Credentials come from the URL (`neo4j://user:secret@host:7687`) or from the options' user and password
    (by default NEO4J_USER / NEO4J_PASSWORD in `environ`); with no password, auth is off.
    """
    options = options or Neo4jOptions.from_env(environ)
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    netloc = f"{host}:{parts.port}" if parts.port else host
    bare = urlunsplit((parts.scheme, netloc, "", parts.query, ""))
    user = unquote(parts.username) if parts.username else options.user
    password = unquote(parts.password) if parts.password else options.password
    return bare, ((user, password) if password else None), bare


def _chunks(rows: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start : start + BATCH_SIZE]


def _node(data: Mapping[str, Any]) -> Node:
    props = {k: v for k, v in data.items() if not k.startswith("_")}
    return Node(str(data["id"]), str(data["_label"]), props)


def _grouped(rows: list[Any], ids: Sequence[str], rel_type: str, direction: Direction) -> list[list[Edge]]:
    """[start, end, properties] rows as each id's relationships, in the order of `ids`."""
    by_id: dict[str, list[Edge]] = defaultdict(list)
    near = 0 if direction is Direction.OUT else 1
    for row in rows:
        by_id[row[near]].append(Edge(rel_type, row[0], row[1], row[2]))
    return [by_id.get(i, []) for i in ids]


async def _check_expectations(tx: AsyncManagedTransaction, expected: Sequence[Expectation]) -> None:
    """Raise WriteConflict unless every expectation holds, read under the write locks it takes (in id order,
    so that two writes lock in the same order)."""
    nodes = sorted({e.id for e in expected if isinstance(e, ExpectNode)})
    edges = sorted(
        ({"start": e.start, "type": e.type, "end": e.end} for e in expected if isinstance(e, ExpectEdge)),
        key=lambda row: (row["start"], row["type"], row["end"]),
    )
    found_nodes: dict[str, Node] = {}
    if nodes:
        record = await (await tx.run(cypher.EXPECT_NODES, ids=nodes)).single()
        found_nodes = {n.id: n for n in map(_node, record["rows"] if record else [])}
    found_edges: dict[tuple[str, str, str], Any] = {}
    if edges:
        record = await (await tx.run(cypher.EXPECT_EDGES, rows=edges)).single()
        found_edges = {(s, t, e): props for s, t, e, props in (record["rows"] if record else [])}
    for item in expected:
        if isinstance(item, ExpectNode):
            node = found_nodes.get(item.id)
            holds = (node is None) == (item.properties is None) and (
                node is None
                or (
                    canonical_json(node.properties) == canonical_json(item.properties)
                    and item.label in (None, node.label)
                )
            )
            what = f"node {item.id}"
        else:
            props = found_edges.get((item.start, item.type, item.end))
            holds = canonical_json(props) == canonical_json(item.properties)
            what = f"{item.start} -{item.type}-> {item.end}"
        if not holds:
            raise WriteConflict(f"{what} changed since it was read")


class Neo4jStore:
    """A GraphStore over a Neo4j database."""

    def __init__(self, driver: AsyncDriver, database: str, location: str, ontology: Ontology) -> None:
        self._driver = driver
        self._database = database
        self._location = location
        self._ontology = ontology
        self._searchable = ontology.searchable_properties()
        self._statements = cypher.statements_for(ontology, FULLTEXT_ANALYZER)
        # At most POOL_SIZE sessions at once, the rest queue here: the driver's pool would make the extra ones
        # wait for a connection only as long as its acquisition timeout (1-2 s, so that an outage is reported
        # fast) and then fail them, so a burst of requests on a healthy server would be refused.
        self._sessions = asyncio.Semaphore(POOL_SIZE)
        self._rankings = RankingCache()

    @classmethod
    async def connect(
        cls, url: str, ontology: Ontology, *, migrate: bool = True, options: Neo4jOptions | None = None
    ) -> Neo4jStore:
        """Open a driver to `url`, check that the server answers, and create the schema. The options default
        to those the environment gives (Neo4jOptions.from_env)."""
        options = options or Neo4jOptions.from_env()
        uri, auth, location = parse_neo4j_url(url, options=options)
        driver = AsyncGraphDatabase.driver(
            uri,
            auth=auth,
            # An unreachable server is reported within about 2 s, not 10-20: a TCP connection within 2 s, a
            # connection from the pool (opened, handshaken) within 2 s, and a pooled connection idle for over
            # a second checked with a round trip before use (one the server stopped answering on would
            # otherwise hang until the server's 120 s receive-timeout hint). Reads shorten these further
            # (_read); writes keep the retry window. Nothing here limits how long a query may run.
            connection_timeout=2.0,
            connection_acquisition_timeout=2.0,
            max_connection_pool_size=POOL_SIZE,
            liveness_check_timeout=1.0,
            # Writes are retried on transient errors (and a lost connection) for this long, from a first pause
            # of 0.2 s: an outage is reported in about 2 s, not the driver's default 30.
            max_transaction_retry_time=options.max_retry_seconds,
            # Statements name every relationship type of the ontology, present in the graph or not.
            notifications_min_severity="OFF",
        )
        try:
            await driver.verify_connectivity()
        except (AuthError, *_UNAVAILABLE, DriverError, Neo4jError) as err:
            await driver.close()
            reason = " ".join(str(err).split())
            raise StoreUnavailable(
                f"cannot reach Neo4j at {location} ({type(err).__name__}: {reason}); start it "
                "(scripts/neo4j-dev.sh start, or docker compose up -d neo4j) or point --store / MIGRAGRAPH_STORE "
                "at a running server"
            ) from err
        store = cls(driver, options.database, location, ontology)
        if migrate:
            try:
                await store.migrate()
            except BaseException:
                await driver.close()
                raise
        return store

    @property
    def kind(self) -> str:
        return "neo4j"

    @property
    def location(self) -> str:
        return self._location

    # -- plumbing ------------------------------------------------------------

    async def _read(self, statement: str, **params: Any) -> list[Record]:
        async def records(tx: AsyncManagedTransaction) -> list[Record]:
            return (await (await tx.run(statement, params)).to_eager_result()).records

        # A read gets a connection within 1 s and is retried for half a second, not the driver's 5 s with a
        # first delay of 1 s (which held every request 6-8 s during an outage): a stopped server fails a read
        # in well under a second, a silent one in about 2 s. The query itself may run as long as it needs.
        session = self._driver.session(
            database=self._database,
            bookmark_manager=self._driver.execute_query_bookmark_manager,
            connection_acquisition_timeout=1.0,
            max_transaction_retry_time=0.5,
            initial_retry_delay=0.2,
        )
        try:
            async with self._sessions, session:
                return await session.execute_read(records)
        except (*_UNAVAILABLE, ConnectionPoolError) as err:  # ConnectionPoolError: no connection in time
            raise StoreUnavailable(f"Neo4j at {self._location} is unavailable: {err}") from err
        except Neo4jError as err:
            raise StoreError(f"Neo4j refused a read: {err}") from err

    async def _collected(self, statement: str, **params: Any) -> list[Any]:
        """The `rows` list of a statement that collects its answer into one record."""
        [record] = await self._read(statement, **params)
        rows: list[Any] = record["rows"]
        return rows

    async def migrate(self) -> None:
        """Create the constraints and indexes that schema/ implies; a no-op when they exist."""
        try:
            for statement in self._statements.schema:
                await self._driver.execute_query(statement, database_=self._database)
            await self._driver.execute_query("CALL db.awaitIndexes(120)", database_=self._database)
            await self._driver.execute_query(cypher.MARK_CUT_NAMES, database_=self._database)
        except _UNAVAILABLE as err:
            raise StoreUnavailable(f"Neo4j at {self._location} is unavailable: {err}") from err
        except Neo4jError as err:
            raise StoreError(f"cannot create the schema on Neo4j: {err}") from err

    async def clear(self) -> None:
        """Delete every node and relationship of the graph, and the audit log (the schema stays)."""
        async with self._driver.session(database=self._database) as session:
            await (await session.run(cypher.CLEAR_ALL)).consume()
            await (await session.run(cypher.CLEAR_AUDIT)).consume()
            await (await session.run(cypher.BUMP_VERSION)).consume()

    # -- reads ---------------------------------------------------------------

    async def get_nodes(self, ids: Sequence[str]) -> list[Node | None]:
        rows = await self._collected(cypher.GET_NODES, ids=list(ids))
        found = {n.id: n for n in map(_node, rows)}
        return [found.get(i) for i in ids]

    async def lookup(self, key: str, labels: Sequence[str]) -> list[Node]:
        rows = await self._collected(cypher.LOOKUP, needle=f"| {key} |", labels=list(labels))
        return [_node(r) for r in rows]

    async def search_candidates(self, text: str, labels: Sequence[str], limit: int) -> list[Node]:
        # Within Lucene's limits whatever the caller checked (a prefix term over 1,000 characters or over 1,024
        # clauses fails the query): a shorter prefix and fewer words find more nodes, never fewer, and the
        # caller ranks them. No indexed term is longer than the standard tokenizer's 255 characters.
        words = [w[:255] for w in text.split() if len(w) > 1 and w not in _LUCENE_STOP_WORDS][:1000]
        if not words:
            return []
        query = " ".join(f"+{cypher.SEARCH_PROPERTY}:{w}*" for w in words)
        rows = await self._collected(cypher.SEARCH, query=query, labels=list(labels), limit=MAX_SEARCH_CANDIDATES)
        return [_node(r) for r in rows]

    async def name_containing(self, fragment: str, labels: Sequence[str]) -> list[Node]:
        rows = await self._collected(cypher.NAME_CONTAINING, fragment=fragment, labels=list(labels))
        return [_node(r) for r in rows]

    async def ranked_by_count(
        self,
        label: str,
        rel_type: str,
        direction: Direction,
        *,
        descending: bool,
        first: int,
        after: tuple[float, str] | None = None,
    ) -> RankedPage:
        version, key = int(await self.version()), (label, rel_type, direction is Direction.OUT)
        rows, has_next, has_previous = await self._rankings.page(
            version, key, self._collected, descending=descending, first=first, after=after
        )
        found = zip(rows, await self.get_nodes([node_id for _, node_id in rows]), strict=True)
        ranked = tuple((count, node) for (count, _), node in found if node is not None)
        return RankedPage(ranked, has_next=has_next, has_previous=has_previous)

    async def page_nodes(
        self,
        label: str,
        *,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> NodePage:
        statements = self._statements
        if last is not None:
            if before is None:
                [record] = await self._read(statements.page_last[label], limit=last + 1)
            else:
                [record] = await self._read(statements.page_backward[label], before=before, limit=last + 1)
            nodes = [_node(n) for n in record["nodes"]]
            has_previous = len(nodes) > last
            nodes = list(reversed(nodes[:last]))
            return NodePage(tuple(nodes), has_next=bool(record["outside"]), has_previous=has_previous)
        size = first if first is not None else 2**31
        if after is None:
            [record] = await self._read(statements.page_first[label], limit=size + 1)
        else:
            [record] = await self._read(statements.page_forward[label], after=after, limit=size + 1)
        nodes = [_node(n) for n in record["nodes"]]
        return NodePage(tuple(nodes[:size]), has_next=len(nodes) > size, has_previous=bool(record["outside"]))

    async def count_nodes(self, label: str) -> int:
        [record] = await self._read(self._statements.count_label[label])
        return int(record["count"])

    async def relations(self, ids: Sequence[str], rel_type: str, direction: Direction) -> list[list[Edge]]:
        statements = self._statements.relations_out if direction is Direction.OUT else self._statements.relations_in
        rows = await self._collected(statements[rel_type], ids=list(dict.fromkeys(ids)))
        return _grouped(rows, ids, rel_type, direction)

    async def related(
        self, ids: Sequence[str], rel_type: str, direction: Direction
    ) -> tuple[list[list[Edge]], dict[str, Node]]:
        statements = self._statements.related_out if direction is Direction.OUT else self._statements.related_in
        [record] = await self._read(statements[rel_type], ids=list(dict.fromkeys(ids)))
        nodes = {node.id: node for node in map(_node, record["nodes"])}
        return _grouped(record["rows"], ids, rel_type, direction), nodes

    async def adjacent(self, ids: Sequence[str], rel_types: Sequence[str]) -> list[Edge]:
        rows = await self._collected(cypher.ADJACENT, ids=list(dict.fromkeys(ids)), types=list(rel_types))
        return [Edge(r[1], r[0], r[2], r[3]) for r in rows]

    async def shortest_paths(
        self, start: str, end: str, rel_types: Sequence[str], max_length: int, limit: int
    ) -> list[list[Edge]]:
        if start == end:
            return [[]] if (await self.get_nodes([start]))[0] is not None else []
        if max_length < 1 or limit < 1:
            return []
        statement = cypher.SHORTEST_PATHS[min(max_length, cypher.MAX_PATH_LENGTH)]
        bounds = {"cap": MAX_ENUMERATED_PATHS, "limit": min(limit, MAX_ENUMERATED_PATHS)}  # chosen and sorted there
        rows = await self._collected(statement, start=start, end=end, types=list(rel_types), **bounds)
        paths = [[Edge(r["type"], r["start"], r["end"], r["properties"]) for r in row] for row in rows]
        return sorted(paths, key=lambda p: path_sort_key(start, p))

    async def version(self) -> str:
        [record] = await self._read(cypher.READ_VERSION)
        return str(record["version"])

    async def stats(self) -> GraphStats:
        nodes = await self._read(cypher.COUNT_NODES_BY_LABEL)
        edges = await self._read(cypher.COUNT_EDGES_BY_TYPE)
        return GraphStats(
            nodes=dict(sorted((r["label"], int(r["count"])) for r in nodes)),
            edges=dict(sorted((r["type"], int(r["count"])) for r in edges)),
        )

    async def projection(self, labels: Sequence[str], rel_types: Sequence[str]) -> GraphProjection:
        ids = await self._collected(cypher.PROJECTION_NODES, labels=list(labels))
        rows = await self._collected(cypher.PROJECTION_EDGES, labels=list(labels), types=list(rel_types))
        return GraphProjection(tuple(ids), tuple(ProjectedEdge(*row) for row in rows))

    async def export(self) -> dict[str, Any]:
        nodes = []
        for row in await self._collected(cypher.EXPORT_NODES):
            node = _node(row)
            nodes.append(
                {"id": node.id, "label": node.label, **{k: v for k, v in node.properties.items() if k != "id"}}
            )
        edges = [
            {"source": source, "target": target, "type": rel_type, **properties}
            for source, target, rel_type, properties in await self._collected(cypher.EXPORT_EDGES)
        ]
        return {
            "directed": True,
            "multigraph": True,
            "graph": {"format": "migragraph-embedded", "version": 1},
            "nodes": nodes,
            "edges": edges,
        }

    async def ping(self) -> None:
        await self._read(cypher.PING)

    async def close(self) -> None:
        await self._driver.close()

    # -- writes --------------------------------------------------------------

    def _node_rows(self, nodes: Sequence[Node]) -> list[dict[str, Any]]:
        rows = []
        for node in nodes:
            keys, cut = name_keys_and_cut(node.properties, self._searchable)
            search = "| " + " | ".join(keys) + " |" if keys else ""
            props = {**node.properties, cypher.SEARCH_PROPERTY: search}
            if cut:
                props[cypher.NAMES_CUT_PROPERTY] = True
            rows.append({"id": node.id, "props": props})
        return rows

    @staticmethod
    def _edge_rows(edges: Sequence[Edge]) -> list[dict[str, Any]]:
        return [{"start": e.start, "end": e.end, "props": dict(e.properties)} for e in edges]

    async def write(self, batch: GraphBatch) -> WriteSummary:
        statements = self._statements
        by_label: dict[str, list[Node]] = defaultdict(list)
        for node in batch.nodes:
            by_label[node.label].append(node)
        by_type: dict[str, list[Edge]] = defaultdict(list)
        for edge in batch.edges:
            by_type[edge.type].append(edge)
        # The work, in order: nodes before the relationships between them, BATCH_SIZE rows per statement.
        steps: list[tuple[str, str, str, Callable[[], list[dict[str, Any]]]]] = [
            ("node", label, statements.merge_nodes[label], functools.partial(self._node_rows, chunk))
            for label, nodes in by_label.items()
            for chunk in _chunks(nodes)
        ]
        steps += [
            ("edge", rel_type, statements.merge_edges[rel_type], functools.partial(self._edge_rows, chunk))
            for rel_type, edges in by_type.items()
            for chunk in _chunks(edges)
        ]
        removals: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for edge in batch.remove_edges:
            removals[edge.type].append({"start": edge.start, "end": edge.end})
        audit = [{k: v for k, v in dataclasses.asdict(e).items() if v is not None} for e in batch.audit]
        loop = asyncio.get_running_loop()

        made: list[int] = []  # the version this write makes

        async def work(tx: AsyncManagedTransaction) -> Counter[tuple[str, str]]:
            counts: Counter[tuple[str, str]] = Counter()
            # The version first: caches (the analytics projection) key on it, and every write updates it, so
            # taking its lock before any other makes writes queue on one lock instead of deadlocking on many
            # (a relationship's MERGE locks both its ends; an expectation locks its node).
            bumped = await (await tx.run(cypher.BUMP_VERSION)).single()
            made[:] = [int(bumped["version"])] if bumped else []
            if batch.expect:
                await _check_expectations(tx, batch.expect)
            # The rows of the next step are made in a thread while the server works on this one: at 10^5
            # entities, making them (search keys, copies) took a fifth of the load, the server idle meanwhile.
            upcoming = loop.run_in_executor(None, steps[0][3]) if steps else None
            for index, (kind, name, statement, _) in enumerate(steps):
                assert upcoming is not None
                rows = await upcoming
                upcoming = loop.run_in_executor(None, steps[index + 1][3]) if index + 1 < len(steps) else None
                result = await tx.run(statement, rows=rows)
                written = 0
                async for record in result:
                    counts[(kind, record["status"])] += record["count"]
                    written += record["count"]
                if written != len(rows):
                    # An edge whose endpoint is missing matches nothing; fail the whole load.
                    raise StoreError(f"{len(rows) - written} {name} {kind}(s) refer to nodes that do not exist")
            for name, rows in removals.items():
                deleted = await (await tx.run(statements.remove_edges[name], rows=rows)).single()
                counts[("edge", "removed")] += deleted["count"] if deleted else 0
            if audit:
                await (await tx.run(cypher.WRITE_AUDIT, rows=audit)).consume()
            return counts

        try:
            session = self._driver.session(database=self._database, initial_retry_delay=0.2)
            async with self._sessions, session:
                counts = await session.execute_write(work)
        except (*_UNAVAILABLE, ConnectionPoolError) as err:
            raise StoreUnavailable(f"Neo4j at {self._location} is unavailable: {err}") from err
        except Neo4jError as err:
            raise StoreError(f"Neo4j refused the write: {err}") from err
        await self._rankings.written(made[0] if made else -1, batch, self._collected)
        return WriteSummary(
            nodes_created=counts[("node", "created")],
            nodes_updated=counts[("node", "updated")],
            edges_created=counts[("edge", "created")],
            edges_updated=counts[("edge", "updated")],
            edges_removed=counts[("edge", "removed")],
        )

    async def audit_log(self, first: int, before: str | None = None) -> list[AuditEntry]:
        records = await self._read(cypher.AUDIT_LOG, first=first, before=before)
        fields = [f.name for f in dataclasses.fields(AuditEntry)]
        return [AuditEntry(**{name: r["entry"].get(name) for name in fields}) for r in records]
