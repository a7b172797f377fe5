"""The processes a run starts: Neo4j, the API server (bench.server) and the @neo4j/graphql peer.

Every server is started by `serving` and waited for by `wait_until_serving`, which raises when the server
exits or does not answer in time: a run never measures a URL nobody serves.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from pathlib import Path

import httpx2 as httpx

from .progress import log

__all__ = [
    "REPO",
    "ServerDidNotStart",
    "api_server",
    "free_port",
    "neo4j_graphql_server",
    "neo4j_server",
    "serving",
    "wait_until_serving",
]

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NODE_DIR = HERE / ".node"
NPM_PACKAGES = ("@neo4j/graphql@7.6.3", "graphql@16.15.0", "neo4j-driver@6.3.0")
START_SECONDS = 30.0


class ServerDidNotStart(RuntimeError):
    """A server the run started exited, or did not answer its health check in time."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def wait_until_serving(
    name: str, health_url: str, proc: subprocess.Popen[bytes], *, within: float = START_SECONDS
) -> None:
    """Return once `health_url` answers 200; raise ServerDidNotStart, naming `name` and the last answer or
    error seen, if `proc` exits first or `within` seconds pass."""
    deadline = time.monotonic() + within
    last = "nothing yet"
    async with httpx.AsyncClient() as client:
        while True:
            remaining = deadline - time.monotonic()
            try:
                response = await client.get(health_url, timeout=max(0.1, min(5.0, remaining)))
            except httpx.TransportError as err:
                last = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
            else:
                if response.status_code == 200:
                    return
                last = f"HTTP {response.status_code}"
            if (code := proc.poll()) is not None:
                raise ServerDidNotStart(f"{name} exited with code {code} before answering {health_url} ({last})")
            if time.monotonic() >= deadline:
                raise ServerDidNotStart(f"{name} did not answer {health_url} within {within:g} s ({last})")
            await asyncio.sleep(0.1)


@contextlib.asynccontextmanager
async def serving(
    name: str,
    command: Sequence[str],
    port: int,
    *,
    health_path: str = "/",
    env: Mapping[str, str] | None = None,
    within: float = START_SECONDS,
) -> AsyncIterator[str]:
    """Start `command` (a server on 127.0.0.1:`port`), wait until it serves, yield its base URL, stop it."""
    proc = subprocess.Popen(command, env=env, cwd=REPO)  # noqa: S603, ASYNC220 (returns at once)
    url = f"http://127.0.0.1:{port}"
    try:
        await wait_until_serving(name, url + health_path, proc, within=within)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def neo4j_server() -> Iterator[str]:
    """NEO4J_URI, or a server of our own from scripts/neo4j-dev.sh, stopped on exit."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    state = tempfile.mkdtemp(prefix="bench-neo4j-")
    env = {**os.environ, "NEO4J_DEV_STATE": state}
    script = str(REPO / "scripts" / "neo4j-dev.sh")
    log(f"starting Neo4j with scripts/neo4j-dev.sh (state {state})")
    out = subprocess.run([script, "start"], env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
    uri = next(line.split("=", 1)[1] for line in out.splitlines() if line.startswith("export NEO4J_URI="))
    try:
        yield uri
    finally:
        subprocess.run([script, "stop"], env=env, check=False, capture_output=True)  # noqa: S603
        shutil.rmtree(state, ignore_errors=True)
        log("stopped Neo4j")


@contextlib.asynccontextmanager
async def api_server(store: str) -> AsyncIterator[str]:
    """A real uvicorn on loopback serving bench.server (migragraph, /naive, /bare) over `store`."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "bench.server:app", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    env = {**os.environ, "BENCH_STORE": store}
    async with serving("the API server", command, port, health_path="/healthz", env=env) as url:
        yield url


def install_neo4j_graphql() -> str | None:
    """npm install the Neo4j GraphQL Library into bench/.node (git-ignored); None if it worked, else why not."""
    if (NODE_DIR / "node_modules" / "@neo4j" / "graphql").is_dir():
        return None
    NODE_DIR.mkdir(exist_ok=True)
    log(f"npm install --no-save {' '.join(NPM_PACKAGES)} into {NODE_DIR}")
    done = subprocess.run(  # noqa: S603
        ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR), *NPM_PACKAGES],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        return f"npm install failed: {done.stderr.strip()[-300:]}"
    return None


@contextlib.asynccontextmanager
async def neo4j_graphql_server(uri: str) -> AsyncIterator[str | None]:
    """@neo4j/graphql on Node over the same database; yields None when it could not be installed."""
    why = install_neo4j_graphql()
    if why:
        log(f"@neo4j/graphql peer skipped: {why}")
        yield None
        return
    port = free_port()
    command = ["node", str(HERE / "neo4j_graphql.mjs"), uri, str(port)]
    async with serving("the @neo4j/graphql server", command, port) as url:
        yield url + "/graphql"
