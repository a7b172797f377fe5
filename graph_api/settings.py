"""Settings from the environment (12-factor), with the defaults a new user wants."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from platformdirs import user_data_path

__all__ = ["Settings", "default_store", "redact_url"]


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


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the app and the CLI can be told.

    store: a file path (embedded store) or a neo4j:// / bolt:// URI (MIGRAGRAPH_STORE).
    graphiql: serve GraphiQL on GET / and /graphql (MIGRAGRAPH_GRAPHIQL, default on).
    max_page_size: the largest `first`/`last` a list accepts (MIGRAGRAPH_MAX_PAGE_SIZE, 100).
    seed_if_empty: load the bundled data when the store is empty at start (MIGRAGRAPH_SEED, on).
    max_neighborhood_nodes: the most nodes a neighborhood answers with (MIGRAGRAPH_MAX_NEIGHBORHOOD, 500).
    api_keys, api_keys_file: the API keys allowed to edit (MIGRAGRAPH_API_KEYS, MIGRAGRAPH_API_KEYS_FILE; see auth.py).
    reads_need_key: every request but /healthz needs a valid key, a reader's at least (MIGRAGRAPH_READS_NEED_KEY, off).
    max_depth, max_aliases, max_tokens: a query deeper, with more aliases or longer than these is refused before it
        runs, with the code QUERY_TOO_COMPLEX (MIGRAGRAPH_MAX_DEPTH 12, MIGRAGRAPH_MAX_ALIASES 30,
        MIGRAGRAPH_MAX_TOKENS 5000).
    introspection, suggestions: schema introspection, and "Did you mean …?" in validation errors
        (MIGRAGRAPH_INTROSPECTION, MIGRAGRAPH_SUGGESTIONS). MIGRAGRAPH_ENV=production turns these and GraphiQL
        off unless they are set.
    cors_origins: the origins browsers may call the API from, comma-separated (MIGRAGRAPH_CORS_ORIGINS; none).
    max_body_bytes: the largest request body accepted, larger ones get 413 (MIGRAGRAPH_MAX_BODY_BYTES, 1 MB).
    max_cost: the budget for a query's estimated cost (see cost.py), refused over it with QUERY_TOO_COMPLEX
        and the estimate in `extensions.cost` (MIGRAGRAPH_MAX_COST, 50000).
    persisted_operations, persisted_only: a JSON file of {sha256: document} that clients may send by hash, and
        whether only those may run (MIGRAGRAPH_PERSISTED_OPERATIONS, MIGRAGRAPH_PERSISTED_ONLY; see persisted.py).
    direct_resolvers: call simple resolvers without Strawberry's per-field wrapper (graphql/execution/direct.py);
        off only to compare the two ways in tests and benchmarks (MIGRAGRAPH_DIRECT_RESOLVERS, on).
    level_execution: run queries a level at a time (graph_api/graphql/execution/levels.py) rather than object by object;
        off only to compare the two ways (MIGRAGRAPH_LEVEL_EXECUTION, on).
    ingest_seconds: how long `ingestDocument` may spend extracting a document, in a worker process, before it is
        stopped and the document refused with DOCUMENT_TOO_COMPLEX (MIGRAGRAPH_INGEST_SECONDS, 20).

    Every field has an environment variable; commands change a few with `from_env(**overrides)` or
    `dataclasses.replace`, never by building a new Settings from some of the fields (the others would
    fall back to their defaults: reads open, keys gone, limits lifted). The repr hides the store's
    credentials and the API keys.
    """

    store: str
    graphiql: bool = True
    max_page_size: int = 100
    seed_if_empty: bool = True
    max_neighborhood_nodes: int = 500
    api_keys: str | None = None
    api_keys_file: str | None = None
    reads_need_key: bool = False
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5_000
    introspection: bool = True
    suggestions: bool = True
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 1_000_000
    max_cost: int = 50_000
    persisted_operations: str | None = None
    persisted_only: bool = False
    direct_resolvers: bool = True
    level_execution: bool = True
    ingest_seconds: float = 20.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if environ is None else environ
        development = env.get("MIGRAGRAPH_ENV", "development").strip().lower() != "production"
        origins = tuple(o.strip() for o in env.get("MIGRAGRAPH_CORS_ORIGINS", "").split(",") if o.strip())
        values: dict[str, object] = {
            "store": env.get("MIGRAGRAPH_STORE") or default_store(),
            "graphiql": _flag(env.get("MIGRAGRAPH_GRAPHIQL"), development),
            "introspection": _flag(env.get("MIGRAGRAPH_INTROSPECTION"), development),
            "suggestions": _flag(env.get("MIGRAGRAPH_SUGGESTIONS"), development),
            "cors_origins": origins,
            "max_body_bytes": int(env.get("MIGRAGRAPH_MAX_BODY_BYTES", "1000000")),
            "max_cost": int(env.get("MIGRAGRAPH_MAX_COST", "50000")),
            "persisted_operations": env.get("MIGRAGRAPH_PERSISTED_OPERATIONS"),
            "persisted_only": _flag(env.get("MIGRAGRAPH_PERSISTED_ONLY"), False),
            "max_page_size": int(env.get("MIGRAGRAPH_MAX_PAGE_SIZE", "100")),
            "seed_if_empty": _flag(env.get("MIGRAGRAPH_SEED"), True),
            "max_neighborhood_nodes": int(env.get("MIGRAGRAPH_MAX_NEIGHBORHOOD", "500")),
            "api_keys": env.get("MIGRAGRAPH_API_KEYS"),
            "api_keys_file": env.get("MIGRAGRAPH_API_KEYS_FILE"),
            "reads_need_key": _flag(env.get("MIGRAGRAPH_READS_NEED_KEY"), False),
            "max_depth": int(env.get("MIGRAGRAPH_MAX_DEPTH", "12")),
            "max_aliases": int(env.get("MIGRAGRAPH_MAX_ALIASES", "30")),
            "max_tokens": int(env.get("MIGRAGRAPH_MAX_TOKENS", "5000")),
            "direct_resolvers": _flag(env.get("MIGRAGRAPH_DIRECT_RESOLVERS"), True),
            "level_execution": _flag(env.get("MIGRAGRAPH_LEVEL_EXECUTION"), True),
            "ingest_seconds": float(env.get("MIGRAGRAPH_INGEST_SECONDS", "20")),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        shown["store"] = redact_url(self.store)
        if self.api_keys is not None:
            shown["api_keys"] = "***"
        return f"Settings({', '.join(f'{k}={v!r}' for k, v in shown.items())})"

    @property
    def store_path(self) -> Path | None:
        """The embedded store's file, or None for a server URI."""
        if "://" in self.store and not self.store.startswith("file://"):
            return None
        return Path(self.store.removeprefix("file://")).expanduser()
