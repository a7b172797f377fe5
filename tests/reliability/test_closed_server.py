"""Issue 13, "a closed server opens": every command keeps every setting; `serve --no-seed` stays closed.

`migragraph serve --no-seed` used to rebuild Settings from three fields, so in production with reads
closed it answered introspection, served /export without a key, refused a valid editor key and lifted
the body limit. The helpers here (a `migragraph serve` process on a free 127.0.0.1 port) serve the
other tests of this folder too.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

from graph_api import cli
from graph_api.settings import Neo4jOptions, Settings
from tests.conftest import EDITOR_ENTRY, EDITOR_KEY

COMMAND = str(Path(sys.executable).parent / "migragraph")


def free_port() -> int:
    """A port nothing listens on (bound and released at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The command, run to its end with `env` over this process's environment."""
    return subprocess.run(
        [COMMAND, *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, **env}, timeout=120, check=False
    )


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def serving(*args: str, cwd: Path, env: dict[str, str], ready: bool = True) -> Iterator[Server]:
    """`migragraph serve ARGS` on 127.0.0.1; with `ready`, once /healthz answers 200. Stopped on exit."""
    port = free_port()
    log = cwd / f"serve-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [COMMAND, "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            cwd=cwd,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 60
        while ready:
            try:
                if httpx.get(f"{server.base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, server.output()
            assert time.monotonic() < deadline, server.output()
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)


# -- every command keeps every setting ---------------------------------------------------------------

# Each field of Settings: its variable, a value unlike the field's default, and what it reads as.
# A setting added without an entry here fails the first test: give it one.
ENVIRONMENT: dict[str, tuple[str, str, Any]] = {
    "store": ("MIGRAGRAPH_STORE", "/srv/migragraph/closed.db", "/srv/migragraph/closed.db"),
    "graphiql": ("MIGRAGRAPH_GRAPHIQL", "0", False),
    "max_page_size": ("MIGRAGRAPH_MAX_PAGE_SIZE", "37", 37),
    "seed_if_empty": ("MIGRAGRAPH_SEED", "0", False),
    "max_neighborhood_nodes": ("MIGRAGRAPH_MAX_NEIGHBORHOOD", "77", 77),
    "api_keys": ("MIGRAGRAPH_API_KEYS", EDITOR_ENTRY, EDITOR_ENTRY),
    "api_keys_file": ("MIGRAGRAPH_API_KEYS_FILE", "/srv/migragraph/keys", "/srv/migragraph/keys"),
    "reads_need_key": ("MIGRAGRAPH_READS_NEED_KEY", "1", True),
    "max_depth": ("MIGRAGRAPH_MAX_DEPTH", "5", 5),
    "max_aliases": ("MIGRAGRAPH_MAX_ALIASES", "4", 4),
    "max_tokens": ("MIGRAGRAPH_MAX_TOKENS", "333", 333),
    "introspection": ("MIGRAGRAPH_INTROSPECTION", "0", False),
    "suggestions": ("MIGRAGRAPH_SUGGESTIONS", "0", False),
    "cors_origins": (
        "MIGRAGRAPH_CORS_ORIGINS",
        "https://staff.example, https://map.example",
        ("https://staff.example", "https://map.example"),
    ),
    "cors_headers": ("MIGRAGRAPH_CORS_HEADERS", "content-type, x-staff", ("content-type", "x-staff")),
    "max_body_bytes": ("MIGRAGRAPH_MAX_BODY_BYTES", "2048", 2048),
    "max_cost": ("MIGRAGRAPH_MAX_COST", "999", 999),
    "persisted_operations": ("MIGRAGRAPH_PERSISTED_OPERATIONS", "/srv/migragraph/ops.json", "/srv/migragraph/ops.json"),
    "persisted_only": ("MIGRAGRAPH_PERSISTED_ONLY", "1", True),
    "apq_cache_size": ("MIGRAGRAPH_APQ_CACHE_SIZE", "17", 17),
    "direct_resolvers": ("MIGRAGRAPH_DIRECT_RESOLVERS", "0", False),
    "level_execution": ("MIGRAGRAPH_LEVEL_EXECUTION", "0", False),
    "ingest_seconds": ("MIGRAGRAPH_INGEST_SECONDS", "7.5", 7.5),
    "threew_date_order": ("MIGRAGRAPH_3W_DATE_ORDER", "month-first", "month-first"),
    "node_modules": ("MIGRAGRAPH_NODE_MODULES", "/srv/migragraph/node_modules", "/srv/migragraph/node_modules"),
    "neo4j": ("NEO4J_DATABASE", "closed", Neo4jOptions(database="closed")),
}
CLOSED_ENV = {"MIGRAGRAPH_ENV": "production", **{var: raw for var, raw, _ in ENVIRONMENT.values()}}

# One command line for each command (the ones that take paths get one; nothing is run).
COMMAND_LINES = {
    "serve": ["serve"],
    "load": ["load", "data"],
    "ingest": ["ingest", "note.txt"],
    "import-3w": ["import-3w", "sheet.csv"],
    "api-key": ["api-key", "elena", "editor"],
    "stats": ["stats"],
    "export": ["export", "--format", "csv", "--output", "out"],
    "migrate": ["migrate"],
    "schema": ["schema"],
}

NO_STORE = {"api-key", "schema"}


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default
    return field.default_factory() if field.default_factory is not dataclasses.MISSING else dataclasses.MISSING


def test_the_table_names_every_setting_with_a_value_unlike_its_default() -> None:
    names = [f.name for f in dataclasses.fields(Settings)]
    assert sorted(ENVIRONMENT) == sorted(names), "give every setting an entry in ENVIRONMENT"
    for field in dataclasses.fields(Settings):
        assert ENVIRONMENT[field.name][2] != _default(field), field.name
    read = Settings.from_env(CLOSED_ENV)
    assert {name: getattr(read, name) for name in names} == {k: v[2] for k, v in ENVIRONMENT.items()}


def test_every_command_is_in_the_table() -> None:
    [commands] = [a for a in cli._parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) - {"sdl"} == set(COMMAND_LINES)


# Every command as it is, with --store, and serve with --no-seed (the flag that rebuilt the settings).
CASES = [
    *((argv, []) for argv in COMMAND_LINES.values()),
    *((argv, ["--store", "bolt://127.0.0.1:7687"]) for name, argv in COMMAND_LINES.items() if name not in NO_STORE),
    (COMMAND_LINES["serve"], ["--no-seed"]),
    (COMMAND_LINES["serve"], ["--no-seed", "--store", "bolt://127.0.0.1:7687"]),
]


@pytest.mark.parametrize(("argv", "flags"), CASES, ids=lambda v: " ".join(v) or "-")
def test_every_command_keeps_every_setting(argv: list[str], flags: list[str]) -> None:
    settings = cli.settings_for(cli.parse_args([*argv, *flags]), CLOSED_ENV)
    expected = {name: value for name, (_, _, value) in ENVIRONMENT.items()}
    if "--store" in flags:
        expected["store"] = flags[flags.index("--store") + 1]
    assert {f.name: getattr(settings, f.name) for f in dataclasses.fields(Settings)} == expected


def test_no_seed_changes_only_seeding() -> None:
    seeding = {**CLOSED_ENV, "MIGRAGRAPH_SEED": "1"}
    served = cli.settings_for(cli.parse_args(["serve", "--no-seed"]), seeding)
    assert served == dataclasses.replace(Settings.from_env(seeding), seed_if_empty=False)
    assert served.reads_need_key and served.api_keys == EDITOR_ENTRY and served.max_body_bytes == 2048


# -- the server itself ---------------------------------------------------------------------------


def test_serve_no_seed_in_production_with_reads_closed_stays_closed(store_url: str, tmp_path: Path) -> None:
    env = {
        "MIGRAGRAPH_ENV": "production",
        "MIGRAGRAPH_READS_NEED_KEY": "1",
        "MIGRAGRAPH_API_KEYS": EDITOR_ENTRY,
        "MIGRAGRAPH_MAX_BODY_BYTES": "4096",
        "MIGRAGRAPH_STORE": store_url,
    }
    key = {"authorization": f"Bearer {EDITOR_KEY}"}
    with serving("--no-seed", "--log-level", "warning", cwd=tmp_path, env=env) as server:
        graphql = f"{server.base}/graphql"
        # No key: nothing but /healthz.
        assert httpx.post(graphql, json={"query": "{ __typename }"}).status_code == 401
        assert httpx.get(f"{server.base}/export/graph.json").status_code == 401
        assert httpx.get(f"{server.base}/export/nodes.csv").status_code == 401
        # The editor's key works, for reads, exports and what only a key may read.
        assert httpx.post(graphql, json={"query": "{ __typename }"}, headers=key).json() == {
            "data": {"__typename": "Query"}
        }
        assert httpx.post(graphql, json={"query": "{ auditLog { id } }"}, headers=key).json() == {
            "data": {"auditLog": []}
        }
        export = httpx.get(f"{server.base}/export/graph.json", headers=key)
        assert export.status_code == 200
        assert export.json()["nodes"] == []  # --no-seed: the empty store stayed empty
        # Production: no introspection, even with a key; no GraphiQL.
        introspection = httpx.post(graphql, json={"query": "{ __schema { queryType { name } } }"}, headers=key)
        assert introspection.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert "graphiql" not in httpx.get(graphql, headers={**key, "accept": "text/html"}).text.lower()
        # The body limit holds.
        padding = " " * 5000
        big = httpx.post(
            graphql,
            content=f'{{"query": "{{ __typename }}{padding}"}}',
            headers={**key, "content-type": "application/json"},
        )
        assert big.status_code == 413
