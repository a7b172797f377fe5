"""Every Cypher statement the Neo4j store runs.

Statements are constant strings with `$parameters`. Where Cypher cannot take a
label or relationship type as a parameter, one statement per label or type is
made here from the ontology in schema/ (never from request input), and the
names are checked to be plain identifiers first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from graph_api.model.errors import OntologyError
from graph_api.model.ontology import Ontology

__all__ = [
    "ADJACENT",
    "AUDIT_LOG",
    "BASE_LABEL",
    "BUMP_VERSION",
    "CLEAR_ALL",
    "CLEAR_AUDIT",
    "COUNT_EDGES_BY_TYPE",
    "COUNT_NODES_BY_LABEL",
    "EXPECT_EDGES",
    "EXPECT_NODES",
    "EXPORT_EDGES",
    "EXPORT_NODES",
    "FULLTEXT_INDEX",
    "GET_NODES",
    "LOOKUP",
    "MARK_CUT_NAMES",
    "MAX_PATH_LENGTH",
    "NAMES_CUT_PROPERTY",
    "NAME_CONTAINING",
    "PING",
    "PROJECTION_EDGES",
    "PROJECTION_NODES",
    "READ_VERSION",
    "SEARCH",
    "SHORTEST_PATHS",
    "WRITE_AUDIT",
    "Statements",
    "relationship_counts",
    "statements_for",
]

BASE_LABEL = "Entity"
FULLTEXT_INDEX = "entity_names"
SEARCH_PROPERTY = "_search"
# True on a node whose `_search` keys were cut (graph_api.model.names.name_keys_cut), absent on the others.
NAMES_CUT_PROPERTY = "_names_cut"
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_ANALYZER = re.compile(r"^[a-z][a-z-]*$")

PING = "RETURN 1 AS ok"


def _node_fields(var: str) -> str:
    return f"{var} {{.*, _label: [l IN labels({var}) WHERE l <> '{BASE_LABEL}'][0]}}"


_NODE_FIELDS = _node_fields("n")

# Statements that start from nodes given by id say so (USING INDEX SEEK): Neo4j caches a plan made on the
# graph's statistics at the time, and a plan made on a small graph (scan, then look the id up) took 4 s a query
# once the graph had grown to 10^5 actors (the benchmark's full run), against 30 ms with the index. `USING
# INDEX` alone was not enough: a plan that scans the whole index for each id, then filters, satisfies it too
# (profiled: 26 million rows for 243 ids, 3.4 s of the nested query at 10^5 actors); SEEK allows a seek only.
# Statements that answer with many rows collect them into one list, `rows`: the driver spends tens of
# microseconds on each record it streams, and far less on the items of one list (the benchmark's nested query
# spent most of its store time there).
GET_NODES = f"""
UNWIND $ids AS id
MATCH (n:{BASE_LABEL} {{id: id}}) USING INDEX SEEK n:{BASE_LABEL}(id)
RETURN collect({_NODE_FIELDS}) AS rows
"""

# `_search` holds every normalised name of a node between bars ("| mre | cancilleria |"),
# so one CONTAINS on the text index finds an exact name.
LOOKUP = f"""
MATCH (n:{BASE_LABEL})
WHERE n.{SEARCH_PROPERTY} CONTAINS $needle
  AND any(l IN labels(n) WHERE l IN $labels)
WITH n ORDER BY n.id
RETURN collect({_NODE_FIELDS}) AS rows
"""

# The nodes whose names may hold a fragment: by the text index on `_search` (trigrams: it reads what matches),
# and those whose keys were cut (by their range index), which the caller checks by their names.
NAME_CONTAINING = f"""
CALL () {{
  MATCH (n:{BASE_LABEL}) WHERE n.{SEARCH_PROPERTY} CONTAINS $fragment RETURN n
  UNION
  MATCH (n:{BASE_LABEL}) WHERE n.{NAMES_CUT_PROPERTY} = true RETURN n
}}
WITH n WHERE any(l IN labels(n) WHERE l IN $labels)
WITH n ORDER BY n.id
RETURN collect({_NODE_FIELDS}) AS rows
"""

# Once per database (a `_Meta` marker says it was done): mark the nodes written before `_names_cut` existed
# whose keys may have been cut. From `_search` alone, so it marks at least every one: a key cut at 300
# characters is at least 299 long, and keys left out for room leave `_search` and its keys near 8,000
# characters (graph_api.model.names.MAX_KEY_LENGTH, MAX_KEYS_LENGTH). Marking one too many costs a check.
MARK_CUT_NAMES = f"""
OPTIONAL MATCH (done:_Meta {{key: 'names_cut'}})
WITH done WHERE done IS NULL
CALL () {{
  MATCH (n:{BASE_LABEL})
  WHERE n.{SEARCH_PROPERTY} IS NOT NULL AND n.{NAMES_CUT_PROPERTY} IS NULL
    AND (size(n.{SEARCH_PROPERTY}) + size(split(n.{SEARCH_PROPERTY}, ' | ')) > 7690
         OR any(k IN split(n.{SEARCH_PROPERTY}, ' | ') WHERE size(k) >= 298))
  SET n.{NAMES_CUT_PROPERTY} = true
}}
MERGE (:_Meta {{key: 'names_cut'}})
"""

SEARCH = f"""
CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $query, {{limit: $limit}}) YIELD node AS n
WHERE any(l IN labels(n) WHERE l IN $labels)
RETURN collect({_NODE_FIELDS}) AS rows
"""

COUNT_NODES_BY_LABEL = f"""
MATCH (n:{BASE_LABEL})
RETURN [l IN labels(n) WHERE l <> '{BASE_LABEL}'][0] AS label, count(*) AS count
"""

COUNT_EDGES_BY_TYPE = f"""
MATCH (:{BASE_LABEL})-[r]->(:{BASE_LABEL})
RETURN type(r) AS type, count(*) AS count
"""

EXPORT_NODES = f"""
MATCH (n:{BASE_LABEL})
WITH n ORDER BY n.id
RETURN collect({_NODE_FIELDS}) AS rows
"""

EXPORT_EDGES = f"""
MATCH (a:{BASE_LABEL})-[r]->(b:{BASE_LABEL})
WITH a.id AS source, b.id AS target, type(r) AS type, properties(r) AS properties
ORDER BY source, type, target
RETURN collect([source, target, type, properties]) AS rows
"""

PROJECTION_NODES = f"""
MATCH (n:{BASE_LABEL})
WHERE any(l IN labels(n) WHERE l IN $labels)
WITH n.id AS id ORDER BY id
RETURN collect(id) AS rows
"""

PROJECTION_EDGES = f"""
MATCH (a:{BASE_LABEL})-[r]->(b:{BASE_LABEL})
WHERE type(r) IN $types AND any(l IN labels(a) WHERE l IN $labels) AND any(l IN labels(b) WHERE l IN $labels)
WITH a.id AS start, type(r) AS type, b.id AS end, r.valid_from AS valid_from, r.valid_to AS valid_to
ORDER BY start, type, end
RETURN collect([type, start, end, valid_from, valid_to]) AS rows
"""

ADJACENT = f"""
UNWIND $ids AS id
MATCH (n:{BASE_LABEL} {{id: id}})-[r]-(:{BASE_LABEL}) USING INDEX SEEK n:{BASE_LABEL}(id)
WHERE type(r) IN $types
WITH DISTINCT r
WITH startNode(r).id AS start, type(r) AS type, endNode(r).id AS end, properties(r) AS properties
ORDER BY start, type, end
RETURN collect([start, type, end, properties]) AS rows
"""

# A conditional write's expectations, read under a write lock (taken by setting a property, the way Neo4j's
# manual locks a node): on the node itself, and on the start node of an expected relationship. Every write
# already queues on the version node's lock first (Neo4jStore.write), which is what serialises them today
# (and makes a long load hold up every edit); these locks keep each expectation safe on its own should that
# global lock go.
EXPECT_NODES = f"""
UNWIND $ids AS id
MATCH (n:{BASE_LABEL} {{id: id}}) USING INDEX SEEK n:{BASE_LABEL}(id)
SET n._lock = true
REMOVE n._lock
RETURN collect({_NODE_FIELDS}) AS rows
"""

EXPECT_EDGES = f"""
UNWIND $rows AS row
MATCH (a:{BASE_LABEL} {{id: row.start}}) USING INDEX SEEK a:{BASE_LABEL}(id)
SET a._lock = true
REMOVE a._lock
WITH a, row
OPTIONAL MATCH (a)-[r]->(b:{BASE_LABEL} {{id: row.end}})
WHERE type(r) = row.type
RETURN collect([row.start, row.type, row.end, properties(r)]) AS rows
"""

# A variable-length bound cannot be a parameter, so there is one statement per length. The type filter is
# evaluated inside the planner's ShortestPath operator (a search from both ends; PROFILE shows no VarLengthExpand).
# The first `$limit` of at most `$cap` shortest paths are chosen in the database, in the order of
# paths.path_sort_key (ids along the path, then types, then whether each relationship points along it), and only
# their properties read and sent: returning every shortest path, one record each, to sort them in Python took
# 600 ms for 5,015 paths at 10^5 actors against 54 ms this way (bench.paths; one shortestPath, 14 ms). Ids are
# ASCII slugs, so Cypher's string order is Python's.
MAX_PATH_LENGTH = 10
SHORTEST_PATHS = {
    length: f"""
MATCH (a:{BASE_LABEL} {{id: $start}}), (b:{BASE_LABEL} {{id: $end}})
USING INDEX SEEK a:{BASE_LABEL}(id) USING INDEX SEEK b:{BASE_LABEL}(id)
MATCH p = allShortestPaths((a)-[*..{length}]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types)
WITH p LIMIT $cap
WITH p, relationships(p) AS rels
ORDER BY [n IN nodes(p) | n.id], [r IN rels | type(r)],
         [i IN range(0, size(rels) - 1) | startNode(rels[i]) = nodes(p)[i]]
LIMIT $limit
RETURN collect([r IN rels | {{start: startNode(r).id, end: endNode(r).id, type: type(r), properties: properties(r)}}])
       AS rows
"""
    for length in range(1, MAX_PATH_LENGTH + 1)
}

# Audit entries are nodes outside the Entity label, so exports and analytics never see them.
AUDIT_LABEL = "AuditEntry"
WRITE_AUDIT = f"UNWIND $rows AS row CREATE (e:{AUDIT_LABEL}) SET e = row"
AUDIT_LOG = f"""
MATCH (e:{AUDIT_LABEL})
WHERE $before IS NULL OR e.id < $before
RETURN e {{.*}} AS entry
ORDER BY e.id DESC
LIMIT $first
"""

# The graph's version lives on a node outside the Entity label, bumped by every write.
READ_VERSION = "OPTIONAL MATCH (m:_Meta {key: 'graph'}) RETURN coalesce(m.version, 0) AS version"
BUMP_VERSION = "MERGE (m:_Meta {key: 'graph'}) SET m.version = coalesce(m.version, 0) + 1 RETURN m.version AS version"

CLEAR_ALL = f"MATCH (n:{BASE_LABEL}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS"
CLEAR_AUDIT = f"MATCH (e:{AUDIT_LABEL}) CALL (e) {{ DELETE e }} IN TRANSACTIONS OF 10000 ROWS"


@dataclass(frozen=True, slots=True)
class Statements:
    """The per-label and per-type statements for one ontology."""

    schema: tuple[str, ...]
    merge_nodes: Mapping[str, str]
    merge_edges: Mapping[str, str]
    remove_edges: Mapping[str, str]
    relations_out: Mapping[str, str]
    relations_in: Mapping[str, str]
    related_out: Mapping[str, str]
    related_in: Mapping[str, str]
    page_first: Mapping[str, str]
    page_forward: Mapping[str, str]
    page_last: Mapping[str, str]
    page_backward: Mapping[str, str]
    count_label: Mapping[str, str]


def _checked(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise OntologyError(f"{name!r} cannot be a Neo4j label or relationship type")
    return name


def _checked_analyzer(name: str) -> str:
    if not _ANALYZER.match(name):
        raise OntologyError(f"{name!r} is not a full-text analyzer name")
    return name


def _page(label: str, bound: str, order: str, beyond: str) -> str:
    """A page of `$limit` nodes of `label` whose id is `bound`, in id order (`order` " DESC" for a page read
    backwards), and whether any node lies `beyond` the cursor on the other side (`outside`)."""
    outside = f"EXISTS {{ MATCH (p:{label}) WHERE p.id {beyond} }}" if beyond else "false"
    return (
        f"MATCH (n:{label}) USING INDEX{' SEEK' if beyond else ''} n:{label}(id)\nWHERE n.id {bound}\n"
        f"WITH n ORDER BY n.id{order} LIMIT $limit\nWITH collect({_NODE_FIELDS}) AS nodes\n"
        f"RETURN nodes, {outside} AS outside\n"
    )


def _relations_statement(rel: str, *, out: bool, with_nodes: bool) -> str:
    """Rows of [start, end, properties] of the `rel` relationships of the nodes `$ids`, ordered by the other end;
    `with_nodes` adds the other ends' nodes, once each."""
    pattern = (
        f"(a:{BASE_LABEL} {{id: id}})-[r:{rel}]->(m:{BASE_LABEL}) USING INDEX SEEK a:{BASE_LABEL}(id)"
        if out
        else f"(m:{BASE_LABEL})-[r:{rel}]->(a:{BASE_LABEL} {{id: id}}) USING INDEX SEEK a:{BASE_LABEL}(id)"
    )
    row = "[id, m.id, properties(r)]" if out else "[m.id, id, properties(r)]"
    answer = (
        f"WITH collect({row}) AS rows, collect(DISTINCT m) AS others\n"
        f"RETURN rows, [m IN others | {_node_fields('m')}] AS nodes"
        if with_nodes
        else f"RETURN collect({row}) AS rows"
    )
    return f"UNWIND $ids AS id\nMATCH {pattern}\nWITH id, m, r ORDER BY id, m.id\n{answer}\n"


@cache
def relationship_counts(label: str, rel: str, *, out: bool) -> tuple[str, str]:
    """Two statements that count `rel` relationships (outgoing if `out`) as `relations` lists them: for every
    node of `label` (`rows` of [id, count]); and for the nodes `$ids` (`rows` of [id, label, count]; a missing
    id has no row)."""
    label, rel = _checked(label), _checked(rel)
    pattern = f"(n)-[:{rel}]->(:{BASE_LABEL})" if out else f"(n)<-[:{rel}]-(:{BASE_LABEL})"
    every = f"MATCH (n:{label})\nRETURN collect([n.id, COUNT {{ {pattern} }}]) AS rows\n"
    some = (
        f"UNWIND $ids AS id\nMATCH (n:{BASE_LABEL} {{id: id}}) USING INDEX SEEK n:{BASE_LABEL}(id)\n"
        f"RETURN collect([id, [l IN labels(n) WHERE l <> '{BASE_LABEL}'][0], COUNT {{ {pattern} }}]) AS rows\n"
    )
    return every, some


def statements_for(ontology: Ontology, fulltext_analyzer: str) -> Statements:
    """The statements for the labels and relationship types of `ontology`."""
    labels = [_checked(name) for name in ontology.labels]
    types = [_checked(name) for name in ontology.relationships]
    schema = [
        f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{BASE_LABEL}) REQUIRE n.id IS UNIQUE",
        f"CREATE CONSTRAINT audit_id IF NOT EXISTS FOR (e:{AUDIT_LABEL}) REQUIRE e.id IS UNIQUE",
        "CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:_Meta) REQUIRE m.key IS UNIQUE",
        f"CREATE TEXT INDEX entity_search IF NOT EXISTS FOR (n:{BASE_LABEL}) ON (n.{SEARCH_PROPERTY})",
        f"CREATE RANGE INDEX entity_names_cut IF NOT EXISTS FOR (n:{BASE_LABEL}) ON (n.{NAMES_CUT_PROPERTY})",
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{BASE_LABEL}) "
        f"ON EACH [n.name, n.name_en, n.acronym, n.{SEARCH_PROPERTY}] "
        f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{_checked_analyzer(fulltext_analyzer)}'}}}}",
    ]
    schema += [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE" for label in labels
    ]
    # Each write reports whether a row created, changed or left its node as it was. What MERGE has just created
    # holds only the key it merged on (a node its id, a relationship nothing), while every stored node has a
    # name and every stored relationship its sources: so the properties before SET tell which it was, with no
    # second lookup.
    merge_nodes = {
        label: f"""
UNWIND $rows AS row
MERGE (n:{BASE_LABEL} {{id: row.id}})
WITH row, n, properties(n) AS before
SET n = row.props, n:{label}
RETURN CASE WHEN size(keys(before)) <= 1 THEN 'created'
            WHEN before = row.props THEN 'same' ELSE 'updated' END AS status, count(*) AS count
"""
        for label in labels
    }
    merge_edges = {
        rel: f"""
UNWIND $rows AS row
MATCH (a:{BASE_LABEL} {{id: row.start}}), (b:{BASE_LABEL} {{id: row.end}})
USING INDEX SEEK a:{BASE_LABEL}(id) USING INDEX SEEK b:{BASE_LABEL}(id)
MERGE (a)-[r:{rel}]->(b)
WITH row, r, properties(r) AS before
SET r = row.props
RETURN CASE WHEN size(keys(before)) = 0 THEN 'created'
            WHEN before = row.props THEN 'same' ELSE 'updated' END AS status, count(*) AS count
"""
        for rel in types
    }
    remove_edges = {
        rel: f"""
UNWIND $rows AS row
MATCH (a:{BASE_LABEL} {{id: row.start}})-[r:{rel}]->(b:{BASE_LABEL} {{id: row.end}})
USING INDEX SEEK a:{BASE_LABEL}(id)
DELETE r
RETURN count(*) AS count
"""
        for rel in types
    }
    relations_out = {rel: _relations_statement(rel, out=True, with_nodes=False) for rel in types}
    relations_in = {rel: _relations_statement(rel, out=False, with_nodes=False) for rel in types}
    related_out = {rel: _relations_statement(rel, out=True, with_nodes=True) for rel in types}
    related_in = {rel: _relations_statement(rel, out=False, with_nodes=True) for rel in types}
    # A page from the start, or after an id: two statements, for `$after IS NULL OR n.id > $after` made the
    # planner scan the label and sort it (33 ms at 10^5 institutions, 3.5× the time at 10^4), where a range
    # seek on the label's id index, read in its order, stops after the page.
    page_first = {label: _page(label, "IS NOT NULL", "", "") for label in labels}
    page_forward = {label: _page(label, "> $after", "", "<= $after") for label in labels}
    page_last = {label: _page(label, "IS NOT NULL", " DESC", "") for label in labels}
    page_backward = {label: _page(label, "< $before", " DESC", ">= $before") for label in labels}
    count_label = {label: f"MATCH (n:{label}) RETURN count(n) AS count" for label in labels}
    return Statements(
        schema=tuple(schema),
        merge_nodes=merge_nodes,
        merge_edges=merge_edges,
        remove_edges=remove_edges,
        relations_out=relations_out,
        relations_in=relations_in,
        related_out=related_out,
        related_in=related_in,
        page_first=page_first,
        page_forward=page_forward,
        page_last=page_last,
        page_backward=page_backward,
        count_label=count_label,
    )
