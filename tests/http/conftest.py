"""What the HTTP tests share: `migragraph serve` of this checkout on a free port, and Node with the packages
`npm ci` installs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    """`migragraph serve` of this checkout on a free port; its GraphQL URL."""
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("migragraph")),
        *("serve", "--store", str(tmp_path / "g.json"), "--port", str(port), "--log-level", "warning"),
    ]
    # Serve this checkout's code, whichever checkout the virtualenv was installed from.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"migragraph serve exited with {server.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as health:
                    if health.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"migragraph serve did not come up in 60 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def node() -> str:
    """Node, with graphql-http installed: CI runs `npm ci`, so their absence is a failure, not a skip."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the GraphQL-over-HTTP audits need Node 20 (see package.json)")
    if not (REPO / "node_modules" / "graphql-http").is_dir():
        pytest.fail("node_modules/graphql-http is missing: run `npm ci` at the repository root")
    return node
