"""Settings from the environment (12-factor), with the defaults a new user wants.

Each setting is a typed dataclass field that names its environment variable beside its default, written once;
`from_env` reads them all, here and nowhere else (the Neo4j store's options too).
"""

from __future__ import annotations

import os
import re
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar

from platformdirs import user_data_path

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = ["CORS_HEADERS", "Neo4jOptions", "Settings", "default_store", "redact_url"]

T = TypeVar("T")


def default_store() -> str:
    """One file in the user's data directory: graph.db, or the graph.json an earlier version made there (it
    is migrated when opened)."""
    folder = user_data_path("migragraph", appauthor=False)
    database, first_format = folder / "graph.db", folder / "graph.json"
    return str(first_format if first_format.exists() and not database.exists() else database)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def redact_url(url: str) -> str:
    """`url` with its user information (a user name and password) replaced by ***, for messages and logs.

    Everything up to the last `@` after the scheme is hidden, so a password holding an unescaped
    `/` or `@` does not show either; text that is not a URL (a file path) is returned as it is.

    >>> redact_url("bolt://neo4j:s3cret@db.example:7687")
    'bolt://***@db.example:7687'
    >>> redact_url("/data/graph.json")
    '/data/graph.json'
    """
    scheme = _SCHEME.match(url)
    if scheme is None or "@" not in url[scheme.end() :]:
        return url
    return f"{scheme.group()}***@{url.rpartition('@')[2]}"


_TRUE = frozenset({"1", "true", "yes", "on"})

CORS_HEADERS = (
    "authorization",
    "content-type",
    "apollographql-client-name",
    "apollographql-client-version",
    "apollo-require-preflight",
    "x-apollo-operation-name",
)
"""The request headers a browser may send from an allowed origin, unless MIGRAGRAPH_CORS_HEADERS says
otherwise: Apollo Client names itself and its version in two headers of its own."""


def _setting(default: T, env: str, *, production: T | None = None) -> T:
    """A field whose value comes from the environment variable `env`, `default` when it is unset or empty (or
    `production` when MIGRAGRAPH_ENV=production and that is given)."""
    return field(default=default, metadata={"env": env, "production": production})


def _parse(raw: str, kind: Any) -> object:
    """`raw` as a value of the field type `kind`: a flag, a number, a comma-separated list, or text."""
    if kind is bool:
        return raw.strip().lower() in _TRUE
    if kind is int or kind is float:
        return kind(raw)
    if typing.get_origin(kind) is tuple:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def _read(cls: type[DataclassInstance], env: Mapping[str, str], production: bool) -> dict[str, Any]:
    """The values of `cls`'s fields that the environment gives, by field name; defaults are left to `cls`."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for spec in fields(cls):
        name = spec.metadata.get("env")
        if name is None:
            continue
        raw = env.get(name)
        if raw:
            values[spec.name] = _parse(raw, hints[spec.name])
        elif production and spec.metadata.get("production") is not None:
            values[spec.name] = spec.metadata["production"]
    return values


@dataclass(frozen=True, slots=True)
class Neo4jOptions:
    """How the Neo4j store connects, beside the store URL.

    database: the database every statement names. user, password: the credentials when the URL carries none
    (no password: auth is off). max_retry_seconds: how long a write is retried on transient errors (retries wait
    0.2, 0.4, 0.8 s…; an outage is reported in about that time).
    """

    database: str = _setting("neo4j", "NEO4J_DATABASE")
    user: str = _setting("neo4j", "NEO4J_USER")
    password: str = field(default="", repr=False, metadata={"env": "NEO4J_PASSWORD"})
    max_retry_seconds: float = _setting(1.0, "NEO4J_MAX_RETRY_SECONDS")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Neo4jOptions:
        return cls(**_read(cls, os.environ if environ is None else environ, production=False))


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the app and the CLI can be told; each field names its environment variable.

    store: a file path (embedded store) or a neo4j:// / bolt:// URI; without one, default_store().
    graphiql: serve GraphiQL on GET / and /graphql.
    max_page_size: the largest `first`/`last` a list accepts.
    seed_if_empty: load the bundled data when the store is empty at start.
    max_neighborhood_nodes: the most nodes a neighborhood answers with.
    api_keys, api_keys_file: the API keys allowed to edit (see services/auth.py).
    reads_need_key: every request but /healthz needs a valid key, a reader's at least.
    max_depth, max_aliases, max_tokens: a query deeper, with more aliases or longer than these is refused before it
        runs, with the code QUERY_TOO_COMPLEX.
    introspection, suggestions: schema introspection, and "Did you mean …?" in validation errors.
        MIGRAGRAPH_ENV=production turns these and GraphiQL off unless they are set.
    cors_origins: the origins browsers may call the API from, comma-separated (none by default).
    cors_headers: the request headers those origins may send, comma-separated (CORS_HEADERS by default:
        what Apollo Client, urql and graphql-request send).
    max_body_bytes: the largest request body accepted, larger ones get 413.
    max_cost: the budget for a query's estimated cost (see graphql/extensions/cost.py), refused over it with
        QUERY_TOO_COMPLEX and the estimate in `extensions.cost`.
    persisted_operations, persisted_only: a JSON file of {sha256: document} that clients may send by hash, and
        whether only those may run (see graphql/extensions/persisted.py).
    apq_cache_size: how many documents Apollo's Automatic Persisted Queries may register (the least recently
        used go first); 0 turns registering off.
    direct_resolvers: call simple resolvers without Strawberry's per-field wrapper (graphql/execution/direct.py);
        off only to compare the two ways in tests and benchmarks.
    level_execution: run queries a level at a time (graphql/execution/levels.py) rather than object by object;
        off only to compare the two ways.
    ingest_seconds: how long `ingestDocument` may spend extracting a document, in a worker process, before it is
        stopped and the document refused with DOCUMENT_TOO_COMPLEX.
    threew_date_order: how `import-3w` reads dates such as 05/06/2024 in a sheet whose dates do not tell
        (day-first or month-first; unset, such a date is refused).
    node_modules: the node_modules folder holding the pages' browser libraries (Cytoscape.js, GraphiQL), used when
        the package carries no copies of them (a source checkout); unset, the first one found above the package or in
        the working directory.
    neo4j: how the Neo4j store connects (NEO4J_DATABASE, NEO4J_USER, NEO4J_PASSWORD, NEO4J_MAX_RETRY_SECONDS);
        a Settings made in code reads them from the environment.

    An empty variable counts as unset. Commands change a few settings with `from_env(**overrides)` or
    `dataclasses.replace`, never by building a new Settings from some of the fields (the others would fall back
    to their defaults: reads open, keys gone, limits lifted). The repr hides the store's credentials, the API
    keys and the Neo4j password.
    """

    store: str = field(metadata={"env": "MIGRAGRAPH_STORE"})
    graphiql: bool = _setting(True, "MIGRAGRAPH_GRAPHIQL", production=False)
    max_page_size: int = _setting(100, "MIGRAGRAPH_MAX_PAGE_SIZE")
    seed_if_empty: bool = _setting(True, "MIGRAGRAPH_SEED")
    max_neighborhood_nodes: int = _setting(500, "MIGRAGRAPH_MAX_NEIGHBORHOOD")
    api_keys: str | None = _setting(None, "MIGRAGRAPH_API_KEYS")
    api_keys_file: str | None = _setting(None, "MIGRAGRAPH_API_KEYS_FILE")
    reads_need_key: bool = _setting(False, "MIGRAGRAPH_READS_NEED_KEY")
    max_depth: int = _setting(12, "MIGRAGRAPH_MAX_DEPTH")
    max_aliases: int = _setting(30, "MIGRAGRAPH_MAX_ALIASES")
    max_tokens: int = _setting(5_000, "MIGRAGRAPH_MAX_TOKENS")
    introspection: bool = _setting(True, "MIGRAGRAPH_INTROSPECTION", production=False)
    suggestions: bool = _setting(True, "MIGRAGRAPH_SUGGESTIONS", production=False)
    cors_origins: tuple[str, ...] = _setting((), "MIGRAGRAPH_CORS_ORIGINS")
    cors_headers: tuple[str, ...] = _setting(CORS_HEADERS, "MIGRAGRAPH_CORS_HEADERS")
    max_body_bytes: int = _setting(1_000_000, "MIGRAGRAPH_MAX_BODY_BYTES")
    max_cost: int = _setting(50_000, "MIGRAGRAPH_MAX_COST")
    persisted_operations: str | None = _setting(None, "MIGRAGRAPH_PERSISTED_OPERATIONS")
    persisted_only: bool = _setting(False, "MIGRAGRAPH_PERSISTED_ONLY")
    apq_cache_size: int = _setting(1_000, "MIGRAGRAPH_APQ_CACHE_SIZE")
    direct_resolvers: bool = _setting(True, "MIGRAGRAPH_DIRECT_RESOLVERS")
    level_execution: bool = _setting(True, "MIGRAGRAPH_LEVEL_EXECUTION")
    ingest_seconds: float = _setting(20.0, "MIGRAGRAPH_INGEST_SECONDS")
    threew_date_order: str | None = _setting(None, "MIGRAGRAPH_3W_DATE_ORDER")
    node_modules: str | None = _setting(None, "MIGRAGRAPH_NODE_MODULES")
    neo4j: Neo4jOptions = field(default_factory=Neo4jOptions.from_env)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if environ is None else environ
        production = env.get("MIGRAGRAPH_ENV", "development").strip().lower() == "production"
        values: dict[str, Any] = {
            "store": default_store(),
            **_read(cls, env, production),
            "neo4j": Neo4jOptions.from_env(env),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def __repr__(self) -> str:
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        shown["store"] = redact_url(self.store)
        if self.api_keys is not None:
            shown["api_keys"] = "***"
        return f"Settings({', '.join(f'{k}={v!r}' for k, v in shown.items())})"
